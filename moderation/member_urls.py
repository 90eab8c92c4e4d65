"""Member-facing pages, included into community's web urlconf (namespace "community") at the root."""

from django.urls import path

from moderation import member_views

urlpatterns = [
    path("posts/<int:post_id>/report/", member_views.post_report, name="post_report"),
    path("account/moderated-posts/", member_views.moderated_posts, name="moderated_posts"),
    path("moderation-notices/<int:notice_id>/", member_views.moderation_notice, name="moderation_notice"),
]
