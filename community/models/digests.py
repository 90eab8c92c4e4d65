from django.conf import settings
from django.db import models
from django.utils import timezone


class DigestLog(models.Model):
    """One row per member and digest period, written in the same transaction as the send decision.

    The unique constraint is what makes a retried or duplicated digest run harmless.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_logs")
    frequency = models.CharField(max_length=10)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    sent = models.BooleanField(default=False, help_text="False when there was nothing new to send.")
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "frequency", "period_start"], name="unique_digest_period"
            )
        ]
        indexes = [models.Index(fields=["member", "-period_end"], name="digest_member_recent")]

    def __str__(self) -> str:
        return f"{self.frequency} digest for {self.member_id} from {self.period_start:%Y-%m-%d}"
