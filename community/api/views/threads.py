from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community import selectors
from community.api.filters import ThreadFilter
from community.api.serializers import (
    FollowSerializer,
    PostWriteResultSerializer,
    ReplyCreateSerializer,
    ThreadCloseSerializer,
    ThreadCreateSerializer,
    ThreadDetailSerializer,
    ThreadPinSerializer,
    ThreadSerializer,
    ThreadStateSerializer,
    ThreadTreeSerializer,
)
from community.api.throttling import WRITE_THROTTLES
from community.api.views.posts import POST_EXAMPLE, write_result
from community.models import Post, Space, ThreadSubscription
from community.selectors import post_visible_to, thread_page
from community.services.posts import post_create
from community.services.subscriptions import thread_follow, thread_unfollow
from community.services.threads import thread_close, thread_create, thread_reopen, thread_set_pinned

THREAD_EXAMPLE = {
    "id": 42,
    "space": {"id": 1, "slug": "attachment-in-therapy", "name": "Attachment in therapy"},
    "title": "Is it normal to miss my therapist between sessions?",
    "author": {"id": 7, "display_name": "willow"},
    "created_at": "2026-11-20T09:15:00Z",
    "last_activity_at": "2026-11-21T18:02:11Z",
    "reply_count": 3,
    "is_pinned": False,
    "is_closed": False,
    "closed_at": None,
    "closed_reason": "",
}


def _is_following(request: Request, thread) -> bool:
    user = request.user
    return bool(
        user.is_authenticated and ThreadSubscription.objects.filter(thread=thread, member=user).exists()
    )


class ThreadListView(generics.ListCreateAPIView):
    serializer_class = ThreadSerializer
    filterset_class = ThreadFilter
    keyset_ordering = ("-is_pinned", "-last_activity_at", "-id")  # index thread_space_listing

    def get_queryset(self):
        return selectors.threads_visible_to(self.request.user)

    def get_throttles(self):
        return [throttle() for throttle in WRITE_THROTTLES]

    @extend_schema(
        summary="List threads",
        description="Pinned threads first, then the most recently active. Filter by space, pinned, closed.",
        tags=["threads"],
        examples=[OpenApiExample("A thread in a page", value=THREAD_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Start a thread",
        description=(
            "Creates the thread and its opening post. The post may be held for a moderator (new members in "
            "some spaces, likely spam); `opening_post.status` says so."
        ),
        tags=["threads"],
        request=ThreadCreateSerializer,
        responses={201: ThreadDetailSerializer},
        examples=[
            OpenApiExample(
                "New thread",
                value={
                    "space": "attachment-in-therapy",
                    "title": "Is it normal to miss my therapist between sessions?",
                    "body": "It's been a week and I keep thinking about what she said.",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Created",
                value={
                    "thread": THREAD_EXAMPLE,
                    "opening_post": POST_EXAMPLE | {"depth": 0, "parent": None},
                    "is_following": True,
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request, *args, **kwargs):
        data = ThreadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        space = Space.objects.filter(slug=data.validated_data["space"]).first()
        if space is None:
            raise serializers.ValidationError({"space": ["There is no space with that name."]})
        result = thread_create(
            space=space,
            author=request.user,
            title=data.validated_data["title"],
            body=data.validated_data["body"],
        )
        thread = selectors.thread_for_viewer(thread_id=result.thread.pk, viewer=request.user)
        body = ThreadDetailSerializer(
            {
                "thread": thread,
                "opening_post": selectors.opening_post(thread=thread),
                "is_following": True,
            },
            context=self.get_serializer_context(),
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class ThreadDetailView(APIView):
    @extend_schema(
        summary="A thread and its opening post",
        tags=["threads"],
        responses=ThreadDetailSerializer,
        examples=[
            OpenApiExample(
                "Thread",
                value={
                    "thread": THREAD_EXAMPLE,
                    "opening_post": POST_EXAMPLE | {"depth": 0, "parent": None},
                    "is_following": False,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        data = {
            "thread": thread,
            "opening_post": selectors.opening_post(thread=thread),
            "is_following": _is_following(request, thread),
        }
        return Response(ThreadDetailSerializer(data, context={"request": request}).data)


class ThreadRepliesView(APIView):
    """The reply tree, one page of top-level replies at a time (``?page=N``), and posting a reply."""

    def get_throttles(self):
        return [throttle() for throttle in WRITE_THROTTLES]

    @extend_schema(
        summary="The reply tree of a thread",
        description=(
            "The opening post and one page of **top-level** replies, each with all of its replies nested "
            "in `children` to any depth, in one request. Pages count top-level replies only "
            "(`HEARTH_REPLIES_PER_PAGE`, 50 by default): follow `page.next` until it is null. Replies you "
            "may not read (held for review, hidden) keep their place with `is_visible: false` and a "
            "`notice` when something visible hangs under them; deleted replies keep theirs too."
        ),
        tags=["replies"],
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="Page of top-level replies, from 1."),
            OpenApiParameter(
                "order", OpenApiTypes.STR, enum=["oldest", "newest"], description="Sibling order."
            ),
        ],
        responses=ThreadTreeSerializer,
        examples=[
            OpenApiExample(
                "A thread with a nested reply",
                value={
                    "thread": THREAD_EXAMPLE,
                    "opening_post": POST_EXAMPLE | {"id": 100, "depth": 0, "parent": None},
                    "replies": [
                        POST_EXAMPLE
                        | {
                            "children": [
                                POST_EXAMPLE | {"id": 102, "parent": 101, "depth": 2, "children": []}
                            ]
                        }
                    ],
                    "page": {"number": 1, "num_pages": 1, "count": 1, "next": None, "previous": None},
                    "order": "oldest",
                    "is_following": True,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        order = request.query_params.get("order")
        if order not in (None, "oldest", "newest"):
            raise serializers.ValidationError({"order": ['Choose "oldest" or "newest".']})
        page_number = request.query_params.get("page", "1")
        if not page_number.isdigit() or int(page_number) < 1:
            raise serializers.ValidationError({"page": ["Pages are numbered from 1."]})
        tree = thread_page(
            thread=thread, viewer=request.user, page_number=int(page_number), order=order, for_api=True
        )
        page = tree.page
        if int(page_number) > page.paginator.num_pages:
            raise serializers.ValidationError(
                {"page": [f"This thread has {page.paginator.num_pages} page(s)."]}
            )

        def link(number: int | None) -> str | None:
            if number is None:
                return None
            params = request.query_params.copy()
            params["page"] = str(number)
            return f"{request.build_absolute_uri(request.path)}?{urlencode(params, doseq=True)}"

        data = {
            "thread": thread,
            "opening_post": tree.opening_post,
            "replies": tree.replies,
            "page": {
                "number": page.number,
                "num_pages": page.paginator.num_pages,
                "count": page.paginator.count,
                "next": link(page.next_page_number() if page.has_next() else None),
                "previous": link(page.previous_page_number() if page.has_previous() else None),
            },
            "order": tree.order,
            "is_following": tree.is_following,
        }
        # Reactions and muted words were read once for the page; every post in the tree reads them here.
        context = {"request": request, "reactions": tree.reactions, "muted": tree.muted}
        return Response(ThreadTreeSerializer(data, context=context).data)

    @extend_schema(
        summary="Reply to a thread",
        description=(
            "Reply to the thread, or to one reply in it with `parent`. Replies nested deeper than the "
            "maximum depth attach at the deepest level. The reply may be held for a moderator; "
            "`support` carries crisis lines when the words suggest the author is struggling."
        ),
        tags=["replies"],
        request=ReplyCreateSerializer,
        responses={201: PostWriteResultSerializer},
        examples=[
            OpenApiExample(
                "Reply to a reply",
                value={
                    "body": "That sounds really familiar. It took me months to trust mine.",
                    "parent": 101,
                },
                request_only=True,
            ),
            OpenApiExample(
                "Created",
                value={"post": POST_EXAMPLE | {"id": 103, "parent": 101, "depth": 2}, "support": None},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        data = ReplyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parent = None
        parent_id = data.validated_data.get("parent")
        if parent_id is not None:
            parent = Post.objects.filter(pk=parent_id, thread=thread).first()
            if parent is None or not post_visible_to(parent, request.user, space_id=thread.space_id):
                raise serializers.ValidationError({"parent": ["That reply isn't in this thread."]})
        result = post_create(
            thread=thread, body=data.validated_data["body"], parent=parent, author=request.user
        )
        return write_result(request, result, status.HTTP_201_CREATED)


def _thread_state(request: Request, thread: Model, changed: bool) -> Response:
    thread = selectors.thread_for_viewer(thread_id=thread.pk, viewer=request.user)
    return Response(
        ThreadStateSerializer({"changed": changed, "thread": thread}, context={"request": request}).data
    )


STATE_EXAMPLE = OpenApiExample(
    "Closed", value={"changed": True, "thread": THREAD_EXAMPLE | {"is_closed": True}}, response_only=True
)


class ThreadCloseView(APIView):
    @extend_schema(
        summary="Close a thread (moderators)",
        description="No new replies. Safe to repeat: `changed` is false when it was already closed.",
        tags=["threads"],
        request=ThreadCloseSerializer,
        responses=ThreadStateSerializer,
        examples=[
            OpenApiExample(
                "Reason", value={"reason": "This conversation has run its course."}, request_only=True
            ),
            STATE_EXAMPLE,
        ],
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        data = ThreadCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The service checks the space scope and announces the closing (moderation audits it).
        changed = thread_close(thread=thread, actor=request.user, reason=data.validated_data["reason"])
        return _thread_state(request, thread, changed)


class ThreadReopenView(APIView):
    @extend_schema(
        summary="Reopen a thread (moderators)",
        tags=["threads"],
        request=None,
        responses=ThreadStateSerializer,
        examples=[
            OpenApiExample("Reopened", value={"changed": True, "thread": THREAD_EXAMPLE}, response_only=True)
        ],
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        changed = thread_reopen(thread=thread, actor=request.user, reason="Reopened through the API.")
        return _thread_state(request, thread, changed)


class ThreadPinView(APIView):
    @extend_schema(
        summary="Pin or unpin a thread (moderators)",
        tags=["threads"],
        request=ThreadPinSerializer,
        responses=ThreadStateSerializer,
        examples=[
            OpenApiExample("Pin", value={"pinned": True}, request_only=True),
            OpenApiExample(
                "Pinned",
                value={"changed": True, "thread": THREAD_EXAMPLE | {"is_pinned": True}},
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        data = ThreadPinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = thread_set_pinned(thread=thread, pinned=data.validated_data["pinned"], actor=request.user)
        return _thread_state(request, thread, changed)


class ThreadFollowView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Follow a thread",
        description="New replies notify you and appear in your digest. Safe to repeat.",
        tags=["threads"],
        request=None,
        responses=FollowSerializer,
        examples=[
            OpenApiExample("Following", value={"changed": True, "following": True}, response_only=True)
        ],
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        changed = thread_follow(member=request.user, thread=thread)
        return Response({"changed": changed, "following": True})

    @extend_schema(
        summary="Unfollow a thread",
        tags=["threads"],
        request=None,
        responses={200: FollowSerializer},
        examples=[
            OpenApiExample("Not following", value={"changed": True, "following": False}, response_only=True)
        ],
    )
    def delete(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=request.user)
        changed = thread_unfollow(member=request.user, thread=thread)
        return Response({"changed": changed, "following": False})
