"""What moderators do to a thread from a review item (the item stays open). Closing a thread from its
own page is community's ``thread_close``, audited by ``moderation.receivers``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from community.models import Member
from community.services.threads import thread_close
from moderation.models import AuditAction, ReviewItem

from .audit import audit_record
from .review_items import item_touch, locked_item, require_moderator


@transaction.atomic
def review_item_close_thread(*, item: ReviewItem, actor: Member, reason: str = "") -> bool:
    """Close the post's thread to new replies. The item stays open."""
    require_moderator(actor)
    item = locked_item(item)
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
    item_touch(item, timezone.now())
    return True
