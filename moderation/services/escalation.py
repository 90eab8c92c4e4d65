"""Escalation: a safety item nobody has acted on keeps getting louder until a person acts.

Levels (``ReviewItem.escalation_level``; level 0 is the first alert sent by screening or a report):

1. ``HEARTH_SAFETY_ESCALATE_MINUTES`` (15) after the item opened with no human action: the on-duty
   moderators are alerted again.
2. ``HEARTH_SAFETY_ESCALATE_ALL_MINUTES`` (30): every moderator and every admin.
3, 4, ...: every ``HEARTH_SAFETY_REALERT_MINUTES`` (15) after that, everyone again. There is no last level:
   escalation only stops when ``first_human_action_at`` is set (any moderator action, including a claim).

Every alert is a ModeratorAlert row (unique per item, recipient and level) plus an outbox email, and a signed
webhook post when ``HEARTH_ALERT_WEBHOOK_URL`` is set, so a run repeated by a retry never alerts twice. The
level is raised with a conditional UPDATE, so two overlapping runs cannot both escalate the same item.

Also here: the daily summary of open items older than 24 hours, in every lane, for every moderator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from community.models import Member, OutboundMessage
from community.services.outbox import outbox_enqueue_alert_webhook, outbox_enqueue_email
from moderation.models import Lane, ReviewItem
from moderation.services import alerts

LEVEL_ON_DUTY = 1
LEVEL_EVERYONE = 2


def _url(name: str, **kwargs) -> str:
    try:
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:  # the moderation pages may be mounted differently; the queue root always works
        return f"{settings.SITE_URL}/moderation/"


@dataclass(frozen=True)
class Escalation:
    item_id: int
    level: int
    alerted: int


def everyone_to_alert() -> list[Member]:
    """Every active moderator and admin."""
    return list(
        Member.objects.filter(is_active=True)
        .filter(Q(is_moderator=True) | Q(is_staff=True) | Q(is_superuser=True))
        .order_by("id")
    )


def unattended_safety_items() -> QuerySet[ReviewItem]:
    # Served by the review_untouched index (lane, status, first_human_action_at).
    return ReviewItem.objects.filter(
        lane=Lane.SAFETY, status=ReviewItem.Status.OPEN, first_human_action_at__isnull=True
    ).order_by("created_at")


def next_level(item: ReviewItem, *, now: datetime) -> int | None:
    """The level this item should be raised to now, or None when it is not time yet."""
    age = now - item.created_at
    level = item.escalation_level
    if level < LEVEL_EVERYONE and age >= timedelta(minutes=settings.HEARTH_SAFETY_ESCALATE_ALL_MINUTES):
        return LEVEL_EVERYONE
    if level < LEVEL_ON_DUTY and age >= timedelta(minutes=settings.HEARTH_SAFETY_ESCALATE_MINUTES):
        return LEVEL_ON_DUTY
    if level >= LEVEL_EVERYONE:
        since = now - (item.last_alerted_at or item.created_at)
        if since >= timedelta(minutes=settings.HEARTH_SAFETY_REALERT_MINUTES):
            return level + 1
    return None


@transaction.atomic
def review_item_escalate(*, item_id: int, now: datetime | None = None) -> Escalation | None:
    """Raise one item's escalation level if it is due, and alert. Returns what was done, if anything."""
    now = now or timezone.now()
    item = unattended_safety_items().filter(pk=item_id).first()
    if item is None:
        return None
    level = next_level(item, now=now)
    if level is None:
        return None
    # Conditional UPDATE: whoever moves the level first does the alerting; a concurrent run finds 0 rows.
    won = ReviewItem.objects.filter(
        pk=item.pk, escalation_level=item.escalation_level, first_human_action_at__isnull=True
    ).update(escalation_level=level, last_alerted_at=now)
    if not won:
        return None
    recipients = (
        alerts.alert_recipients(item=item) if level == LEVEL_ON_DUTY else everyone_to_alert()
    )
    sent = alerts.alert_item(item=item, level=level, recipients=recipients)
    minutes = int((now - item.created_at).total_seconds() // 60)
    outbox_enqueue_alert_webhook(
        kind="safety_escalation",
        dedupe_key=f"escalation:{item.pk}:{level}",
        payload={
            "title": f"Safety item waiting {minutes} minutes with no moderator action",
            "text": "A post flagged for crisis language has not been looked at yet. Please open it.",
            "item_id": item.pk,
            "level": level,
            "minutes_waiting": minutes,
            "url": _url("moderation:item", item_id=item.pk),
        },
    )
    return Escalation(item_id=item.pk, level=level, alerted=sent)


def escalate_unattended(*, now: datetime | None = None) -> list[Escalation]:
    """Escalate every due safety item (the every-minute beat task). Each item in its own transaction."""
    now = now or timezone.now()
    done = []
    for item_id in unattended_safety_items().values_list("pk", flat=True):
        result = review_item_escalate(item_id=item_id, now=now)
        if result is not None:
            done.append(result)
    return done


# ------------------------------------------------------------------------------------------------------
# Daily summary
# ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryLine:
    item_id: int
    lane: str
    hours_waiting: int
    thread_title: str
    url: str


def waiting_items(*, now: datetime, older_than: timedelta = timedelta(hours=24)) -> list[SummaryLine]:
    items = (
        ReviewItem.objects.filter(status=ReviewItem.Status.OPEN, created_at__lte=now - older_than)
        .select_related("post__thread")
        .order_by("created_at")
    )
    return [
        SummaryLine(
            item_id=item.pk,
            lane=item.get_lane_display(),
            hours_waiting=int((now - item.created_at).total_seconds() // 3600),
            thread_title=item.post.thread.title,
            url=_url("moderation:item", item_id=item.pk),
        )
        for item in items
    ]


def moderation_summary_send(*, now: datetime | None = None) -> int:
    """Email every moderator and admin the open items older than 24 h, by lane. Once per day (dedupe key)."""
    now = now or timezone.now()
    lines = waiting_items(now=now)
    if not lines:
        return 0
    by_lane: dict[str, list[SummaryLine]] = defaultdict(list)
    for line in lines:
        by_lane[line.lane].append(line)
    lanes = [(label, by_lane[label]) for _, label in Lane.choices if by_lane.get(label)]
    queue_url = _url("moderation:queue")
    sent = 0
    with transaction.atomic():
        people = everyone_to_alert()
        keys = {m.pk: f"moderation-summary:{m.pk}:{now:%Y-%m-%d}" for m in people}
        # The dedupe key makes a retried run a no-op; knowing which were new is only for the return value.
        existing = set(OutboundMessage.objects.filter(dedupe_key__in=keys.values()).values_list(
            "dedupe_key", flat=True
        ))
        for moderator in people:
            if keys[moderator.pk] in existing:
                continue
            outbox_enqueue_email(
                template="moderation_summary",
                context={"moderator": moderator, "lanes": lanes, "total": len(lines), "queue_url": queue_url},
                kind="moderation_summary",
                to=moderator.email,
                dedupe_key=keys[moderator.pk],
            )
            sent += 1
    return sent
