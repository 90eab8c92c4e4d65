"""Moderators' private notes about a member."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from community.models import Member
from moderation.models import AuditAction, ModeratorNote

from .audit import audit_record
from .review_items import require_moderator


@transaction.atomic
def moderator_note_add(*, member: Member, actor: Member, body: str) -> ModeratorNote:
    """A private note about a member, for other moderators."""
    require_moderator(actor)
    body = (body or "").strip()
    if not body:
        raise ValidationError("The note is empty.")
    note = ModeratorNote.objects.create(member=member, author=actor, body=body[:4000])
    audit_record(
        actor=actor, action=AuditAction.NOTE, member=member, reason=body[:4000], after={"note": note.pk}
    )
    return note
