"""A moderator's change to a post's content warning goes into the audit log, in the same transaction."""

from __future__ import annotations

from django.dispatch import receiver

from community.services.content_warnings import content_warning_changed_by_moderator
from moderation.models import AuditAction
from moderation.services.audit import audit_record


@receiver(content_warning_changed_by_moderator, dispatch_uid="moderation.audit_content_warning")
def audit_content_warning(sender, *, post, actor, previous: str, warning: str, **kwargs) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EDIT,
        post=post,
        reason="Content warning added" if warning else "Content warning removed",
        before={"content_warning": previous},
        after={"content_warning": warning},
    )
