"""Sanctions: warning, silencing, suspending and lifting (moderators' actions, audited), and who may post
right now because of them or of the new-member rate limits.

Decision: a suspended member can still log in and read (and so still sees the support panel and the
message explaining the suspension); they cannot post, reply or edit. Silence is the same for posting,
with a lighter word. Both say why and until when. Moderators are never restricted.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from community.models import Member, Notification, Post, Space, Thread
from community.moderation_port import PostingRestriction
from community.services.notifications import notify
from moderation.models import AuditAction, ModerationNotice, ModerationReason, ReviewItem, Sanction

from .audit import audit_record
from .care import moderator_signature
from .notices import notice_send
from .review_items import item_touch, locked_item, require_moderator

NEW_MEMBER_DAYS_DEFAULT = 7


_RESTRICTING = (Sanction.Kind.SILENCE, Sanction.Kind.SUSPENSION)


def active_sanctions(*, member: Member, now: datetime | None = None) -> list[Sanction]:
    """The silences and suspensions in force for ``member`` (index sanction_active), unordered.

    Read for every post and every thread page: the end date is compared here rather than with an OR in the
    query, and no ORDER BY is built (~40% cheaper to build); a member has only ever had a few sanctions.
    """
    now = now or timezone.now()
    started = Sanction.objects.filter(
        member_id=member.pk, kind__in=_RESTRICTING, revoked_at__isnull=True, starts_at__lte=now
    ).order_by()
    return [s for s in started if s.ends_at is None or s.ends_at > now]


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
    sanctions = active_sanctions(member=member, now=now)
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


@transaction.atomic
def review_item_warn_author(*, item: ReviewItem, actor: Member, message: str) -> bool:
    """Send the author a private message from the moderators about this post (once per post)."""
    require_moderator(actor)
    message = (message or "").strip()
    if not message:
        raise ValidationError("Please write the message the member will read.")
    item = locked_item(item)
    author = item.post.author
    if author is None:
        raise ValidationError("This post has no member account to write to.")
    if Notification.objects.filter(
        recipient=author, post=item.post, kind=Notification.Kind.MODERATOR_MESSAGE
    ).exists():
        return False
    signed = f"{message}\n\n— {moderator_signature(actor)}"
    notify(recipient=author, kind=Notification.Kind.MODERATOR_MESSAGE, message=signed, post=item.post)
    sanction = Sanction.objects.create(
        member=author, kind=Sanction.Kind.WARNING, reason=message, created_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.WARN,
        item=item,
        member=author,
        reason=message,
        before={},
        after={"sanction": sanction.pk, "kind": "warning"},
    )
    item_touch(item, timezone.now())
    return True


def _sanction(
    *,
    member: Member,
    actor: Member,
    kind: str,
    days: int | None,
    reason: str,
    item: ReviewItem | None,
    member_reason: ModerationReason | None = None,
) -> bool:
    require_moderator(actor)
    if member.pk == actor.pk:
        raise ValidationError("You can't restrict your own account.")
    if days is not None and days <= 0:
        raise ValidationError("Please choose at least one day.")
    now = timezone.now()
    ends_at = now + timedelta(days=days) if days else None
    Member.objects.select_for_update().get(pk=member.pk)  # serialises concurrent sanctions of one member
    live = Sanction.objects.filter(member=member, kind=kind, revoked_at__isnull=True, starts_at__lte=now)
    for existing in live:
        if existing.is_active(now) and (
            existing.ends_at is None
            or (ends_at is not None and existing.ends_at >= ends_at - timedelta(minutes=5))
        ):
            return False  # an equal or longer one is already in force
    sanction = Sanction.objects.create(
        member=member, kind=kind, reason=reason, starts_at=now, ends_at=ends_at, created_by=actor
    )
    # Told the length and the reason (the picked template, then the moderator's own words), with an appeal.
    notice_send(
        member=member,
        actor=actor,
        action=ModerationNotice.Action.SUSPENDED
        if kind == Sanction.Kind.SUSPENSION
        else ModerationNotice.Action.SILENCED,
        post=item.post if item else None,
        sanction=sanction,
        reason=member_reason,
        extra=reason,
    )
    action = AuditAction.SILENCE if kind == Sanction.Kind.SILENCE else AuditAction.SUSPEND
    audit_record(
        actor=actor,
        action=action,
        item=item,
        post=item.post if item else None,
        member=member,
        reason=reason,
        before={},
        after={"sanction": sanction.pk, "kind": kind, "ends_at": ends_at.isoformat() if ends_at else None},
    )
    if item is not None:
        locked = locked_item(item)
        item_touch(locked, now)
    return True


@transaction.atomic
def member_silence(
    *,
    member: Member,
    actor: Member,
    days: int,
    reason: str = "",
    item: ReviewItem | None = None,
    member_reason: ModerationReason | None = None,
) -> bool:
    """Make a member read-only for ``days`` days; they are told for how long and why."""
    return _sanction(
        member=member,
        actor=actor,
        kind=Sanction.Kind.SILENCE,
        days=days,
        reason=reason,
        item=item,
        member_reason=member_reason,
    )


@transaction.atomic
def member_suspend(
    *,
    member: Member,
    actor: Member,
    days: int | None = None,
    reason: str = "",
    item: ReviewItem | None = None,
    member_reason: ModerationReason | None = None,
) -> bool:
    """Suspend a member for ``days`` days, or until lifted when ``days`` is None; they are told how long
    and why."""
    return _sanction(
        member=member,
        actor=actor,
        kind=Sanction.Kind.SUSPENSION,
        days=days,
        reason=reason,
        item=item,
        member_reason=member_reason,
    )


@transaction.atomic
def sanction_revoke(*, sanction: Sanction, actor: Member, reason: str = "") -> bool:
    require_moderator(actor)
    updated = Sanction.objects.filter(pk=sanction.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        return False
    audit_record(
        actor=actor,
        action=AuditAction.REVOKE_SANCTION,
        member=sanction.member,
        reason=reason,
        before={"sanction": sanction.pk, "revoked": False},
        after={"sanction": sanction.pk, "revoked": True},
    )
    return True
