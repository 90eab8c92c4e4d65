from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .spaces import Space


class Thread(models.Model):
    """A conversation: an opening post (a ``Post`` without a parent) and nested replies under it."""

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    # Denormalised so that thread lists need no aggregate per row; maintained by community.services.
    last_activity_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(default=False)
    is_closed = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        indexes = [
            # The space page lists pinned threads first, then the most recently active.
            models.Index(fields=["space", "-is_pinned", "-last_activity_at"], name="thread_space_listing"),
            models.Index(fields=["-last_activity_at"], name="thread_recent"),
            # The auto-close sweep looks for open threads idle since a cutoff.
            models.Index(fields=["is_closed", "last_activity_at"], name="thread_autoclose"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:thread", kwargs={"thread_id": self.pk})


class GuestAuthor(models.Model):
    """Someone replying without an account. Their email is never published, not even as a hash."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=50)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} (guest)"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Post(models.Model):
    """An opening post (depth 0, no parent) or a reply (depth >= 1).

    ``root`` is the top-level reply a reply hangs under (itself for a top-level reply, empty for the
    opening post): one page of a thread is a page of top-level replies plus everything with those roots,
    fetched in one query and assembled in memory.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Held for review"
        HIDDEN = "hidden", "Hidden by a moderator"

    class HoldReason(models.TextChoices):
        NONE = "", "—"
        GUEST_UNCONFIRMED = "guest_unconfirmed", "Guest email not confirmed yet"
        # A moderator approved it, but a guest reply appears only once its email link is opened.
        GUEST_APPROVED = "guest_approved", "Approved; waiting for the guest to confirm their email"
        NEW_MEMBER = "new_member", "New member pre-moderation"
        SPAM = "spam", "Likely spam"
        MODERATOR = "moderator", "Held by a moderator"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="subtree")
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    guest = models.ForeignKey(
        GuestAuthor, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    body = models.TextField()
    # Rendered, sanitised HTML of ``body``; rewritten on every edit so reads never render Markdown.
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    hold_reason = models.CharField(max_length=20, choices=HoldReason.choices, default="", blank=True)
    is_off_topic = models.BooleanField(
        default=False, help_text="Labelled off topic by a moderator; collapsed."
    )
    # Set when crisis language was detected: the post stays visible in its thread, but never travels to
    # other members through notifications or digests.
    is_sensitive = models.BooleanField(default=False)
    # A short note set by the author (or a moderator, audited through moderation): readers see the post
    # folded behind it. On the row, so the thread page reads warnings with the posts, in the same query.
    content_warning = models.CharField(max_length=120, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Set in the transaction that makes a reply visible, cleared by the notification fan-out: if the broker
    # is down at commit time, the sweeper finds the reply here and fans it out later.
    fanout_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"], condition=Q(parent__isnull=True), name="one_opening_post_per_thread"
            ),
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & Q(depth=0)) | (Q(parent__isnull=False) & Q(depth__gte=1)),
                name="post_depth_matches_parent",
            ),
        ]
        indexes = [
            # Page of top-level replies: WHERE thread_id = ? AND depth = 1 ORDER BY id.
            models.Index(fields=["thread", "depth", "id"], name="post_thread_depth"),
            models.Index(fields=["root", "id"], name="post_root"),
            models.Index(fields=["author", "-created_at"], name="post_author_recent"),
            models.Index(fields=["status", "created_at"], name="post_status_recent"),
            models.Index(
                fields=["fanout_requested_at"],
                condition=Q(fanout_requested_at__isnull=False),
                name="post_fanout_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in thread {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("community:post", kwargs={"post_id": self.pk})

    @property
    def is_opening(self) -> bool:
        return self.parent_id is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_visible_to_everyone(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def author_name(self) -> str:
        if self.author_id is not None:
            return self.author.display_name
        if self.guest_id is not None:
            return self.guest.name
        return "A former member"


class PostRevision(models.Model):
    """The text of a post before an edit; visible to moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True, help_text="A moderator's reason for the edit.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class ThreadSubscription(models.Model):
    """A member follows a thread: replies notify them and appear in their digest."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="unique_thread_subscription")
        ]
        indexes = [models.Index(fields=["thread", "member"], name="threadsub_thread")]

    def __str__(self) -> str:
        return f"{self.member} follows {self.thread}"
