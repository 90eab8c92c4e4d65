from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics

from community.api.serializers import SpaceSerializer
from community.selectors import space_list

SPACE_EXAMPLE = {
    "id": 1,
    "slug": "attachment-in-therapy",
    "name": "Attachment in therapy",
    "description": "When the relationship with your therapist stirs up big feelings.",
    "who_can_start_threads": "members",
    "allow_guest_replies": False,
    "can_start_threads": True,
}


class SpaceListView(generics.ListAPIView):
    serializer_class = SpaceSerializer
    keyset_ordering = ("position", "name", "id")

    def get_queryset(self):
        return space_list()

    @extend_schema(
        summary="List spaces",
        description="Every space, in the order the community shows them.",
        tags=["spaces"],
        examples=[OpenApiExample("A space in a page", value=SPACE_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SpaceDetailView(generics.RetrieveAPIView):
    serializer_class = SpaceSerializer

    def get_object(self):
        return get_object_or_404(space_list(), slug=self.kwargs["slug"])

    @extend_schema(
        summary="A space",
        tags=["spaces"],
        examples=[OpenApiExample("A space", value=SPACE_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
