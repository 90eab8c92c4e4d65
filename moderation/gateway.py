"""moderation's implementation of ``community.moderation_port`` (registered in ``ModerationConfig.ready()``).

community never imports this module: it asks its own port, and this module answers with moderation's
detectors, sanctions, support lines and moderator profiles. Every function takes and returns plain values or
community models, so moderation's internals can change freely.
"""

from __future__ import annotations

from django.db.models import Exists, Q

from community.models import Member, Post, Space
from community.moderation_port import (  # noqa: F401  (re-exported for moderation's code and tests)
    CareContent,
    PostingRestriction,
    ScreeningOutcome,
    SupportPanel,
    SupportResource,
    SupportResourceGroup,
)
from moderation import selectors
from moderation.services import privacy, sanctions, screening, support


def posting_restriction(*, member: Member, space: Space, is_thread: bool) -> PostingRestriction | None:
    """Return why ``member`` may not post in ``space`` now (silenced, suspended, new-member limits)."""
    return sanctions.posting_restriction(member=member, space=space, is_thread=is_thread)


def screen_post(*, post: Post, is_edit: bool) -> ScreeningOutcome:
    """Screen a new or edited post synchronously (crisis + spam) and queue the slower off-topic pass.

    Called inside the transaction that saves the post; flags, review items and alerts are written in it.
    """
    return screening.screen_post(post=post, is_edit=is_edit)


def support_panel(*, member: Member | None = None, country: str = "") -> SupportPanel:
    """The supportive message and crisis lines for ``country`` (an ISO code), else the member's country
    preference (admin-editable); community.care.support_panel_for_request decides which country."""
    return support.support_panel_for(member=member, country=country)


def care_page() -> CareContent:
    """The admin-edited page "How we look after people here"."""
    return support.care_page_content()


def moderator_space_ids(*, member: Member) -> list[int] | None:
    """The spaces ``member`` moderates, or None for every space: moderation's one space-scope rule.

    Only meaningful for someone who can moderate at all (``Member.can_moderate``); callers check that first.
    """
    return selectors.moderator_space_ids(member)


def moderator_space_q(*, member: Member, space_lookup: str) -> Q:
    """The same rule as a filter, with the spaces as a subquery (no read first): a member moderates a space
    when their profile lists no spaces or lists it."""
    spaces = selectors.moderator_spaces(member)
    return ~Q(Exists(spaces)) | Q(**{f"{space_lookup}__in": spaces})


def member_reports(*, member_id: int) -> list[dict]:
    """The reports ``member_id`` made (post, reason, note, time), for their data export."""
    return privacy.member_reports_for_export(member_id=member_id)


def erase_member_moderation_records(*, member_id: int, post_ids: list[int], posts_removed: bool) -> dict:
    """Keep only what docs/privacy.md names of an erased member's moderation records."""
    return privacy.member_moderation_records_erase(
        member_id=member_id, post_ids=post_ids, posts_removed=posts_removed
    )
