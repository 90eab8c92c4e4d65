from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    CLAIM = "claim", "Claimed"
    RELEASE = "release", "Released"
    APPROVE = "approve", "Approved"
    OFF_TOPIC = "off_topic", "Labelled off topic"
    CLEAR_OFF_TOPIC = "clear_off_topic", "Cleared off-topic label"
    PUBLISH = "publish", "Published post"
    HIDE = "hide", "Hid post"
    DELETE = "delete", "Removed post"
    EDIT = "edit", "Edited post"
    # The values predate the verbs' one name (close/reopen) and stay for the rows already written.
    CLOSE = "lock", "Closed thread"
    REOPEN = "unlock", "Reopened thread"
    PIN = "pin", "Pinned thread"
    UNPIN = "unpin", "Unpinned thread"
    WARN = "warn", "Warned member"
    SILENCE = "silence", "Silenced member"
    SUSPEND = "suspend", "Suspended member"
    REVOKE_SANCTION = "revoke_sanction", "Lifted sanction"
    REACHED_OUT = "reached_out", "Reached out"
    ESCALATED = "escalated", "Escalated to emergency contact"
    NOTE = "note", "Added note"
    FOLLOW_UP = "follow_up", "Recorded a check-in"
    FOLLOW_UP_DUE = "follow_up_due", "Check-in due: reminder sent"
    FOLLOW_UP_MISSED = "follow_up_missed", "Check-in missed: back in the queue"
    APPEAL = "appeal", "Member appealed"
    APPEAL_UPHOLD = "appeal_uphold", "Upheld an appeal"
    APPEAL_REVERSE = "appeal_reverse", "Reversed on appeal"


class AuditLogEntry(models.Model):
    """An immutable record of a moderator's action: who, when, what, why, and the state before and after.

    Rows are only ever inserted; ``save`` on an existing row and ``delete`` raise.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    target_post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(
        "moderation.ReviewItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit log entries"
        indexes = [
            models.Index(fields=["-created_at"], name="audit_recent"),
            models.Index(fields=["target_member", "-created_at"], name="audit_member"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionDenied("Audit log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit log entries cannot be deleted.")
