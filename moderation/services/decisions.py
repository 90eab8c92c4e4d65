"""Moderators' decisions on detector flags, kept as labelled examples for tuning the detectors.

When an item is resolved, each live detector flag on it gets a DecisionLabel row (the text as it was, the
category, the detector and its version, the score, confirmed or dismissed) in the resolving transaction.
``decision_report`` turns the labels into precision per category and threshold and suggests a threshold;
``manage.py evaluate_detectors --from-decisions`` prints it and the admin's threshold page shows it.
Labels stay in this database: nothing sends them anywhere, and only an admin's export action (CSV, audited
by the admin's own log) takes them out.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.utils import timezone

from community.models import Member
from moderation.models import DecisionLabel, Flag, ReviewItem
from moderation.services.screening import current_thresholds, screening_text

Resolution = ReviewItem.Resolution

# A resolution confirms a detector's flag when the moderator acted on what the detector saw; approving the
# post dismisses it. Anything else (a crisis flag on an item labelled off topic) says nothing either way.
CONFIRMING = {
    "crisis": {Resolution.REACHED_OUT, Resolution.ESCALATED, Resolution.HIDDEN, Resolution.DELETED},
    "spam": {Resolution.HIDDEN, Resolution.DELETED, Resolution.OFF_TOPIC},
    "off_topic": {Resolution.OFF_TOPIC, Resolution.HIDDEN, Resolution.DELETED},
}
DEFAULT_CONFIRMING = {Resolution.HIDDEN, Resolution.DELETED}
WEIGHTS = Path(__file__).resolve().parent.parent / "detectors" / "weights.json"


def decision_for(*, category: str, resolution: str) -> str | None:
    """"confirmed", "dismissed" or None for a detector flag of ``category`` on an item resolved so."""
    if resolution == Resolution.APPROVED:
        return DecisionLabel.Decision.DISMISSED
    if resolution in CONFIRMING.get(category, DEFAULT_CONFIRMING):
        return DecisionLabel.Decision.CONFIRMED
    return None


@lru_cache(maxsize=1)
def detector_version() -> str:
    """What produced a score: the fitted weights the detectors load (their file's hash), so labels from
    before and after a retraining can be told apart. Lexicon-only detectors share the code's version."""
    try:
        return "weights-" + hashlib.sha256(WEIGHTS.read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


def decision_labels_record(
    *, item: ReviewItem, actor: Member, resolution: str, now: datetime | None = None
) -> int:
    """Keep one label per live detector flag of ``item``, resolved as ``resolution`` by ``actor``.

    Call inside the resolving transaction, before the flags are marked handled, with ``item.post`` as the
    moderator read it (loaded before the action: a removed post's row is already empty). The text is what
    the detectors screened (an opening post with its title). Returns how many labels were written.
    """
    now = now or timezone.now()
    text = screening_text(item.post)
    flags = list(
        Flag.objects.filter(item=item, source=Flag.Source.DETECTOR, dismissed_at__isnull=True)
        .exclude(decision_label__isnull=False)
        .only("id", "category", "detector", "score")
    )
    labels = []
    for flag in flags:
        decision = decision_for(category=flag.category, resolution=resolution)
        if decision is None:
            continue
        labels.append(
            DecisionLabel(
                flag=flag, text=text, category=flag.category, detector=flag.detector,
                detector_version=detector_version(), score=flag.score, decision=decision,
                resolution=resolution, decided_by=actor, decided_at=now,
            )
        )  # fmt: skip
    DecisionLabel.objects.bulk_create(labels, ignore_conflicts=True)
    return len(labels)


THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))
MIN_LABELS = 20
# The suggestion keeps at least this share of what moderators confirmed: every crisis finding a moderator
# acted on, nine in ten elsewhere. Raising a threshold past that drops findings people needed.
KEEP_CONFIRMED = {"crisis": 1.0}
DEFAULT_KEEP = 0.9


@dataclass(frozen=True)
class ThresholdRow:
    threshold: float
    flagged: int  # labels scoring at least the threshold
    confirmed: int
    precision: float | None
    kept: float | None  # share of all confirmed labels still flagged at this threshold


@dataclass
class CategoryReport:
    category: str
    labels: int
    confirmed: int
    rows: list[ThresholdRow] = field(default_factory=list)
    current: float | None = None
    suggested: float | None = None
    reason: str = ""

    def row_at(self, threshold: float | None) -> ThresholdRow | None:
        if threshold is None:
            return None
        return next((r for r in self.rows if r.threshold >= threshold - 1e-9), None)


def decision_report(
    *, labels: list[tuple[str, float | None, str]], current: dict[str, float]
) -> list[CategoryReport]:
    """Precision per category and threshold from (category, score, decision) rows, and a suggestion."""
    by_category: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for category, score, decision in labels:
        if score is not None:
            by_category[category].append((score, decision == DecisionLabel.Decision.CONFIRMED))
    reports = []
    for category in sorted(by_category):
        rows = by_category[category]
        confirmed_total = sum(1 for _, ok in rows if ok)
        grid = sorted({*THRESHOLDS, *([current[category]] if category in current else [])})
        report = CategoryReport(
            category=category, labels=len(rows), confirmed=confirmed_total, current=current.get(category)
        )
        for t in grid:
            flagged = [ok for score, ok in rows if score >= t - 1e-9]
            hits = sum(flagged)
            report.rows.append(
                ThresholdRow(
                    threshold=t,
                    flagged=len(flagged),
                    confirmed=hits,
                    precision=hits / len(flagged) if flagged else None,
                    kept=hits / confirmed_total if confirmed_total else None,
                )
            )
        keep = KEEP_CONFIRMED.get(category, DEFAULT_KEEP)
        if len(rows) < MIN_LABELS:
            report.reason = f"only {len(rows)} decisions so far; {MIN_LABELS} are needed to suggest one"
        elif not confirmed_total:
            report.reason = "moderators confirmed none of these: look at the detector, not the threshold"
        else:
            keeping = [r for r in report.rows if r.kept is not None and r.kept >= keep]
            best = keeping[-1]
            report.suggested = best.threshold
            report.reason = (
                f"the highest threshold that still keeps {keep:.0%} of the flags moderators confirmed "
                f"(precision {best.precision:.2f} on {best.flagged} decisions)"
            )
        reports.append(report)
    return reports


def decision_labels_report(*, current: dict[str, float] | None = None) -> list[CategoryReport]:
    """``decision_report`` over every label on this site (one query)."""
    if current is None:
        current = current_thresholds()
    rows = list(DecisionLabel.objects.order_by().values_list("category", "score", "decision"))
    return decision_report(labels=rows, current=current)


def _same(a: float, b: float | None) -> bool:
    return b is not None and abs(a - b) < 1e-9


def format_report(reports: list[CategoryReport]) -> str:
    if not reports:
        return "No moderator decisions on detector flags yet.\n"
    lines = []
    for report in reports:
        lines.append(
            f"\n{report.category}: {report.labels} decisions, {report.confirmed} confirmed"
            f"{f', current threshold {report.current:.2f}' if report.current is not None else ''}"
        )
        lines.append(f"  {'threshold':>9}  {'flagged':>7}  {'confirmed':>9}  {'precision':>9}  {'kept':>6}")
        for row in report.rows:
            mark = " <- current" if _same(row.threshold, report.current) else ""
            if _same(row.threshold, report.suggested):
                mark += " <- suggested"
            precision = f"{row.precision:.3f}" if row.precision is not None else "–"
            kept = f"{row.kept:.0%}" if row.kept is not None else "–"
            lines.append(
                f"  {row.threshold:>9.2f}  {row.flagged:>7}  {row.confirmed:>9}  {precision:>9}  {kept:>6}"
                + mark
            )
        suggestion = f"{report.suggested:.2f}" if report.suggested is not None else "none"
        lines.append(f"  suggested threshold: {suggestion} ({report.reason})")
    return "\n".join(lines) + "\n"
