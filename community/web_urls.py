from django.apps import apps
from django.urls import include, path

from community import views
from community.unsubscribe import unsubscribe_view

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("spaces/<slug:slug>/", views.space_detail, name="space"),
    path("spaces/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("spaces/<slug:slug>/follow/", views.space_follow, name="space_follow"),
    path("threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("threads/<int:thread_id>/reply/", views.reply_create, name="reply"),
    path("threads/<int:thread_id>/guest-reply/", views.guest_reply, name="guest_reply"),
    path("threads/<int:thread_id>/follow/", views.thread_follow, name="thread_follow"),
    path("guests/confirm/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path("posts/<int:post_id>/", views.post_redirect, name="post"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:post_id>/react/", views.post_react, name="post_react"),
    path("posts/<int:post_id>/reactions/", views.post_reactions, name="post_reactions"),
    path("posts/<int:post_id>/warning/", views.post_content_warning, name="post_content_warning"),
    path("waiting/", views.waiting, name="waiting"),
    path("members/<int:member_id>/", views.member_profile, name="member"),
    path("members/<int:member_id>/mute/", views.member_mute, name="member_mute"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/muted-words/", views.muted_words, name="muted_words"),
    path("preferences/break/", views.take_a_break, name="take_a_break"),
    path("preferences/peer-supporter/", views.peer_supporter, name="peer_supporter"),
    path("account/data/", views.account_data, name="account_data"),
    path("account/data/export/", views.data_export_request, name="data_export_request"),
    path("account/data/export/<str:token>/", views.data_export_download, name="data_export_download"),
    path("account/data/keep/", views.account_deletion_cancel, name="account_deletion_cancel"),
    path("how-we-look-after-people/", views.care_page, name="care"),
    path("unsubscribe/<str:token>/", unsubscribe_view, name="unsubscribe"),
]
# Reporting a post is moderation's page; it joins this namespace (``community:post_report``) by dotted string,
# not an import, and only when moderation is installed.
if apps.is_installed("moderation"):
    urlpatterns += [path("", include("moderation.member_urls"))]
