from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ModeratorProfile(models.Model):
    """Duty and scope for one moderator. Without a profile a moderator is off duty and sees every space."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_profile"
    )
    on_duty = models.BooleanField(default=False, help_text="Receives crisis alerts now.")
    sign_as_team = models.BooleanField(
        default=True, help_text='Messages to members are signed "the moderation team" instead of their name.'
    )
    spaces = models.ManyToManyField(
        "community.Space",
        blank=True,
        related_name="moderator_profiles",
        help_text="Only these spaces appear in their queue. Leave empty for every space.",
    )

    def __str__(self) -> str:
        return f"Moderator profile of {self.member}"


class ModeratorNote(models.Model):
    """A private note moderators keep about a member (context for the next moderator)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note about {self.member_id} by {self.author_id}"


class Sanction(models.Model):
    """A warning, silence (read-only) or suspension. Active while started, not ended and not revoked."""

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        SILENCE = "silence", "Silenced"
        SUSPENSION = "suspension", "Suspended"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField(blank=True)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty means until lifted.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "kind", "revoked_at"], name="sanction_active")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="sanction_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.member_id}"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None or self.starts_at > now:
            return False
        return self.ends_at is None or self.ends_at > now
