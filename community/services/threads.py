"""Starting, closing and pinning threads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community import cache as page_cache
from community.models import Member, Post, Space, Thread, ThreadSubscription
from community.rendering import render_markdown
from community.selectors import viewer_moderates_space
from community.services.posts import apply_screening, clean_body
from moderation import gateway

TITLE_MAX = 200


@dataclass(frozen=True)
class ThreadResult:
    thread: Thread
    opening_post: Post
    screening: gateway.ScreeningOutcome


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
    restriction = gateway.posting_restriction(member=author, space=space, is_thread=True)
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
    outcome = gateway.screen_post(post=post, is_edit=False)
    apply_screening(post, outcome)
    ThreadSubscription.objects.get_or_create(member=author, thread=thread)
    page_cache.bump_lists()
    return ThreadResult(thread=thread, opening_post=post, screening=outcome)


@transaction.atomic
def thread_close(*, thread: Thread, reason: str = "", by: Member | None = None) -> bool:
    """Close a thread to new replies. Returns False if it was already closed."""
    if by is not None and not viewer_moderates_space(by, thread.space_id):
        raise PermissionDenied("Only moderators of this space can close its threads.")
    updated = Thread.objects.filter(pk=thread.pk, is_closed=False).update(
        is_closed=True, closed_at=timezone.now(), closed_reason=reason[:200]
    )
    thread.refresh_from_db(fields=["is_closed", "closed_at", "closed_reason"])
    if updated:
        page_cache.bump_thread(thread.pk)
    return bool(updated)


@transaction.atomic
def thread_reopen(*, thread: Thread, by: Member | None = None) -> bool:
    if by is not None and not viewer_moderates_space(by, thread.space_id):
        raise PermissionDenied("Only moderators of this space can reopen its threads.")
    updated = Thread.objects.filter(pk=thread.pk, is_closed=True).update(
        is_closed=False, closed_at=None, closed_reason="", last_activity_at=timezone.now()
    )
    thread.refresh_from_db(fields=["is_closed", "closed_at", "closed_reason", "last_activity_at"])
    if updated:
        page_cache.bump_thread(thread.pk)
    return bool(updated)


@transaction.atomic
def thread_set_pinned(*, thread: Thread, pinned: bool, by: Member | None = None) -> bool:
    if by is not None and not viewer_moderates_space(by, thread.space_id):
        raise PermissionDenied("Only moderators of this space can pin its threads.")
    updated = Thread.objects.filter(pk=thread.pk).exclude(is_pinned=pinned).update(is_pinned=pinned)
    thread.is_pinned = pinned
    if updated:
        page_cache.bump_thread(thread.pk)
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
