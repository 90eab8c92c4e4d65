from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    """An in-site notice for one member; unread until ``read_at`` is set."""

    class Kind(models.TextChoices):
        REPLY_TO_YOU = "reply_to_you", "Reply to you"
        THREAD_REPLY = "thread_reply", "Reply in a thread you follow"
        REPORT_RECEIVED = "report_received", "Your report was received"
        REPORT_RESOLVED = "report_resolved", "Your report was resolved"
        MODERATOR_MESSAGE = "moderator_message", "Message from the moderators"
        POST_PUBLISHED = "post_published", "Your post is now visible"
        # Batched: one notice per post, refreshed once per HEARTH_REACTION_BATCH_MINUTES at most.
        REACTIONS = "reactions", "Supportive reactions to your post"
        # What a moderator did to your post or account and why; the outcome of your appeal.
        MODERATION_NOTICE = "moderation_notice", "A moderator acted on your post or account"
        APPEAL_OUTCOME = "appeal_outcome", "The moderators looked at your appeal"
        # To a moderator: a member's appeal waits for them (assigned away from the one who acted).
        APPEAL_ASSIGNED = "appeal_assigned", "An appeal was assigned to you"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(blank=True)
    # Where the notice leads when it is not a post (a moderation notice's own page, with its appeal form).
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Fan-out may be retried; one notice per member per post per kind keeps it idempotent.
            models.UniqueConstraint(
                fields=["recipient", "post", "kind"],
                condition=Q(post__isnull=False),
                name="unique_post_notification",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
