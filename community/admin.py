"""Admin for the community models. Thin: bulk actions call the same services as the site.

Large tables (posts, threads, notifications, the outbox) select related rows up front, use raw id widgets
for foreign keys (no giant <select>s) and skip the unfiltered full count, so a changelist is a fixed handful
of queries however many rows there are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest

# Registers the background-work admin (outbox, failed tasks, reminder logs); it never imports this module.
from community import admin_outbox  # noqa: F401
from community.models import (
    DataExport,
    DigestLog,
    GuestAuthor,
    Member,
    MemberMute,
    MutedWord,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Space,
    SpaceSubscription,
    Thread,
    ThreadSubscription,
)
from community.services import member_data
from community.services import posts as post_services
from community.services import threads as thread_services


def apply_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    change: Callable[[Any], bool],
    verb: str,
) -> None:
    """Run a service on each selected object and tell the admin how many changed ("2 closed. 1 already
    were.")."""
    objects = list(queryset)
    changed = sum(bool(change(obj)) for obj in objects)
    text = f"{changed} {verb}."
    if unchanged := len(objects) - changed:
        text += f" {unchanged} already were."
    modeladmin.message_user(request, text, messages.SUCCESS)


# --- Members ----------------------------------------------------------------------------------------------


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = Member
        fields = ("email", "display_name")


class MemberChangeForm(UserChangeForm):
    class Meta:
        model = Member
        fields = "__all__"


@admin.register(Member)
class MemberAdmin(UserAdmin):
    """Django's UserAdmin, adapted to email login (there is no username)."""

    form = MemberChangeForm
    add_form = MemberCreationForm
    ordering = ("-date_joined",)
    list_display = (
        "email",
        "display_name",
        "is_moderator",
        "is_staff",
        "is_active",
        "date_joined",
        "last_login",
    )
    list_filter = ("is_moderator", "is_staff", "is_superuser", "is_active", "digest_frequency")
    search_fields = ("email", "display_name")
    readonly_fields = ("date_joined", "last_login")
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Public profile", {"fields": ("display_name", "bio")}),
        (
            "Preferences",
            {
                "fields": (
                    "timezone",
                    "country",
                    "digest_frequency",
                    "unread_reminders",
                    "is_peer_supporter",
                    "break_until",
                )
            },
        ),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_moderator",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
        ("Account deletion", {"fields": ("deletion_requested_at", "deletion_keeps_posts", "erased_at")}),
    )
    actions = ("export_member_data", "erase_keeping_posts", "erase_removing_posts")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "deletion_requested_at", "erased_at")

    # On a member's request by email: the same services as their own "Your data" page.
    @admin.action(description="Email them a copy of their data (they asked)")
    def export_member_data(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(
            member_data.member_export_request(member=m, actor=request.user)[1]
            for m in queryset.filter(erased_at__isnull=True)
        )
        self.message_user(request, f"Preparing {count} export(s); each member gets an email with a link.")

    @admin.action(description='Erase now (they asked): keep their posts as "a former member"')
    def erase_keeping_posts(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(
            member_data.member_erase(member_id=pk, actor=request.user, keep_posts=True)
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"Erased {count} account(s); their posts are kept as by a former member.")

    @admin.action(description="Erase now (they asked): remove their posts")
    def erase_removing_posts(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(
            member_data.member_erase(member_id=pk, actor=request.user, keep_posts=False)
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"Erased {count} account(s) and removed their posts.")

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    """Who asked for a copy of their data and when; the archives themselves are only for their member."""

    list_display = ("member", "status", "size", "requested_by", "created_at", "ready_at")
    list_filter = ("status",)
    list_select_related = ("member", "requested_by")
    fields = ("member", "status", "size", "requested_by", "created_at", "ready_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(MemberMute)
class MemberMuteAdmin(admin.ModelAdmin):
    list_display = ("member", "muted", "created_at")
    list_select_related = ("member", "muted")
    raw_id_fields = ("member", "muted")
    search_fields = ("member__display_name", "muted__display_name")


@admin.register(MutedWord)
class MutedWordAdmin(admin.ModelAdmin):
    """A member's own list; here so an admin can answer a member's request about it."""

    list_display = ("member", "word", "created_at")
    list_select_related = ("member",)
    raw_id_fields = ("member",)
    search_fields = ("member__email", "member__display_name")


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ("post", "member", "kind", "created_at", "notified_at")
    list_filter = ("kind",)
    list_select_related = ("member", "post")
    raw_id_fields = ("post", "member")
    readonly_fields = ("created_at", "notified_at")
    search_fields = ("member__display_name",)


# --- Spaces -----------------------------------------------------------------------------------------------


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "slug",
        "position",
        "who_can_start_threads",
        "allow_guest_replies",
        "hold_new_member_posts",
        "is_support_space",
        "waiting_reply_hours",
    )
    list_editable = ("position",)
    list_filter = (
        "who_can_start_threads",
        "allow_guest_replies",
        "hold_new_member_posts",
        "is_support_space",
    )
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(SpaceSubscription)
class SpaceSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("member", "space", "created_at")
    list_select_related = ("member", "space")
    list_filter = ("space",)
    raw_id_fields = ("member", "space")
    search_fields = ("member__display_name", "space__name")


# --- Threads and posts ------------------------------------------------------------------------------------


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("title", "space", "author", "reply_count", "is_pinned", "is_closed", "last_activity_at")
    list_select_related = ("space", "author")
    list_filter = ("is_closed", "is_pinned", "space")
    search_fields = ("title",)
    raw_id_fields = ("author",)
    # Closing and reopening are moderation actions (audited): the bulk actions below, not the form.
    readonly_fields = (
        "reply_count",
        "created_at",
        "last_activity_at",
        "is_closed",
        "closed_reason",
        "closed_at",
    )
    show_full_result_count = False
    actions = ("close_threads", "reopen_threads", "pin_threads", "unpin_threads")

    @admin.action(description="Close selected threads")
    def close_threads(self, request: HttpRequest, queryset: QuerySet[Thread]) -> None:
        # Through the service, like the thread page: each closing is announced and so audited by moderation.
        apply_each(
            self,
            request,
            queryset,
            lambda t: thread_services.thread_close(
                thread=t, actor=request.user, reason="Closed by a moderator."
            ),
            "thread(s) closed",
        )

    @admin.action(description="Reopen selected threads")
    def reopen_threads(self, request: HttpRequest, queryset: QuerySet[Thread]) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda t: thread_services.thread_reopen(
                thread=t, actor=request.user, reason="Reopened from the admin."
            ),
            "thread(s) reopened",
        )

    @admin.action(description="Pin selected threads")
    def pin_threads(self, request: HttpRequest, queryset: QuerySet[Thread]) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda t: thread_services.thread_set_pinned(thread=t, pinned=True, actor=request.user),
            "thread(s) pinned",
        )

    @admin.action(description="Unpin selected threads")
    def unpin_threads(self, request: HttpRequest, queryset: QuerySet[Thread]) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda t: thread_services.thread_set_pinned(thread=t, pinned=False, actor=request.user),
            "thread(s) unpinned",
        )


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    fields = ("created_at", "edited_by", "note", "body")
    readonly_fields = fields
    raw_id_fields = ("edited_by",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edited_by")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Posts are read here and moderated with the bulk actions (audited). Their text is edited on the site,
    where an edit keeps a revision, re-renders, is screened again and, by a moderator, is audited; a
    hard delete would tear a hole in the reply tree."""

    list_display = (
        "id",
        "thread",
        "author_display",
        "depth",
        "status",
        "hold_reason",
        "is_off_topic",
        "is_sensitive",
        "created_at",
        "deleted_at",
    )
    list_display_links = ("id",)
    list_select_related = ("thread", "author", "guest")
    list_filter = ("status", "hold_reason", "is_off_topic", "is_sensitive", "depth")
    search_fields = ("body", "author__display_name", "guest__name")
    raw_id_fields = ("thread", "parent", "root", "author", "guest")
    readonly_fields = ("body_html", "created_at", "edited_at", "deleted_at", "depth")
    show_full_result_count = False
    inlines = (PostRevisionInline,)
    actions = ("hide_posts", "publish_posts", "mark_off_topic", "clear_off_topic")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        return False

    @admin.display(description="Author")
    def author_display(self, post: Post) -> str:
        return post.author_name

    # Through the service so each change is announced and audited, like the review queue's actions.
    def _moderate(self, request: HttpRequest, queryset: QuerySet[Post], change: str, done: str) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda p: post_services.post_moderate(
                post=p, actor=request.user, change=change, reason="From the admin."
            ),
            done,
        )

    @admin.action(description="Hide selected posts")
    def hide_posts(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._moderate(request, queryset, "hide", "post(s) hidden")

    @admin.action(description="Publish selected posts")
    def publish_posts(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._moderate(request, queryset, "publish", "post(s) published")

    @admin.action(description="Mark selected posts off topic")
    def mark_off_topic(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._moderate(request, queryset, "label_off_topic", "post(s) marked off topic")

    @admin.action(description="Clear the off-topic label")
    def clear_off_topic(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        self._moderate(request, queryset, "clear_off_topic", "post(s) cleared")


@admin.register(PostRevision)
class PostRevisionAdmin(admin.ModelAdmin):
    """Read-only: a revision is the record of what a post said before an edit (a moderator's included), so
    changing or deleting one here would rewrite history without an audit entry."""

    list_display = ("post", "edited_by", "note", "created_at")
    list_select_related = ("post", "edited_by")
    raw_id_fields = ("post", "edited_by")
    search_fields = ("body", "note")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PostRevision | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PostRevision | None = None) -> bool:
        return False


@admin.register(GuestAuthor)
class GuestAuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "confirmed_at", "created_at")
    list_filter = (("confirmed_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "email")


@admin.register(ThreadSubscription)
class ThreadSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("member", "thread", "created_at")
    list_select_related = ("member", "thread")
    raw_id_fields = ("member", "thread")
    search_fields = ("member__display_name", "thread__title")
    show_full_result_count = False


# --- Notifications, outbox, digests ----------------------------------------------------------------------


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "actor", "thread", "created_at", "read_at")
    list_select_related = ("recipient", "actor", "thread")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter))
    raw_id_fields = ("recipient", "actor", "thread", "post")
    search_fields = ("recipient__display_name", "message")
    show_full_result_count = False


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ("member", "frequency", "period_start", "period_end", "sent", "item_count")
    list_select_related = ("member",)
    list_filter = ("frequency", "sent")
    raw_id_fields = ("member",)
    search_fields = ("member__display_name",)
    show_full_result_count = False
