"""Members: profiles, their posts as a viewer may see them, mutes and muted words, new-member status."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from community.models import (
    Member,
    MemberMute,
    MutedWord,
    Post,
)

from .visibility import annotate_viewer_moderates, moderation_scope, threads_visible_to


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


NEW_MEMBER_DAYS_DEFAULT = 7


PREMODERATE_FIRST_POSTS_DEFAULT = 3


def member_is_new(member: Member) -> bool:
    """New members get pre-moderation (where a space asks for it) until they have a few approved posts."""
    days = getattr(settings, "HEARTH_NEW_MEMBER_DAYS", NEW_MEMBER_DAYS_DEFAULT)
    first_posts = getattr(settings, "HEARTH_PREMODERATE_FIRST_POSTS", PREMODERATE_FIRST_POSTS_DEFAULT)
    if member.date_joined >= timezone.now() - timedelta(days=days):
        return True
    published = Post.objects.filter(author=member, status=Post.Status.PUBLISHED)[:first_posts].count()
    return published < first_posts


def member_has_muted(*, member, muted: Member) -> bool:
    """Whether ``member`` has muted ``muted`` (unique index member+muted; False for anonymous viewers)."""
    if member is None or not member.is_authenticated:
        return False
    return MemberMute.objects.filter(member=member, muted=muted).exists()


def member_mutes(*, member: Member) -> QuerySet[MemberMute]:
    """Members ``member`` has muted, most recent first; each muted member comes in the same query."""
    return (
        MemberMute.objects.filter(member=member)
        .select_related("muted")
        .only("id", "created_at", "member_id", "muted__id", "muted__display_name")
        .order_by("-created_at", "-id")
    )


def member_recent_posts(*, member: Member, viewer=None) -> QuerySet[Post]:
    """A member's posts as ``viewer`` may see them gathered on a profile, newest first (index
    post_author_recent). Shared by the profile page and the API.

    Others see published posts only, never ones flagged for crisis language (those stay in their thread but
    are not collected elsewhere), and nothing from a thread they cannot open. The member themself sees all
    of theirs; moderators also see held and flagged posts in the spaces they moderate. Thread and space
    come in the same query.
    """
    posts = Post.objects.filter(author=member, deleted_at__isnull=True).select_related(
        "thread", "thread__space"
    )
    in_visible_thread = Q(thread__in=threads_visible_to(viewer).values("pk"))
    if viewer is not None and viewer.is_authenticated and viewer.pk == member.pk:
        return posts.filter(in_visible_thread).order_by("-created_at", "-id")
    shown = Q(status=Post.Status.PUBLISHED, is_sensitive=False) & in_visible_thread
    scope = moderation_scope(viewer)
    if scope.anywhere:
        shown |= scope.q("thread__space_id")
    return posts.filter(shown).order_by("-created_at", "-id")


class MutedWords:
    """A member's muted words compiled once per page; ``matches`` tells whether a post should fold."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        # Whole words only ("art" does not fold "party"); a phrase matches with its inner spaces.
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
            if words
            else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def matches(self, *texts: str) -> bool:
        return self._pattern is not None and any(self._pattern.search(text or "") for text in texts)


def member_muted_words(*, member: Member) -> QuerySet[MutedWord]:
    return MutedWord.objects.filter(member=member).order_by("word", "id")


def muted_words_for(viewer) -> MutedWords | None:
    """The viewer's muted words (one query), or None for someone not signed in."""
    if viewer is None or not viewer.is_authenticated:
        return None
    return MutedWords(list(member_muted_words(member=viewer).values_list("word", flat=True)))


def member_for(*, member_id: int, include_closed: bool = False) -> Member:
    """A member by id; closed accounts are 404 unless asked for (an old mute can always be undone)."""
    members = Member.objects.filter(pk=member_id)
    if not include_closed:
        members = members.filter(is_active=True)
    member = members.first()
    if member is None:
        raise Http404
    return member


def member_profile_for(*, member_id: int, viewer) -> Member:
    """An open account's public profile, with ``is_muted`` (has the viewer muted them) in the same query."""
    members = Member.objects.filter(pk=member_id, is_active=True)
    if _signed_in(viewer):
        muted = MemberMute.objects.filter(member=viewer, muted=OuterRef("pk"))  # unique index member+muted
        members = members.annotate(is_muted=Exists(muted))
    else:
        members = members.annotate(is_muted=Value(False, output_field=BooleanField()))
    member = members.first()
    if member is None:
        raise Http404
    return member


def member_posts_for(*, member: Member, viewer) -> QuerySet[Post]:
    """A member's posts as the viewer may see them gathered on a profile (the profile page's rule)."""
    posts = member_recent_posts(member=member, viewer=viewer).select_related("author")
    return annotate_viewer_moderates(posts, viewer)
