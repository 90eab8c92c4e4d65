"""The review queue's bookkeeping: one item per post, lanes, priority, claims.

Priority is recomputed from the item's flags every time a flag arrives, so it is always explainable:
the strongest detector or rule flag sets the base, and every member report adds a weight that grows with
the reporter's trust (account age, moderator).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.models import Member, Post
from moderation.models import Flag, Lane, ReviewItem
from moderation.models.audit import AuditAction
from moderation.models.queue import LANE_RANK

from .audit import audit_record, item_snapshot

# Base priority of a flag by lane (and, for crisis, severity). Lanes are listed separately, so the bases
# only need to order items within a lane; they also decide which lane wins when flags disagree.
SEVERITY_PRIORITY = {"high": 300, "medium": 200, "low": 100}
SAFETY_BASE = 1000
ABOUT_OTHER_PRIORITY = SAFETY_BASE + 50
HELD_BASE = 500
REPORTED_BASE = 200
OFF_TOPIC_BASE = 100

REPORT_WEIGHT = 10
TRUSTED_REPORTER_DAYS = 90
TRUSTED_REPORTER_BONUS = 10
MODERATOR_REPORTER_BONUS = 40


def flag_lane(flag: Flag) -> str:
    if flag.category == Flag.Category.CRISIS:
        return Lane.SAFETY
    if flag.category == Flag.Category.HELD:
        return Lane.HELD
    if flag.source == Flag.Source.MEMBER:
        return Lane.REPORTED
    if flag.category == Flag.Category.SPAM and flag.severity == "high":
        return Lane.HELD
    return Lane.OFF_TOPIC


def flag_base_priority(flag: Flag) -> int:
    lane = flag_lane(flag)
    if lane == Lane.SAFETY:
        if flag.source == Flag.Source.MEMBER:
            return SAFETY_BASE + SEVERITY_PRIORITY["medium"]
        if flag.subtype == "about_other":
            return ABOUT_OTHER_PRIORITY
        return SAFETY_BASE + SEVERITY_PRIORITY.get(flag.severity, 100)
    if lane == Lane.HELD:
        return HELD_BASE
    if lane == Lane.REPORTED:
        return REPORTED_BASE
    return OFF_TOPIC_BASE


def report_weight(reporter: Member | None, *, now=None) -> int:
    if reporter is None:
        return 0
    now = now or timezone.now()
    weight = REPORT_WEIGHT
    if reporter.can_moderate:
        weight += MODERATOR_REPORTER_BONUS
    elif reporter.date_joined <= now - timedelta(days=TRUSTED_REPORTER_DAYS):
        weight += TRUSTED_REPORTER_BONUS
    return weight


def review_item_open(*, post: Post) -> tuple[ReviewItem, bool]:
    """The post's review item, locked, created (or reopened) if needed. Returns (item, reopened_or_new)."""
    now = timezone.now()
    item, created = ReviewItem.objects.select_for_update().get_or_create(
        post=post, defaults={"lane": Lane.OFF_TOPIC, "created_at": now, "updated_at": now}
    )
    if created:
        return item, True
    if item.status == ReviewItem.Status.RESOLVED:
        # New information about a post a moderator already handled: it needs a fresh look. The lane is
        # recomputed from the new flags only; earlier flags were dismissed when the item was resolved.
        item.status = ReviewItem.Status.OPEN
        item.resolution = ""
        item.resolved_at = None
        item.resolved_by = None
        item.claimed_by = None
        item.claimed_at = None
        item.first_human_action_at = None
        item.escalation_level = 0
        item.last_alerted_at = None
        item.escalation_started_at = None
        item.lane = Lane.OFF_TOPIC
        item.created_at = now
        item.save()
        return item, True
    return item, False


def review_item_recompute(*, item: ReviewItem) -> None:
    """Set lane and priority from the item's live (not dismissed) flags and the post's state."""
    flags = list(item.flags.filter(dismissed_at__isnull=True).select_related("reporter"))
    lane = Lane.OFF_TOPIC
    base = 0
    reports = 0
    now = timezone.now()
    for flag in flags:
        flag_lane_ = flag_lane(flag)
        if LANE_RANK[Lane(flag_lane_)] > LANE_RANK[Lane(lane)]:
            lane = flag_lane_
        base = max(base, flag_base_priority(flag))
        if flag.source == Flag.Source.MEMBER:
            reports += report_weight(flag.reporter, now=now)
    if item.post.status == Post.Status.HELD and LANE_RANK[Lane.HELD] > LANE_RANK[Lane(lane)]:
        lane = Lane.HELD
        base = max(base, HELD_BASE)
    item.lane = lane
    item.priority = base + reports
    item.updated_at = now
    item.save(update_fields=["lane", "priority", "updated_at"])


def claim_timeout() -> timedelta:
    return timedelta(minutes=settings.HEARTH_REVIEW_CLAIM_TIMEOUT_MINUTES)


def claim_is_live(item: ReviewItem, *, now=None) -> bool:
    """A claim lapses after a period without activity, so a moderator who walked away blocks nobody."""
    if item.claimed_by_id is None:
        return False
    now = now or timezone.now()
    last = item.last_activity_at or item.claimed_at
    return last is not None and last > now - claim_timeout()


def touch(item: ReviewItem, *, now=None) -> list[str]:
    """Mark human activity on an item (first action time, claim freshness). Returns fields to save."""
    now = now or timezone.now()
    item.last_activity_at = now
    fields = ["last_activity_at"]
    if item.first_human_action_at is None:
        item.first_human_action_at = now
        fields.append("first_human_action_at")
    return fields


@transaction.atomic
def review_item_claim(*, item: ReviewItem, actor: Member) -> bool:
    """Claim an item so that two moderators don't handle it at once.

    Claiming counts as the first human action: it means a person has seen the alert and taken it on,
    which is what the safety dashboard's "time to first human action" measures. Returns False if this
    moderator already holds the claim; raises ``ClaimedByOther`` if someone else holds a live claim.
    """
    item = (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("post", "claimed_by")
        .get(pk=item.pk)
    )
    now = timezone.now()
    if item.claimed_by_id == actor.pk and claim_is_live(item, now=now):
        return False
    if claim_is_live(item, now=now):
        raise ClaimedByOther(item.claimed_by)
    before = item_snapshot(item)
    item.claimed_by = actor
    item.claimed_at = now
    fields = ["claimed_by", "claimed_at", *touch(item, now=now)]
    item.save(update_fields=fields)
    audit_record(actor=actor, action=AuditAction.CLAIM, item=item, before=before, after=item_snapshot(item))
    return True


@transaction.atomic
def review_item_release(*, item: ReviewItem, actor: Member) -> bool:
    """Give an item back to the queue. Returns False if this moderator did not hold it."""
    item = ReviewItem.objects.select_for_update(of=("self",)).select_related("post").get(pk=item.pk)
    if item.claimed_by_id != actor.pk:
        return False
    before = item_snapshot(item)
    item.claimed_by = None
    item.claimed_at = None
    # Nobody holds it now: the safety escalation ladder starts again from the bottom (see escalation).
    item.escalation_started_at = timezone.now()
    item.save(update_fields=["claimed_by", "claimed_at", "escalation_started_at"])
    audit_record(actor=actor, action=AuditAction.RELEASE, item=item, before=before, after=item_snapshot(item))
    return True


def review_items_release_stale(*, now=None) -> int:
    """Clear claims idle past the timeout (the queue already treats them as unclaimed). Safe to schedule.

    The safety escalation ladder restarts at the moment each claim lapsed, which escalation already used
    while the claim was lapsed but not yet cleared, so clearing it changes no timing.
    """
    now = now or timezone.now()
    cutoff = now - claim_timeout()
    stale = ReviewItem.objects.filter(claimed_by__isnull=False, status=ReviewItem.Status.OPEN).exclude(
        last_activity_at__gt=cutoff
    )
    lapsed_at = ExpressionWrapper(
        Coalesce("last_activity_at", "claimed_at") + claim_timeout(), output_field=DateTimeField()
    )
    return stale.filter(claimed_at__lte=cutoff).update(
        claimed_by=None, claimed_at=None, escalation_started_at=lapsed_at
    )


class ClaimedByOther(Exception):
    """Someone else is working on this item right now."""

    def __init__(self, moderator: Member | None) -> None:
        self.moderator = moderator
        name = moderator.display_name if moderator is not None else "another moderator"
        super().__init__(f"{name} is working on this item.")
