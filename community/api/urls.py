"""The API, included at /api/ by the root urlconf.

/api/v1/...   the versioned API (moderation under /api/v1/moderation/)
/api/schema/  OpenAPI 3 (drf-spectacular)
/api/docs/    Swagger UI, served offline from drf-spectacular-sidecar
"""

from django.apps import apps
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from community.api.exceptions import api_not_found
from community.api.views import gentle, members, posts, spaces, threads

app_name = "api"

v1 = [
    path("auth/token/", members.TokenView.as_view(), name="token"),
    path("me/", members.MeView.as_view(), name="me"),
    path("me/mutes/", members.MuteListView.as_view(), name="me-mutes"),
    path("me/exports/", members.DataExportListView.as_view(), name="me-exports"),
    path("me/deletion/", members.AccountDeletionView.as_view(), name="me-deletion"),
    path("me/muted-words/", gentle.MutedWordListView.as_view(), name="me-muted-words"),
    path("me/muted-words/<int:word_id>/", gentle.MutedWordView.as_view(), name="me-muted-word"),
    path("me/break/", gentle.BreakView.as_view(), name="me-break"),
    path("me/peer-supporter/", gentle.PeerSupporterView.as_view(), name="me-peer-supporter"),
    path("waiting/", gentle.WaitingListView.as_view(), name="waiting"),
    path("members/<int:member_id>/", members.MemberProfileView.as_view(), name="member"),
    path("members/<int:member_id>/posts/", members.MemberPostsView.as_view(), name="member-posts"),
    path("members/<int:member_id>/mute/", members.MemberMuteView.as_view(), name="member-mute"),
    path("unsubscribe/", members.UnsubscribeView.as_view(), name="unsubscribe"),
    path("notifications/", members.NotificationListView.as_view(), name="notifications"),
    path("notifications/read-all/", members.NotificationReadAllView.as_view(), name="notifications-read-all"),
    path(
        "notifications/<int:notification_id>/read/",
        members.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("support/", members.SupportView.as_view(), name="support"),
    path("care/", members.CarePageView.as_view(), name="care"),
    path("spaces/", spaces.SpaceListView.as_view(), name="spaces"),
    path("spaces/<slug:slug>/", spaces.SpaceDetailView.as_view(), name="space"),
    path("spaces/<slug:slug>/follow/", spaces.SpaceFollowView.as_view(), name="space-follow"),
    path("threads/", threads.ThreadListView.as_view(), name="threads"),
    path("threads/<int:thread_id>/", threads.ThreadDetailView.as_view(), name="thread"),
    path("threads/<int:thread_id>/replies/", threads.ThreadRepliesView.as_view(), name="thread-replies"),
    path("threads/<int:thread_id>/close/", threads.ThreadCloseView.as_view(), name="thread-close"),
    path("threads/<int:thread_id>/reopen/", threads.ThreadReopenView.as_view(), name="thread-reopen"),
    path("threads/<int:thread_id>/pin/", threads.ThreadPinView.as_view(), name="thread-pin"),
    path("threads/<int:thread_id>/follow/", threads.ThreadFollowView.as_view(), name="thread-follow"),
    path("posts/<int:post_id>/", posts.PostDetailView.as_view(), name="post"),
    path("posts/<int:post_id>/reactions/", gentle.PostReactionsView.as_view(), name="post-reactions"),
    path(
        "posts/<int:post_id>/content-warning/", gentle.PostContentWarningView.as_view(), name="post-warning"
    ),
]
# URL wiring only, by dotted string (not an import): moderation's endpoints live in moderation/api, and only
# when it is installed. Its member-facing routes (reporting a post) join this namespace at the same URLs.
if apps.is_installed("moderation"):
    v1 += [
        path("", include("moderation.api.member_urls")),
        path("moderation/", include("moderation.api.urls")),
    ]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ answers in the API's error shape, not with an HTML 404 page.
    re_path(r"^.*$", api_not_found),
]
