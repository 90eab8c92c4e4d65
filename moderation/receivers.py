"""The audit log of what moderators do outside the review queue, written from community's signals.

Each receiver runs inside the transaction of the community service that sent the signal, so the audit row
is committed with the change or not at all (community/signals.py says when each is sent).
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from community.models import Post, Thread
from community.signals import (
    content_warning_changed_by_moderator,
    post_edited_by_moderator,
    post_moderated,
    thread_closed,
    thread_pinned,
    thread_reopened,
)
from moderation.models import AuditAction
from moderation.services.audit import audit_record, post_snapshot

# The audit action for each change ``community.services.posts.post_moderate`` can make.
POST_CHANGE_ACTIONS = {
    "hide": AuditAction.HIDE,
    "publish": AuditAction.PUBLISH,
    "label_off_topic": AuditAction.OFF_TOPIC,
    "clear_off_topic": AuditAction.CLEAR_OFF_TOPIC,
}


def _opening_post(thread: Thread) -> Post | None:
    # The audit log has no thread column: the opening post names the thread (and its author) in the log.
    return Post.objects.filter(thread_id=thread.pk, parent__isnull=True).only("id", "author_id").first()


def _thread_state(thread: Thread) -> dict[str, Any]:
    return {"thread": {"id": thread.pk, "is_closed": thread.is_closed, "closed_reason": thread.closed_reason}}


@receiver(post_edited_by_moderator, dispatch_uid="moderation.audit_post_edit")
def audit_post_edit(sender, *, post: Post, actor, previous_body: str, note: str, **kwargs) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EDIT,
        post=post,
        reason=note,
        before={"post": {"body": previous_body}},
        after={"post": {"body": post.body}},
    )


@receiver(post_moderated, dispatch_uid="moderation.audit_post_moderated")
def audit_post_moderated(sender, *, post: Post, actor, change: str, reason: str, previous: Post, **kwargs):
    audit_record(
        actor=actor,
        action=POST_CHANGE_ACTIONS[change],
        post=post,
        reason=reason,
        before={"post": post_snapshot(previous)},
        after={"post": post_snapshot(post)},
    )


@receiver(content_warning_changed_by_moderator, dispatch_uid="moderation.audit_content_warning")
def audit_content_warning(sender, *, post: Post, actor, previous: str, warning: str, **kwargs) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EDIT,
        post=post,
        reason="Content warning added" if warning else "Content warning removed",
        before={"content_warning": previous},
        after={"content_warning": warning},
    )


@receiver(thread_closed, dispatch_uid="moderation.audit_thread_closed")
def audit_thread_closed(sender, *, thread: Thread, actor, reason: str, **kwargs) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CLOSE,
        post=_opening_post(thread),
        reason=reason,
        before={"thread": {"id": thread.pk, "is_closed": False, "closed_reason": ""}},
        after=_thread_state(thread),
    )


@receiver(thread_reopened, dispatch_uid="moderation.audit_thread_reopened")
def audit_thread_reopened(sender, *, thread: Thread, actor, reason: str, previous_reason: str, **kwargs):
    audit_record(
        actor=actor,
        action=AuditAction.REOPEN,
        post=_opening_post(thread),
        reason=reason,
        before={"thread": {"id": thread.pk, "is_closed": True, "closed_reason": previous_reason}},
        after=_thread_state(thread),
    )


@receiver(thread_pinned, dispatch_uid="moderation.audit_thread_pinned")
def audit_thread_pinned(sender, *, thread: Thread, actor, pinned: bool, **kwargs) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.PIN if pinned else AuditAction.UNPIN,
        post=_opening_post(thread),
        before={"thread": {"id": thread.pk, "is_pinned": not pinned}},
        after={"thread": {"id": thread.pk, "is_pinned": pinned}},
    )
