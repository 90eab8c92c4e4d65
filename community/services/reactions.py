"""Supportive reactions: add or take back one, and tell authors in batches rather than per reaction."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community import cache as page_cache
from community.models import Member, Notification, Post, Reaction, ReactionKind
from community.selectors import post_visible_to

REACTION_BATCH_MINUTES_DEFAULT = 30


def _ensure_can_react(*, post: Post, actor: Member, kind: str) -> None:
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": "Please choose one of: I hear you, Sending strength, Me too."})
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied("Please log in to respond to a post.")
    if post.author_id == actor.pk:
        raise PermissionDenied("Reactions are for other people's posts.")
    if post.is_deleted or post.status != Post.Status.PUBLISHED or not post_visible_to(post, actor):
        raise PermissionDenied("This post can't take reactions right now.")


@transaction.atomic
def reaction_add(*, post: Post, actor: Member, kind: str) -> bool:
    """Add ``actor``'s reaction of ``kind`` to ``post``. Returns False if it was already there."""
    _ensure_can_react(post=post, actor=actor, kind=kind)
    _, created = Reaction.objects.get_or_create(post=post, member=actor, kind=kind)
    if created:
        page_cache.bump_thread(post.thread_id)
    return created


@transaction.atomic
def reaction_remove(*, post: Post, actor: Member, kind: str) -> bool:
    """Take back a reaction. Returns False if there was none. Always allowed for one's own reaction."""
    deleted, _ = Reaction.objects.filter(post=post, member=actor, kind=kind).delete()
    if deleted:
        page_cache.bump_thread(post.thread_id)
    return bool(deleted)


@transaction.atomic
def reaction_toggle(*, post: Post, actor: Member, kind: str) -> bool:
    """What a reaction button does: add it, or take it back if it is there. Returns whether it is on now."""
    if Reaction.objects.filter(post=post, member=actor, kind=kind).exists():
        reaction_remove(post=post, actor=actor, kind=kind)
        return False
    reaction_add(post=post, actor=actor, kind=kind)
    return True


def batch_minutes() -> int:
    return getattr(settings, "HEARTH_REACTION_BATCH_MINUTES", REACTION_BATCH_MINUTES_DEFAULT)


def _summary(counts: Counter) -> str:
    people = sum(counts.values())
    parts = ", ".join(
        f"{label} ×{counts[value]}" if counts[value] > 1 else label
        for value, label in ReactionKind.choices
        if counts[value]
    )
    return f"{people} {'person' if people == 1 else 'people'} responded to your post: {parts}."


@transaction.atomic
def reactions_notify_pending(*, now: datetime | None = None) -> int:
    """Tell authors about reactions not yet told: at most one notice per post per batch window.

    The notice for a post is one row (unique recipient+post+kind), refreshed and marked unread again by
    the next run that has something new for it once ``HEARTH_REACTION_BATCH_MINUTES`` have passed since
    the last time; until then new reactions wait. Authors on a break, or whose account is closed, are not
    told; their reactions still show on the post. A fixed number of queries whatever the batch size.
    Returns how many notices were written.
    """
    now = now or timezone.now()
    # Index reaction_pending: only reactions not yet told are in it. Locked so two runs can't both tell.
    pending = list(
        Reaction.objects.select_for_update(of=("self",))
        .filter(notified_at__isnull=True)
        .values_list("pk", "post_id", "kind", "post__author_id", "post__thread_id")
    )
    if not pending:
        return 0
    per_post: dict[int, Counter] = defaultdict(Counter)
    authors: dict[int, tuple[int | None, int]] = {}
    for _pk, post_id, kind, author_id, thread_id in pending:
        per_post[post_id][kind] += 1
        authors[post_id] = (author_id, thread_id)
    author_ids = {author_id for author_id, _ in authors.values() if author_id}
    reachable = set(
        Member.objects.filter(pk__in=author_ids, is_active=True)
        .exclude(break_until__gt=now)
        .values_list("pk", flat=True)
    )
    posts = [post_id for post_id, (author_id, _) in authors.items() if author_id in reachable]
    existing = {
        n.post_id: n
        for n in Notification.objects.filter(kind=Notification.Kind.REACTIONS, post_id__in=posts).only(
            "pk", "post_id", "recipient_id", "created_at"
        )
    }
    # A post whose author was told less than a window ago waits: its reactions stay pending for a later run.
    window_start = now - timedelta(minutes=batch_minutes())
    waiting = {post_id for post_id, notice in existing.items() if notice.created_at > window_start}
    posts = [post_id for post_id in posts if post_id not in waiting]
    new, changed = [], []
    for post_id in posts:
        author_id, thread_id = authors[post_id]
        message = _summary(per_post[post_id])
        notice = existing.get(post_id)
        if notice is None:
            new.append(
                Notification(
                    recipient_id=author_id,
                    kind=Notification.Kind.REACTIONS,
                    thread_id=thread_id,
                    post_id=post_id,
                    message=message,
                    created_at=now,
                )
            )
        else:
            notice.message, notice.created_at, notice.read_at = message, now, None
            changed.append(notice)
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    Notification.objects.bulk_update(changed, ["message", "created_at", "read_at"])
    done = [pk for pk, post_id, *_ in pending if post_id not in waiting]
    Reaction.objects.filter(pk__in=done).update(notified_at=now)
    return len(new) + len(changed)
