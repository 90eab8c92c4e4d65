"""Spaces: the list (with whether the viewer follows each), one space, its threads."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value
from django.http import Http404

from community.models import (
    Space,
    SpaceSubscription,
    Thread,
)

from .visibility import threads_visible_to


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


def space_list() -> QuerySet[Space]:
    return Space.objects.all()


def space_threads(*, space: Space, viewer=None) -> QuerySet[Thread]:
    """Threads of a space ``viewer`` may see, pinned first then most recently active (index
    thread_space_listing)."""
    return threads_visible_to(viewer).filter(space=space).order_by("-is_pinned", "-last_activity_at", "-id")


def member_follows_space(*, member, space: Space) -> bool:
    """Whether ``member`` follows ``space`` (unique index member+space; False for anonymous viewers)."""
    if member is None or not member.is_authenticated:
        return False
    return SpaceSubscription.objects.filter(member=member, space=space).exists()


def spaces_for(viewer) -> QuerySet[Space]:
    """Every space, with ``is_following`` for the viewer in the same query (unique index member+space).

    An ``Exists`` per row rather than a lookup per serialized space keeps the list at one query.
    """
    if not _signed_in(viewer):
        return space_list().annotate(is_following=Value(False, output_field=BooleanField()))
    following = SpaceSubscription.objects.filter(space=OuterRef("pk"), member=viewer)
    return space_list().annotate(is_following=Exists(following))


def space_for(*, slug: str, viewer) -> Space:
    space = spaces_for(viewer).filter(slug=slug).first()
    if space is None:
        raise Http404
    return space
