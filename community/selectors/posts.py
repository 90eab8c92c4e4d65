"""Posts: one post for a viewer, its place in the thread, reactions, and posts waiting for a reply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from community.models import (
    Post,
    Reaction,
    ReactionKind,
    Space,
)

from .visibility import post_visible_to, threads_visible_to, viewer_moderates_space


def reply_order(order: str | None) -> str:
    order = order or settings.HEARTH_REPLY_ORDER
    return "newest" if order == "newest" else "oldest"


def post_for_display(*, post_id: int, viewer=None) -> Post:
    """A single post with what its pages show (thread, space, author, guest) loaded in one query.

    With a viewer, only from a thread they may see (``threads_visible_to``, in the same query).
    """
    posts = Post.objects.select_related("thread", "thread__space", "author", "guest")
    if viewer is not None:
        posts = posts.filter(thread__in=threads_visible_to(viewer).values("pk"))
    return posts.get(pk=post_id)


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


def reply_page_number(
    *, post: Post, viewer=None, order: str | None = None, per_page: int | None = None
) -> int:
    """The thread page (by top-level reply, as ``thread_page`` paginates) on which ``post`` appears.

    Reads ``post.thread.space_id``: load the thread with the post.
    """
    if post.depth == 0 or post.root_id is None:
        return 1
    order = reply_order(order)
    per_page = per_page or settings.HEARTH_REPLIES_PER_PAGE
    roots = Post.objects.filter(thread_id=post.thread_id, depth=1)
    if not viewer_moderates_space(viewer, post.thread.space_id):
        visible = Q(status=Post.Status.PUBLISHED) | Exists(Post.objects.filter(parent=OuterRef("pk")))
        if viewer is not None and viewer.is_authenticated:
            visible |= Q(author_id=viewer.pk)
        roots = roots.filter(visible)
    before = roots.filter(id__gt=post.root_id) if order == "newest" else roots.filter(id__lt=post.root_id)
    return before.count() // per_page + 1


# ReactionKind.choices builds its list on every access; a page asks once per post.
_REACTION_CHOICES = tuple(ReactionKind.choices)


@dataclass
class PostReactions:
    """Reaction counts per post and kind for a page of posts, and which ones the viewer gave."""

    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    mine: set[tuple[int, str]] = field(default_factory=set)

    def for_post(self, post_id: int) -> list[tuple[str, str, int, bool]]:
        """(kind, label, count, given by the viewer) for every kind, in the fixed order."""
        counts = self.counts.get(post_id, {})
        return [
            (value, label, counts.get(value, 0), (post_id, value) in self.mine)
            for value, label in _REACTION_CHOICES
        ]

    def has_any(self, post_id: int) -> bool:
        return post_id in self.counts


def post_reactions(
    *,
    post_ids: Iterable[int] = (),
    root_ids: Iterable[int] = (),
    thread_id: int | None = None,
    viewer=None,
) -> PostReactions:
    """Counts for ``post_ids``, for every post under ``root_ids`` and for every post of the thread
    ``thread_id``, in one grouped query (index reaction_post_kind), with the viewer's own.

    A thread page asks by ``root_ids`` (its page of top-level replies), or by ``thread_id`` when it holds
    the whole thread, rather than by the id of every reply on it: a 1,000-reply page sent 1,000 parameters
    and spent ~2 ms building them.
    """
    result = PostReactions()
    post_ids, root_ids = list(post_ids), list(root_ids)
    if not post_ids and not root_ids and thread_id is None:
        return result
    if root_ids or thread_id is not None:
        # The posts first, then their reactions by index: an OR across the join would scan every reaction.
        posts = Q(pk__in=post_ids) | Q(root_id__in=root_ids)
        if thread_id is not None:
            posts |= Q(thread_id=thread_id)
        wanted = Q(post_id__in=Post.objects.filter(posts).values("pk"))
    else:
        wanted = Q(post_id__in=post_ids)
    rows = Reaction.objects.filter(wanted).values("post_id", "kind").order_by()
    if viewer is not None and viewer.is_authenticated:
        rows = rows.annotate(n=Count("id"), mine=Count("id", filter=Q(member_id=viewer.pk)))
    else:
        rows = rows.annotate(n=Count("id"))
    for row in rows:
        result.counts.setdefault(row["post_id"], {})[row["kind"]] = row["n"]
        if row.get("mine"):
            result.mine.add((row["post_id"], row["kind"]))
    return result


def post_reactors(*, post: Post) -> QuerySet[Reaction]:
    """Who responded to ``post`` and how, newest first, each member in the same query (for its author)."""
    return (
        Reaction.objects.filter(post=post)
        .select_related("member")
        .only("id", "kind", "created_at", "post_id", "member__id", "member__display_name")
        .order_by("-created_at", "-id")
    )


WAITING_MAX_DAYS_DEFAULT = 7


def viewer_sees_waiting_posts(viewer) -> bool:
    return bool(
        viewer is not None and viewer.is_authenticated and viewer.is_active and viewer.is_peer_supporter
    )


def posts_waiting_for_reply(
    *, now: datetime | None = None, exclude_author_id: int | None = None
) -> QuerySet[Post]:
    """Opening posts in support spaces that nobody else has answered for the space's ``waiting_reply_hours``.

    Oldest wait first. Published, not deleted, in an open thread, and never a post flagged for crisis
    language: those go to the moderators' Safety lane, not to other members. Posts older than
    ``HEARTH_WAITING_MAX_DAYS`` drop off the list. A reply counts when it is published, not deleted and
    written by someone other than the author (a guest's reply counts). One query for the support spaces
    (their hours differ), one for the page; thread, space and author come with the posts.
    """
    now = now or timezone.now()
    max_days = getattr(settings, "HEARTH_WAITING_MAX_DAYS", WAITING_MAX_DAYS_DEFAULT)
    hours = dict(Space.objects.filter(is_support_space=True).values_list("pk", "waiting_reply_hours"))
    if not hours:
        return Post.objects.none()
    due = Q()
    for space_id, space_hours in hours.items():
        due |= Q(thread__space_id=space_id, created_at__lte=now - timedelta(hours=space_hours))
    answered = Post.objects.filter(
        thread_id=OuterRef("thread_id"), depth__gte=1, status=Post.Status.PUBLISHED, deleted_at__isnull=True
    ).exclude(author_id=OuterRef("author_id"), author_id__isnull=False)
    posts = (
        Post.objects.filter(
            due,
            depth=0,
            status=Post.Status.PUBLISHED,
            deleted_at__isnull=True,
            is_sensitive=False,
            thread__is_closed=False,
            created_at__gte=now - timedelta(days=max_days),
        )
        .exclude(Exists(answered))
        .select_related("thread", "thread__space", "author", "guest")
        .order_by("created_at", "id")
    )
    if exclude_author_id is not None:
        posts = posts.exclude(author_id=exclude_author_id)
    return posts
