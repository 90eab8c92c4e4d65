"""API representations. Emails appear only to their owner and to staff; a guest's email never does.

Serializers read what the selectors already loaded (``select_related``) and never query on their own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from community.models import (
    DigestFrequency,
    Member,
    MemberMute,
    MutedWord,
    Notification,
    Post,
    Reaction,
    ReactionKind,
    Space,
    Thread,
)
from community.selectors import post_visible_to, viewer_moderates_post
from community.services.members import PREFERENCE_FIELDS
from community.services.posts import can_edit
from community.services.threads import can_start_thread

PLACEHOLDERS = {
    "deleted": "This reply was deleted by its author.",
    Post.Status.HELD: "This reply is waiting for a moderator.",
    Post.Status.HIDDEN: "This reply was hidden by a moderator.",
}


def _viewer(serializer: serializers.Serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def _is_staff(viewer) -> bool:
    return bool(viewer is not None and viewer.is_authenticated and viewer.is_staff)


# -- people ------------------------------------------------------------------------------------------------
class MemberSummarySerializer(serializers.Serializer):
    """A member as others see them. ``email`` is present only for the member themself and for staff."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    email = serializers.EmailField(required=False, help_text="Only for the member themself and staff.")

    def to_representation(self, instance: Member) -> dict[str, Any]:
        data = {"id": instance.pk, "display_name": instance.display_name}
        viewer = _viewer(self)
        if _is_staff(viewer) or (viewer is not None and viewer.pk == instance.pk):
            data["email"] = instance.email
        return data


class AuthorSerializer(serializers.Serializer):
    """Who wrote a post: a member, a guest (name only, never their email) or a deleted account."""

    kind = serializers.ChoiceField(choices=["member", "guest", "former_member"])
    id = serializers.IntegerField(allow_null=True, help_text="The member's id; null for guests.")
    display_name = serializers.CharField()
    email = serializers.EmailField(required=False, help_text="Members only, and only for staff.")

    def to_representation(self, post: Post) -> dict[str, Any]:
        if post.author_id is not None:
            data: dict[str, Any] = {
                "kind": "member",
                "id": post.author_id,
                "display_name": post.author.display_name,
            }
            if _is_staff(_viewer(self)):
                data["email"] = post.author.email
            return data
        if post.guest_id is not None:
            return {"kind": "guest", "id": None, "display_name": post.guest.name}
        return {"kind": "former_member", "id": None, "display_name": "A former member"}


class SpaceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Space
        fields = ["id", "slug", "name"]


# -- spaces ------------------------------------------------------------------------------------------------
class SpaceSerializer(serializers.ModelSerializer):
    can_start_threads = serializers.SerializerMethodField()
    # Annotated by community.selectors.spaces_for, so the list stays one query.
    is_following = serializers.BooleanField(
        read_only=True, help_text="Whether you follow this space (always false when signed out)."
    )

    class Meta:
        model = Space
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "who_can_start_threads",
            "allow_guest_replies",
            "can_start_threads",
            "is_following",
        ]

    def get_can_start_threads(self, space: Space) -> bool:
        return can_start_thread(space=space, member=_viewer(self))


# -- posts -------------------------------------------------------------------------------------------------
class PostSerializer(serializers.Serializer):
    """A post (opening post or reply). Text is null when the viewer may not read it; ``notice`` says why."""

    id = serializers.IntegerField()
    thread = serializers.IntegerField(help_text="Thread id.")
    parent = serializers.IntegerField(allow_null=True, help_text="Null for the opening post.")
    depth = serializers.IntegerField(help_text="0 for the opening post, 1 for top-level replies.")
    author = AuthorSerializer()
    status = serializers.ChoiceField(choices=Post.Status.choices)
    is_off_topic = serializers.BooleanField()
    is_deleted = serializers.BooleanField()
    is_visible = serializers.BooleanField(help_text="Whether you may read this post's text.")
    notice = serializers.CharField(allow_null=True, help_text="Shown instead of the text, or null.")
    body = serializers.CharField(allow_null=True, help_text="Markdown source.")
    body_html = serializers.CharField(allow_null=True, help_text="Rendered, sanitised HTML.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    can_edit = serializers.BooleanField(help_text="Whether you may edit (and, if yours, delete) it.")
    moderation = serializers.DictField(
        required=False, help_text="Moderators only: hold_reason and is_sensitive."
    )
    content_warning = serializers.CharField(
        help_text="A short warning to show before the text (empty if none): fold the post behind it."
    )
    reactions = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text="In the reply tree: supportive reactions by kind (hear_you, strength, me_too) with counts.",
    )
    my_reactions = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="In the reply tree: the kinds you gave."
    )
    folded_by_muted_words = serializers.BooleanField(
        required=False, help_text="In the reply tree: the text contains one of your muted words; fold it."
    )

    def to_representation(self, post: Post) -> dict[str, Any]:
        viewer = _viewer(self)
        visible = post_visible_to(post, viewer) and not post.is_deleted
        if post.is_deleted:
            notice: str | None = PLACEHOLDERS["deleted"]
        elif not visible:
            notice = PLACEHOLDERS[post.status]
        elif post.status != Post.Status.PUBLISHED:
            # The author (or a moderator) reads a post others cannot see yet; say so kindly.
            notice = PLACEHOLDERS[post.status]
        else:
            notice = None
        data = {
            "id": post.pk,
            "thread": post.thread_id,
            "parent": post.parent_id,
            "depth": post.depth,
            "author": AuthorSerializer(post, context=self.context).data,
            "status": post.status,
            "is_off_topic": post.is_off_topic,
            "is_deleted": post.is_deleted,
            "is_visible": visible,
            "notice": notice,
            "body": post.body if visible else None,
            "body_html": post.body_html if visible else None,
            "created_at": serializers.DateTimeField().to_representation(post.created_at),
            "edited_at": (
                serializers.DateTimeField().to_representation(post.edited_at) if post.edited_at else None
            ),
            "can_edit": can_edit(post=post, member=viewer),
        }
        data["content_warning"] = post.content_warning if visible else ""
        # Read once for the whole tree by selectors.thread_page (never a query per post).
        reactions = self.context.get("reactions")
        if reactions is not None:
            data["reactions"] = {kind: n for kind, _label, n, _mine in reactions.for_post(post.pk) if n}
            data["my_reactions"] = [kind for kind, _label, _n, mine in reactions.for_post(post.pk) if mine]
        if "muted" in self.context:
            muted = self.context["muted"]
            data["folded_by_muted_words"] = bool(visible and muted and muted.matches(post.body))
        if viewer_moderates_post(viewer, post):
            data["moderation"] = {"hold_reason": post.hold_reason, "is_sensitive": post.is_sensitive}
        return data


@extend_schema_field(
    {"type": "array", "items": {"$ref": "#/components/schemas/ReplyNode"}, "description": "Nested replies."}
)
class _ChildrenField(serializers.Field):
    pass


class ReplyNodeSerializer(PostSerializer):
    """A reply with its replies, nested to any depth."""

    children = _ChildrenField()

    def to_representation(self, node) -> dict[str, Any]:
        data = super().to_representation(node.post)
        if not node.visible:
            data.update(is_visible=False, body=None, body_html=None)
        data["children"] = [self.to_representation(child) for child in node.children]
        return data


class SupportResourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    country = serializers.CharField(allow_blank=True, help_text="ISO code; empty for international lines.")
    country_name = serializers.CharField(help_text='"Worldwide" for international lines.')
    hours = serializers.CharField(allow_blank=True, help_text="Opening hours, as people should read them.")
    last_checked = serializers.DateField(allow_null=True, help_text="When an admin last confirmed it works.")


class SupportResourceGroupSerializer(serializers.Serializer):
    country_name = serializers.CharField()
    resources = SupportResourceSerializer(many=True)


class SupportPanelSerializer(serializers.Serializer):
    heading = serializers.CharField()
    message = serializers.CharField()
    country = serializers.CharField(
        allow_blank=True,
        help_text="The country the lines were chosen for: your country preference, else your browser's "
        "language region (Accept-Language en-NZ -> NZ); empty when neither says.",
    )
    country_name = serializers.CharField(allow_blank=True)
    resources = SupportResourceSerializer(many=True, help_text="Shown first: at most three, yours first.")
    other_groups = SupportResourceGroupSerializer(
        many=True, help_text="Every other line, by country (the page folds these away)."
    )
    care_url = serializers.CharField(help_text='The page "How we look after people here".')


class CarePageSerializer(serializers.Serializer):
    title = serializers.CharField()
    body_html = serializers.CharField(help_text="Sanitised HTML, written by the site's admins.")
    updated_at = serializers.DateTimeField(allow_null=True)
    support = SupportPanelSerializer()


class PostWriteResultSerializer(serializers.Serializer):
    """A post just written, plus the support panel when its words suggested the author is struggling."""

    post = PostSerializer()
    support = SupportPanelSerializer(allow_null=True)


class ReplyCreateSerializer(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False, allow_blank=True, help_text="Markdown.")
    parent = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of the reply you answer; omit to reply to the thread."
    )


class PostEditSerializer(serializers.Serializer):
    body = serializers.CharField(trim_whitespace=False, allow_blank=True, help_text="Markdown.")
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text="Moderators: why you edited it."
    )


# -- threads -----------------------------------------------------------------------------------------------
class ThreadSerializer(serializers.ModelSerializer):
    space = SpaceSummarySerializer()
    author = serializers.SerializerMethodField()

    class Meta:
        model = Thread
        fields = [
            "id",
            "space",
            "title",
            "author",
            "created_at",
            "last_activity_at",
            "reply_count",
            "is_pinned",
            "is_closed",
            "closed_at",
            "closed_reason",
        ]

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_author(self, thread: Thread) -> dict[str, Any] | None:
        if thread.author_id is None:
            return None
        return MemberSummarySerializer(thread.author, context=self.context).data


class ThreadDetailSerializer(serializers.Serializer):
    thread = ThreadSerializer()
    opening_post = PostSerializer()
    is_following = serializers.BooleanField()


class ThreadCreateSerializer(serializers.Serializer):
    space = serializers.SlugField(help_text="The space's slug.")
    title = serializers.CharField(trim_whitespace=False, allow_blank=True)
    body = serializers.CharField(trim_whitespace=False, allow_blank=True, help_text="Markdown.")


class ThreadCloseSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class ThreadPinSerializer(serializers.Serializer):
    pinned = serializers.BooleanField()


class ChangedSerializer(serializers.Serializer):
    changed = serializers.BooleanField(help_text="False when nothing needed to change (already so).")


class ThreadStateSerializer(ChangedSerializer):
    thread = ThreadSerializer()


class FollowSerializer(ChangedSerializer):
    following = serializers.BooleanField()


class PageInfoSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    count = serializers.IntegerField(help_text="Top-level replies in the thread that you can see.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class ThreadTreeSerializer(serializers.Serializer):
    thread = ThreadSerializer()
    opening_post = PostSerializer()
    replies = ReplyNodeSerializer(many=True)
    page = PageInfoSerializer()
    order = serializers.ChoiceField(choices=["oldest", "newest"])
    is_following = serializers.BooleanField()


# -- notifications -----------------------------------------------------------------------------------------
class NotificationThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class NotificationSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()
    is_read = serializers.BooleanField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "actor", "thread", "post", "created_at", "read_at", "is_read"]

    @extend_schema_field(MemberSummarySerializer(allow_null=True))
    def get_actor(self, notification: Notification) -> dict[str, Any] | None:
        if notification.actor_id is None:
            return None
        return MemberSummarySerializer(notification.actor, context=self.context).data

    @extend_schema_field(NotificationThreadSerializer(allow_null=True))
    def get_thread(self, notification: Notification) -> dict[str, Any] | None:
        if notification.thread_id is None:
            return None
        return {"id": notification.thread_id, "title": notification.thread.title}


class MarkReadResultSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(help_text="How many notifications changed from unread to read.")


# -- me ----------------------------------------------------------------------------------------------------
class MeSerializer(serializers.ModelSerializer):
    """Your own profile and preferences. Change your email address through allauth (/_allauth/)."""

    digest_frequency = serializers.ChoiceField(choices=DigestFrequency.choices, required=False)

    class Meta:
        model = Member
        # The editable fields are the ones member_update_preferences takes (PATCH goes through it).
        fields = ["id", "email", *PREFERENCE_FIELDS, "is_moderator", "date_joined"]
        read_only_fields = ["id", "email", "is_moderator", "date_joined"]
        extra_kwargs = {
            "display_name": {"required": False},
            "timezone": {"required": False, "validators": []},
            "country": {"required": False},
            "unread_reminders": {"required": False},
            "moderation_emails": {"required": False},
            "bio": {"required": False},
        }


# -- profiles ----------------------------------------------------------------------------------------------
class MemberProfileSerializer(serializers.Serializer):
    """A member's public profile. ``email`` only for the member themself and for staff."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()
    bio = serializers.CharField(allow_blank=True)
    date_joined = serializers.DateField(help_text="The day they joined (UTC).")
    is_moderator = serializers.BooleanField(help_text="Whether they moderate the community.")
    is_muted = serializers.BooleanField(help_text="Whether you have muted them (false when signed out).")
    email = serializers.EmailField(required=False, help_text="Only for the member themself and staff.")

    def to_representation(self, instance: Member) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": instance.pk,
            "display_name": instance.display_name,
            "bio": instance.bio,
            # The day is enough for "member since"; the exact time would say more than a profile needs.
            "date_joined": instance.date_joined.astimezone(dt.UTC).date().isoformat(),
            "is_moderator": instance.can_moderate,
            "is_muted": bool(getattr(instance, "is_muted", False)),
        }
        viewer = _viewer(self)
        if _is_staff(viewer) or (viewer is not None and viewer.pk == instance.pk):
            data["email"] = instance.email
        return data


class MemberPostSerializer(PostSerializer):
    """A post on a member's profile: the post, plus the thread and space it belongs to."""

    thread_title = serializers.CharField()
    space = SpaceSummarySerializer()

    def to_representation(self, post: Post) -> dict[str, Any]:
        data = super().to_representation(post)
        data["thread_title"] = post.thread.title
        data["space"] = {
            "id": post.thread.space.pk,
            "slug": post.thread.space.slug,
            "name": post.thread.space.name,
        }
        return data


# -- mutes -------------------------------------------------------------------------------------------------
class MemberNameSerializer(serializers.Serializer):
    """Just who someone is: never an email, whoever asks (the mute list loads nothing more)."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()


class MuteSerializer(serializers.ModelSerializer):
    member = MemberNameSerializer(source="muted", help_text="The member you muted.")
    muted_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = MemberMute
        fields = ["member", "muted_at"]


class MuteResultSerializer(ChangedSerializer):
    muted = serializers.BooleanField()


# -- auth and digests --------------------------------------------------------------------------------------
class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='Send it as "Authorization: Token <token>".')


class UnsubscribeSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The token from the unsubscribe link in a digest email.")


class UnsubscribeResultSerializer(ChangedSerializer):
    scope = serializers.ChoiceField(choices=["digest", "reminders"])
    message = serializers.CharField()


class DataExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["pending", "ready", "failed"])
    size = serializers.IntegerField(help_text="Bytes of the zip, once ready.")
    created_at = serializers.DateTimeField()
    ready_at = serializers.DateTimeField(allow_null=True)


class AccountDeletionSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, help_text="Your password, to confirm it's you.")
    keep_posts = serializers.BooleanField(
        help_text='True: keep your posts as by "a former member". False: remove them (replies stay).'
    )


class AccountDeletionResultSerializer(serializers.Serializer):
    scheduled = serializers.BooleanField()
    due_at = serializers.DateTimeField(allow_null=True, help_text="When the account will be erased.")
    keep_posts = serializers.BooleanField()


# -- gentle tools for readers and posts waiting for a reply (issue 14) -----------------------------------
class ReactionRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReactionKind.choices)


class ReactionResultSerializer(ChangedSerializer):
    kind = serializers.CharField()
    reactions = serializers.DictField(child=serializers.IntegerField(), help_text="Counts by kind now.")


class ReactorSerializer(serializers.ModelSerializer):
    member = MemberNameSerializer()
    reacted_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Reaction
        fields = ["member", "kind", "reacted_at"]


class ContentWarningSerializer(serializers.Serializer):
    content_warning = serializers.CharField(
        allow_blank=True, max_length=120, help_text="A few words; empty removes the warning."
    )


class ContentWarningResultSerializer(ChangedSerializer):
    content_warning = serializers.CharField()


class MutedWordSerializer(serializers.ModelSerializer):
    class Meta:
        model = MutedWord
        fields = ["id", "word", "created_at"]
        read_only_fields = ["id", "created_at"]


class BreakSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=90, write_only=True)
    on_break = serializers.BooleanField(read_only=True)
    break_until = serializers.DateTimeField(read_only=True, allow_null=True)


class PeerSupporterSerializer(serializers.Serializer):
    is_peer_supporter = serializers.BooleanField()


class WaitingPostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thread = serializers.IntegerField(source="thread_id")
    thread_title = serializers.CharField(source="thread.title")
    space = SpaceSummarySerializer(source="thread.space")
    author = serializers.CharField(source="author_name")
    content_warning = serializers.CharField()
    created_at = serializers.DateTimeField()
    url = serializers.CharField(source="thread.get_absolute_url")
