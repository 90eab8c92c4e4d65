from django.db import models
from django.utils import timezone


class CrisisCluster(models.Model):
    """A week in which a space's crisis items ran well above its own baseline; moderators are alerted once."""

    space = models.ForeignKey("community.Space", on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="Monday of the week.")
    items = models.PositiveIntegerField()
    baseline = models.FloatField()
    alerted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week", "space_id"]
        constraints = [models.UniqueConstraint(fields=["space", "week"], name="one_cluster_per_space_week")]

    def __str__(self) -> str:
        return f"Crisis cluster in space {self.space_id}, week of {self.week}"
