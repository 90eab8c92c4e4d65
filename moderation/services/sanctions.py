"""Who may post right now: sanctions (silence, suspension) and new-member rate limits.

Decision: a suspended member can still log in and read (and so still sees the support panel and the
message explaining the suspension); they cannot post, reply or edit. Silence is the same for posting,
with a lighter word. Both say why and until when. Moderators are never restricted.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone

from community.models import Member, Post, Space, Thread
from community.moderation_port import PostingRestriction
from moderation.models import Sanction

NEW_MEMBER_DAYS_DEFAULT = 7


def active_sanctions(*, member: Member, now: datetime | None = None):
    now = now or timezone.now()
    # Index sanction_active (member, kind, revoked_at).
    return Sanction.objects.filter(
        member=member,
        kind__in=[Sanction.Kind.SILENCE, Sanction.Kind.SUSPENSION],
        revoked_at__isnull=True,
        starts_at__lte=now,
    ).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


def _when(member: Member, moment: datetime) -> str:
    try:
        tz = zoneinfo.ZoneInfo(member.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    local = timezone.localtime(moment, tz)
    return f"{formats.date_format(local, 'j F Y, H:i')} ({member.timezone or 'UTC'})"


def _sanction_message(member: Member, sanction: Sanction) -> str:
    if sanction.kind == Sanction.Kind.SUSPENSION:
        text = "Your account is suspended, so you can't post or reply for now."
    else:
        text = "A moderator has paused your posting for now, so you can read but not post or reply."
    if sanction.reason:
        text += f" The reason they gave: {sanction.reason}"
    if sanction.ends_at:
        text += f" You can post again from {_when(member, sanction.ends_at)}."
    else:
        text += " This lasts until a moderator lifts it."
    return text + " If you think this is a mistake, you can write to the moderators."


def _is_new(member: Member, now: datetime) -> bool:
    days = getattr(settings, "HEARTH_NEW_MEMBER_DAYS", NEW_MEMBER_DAYS_DEFAULT)
    return member.date_joined >= now - timedelta(days=days)


def posting_restriction(*, member: Member, space: Space, is_thread: bool) -> PostingRestriction | None:  # noqa: ARG001
    if member is None or not member.is_authenticated or member.can_moderate:
        return None
    now = timezone.now()
    sanctions = list(active_sanctions(member=member, now=now))
    if sanctions:
        # A suspension outranks a silence; among equals the one that lasts longest is the one to report.
        sanctions.sort(
            key=lambda s: (s.kind == Sanction.Kind.SUSPENSION, s.ends_at is None, s.ends_at or now),
            reverse=True,
        )
        strongest = sanctions[0]
        kind = "suspended" if strongest.kind == Sanction.Kind.SUSPENSION else "silenced"
        return PostingRestriction(
            kind=kind, message=_sanction_message(member, strongest), until=strongest.ends_at
        )
    if not _is_new(member, now):
        return None
    if is_thread:
        since = now - timedelta(days=1)
        started = Thread.objects.filter(author=member, created_at__gte=since).order_by("created_at")
        limit = settings.HEARTH_NEW_MEMBER_THREADS_PER_DAY
        window = timedelta(days=1)
        noun = "thread a day" if settings.HEARTH_NEW_MEMBER_THREADS_PER_DAY == 1 else "threads a day"
    else:
        since = now - timedelta(hours=1)
        started = Post.objects.filter(author=member, created_at__gte=since, parent__isnull=False).order_by(
            "created_at"
        )
        limit = settings.HEARTH_NEW_MEMBER_REPLIES_PER_HOUR
        window = timedelta(hours=1)
        noun = "reply an hour" if settings.HEARTH_NEW_MEMBER_REPLIES_PER_HOUR == 1 else "replies an hour"
    times = list(started.values_list("created_at", flat=True)[:limit])
    if len(times) < limit:
        return None
    until = times[0] + window
    return PostingRestriction(
        kind="rate_limited",
        message=(
            f"Welcome! While your account is new you can post up to {limit} {noun}, which keeps spammers "
            f"out. You can post again from {_when(member, until)}."
        ),
        until=until,
    )
