"""Admin for background work: failed tasks (dead letters), the outbox's re-queue action, reminder logs.

``community/admin.py`` imports this module (admin autodiscovery only loads ``admin.py``); it imports nothing
from there back. "Failed tasks" is where to look when something did not go out: every task that failed after
its last retry, and every outbound message that went DEAD, is a row there.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from community.models import DeadLetter, OutboundMessage, ReminderLog
from community.services.outbox import outbox_requeue


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ("kind", "channel", "to", "status", "attempts", "created_at", "next_attempt_at", "sent_at")
    list_filter = ("status", "channel", "kind")
    search_fields = ("to", "dedupe_key", "subject")
    readonly_fields = ("created_at", "sent_at", "attempts", "last_error", "locked_until")
    show_full_result_count = False
    actions = ["requeue"]

    @admin.action(description="Try sending the selected failed messages again")
    def requeue(self, request: HttpRequest, queryset: QuerySet[OutboundMessage]) -> None:
        count = outbox_requeue(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} message(s) queued again.", messages.SUCCESS)


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ("task_name", "error_summary", "outbound_message", "created_at", "resolved_at")
    list_filter = ("task_name", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("outbound_message",)
    raw_id_fields = ("outbound_message",)
    search_fields = ("task_name", "task_id", "error")
    readonly_fields = ("task_name", "task_id", "args", "kwargs", "error", "traceback", "outbound_message",
                       "created_at")
    actions = ["requeue_messages", "mark_resolved"]
    show_full_result_count = False

    @admin.display(description="Error")
    def error_summary(self, obj: DeadLetter) -> str:
        return obj.error[:120]

    @admin.action(description="Send the outbound messages of the selected rows again")
    def requeue_messages(self, request: HttpRequest, queryset: QuerySet[DeadLetter]) -> None:
        ids = [pk for pk in queryset.values_list("outbound_message_id", flat=True) if pk]
        count = outbox_requeue(message_ids=ids)
        unresolved = queryset.filter(outbound_message_id__in=ids, resolved_at__isnull=True)
        unresolved.update(resolved_at=timezone.now())
        self.message_user(request, f"{count} message(s) queued again.", messages.SUCCESS)

    @admin.action(description="Mark as dealt with")
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[DeadLetter]) -> None:
        count = queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        self.message_user(request, f"{count} row(s) marked as dealt with.", messages.SUCCESS)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("kind", "member", "guest", "period_key", "item_count", "created_at")
    list_filter = ("kind",)
    list_select_related = ("member", "guest")
    raw_id_fields = ("member", "guest")
    show_full_result_count = False
