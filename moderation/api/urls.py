"""Included by community.api.urls at /api/v1/moderation/."""

from django.urls import path

from moderation.api import views

item_actions = [
    path(f"items/<int:item_id>/{slug}/", view.as_view(), name=f"moderation-item-{slug}")
    for slug, view in views.ITEM_ACTION_VIEWS.items()
]

urlpatterns = [
    path("queue/", views.QueueView.as_view(), name="moderation-queue"),
    path("queue/counts/", views.LaneCountsView.as_view(), name="moderation-lane-counts"),
    path("items/<int:item_id>/", views.ItemDetailView.as_view(), name="moderation-item"),
    path("items/<int:item_id>/claim/", views.ItemClaimView.as_view(), name="moderation-item-claim"),
    path("items/<int:item_id>/release/", views.ItemReleaseView.as_view(), name="moderation-item-release"),
    *item_actions,
    path("members/<int:member_id>/", views.MemberRecordView.as_view(), name="moderation-member"),
    path("members/<int:member_id>/notes/", views.MemberNotesView.as_view(), name="moderation-member-notes"),
    path(
        "members/<int:member_id>/sanctions/",
        views.MemberSanctionsView.as_view(),
        name="moderation-member-sanctions",
    ),
    path(
        "sanctions/<int:sanction_id>/revoke/",
        views.SanctionRevokeView.as_view(),
        name="moderation-sanction-revoke",
    ),
    path("audit/", views.AuditLogView.as_view(), name="moderation-audit"),
    path("appeals/", views.AppealListView.as_view(), name="moderation-appeals"),
    path("appeals/<int:appeal_id>/", views.AppealDetailView.as_view(), name="moderation-appeal"),
    path(
        "appeals/<int:appeal_id>/decide/", views.AppealDecideView.as_view(), name="moderation-appeal-decide"
    ),
]
