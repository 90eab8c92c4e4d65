"""Member-facing API routes, included into community's API urlconf (namespace "api") at /api/v1/."""

from django.urls import path

from moderation.api import member_views

urlpatterns = [
    path("posts/<int:post_id>/report/", member_views.PostReportView.as_view(), name="post-report"),
]
