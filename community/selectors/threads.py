"""Threads: one thread with its reply tree, lists of recent threads, a thread by id for a viewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Window
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


class PostAuthor:
    """The author of a row in the reply tree: what the page and the API show of them."""

    __slots__ = ("pk", "display_name", "email")

    def __init__(self, pk: int, display_name: str, email: str | None) -> None:
        self.pk = pk
        self.display_name = display_name
        self.email = email

    @property
    def id(self) -> int:
        return self.pk


class PostGuest:
    """A guest author of a row in the reply tree: only their name (their email is never shown)."""

    __slots__ = ("pk", "name")

    def __init__(self, pk: int, name: str) -> None:
        self.pk = pk
        self.name = name


class ReplyRow:
    """A reply on a thread page, read as plain column values instead of a ``Post`` instance.

    Why: a 1,000-reply page spent two thirds of its selector time building ~2,000 model instances (each
    post with its author or guest, ~25 fields each). The tree only reads the fields below, so it gets them
    as one ``values_list`` row. It answers the attributes the reply tree, the API's serializers and the
    visibility rules read on a ``Post`` (``pk``, ``author.display_name``, ``is_deleted``, ``thread``...).
    It is read-only: writes load the ``Post`` itself.
    """

    __slots__ = (
        "pk",
        "parent_id",
        "depth",
        "status",
        "hold_reason",
        "is_off_topic",
        "is_sensitive",
        "content_warning",
        "body",
        "body_html",
        "created_at",
        "edited_at",
        "deleted_at",
        "author_id",
        "guest_id",
        "author",
        "guest",
        "thread",
        "thread_id",
    )

    @property
    def id(self) -> int:
        return self.pk

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def author_name(self) -> str:
        if self.author is not None:
            return self.author.display_name
        if self.guest is not None:
            return self.guest.name
        return "A former member"


# What the page shows of each reply (a ReplyRow's attributes).
_PAGE_COLUMNS = (
    "id",
    "parent_id",
    "depth",
    "status",
    "is_off_topic",
    "content_warning",
    "body_html",
    "created_at",
    "edited_at",
    "deleted_at",
    "author_id",
    "author__display_name",
    "guest_id",
    "guest__name",
)
# The Markdown source: the API returns it, and the page matches the reader's muted words against it.
_SOURCE_COLUMNS = ("body",)
# What the API also returns: the hold reason and sensitivity to moderators, an author's email to staff.
_API_COLUMNS = ("hold_reason", "is_sensitive", "author__email")


def _raw_rows(query: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` query as the database driver returns them, without Django's
    per-value converters.

    Why: on SQLite, Django passes every value of every row through a generator of converters; for the
    1,000 rows of a whole thread that was ~2.4 ms of ~7.4 (A/B in one process). The drivers already give
    ints, strings and booleans (Django registers SQLite's ``bool`` converter), and datetimes that are
    aware on PostgreSQL and naive UTC on SQLite (``_aware_in`` finishes those). Use it only for queries
    whose columns are of those types.
    """
    sql, params = query.query.get_compiler(using=query.db).as_sql()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _aware_in(connection) -> Callable[[datetime], datetime]:
    """What Django's datetime converter does to a stored value: naive values are in the connection's zone."""
    if not settings.USE_TZ:
        return lambda value: value
    zone = connection.timezone

    def aware(value: datetime) -> datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)

    return aware


@dataclass
class _ThreadRows:
    opening: ReplyRow
    replies: list[ReplyRow]  # oldest first


def _thread_rows(
    *, thread: Thread, root_ids: list[int] | None, with_source: bool, for_api: bool
) -> _ThreadRows:
    """The opening post and every post under ``root_ids`` (index post_root), oldest first, as rows; one query.
    ``root_ids=None``: every post of the thread (index post_thread_depth), for a page that holds them all.

    Only the columns the caller shows are read (the Markdown source is ~half of a page's bytes); a row
    leaves the others unset, so reading one raises ``AttributeError`` rather than giving a wrong value.
    """
    with_source = with_source or for_api
    columns = _PAGE_COLUMNS
    if with_source:
        columns += _SOURCE_COLUMNS
    if for_api:
        columns += _API_COLUMNS
    authors: dict[int, PostAuthor] = {}
    guests: dict[int, PostGuest] = {}
    opening = None
    replies = []
    new = ReplyRow.__new__
    thread_id = thread.pk
    body_at = len(_PAGE_COLUMNS)
    if root_ids is None:
        wanted = Q(thread_id=thread_id)
    else:
        wanted = Q(thread_id=thread_id, depth=0)
        if root_ids:
            wanted |= Q(root_id__in=root_ids)
    query = Post.objects.filter(wanted).order_by("id").values_list(*columns)
    aware = _aware_in(connections[query.db])
    for values in _raw_rows(query):
        (
            pk,
            parent_id,
            depth,
            status,
            is_off_topic,
            content_warning,
            body_html,
            created_at,
            edited_at,
            deleted_at,
            author_id,
            author_name,
            guest_id,
            guest_name,
        ) = values[:body_at]
        row = new(ReplyRow)
        row.pk = pk
        row.parent_id = parent_id
        row.depth = depth
        row.status = status
        row.is_off_topic = is_off_topic
        row.content_warning = content_warning
        row.body_html = body_html
        row.created_at = aware(created_at)
        row.edited_at = edited_at and aware(edited_at)
        row.deleted_at = deleted_at and aware(deleted_at)
        row.author_id = author_id
        row.guest_id = guest_id
        row.thread = thread
        row.thread_id = thread_id
        if with_source:
            row.body = values[body_at]
        # One object per person on the page, shared by their replies.
        if author_id is not None:
            author = authors.get(author_id)
            if author is None:
                email = values[-1] if for_api else None
                author = authors[author_id] = PostAuthor(author_id, author_name, email)
            row.author = author
        else:
            row.author = None
        if guest_id is not None:
            guest = guests.get(guest_id)
            if guest is None:
                guest = guests[guest_id] = PostGuest(guest_id, guest_name)
            row.guest = guest
        else:
            row.guest = None
        if for_api:
            row.hold_reason, row.is_sensitive = values[-3], values[-2]
        if depth == 0:
            opening = row
        else:
            replies.append(row)
    if opening is None:
        raise Post.DoesNotExist(f"Thread {thread_id} has no opening post.")
    return _ThreadRows(opening=opening, replies=replies)


@dataclass
class ReplyNode:
    post: ReplyRow
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


# thread_for_display annotates a signed-in viewer's thread with whether they follow it.
VIEWER_FOLLOWS = "viewer_follows"


def thread_for_display(
    *, thread_id: int, viewer=None, with_author: bool = True, with_follow: bool = True
) -> Thread:
    """The thread with its space and author, when ``viewer`` may see it (``Thread.DoesNotExist`` otherwise).

    Without a viewer, as anyone signed out sees it. For a moderator the same query says whether they
    moderate its space, so the thread page's checks need no read of their spaces; for anyone signed in,
    whether they follow it (``VIEWER_FOLLOWS``). ``with_author=False`` for pages that never show the
    thread's author (the thread page shows the opening post's): a member row is a third of this read's
    cost; ``with_follow=False`` where the follow state is not shown (posting a reply).
    """
    threads = threads_visible_to(viewer)
    if not with_author:
        threads = threads.select_related(None).select_related("space")
    if with_follow and viewer is not None and viewer.is_authenticated:
        # Whether they follow it, in the same query (the thread page's follow button; index threadsub_thread).
        follows = ThreadSubscription.objects.filter(thread=OuterRef("pk"), member=viewer)
        threads = threads.annotate(**{VIEWER_FOLLOWS: Exists(follows)})
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
    for_api: bool = False,
) -> ThreadPage:
    """One page of a thread: the opening post plus a page of top-level replies with all their descendants.

    A fixed number of queries whatever the thread size: the viewer's muted words; the page of top-level
    reply ids with how many there are in all (a window count); one statement for the opening post and every
    post under those roots (index post_root); the page's reactions. Whether the viewer follows the thread
    comes with a thread from ``thread_for_display``. ``for_api``: the rows also carry what the API returns
    and the page does not show (Markdown source, hold reason, sensitivity, authors' emails).
    """
    order = reply_order(order)
    newest_first = order == "newest"
    per_page = per_page or settings.HEARTH_REPLIES_PER_PAGE
    roots = Post.objects.filter(thread=thread, depth=1)
    if not viewer_moderates_space(viewer, thread.space_id):
        # A hidden or held top-level reply is listed only when the viewer wrote it or it has replies.
        visible = Q(status=Post.Status.PUBLISHED) | Exists(Post.objects.filter(parent=OuterRef("pk")))
        if viewer is not None and viewer.is_authenticated:
            visible |= Q(author_id=viewer.pk)
        roots = roots.filter(visible)
    page = _page_of_ids(roots.order_by("-id" if newest_first else "id"), per_page, page_number)
    root_ids = list(page.object_list)
    muted = muted_words_for(viewer)
    # A page that holds every top-level reply (most threads, and the whole-thread view) reads the thread's
    # posts by its id: sending back a few hundred root ids cost ~0.7 ms per statement to build. The extra
    # rows are hidden top-level replies nobody may see, which have no replies; nothing lists them.
    whole_thread = page.paginator.num_pages == 1
    rows = _thread_rows(
        thread=thread, root_ids=None if whole_thread else root_ids, with_source=bool(muted), for_api=for_api
    )
    replies = _assemble(rows.replies, root_ids, viewer, space_id=thread.space_id, newest_first=newest_first)
    is_following = False
    if viewer is not None and viewer.is_authenticated:
        is_following = getattr(thread, VIEWER_FOLLOWS, None)
        if is_following is None:  # a thread read some other way
            is_following = ThreadSubscription.objects.filter(thread=thread, member=viewer).exists()
    return ThreadPage(
        thread=thread,
        opening_post=rows.opening,
        replies=replies,
        page=page,
        order=order,
        is_following=is_following,
        # One query for the whole page, never one per reply.
        reactions=(
            post_reactions(thread_id=thread.pk, viewer=viewer)
            if whole_thread
            else post_reactions(post_ids=[rows.opening.pk], root_ids=root_ids, viewer=viewer)
        ),
        muted=muted,
    )


def _page_of_ids(ids: QuerySet[Post], per_page: int, page_number: int | str) -> Page:
    """``Paginator(ids, per_page).get_page(page_number)`` in one query instead of two.

    The page's ids come with the number of rows in all (``COUNT(*) OVER ()``, computed before LIMIT), so
    the paginator needs no separate count. A number past the last page (or below 1) is rare; then it is
    the paginator's usual two queries, with its rules (the last page for out-of-range numbers, page 1 for
    anything not a number).
    """
    paginator = Paginator(ids.values_list("id", flat=True), per_page)
    try:
        if isinstance(page_number, float) and not page_number.is_integer():
            raise ValueError
        number = int(page_number)
    except (TypeError, ValueError):
        number = 1
    if number >= 1:
        offset = (number - 1) * per_page
        rows = list(
            ids.annotate(rows_in_all=Window(Count("id"))).values_list("id", "rows_in_all")[
                offset : offset + per_page
            ]
        )
        if rows or number == 1:
            paginator.count = rows[0][1] if rows else 0  # count is a cached_property: no query now
            return Page([pk for pk, _ in rows], number, paginator)
    return paginator.get_page(page_number)


def _assemble(
    posts: list[ReplyRow], root_ids: list[int], viewer, *, space_id: int, newest_first: bool
) -> list[ReplyNode]:
    nodes = {
        p.pk: ReplyNode(post=p, visible=post_visible_to(p, viewer, space_id=space_id)) for p in posts
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
