from django.conf import settings
from django.db import models
from django.utils import timezone


class DecisionLabel(models.Model):
    """A moderator's decision on a detector flag, kept as a labelled example for tuning the detectors.

    Labels stay on this site: nothing sends them anywhere; an admin may export them (admin action), and
    ``evaluate_detectors --from-decisions`` reads them in place.
    """

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    flag = models.OneToOneField(
        "moderation.Flag", null=True, blank=True, on_delete=models.SET_NULL, related_name="decision_label"
    )
    text = models.TextField()
    category = models.CharField(max_length=12)
    detector = models.CharField(max_length=50)
    detector_version = models.CharField(max_length=64, blank=True)
    score = models.FloatField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    resolution = models.CharField(max_length=20, blank=True, help_text="What the moderator did with it.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["category", "decided_at"], name="decision_label_category")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.category} ({self.detector})"
