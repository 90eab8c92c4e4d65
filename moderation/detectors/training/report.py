"""The held-out table of ``manage.py evaluate_detectors``: every number on the held-out parts only.

Each text goes through the production crisis path: the lexicon (``screen_fast``) merged with the model pass
(``CrisisModelDetector``), with the thresholds in force. The model pass reads its sentence embeddings
through the cache (computed by the active backend on a miss), so a re-run costs no model time.

- *enters the Safety lane*: any crisis finding (concern for someone else enters the lane too, lower down);
- *alerts*: a finding about the author at or above ``HEARTH_CRISIS_ALERT_MIN_SEVERITY`` (medium);
- *flagged* (labelled sets): a crisis finding about the author, as the earlier tables counted it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..base import Category, Finding
from ..crisis_model import CrisisModelDetector
from ..embeddings import active_backend_name
from ..evaluation import CSSRS_LEVELS, PRF, youtube_context
from ..registry import configured_thresholds, merge, screen_fast, screen_many
from .cache import EmbeddingCache
from .data import Item, load_crisis_items, load_youtube

ALERT_MIN_RANK = 2  # medium, as HEARTH_CRISIS_ALERT_MIN_SEVERITY defaults

TARGETS = {
    "benign_lane": 0.02,
    "benign_alert": 0.005,
    "sdcnl_depression_flagged": 0.15,
    "sdcnl_suicidewatch_recall": 0.80,
    "suicide_detection_recall": 0.85,
    "suicide_detection_precision": 0.92,
    "cssrs_at_risk_flagged": 0.90,
    "cssrs_supportive_flagged": 0.25,
    "youtube_f1": 0.95,
}

# The benign rows of the table: (label, dataset, roles).
BENIGN_ROWS = (
    ("ESConv seeker turns", "esconv", ("seeker_turn",)),
    ("ESConv seeker dialogues (all turns)", "esconv", ("seeker_dialogue",)),
    ("ESConv seeker situations", "esconv", ("seeker_situation",)),
    ("ESConv supporter turns", "esconv", ("supporter_turn",)),
    ("Dreaddit", "dreaddit", None),
    ("CounselChat questions", "counselchat", ("question",)),
    ("CounselChat therapist answers", "counselchat", ("therapist_answer",)),
    ("GoEmotions", "goemotions", None),
)


@dataclass
class Outcome:
    lane: bool
    alert: bool
    own: Finding | None  # the crisis finding about the author, if any


@dataclass
class Table:
    backend: str
    thresholds: dict[str, float]
    rows: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"backend": self.backend, "thresholds": self.thresholds, **self.rows}


def _outcome(findings: list[Finding]) -> Outcome:
    crisis = [f for f in findings if f.category == Category.CRISIS]
    own = next((f for f in crisis if f.subtype != "about_other"), None)
    return Outcome(bool(crisis), own is not None and own.severity.rank >= ALERT_MIN_RANK, own)


def screen_items(
    texts: Sequence[str],
    *,
    thresholds: dict[str, float],
    cache: EmbeddingCache | None,
    fast_only: bool = False,
) -> list[Outcome]:
    """The production crisis path (lexicon + model, merged), with embeddings read through the cache."""

    def encode(units: Sequence[str]) -> np.ndarray:
        cache.ensure(units)
        return cache.get(units)

    detector = CrisisModelDetector(encode=encode if cache is not None else None)
    out: list[Outcome] = []
    for start in range(0, len(texts), 256):
        chunk = list(texts[start : start + 256])
        fast = [
            [f for f in screen_fast(t, thresholds=thresholds) if f.category == Category.CRISIS] for t in chunk
        ]
        if fast_only:
            slow = [[] for _ in chunk]
        else:
            slow = detector.screen_batch([(t, None) for t in chunk], thresholds)
        out.extend(_outcome(merge(a + b)) for a, b in zip(fast, slow, strict=True))
    return out


def _rate(xs: Sequence[bool]) -> float:
    return round(sum(xs) / len(xs), 4) if xs else 0.0


def evaluate(
    data_dir: Path,
    *,
    thresholds: dict[str, float] | None = None,
    fast_only: bool = False,
    log: TextIO | None = None,
    cache: EmbeddingCache | None = None,
) -> Table:
    th = {**configured_thresholds(), **(thresholds or {})}
    backend = "none (lexicon only)" if fast_only else active_backend_name()
    from .. import classifier as clf

    model = clf.model_for(active_backend_name())
    if model is not None:
        lane, alert = clf.policy_thresholds(model, th)
        th = {**th, "crisis.lane": lane, "crisis.alert": alert}
    table = Table(backend=backend, thresholds=th)
    items = [it for it in load_crisis_items(data_dir) if it.held_out]
    if items:
        if model is None or not clf.uses_embeddings(model) or fast_only:
            cache = None
        elif cache is None:
            cache = EmbeddingCache(active_backend_name())
        if cache is not None:
            table.backend = f"{backend} (vectors {cache.key})"
        if log:
            print(f"  screening {len(items)} held-out texts", file=log, flush=True)
        outcomes = screen_items([it.text for it in items], thresholds=th, cache=cache, fast_only=fast_only)
        _crisis_rows(table, items, outcomes)
    youtube = [row for row, held in load_youtube(data_dir) if held]
    if youtube:
        results = screen_many([(r["text"], youtube_context(r["video"])) for r in youtube], thresholds=th)
        prf = PRF()
        for r, found in zip(youtube, results, strict=True):
            prf.add(any(f.category in (Category.SPAM, Category.OFF_TOPIC) for f in found), r["label"] == "1")
        table.rows["youtube"] = {"rows": len(youtube), **prf.as_dict()}
    return table


def _crisis_rows(table: Table, items: list[Item], outcomes: list[Outcome]) -> None:
    pairs = list(zip(items, outcomes, strict=True))
    benign = {}
    for label, ds, roles in BENIGN_ROWS:
        sel = [o for it, o in pairs if it.dataset == ds and (roles is None or it.role in roles)]
        plain = [
            o
            for it, o in pairs
            if it.dataset == ds and (roles is None or it.role in roles) and not it.crisis_terms
        ]
        if sel:
            benign[label] = {
                "rows_without_crisis_terms": len(plain),
                "lane": _rate([o.lane for o in plain]),
                "alert": _rate([o.alert for o in plain]),
            }
    table.rows["benign"] = benign
    sd = [(it, o) for it, o in pairs if it.dataset == "sdcnl"]
    if sd:
        prf = PRF()
        for it, o in sd:
            prf.add(o.own is not None, it.label == 1)
        dep_plain = [o.own is not None for it, o in sd if it.label == 0 and not it.crisis_terms]
        table.rows["sdcnl"] = {
            "rows": len(sd),
            "depression_without_crisis_terms": len(dep_plain),
            "depression_without_crisis_terms_flagged": _rate(dep_plain),
            "depression_flagged": _rate([o.own is not None for it, o in sd if it.label == 0]),
            **prf.as_dict(),
        }
    sdet = [(it, o) for it, o in pairs if it.dataset == "suicide_detection"]
    if sdet:
        prf = PRF()
        for it, o in sdet:
            prf.add(o.own is not None, it.label == 1)
        table.rows["suicide_detection"] = {"rows": len(sdet), **prf.as_dict()}
    cs = [(it, o) for it, o in pairs if it.dataset == "cssrs"]
    if cs:
        levels = {}
        for level in CSSRS_LEVELS:
            ranks = [o.own.severity.rank if o.own else 0 for it, o in cs if it.role == level]
            if ranks:
                levels[level] = {
                    "users": len(ranks),
                    "flagged": _rate([r > 0 for r in ranks]),
                    "alerted": _rate([r >= ALERT_MIN_RANK for r in ranks]),
                    "mean_severity": round(sum(ranks) / len(ranks), 3),
                }
        at_risk = [o.own is not None for it, o in cs if it.label == 1]
        table.rows["cssrs"] = {"levels": levels, "at_risk_flagged": _rate(at_risk)}


def targets_met(table: Table) -> dict[str, tuple[bool, float, str]]:
    """Each target: (met, measured, what it is), for the test and the README."""
    d = table.as_dict()
    out: dict[str, tuple[bool, float, str]] = {}
    if b := d.get("benign"):
        worst_lane = max(v["lane"] for v in b.values())
        worst_alert = max(v["alert"] for v in b.values())
        out["benign_lane"] = (worst_lane <= TARGETS["benign_lane"], worst_lane, "worst benign set, lane")
        out["benign_alert"] = (worst_alert <= TARGETS["benign_alert"], worst_alert, "worst benign set, alert")
    if s := d.get("sdcnl"):
        v = s["depression_without_crisis_terms_flagged"]
        out["sdcnl_depression_flagged"] = (
            v <= TARGETS["sdcnl_depression_flagged"],
            v,
            "r/depression w/o wording",
        )
        out["sdcnl_suicidewatch_recall"] = (
            s["recall"] >= TARGETS["sdcnl_suicidewatch_recall"],
            s["recall"],
            "r/SuicideWatch recall",
        )
    if s := d.get("suicide_detection"):
        out["suicide_detection_recall"] = (
            s["recall"] >= TARGETS["suicide_detection_recall"],
            s["recall"],
            "suicide_detection_5k recall",
        )
        out["suicide_detection_precision"] = (
            s["precision"] >= TARGETS["suicide_detection_precision"],
            s["precision"],
            "suicide_detection_5k precision",
        )
    if c := d.get("cssrs"):
        out["cssrs_at_risk_flagged"] = (
            c["at_risk_flagged"] >= TARGETS["cssrs_at_risk_flagged"],
            c["at_risk_flagged"],
            "C-SSRS Ideation/Behavior/Attempt flagged",
        )
        sup = c["levels"].get("Supportive", {}).get("flagged", 0.0)
        out["cssrs_supportive_flagged"] = (
            sup <= TARGETS["cssrs_supportive_flagged"],
            sup,
            "C-SSRS Supportive flagged",
        )
        sev = [c["levels"][lv]["mean_severity"] for lv in CSSRS_LEVELS if lv in c["levels"]]
        rising = all(a <= b for a, b in zip(sev, sev[1:], strict=False))
        out["cssrs_severity_rising"] = (rising, float(rising), "C-SSRS mean severity rises with level")
    if y := d.get("youtube"):
        out["youtube_f1"] = (y["f1"] >= TARGETS["youtube_f1"], y["f1"], "YouTube spam/off-topic F1")
    return out


def format_table(table: Table) -> str:
    d = table.as_dict()
    th = d["thresholds"]
    lines = [
        f"Crisis detection, held-out parts only (backend: {d['backend']}; "
        f"lane >= {th.get('crisis.lane', '-')}, alert >= {th.get('crisis.alert', '-')})",
        "",
        "| set (held-out part) | rows | measure | value | target |",
        "|---|---|---|---|---|",
    ]
    for label, v in d.get("benign", {}).items():
        n = v["rows_without_crisis_terms"]
        lines.append(
            f"| {label}, no crisis wording | {n} | enter Safety lane / alert | "
            f"{v['lane']:.1%} / {v['alert']:.1%} | <= 2% / <= 0.5% |"
        )
    if s := d.get("sdcnl"):
        lines.append(
            f"| SDCNL r/depression, no crisis wording | {s['depression_without_crisis_terms']} | flagged | "
            f"{s['depression_without_crisis_terms_flagged']:.1%} | <= 15% |"
        )
        lines.append(
            f"| SDCNL r/SuicideWatch vs r/depression | {s['rows']} | recall / precision | "
            f"{s['recall']:.3f} / {s['precision']:.3f} | recall >= 0.80 |"
        )
    if s := d.get("suicide_detection"):
        lines.append(
            f"| suicide_detection_5k | {s['rows']} | recall / precision | "
            f"{s['recall']:.3f} / {s['precision']:.3f} | >= 0.85 / >= 0.92 |"
        )
    if c := d.get("cssrs"):
        for level, v in c["levels"].items():
            target = (
                "<= 25%" if level == "Supportive" else ("-" if level == "Indicator" else ">= 90% (together)")
            )
            lines.append(
                f"| C-SSRS {level} (users) | {v['users']} | flagged / alerted / mean severity 0-3 | "
                f"{v['flagged']:.1%} / {v['alerted']:.1%} / {v['mean_severity']:.2f} | {target} |"
            )
        lines.append(
            f"| C-SSRS Ideation+Behavior+Attempt | "
            f"{sum(v['users'] for k, v in c['levels'].items() if k in ('Ideation', 'Behavior', 'Attempt'))} "
            f"| flagged | {c['at_risk_flagged']:.1%} | >= 90% |"
        )
    if y := d.get("youtube"):
        lines.append(
            f"| youtube_spam_with_video | {y['rows']} | spam + off-topic F1 (P / R) | "
            f"{y['f1']:.3f} ({y['precision']:.3f} / {y['recall']:.3f}) | >= 0.95 |"
        )
    met = targets_met(table)
    missed = [f"{k} ({v[2]}: {v[1]:.3f})" for k, v in met.items() if not v[0]]
    lines += ["", "Targets missed: " + (", ".join(missed) if missed else "none")]
    return "\n".join(lines)
