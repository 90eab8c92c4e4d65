"""Reads. Each selector decides its query shape so templates and serializers never trigger lazy loads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from community import moderation_port
from community.models import (
    Member,
    MemberMute,
    MutedWord,
    Notification,
    Post,
    Reaction,
    ReactionKind,
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
    """Whether ``viewer`` moderates anywhere; what they may do in a given space is ``moderation_scope``."""
    return bool(viewer is not None and viewer.is_authenticated and viewer.can_moderate)


class ModerationScope:
    """Where a viewer acts as a moderator: nowhere, in every space, or in some spaces only.

    Moderation decides (a moderator's profile may limit them to some spaces); every moderator path on the
    web and in the API asks here, so a limit can't be forgotten in one of them. The spaces are read at most
    once, and only when a single object is checked (``covers``): list queries filter with ``q``, a subquery,
    so a moderator's page costs no more queries than a member's.
    """

    def __init__(self, member=None) -> None:
        self._member = member  # None: moderates nowhere
        self._space_ids: list[int] | None | _Unread = _UNREAD
        self._known: dict[int, bool] = {}  # answers for single spaces, found along with other rows

    @property
    def anywhere(self) -> bool:
        return self._member is not None

    @property
    def is_read(self) -> bool:
        """Whether the spaces are known here (then single checks cost nothing and need no annotation)."""
        return not isinstance(self._space_ids, _Unread)

    def _read(self) -> list[int] | None:
        if isinstance(self._space_ids, _Unread):
            self._space_ids = moderation_port.moderator_space_ids(member=self._member)
        return self._space_ids

    def covers(self, space_id: int | None) -> bool:
        if self._member is None:
            return False
        if space_id in self._known and isinstance(self._space_ids, _Unread):
            return self._known[space_id]
        space_ids = self._read()
        return space_ids is None or space_id in space_ids

    def remember(self, space_id: int, covered: bool) -> None:
        """Keep an answer for one space computed in another query (``annotate_viewer_moderates``)."""
        if self._member is not None:
            self._known[space_id] = bool(covered)

    def q(self, space_lookup: str) -> Q:
        """The rows this scope covers; ``space_lookup`` leads from a row to its space id."""
        if self._member is None:
            return Q(pk__in=[])
        if not isinstance(self._space_ids, _Unread):
            return Q() if self._space_ids is None else Q(**{f"{space_lookup}__in": self._space_ids})
        # The same rule as moderator_space_ids, in SQL (a subquery, not a read).
        return moderation_port.moderator_space_q(member=self._member, space_lookup=space_lookup)


class _Unread:
    pass


_UNREAD = _Unread()
NOWHERE = ModerationScope()
_SCOPE_ATTRIBUTE = "_hearth_moderation_scope"


def moderation_scope(viewer) -> ModerationScope:
    """The spaces ``viewer`` moderates; free for everyone but moderators.

    Remembered on the member object, which lives for one request (``request.user``), so a page that checks
    every reply on it still reads the moderator's spaces once.
    """
    if not viewer_can_moderate(viewer):
        return NOWHERE
    scope = getattr(viewer, _SCOPE_ATTRIBUTE, None)
    if scope is None:
        scope = ModerationScope(viewer)
        setattr(viewer, _SCOPE_ATTRIBUTE, scope)
    return scope


def viewer_moderates_space(viewer, space_id: int | None) -> bool:
    """Whether ``viewer`` may act as a moderator in the space ``space_id``."""
    return moderation_scope(viewer).covers(space_id)


# A selector listing posts for a moderator may annotate each with this (``annotate_viewer_moderates``), so
# that per-post checks need no read of the moderator's spaces.
VIEWER_MODERATES = "viewer_moderates"


def annotate_viewer_moderates(posts: QuerySet[Post], viewer) -> QuerySet[Post]:
    """``posts`` with whether ``viewer`` moderates each one's space, computed in the same query."""
    scope = moderation_scope(viewer)
    if not scope.anywhere or scope.is_read:
        return posts
    in_scope = ExpressionWrapper(scope.q("thread__space_id"), output_field=BooleanField())
    return posts.annotate(**{VIEWER_MODERATES: in_scope})


def viewer_moderates_post(viewer, post: Post, *, space_id: int | None = None) -> bool:
    """Whether ``viewer`` may act as a moderator on ``post`` (its space is in their scope).

    Members never load the post's thread here; ``space_id`` or the annotation above spare moderators that.
    """
    if not viewer_can_moderate(viewer):
        return False
    annotated = getattr(post, VIEWER_MODERATES, None)
    if annotated is not None:
        return bool(annotated)
    return viewer_moderates_space(viewer, post.thread.space_id if space_id is None else space_id)


def post_visible_to(post: Post, viewer, *, space_id: int | None = None) -> bool:
    """Whether ``viewer`` may read this post's text (placeholders keep the tree intact otherwise).

    ``space_id`` saves loading ``post.thread`` when the caller knows it. Moderators read held and hidden
    posts in the spaces they moderate only.
    """
    if post.status == Post.Status.PUBLISHED:
        return True
    if viewer is None or not viewer.is_authenticated:
        return False
    if post.author_id == viewer.pk:
        return True
    return viewer_moderates_post(viewer, post, space_id=space_id)


def threads_visible_to(viewer) -> QuerySet[Thread]:
    """Threads ``viewer`` may see: a thread is visible when its opening post is.

    The one rule for the web pages and the API: anyone sees threads whose opening post is published; the
    author also sees their own held or hidden thread (marked as such), and moderators those in the spaces
    they moderate. Everything else answers 404 and takes no replies. The opening post is found through
    index post_thread_depth (thread, depth 0).
    """
    threads = Thread.objects.select_related("space", "author")
    scope = moderation_scope(viewer)
    condition = Q(Exists(Post.objects.filter(thread=OuterRef("pk"), depth=0, status=Post.Status.PUBLISHED)))
    if viewer is not None and viewer.is_authenticated:
        condition |= Q(author_id=viewer.pk)
    if scope.anywhere:
        condition |= scope.q("space_id")
    return threads.filter(condition)


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


def _reply_order(order: str | None) -> str:
    order = order or settings.HEARTH_REPLY_ORDER
    return "newest" if order == "newest" else "oldest"


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
    order = _reply_order(order)
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


def recent_threads(*, viewer=None, limit: int = 10) -> QuerySet[Thread]:
    """The most recently active threads ``viewer`` may see (index thread_recent)."""
    return threads_visible_to(viewer).order_by("-last_activity_at", "-id")[:limit]


def unread_notification_count(*, member: Member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def member_notifications(*, member: Member) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=member).select_related("actor", "thread", "post")


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


def post_for_display(*, post_id: int, viewer=None) -> Post:
    """A single post with what its pages show (thread, space, author, guest) loaded in one query.

    With a viewer, only from a thread they may see (``threads_visible_to``, in the same query).
    """
    posts = Post.objects.select_related("thread", "thread__space", "author", "guest")
    if viewer is not None:
        posts = posts.filter(thread__in=threads_visible_to(viewer).values("pk"))
    return posts.get(pk=post_id)


def reply_page_number(
    *, post: Post, viewer=None, order: str | None = None, per_page: int | None = None
) -> int:
    """The thread page (by top-level reply, as ``thread_page`` paginates) on which ``post`` appears.

    Reads ``post.thread.space_id``: load the thread with the post.
    """
    if post.depth == 0 or post.root_id is None:
        return 1
    order = _reply_order(order)
    per_page = per_page or settings.HEARTH_REPLIES_PER_PAGE
    roots = Post.objects.filter(thread_id=post.thread_id, depth=1)
    if not viewer_moderates_space(viewer, post.thread.space_id):
        visible = Q(status=Post.Status.PUBLISHED) | Exists(Post.objects.filter(parent=OuterRef("pk")))
        if viewer is not None and viewer.is_authenticated:
            visible |= Q(author_id=viewer.pk)
        roots = roots.filter(visible)
    before = roots.filter(id__gt=post.root_id) if order == "newest" else roots.filter(id__lt=post.root_id)
    return before.count() // per_page + 1


# ------------------------------------------------------------------------------------------------------
# Gentle tools for readers: reactions and muted words (issue 14, item 6)
# ------------------------------------------------------------------------------------------------------


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
            for value, label in ReactionKind.choices
        ]

    def has_any(self, post_id: int) -> bool:
        return post_id in self.counts


def post_reactions(*, post_ids: list[int], viewer=None) -> PostReactions:
    """Counts for ``post_ids`` in one grouped query (index reaction_post_kind), with the viewer's own."""
    result = PostReactions()
    if not post_ids:
        return result
    rows = Reaction.objects.filter(post_id__in=post_ids).values("post_id", "kind").order_by()
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


# ------------------------------------------------------------------------------------------------------
# No post left alone (issue 14, item 5)
# ------------------------------------------------------------------------------------------------------

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
