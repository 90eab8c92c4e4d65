"""What moderators do to review items, posts, threads and members. One function per action.

Every function:
- takes keyword-only arguments and the acting ``moderator``, refusing anyone who cannot moderate;
- runs in one transaction with its immutable audit row (who, what, why, before, after);
- is idempotent: it compares the state before and after and, when nothing changed, writes nothing and
  returns False;
- counts as human action on the item (first_human_action_at, claim freshness).

Resolving actions (approve, off-topic, hide, delete, reached out, escalated) close the item, mark its flags
handled and tell the members who reported the post that it was dealt with (never what was done).
Edit, closing the thread, warn, silence and suspend leave the item open: the moderator usually does one of
them and then resolves the item.
Closing a thread from its own page and the admin's bulk post changes are community's services
(``thread_close``, ``post_moderate``); moderation audits them from community's signals (``receivers``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community.models import Member, Notification, Post, PostRevision
from community.services import posts as post_services
from community.services.notifications import notify
from community.services.threads import thread_close
from moderation.models import AuditAction, ModeratorNote, ReviewItem, Sanction

from .audit import audit_record, item_snapshot, post_snapshot
from .care import moderator_signature
from .decisions import decision_labels_record
from .follow_ups import follow_up_schedule
from .queue import touch
from .reports import reporters_notify_resolved

Resolution = ReviewItem.Resolution


def _require_moderator(moderator: Member) -> None:
    if moderator is None or not moderator.is_authenticated or not moderator.can_moderate:
        raise PermissionDenied("Only moderators can do this.")


def _lock(item: ReviewItem) -> ReviewItem:
    # of=("self",): lock the item row only; PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join that select_related("post__author") makes.
    return (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("post__thread__space", "post__author")
        .get(pk=item.pk)
    )


def _state(item: ReviewItem, *, with_body: bool = False) -> dict[str, Any]:
    post = Post.objects.get(pk=item.post_id)
    return {"item": item_snapshot(item), "post": post_snapshot(post, with_body=with_body)}


def _touch_and_save(item: ReviewItem, now) -> None:
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


def _finish(
    *, item: ReviewItem, actor: Member, action: str, reason: str, before: dict, with_body: bool = False
) -> bool:
    after = _state(item, with_body=with_body)
    if after == before:
        return False
    audit_record(actor=actor, action=action, item=item, reason=reason, before=before, after=after)
    return True


def _resolving_action(
    *, item: ReviewItem, actor: Member, reason: str, action: str, resolution: str, change
) -> bool:
    _require_moderator(actor)
    item = _lock(item)
    before = _state(item)
    now = timezone.now()
    change(item.post)
    item.refresh_from_db(fields=["status", "resolution"])
    already = item.status == ReviewItem.Status.RESOLVED and item.resolution == resolution
    if not already:
        _resolve(item, actor=actor, resolution=resolution, now=now)
    return _finish(item=item, actor=actor, action=action, reason=reason, before=before)


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
def review_item_label_off_topic(*, item: ReviewItem, actor: Member, reason: str = "") -> bool:
    """Show the reply with an "Off topic" label, collapsed; publish it if it was held."""

    def change(post: Post) -> None:
        post_services.post_set_off_topic(post=post, off_topic=True)
        post_services.post_approve(post=post)

    return _resolving_action(
        item=item,
        actor=actor,
        reason=reason,
        action=AuditAction.OFF_TOPIC,
        resolution=Resolution.OFF_TOPIC,
        change=change,
    )


@transaction.atomic
def review_item_hide(*, item: ReviewItem, actor: Member, reason: str = "") -> bool:
    """Hide the post from everyone but moderators and its author."""
    return _resolving_action(
        item=item,
        actor=actor,
        reason=reason,
        action=AuditAction.HIDE,
        resolution=Resolution.HIDDEN,
        change=lambda post: post_services.post_hide(post=post),
    )


@transaction.atomic
def review_item_delete(*, item: ReviewItem, actor: Member, reason: str = "") -> bool:
    """Remove the post: hidden, marked deleted and emptied; the text is kept as a revision for moderators."""
    _require_moderator(actor)
    item = _lock(item)
    before = _state(item, with_body=True)
    now = timezone.now()
    post = Post.objects.select_for_update().get(pk=item.post_id)
    if not post.is_deleted:
        PostRevision.objects.create(
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
    return _finish(
        item=item,
        actor=actor,
        action=AuditAction.DELETE,
        reason=reason,
        before=before,
        with_body=True,
    )


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


@transaction.atomic
def review_item_edit_post(*, item: ReviewItem, actor: Member, body: str, note: str) -> bool:
    """Edit the post's text with a note; the previous text is kept as a revision. The item stays open."""
    _require_moderator(actor)
    if not (note or "").strip():
        raise ValidationError("Please say why you edited the post; the author and other moderators see it.")
    item = _lock(item)
    before = _state(item, with_body=True)
    post_services.post_edit(
        post=item.post, actor=actor, body=body, note=note.strip()[:500], record_moderation=False
    )
    item.refresh_from_db()
    changed = _finish(
        item=item, actor=actor, action=AuditAction.EDIT, reason=note, before=before, with_body=True
    )
    if changed:
        _touch_and_save(item, timezone.now())
    return changed


@transaction.atomic
def review_item_close_thread(*, item: ReviewItem, actor: Member, reason: str = "") -> bool:
    """Close the post's thread to new replies. The item stays open."""
    _require_moderator(actor)
    item = _lock(item)
    thread = item.post.thread
    if not thread_close(thread=thread, actor=actor, reason=reason, record_moderation=False):
        return False
    audit_record(
        actor=actor,
        action=AuditAction.CLOSE,
        item=item,
        reason=reason,
        before={"thread": {"id": thread.pk, "is_closed": False}},
        after={"thread": {"id": thread.pk, "is_closed": True}},
    )
    _touch_and_save(item, timezone.now())
    return True


@transaction.atomic
def review_item_warn_author(*, item: ReviewItem, actor: Member, message: str) -> bool:
    """Send the author a private message from the moderators about this post (once per post)."""
    _require_moderator(actor)
    message = (message or "").strip()
    if not message:
        raise ValidationError("Please write the message the member will read.")
    item = _lock(item)
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
    _touch_and_save(item, timezone.now())
    return True


def _sanction(
    *, member: Member, actor: Member, kind: str, days: int | None, reason: str, item: ReviewItem | None
) -> bool:
    _require_moderator(actor)
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
    from .sanctions import _sanction_message

    notify(
        recipient=member,
        kind=Notification.Kind.MODERATOR_MESSAGE,
        message=_sanction_message(member, sanction),
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
        locked = _lock(item)
        _touch_and_save(locked, now)
    return True


@transaction.atomic
def member_silence(
    *, member: Member, actor: Member, days: int, reason: str = "", item: ReviewItem | None = None
) -> bool:
    """Make a member read-only for ``days`` days."""
    return _sanction(
        member=member, actor=actor, kind=Sanction.Kind.SILENCE, days=days, reason=reason, item=item
    )


@transaction.atomic
def member_suspend(
    *,
    member: Member,
    actor: Member,
    days: int | None = None,
    reason: str = "",
    item: ReviewItem | None = None,
) -> bool:
    """Suspend a member for ``days`` days, or until lifted when ``days`` is None."""
    return _sanction(
        member=member, actor=actor, kind=Sanction.Kind.SUSPENSION, days=days, reason=reason, item=item
    )


@transaction.atomic
def sanction_revoke(*, sanction: Sanction, actor: Member, reason: str = "") -> bool:
    _require_moderator(actor)
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


@transaction.atomic
def moderator_note_add(*, member: Member, actor: Member, body: str) -> ModeratorNote:
    """A private note about a member, for other moderators."""
    _require_moderator(actor)
    body = (body or "").strip()
    if not body:
        raise ValidationError("The note is empty.")
    note = ModeratorNote.objects.create(member=member, author=actor, body=body[:4000])
    audit_record(
        actor=actor, action=AuditAction.NOTE, member=member, reason=body[:4000], after={"note": note.pk}
    )
    return note
