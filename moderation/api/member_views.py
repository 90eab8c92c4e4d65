"""The one moderation endpoint members use: reporting a post (mounted at /api/v1/posts/{id}/report/ by
moderation/api/member_urls.py, so clients see the same URL and name as before)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community import selectors
from community.api.throttling import WRITE_THROTTLES
from moderation.api.serializers import ReportResultSerializer, ReportSerializer
from moderation.services.reports import report_create


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
