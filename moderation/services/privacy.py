"""Moderation's part of a member's data: what they reported (for their export) and what is kept of them
after their account is erased. docs/privacy.md names what stays; this module is that list in code."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from moderation.models import AuditLogEntry, Flag, ModeratorNote, Sanction


def member_reports_for_export(*, member_id: int) -> list[dict]:
    """The reports this member made: which post, the reason, their note and when (one query)."""
    flags = (
        Flag.objects.filter(reporter_id=member_id, source=Flag.Source.MEMBER)
        .select_related("item")
        .only("category", "subtype", "note", "created_at", "item__post_id")
        .order_by("created_at", "id")
    )
    return [
        {
            "post": flag.item.post_id,
            "reason": flag.subtype or flag.category,
            "note": flag.note,
            "created_at": flag.created_at.isoformat(),
        }
        for flag in flags
    ]


@transaction.atomic
def member_moderation_records_erase(*, member_id: int, post_ids: list[int], posts_removed: bool) -> dict:
    """Keep only what docs/privacy.md names about an erased member; returns counts of what changed.

    Kept: that a report, sanction or moderator action happened, its kind and its time (the community's
    safety record). Erased: the notes they wrote on reports, moderators' private notes about them, the
    reasons written on their sanctions and on audit entries about them, and, when their posts are
    removed, any copy of those posts' text (detector evidence, before/after in the audit log).
    """
    changed = {
        "report_notes": Flag.objects.filter(reporter_id=member_id).exclude(note="").update(note=""),
        "reports_unlinked": Flag.objects.filter(reporter_id=member_id).update(reporter=None),
        "moderator_notes": ModeratorNote.objects.filter(member_id=member_id).delete()[0],
        "sanction_reasons": Sanction.objects.filter(member_id=member_id).exclude(reason="").update(reason=""),
    }
    about_them = Q(target_member_id=member_id)
    if posts_removed and post_ids:
        about_them |= Q(target_post_id__in=post_ids)
        changed["evidence"] = (
            Flag.objects.filter(item__post_id__in=post_ids).exclude(evidence=[]).update(evidence=[])
        )
    changed["audit_entries"] = AuditLogEntry.objects.filter(about_them).update(reason="", before={}, after={})
    return changed
