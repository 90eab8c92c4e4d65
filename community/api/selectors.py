"""Reads for the API: what a viewer may list, with every relation the serializers touch loaded up front."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404

from community.models import Member, MemberMute, Notification, Post, Space, SpaceSubscription, Thread
from community.selectors import (
    member_mutes,
    member_notifications,
    member_recent_posts,
    post_visible_to,
    space_list,
    viewer_can_moderate,
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


def threads_visible_to(viewer) -> QuerySet[Thread]:
    """Threads whose opening post the viewer may read (held or hidden ones only for author and moderators)."""
    threads = Thread.objects.select_related("space", "author")
    if viewer_can_moderate(viewer):
        return threads
    opening_published = Exists(
        Post.objects.filter(thread=OuterRef("pk"), parent__isnull=True, status=Post.Status.PUBLISHED)
    )
    condition = Q(opening_published)
    if viewer is not None and viewer.is_authenticated:
        condition |= Q(author_id=viewer.pk)
    return threads.filter(condition)


def thread_for_viewer(*, thread_id: int, viewer) -> Thread:
    thread = threads_visible_to(viewer).filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    return thread


def opening_post(*, thread: Thread) -> Post:
    return Post.objects.select_related("author", "guest").get(thread=thread, parent__isnull=True)


def post_for_viewer(*, post_id: int, viewer) -> Post:
    """A post the viewer may know about; 404 otherwise, so held and hidden posts don't reveal themselves."""
    post = Post.objects.select_related("author", "guest", "thread__space").filter(pk=post_id).first()
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
    """A member's posts as the viewer may see them gathered on a profile, newest first.

    Others see published posts only, never ones flagged for crisis language (those stay in their thread
    but are not collected elsewhere, as on the profile page), and nothing from a thread they cannot open.
    The member themself and moderators also see held posts. Author, thread and space come in the same query.
    """
    posts = member_recent_posts(member=member, viewer=viewer).select_related("author")
    if viewer_can_moderate(viewer):
        return posts
    if not (_signed_in(viewer) and viewer.pk == member.pk):
        posts = posts.filter(is_sensitive=False)
    return posts.filter(thread__in=threads_visible_to(viewer).values("pk"))
