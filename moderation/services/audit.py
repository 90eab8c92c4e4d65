"""Writing the audit log. Every moderator action calls :func:`audit_record` inside its own transaction."""

from __future__ import annotations

from typing import Any

from community.models import Member, Post
from moderation.models import AuditLogEntry, ReviewItem


def post_snapshot(post: Post, *, with_body: bool = False) -> dict[str, Any]:
    """The parts of a post a moderator can change, as JSON for ``before`` / ``after``."""
    snapshot: dict[str, Any] = {
        "status": post.status,
        "hold_reason": post.hold_reason,
        "is_off_topic": post.is_off_topic,
        "is_sensitive": post.is_sensitive,
        "deleted": post.deleted_at is not None,
    }
    if with_body:
        snapshot["body"] = post.body
    return snapshot


def item_snapshot(item: ReviewItem) -> dict[str, Any]:
    return {
        "status": item.status,
        "lane": item.lane,
        "resolution": item.resolution,
        "claimed_by": item.claimed_by_id,
    }


def audit_record(
    *,
    actor: Member | None,
    action: str,
    item: ReviewItem | None = None,
    post: Post | None = None,
    member: Member | None = None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditLogEntry:
    """Insert one immutable audit row. Call it inside the transaction that made the change."""
    if post is None and item is not None:
        post = item.post
    if member is None and post is not None and post.author_id is not None:
        member_id = post.author_id
    else:
        member_id = member.pk if member is not None else None
    return AuditLogEntry.objects.create(
        actor=actor,
        action=action,
        item=item,
        target_post=post,
        target_member_id=member_id,
        reason=reason or "",
        before=before or {},
        after=after or {},
    )
