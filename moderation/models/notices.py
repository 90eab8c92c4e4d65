from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ModerationReason(models.Model):
    """A reason moderators pick when they act on a member's post or account, in words the member reads.

    Admin-editable; seeded by migration 0014 with warm, plain wording. ``title`` is what moderators pick
    from; ``explanation`` is what the member is told.
    """

    code = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=100, help_text="What moderators see in the list.")
    explanation = models.TextField(
        max_length=1000, help_text="What the member reads: warm, plain, never blaming."
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class ModerationNotice(models.Model):
    """What a member was told about one moderator action on their post or account: the action, the
    reason and what they can do. One per action; an appeal hangs off it (once)."""

    class Action(models.TextChoices):
        HIDDEN = "hidden", "Hidden"
        REMOVED = "removed", "Removed"
        HELD = "held", "Held for review"
        OFF_TOPIC = "off_topic", "Labelled off topic"
        EDITED = "edited", "Edited"
        SILENCED = "silenced", "Posting paused"
        SUSPENDED = "suspended", "Account suspended"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notices"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "community.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sanction = models.ForeignKey(
        "moderation.Sanction", null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    # The text before a moderator's edit (or removal), so reversing an appeal can put it back.
    revision = models.ForeignKey(
        "community.PostRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.ForeignKey(
        ModerationReason, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    reason_text = models.TextField(blank=True, help_text="The reason as the member read it.")
    extra = models.TextField(blank=True, max_length=1000, help_text="A line the moderator added.")
    signature = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"], name="notice_member_recent")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} notice for {self.member_id}"

    def get_absolute_url(self) -> str:
        return reverse("community:moderation_notice", kwargs={"notice_id": self.pk})


class Appeal(models.Model):
    """A member asks the moderators to look again at one action (once per notice). Waits in the Appeals
    lane, assigned to a moderator other than the one who acted when there is one."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a moderator"
        UPHELD = "upheld", "Upheld"
        REVERSED = "reversed", "Reversed"

    notice = models.OneToOneField(ModerationNotice, on_delete=models.CASCADE, related_name="appeal")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    note = models.TextField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_appeals",
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]
        # The Appeals lane: WHERE status = 'open' ORDER BY created_at.
        indexes = [models.Index(fields=["status", "created_at"], name="appeal_lane")]

    def __str__(self) -> str:
        return f"Appeal {self.pk} by {self.member_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("moderation:appeal", kwargs={"appeal_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
