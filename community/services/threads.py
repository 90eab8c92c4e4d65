"""Starting, closing and pinning threads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community import cache as page_cache
from community import moderation_port
from community.models import Member, Post, Space, Thread, ThreadSubscription
from community.moderation_port import ScreeningOutcome
from community.rendering import render_markdown
from community.selectors import viewer_moderates_space
from community.services.posts import apply_screening, clean_body
from community.signals import thread_closed, thread_pinned, thread_reopened

TITLE_MAX = 200


@dataclass(frozen=True)
class ThreadResult:
    thread: Thread
    opening_post: Post
    screening: ScreeningOutcome


def can_start_thread(*, space: Space, member: Member | None) -> bool:
    if member is None or not member.is_authenticated or not member.is_active:
        return False
    return space.who_can_start_threads == Space.ThreadStarters.MEMBERS or member.can_moderate


@transaction.atomic
def thread_create(*, space: Space, author: Member, title: str, body: str) -> ThreadResult:
    """Start a thread: the thread row, its opening post, screening, and the author's subscription."""
    if not can_start_thread(space=space, member=author):
        raise PermissionDenied("Only moderators can start threads in this space.")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Please give your thread a title."})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": f"Titles can be up to {TITLE_MAX} characters."})
    body = clean_body(body)
    restriction = moderation_port.posting_restriction(member=author, space=space, is_thread=True)
    if restriction is not None:
        raise PermissionDenied(restriction.message)
    now = timezone.now()
    thread = Thread.objects.create(
        space=space, author=author, title=title, created_at=now, last_activity_at=now
    )
    status, hold_reason = Post.Status.PUBLISHED, ""
    if space.hold_new_member_posts and not author.can_moderate:
        from community.selectors import member_is_new

        if member_is_new(author):
            status, hold_reason = Post.Status.HELD, Post.HoldReason.NEW_MEMBER
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body),
        status=status,
        hold_reason=hold_reason,
        created_at=now,
    )
    outcome = moderation_port.screen_post(post=post, is_edit=False)
    apply_screening(post, outcome)
    ThreadSubscription.objects.get_or_create(member=author, thread=thread)
    page_cache.bump_lists()
    return ThreadResult(thread=thread, opening_post=post, screening=outcome)


def _require_space_moderator(actor: Member | None, thread: Thread, doing: str) -> None:
    # None is the system (auto-close, seed data): no person to check or to record.
    if actor is not None and not viewer_moderates_space(actor, thread.space_id):
        raise PermissionDenied(f"Only moderators of this space can {doing} its threads.")


@transaction.atomic
def thread_close(
    *, thread: Thread, actor: Member | None = None, reason: str = "", record_moderation: bool = True
) -> bool:
    """Close a thread to new replies; ``reason`` is shown under "Comments are closed". Returns False if it
    was already closed.

    A moderator's closing is announced (``thread_closed``, the audit log) unless ``record_moderation`` is
    False: the review queue's own lock action writes its entry against the review item.
    """
    _require_space_moderator(actor, thread, "close")
    reason = (reason or "").strip()[:200]
    # UPDATE ... WHERE is_closed = false decides a race: only one of two clicks changes the row, so only one
    # signal (one audit row) follows.
    updated = Thread.objects.filter(pk=thread.pk, is_closed=False).update(
        is_closed=True, closed_at=timezone.now(), closed_reason=reason
    )
    thread.refresh_from_db(fields=["is_closed", "closed_at", "closed_reason"])
    if updated:
        page_cache.bump_thread(thread.pk)
        if actor is not None and record_moderation:
            thread_closed.send(sender=Thread, thread=thread, actor=actor, reason=reason)
    return bool(updated)


@transaction.atomic
def thread_reopen(*, thread: Thread, actor: Member | None = None, reason: str = "") -> bool:
    """Reopen a closed thread; ``reason`` goes to the audit log only. Returns False if it was open."""
    _require_space_moderator(actor, thread, "reopen")
    # Locked so the public closing note announced as ``previous_reason`` is the one this reopening removes.
    previous_reason = (
        Thread.objects.select_for_update()
        .filter(pk=thread.pk)
        .values_list("closed_reason", flat=True)
        .first()
    )
    updated = Thread.objects.filter(pk=thread.pk, is_closed=True).update(
        is_closed=False, closed_at=None, closed_reason="", last_activity_at=timezone.now()
    )
    thread.refresh_from_db(fields=["is_closed", "closed_at", "closed_reason", "last_activity_at"])
    if updated:
        page_cache.bump_thread(thread.pk)
        if actor is not None:
            thread_reopened.send(
                sender=Thread,
                thread=thread,
                actor=actor,
                reason=(reason or "").strip(),
                previous_reason=previous_reason or "",
            )
    return bool(updated)


@transaction.atomic
def thread_set_pinned(*, thread: Thread, pinned: bool, actor: Member | None = None) -> bool:
    """Pin or unpin a thread. Returns False if it already was."""
    _require_space_moderator(actor, thread, "pin")
    updated = Thread.objects.filter(pk=thread.pk).exclude(is_pinned=pinned).update(is_pinned=pinned)
    thread.is_pinned = pinned
    if updated:
        page_cache.bump_thread(thread.pk)
        if actor is not None:
            thread_pinned.send(sender=Thread, thread=thread, actor=actor, pinned=pinned)
    return bool(updated)


def threads_autoclose(*, now=None, days: int | None = None) -> int:
    """Close every open thread idle for ``days`` (HEARTH_THREAD_AUTO_CLOSE_DAYS). Returns how many."""
    days = settings.HEARTH_THREAD_AUTO_CLOSE_DAYS if days is None else days
    if days <= 0:
        return 0
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    # Uses the (is_closed, last_activity_at) index; one UPDATE however many threads match.
    closed = Thread.objects.filter(is_closed=False, last_activity_at__lt=cutoff).update(
        is_closed=True,
        closed_at=now,
        closed_reason=f"Closed automatically after {days} days without replies.",
    )
    if closed:
        page_cache.bump_everything()  # any number of threads: one new version for every cached page
    return closed
