"""Escalation: a safety item nobody has taken on keeps getting louder until a person acts.

The ladder (times from when it started: the item's creation, or the moment a claim on it ended):

1. ``HEARTH_SAFETY_ESCALATE_MINUTES`` (15): the on-duty moderators are alerted again.
2. ``HEARTH_SAFETY_ESCALATE_ALL_MINUTES`` (30): every moderator and every admin.
3. Then every ``HEARTH_SAFETY_REALERT_MINUTES`` (15), everyone again. There is no last rung.

Escalation stops only when the item is resolved, which is what every action that deals with the person
does: approve, hide, remove, label, "reached out" and "escalated to an emergency contact". A live claim
pauses it (someone has the item in hand); releasing the item or letting the claim lapse
(``HEARTH_REVIEW_CLAIM_TIMEOUT_MINUTES`` without activity) restarts the ladder from the bottom, since
nobody has it any more. Edits, locks and warnings leave the item open and the ladder running.

``ReviewItem.escalation_level`` counts alert rounds and only grows (so each round's ModeratorAlert rows
and emails are new); a fresh ladder uses the numbers above, so level 2 and up means "everyone" there.
Every alert is a ModeratorAlert row (unique per item, recipient and level) plus an outbox email, and a
signed webhook post when ``HEARTH_ALERT_WEBHOOK_URL`` is set, so a run repeated by a retry never alerts
twice. The level is raised with a conditional UPDATE, so two overlapping runs cannot both escalate it.

Items from guests who have not confirmed their email are escalated like any other, but alerted together:
one email per moderator per run listing all of them, and one webhook post (see ``alerts``).

Also here: the daily summary of open items older than 24 hours, in every lane, for every moderator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from community.models import Member, OutboundMessage
from community.services.outbox import outbox_enqueue_alert_webhook, outbox_enqueue_email
from moderation.models import Lane, ReviewItem
from moderation.services import alerts
from moderation.services.queue import claim_is_live, claim_timeout

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
    everyone: bool = False
    grouped: bool = False  # an unconfirmed guest's item: alerted in the run's grouped email
    recipients: tuple[Member, ...] = field(default=(), compare=False, repr=False)


def everyone_to_alert() -> list[Member]:
    """Every active moderator and admin."""
    return list(
        Member.objects.filter(is_active=True)
        .filter(Q(is_moderator=True) | Q(is_staff=True) | Q(is_superuser=True))
        .order_by("id")
    )


def unattended_safety_items(*, now: datetime | None = None) -> QuerySet[ReviewItem]:
    """Open safety items that nobody holds a live claim on (see ``queue.claim_is_live``)."""
    now = now or timezone.now()
    # The (lane, status) prefix of the review_untouched index narrows this to open safety items.
    return (
        ReviewItem.objects.filter(lane=Lane.SAFETY, status=ReviewItem.Status.OPEN)
        .alias(claim_seen_at=Coalesce("last_activity_at", "claimed_at"))
        .exclude(claimed_by__isnull=False, claim_seen_at__gt=now - claim_timeout())
        .order_by("created_at")
    )


def ladder_start(item: ReviewItem, *, now: datetime) -> datetime:
    """When the item's current ladder began: creation, or the end of the last claim on it."""
    start = item.escalation_started_at or item.created_at
    if item.claimed_by_id is not None and not claim_is_live(item, now=now):
        # Lapsed but not yet cleared by release_stale_claims: the ladder restarts where the claim lapsed.
        lapsed_at = (item.last_activity_at or item.claimed_at) + claim_timeout()
        start = max(start, lapsed_at)
    return start


def due_rung(item: ReviewItem, *, now: datetime) -> int | None:
    """LEVEL_ON_DUTY or LEVEL_EVERYONE when the item should be alerted now, None when not yet."""
    start = ladder_start(item, now=now)
    elapsed = now - start
    last = item.last_alerted_at
    to_everyone = timedelta(minutes=settings.HEARTH_SAFETY_ESCALATE_ALL_MINUTES)
    to_on_duty = timedelta(minutes=settings.HEARTH_SAFETY_ESCALATE_MINUTES)
    if elapsed >= to_everyone:
        realert = timedelta(minutes=settings.HEARTH_SAFETY_REALERT_MINUTES)
        if last is None or last < start + to_everyone or now - last >= realert:
            return LEVEL_EVERYONE
        return None
    if elapsed >= to_on_duty and (last is None or last < start + to_on_duty):
        return LEVEL_ON_DUTY
    return None


def next_level(item: ReviewItem, *, now: datetime) -> int | None:
    """The level this item should be raised to now, or None when it is not time yet."""
    rung = due_rung(item, now=now)
    if rung is None:
        return None
    # Levels only grow: a restarted ladder continues the count instead of repeating a round's alerts.
    return max(item.escalation_level + 1, rung)


@transaction.atomic
def review_item_escalate(
    *, item_id: int, now: datetime | None = None, group: bool = True
) -> Escalation | None:
    """Raise one item's escalation level if it is due, and alert. Returns what was done, if anything.

    With ``group`` (the default), an unconfirmed guest's item gets its ModeratorAlert rows here but no
    email or webhook of its own: the caller sends the grouped ones (``escalate_unattended`` does).
    """
    now = now or timezone.now()
    item = (
        unattended_safety_items(now=now)
        .select_related("post__thread__space")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return None
    rung = due_rung(item, now=now)
    if rung is None:
        return None
    level = max(item.escalation_level + 1, rung)
    # Conditional UPDATE: whoever moves the level first does the alerting; a concurrent run finds 0 rows,
    # and so does a run racing a claim made since the item was read.
    won = (
        unattended_safety_items(now=now)
        .filter(pk=item.pk, escalation_level=item.escalation_level)
        .update(escalation_level=level, last_alerted_at=now)
    )
    if not won:
        return None
    everyone = rung == LEVEL_EVERYONE
    recipients = everyone_to_alert() if everyone else alerts.alert_recipients(item=item)
    if group and alerts.from_unconfirmed_guest(item.post):
        fresh = alerts.alert_rows(item=item, level=level, people=recipients, now=now)
        return Escalation(
            item_id=item.pk, level=level, alerted=len(fresh), everyone=everyone, grouped=True,
            recipients=tuple(fresh),
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
    return Escalation(item_id=item.pk, level=level, alerted=sent, everyone=everyone)


def escalate_unattended(*, now: datetime | None = None) -> list[Escalation]:
    """Escalate every due safety item (the every-minute beat task).

    Each member's or confirmed guest's item in its own transaction; the unconfirmed guests' items of this
    run in one, together with their grouped email and webhook, so a crash cannot raise them silently.
    """
    now = now or timezone.now()
    done = []
    ids = list(unattended_safety_items(now=now).values_list("pk", flat=True))
    guest_ids = set(alerts.unconfirmed_guest_safety_items().filter(pk__in=ids).values_list("pk", flat=True))
    for item_id in ids:
        if item_id not in guest_ids:
            result = review_item_escalate(item_id=item_id, now=now)
            if result is not None:
                done.append(result)
    if guest_ids:
        done.extend(_escalate_guest_group(item_ids=sorted(guest_ids), now=now))
    return done


@transaction.atomic
def _escalate_guest_group(*, item_ids: list[int], now: datetime) -> list[Escalation]:
    done = [r for i in item_ids if (r := review_item_escalate(item_id=i, now=now)) is not None]
    if not done:
        return []
    people: dict[int, Member] = {}
    for result in done:
        people.update({m.pk: m for m in result.recipients})
    run = f"escalation:{now:%Y%m%dT%H%M}"
    level = max(r.level for r in done)
    alerts.alert_guest_group(recipients=people.values(), level=level, now=now, key=run)
    outbox_enqueue_alert_webhook(
        kind="safety_escalation",
        dedupe_key=f"guest-group:{run}",
        payload={
            "title": f"{len(done)} safety item(s) from unconfirmed guests waiting with no moderator action",
            "text": "Posts flagged for crisis language by guests who haven't confirmed their email yet. "
            "Please open the Safety lane.",
            "item_ids": [r.item_id for r in done],
            "level": level,
            "url": _url("moderation:queue") + "?lane=safety",
        },
    )
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
