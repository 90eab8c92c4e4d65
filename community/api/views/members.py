from __future__ import annotations

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import parse_rates
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from community import moderation_port, selectors
from community.api.exceptions import RateLimited
from community.api.filters import NotificationFilter
from community.api.serializers import (
    AccountDeletionResultSerializer,
    AccountDeletionSerializer,
    CarePageSerializer,
    DataExportSerializer,
    MarkReadResultSerializer,
    MemberPostSerializer,
    MemberProfileSerializer,
    MeSerializer,
    MuteResultSerializer,
    MuteSerializer,
    NotificationSerializer,
    SupportPanelSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UnsubscribeResultSerializer,
    UnsubscribeSerializer,
)
from community.api.support import SUPPORT_EXAMPLE, support_panel_data
from community.api.throttling import DEFAULT_THROTTLES, AuthRateThrottle
from community.api.views.posts import POST_EXAMPLE
from community.care import support_panel_for_request
from community.models import DataExport, MemberMute, Notification, Post
from community.services import member_data
from community.services.members import (
    PREFERENCE_FIELDS,
    member_mute,
    member_unmute,
    member_update_preferences,
)
from community.services.notifications import notifications_mark_read
from community.unsubscribe import SCOPES, member_unsubscribe, unsubscribe_read

ME_EXAMPLE = {
    "id": 7,
    "email": "willow@example.org",
    "display_name": "willow",
    "timezone": "Europe/London",
    "country": "GB",
    "digest_frequency": "weekly",
    "unread_reminders": True,
    "moderation_emails": True,
    "bio": "",
    "is_moderator": False,
    "date_joined": "2026-09-01T10:00:00Z",
}
NOTIFICATION_EXAMPLE = {
    "id": 5,
    "kind": "reply_to_you",
    "message": "",
    "actor": {"id": 8, "display_name": "river"},
    "thread": {"id": 42, "title": "Is it normal to miss my therapist between sessions?"},
    "post": 101,
    "created_at": "2026-11-21T18:02:12Z",
    "read_at": None,
    "is_read": False,
}


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Your profile and preferences",
        description="Only you (and staff) ever see your email address.",
        tags=["me"],
        responses=MeSerializer,
        examples=[OpenApiExample("You", value=ME_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user, context={"request": request}).data)

    @extend_schema(
        summary="Change your profile and preferences",
        description=(
            "Send only what changes. Change your email address or password through allauth (/_allauth/)."
        ),
        tags=["me"],
        request=MeSerializer,
        responses=MeSerializer,
        examples=[
            OpenApiExample(
                "Daily digest",
                value={"digest_frequency": "daily", "timezone": "Europe/Berlin"},
                request_only=True,
            ),
            OpenApiExample("Saved", value=ME_EXAMPLE | {"digest_frequency": "daily"}, response_only=True),
        ],
    )
    def patch(self, request: Request) -> Response:
        member = request.user
        data = MeSerializer(member, data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values = {name: getattr(member, name) for name in PREFERENCE_FIELDS}
        values.update({k: v for k, v in data.validated_data.items() if k in PREFERENCE_FIELDS})
        member_update_preferences(member=member, **values)
        return Response(MeSerializer(member, context={"request": request}).data)


PROFILE_EXAMPLE = {
    "id": 8,
    "display_name": "river",
    "bio": "Two years into therapy and learning to trust it.",
    "date_joined": "2026-03-14",
    "is_moderator": False,
    "is_muted": False,
}
MEMBER_POST_EXAMPLE = POST_EXAMPLE | {
    "thread_title": "Is it normal to miss my therapist between sessions?",
    "space": {"id": 1, "slug": "attachment-in-therapy", "name": "Attachment in therapy"},
}


class MemberProfileView(APIView):
    @extend_schema(
        summary="A member's profile",
        description=(
            "Display name, bio, the day they joined, and whether you have muted them. Their email address "
            "appears only to themself and to staff. Their recent posts: `/api/v1/members/{id}/posts/`. "
            "Closed accounts are 404."
        ),
        tags=["members"],
        responses=MemberProfileSerializer,
        examples=[
            OpenApiExample("Someone else", value=PROFILE_EXAMPLE, response_only=True),
            OpenApiExample(
                "You",
                value=PROFILE_EXAMPLE | {"email": "river@example.org"},
                response_only=True,
            ),
        ],
    )
    def get(self, request: Request, member_id: int) -> Response:
        profile = selectors.member_profile_for(member_id=member_id, viewer=request.user)
        return Response(MemberProfileSerializer(profile, context={"request": request}).data)


class MemberPostsView(generics.ListAPIView):
    serializer_class = MemberPostSerializer
    keyset_ordering = ("-created_at", "-id")  # index post_author_recent

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Post.objects.none()
        member = selectors.member_for(member_id=self.kwargs["member_id"])
        return selectors.member_posts_for(member=member, viewer=self.request.user)

    @extend_schema(
        summary="A member's recent posts",
        description=(
            "Newest first, with the thread and space each belongs to. Others see published posts only; "
            "posts that suggested the author was struggling stay in their thread and are not gathered "
            "here. You (and moderators) also see your posts waiting for review. Closed accounts are 404."
        ),
        tags=["members"],
        examples=[OpenApiExample("A post in a page", value=MEMBER_POST_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


MUTE_EXAMPLE = {"member": {"id": 8, "display_name": "river"}, "muted_at": "2026-11-21T18:30:00Z"}


class MemberMuteView(APIView):
    """Muting stops notifications caused by someone; they are never told, and their posts still show."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Mute a member",
        description=(
            "You stop getting notifications when they reply to you or in threads you follow. They aren't "
            "told, and their posts still appear in threads. Safe to repeat. Muting yourself is a 400."
        ),
        tags=["members"],
        request=None,
        responses=MuteResultSerializer,
        examples=[
            OpenApiExample("Muted", value={"changed": True, "muted": True}, response_only=True),
            OpenApiExample("Already muted", value={"changed": False, "muted": True}, response_only=True),
            OpenApiExample(
                "Yourself",
                value={"error": {"code": "invalid", "message": "You can't mute yourself.", "fields": {}}},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request: Request, member_id: int) -> Response:
        other = selectors.member_for(member_id=member_id)
        changed = member_mute(member=request.user, muted=other)
        return Response({"changed": changed, "muted": True})

    @extend_schema(
        summary="Unmute a member",
        description="Their replies notify you again. Works for closed accounts too. Safe to repeat.",
        tags=["members"],
        request=None,
        responses={200: MuteResultSerializer},
        examples=[OpenApiExample("Unmuted", value={"changed": True, "muted": False}, response_only=True)],
    )
    def delete(self, request: Request, member_id: int) -> Response:
        other = selectors.member_for(member_id=member_id, include_closed=True)
        changed = member_unmute(member=request.user, muted=other)
        return Response({"changed": changed, "muted": False})


class MuteListView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MuteSerializer
    keyset_ordering = ("-created_at", "-id")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return MemberMute.objects.none()
        return selectors.member_mutes(member=self.request.user)

    @extend_schema(
        summary="Members you have muted",
        description="Most recently muted first. Unmute with `DELETE /api/v1/members/{id}/mute/`.",
        tags=["me"],
        examples=[OpenApiExample("A muted member in a page", value=MUTE_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationListView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    keyset_ordering = ("-created_at", "-id")  # index notification_recent

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no member
            return Notification.objects.none()
        return selectors.member_notifications(member=self.request.user)

    @extend_schema(
        summary="Your notifications",
        description="Newest first. `?unread=true` for unread ones only.",
        tags=["notifications"],
        examples=[OpenApiExample("A notification in a page", value=NOTIFICATION_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationReadView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Mark one notification read",
        tags=["notifications"],
        request=None,
        responses=MarkReadResultSerializer,
        examples=[OpenApiExample("Marked", value={"marked_read": 1}, response_only=True)],
    )
    def post(self, request: Request, notification_id: int) -> Response:
        if not selectors.member_notifications(member=request.user).filter(pk=notification_id).exists():
            raise exceptions.NotFound()
        changed = notifications_mark_read(member=request.user, ids=[notification_id])
        return Response({"marked_read": changed})


class NotificationReadAllView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Mark every notification read",
        tags=["notifications"],
        request=None,
        responses=MarkReadResultSerializer,
        examples=[OpenApiExample("Marked", value={"marked_read": 12}, response_only=True)],
    )
    def post(self, request: Request) -> Response:
        return Response({"marked_read": notifications_mark_read(member=request.user)})


LOGIN_LOCKED_MESSAGE = (
    "There have been too many unsuccessful attempts to sign in to this account, so we've paused them for "
    "a few minutes to keep it safe. Please try again a little later, or reset your password if you've "
    "forgotten it."
)


def _login_lockout_seconds() -> int:
    """How long allauth's ``login_failed`` limit (``ACCOUNT_RATE_LIMITS``) can keep an account locked: the
    longest of its windows, for ``Retry-After``."""
    rates = parse_rates(account_settings.RATE_LIMITS.get("login_failed"))
    return max((int(rate.duration) for rate in rates), default=300)


class TokenView(APIView):
    """Token sign-in for apps. Sign-up and email verification go through allauth's headless API."""

    permission_classes = [permissions.AllowAny]

    def get_throttles(self):
        if self.request.method == "POST":
            return [*(t() for t in DEFAULT_THROTTLES), AuthRateThrottle()]
        return super().get_throttles()

    @extend_schema(
        summary="Get an API token",
        description=(
            "Exchange your email and password for a token; send it as `Authorization: Token <token>`. "
            "Asking again returns the same token until you revoke it. Your email address must be "
            "confirmed first (sign up and confirm through allauth's headless API under /_allauth/). "
            "Failed attempts count against the account, whatever the address they come from, with the "
            "site's log-in (`ACCOUNT_RATE_LIMITS['login_failed']`, 5 in 5 minutes): past that it answers "
            "429 with code `rate_limited` and `Retry-After`, even for the right password."
        ),
        tags=["auth"],
        auth=[],
        request=TokenRequestSerializer,
        responses=TokenSerializer,
        examples=[
            OpenApiExample(
                "Credentials",
                value={"email": "willow@example.org", "password": "correct horse battery"},
                request_only=True,
            ),
            OpenApiExample(
                "Token", value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"}, response_only=True
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Through allauth's adapter, as the site's log-in form does: its ``login_failed`` rate limit counts
        # failures per account (and per IP), so spreading guesses over many addresses no longer gets round
        # the account's lockout; a success gives back its own attempt, as on the site.
        try:
            member = get_adapter(request._request).authenticate(
                request._request,
                email=data.validated_data["email"],
                password=data.validated_data["password"],
            )
        except DjangoValidationError as exc:
            if any(error.code == "too_many_login_attempts" for error in exc.error_list):
                raise RateLimited(LOGIN_LOCKED_MESSAGE, wait=_login_lockout_seconds()) from None
            raise
        if member is None or not member.is_active:
            raise exceptions.AuthenticationFailed("That email and password don't match an account.")
        if (
            account_settings.EMAIL_VERIFICATION == account_settings.EmailVerificationMethod.MANDATORY
            and not EmailAddress.objects.filter(user=member, verified=True).exists()
        ):
            raise exceptions.PermissionDenied(
                "Please confirm your email address first: we sent you a link when you signed up."
            )
        token, _ = Token.objects.get_or_create(user=member)
        return Response({"token": token.key})

    @extend_schema(
        summary="Revoke your API token",
        description="Signs this app out. Safe to repeat.",
        tags=["auth"],
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnsubscribeView(APIView):
    """The API twin of the one-click link in digest and reminder emails: the signed token is the proof."""

    # No session, so no CSRF check: like the email link, this works without signing in.
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Unsubscribe from digest or reminder emails",
        description=(
            "Takes the token from the unsubscribe link in a digest or reminder email (the last part of "
            "`/unsubscribe/<token>/`). No sign-in needed. Safe to repeat: `changed` is false the second time."
        ),
        tags=["me"],
        auth=[],
        request=UnsubscribeSerializer,
        responses=UnsubscribeResultSerializer,
        examples=[
            OpenApiExample(
                "Token", value={"token": "eJyrVspVsjI0MjLQUSpWslIqS8wpTQUAL2sFWQ:1t..."}, request_only=True
            ),
            OpenApiExample(
                "Done",
                value={
                    "changed": True,
                    "scope": "digest",
                    "message": "You won't get digest emails any more.",
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = UnsubscribeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parsed = unsubscribe_read(data.validated_data["token"])
        if parsed is None:
            raise exceptions.ValidationError(
                {"token": ["This unsubscribe link isn't valid. You can change emails in your preferences."]}
            )
        member_id, scope = parsed
        changed = member_unsubscribe(member_id=member_id, scope=scope)
        message = f"You won't get {SCOPES[scope]} any more."
        return Response({"changed": changed, "scope": scope, "message": message})


class SupportView(APIView):
    """The support panel's crisis lines for the caller, also shown after a post with crisis language."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Crisis lines for where you are",
        description=(
            "The support message and crisis lines chosen for your country: your country preference when "
            "signed in, else your browser's language region (`Accept-Language: en-NZ` -> NZ). `resources` "
            "are the lines to show first (at most three); `other_groups` are every other line, by country. "
            "Each line has its opening hours and when an admin last checked it. No sign-in needed."
        ),
        tags=["support"],
        responses=SupportPanelSerializer,
        examples=[OpenApiExample("New Zealand", value=SUPPORT_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        panel = support_panel_for_request(request)
        return Response(SupportPanelSerializer(support_panel_data(request, panel)).data)


class CarePageView(APIView):
    """The public page "How we look after people here"."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="How we look after people here",
        description=(
            "What happens to a post about suicide or self-harm, who sees it, what moderators can and "
            "cannot do, and emergency numbers (written by the site's admins), with the crisis lines for "
            "your country as in `GET /api/v1/support/`. No sign-in needed."
        ),
        tags=["support"],
        responses=CarePageSerializer,
        examples=[
            OpenApiExample(
                "The page",
                value={
                    "title": "How we look after people here",
                    "body_html": "<h3>We are a peer community, not an emergency service</h3>\n<p>…</p>\n",
                    "updated_at": "2026-11-20T09:30:00Z",
                    "support": SUPPORT_EXAMPLE,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        care = moderation_port.care_page()
        data = {
            "title": care.title,
            "body_html": care.body_html,
            "updated_at": care.updated_at,
            "support": support_panel_data(request, support_panel_for_request(request)),
        }
        return Response(CarePageSerializer(data).data)


DATA_EXPORT_EXAMPLE = {
    "id": 3,
    "status": "ready",
    "size": 18234,
    "created_at": "2026-11-21T18:02:11Z",
    "ready_at": "2026-11-21T18:02:14Z",
}


class DataExportListView(generics.ListAPIView):
    """Your copies of your data: ask for one (POST) and see the ones you asked for (GET)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DataExportSerializer
    keyset_ordering = ("-created_at", "-id")  # index dataexport_member_recent

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DataExport.objects.none()
        return member_data.exports_for(member=self.request.user)

    @extend_schema(
        summary="Your data exports",
        tags=["me"],
        examples=[OpenApiExample("An export", value=DATA_EXPORT_EXAMPLE, response_only=True)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Ask for a copy of your data",
        description=(
            "Everything Hearth holds about you (profile, posts with every revision, reports you made, "
            "notifications, follows, preferences) as JSON files in a zip. Built in the background; you "
            "get an email with a signed link that works for `HEARTH_DATA_EXPORT_LINK_DAYS` days while "
            "signed in. While one is being prepared, asking again answers that one (200, not 201)."
        ),
        tags=["me"],
        request=None,
        responses={201: DataExportSerializer, 200: DataExportSerializer},
        examples=[
            OpenApiExample(
                "Being prepared",
                value=DATA_EXPORT_EXAMPLE | {"status": "pending", "size": 0, "ready_at": None},
                response_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        export, created = member_data.member_export_request(member=request.user, actor=request.user)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(DataExportSerializer(export).data, status=code)


class AccountDeletionView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Delete your account (after a grace period)",
        description=(
            "Confirm with your password. Your account is erased `HEARTH_ACCOUNT_DELETION_GRACE_DAYS` days "
            "later unless you sign in again or cancel (`DELETE`). `keep_posts`: true keeps your posts as "
            'written by "a former member"; false removes them (replies to them stay). See docs/privacy.md.'
        ),
        tags=["me"],
        request=AccountDeletionSerializer,
        responses=AccountDeletionResultSerializer,
        examples=[
            OpenApiExample("Ask", value={"password": "correct horse", "keep_posts": True}, request_only=True),
            OpenApiExample(
                "Scheduled",
                value={"scheduled": True, "due_at": "2026-11-28T18:02:11Z", "keep_posts": True},
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = AccountDeletionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            member_data.member_deletion_request(
                member=request.user,
                actor=request.user,
                password=data.validated_data["password"],
                keep_posts=data.validated_data["keep_posts"],
            )
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(getattr(exc, "message_dict", {"detail": exc.messages})) from exc
        return Response(_deletion_state(request.user))

    @extend_schema(
        summary="Keep your account (cancel a deletion)",
        tags=["me"],
        request=None,
        responses={200: AccountDeletionResultSerializer},
        examples=[
            OpenApiExample(
                "Kept", value={"scheduled": False, "due_at": None, "keep_posts": False}, response_only=True
            )
        ],
    )
    def delete(self, request: Request) -> Response:
        member_data.member_deletion_cancel(member=request.user, actor=request.user)
        return Response(_deletion_state(request.user))


def _deletion_state(member) -> dict:
    due = member_data.deletion_due_at(member)
    return {"scheduled": due is not None, "due_at": due, "keep_posts": member.deletion_keeps_posts}
