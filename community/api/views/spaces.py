from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community import selectors
from community.api.serializers import FollowSerializer, SpaceSerializer
from community.services.subscriptions import space_follow, space_unfollow

SPACE_EXAMPLE = {
    "id": 1,
    "slug": "attachment-in-therapy",
    "name": "Attachment in therapy",
    "description": "When the relationship with your therapist stirs up big feelings.",
    "who_can_start_threads": "members",
    "allow_guest_replies": False,
    "can_start_threads": True,
    "is_following": False,
}


class SpaceListView(generics.ListAPIView):
    serializer_class = SpaceSerializer
    keyset_ordering = ("position", "name", "id")

    def get_queryset(self):
        return selectors.spaces_for(self.request.user)

    @extend_schema(
        summary="List spaces",
        description=(
            "Every space, in the order the community shows them. `is_following` says whether you follow "
            "each one (false when signed out)."
        ),
        tags=["spaces"],
        examples=[OpenApiExample("A space in a page", value=SPACE_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SpaceDetailView(generics.RetrieveAPIView):
    serializer_class = SpaceSerializer

    def get_object(self):
        return selectors.space_for(slug=self.kwargs["slug"], viewer=self.request.user)

    @extend_schema(
        summary="A space",
        tags=["spaces"],
        examples=[OpenApiExample("A space", value=SPACE_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SpaceFollowView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Follow a space",
        description=(
            "New threads in the space appear in your digest (if your digest is on: see `digest_frequency` "
            "in /api/v1/me/). Safe to repeat: `changed` is false when you already followed it."
        ),
        tags=["spaces"],
        request=None,
        responses=FollowSerializer,
        examples=[
            OpenApiExample("Following", value={"changed": True, "following": True}, response_only=True),
            OpenApiExample(
                "Already following", value={"changed": False, "following": True}, response_only=True
            ),
        ],
    )
    def post(self, request: Request, slug: str) -> Response:
        space = selectors.space_for(slug=slug, viewer=request.user)
        changed = space_follow(member=request.user, space=space)
        return Response({"changed": changed, "following": True})

    @extend_schema(
        summary="Unfollow a space",
        description="Safe to repeat: `changed` is false when you weren't following it.",
        tags=["spaces"],
        request=None,
        responses={200: FollowSerializer},
        examples=[
            OpenApiExample("Not following", value={"changed": True, "following": False}, response_only=True)
        ],
    )
    def delete(self, request: Request, slug: str) -> Response:
        space = selectors.space_for(slug=slug, viewer=request.user)
        changed = space_unfollow(member=request.user, space=space)
        return Response({"changed": changed, "following": False})
