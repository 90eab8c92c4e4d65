"""Who may see what and who moderates where: the rules every other selector (web and API) builds on."""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from community import moderation_port
from community.models import (
    Post,
    Thread,
)


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
