"""Reads. Each selector decides its query shape so templates and serializers never trigger lazy loads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from community.models import (
    Member,
    MemberMute,
    Notification,
    Post,
    Space,
    SpaceSubscription,
    Thread,
    ThreadSubscription,
)

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


def viewer_can_moderate(viewer) -> bool:
    return bool(viewer is not None and viewer.is_authenticated and viewer.can_moderate)


def post_visible_to(post: Post, viewer) -> bool:
    """Whether ``viewer`` may read this post's text (placeholders keep the tree intact otherwise)."""
    if post.status == Post.Status.PUBLISHED:
        return True
    if viewer_can_moderate(viewer):
        return True
    return viewer is not None and viewer.is_authenticated and post.author_id == viewer.pk


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


def _reply_order(order: str | None) -> str:
    order = order or settings.HEARTH_REPLY_ORDER
    return "newest" if order == "newest" else "oldest"


def thread_for_display(*, thread_id: int) -> Thread:
    return Thread.objects.select_related("space", "author").get(pk=thread_id)


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
    order = _reply_order(order)
    per_page = per_page or settings.HEARTH_REPLIES_PER_PAGE
    opening = Post.objects.select_related("author", "guest").get(thread=thread, parent__isnull=True)
    roots = Post.objects.filter(thread=thread, depth=1)
    if not viewer_can_moderate(viewer):
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
    )


def _assemble(posts: list[Post], root_ids: list[int], viewer, *, newest_first: bool) -> list[ReplyNode]:
    nodes = {p.pk: ReplyNode(post=p, visible=post_visible_to(p, viewer)) for p in posts}
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


def space_list() -> QuerySet[Space]:
    return Space.objects.all()


def space_threads(*, space: Space) -> QuerySet[Thread]:
    """Threads of a space, pinned first then most recently active (index thread_space_listing)."""
    return (
        Thread.objects.filter(space=space)
        .select_related("author")
        .order_by("-is_pinned", "-last_activity_at", "-id")
    )


def member_follows_space(*, member, space: Space) -> bool:
    """Whether ``member`` follows ``space`` (unique index member+space; False for anonymous viewers)."""
    if member is None or not member.is_authenticated:
        return False
    return SpaceSubscription.objects.filter(member=member, space=space).exists()


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


def recent_threads(*, limit: int = 10) -> QuerySet[Thread]:
    return Thread.objects.select_related("space", "author").order_by("-last_activity_at", "-id")[:limit]


def unread_notification_count(*, member: Member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def member_notifications(*, member: Member) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=member).select_related("actor", "thread", "post")


def member_recent_posts(*, member: Member, viewer=None) -> QuerySet[Post]:
    """A member's public posts, newest first (index post_author_recent)."""
    posts = Post.objects.filter(author=member, deleted_at__isnull=True).select_related(
        "thread", "thread__space"
    )
    if not viewer_can_moderate(viewer) and not (viewer is not None and viewer.pk == member.pk):
        posts = posts.filter(status=Post.Status.PUBLISHED)
    return posts.order_by("-created_at", "-id")


def post_for_display(*, post_id: int) -> Post:
    """A single post with what its pages show (thread, space, author, guest) loaded in one query."""
    return Post.objects.select_related("thread", "thread__space", "author", "guest").get(pk=post_id)


def reply_page_number(
    *, post: Post, viewer=None, order: str | None = None, per_page: int | None = None
) -> int:
    """The thread page (by top-level reply, as ``thread_page`` paginates) on which ``post`` appears."""
    if post.depth == 0 or post.root_id is None:
        return 1
    order = _reply_order(order)
    per_page = per_page or settings.HEARTH_REPLIES_PER_PAGE
    roots = Post.objects.filter(thread_id=post.thread_id, depth=1)
    if not viewer_can_moderate(viewer):
        visible = Q(status=Post.Status.PUBLISHED) | Exists(Post.objects.filter(parent=OuterRef("pk")))
        if viewer is not None and viewer.is_authenticated:
            visible |= Q(author_id=viewer.pk)
        roots = roots.filter(visible)
    before = roots.filter(id__gt=post.root_id) if order == "newest" else roots.filter(id__lt=post.root_id)
    return before.count() // per_page + 1
