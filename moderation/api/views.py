"""Moderator endpoints. Every write calls a moderation service; these views only parse and present.

Anyone who cannot moderate gets 404 from every endpoint here (``IsModerator``), so the API does not reveal
that moderation exists to members, and a moderator limited to some spaces gets 404 for items elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api.schema import ErrorSerializer
from community.models import Member
from moderation.api import examples as ex
from moderation.api import serializers as s
from moderation.api.permissions import IsModerator
from moderation.models import Appeal, AuditAction, AuditLogEntry, Flag, Lane, ReviewItem, Sanction
from moderation.selectors import (
    AGE_FILTERS,
    appeal_in_scope,
    appeals_for_moderator,
    audit_log,
    item_detail,
    item_live_flags,
    lane_counts,
    member_by_id,
    member_notes,
    member_record,
    member_sanctions,
    queue_items,
    review_item_for,
    sanction_by_id,
)
from moderation.services import appeals as appeal_services
from moderation.services import notes, review_items
from moderation.services import posts as moderation_posts
from moderation.services import sanctions as sanction_services
from moderation.services import threads as moderation_threads
from moderation.services.queue import ClaimedByOther, review_item_claim, review_item_release

TAG = ["moderation"]


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "Someone else is working on this."


def _item_for(moderator: Member, item_id: int) -> ReviewItem:
    item = review_item_for(moderator=moderator, item_id=item_id)
    if item is None:
        raise exceptions.NotFound()
    return item


def _item_response(request: Request, item_id: int, changed: bool) -> Response:
    item = _item_for(request.user, item_id)
    item.live_flags = item_live_flags(item=item)  # type: ignore[attr-defined]
    data = {"changed": changed, "item": item}
    return Response(s.ActionResultSerializer(data, context={"request": request}).data)


def _member_for(member_id: int) -> Member:
    member = member_by_id(member_id=member_id)
    if member is None:
        raise exceptions.NotFound()
    return member


class ModeratorView(APIView):
    permission_classes = [IsModerator]


# -- queue ---------------------------------------------------------------------------------------------------
class QueueParamsSerializer(serializers.Serializer):
    lane = serializers.ChoiceField(choices=s.LANES, required=False, default=Lane.SAFETY.value)
    space = serializers.IntegerField(required=False, min_value=1)
    category = serializers.ChoiceField(choices=Flag.Category.values, required=False, default="")
    age = serializers.ChoiceField(choices=list(AGE_FILTERS), required=False, default="")
    claimed = serializers.ChoiceField(choices=["mine", "claimed", "unclaimed"], required=False, default="")


class QueueView(generics.ListAPIView):
    permission_classes = [IsModerator]
    serializer_class = s.ReviewItemSerializer
    filter_backends: list = []
    keyset_ordering = ("-priority", "created_at", "id")  # index review_queue

    def get_queryset(self):
        params = QueueParamsSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        items = queue_items(
            moderator=self.request.user,
            lane=data["lane"],
            space_id=data.get("space"),
            category=data["category"],
            age=data["age"],
            claimed=data["claimed"],
        )
        # Reporters' names for the whole page in one more query (the selector prefetches the flags).
        return items.prefetch_related("live_flags__reporter")

    @extend_schema(
        summary="Review queue of one lane",
        description=(
            "Open items, most urgent first, then oldest. Lanes: safety (crisis), reported, held, off_topic. "
            "Filters: `space` (id), `category` (a live flag's category), `age` (older than 1h/24h/7d), "
            "`claimed` (mine / claimed / unclaimed; lapsed claims count as unclaimed)."
        ),
        tags=TAG,
        parameters=[
            OpenApiParameter("lane", OpenApiTypes.STR, enum=s.LANES),
            OpenApiParameter("space", OpenApiTypes.INT),
            OpenApiParameter("category", OpenApiTypes.STR, enum=Flag.Category.values),
            OpenApiParameter("age", OpenApiTypes.STR, enum=list(AGE_FILTERS)),
            OpenApiParameter("claimed", OpenApiTypes.STR, enum=["mine", "claimed", "unclaimed"]),
        ],
        examples=[ex.ITEM_IN_PAGE],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class LaneCountsView(ModeratorView):
    @extend_schema(
        summary="Open items per lane",
        tags=TAG,
        responses=s.LaneCountsSerializer,
        examples=[
            OpenApiExample(
                "Counts", value={"safety": 1, "reported": 4, "held": 2, "off_topic": 7}, response_only=True
            )
        ],
    )
    def get(self, request: Request) -> Response:
        return Response(lane_counts(moderator=request.user))


class ItemDetailView(ModeratorView):
    @extend_schema(
        summary="A review item with flags, evidence and post history",
        description=(
            "The item, its post (full text, whatever its status), every flag with the detectors' evidence "
            "and the reporters' notes, the post's earlier versions, the audit trail, and the author's "
            "sanctions, notes and other open items."
        ),
        tags=TAG,
        responses=s.ItemDetailSerializer,
        examples=[ex.ITEM_DETAIL],
    )
    def get(self, request: Request, item_id: int) -> Response:
        # item_detail raises Http404 outside the moderator's spaces; the API answers it as not_found.
        detail = item_detail(moderator=request.user, item_id=item_id)
        data = {
            "item": detail.item,
            "revisions": detail.revisions,
            "audit": detail.audit,
            "author_sanctions": detail.author_sanctions,
            "author_notes": detail.author_notes,
            "author_open_items": detail.author_open_items,
        }
        return Response(
            s.ItemDetailSerializer(data, context={"request": request, "flags": detail.flags}).data
        )


class ItemClaimView(ModeratorView):
    @extend_schema(
        summary="Claim an item",
        description="So two moderators don't handle it at once. 409 when someone else holds a live claim.",
        tags=TAG,
        request=None,
        responses={200: s.ClaimResultSerializer, 409: ErrorSerializer},
        examples=[ex.CLAIMED],
    )
    def post(self, request: Request, item_id: int) -> Response:
        item = _item_for(request.user, item_id)
        try:
            changed = review_item_claim(item=item, actor=request.user)
        except ClaimedByOther as exc:
            raise Conflict(str(exc)) from None
        return _item_response(request, item_id, changed)


class ItemReleaseView(ModeratorView):
    @extend_schema(
        summary="Release your claim",
        description="`changed` is false when you didn't hold it.",
        tags=TAG,
        request=None,
        responses=s.ClaimResultSerializer,
        examples=[ex.RELEASED],
    )
    def post(self, request: Request, item_id: int) -> Response:
        item = _item_for(request.user, item_id)
        changed = review_item_release(item=item, actor=request.user)
        return _item_response(request, item_id, changed)


# -- actions on an item --------------------------------------------------------------------------------------
def _sanction_author(kind: str) -> Callable[..., bool]:
    def run(*, item: ReviewItem, actor: Member, days: int | None = None, reason: str = "") -> bool:
        author = item.post.author
        if author is None:
            raise serializers.ValidationError({"non_field_errors": ["This post has no member account."]})
        if kind == "silence":
            if not days:
                raise serializers.ValidationError(
                    {"days": ["Please choose how many days the silence lasts."]}
                )
            return sanction_services.member_silence(
                member=author, actor=actor, days=days, reason=reason, item=item
            )
        return sanction_services.member_suspend(
            member=author, actor=actor, days=days, reason=reason, item=item
        )

    return run


# slug -> (request serializer, service, summary, description)
ITEM_ACTIONS: dict[str, tuple[type[serializers.Serializer], Callable[..., bool], str, str]] = {
    "approve": (
        s.ReasonSerializer,
        review_items.review_item_approve,
        "Approve",
        "The post is fine: publish it if held, dismiss the flags, resolve the item.",
    ),
    "off-topic": (
        s.ReasonSerializer,
        review_items.review_item_label_off_topic,
        "Label off topic",
        "Show the reply collapsed with an off-topic label (published if held); resolve the item.",
    ),
    "hide": (
        s.ReasonSerializer,
        review_items.review_item_hide,
        "Hide the post",
        "Hidden from everyone but moderators and its author; resolve the item.",
    ),
    "delete": (
        s.ReasonSerializer,
        review_items.review_item_delete,
        "Remove the post",
        "Hidden, marked removed and emptied; the text is kept as a revision for moderators.",
    ),
    "reached-out": (
        s.NoteRequiredSerializer,
        review_items.review_item_mark_reached_out,
        "Mark reached out",
        "Safety lane: you contacted the author privately. A note is required.",
    ),
    "escalated": (
        s.NoteRequiredSerializer,
        review_items.review_item_mark_escalated,
        "Mark escalated",
        "Safety lane: you escalated to an emergency contact or service. A note is required.",
    ),
    "edit": (
        s.EditRequestSerializer,
        moderation_posts.review_item_edit_post,
        "Edit the post",
        "Change the text with a note; the earlier text is kept. The item stays open.",
    ),
    "lock-thread": (
        s.ReasonSerializer,
        moderation_threads.review_item_close_thread,
        "Close the thread",
        "No new replies in the post's thread. The item stays open.",
    ),
    "warn": (
        s.WarnRequestSerializer,
        sanction_services.review_item_warn_author,
        "Warn the author",
        "A private message from the moderators about this post (once per post). The item stays open.",
    ),
    "silence": (
        s.ItemSanctionRequestSerializer,
        _sanction_author("silence"),
        "Silence the author",
        "Read-only for `days` days. The item stays open.",
    ),
    "suspend": (
        s.ItemSanctionRequestSerializer,
        _sanction_author("suspend"),
        "Suspend the author",
        "For `days` days, or until lifted when `days` is omitted. The item stays open.",
    ),
}


class ItemActionView(ModeratorView):
    action_slug = ""

    def post(self, request: Request, item_id: int) -> Response:
        request_serializer, service, _, _ = ITEM_ACTIONS[self.action_slug]
        data = request_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = _item_for(request.user, item_id)
        changed = service(item=item, actor=request.user, **data.validated_data)
        return _item_response(request, item_id, changed)


def _action_view(slug: str) -> type[ItemActionView]:
    request_serializer, _, summary, description = ITEM_ACTIONS[slug]
    view = type(f"Item{slug.title().replace('-', '')}View", (ItemActionView,), {"action_slug": slug})
    view.post = extend_schema(  # type: ignore[method-assign]
        summary=summary,
        description=description + " Safe to repeat: `changed` is false when nothing needed to change.",
        tags=TAG,
        request=request_serializer,
        responses=s.ActionResultSerializer,
        examples=ex.action_examples(slug),
    )(ItemActionView.post)
    return view


ITEM_ACTION_VIEWS = {slug: _action_view(slug) for slug in ITEM_ACTIONS}


# -- members: record, notes, sanctions -----------------------------------------------------------------------
class MemberRecordView(ModeratorView):
    @extend_schema(
        summary="A member's moderation record",
        description="Sanctions, notes, audit entries about them and their recent posts.",
        tags=TAG,
        responses=s.MemberRecordSerializer,
        examples=[ex.MEMBER_RECORD],
    )
    def get(self, request: Request, member_id: int) -> Response:
        record = member_record(member_id=member_id, moderator=request.user)
        data = {
            "member": record.member,
            "sanctions": record.sanctions,
            "notes": record.notes,
            "audit": record.audit,
            "recent_posts": record.recent_posts,
        }
        return Response(s.MemberRecordSerializer(data, context={"request": request}).data)


class MemberNotesView(generics.ListAPIView):
    permission_classes = [IsModerator]
    serializer_class = s.NoteSerializer
    filter_backends: list = []
    keyset_ordering = ("-created_at", "-id")

    def get_queryset(self):
        member = _member_for(self.kwargs["member_id"])
        return member_notes(member=member)

    @extend_schema(summary="Moderator notes about a member", tags=TAG, examples=[ex.NOTE_IN_PAGE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Add a note about a member",
        description="Private to moderators; recorded in the audit log.",
        tags=TAG,
        request=s.NoteCreateSerializer,
        responses={201: s.NoteSerializer},
        examples=[
            OpenApiExample(
                "Note",
                value={"body": "Reached out by DM on 21 Nov; they're safe and with family."},
                request_only=True,
            ),
            ex.NOTE_IN_PAGE,
        ],
    )
    def post(self, request: Request, member_id: int) -> Response:
        member = _member_for(member_id)
        data = s.NoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = notes.moderator_note_add(member=member, actor=request.user, body=data.validated_data["body"])
        return Response(
            s.NoteSerializer(note, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class MemberSanctionsView(generics.ListAPIView):
    permission_classes = [IsModerator]
    serializer_class = s.SanctionSerializer
    filter_backends: list = []
    keyset_ordering = ("-created_at", "-id")

    def get_queryset(self):
        member = _member_for(self.kwargs["member_id"])
        return member_sanctions(member_id=member.pk)

    @extend_schema(summary="A member's sanctions", tags=TAG, examples=[ex.SANCTION_IN_PAGE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Silence or suspend a member",
        description=(
            "A silence makes them read-only for `days` days; a suspension lasts `days` days or, without "
            "`days`, until lifted. `changed` is false when an equal or longer one is already in force."
        ),
        tags=TAG,
        request=s.SanctionRequestSerializer,
        responses=s.SanctionResultSerializer,
        examples=[
            OpenApiExample(
                "Silence",
                value={"kind": "silence", "days": 3, "reason": "Repeated spam links."},
                request_only=True,
            ),
            ex.SANCTIONS_RESULT,
        ],
    )
    def post(self, request: Request, member_id: int) -> Response:
        member = _member_for(member_id)
        data = s.SanctionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        if values["kind"] == Sanction.Kind.SILENCE:
            changed = sanction_services.member_silence(
                member=member, actor=request.user, days=values["days"], reason=values["reason"]
            )
        else:
            changed = sanction_services.member_suspend(
                member=member, actor=request.user, days=values.get("days"), reason=values["reason"]
            )
        sanctions = member_sanctions(member_id=member.pk)
        body = {"changed": changed, "sanctions": list(sanctions)}
        return Response(s.SanctionResultSerializer(body, context={"request": request}).data)


class SanctionRevokeView(ModeratorView):
    @extend_schema(
        summary="Lift a sanction",
        tags=TAG,
        request=s.ReasonSerializer,
        responses=s.SanctionResultSerializer,
        examples=[ex.REVOKE_REQUEST, ex.REVOKED],
    )
    def post(self, request: Request, sanction_id: int) -> Response:
        sanction = sanction_by_id(sanction_id=sanction_id)
        if sanction is None:
            raise exceptions.NotFound()
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = sanction_services.sanction_revoke(
            sanction=sanction, actor=request.user, reason=data.validated_data["reason"]
        )
        sanctions = member_sanctions(member_id=sanction.member_id)
        body = {"changed": changed, "sanctions": list(sanctions)}
        return Response(s.SanctionResultSerializer(body, context={"request": request}).data)


# -- audit log -----------------------------------------------------------------------------------------------
class AuditFilter(django_filters.FilterSet):
    actor = django_filters.NumberFilter(field_name="actor_id", help_text="Moderator's member id.")
    member = django_filters.NumberFilter(field_name="target_member_id", help_text="Member acted upon.")
    item = django_filters.NumberFilter(field_name="item_id")
    action = django_filters.ChoiceFilter(choices=AuditAction.choices)


class AuditLogView(generics.ListAPIView):
    permission_classes = [IsModerator]
    serializer_class = s.AuditEntrySerializer
    filterset_class = AuditFilter
    keyset_ordering = ("-created_at", "-id")  # index audit_recent

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no moderator (and no scope)
            return AuditLogEntry.objects.none()
        return audit_log(moderator=self.request.user)

    @extend_schema(
        summary="The audit log (read only)",
        description="Every moderator action, newest first. Entries can never be changed or deleted.",
        tags=TAG,
        examples=[ex.AUDIT_IN_PAGE],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# -- appeals (issue 14) --------------------------------------------------------------------------------------
class AlreadyDecided(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "already_decided"
    default_detail = "This appeal was already decided."


def _appeal_for(moderator: Member, appeal_id: int) -> Appeal:
    appeal = appeal_in_scope(moderator=moderator, appeal_id=appeal_id)
    if appeal is None:
        raise exceptions.NotFound()
    return appeal


class AppealParamsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[*Appeal.Status.values, "all"], required=False, default="open")
    assigned = serializers.ChoiceField(choices=["", "mine"], required=False, default="")


class AppealListView(generics.ListAPIView):
    permission_classes = [IsModerator]
    serializer_class = s.AppealSerializer
    filter_backends: list = []
    keyset_ordering = ("created_at", "id")  # index appeal_lane for the open lane

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no moderator
            return Appeal.objects.none()
        params = AppealParamsSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return appeals_for_moderator(
            moderator=self.request.user,
            status="" if params.validated_data["status"] == "all" else params.validated_data["status"],
            assigned_to_me=params.validated_data["assigned"] == "mine",
        )

    @extend_schema(
        summary="Appeals (the Appeals lane)",
        description=(
            "Members' appeals against a moderator's action, oldest first, within your spaces. `status` "
            "defaults to open (`all`: every status); `assigned=mine` lists those assigned to you."
        ),
        tags=TAG,
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=[*Appeal.Status.values, "all"]),
            OpenApiParameter("assigned", OpenApiTypes.STR, enum=["", "mine"]),
        ],
        examples=[ex.APPEAL_IN_PAGE],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AppealDetailView(ModeratorView):
    @extend_schema(
        summary="An appeal with the original notice",
        tags=TAG,
        responses=s.AppealSerializer,
        examples=[ex.APPEAL_DETAIL],
    )
    def get(self, request: Request, appeal_id: int) -> Response:
        appeal = _appeal_for(request.user, appeal_id)
        return Response(s.AppealSerializer(appeal, context={"request": request}).data)


class AppealDecideView(ModeratorView):
    @extend_schema(
        summary="Decide an appeal: uphold or reverse",
        description=(
            "`reverse` undoes the action (the post is shown again, the label or sanction lifted, the text "
            "before an edit put back); `uphold` keeps it. The note is required: the member reads it with the "
            "outcome. Audited. 409 `already_decided` when it was decided before; 403 when you made the "
            "original decision and the appeal is assigned to another moderator."
        ),
        tags=TAG,
        request=s.AppealDecisionSerializer,
        responses={200: s.AppealSerializer, 403: ErrorSerializer, 409: ErrorSerializer},
        examples=[ex.DECIDE_REQUEST, ex.DECIDED, ex.ALREADY_DECIDED],
    )
    def post(self, request: Request, appeal_id: int) -> Response:
        appeal = _appeal_for(request.user, appeal_id)
        data = s.AppealDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decide = (
            appeal_services.appeal_reverse
            if data.validated_data["decision"] == "reverse"
            else appeal_services.appeal_uphold
        )
        if not decide(appeal=appeal, actor=request.user, note=data.validated_data["note"]):
            raise AlreadyDecided()
        appeal = _appeal_for(request.user, appeal_id)
        return Response(s.AppealSerializer(appeal, context={"request": request}).data)
