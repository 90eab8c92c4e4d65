"""Reads for the API: what a viewer may list, with every relation the serializers touch loaded up front."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, OuterRef, QuerySet, Value
from django.http import Http404

from community.models import Member, MemberMute, Notification, Post, Space, SpaceSubscription, Thread
from community.selectors import (
    annotate_viewer_moderates,
    member_mutes,
    member_notifications,
    member_recent_posts,
    post_visible_to,
    space_list,
    thread_for_display,
    threads_visible_to,
)


def _signed_in(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


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


def thread_for_viewer(*, thread_id: int, viewer) -> Thread:
    """A thread ``viewer`` may see (``community.selectors.threads_visible_to``, the web's rule too); 404
    otherwise."""
    try:
        return thread_for_display(thread_id=thread_id, viewer=viewer)
    except Thread.DoesNotExist:
        raise Http404 from None


def opening_post(*, thread: Thread) -> Post:
    post = Post.objects.select_related("author", "guest").get(thread=thread, parent__isnull=True)
    post.thread = thread  # already loaded: permission checks read its space without a query
    return post


def post_for_viewer(*, post_id: int, viewer) -> Post:
    """A post the viewer may know about; 404 otherwise, so held and hidden posts don't reveal themselves.

    Nothing in a thread the viewer cannot see either (checked in the same query).
    """
    visible_threads = threads_visible_to(viewer).values("pk")
    post = (
        Post.objects.select_related("author", "guest", "thread__space")
        .filter(pk=post_id, thread__in=visible_threads)
        .first()
    )
    if post is None or not post_visible_to(post, viewer):
        raise Http404
    return post


def notifications_for(*, member) -> QuerySet[Notification]:
    return member_notifications(member=member)


def member_for(*, member_id: int, include_closed: bool = False) -> Member:
    """A member by id; closed accounts are 404 unless asked for (an old mute can always be undone)."""
    members = Member.objects.filter(pk=member_id)
    if not include_closed:
        members = members.filter(is_active=True)
    member = members.first()
    if member is None:
        raise Http404
    return member


def mutes_for(*, member: Member) -> QuerySet[MemberMute]:
    """The members ``member`` has muted, each muted member loaded in the same query."""
    return member_mutes(member=member)


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
