"""The one entry point the community app uses to reach moderation.

``community`` imports nothing else from ``moderation``; everything here takes and returns plain values or
community models, so moderation's internals (detectors, flags, the review queue) can change freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from community.models import Member, Post, Space, Thread


@dataclass(frozen=True)
class PostingRestriction:
    """Why a member may not post right now, in words we can show them."""

    kind: str  # "silenced", "suspended" or "rate_limited"
    message: str
    until: datetime | None = None


@dataclass(frozen=True)
class ScreeningOutcome:
    """What community must apply to a post after screening, inside the same transaction."""

    hold: bool = False
    hold_reason: str = ""  # one of community.models.Post.HoldReason
    sensitive: bool = False  # crisis language: keep visible, never fan out to others
    show_support: bool = False  # show the author the support panel at once
    categories: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SupportResource:
    name: str
    description: str
    phone: str = ""
    text: str = ""
    url: str = ""
    country: str = ""  # ISO code; empty for international lines
    country_name: str = ""  # "New Zealand"; "Worldwide" for international lines
    hours: str = ""  # opening hours as people should read them
    last_checked: date | None = None  # when an admin last confirmed the line works


@dataclass(frozen=True)
class SupportResourceGroup:
    country_name: str
    resources: tuple[SupportResource, ...]


@dataclass(frozen=True)
class SupportPanel:
    heading: str
    message: str
    resources: tuple[SupportResource, ...]  # shown first: at most three, the reader's country first
    country: str = ""  # the country the lines were chosen for; empty when we don't know it
    country_name: str = ""
    other_groups: tuple[SupportResourceGroup, ...] = ()  # every other line, by country, folded away


@dataclass(frozen=True)
class CareContent:
    """The public page "How we look after people here" (admin-edited, rendered and sanitised)."""

    title: str
    body_html: str
    updated_at: datetime | None = None


# Member-facing report reasons; the community Report form offers exactly these.
REPORT_REASONS: tuple[tuple[str, str], ...] = (
    ("crisis", "I'm worried about this person"),
    ("off_topic", "Off topic"),
    ("spam", "Spam or advertising"),
    ("harassment", "Harassment or unkindness"),
    ("other", "Something else"),
)


def posting_restriction(*, member: Member, space: Space, is_thread: bool) -> PostingRestriction | None:
    """Return why ``member`` may not post in ``space`` now (silenced, suspended, new-member limits)."""
    # Implemented by the moderation app's sanctions and trust rules (see moderation.services).
    from moderation.services import sanctions

    return sanctions.posting_restriction(member=member, space=space, is_thread=is_thread)


def screen_post(*, post: Post, is_edit: bool) -> ScreeningOutcome:
    """Screen a new or edited post synchronously (crisis + spam) and queue the slower off-topic pass.

    Called inside the transaction that saves the post; flags, review items and alerts are written in it.
    """
    from moderation.services import screening

    return screening.screen_post(post=post, is_edit=is_edit)


def report_post(*, post: Post, reporter: Member, reason: str, note: str = "") -> bool:
    """Record a member's report; returns False when this member had already reported this post."""
    from moderation.services import reports

    return reports.report_create(post=post, reporter=reporter, reason=reason, note=note)


def support_panel(*, member: Member | None = None, country: str = "") -> SupportPanel:
    """The supportive message and crisis lines for ``country`` (an ISO code), else the member's country
    preference (admin-editable); community.care.support_panel_for_request decides which country."""
    from moderation.services import support

    return support.support_panel_for(member=member, country=country)


def care_page() -> CareContent:
    """The admin-edited page "How we look after people here"."""
    from moderation.services import support

    return support.care_page_content()


def close_thread(*, thread: Thread, moderator: Member, reason: str = "") -> bool:
    """Close ``thread`` to new replies as ``moderator``, with an audit-log entry; False if already closed."""
    from moderation.services import actions

    return actions.thread_lock(thread=thread, moderator=moderator, reason=reason)


def reopen_thread(*, thread: Thread, moderator: Member, reason: str = "") -> bool:
    """Reopen ``thread`` as ``moderator``, with an audit-log entry; False if it was open."""
    from moderation.services import actions

    return actions.thread_unlock(thread=thread, moderator=moderator, reason=reason)


def moderate_post(*, post: Post, moderator: Member, change: str, reason: str = "") -> bool:
    """Hide, publish, label or clear the off-topic label of ``post`` as ``moderator``, with an audit-log
    entry. ``change`` is "hide", "publish", "label_off_topic" or "clear_off_topic"; False if nothing changed.
    """
    from moderation.services import actions

    return actions.post_moderate(post=post, moderator=moderator, change=change, reason=reason)


def record_moderator_edit(*, post: Post, moderator: Member, previous_body: str, note: str = "") -> None:
    """Write the audit-log entry for a moderator's edit of someone else's post (before/after text)."""
    from moderation.services import actions

    actions.post_edit_record(post=post, moderator=moderator, previous_body=previous_body, note=note)


def moderator_space_ids(*, member: Member) -> list[int] | None:
    """The spaces ``member`` moderates, or None for every space: moderation's one space-scope rule.

    Only meaningful for someone who can moderate at all (``Member.can_moderate``); callers check that first.
    """
    from moderation import selectors

    return selectors.moderator_space_ids(member)


def moderator_spaces(*, member: Member):
    """The same rule as a lazy query of space ids, for filtering lists in SQL without reading it first:
    a member moderates a space when this is empty or lists it."""
    from moderation import selectors

    return selectors.moderator_spaces(member)


def member_reports(*, member_id: int) -> list[dict]:
    """The reports ``member_id`` made (post, reason, note, time), for their data export."""
    from moderation.services import privacy

    return privacy.member_reports_for_export(member_id=member_id)


def erase_member_moderation_records(*, member_id: int, post_ids: list[int], posts_removed: bool) -> dict:
    """Keep only what docs/privacy.md names of an erased member's moderation records."""
    from moderation.services import privacy

    return privacy.member_moderation_records_erase(
        member_id=member_id, post_ids=post_ids, posts_removed=posts_removed
    )
