from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("spaces/<slug:slug>/", views.space_detail, name="space"),
    path("threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("posts/<int:post_id>/", views.post_redirect, name="post"),
    path("members/<int:member_id>/", views.member_profile, name="member"),
    path("notifications/", views.notifications, name="notifications"),
    path("preferences/", views.preferences, name="preferences"),
]
