"""What community needs from a moderation system, owned by community: the port moderation plugs into.

community never imports moderation. It asks this module (screening a post, whether someone may post, the
support panel, the care page, who moderates which space, a member's moderation data for export/erasure)
and gets plain values back. The ``moderation`` app registers its implementation in
``ModerationConfig.ready()`` (the pattern of django-contrib-comments' ``moderator.register``); without it,
:class:`SafeDefault` answers: nothing flagged, nobody restricted, a support panel that still says to call
the local emergency number, and nobody moderates anything except superusers.

What moderation only *records* (a moderator's edit, closing a thread...) is not asked here: community sends
the signals in ``community.signals`` and moderation receives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from django.db.models import Q

if TYPE_CHECKING:
    from community.models import Member, Post, Space


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


@runtime_checkable
class ModerationPort(Protocol):
    """The calls community makes; every argument is keyword-only in implementations."""

    def screen_post(self, *, post: Post, is_edit: bool) -> ScreeningOutcome:
        """Screen a new or edited post inside the transaction that saves it."""

    def posting_restriction(
        self, *, member: Member, space: Space, is_thread: bool
    ) -> PostingRestriction | None:
        """Why ``member`` may not post in ``space`` now, or None."""

    def support_panel(self, *, member: Member | None = None, country: str = "") -> SupportPanel:
        """The supportive message and crisis lines for ``country`` (ISO code), else the member's country."""

    def care_page(self) -> CareContent:
        """The page "How we look after people here"."""

    def moderator_space_ids(self, *, member: Member) -> list[int] | None:
        """The spaces a moderator acts in, or None for every space. Called only for ``can_moderate``."""

    def moderator_space_q(self, *, member: Member, space_lookup: str) -> Q:
        """The same rule as a filter for list queries, without reading it first."""

    def member_reports(self, *, member_id: int) -> list[dict]:
        """The reports a member made, for their data export."""

    def erase_member_moderation_records(
        self, *, member_id: int, post_ids: list[int], posts_removed: bool
    ) -> dict:
        """Keep only what docs/privacy.md names of an erased member's moderation records."""


# Shown when no moderation app is installed: no admin-edited lines exist, so the copy points to the one
# thing that always works.
DEFAULT_SUPPORT_HEADING = "You don't have to carry this alone"
DEFAULT_SUPPORT_MESSAGE = (
    "If you're struggling right now, please reach out to someone you trust. If you might be in danger, "
    "please call your local emergency number now."
)
DEFAULT_CARE_TITLE = "How we look after people here"
DEFAULT_CARE_BODY_HTML = (
    "<p>People here look out for each other. If you are in danger right now, please call your local "
    "emergency number.</p>"
)


class SafeDefault:
    """The port's answers when no moderation is installed: never blocks, never claims to moderate."""

    def screen_post(self, *, post: Post, is_edit: bool) -> ScreeningOutcome:
        return ScreeningOutcome()

    def posting_restriction(
        self, *, member: Member, space: Space, is_thread: bool
    ) -> PostingRestriction | None:
        return None

    def support_panel(self, *, member: Member | None = None, country: str = "") -> SupportPanel:
        return SupportPanel(heading=DEFAULT_SUPPORT_HEADING, message=DEFAULT_SUPPORT_MESSAGE, resources=())

    def care_page(self) -> CareContent:
        return CareContent(title=DEFAULT_CARE_TITLE, body_html=DEFAULT_CARE_BODY_HTML)

    def moderator_space_ids(self, *, member: Member) -> list[int] | None:
        # Without moderation's profiles nobody is scoped to a space: only superusers act everywhere.
        return None if member.is_superuser else []

    def moderator_space_q(self, *, member: Member, space_lookup: str) -> Q:
        return Q() if member.is_superuser else Q(pk__in=[])

    def member_reports(self, *, member_id: int) -> list[dict]:
        return []

    def erase_member_moderation_records(
        self, *, member_id: int, post_ids: list[int], posts_removed: bool
    ) -> dict:
        return {}


SAFE_DEFAULT = SafeDefault()
_registered: ModerationPort | None = None


def register(impl: ModerationPort) -> None:
    """Plug in the moderation implementation (called from its ``AppConfig.ready()``)."""
    global _registered
    _registered = impl


def get() -> ModerationPort:
    """The registered implementation, else :data:`SAFE_DEFAULT`."""
    return _registered if _registered is not None else SAFE_DEFAULT


# Call sites read as ``moderation_port.screen_post(...)``; each looks the implementation up per call so a
# registration (or a test's monkeypatch of it) takes effect at once.
def screen_post(*, post: Post, is_edit: bool) -> ScreeningOutcome:
    return get().screen_post(post=post, is_edit=is_edit)


def posting_restriction(*, member: Member, space: Space, is_thread: bool) -> PostingRestriction | None:
    return get().posting_restriction(member=member, space=space, is_thread=is_thread)


def support_panel(*, member: Member | None = None, country: str = "") -> SupportPanel:
    return get().support_panel(member=member, country=country)


def care_page() -> CareContent:
    return get().care_page()


def moderator_space_ids(*, member: Member) -> list[int] | None:
    return get().moderator_space_ids(member=member)


def moderator_space_q(*, member: Member, space_lookup: str) -> Q:
    return get().moderator_space_q(member=member, space_lookup=space_lookup)


def member_reports(*, member_id: int) -> list[dict]:
    return get().member_reports(member_id=member_id)


def erase_member_moderation_records(*, member_id: int, post_ids: list[int], posts_removed: bool) -> dict:
    return get().erase_member_moderation_records(
        member_id=member_id, post_ids=post_ids, posts_removed=posts_removed
    )
