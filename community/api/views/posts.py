from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community import selectors
from community.api.serializers import (
    PostEditSerializer,
    PostSerializer,
    PostWriteResultSerializer,
)
from community.api.support import support_panel_data
from community.api.throttling import WRITE_THROTTLES
from community.care import support_panel_for_request
from community.services.posts import PostResult, post_delete, post_edit

POST_EXAMPLE = {
    "id": 101,
    "thread": 42,
    "parent": 100,
    "depth": 1,
    "author": {"kind": "member", "id": 8, "display_name": "river"},
    "status": "published",
    "is_off_topic": False,
    "is_deleted": False,
    "is_visible": True,
    "notice": None,
    "body": "That sounds really familiar. It took me months to trust mine.",
    "body_html": "<p>That sounds really familiar. It took me months to trust mine.</p>\n",
    "created_at": "2026-11-21T18:02:11Z",
    "edited_at": None,
    "can_edit": False,
}


def write_result(request: Request, result: PostResult, code: int = status.HTTP_200_OK) -> Response:
    support = None
    if result.screening.show_support:
        support = support_panel_data(request, support_panel_for_request(request))
    post = selectors.post_for_viewer(post_id=result.post.pk, viewer=request.user)
    data = {"post": post, "support": support}
    return Response(PostWriteResultSerializer(data, context={"request": request}).data, status=code)


class PostDetailView(APIView):
    def get_throttles(self):
        return [throttle() for throttle in WRITE_THROTTLES]

    @extend_schema(
        summary="A post",
        tags=["replies"],
        responses=PostSerializer,
        examples=[OpenApiExample("Reply", value=POST_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, post_id: int) -> Response:
        post = selectors.post_for_viewer(post_id=post_id, viewer=request.user)
        return Response(PostSerializer(post, context={"request": request}).data)

    @extend_schema(
        summary="Edit a post",
        description=(
            "Authors edit their own posts; moderators any, with a `note`. "
            "Earlier text is kept for moderators."
        ),
        tags=["replies"],
        request=PostEditSerializer,
        responses=PostWriteResultSerializer,
        examples=[
            OpenApiExample(
                "New text", value={"body": "Edited: it took me about six months."}, request_only=True
            ),
            OpenApiExample(
                "Edited",
                value={
                    "post": POST_EXAMPLE
                    | {
                        "body": "Edited: it took me about six months.",
                        "edited_at": "2026-11-21T18:10:00Z",
                        "can_edit": True,
                    },
                    "support": None,
                },
                response_only=True,
            ),
        ],
    )
    def patch(self, request: Request, post_id: int) -> Response:
        post = selectors.post_for_viewer(post_id=post_id, viewer=request.user)
        data = PostEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = post_edit(
            post=post,
            actor=request.user,
            body=data.validated_data["body"],
            note=data.validated_data.get("note", ""),
        )
        return write_result(request, result)

    @extend_schema(
        summary="Delete your post",
        description=(
            "The text goes; the reply keeps its place in the tree with a notice. Only the author may delete "
            "(moderators hide posts through the moderation API). Safe to repeat."
        ),
        tags=["replies"],
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request, post_id: int) -> Response:
        post = selectors.post_for_viewer(post_id=post_id, viewer=request.user)
        post_delete(post=post, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
