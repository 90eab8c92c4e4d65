"""Member-facing API routes, included into community's API urlconf (namespace "api") at /api/v1/."""

from django.urls import path

from moderation.api import member_views

urlpatterns = [
    path("posts/<int:post_id>/report/", member_views.PostReportView.as_view(), name="post-report"),
    path("me/moderation-notices/", member_views.NoticeListView.as_view(), name="me-notices"),
    path("me/moderation-notices/<int:notice_id>/", member_views.NoticeDetailView.as_view(), name="me-notice"),
    path(
        "me/moderation-notices/<int:notice_id>/appeal/",
        member_views.NoticeAppealView.as_view(),
        name="me-notice-appeal",
    ),
]
