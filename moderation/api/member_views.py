"""The moderation endpoints members use, mounted under /api/v1/ by moderation/api/member_urls.py: reporting a
post (the same URL and name as before) and their own moderation notices, with one appeal per notice."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community import selectors
from community.api.schema import ErrorSerializer
from community.api.throttling import WRITE_THROTTLES
from moderation.api import examples as ex
from moderation.api.serializers import (
    AppealCreateSerializer,
    NoticeSerializer,
    ReportResultSerializer,
    ReportSerializer,
)
from moderation.selectors import member_notice, member_notices
from moderation.services.appeals import appeal_create
from moderation.services.reports import report_create

ALREADY_APPEALED = "You've already asked for another look at this. A moderator will answer you here."


class PostReportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        return [throttle() for throttle in WRITE_THROTTLES]

    @extend_schema(
        summary="Report a post to the moderators",
        description=(
            "Reporting twice is harmless: the second time answers 200 with `created: false`. After many "
            "reports in an hour (`HEARTH_REPORTS_PER_HOUR`; moderators are exempt) it answers 429 with "
            "code `rate_limited` and a `Retry-After` header in seconds."
        ),
        tags=["replies"],
        request=ReportSerializer,
        responses={201: ReportResultSerializer, 200: ReportResultSerializer},
        examples=[
            OpenApiExample(
                "Worried",
                value={"reason": "crisis", "note": "They sound like they are not safe."},
                request_only=True,
            ),
            OpenApiExample(
                "Received",
                value={
                    "created": True,
                    "message": "Thank you for telling us. A moderator will look at it soon.",
                },
                response_only=True,
                status_codes=["201"],
            ),
            OpenApiExample(
                "Too many reports",
                value={
                    "error": {
                        "code": "rate_limited",
                        "message": (
                            "You've sent a lot of reports in the last hour. Thank you for looking out for "
                            "people; please wait a little before sending more."
                        ),
                        "fields": {},
                    }
                },
                response_only=True,
                status_codes=["429"],
            ),
        ],
    )
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_for_viewer(post_id=post_id, viewer=request.user)
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # ReportRateLimited (code "rate_limited") becomes a 429 in community.api.exceptions.
        created = report_create(
            post=post,
            reporter=request.user,
            reason=data.validated_data["reason"],
            note=data.validated_data["note"],
        )
        if created:
            body = {"created": True, "message": "Thank you for telling us. A moderator will look at it soon."}
            return Response(body, status=status.HTTP_201_CREATED)
        body = {
            "created": False,
            "message": "You've already reported this post. A moderator will look at it.",
        }
        return Response(body)


# -- told why and appeals (issue 14) -------------------------------------------------------------------------
class AlreadyAppealed(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "already_appealed"
    default_detail = ALREADY_APPEALED


class NoticeListView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NoticeSerializer
    filter_backends: list = []
    keyset_ordering = ("-created_at", "-id")  # index notice_member_recent

    def get_queryset(self):
        return member_notices(member=self.request.user)

    @extend_schema(
        summary="Your moderation notices",
        description=(
            "What moderators did to your posts or account, why, and whether you appealed. Newest first. "
            "Only you see your own notices."
        ),
        tags=["me"],
        examples=[ex.NOTICE_IN_PAGE],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NoticeDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="One of your moderation notices",
        description="Someone else's notice answers 404.",
        tags=["me"],
        responses=NoticeSerializer,
        examples=[ex.NOTICE_DETAIL],
    )
    def get(self, request: Request, notice_id: int) -> Response:
        notice = member_notice(member=request.user, notice_id=notice_id)
        return Response(NoticeSerializer(notice, context={"request": request}).data)


class NoticeAppealView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get_throttles(self):
        return [throttle() for throttle in WRITE_THROTTLES]

    @extend_schema(
        summary="Ask for another look (appeal)",
        description=(
            "Once per notice, with a note. Another moderator than the one who acted looks at it when one is "
            "available; the outcome comes as a notification. A second appeal answers 409 with code "
            "`already_appealed`; an action that was already undone answers 400."
        ),
        tags=["me"],
        request=AppealCreateSerializer,
        responses={201: NoticeSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
        examples=[ex.APPEAL_REQUEST, ex.APPEALED, ex.ALREADY_APPEALED],
    )
    def post(self, request: Request, notice_id: int) -> Response:
        notice = member_notice(member=request.user, notice_id=notice_id)
        data = AppealCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _, created = appeal_create(notice=notice, actor=request.user, note=data.validated_data["note"])
        if not created:
            raise AlreadyAppealed()
        notice = member_notice(member=request.user, notice_id=notice_id)
        return Response(
            NoticeSerializer(notice, context={"request": request}).data, status=status.HTTP_201_CREATED
        )
