from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Lane(models.TextChoices):
    """Where an item waits. The order here is the order of the tabs moderators see."""

    SAFETY = "safety", "Safety"
    REPORTED = "reported", "Reported"
    HELD = "held", "Held"
    OFF_TOPIC = "off_topic", "Off-topic"


# When several reasons apply, the item sits in the most urgent lane.
LANE_RANK = {Lane.SAFETY: 4, Lane.HELD: 3, Lane.REPORTED: 2, Lane.OFF_TOPIC: 1}


class ReviewItem(models.Model):
    """One per post: every flag about the post (detector and member) hangs off the same item.

    Items never expire: an open item stays open until a moderator resolves it.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    class Resolution(models.TextChoices):
        NONE = "", "—"
        APPROVED = "approved", "Approved"
        OFF_TOPIC = "off_topic", "Labelled off topic"
        HIDDEN = "hidden", "Hidden"
        DELETED = "deleted", "Removed by a moderator"
        REACHED_OUT = "reached_out", "Reached out"
        ESCALATED = "escalated", "Escalated to emergency contact"

    post = models.OneToOneField("community.Post", on_delete=models.CASCADE, related_name="review_item")
    lane = models.CharField(max_length=12, choices=Lane.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    priority = models.IntegerField(default=0, help_text="Higher is more urgent.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_items",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Claims go stale after HEARTH_MODERATION_CLAIM_TIMEOUT_MINUTES without activity; see services.queue.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    first_human_action_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True, default="")
    # Written by the escalation task (moderation.services.escalation) when nobody acts in time.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    last_alerted_at = models.DateTimeField(null=True, blank=True)
    # When the escalation ladder (re)started: empty means ``created_at``. A claim pauses the ladder; giving
    # the item back (or letting the claim lapse) restarts it from here, so nobody is left holding it alone.
    escalation_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-priority", "created_at"]
        indexes = [
            # The queue page: WHERE status = 'open' AND lane = ? ORDER BY priority DESC, created_at.
            models.Index(fields=["status", "lane", "-priority", "created_at"], name="review_queue"),
            # Escalation sweeps look for open safety items nobody has touched yet.
            models.Index(fields=["lane", "status", "first_human_action_at"], name="review_untouched"),
            models.Index(fields=["status", "created_at"], name="review_open_age"),
            # The dashboard's charts read these ranges from the index alone (no table rows): items resolved
            # in a range (per lane, per moderator, by resolution), and a lane's items created in a range.
            models.Index(fields=["resolved_at", "lane", "resolved_by", "resolution"], name="review_resolved"),
            models.Index(
                fields=["lane", "created_at", "first_human_action_at", "post"], name="review_lane_created"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_lane_display()} item for post {self.post_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("moderation:item", kwargs={"item_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Flag(models.Model):
    """One reason to look at a post: a detector finding or a member's report."""

    class Source(models.TextChoices):
        DETECTOR = "detector", "Detector"
        MEMBER = "member", "Member report"
        SYSTEM = "system", "Posting rules"  # held by rule (new member, guest)

    class Category(models.TextChoices):
        CRISIS = "crisis", "Crisis"
        OFF_TOPIC = "off_topic", "Off topic"
        SPAM = "spam", "Spam"
        HARASSMENT = "harassment", "Harassment"
        HELD = "held", "Held for review"
        OTHER = "other", "Other"

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="flags")
    source = models.CharField(max_length=10, choices=Source.choices)
    category = models.CharField(max_length=12, choices=Category.choices)
    severity = models.CharField(max_length=8, blank=True, help_text="low / medium / high for detectors.")
    score = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    detector = models.CharField(max_length=50, blank=True)
    subtype = models.CharField(max_length=50, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_made",
    )
    note = models.TextField(blank=True, max_length=2000)
    is_edit = models.BooleanField(default=False, help_text="Raised when the post was edited.")
    dismissed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # A member reports a post once; a second report is a no-op, not a second vote.
            models.UniqueConstraint(
                fields=["item", "reporter"], condition=Q(reporter__isnull=False), name="one_report_per_member"
            )
        ]
        indexes = [
            # Report rate limit: a member's reports in the last hour.
            models.Index(fields=["reporter", "created_at"], name="flag_reporter_recent"),
            # Dashboard: reports per day, and detector flags of the items resolved in a range.
            models.Index(fields=["source", "created_at"], name="flag_source_created"),
            models.Index(fields=["item", "source", "category"], name="flag_item_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} flag ({self.get_source_display()}) on item {self.item_id}"


class ModeratorAlert(models.Model):
    """A moderator must look at an item now. The row is written first; email goes through the outbox."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="alerts")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mod_alerts"
    )
    level = models.PositiveSmallIntegerField(default=0, help_text="0 = first alert; higher = escalations.")
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Re-screening an edit or a retried escalation does not alert the same person twice per level.
            models.UniqueConstraint(fields=["item", "recipient", "level"], name="one_alert_per_level")
        ]

    def __str__(self) -> str:
        return f"Alert (level {self.level}) for {self.recipient_id} about item {self.item_id}"


class SlowScreeningRequest(models.Model):
    """A post waiting for the embedding pass, written in the same transaction as the post.

    The Celery task deletes it when the pass has run; a periodic sweep re-dispatches rows left behind
    (the broker was down, a worker died), so no post misses its off-topic and paraphrase screening.
    """

    post = models.OneToOneField(
        "community.Post", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["requested_at"], name="slow_screening_due")]

    def __str__(self) -> str:
        return f"Embedding pass for post {self.post_id}"
