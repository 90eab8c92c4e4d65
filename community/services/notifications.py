"""In-site notifications: fan-out of replies to the people they concern, and marking read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from community.models import Member, MemberMute, Notification, Post, ThreadSubscription


def fan_out_reply(*, post_id: int) -> int:
    """Notify the parent's author and the thread's followers of a visible reply. Safe to run twice."""
    post = Post.objects.select_related("parent", "thread").filter(pk=post_id).first()
    if post is None or post.is_opening or post.status != Post.Status.PUBLISHED or post.is_sensitive:
        return 0
    if post.is_deleted:
        return 0
    author_id = post.author_id
    muted_by = (
        set(MemberMute.objects.filter(muted_id=author_id).values_list("member_id", flat=True))
        if author_id
        else set()
    )
    rows: dict[int, Notification] = {}
    parent_author_id = post.parent.author_id if post.parent else None
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


def notify(
    *, recipient: Member, kind: str, message: str = "", post: Post | None = None, actor=None
) -> Notification:
    """A direct notice to one member (report acknowledgments, moderator messages)."""
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        message=message,
        post=post,
        thread_id=post.thread_id if post else None,
        actor=actor,
    )


@transaction.atomic
def notifications_mark_read(*, member: Member, ids: list[int] | None = None) -> int:
    """Mark some (or all, when ids is None) of a member's notifications read. Returns how many changed."""
    qs = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
