"""Admin for every moderation model.

Items, flags, alerts, notes, sanctions and the audit log are read-only here: they change through the queue
and the member pages, which audit. Crisis lines, support copy, thresholds and moderator profiles are edited
here."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from community.admin import apply_each
from moderation.models import (
    Appeal,
    AuditLogEntry,
    CarePage,
    CrisisResource,
    DetectorThreshold,
    Flag,
    ModerationNotice,
    ModerationReason,
    ModeratorAlert,
    ModeratorNote,
    ModeratorProfile,
    ReviewItem,
    Sanction,
    SupportMessage,
)


def _embedding_backend() -> str:
    try:
        from moderation.detectors.embeddings import describe_backend

        # "minilm ...: the production model", or "lexical fallback, not the production model: <why>".
        return describe_backend()
    except Exception as exc:  # noqa: BLE001 - the admin must render even if the detectors can't load
        return f"unavailable ({exc.__class__.__name__})"


def _crisis_model_status() -> str:
    try:
        from moderation.detectors.classifier import describe_active

        return describe_active()
    except Exception as exc:  # noqa: BLE001 - the admin must render even if the detectors can't load
        return f"crisis model unavailable ({exc.__class__.__name__})"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, never written here: these rows are moderation's record. Items and flags are handled in the
    review queue, notes and sanctions on the member's moderation page, where every change is audited and
    nothing (a safety item least of all) can be deleted or resolved silently."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = (
        "source",
        "category",
        "severity",
        "score",
        "subtype",
        "evidence",
        "reporter",
        "note",
        "created_at",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "lane",
        "status",
        "priority",
        "post",
        "claimed_by",
        "created_at",
        "first_human_action_at",
        "resolution",
        "escalation_level",
    )
    list_filter = ("lane", "status", "resolution", "escalation_level")
    search_fields = ("post__body", "post__thread__title", "post__author__display_name")
    list_select_related = ("post", "claimed_by")
    raw_id_fields = ("post", "claimed_by", "resolved_by")
    readonly_fields = ("created_at", "updated_at")
    inlines = [FlagInline]
    date_hierarchy = "created_at"


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "item",
        "source",
        "category",
        "severity",
        "score",
        "subtype",
        "reporter",
        "created_at",
        "dismissed_at",
    )
    list_filter = ("source", "category", "severity")
    search_fields = ("note", "subtype", "detector", "reporter__display_name")
    list_select_related = ("item", "reporter")
    raw_id_fields = ("item", "reporter")


@admin.register(ModeratorAlert)
class ModeratorAlertAdmin(ReadOnlyAdmin):
    list_display = ("id", "item", "recipient", "level", "created_at", "seen_at")
    list_filter = ("level",)
    search_fields = ("recipient__email", "recipient__display_name")
    list_select_related = ("item", "recipient")
    raw_id_fields = ("item", "recipient")


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "target_member", "target_post", "item", "reason")
    list_filter = ("action",)
    search_fields = ("reason", "actor__display_name", "target_member__display_name")
    list_select_related = ("actor", "target_member", "target_post", "item")
    date_hierarchy = "created_at"


@admin.register(ModeratorNote)
class ModeratorNoteAdmin(ReadOnlyAdmin):
    list_display = ("member", "author", "created_at", "body")
    search_fields = ("body", "member__display_name", "member__email")
    list_select_related = ("member", "author")
    raw_id_fields = ("member", "author")


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    """Read-only but for lifting: sanctions are given from the queue or the member's moderation page, which
    tell the member why and until when and write the audit log; an edit here would do neither."""

    list_display = ("member", "kind", "starts_at", "ends_at", "revoked_at", "created_by", "reason")
    list_filter = ("kind",)
    search_fields = ("member__display_name", "member__email", "reason")
    list_select_related = ("member", "created_by")
    raw_id_fields = ("member", "created_by")
    actions = ("lift_sanctions",)

    @admin.action(description="Lift selected sanctions")
    def lift_sanctions(self, request: HttpRequest, queryset: QuerySet[Sanction]) -> None:
        from moderation.services.sanctions import sanction_revoke

        apply_each(
            self,
            request,
            queryset.select_related("member"),
            lambda s: sanction_revoke(sanction=s, actor=request.user, reason="Lifted from the admin."),
            "sanction(s) lifted",
        )


@admin.register(ModeratorProfile)
class ModeratorProfileAdmin(admin.ModelAdmin):
    list_display = ("member", "on_duty")
    list_filter = ("on_duty",)
    search_fields = ("member__display_name", "member__email")
    list_select_related = ("member",)
    raw_id_fields = ("member",)
    filter_horizontal = ("spaces",)


@admin.register(CrisisResource)
class CrisisResourceAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "phone", "text", "url", "hours", "last_checked", "position", "active")
    list_editable = ("position", "active")
    list_filter = ("active", "country", "last_checked")
    search_fields = ("name", "description", "country")
    actions = ["mark_checked_today"]
    # A link typed without a scheme ("findahelpline.com") is an https link.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description="I checked these lines today (number, hours and link work)")
    def mark_checked_today(self, request: HttpRequest, queryset: QuerySet) -> None:
        updated = queryset.update(last_checked=timezone.localdate())
        self.message_user(request, f"Marked {updated} line(s) as checked today. Thank you.")


@admin.register(CarePage)
class CarePageAdmin(admin.ModelAdmin):
    """One row: the public page "How we look after people here" (seeded; edit it, don't add another)."""

    list_display = ("title", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CarePage.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SupportMessage)
class SupportMessageAdmin(admin.ModelAdmin):
    list_display = ("heading", "updated_at")


@admin.register(DetectorThreshold)
class DetectorThresholdAdmin(admin.ModelAdmin):
    list_display = ("category", "threshold", "updated_at", "embedding_backend")
    list_editable = ("threshold",)
    readonly_fields = ("embedding_backend", "crisis_model")

    @admin.display(description="Embedding backend in use")
    def embedding_backend(self, obj=None) -> str:
        return format_html("<code>{}</code>", _embedding_backend())

    @admin.display(description="Crisis model")
    def crisis_model(self, obj=None) -> str:
        return _crisis_model_status()

    def changelist_view(self, request, extra_context=None):
        # The title says which detector is screening: a lexical fallback must be visible, not silent.
        extra_context = {
            **(extra_context or {}),
            "title": f"Detector thresholds (embeddings: {_embedding_backend()}; {_crisis_model_status()})",
        }
        return super().changelist_view(request, extra_context=extra_context)


# Decision labels and the decision numbers on the thresholds page (moderation/admin_decisions.py).
from moderation import admin_decisions  # noqa: E402,F401


@admin.register(ModerationReason)
class ModerationReasonAdmin(admin.ModelAdmin):
    """The reasons moderators pick and members read (issue 14): warm, plain, never blaming."""

    list_display = ("title", "code", "is_active", "order")
    list_editable = ("is_active", "order")
    search_fields = ("title", "explanation")


@admin.register(ModerationNotice)
class ModerationNoticeAdmin(ReadOnlyAdmin):
    list_display = ("id", "member", "action", "actor", "reason", "created_at", "reversed_at")
    list_filter = ("action",)
    list_select_related = ("member", "actor", "reason")
    raw_id_fields = ("member", "actor", "post", "sanction", "revision", "reason")
    date_hierarchy = "created_at"


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    """Read-only like other review items: appeals are decided on the moderation pages, with the audit log."""

    list_display = ("id", "member", "status", "assigned_to", "decided_by", "created_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("member", "assigned_to", "decided_by")
    raw_id_fields = ("notice", "member", "assigned_to", "decided_by")
    date_hierarchy = "created_at"
