"""Looking after the people who read crisis posts: how many Safety items each has handled lately, when a run
of them calls for a break, and whose turn it is to take the next alert.

Nothing here is stored: a break follows from the moderator's own recent resolutions, so it starts and ends
by itself and cannot be left switched on by mistake. Settings: ``HEARTH_CARE_SAFETY_STREAK`` (items in a
row; 0 turns breaks off), ``HEARTH_CARE_STREAK_GAP_MINUTES`` (a longer pause ends a run) and
``HEARTH_CARE_BREAK_MINUTES`` (how long alerts skip them after a run).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from community.models import Member
from moderation.models import Lane, ModeratorProfile, ReviewItem

WINDOW = timedelta(hours=24)
# A moderator resolves a few dozen items on a heavy day; the cap keeps the read bounded on any history.
RECENT_CAP = 200


@dataclass(frozen=True)
class Care:
    safety_24h: int  # Safety items this moderator resolved in the last 24 hours
    streak: int  # Safety items in a row, most recent first
    break_until: datetime | None  # alerts skip them until then; None when no break is suggested

    @property
    def on_break(self) -> bool:
        return self.break_until is not None


def _care_from(rows: list[tuple[str, datetime]], *, now: datetime) -> Care:
    """``rows``: (lane, resolved_at) of one moderator's resolutions in the window, newest first."""
    safety = sum(1 for lane, _ in rows if lane == Lane.SAFETY)
    gap = timedelta(minutes=settings.HEARTH_CARE_STREAK_GAP_MINUTES)
    streak = 0
    previous = None
    for lane, at in rows:
        if lane != Lane.SAFETY or (previous is not None and previous - at > gap):
            break
        streak += 1
        previous = at
    run = settings.HEARTH_CARE_SAFETY_STREAK
    break_until = None
    if run and streak >= run:
        until = rows[0][1] + timedelta(minutes=settings.HEARTH_CARE_BREAK_MINUTES)
        break_until = until if until > now else None
    return Care(safety_24h=safety, streak=streak, break_until=break_until)


def _recent(member_ids: Iterable[int], now: datetime) -> dict[int, list[tuple[str, datetime]]]:
    rows: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    ids = list(member_ids)
    if not ids:
        return rows
    recent = (
        ReviewItem.objects.filter(resolved_by_id__in=ids, resolved_at__gte=now - WINDOW)
        .order_by("-resolved_at", "-id")
        .values_list("resolved_by_id", "lane", "resolved_at")[: RECENT_CAP * len(ids)]
    )
    for member_id, lane, at in recent:
        rows[member_id].append((lane, at))
    return rows


def moderator_care(*, member_id: int, now: datetime | None = None) -> Care:
    """One moderator's care numbers (one query)."""
    now = now or timezone.now()
    return _care_from(_recent([member_id], now).get(member_id, []), now=now)


def care_by_member(*, member_ids: Iterable[int], now: datetime | None = None) -> dict[int, Care]:
    """Care numbers for several moderators in one query (alert routing)."""
    now = now or timezone.now()
    ids = list(member_ids)
    recent = _recent(ids, now)
    return {pk: _care_from(recent.get(pk, []), now=now) for pk in ids}


def on_break(*, member_ids: Iterable[int], now: datetime | None = None) -> set[int]:
    return {pk for pk, care in care_by_member(member_ids=member_ids, now=now).items() if care.on_break}


TEAM_SIGNATURE = "the moderation team"


def moderator_signature(moderator: Member) -> str:
    """How a message to a member is signed: "the moderation team" unless the moderator chose their name
    (Duty page). The team signature is the default: a person in crisis is writing to the community, and a
    moderator should not become someone's private lifeline or target."""
    team = (
        ModeratorProfile.objects.filter(member_id=moderator.pk).values_list("sign_as_team", flat=True).first()
    )
    if team is None or team:
        return TEAM_SIGNATURE
    return f"{moderator.display_name}, moderator"
