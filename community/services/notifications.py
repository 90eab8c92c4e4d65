"""In-site notifications: fan-out of replies to the people they concern, and marking read."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from community.models import Member, MemberMute, Notification, Post, ThreadSubscription

FAN_OUT_SWEEP_GRACE = timedelta(minutes=2)


def fan_out_reply(*, post_id: int) -> int:
    """Notify the parent's author and the thread's followers of a visible reply. Safe to run twice."""
    post = Post.objects.select_related("parent", "thread").filter(pk=post_id).first()
    if post is None:
        return 0
    created = 0
    if not (post.is_opening or post.status != Post.Status.PUBLISHED or post.is_sensitive or post.is_deleted):
        created = _fan_out(post)
    # Cleared only after the rows exist: a crash before this line leaves the marker for the sweeper, and
    # the unique (recipient, post, kind) constraint makes the repeat harmless.
    Post.objects.filter(pk=post_id, fanout_requested_at__isnull=False).update(fanout_requested_at=None)
    return created


def _fan_out(post: Post) -> int:
    author_id = post.author_id
    muted_by = (
        set(MemberMute.objects.filter(muted_id=author_id).values_list("member_id", flat=True))
        if author_id
        else set()
    )
    rows: dict[int, Notification] = {}
    parent_author_id = post.parent.author_id if post.parent else None
    # Members taking a break get no notifications until it ends (one query over the few people it could be).
    muted_by |= set(
        Member.objects.filter(break_until__gt=timezone.now())
        .filter(Q(thread_follows__thread_id=post.thread_id) | Q(pk=parent_author_id or 0))
        .values_list("pk", flat=True)
    )
    if parent_author_id and parent_author_id != author_id and parent_author_id not in muted_by:
        rows[parent_author_id] = Notification(
            recipient_id=parent_author_id,
            kind=Notification.Kind.REPLY_TO_YOU,
            actor_id=author_id,
            thread_id=post.thread_id,
            post_id=post.pk,
        )
    follower_ids = ThreadSubscription.objects.filter(thread_id=post.thread_id).values_list(
        "member_id", flat=True
    )
    for member_id in follower_ids.iterator(chunk_size=2000):
        if member_id == author_id or member_id in rows or member_id in muted_by:
            continue
        rows[member_id] = Notification(
            recipient_id=member_id,
            kind=Notification.Kind.THREAD_REPLY,
            actor_id=author_id,
            thread_id=post.thread_id,
            post_id=post.pk,
        )
    # ignore_conflicts + the unique (recipient, post, kind) constraint make a retried fan-out a no-op.
    Notification.objects.bulk_create(rows.values(), batch_size=1000, ignore_conflicts=True)
    return len(rows)


def fan_out_sweep(*, now=None, limit: int = 500) -> int:
    """Dispatch fan-outs still pending after a grace period (the broker was down). Returns how many."""
    from community import tasks

    now = now or timezone.now()
    # Uses the partial index post_fanout_pending: only replies whose fan-out has not run are in it.
    post_ids = list(
        Post.objects.filter(fanout_requested_at__lt=now - FAN_OUT_SWEEP_GRACE)
        .order_by("fanout_requested_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(tasks.dispatch(tasks.fan_out_reply_notifications, pk) for pk in post_ids)


def notify(
    *,
    recipient: Member,
    kind: str,
    message: str = "",
    post: Post | None = None,
    actor=None,
    thread_id: int | None = None,
    url: str = "",
) -> Notification:
    """A direct notice to one member (report acknowledgments, moderator messages).

    ``thread_id`` without ``post`` names the thread while leaving the (recipient, post, kind) constraint
    out of it, for notices that may come more than once about one post (moderation notices).
    """
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        message=message,
        post=post,
        thread_id=post.thread_id if post else thread_id,
        actor=actor,
        url=url,
    )


@transaction.atomic
def notifications_mark_read(*, member: Member, ids: list[int] | None = None) -> int:
    """Mark some (or all, when ids is None) of a member's notifications read. Returns how many changed."""
    qs = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
