"""Threads: one thread with its reply tree, lists of recent threads, a thread by id for a viewer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404

from community.models import (
    Post,
    Thread,
    ThreadSubscription,
)

from .members import MutedWords, muted_words_for
from .posts import PostReactions, post_reactions, reply_order
from .visibility import (
    VIEWER_MODERATES,
    moderation_scope,
    post_visible_to,
    threads_visible_to,
    viewer_moderates_space,
)


@dataclass
class ReplyNode:
    post: Post
    visible: bool
    children: list[ReplyNode] = field(default_factory=list)


@dataclass
class ThreadPage:
    thread: Thread
    opening_post: Post
    replies: list[ReplyNode]
    page: Page
    order: str
    is_following: bool
    reactions: PostReactions | None = None
    muted: MutedWords | None = None


def thread_for_display(*, thread_id: int, viewer=None) -> Thread:
    """The thread with its space and author, when ``viewer`` may see it (``Thread.DoesNotExist`` otherwise).

    Without a viewer, as anyone signed out sees it. For a moderator the same query says whether they
    moderate its space, so the thread page's checks need no read of their spaces.
    """
    threads = threads_visible_to(viewer)
    scope = moderation_scope(viewer)
    if not scope.anywhere or scope.is_read:
        return threads.get(pk=thread_id)
    in_scope = ExpressionWrapper(scope.q("space_id"), output_field=BooleanField())
    thread = threads.annotate(**{VIEWER_MODERATES: in_scope}).get(pk=thread_id)
    scope.remember(thread.space_id, getattr(thread, VIEWER_MODERATES))
    return thread


def thread_page(
    *,
    thread: Thread,
    viewer=None,
    page_number: int | str = 1,
    order: str | None = None,
    per_page: int | None = None,
) -> ThreadPage:
    """One page of a thread: the opening post plus a page of top-level replies with all their descendants.

    A fixed number of queries whatever the thread size: the opening post, the page of top-level reply ids
    (plus its count), and every post under those roots in one fetch (index post_root).
    """
    order = reply_order(order)
    per_page = per_page or settings.HEARTH_REPLIES_PER_PAGE
    opening = Post.objects.select_related("author", "guest").get(thread=thread, parent__isnull=True)
    opening.thread = thread  # the loaded thread: visibility checks read its space without a query
    roots = Post.objects.filter(thread=thread, depth=1)
    if not viewer_moderates_space(viewer, thread.space_id):
        # A hidden or held top-level reply is listed only when the viewer wrote it or it has replies.
        visible = Q(status=Post.Status.PUBLISHED) | Exists(Post.objects.filter(parent=OuterRef("pk")))
        if viewer is not None and viewer.is_authenticated:
            visible |= Q(author_id=viewer.pk)
        roots = roots.filter(visible)
    roots = roots.order_by("-id" if order == "newest" else "id").values_list("id", flat=True)
    page = Paginator(roots, per_page).get_page(page_number)
    root_ids = list(page.object_list)
    posts = (
        list(Post.objects.filter(root_id__in=root_ids).select_related("author", "guest").order_by("id"))
        if root_ids
        else []
    )
    for post in posts:
        post.thread = thread
    replies = _assemble(posts, root_ids, viewer, newest_first=(order == "newest"))
    is_following = bool(
        viewer is not None
        and viewer.is_authenticated
        and ThreadSubscription.objects.filter(thread=thread, member=viewer).exists()
    )
    return ThreadPage(
        thread=thread,
        opening_post=opening,
        replies=replies,
        page=page,
        order=order,
        is_following=is_following,
        # One query each for the whole page, never one per reply.
        reactions=post_reactions(post_ids=[opening.pk, *(p.pk for p in posts)], viewer=viewer),
        muted=muted_words_for(viewer),
    )


def _assemble(posts: list[Post], root_ids: list[int], viewer, *, newest_first: bool) -> list[ReplyNode]:
    nodes = {
        p.pk: ReplyNode(post=p, visible=post_visible_to(p, viewer, space_id=p.thread.space_id)) for p in posts
    }
    for post in posts:  # ascending id: a parent always precedes its children
        if post.depth > 1 and post.parent_id in nodes:
            nodes[post.parent_id].children.append(nodes[post.pk])
    if newest_first:
        for node in nodes.values():
            node.children.reverse()
    _prune_invisible_leaves(nodes, root_ids)
    return [nodes[i] for i in root_ids if i in nodes]


def _prune_invisible_leaves(nodes: dict[int, ReplyNode], root_ids: list[int]) -> None:
    """Drop held/hidden replies nobody may read unless something visible hangs under them."""

    def keep(node: ReplyNode) -> bool:
        node.children = [child for child in node.children if keep(child)]
        return node.visible or bool(node.children)

    for root_id in root_ids:
        if root_id in nodes:
            keep(nodes[root_id])


def recent_threads(*, viewer=None, limit: int = 10) -> QuerySet[Thread]:
    """The most recently active threads ``viewer`` may see (index thread_recent)."""
    return threads_visible_to(viewer).order_by("-last_activity_at", "-id")[:limit]


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
