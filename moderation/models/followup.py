from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class FollowUp(models.Model):
    """A check-in a moderator owes after reaching out to someone in crisis.

    Written with the "reached out" action; the beat job (``services.follow_ups``) reminds the moderator when
    it falls due and puts the item back in the Safety lane when nobody records an outcome in time.
    """

    class Outcome(models.TextChoices):
        PENDING = "", "Not recorded yet"
        SAFE_FOR_NOW = "safe_for_now", "Safe for now"
        NO_ANSWER = "no_answer", "No answer"
        ESCALATED = "escalated", "Escalated"
        NO_LONGER_NEEDED = "no_longer_needed", "No longer needed"

    item = models.ForeignKey("moderation.ReviewItem", on_delete=models.CASCADE, related_name="follow_ups")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    due_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    requeued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The beat job: open check-ins by due time.
            models.Index(fields=["outcome", "requeued_at", "due_at"], name="follow_up_due"),
        ]
        constraints = [
            # One open check-in per item: reaching out again moves it rather than adding a second.
            models.UniqueConstraint(
                fields=["item"], condition=Q(outcome="", requeued_at__isnull=True), name="one_open_follow_up"
            )
        ]

    def __str__(self) -> str:
        return f"Check-in on item {self.item_id} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return not self.outcome and self.requeued_at is None
