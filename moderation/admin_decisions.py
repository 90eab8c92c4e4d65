"""Admin for moderators' decisions on detector flags (imported at the end of ``moderation.admin``).

- *Decision labels*: read-only; the only way labels leave the site is the "Export as CSV" action, which an
  admin runs on purpose (Django's admin log records it).
- *Detector thresholds*: the page gains a column with what moderators' real decisions say about each
  threshold: precision at the threshold in force and the suggested one (``services.decisions``).
"""

from __future__ import annotations

import csv

from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html

from moderation.admin import DetectorThresholdAdmin, ReadOnlyAdmin
from moderation.models import DecisionLabel, DetectorThreshold
from moderation.services.decisions import CategoryReport, decision_labels_report


@admin.register(DecisionLabel)
class DecisionLabelAdmin(ReadOnlyAdmin):
    list_display = (
        "decided_at", "category", "decision", "score", "detector", "detector_version", "resolution"
    )  # fmt: skip
    list_filter = ("category", "decision", "detector", "detector_version")
    search_fields = ("text",)
    actions = ["export_csv"]

    @admin.action(description="Export the selected labels as CSV (they leave the site: handle with care)")
    def export_csv(self, request: HttpRequest, queryset) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="hearth-decision-labels.csv"'
        writer = csv.writer(response)
        columns = [
            "id", "text", "category", "detector", "detector_version", "score", "decision", "decided_at"
        ]  # fmt: skip
        writer.writerow(columns)
        rows = queryset.order_by("id").values_list(*columns)
        writer.writerows(rows)
        # One admin log row per export (who took which labels off the site, and when).
        LogEntry.objects.create(
            user_id=request.user.pk,
            content_type=ContentType.objects.get_for_model(DecisionLabel),
            object_id="",
            object_repr=f"{queryset.count()} decision labels",
            action_flag=CHANGE,
            change_message="Exported as CSV",
        )
        return response


def decisions_summary(report: CategoryReport | None, threshold: float) -> str:
    """One line for the thresholds page: precision at ``threshold`` on real decisions, and the suggestion."""
    if report is None:
        return "No moderator decisions yet."
    row = report.row_at(threshold)
    at = (
        f"precision {row.precision:.2f} on {row.flagged} decisions, keeps {row.kept:.0%} of confirmed"
        if row is not None and row.precision is not None and row.kept is not None
        else "no decisions at or above it"
    )
    suggested = f"suggested {report.suggested:.2f}" if report.suggested is not None else "no suggestion"
    return f"At {threshold:.2f}: {at}; {suggested} ({report.reason})."


class DecidedThresholdAdmin(DetectorThresholdAdmin):
    @property
    def list_display(self):  # the detector owners' columns, plus ours
        return (*DetectorThresholdAdmin.list_display, "on_decisions")

    @admin.display(description="On moderators' decisions")
    def on_decisions(self, obj: DetectorThreshold) -> str:
        reports = {r.category: r for r in decision_labels_report()}
        category = obj.category.split(".")[0]  # crisis.lane / crisis.alert are judged on crisis decisions
        return format_html("{}", decisions_summary(reports.get(category), obj.threshold))


admin.site.unregister(DetectorThreshold)
admin.site.register(DetectorThreshold, DecidedThresholdAdmin)
