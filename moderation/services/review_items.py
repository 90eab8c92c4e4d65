"""What moderators do to a review item: resolve it (approve, off topic, hide, delete, reached out,
escalated), plus the helpers every moderator action on an item shares.

Every service:
- takes keyword-only arguments and the person acting as ``actor``, refusing anyone who cannot moderate;
- runs in one transaction with its immutable audit row (who, what, why, before, after);
- is idempotent: it compares the state before and after and, when nothing changed, writes nothing and
  returns False;
- counts as human action on the item (first_human_action_at, claim freshness).

Resolving actions close the item, mark its flags handled and tell the members who reported the post that it
was dealt with (never what was done). The actions that leave the item open live with the entity they change:
``posts.review_item_edit_post``, ``threads.review_item_close_thread``, ``sanctions.review_item_warn_author`` /
``member_silence`` / ``member_suspend``; notes about a member are ``notes.moderator_note_add``. Closing a
thread from its own page and the admin's bulk post changes are community's services, audited from its
signals (``moderation.receivers``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community.models import Member, Post, PostRevision
from community.services import posts as post_services
from moderation.models import AuditAction, ModerationNotice, ModerationReason, ReviewItem

from .audit import audit_record, item_snapshot, post_snapshot
from .decisions import decision_labels_record
from .follow_ups import follow_up_schedule
from .notices import notice_send
from .queue import touch
from .reports import reporters_notify_resolved

Resolution = ReviewItem.Resolution


def require_moderator(moderator: Member) -> None:
    if moderator is None or not moderator.is_authenticated or not moderator.can_moderate:
        raise PermissionDenied("Only moderators can do this.")


def locked_item(item: ReviewItem) -> ReviewItem:
    # of=("self",): lock the item row only; PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join that select_related("post__author") makes.
    return (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("post__thread__space", "post__author")
        .get(pk=item.pk)
    )


def item_state(item: ReviewItem, *, with_body: bool = False) -> dict[str, Any]:
    post = Post.objects.get(pk=item.post_id)
    return {"item": item_snapshot(item), "post": post_snapshot(post, with_body=with_body)}


def item_touch(item: ReviewItem, now) -> None:
    item.save(update_fields=touch(item, now=now))


def _resolve(item: ReviewItem, *, actor: Member, resolution: str, now) -> None:
    item.status = ReviewItem.Status.RESOLVED
    item.resolution = resolution
    item.resolved_at = now
    item.resolved_by = actor
    item.updated_at = now
    fields = ["status", "resolution", "resolved_at", "resolved_by", "updated_at", *touch(item, now=now)]
    item.save(update_fields=fields)
    # The decision on each detector flag is kept as a label for tuning the detectors (services.decisions).
    decision_labels_record(item=item, actor=actor, resolution=resolution, now=now)
    # Handled flags stop counting toward lane and priority; a later flag reopens the item fresh.
    item.flags.filter(dismissed_at__isnull=True).update(dismissed_at=now)
    reporters_notify_resolved(item_id=item.pk, post=item.post)


def audit_if_changed(
    *, item: ReviewItem, actor: Member, action: str, reason: str, before: dict, with_body: bool = False
) -> bool:
    after = item_state(item, with_body=with_body)
    if after == before:
        return False
    audit_record(actor=actor, action=action, item=item, reason=reason, before=before, after=after)
    return True


def _resolving_action(
    *, item: ReviewItem, actor: Member, reason: str, action: str, resolution: str, change
) -> bool:
    require_moderator(actor)
    item = locked_item(item)
    before = item_state(item)
    now = timezone.now()
    change(item.post)
    item.refresh_from_db(fields=["status", "resolution"])
    already = item.status == ReviewItem.Status.RESOLVED and item.resolution == resolution
    if not already:
        _resolve(item, actor=actor, resolution=resolution, now=now)
    return audit_if_changed(item=item, actor=actor, action=action, reason=reason, before=before)


@transaction.atomic
def review_item_approve(*, item: ReviewItem, actor: Member, reason: str = "") -> bool:
    """The post is fine: dismiss the flags and publish it if it was held (see ``post_services.post_approve``).

    Approving a safety item also clears the post's sensitive mark (the flag was a false alarm), so replies
    to it notify people again.
    """

    def change(post: Post) -> None:
        post_services.post_approve(post=post)
        if item.lane == "safety" and post.is_sensitive:
            post_services.post_set_sensitive(post=post, sensitive=False)

    return _resolving_action(
        item=item,
        actor=actor,
        reason=reason,
        action=AuditAction.APPROVE,
        resolution=Resolution.APPROVED,
        change=change,
    )


@transaction.atomic
def review_item_label_off_topic(
    *,
    item: ReviewItem,
    actor: Member,
    reason: str = "",
    member_reason: ModerationReason | None = None,
    member_line: str = "",
) -> bool:
    """Show the reply with an "Off topic" label, collapsed; publish it if it was held. The author is told
    why (``member_reason`` and ``member_line``; see ``notices``)."""

    def change(post: Post) -> None:
        post_services.post_set_off_topic(post=post, off_topic=True)
        post_services.post_approve(post=post)

    changed = _resolving_action(
        item=item,
        actor=actor,
        reason=reason,
        action=AuditAction.OFF_TOPIC,
        resolution=Resolution.OFF_TOPIC,
        change=change,
    )
    if changed:
        _tell_author(item, actor, ModerationNotice.Action.OFF_TOPIC, member_reason, member_line)
    return changed


@transaction.atomic
def review_item_hide(
    *,
    item: ReviewItem,
    actor: Member,
    reason: str = "",
    member_reason: ModerationReason | None = None,
    member_line: str = "",
) -> bool:
    """Hide the post from everyone but moderators and its author, and tell the author why."""
    changed = _resolving_action(
        item=item,
        actor=actor,
        reason=reason,
        action=AuditAction.HIDE,
        resolution=Resolution.HIDDEN,
        change=lambda post: post_services.post_hide(post=post),
    )
    if changed:
        _tell_author(item, actor, ModerationNotice.Action.HIDDEN, member_reason, member_line)
    return changed


def _tell_author(item, actor, action, member_reason, member_line, revision=None) -> None:
    post = Post.objects.select_related("author", "thread").get(pk=item.post_id)
    notice_send(
        member=post.author,
        actor=actor,
        action=action,
        post=post,
        reason=member_reason,
        extra=member_line,
        revision=revision,
    )


@transaction.atomic
def review_item_delete(
    *,
    item: ReviewItem,
    actor: Member,
    reason: str = "",
    member_reason: ModerationReason | None = None,
    member_line: str = "",
) -> bool:
    """Remove the post: hidden, marked deleted and emptied; the text is kept as a revision for moderators
    (and for putting it back if an appeal is upheld). The author is told why."""
    require_moderator(actor)
    item = locked_item(item)
    before = item_state(item, with_body=True)
    now = timezone.now()
    post = Post.objects.select_for_update().get(pk=item.post_id)
    revision = None
    if not post.is_deleted:
        revision = PostRevision.objects.create(
            post=post,
            body=post.body,
            edited_by=actor,
            note=f"Removed by a moderator. {reason}".strip()[:500],
        )
        post_services.post_hide(post=post)
        Post.objects.filter(pk=post.pk).update(deleted_at=now, body="", body_html="")
    elif post.status != Post.Status.HIDDEN:
        post_services.post_hide(post=post)
    item.refresh_from_db(fields=["status", "resolution"])
    if not (item.status == ReviewItem.Status.RESOLVED and item.resolution == Resolution.DELETED):
        _resolve(item, actor=actor, resolution=Resolution.DELETED, now=now)
    changed = audit_if_changed(
        item=item,
        actor=actor,
        action=AuditAction.DELETE,
        reason=reason,
        before=before,
        with_body=True,
    )
    if changed and revision is not None:
        _tell_author(item, actor, ModerationNotice.Action.REMOVED, member_reason, member_line, revision)
    return changed


def _crisis_followup(*, item: ReviewItem, actor: Member, note: str, action: str, resolution: str) -> bool:
    if not (note or "").strip():
        raise ValidationError("Please add a short note about what you did, for the next moderator.")
    return _resolving_action(
        item=item,
        actor=actor,
        reason=note.strip(),
        action=action,
        resolution=resolution,
        change=lambda post: None,
    )


@transaction.atomic
def review_item_mark_reached_out(*, item: ReviewItem, actor: Member, note: str) -> bool:
    """A moderator has reached out to the author privately. The post stays as it is; a check-in is asked
    for later (``follow_ups``)."""
    changed = _crisis_followup(
        item=item,
        actor=actor,
        note=note,
        action=AuditAction.REACHED_OUT,
        resolution=Resolution.REACHED_OUT,
    )
    if changed:
        follow_up_schedule(item=item, actor=actor)
    return changed


@transaction.atomic
def review_item_mark_escalated(*, item: ReviewItem, actor: Member, note: str) -> bool:
    """A moderator has escalated to an emergency contact or service."""
    return _crisis_followup(
        item=item,
        actor=actor,
        note=note,
        action=AuditAction.ESCALATED,
        resolution=Resolution.ESCALATED,
    )
