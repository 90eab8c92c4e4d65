"""API for the gentle tools for readers (reactions, content warnings, muted words, breaks, peer support)
and for posts waiting for a reply. Thin: serializers in, services and selectors, serializers out."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community import selectors
from community.api.serializers import (
    BreakSerializer,
    ContentWarningResultSerializer,
    ContentWarningSerializer,
    MutedWordSerializer,
    PeerSupporterSerializer,
    ReactionRequestSerializer,
    ReactionResultSerializer,
    ReactorSerializer,
    WaitingPostSerializer,
)
from community.api.throttling import WRITE_THROTTLES
from community.models import MutedWord, Post, Reaction
from community.services import content_warnings, preferences, reactions

REACTION_EXAMPLE = {"kind": "hear_you"}
REACTION_RESULT_EXAMPLE = {"changed": True, "kind": "hear_you", "reactions": {"hear_you": 3, "me_too": 1}}
REACTOR_EXAMPLE = {
    "results": [
        {
            "member": {"id": 8, "display_name": "river"},
            "kind": "hear_you",
            "reacted_at": "2026-11-21T18:02:12Z",
        }
    ],
    "next": None,
}
MUTED_WORD_EXAMPLE = {"id": 3, "word": "hospital", "created_at": "2026-11-21T18:02:12Z"}
WAITING_EXAMPLE = {
    "results": [
        {
            "id": 100,
            "thread": 42,
            "thread_title": "First week without my therapist",
            "space": {"id": 2, "slug": "support", "name": "Support"},
            "author": "willow",
            "content_warning": "",
            "created_at": "2026-11-21T08:00:00Z",
            "url": "/threads/42/",
        }
    ],
    "next": None,
}


def _counts(post: Post) -> dict[str, int]:
    summary = selectors.post_reactions(post_ids=[post.pk])
    return {kind: n for kind, _label, n, _mine in summary.for_post(post.pk) if n}


class PostReactionsView(generics.ListAPIView):
    """Add or take back a supportive reaction; the post's author lists who responded."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReactorSerializer
    keyset_ordering = ("-created_at", "-id")

    def get_throttles(self):
        if self.request.method in ("POST", "DELETE"):
            return [throttle() for throttle in WRITE_THROTTLES]
        return super().get_throttles()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Reaction.objects.none()
        post = selectors.post_for_viewer(post_id=self.kwargs["post_id"], viewer=self.request.user)
        if post.author_id != self.request.user.pk:
            raise exceptions.PermissionDenied("Only the author of a post sees who responded to it.")
        return selectors.post_reactors(post=post)

    @extend_schema(
        summary="Who responded to your post",
        description="For the post's author only (403 otherwise). Newest first.",
        tags=["reactions"],
        examples=[OpenApiExample("A page", value=REACTOR_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Respond to a post",
        description=(
            "A small fixed set of supportive reactions: `hear_you` (I hear you), `strength` (Sending "
            "strength), `me_too` (Me too). There are no down-votes. Not on your own posts. Safe to repeat. "
            "The author is told in batches: one notification per post per batch window."
        ),
        tags=["reactions"],
        request=ReactionRequestSerializer,
        responses={200: ReactionResultSerializer},
        examples=[
            OpenApiExample("I hear you", value=REACTION_EXAMPLE, request_only=True),
            OpenApiExample("Added", value=REACTION_RESULT_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_for_viewer(post_id=post_id, viewer=request.user)
        data = ReactionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind = data.validated_data["kind"]
        changed = reactions.reaction_add(post=post, actor=request.user, kind=kind)
        return Response({"changed": changed, "kind": kind, "reactions": _counts(post)})

    @extend_schema(
        summary="Take back your reaction",
        tags=["reactions"],
        request=ReactionRequestSerializer,
        responses={200: ReactionResultSerializer},
        examples=[
            OpenApiExample("I hear you", value=REACTION_EXAMPLE, request_only=True),
            OpenApiExample(
                "Taken back", value=REACTION_RESULT_EXAMPLE | {"reactions": {"me_too": 1}}, response_only=True
            ),
        ],
    )
    def delete(self, request: Request, post_id: int) -> Response:
        post = selectors.post_for_viewer(post_id=post_id, viewer=request.user)
        data = ReactionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind = data.validated_data["kind"]
        changed = reactions.reaction_remove(post=post, actor=request.user, kind=kind)
        return Response({"changed": changed, "kind": kind, "reactions": _counts(post)})


class PostContentWarningView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        return [throttle() for throttle in WRITE_THROTTLES]

    @extend_schema(
        summary="Set or remove a post's content warning",
        description=(
            "The author, or a moderator of the post's space (recorded in the moderation audit log). Readers "
            "see the warning and open the post when they choose. An empty warning removes it."
        ),
        tags=["replies"],
        request=ContentWarningSerializer,
        responses=ContentWarningResultSerializer,
        examples=[
            OpenApiExample("A warning", value={"content_warning": "self-harm"}, request_only=True),
            OpenApiExample(
                "Saved", value={"changed": True, "content_warning": "self-harm"}, response_only=True
            ),
        ],
    )
    def put(self, request: Request, post_id: int) -> Response:
        post = selectors.post_for_viewer(post_id=post_id, viewer=request.user)
        data = ContentWarningSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = content_warnings.post_content_warning_set(
            post=post, actor=request.user, warning=data.validated_data["content_warning"]
        )
        return Response({"changed": changed, "content_warning": post.content_warning})


class MutedWordListView(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MutedWordSerializer
    keyset_ordering = ("word", "id")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return MutedWord.objects.none()
        return selectors.member_muted_words(member=self.request.user)

    @extend_schema(
        summary="Your muted words",
        description="Posts containing one of them come with `folded_by_muted_words: true` in the reply tree.",
        tags=["me"],
        examples=[
            OpenApiExample(
                "A page", value={"results": [MUTED_WORD_EXAMPLE], "next": None}, response_only=True
            )
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Mute a word or phrase",
        description="Whole words, any case. Safe to repeat (200 with the existing one, 201 when new).",
        tags=["me"],
        request=MutedWordSerializer,
        responses={201: MutedWordSerializer, 200: MutedWordSerializer},
        examples=[
            OpenApiExample("A word", value={"word": "hospital"}, request_only=True),
            OpenApiExample("Muted", value=MUTED_WORD_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = MutedWordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row, created = preferences.muted_word_add(
            member=request.user, actor=request.user, word=data.validated_data["word"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(MutedWordSerializer(row).data, status=code)


class MutedWordView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="Unmute a word", tags=["me"], request=None, responses={204: None})
    def delete(self, request: Request, word_id: int) -> Response:
        if not preferences.muted_word_remove(member=request.user, actor=request.user, word_id=word_id):
            raise exceptions.NotFound("That word isn't on your list.")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _break_state(member) -> dict:
    on_break = member.is_on_break()
    return {"on_break": on_break, "break_until": member.break_until if on_break else None}


class BreakView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Your break",
        description="While on a break you get no notifications, digests or reminders.",
        tags=["me"],
        responses=BreakSerializer,
        examples=[
            OpenApiExample(
                "Not on a break", value={"on_break": False, "break_until": None}, response_only=True
            )
        ],
    )
    def get(self, request: Request) -> Response:
        return Response(BreakSerializer(_break_state(request.user)).data)

    @extend_schema(
        summary="Take a break",
        description="Pause notifications, digests and reminders for 1 to 90 days.",
        tags=["me"],
        request=BreakSerializer,
        responses=BreakSerializer,
        examples=[
            OpenApiExample("A week", value={"days": 7}, request_only=True),
            OpenApiExample(
                "On a break",
                value={"on_break": True, "break_until": "2026-11-28T18:00:00Z"},
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = BreakSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preferences.member_break_start(
            member=request.user, actor=request.user, days=data.validated_data["days"]
        )
        return Response(BreakSerializer(_break_state(request.user)).data)

    @extend_schema(summary="End your break now", tags=["me"], request=None, responses={200: BreakSerializer})
    def delete(self, request: Request) -> Response:
        preferences.member_break_end(member=request.user, actor=request.user)
        return Response(BreakSerializer(_break_state(request.user)).data)


class PeerSupporterView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Whether you offered to be a peer supporter", tags=["me"], responses=PeerSupporterSerializer
    )
    def get(self, request: Request) -> Response:
        return Response({"is_peer_supporter": request.user.is_peer_supporter})

    @extend_schema(
        summary="Offer (or stop offering) to be a peer supporter",
        description="Peer supporters see posts in support spaces still waiting for a reply "
        "(`/api/v1/waiting/`) and in their digest.",
        tags=["me"],
        request=PeerSupporterSerializer,
        responses=PeerSupporterSerializer,
        examples=[OpenApiExample("Yes", value={"is_peer_supporter": True})],
    )
    def put(self, request: Request) -> Response:
        data = PeerSupporterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preferences.member_peer_supporter_set(
            member=request.user, actor=request.user, enabled=data.validated_data["is_peer_supporter"]
        )
        return Response({"is_peer_supporter": request.user.is_peer_supporter})


class WaitingListView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = WaitingPostSerializer
    keyset_ordering = ("created_at", "id")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Post.objects.none()
        if not selectors.viewer_sees_waiting_posts(self.request.user):
            raise exceptions.PermissionDenied(
                "This list is for peer supporters. You can offer at PUT /api/v1/me/peer-supporter/."
            )
        return selectors.posts_waiting_for_reply(exclude_author_id=self.request.user.pk)

    @extend_schema(
        summary="Posts waiting for a reply",
        description=(
            "Opening posts in support spaces that nobody else has answered within the space's hours "
            "(6 by default), the longest wait first. For peer supporters only. Posts with crisis language "
            "go to the moderators instead and are never listed."
        ),
        tags=["waiting"],
        examples=[OpenApiExample("A page", value=WAITING_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
