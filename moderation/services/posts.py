"""What moderators do to a post from its review item (the item stays open)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from community.models import Member, PostRevision
from community.services import posts as post_services
from moderation.models import AuditAction, ModerationNotice, ModerationReason, ReviewItem

from .notices import notice_send
from .review_items import audit_if_changed, item_state, item_touch, locked_item, require_moderator


@transaction.atomic
def review_item_edit_post(
    *,
    item: ReviewItem,
    actor: Member,
    body: str,
    note: str,
    member_reason: ModerationReason | None = None,
) -> bool:
    """Edit the post's text with a note; the previous text is kept as a revision. The item stays open.
    The author is told why: ``member_reason`` if picked, and the note (which they can see anyway)."""
    require_moderator(actor)
    if not (note or "").strip():
        raise ValidationError("Please say why you edited the post; the author and other moderators see it.")
    item = locked_item(item)
    before = item_state(item, with_body=True)
    post_services.post_edit(
        post=item.post, actor=actor, body=body, note=note.strip()[:500], record_moderation=False
    )
    item.refresh_from_db()
    changed = audit_if_changed(
        item=item, actor=actor, action=AuditAction.EDIT, reason=note, before=before, with_body=True
    )
    if changed:
        item_touch(item, timezone.now())
        post = item.post
        notice_send(
            member=post.author,
            actor=actor,
            action=ModerationNotice.Action.EDITED,
            post=post,
            reason=member_reason,
            extra=note,
            revision=PostRevision.objects.filter(post=post).order_by("-created_at", "-id").first(),
        )
    return changed
