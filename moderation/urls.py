from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/claim/", views.item_claim, name="item_claim"),
    path("items/<int:item_id>/release/", views.item_release, name="item_release"),
    path("items/<int:item_id>/follow-up/", views.item_follow_up, name="item_follow_up"),
    path("items/<int:item_id>/<slug:action>/", views.item_action, name="item_action"),
    path("members/<int:member_id>/", views.member_record, name="member"),
    path("members/<int:member_id>/<slug:action>/", views.member_action, name="member_action"),
    path("threads/<int:thread_id>/close/", views.thread_close, name="thread_close"),
    path("threads/<int:thread_id>/reopen/", views.thread_reopen, name="thread_reopen"),
    path("sanctions/<int:sanction_id>/revoke/", views.sanction_revoke, name="sanction_revoke"),
    path("appeals/", views.appeals, name="appeals"),
    path("appeals/<int:appeal_id>/", views.appeal_detail, name="appeal"),
    path("audit/", views.audit_log, name="audit"),
    path("duty/", views.duty, name="duty"),
    path("duty/off/<str:token>/", views.off_duty, name="off_duty"),
]
