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


class ReminderLog(models.Model):
    """One row per reminder sent; the unique constraints make every reminder job safe to repeat.

    ``period_key`` is ``"once"`` for reminders that go out a single time (confirm your email) and a
    time bucket for repeating ones (unread replies, at most one per bucket).
    """

    class Kind(models.TextChoices):
        UNREAD_REPLIES = "unread_replies", "Unread replies"
        CONFIRM_EMAIL = "confirm_email", "Confirm your email"
        GUEST_CONFIRM = "guest_confirm", "Guest: confirm your email"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminder_logs",
    )
    guest = models.ForeignKey(
        "community.GuestAuthor", null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_logs"
    )
    period_key = models.CharField(max_length=40, default="once")
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "member", "period_key"],
                condition=models.Q(member__isnull=False),
                name="unique_member_reminder",
            ),
            models.UniqueConstraint(
                fields=["kind", "guest", "period_key"],
                condition=models.Q(guest__isnull=False),
                name="unique_guest_reminder",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | models.Q(guest__isnull=False),
                name="reminder_has_recipient",
            ),
        ]
        indexes = [models.Index(fields=["member", "kind", "-created_at"], name="reminder_member_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder ({self.period_key})"
