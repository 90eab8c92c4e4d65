"""Evaluation on the public labelled data in ../shared/eval, and the logic behind the two commands.

Every dataset is split once, deterministically (``SEED``), into a training half used to fit the small
combiners and pick thresholds, and a held-out half on which every reported number is measured. On the
C-SSRS set only the orientation gate (two numbers) is fitted, on its training half. No evaluation text is
stored anywhere in the project: it is read at run
time and only numbers (weights, metrics) come out.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .base import Category, ScreeningContext, Severity
from .registry import DEFAULT_THRESHOLDS, active_embedding_backend, screen_fast, screen_many

SEED = 20251122
CSSRS_LEVELS = ("Supportive", "Indicator", "Ideation", "Behavior", "Attempt")
SUICIDE_FILE = "suicide_detection_5k.csv"
CSSRS_FILE = "reddit_cssrs_500.csv"
YOUTUBE_FILE = "youtube_spam_with_video.csv"


def default_data_dir() -> Path:
    # manage.py lives in the repo root; ../shared/eval is beside the repo.
    return Path(__file__).resolve().parents[3] / "shared" / "eval"


def load_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def split(
    rows: Sequence[Any], *, seed: int = SEED, test_fraction: float = 0.5
) -> tuple[list[Any], list[Any]]:
    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    cut = int(len(idx) * (1 - test_fraction))
    return [rows[i] for i in idx[:cut]], [rows[i] for i in idx[cut:]]


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


# YouTube: the thread a comment sits under is a music video; the `video` column names the artist.
# The title of each video (public metadata of the five videos listed in SOURCES.json) is the opening post.
VIDEO_TITLES = {
    "Psy": "PSY - Gangnam Style, official music video",
    "KatyPerry": "Katy Perry - Roar, official music video",
    "LMFAO": "LMFAO - Party Rock Anthem, official music video",
    "Eminem": "Eminem - Love The Way You Lie ft. Rihanna, official music video",
    "Shakira": "Shakira - Waka Waka (This Time for Africa), official music video",
}


def youtube_context(video: str) -> ScreeningContext:
    return ScreeningContext(
        thread_title=VIDEO_TITLES.get(video, video),
        space_description="Comments on a music video: the song, the singer, the dancing, the view count.",
    )


# --- fitting the combiners (training halves only) -------------------------------------------------------

# Only features about the author's own present state: counts of negated, addressed or past hits
# ("lex_dropped") separate r/SuicideWatch from r/teenagers well, but they would teach the combiner that
# *talking about* suicide (supporting someone, grief) is a crisis, which is exactly the wrong lesson.
CRISIS_FEATURES = [
    "lex_present_max",
    "lex_high",
    "lex_count",
    "distress",
    "self_ratio",
    "you_ratio",
    "log_len",
    "emb_max",
    "emb_top3",
    "emb_margin",
    "emb_frac",
]
OFF_TOPIC_FEATURES = ["sim_topic", "sim_foreign", "sim_support", "spam", "spam_n", "on_topic_cues", "log_len"]


def _chunks(seq: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _crisis_features(rows: Sequence[dict[str, str]], *, chunk: int, log: TextIO | None = None) -> list[dict]:
    """The embedding pass's features for each row's text, encoded ``chunk`` texts at a time."""
    from .crisis import CrisisEmbeddingDetector

    det = CrisisEmbeddingDetector()
    out: list[dict] = []
    for part in _chunks(rows, chunk):
        out.extend(f for f, _, _ in det.features_batch([r["text"] for r in part]))
        if log:
            log.write(f"  features {len(out)}/{len(rows)}\r")
    return out


def fit_weights(data_dir: Path, *, out: Path | None = None, log: TextIO | None = None) -> dict:
    """Fit the crisis and off-topic combiners for the active backend on the training halves."""
    from .embeddings import get_backend
    from .linear import WEIGHTS_PATH, fit, load_weights
    from .off_topic import OffTopicEmbeddingDetector

    backend = get_backend().name
    weights = dict(load_weights())
    train, _ = split(load_rows(data_dir / SUICIDE_FILE))
    feats = _crisis_features(train, chunk=256)
    labels = [int(r["label"]) for r in train]
    weights.setdefault("crisis", {})[backend] = fit(feats, labels, CRISIS_FEATURES)

    cssrs_path = data_dir / CSSRS_FILE
    if cssrs_path.exists():
        cssrs_train, _ = split(load_rows(cssrs_path))
        cfeats = _crisis_features(cssrs_train, chunk=64)
        gate = fit_orientation_gate(
            model=weights["crisis"][backend],
            threshold=DEFAULT_THRESHOLDS["crisis.embedding"],
            suicide=(feats, labels, [_fast_crisis(r["text"]) for r in train]),
            cssrs=(cfeats, [r["label"] for r in cssrs_train], [_fast_crisis(r["text"]) for r in cssrs_train]),
        )
        weights.setdefault("crisis_orientation", {})[backend] = gate
        if log:
            log.write(f"orientation gate for {backend!r}: {json.dumps(gate)}\n")

    yt_train, _ = split(load_rows(data_dir / YOUTUBE_FILE))
    ot = OffTopicEmbeddingDetector()
    items = [(r["text"], youtube_context(r["video"])) for r in yt_train]
    ofeats = ot.features_batch(items)
    weights.setdefault("off_topic", {})[backend] = fit(
        [f or {} for f in ofeats], [int(r["label"]) for r in yt_train], OFF_TOPIC_FEATURES
    )
    (out or WEIGHTS_PATH).write_text(json.dumps(weights, indent=1) + "\n")
    load_weights.cache_clear()
    if log:
        log.write(f"fitted combiners for backend {backend!r} on {len(train)} + {len(yt_train)} rows\n")
    return weights


AT_RISK_LEVELS = ("Ideation", "Behavior", "Attempt")


def _fast_crisis(text: str) -> str:
    """ "own", "other" or "" for the fast path's crisis finding on ``text``."""
    f = _flagged(screen_fast(text), Category.CRISIS)
    return "" if f is None else "other" if f.subtype == "about_other" else "own"


def _flagged_with_gate(feats: dict, fast: str, *, model: dict, params: dict | None, threshold: float) -> bool:
    """Whether a text is flagged: a fast finding about the author, or the gated embedding pass."""
    from .crisis import CrisisEmbeddingDetector as Det

    return fast == "own" or Det.raises(feats, Det.probability(feats, model, params), threshold)


def fit_orientation_gate(
    *,
    model: dict,
    threshold: float,
    suicide: tuple[list[dict], list[int], list[str]],
    cssrs: tuple[list[dict], list[str], list[str]],
    min_at_risk: float = 0.86,
    min_recall: float = 0.77,
    min_precision: float = 0.92,
) -> dict[str, float]:
    """Pick the orientation gate (``crisis.orientation_gate``) on the training halves.

    The gate that flags the fewest C-SSRS Supportive users while Ideation/Behavior/Attempt users stay
    flagged at ``min_at_risk`` and suicide_detection keeps ``min_recall`` at ``min_precision`` (each a
    little above its target, so the held-out half has room). ``(features, label, fast finding)`` per
    row; a user or post is flagged by a fast finding about the author or by the embedding pass.
    """

    def flagged(feats: dict, fast: str, params: dict | None) -> bool:
        return _flagged_with_gate(feats, fast, model=model, params=params, threshold=threshold)

    best: tuple | None = None
    for slope in (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0):
        for offset in (-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
            params = {"slope": slope, "offset": offset} if slope else None
            prf = PRF()
            for f, y, fast in zip(*suicide, strict=True):
                prf.add(fast != "" or flagged(f, fast, params), y == 1)
            at_risk = [flagged(f, fa, params) for f, y, fa in zip(*cssrs, strict=True) if y in AT_RISK_LEVELS]
            supportive = [
                flagged(f, fa, params) for f, y, fa in zip(*cssrs, strict=True) if y == "Supportive"
            ]
            ok = (
                sum(at_risk) / len(at_risk) >= min_at_risk
                and prf.recall >= min_recall
                and prf.precision >= min_precision
            )
            key = (sum(supportive) / len(supportive), slope, -offset)
            if ok and (best is None or key < best[0]):
                best = (key, slope, offset, sum(at_risk) / len(at_risk), prf.recall, prf.precision)
    if best is None or best[1] == 0.0:
        return {"slope": 0.0, "offset": 1.0}  # no gate meets the floors: leave scores alone
    key, slope, offset, at_risk_rate, recall, precision = best
    return {
        "slope": slope,
        "offset": offset,
        "train_supportive_flagged": round(key[0], 4),
        "train_at_risk_flagged": round(at_risk_rate, 4),
        "train_suicide_recall": round(recall, 4),
        "train_suicide_precision": round(precision, 4),
    }


def cssrs_cross_validation(
    data_dir: Path, *, folds: int = 5, repeats: int = 3, log: TextIO | None = None
) -> dict[str, Any]:
    """k-fold cross-validation of the orientation gate over all 500 C-SSRS users.

    The held-out half has only 52 Supportive users, so one user moves the rate by 1.9 points and the two
    halves disagree by more than the target's margin (the same gate flags 14% of one half's Supportive
    users and 35% of the other's). Here every user is scored once per repeat by a gate picked, exactly as
    ``fit_weights`` picks it, on the other folds (plus the suicide_detection training half); the rates
    are over all users, averaged over ``repeats`` shuffles. The combiner itself is the shipped one (it is
    fitted on suicide_detection only, never on C-SSRS).
    """
    from .embeddings import get_backend
    from .linear import load_weights

    backend = get_backend().name
    model = load_weights().get("crisis", {}).get(backend)
    if model is None:
        raise ValueError(f"no fitted crisis combiner for backend {backend!r}; run with --fit first")
    threshold = DEFAULT_THRESHOLDS["crisis.embedding"]

    train, _ = split(load_rows(data_dir / SUICIDE_FILE))
    suicide = (
        _crisis_features(train, chunk=256, log=log),
        [int(r["label"]) for r in train],
        [_fast_crisis(r["text"]) for r in train],
    )
    users = load_rows(data_dir / CSSRS_FILE)
    feats = _crisis_features(users, chunk=64, log=log)
    labels = [r["label"] for r in users]
    fast = [_fast_crisis(r["text"]) for r in users]

    totals = dict.fromkeys(CSSRS_LEVELS, 0)
    gates: list[dict[str, float]] = []
    for repeat in range(repeats):
        order = list(range(len(users)))
        random.Random(SEED + repeat).shuffle(order)
        for k in range(folds):
            held = set(order[k::folds])
            fit_idx = [i for i in range(len(users)) if i not in held]
            gate = fit_orientation_gate(
                model=model,
                threshold=threshold,
                suicide=suicide,
                cssrs=([feats[i] for i in fit_idx], [labels[i] for i in fit_idx], [fast[i] for i in fit_idx]),
            )
            gates.append({"slope": gate["slope"], "offset": gate["offset"]})
            for i in held:
                if _flagged_with_gate(feats[i], fast[i], model=model, params=gate, threshold=threshold):
                    totals[labels[i]] += 1
    counts = {level: labels.count(level) for level in CSSRS_LEVELS}
    at_risk = sum(totals[lv] for lv in AT_RISK_LEVELS) / (repeats * sum(counts[lv] for lv in AT_RISK_LEVELS))
    return {
        "users": len(users),
        "folds": folds,
        "repeats": repeats,
        "flagged": {lv: round(totals[lv] / (repeats * counts[lv]), 4) for lv in CSSRS_LEVELS if counts[lv]},
        "ideation_behavior_attempt_flagged": round(at_risk, 4),
        "gates_picked": gates,
    }


# --- the evaluation ------------------------------------------------------------------------------------


@dataclass
class Report:
    backend: str
    thresholds: dict[str, float]
    sections: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"backend": self.backend, "thresholds": self.thresholds, **self.sections}


def _flagged(findings: Iterable, category: Category) -> Any:
    return next((f for f in findings if f.category == category), None)


def evaluate(
    data_dir: Path,
    *,
    sample: int | None = None,
    include_slow: bool = True,
    thresholds: dict[str, float] | None = None,
    log: TextIO | None = None,
) -> Report:
    """Held-out metrics on every dataset present in ``data_dir`` (``sample`` caps rows per dataset)."""
    th = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    report = Report(
        backend=active_embedding_backend() if include_slow else "none (fast path only)", thresholds=th
    )

    def run(items: list[tuple[str, ScreeningContext | None]]) -> list[list]:
        out: list[list] = []
        for chunk in _chunks(items, 256):
            out.extend(screen_many(list(chunk), thresholds=th, include_slow=include_slow))
            if log:
                log.write(f"  screened {len(out)}/{len(items)}\r")
        return out

    path = data_dir / SUICIDE_FILE
    if path.exists():
        _, test = split(load_rows(path))
        test = test[:sample] if sample else test
        started = time.perf_counter()
        results = run([(r["text"], None) for r in test])
        prf = PRF()
        for r, found in zip(test, results, strict=True):
            prf.add(_flagged(found, Category.CRISIS) is not None, r["label"] == "1")
        report.sections["suicide_detection"] = {
            "rows": len(test),
            **prf.as_dict(),
            "seconds": round(time.perf_counter() - started, 1),
        }

    path = data_dir / CSSRS_FILE
    if path.exists():
        # Held-out half only: the orientation gate is fitted on the training half (fit_weights).
        rows = split(load_rows(path))[1]
        rows = rows[:sample] if sample else rows
        results = run([(r["text"], None) for r in rows])
        per: dict[str, dict[str, Any]] = {}

        def own(found: list) -> Any:
            # C-SSRS levels rate the user's own risk; a finding about someone else (low severity,
            # "about_other") is reported separately rather than counted as flagging the user.
            f = _flagged(found, Category.CRISIS)
            return f if f is not None and f.subtype != "about_other" else None

        for level in CSSRS_LEVELS:
            group = [found for r, found in zip(rows, results, strict=True) if r["label"] == level]
            ranks = [(f.severity.rank if (f := own(found)) else 0) for found in group]
            if ranks:
                n = len(ranks)
                per[level] = {
                    "users": n,
                    "flagged": round(sum(1 for x in ranks if x) / n, 4),
                    "flagged_medium_or_high": round(
                        sum(1 for x in ranks if x >= Severity.MEDIUM.rank) / n, 4
                    ),
                    "about_other_only": round(
                        sum(
                            1
                            for found, x in zip(group, ranks, strict=True)
                            if not x and _flagged(found, Category.CRISIS)
                        )
                        / n,
                        4,
                    ),
                    "mean_severity_rank": round(sum(ranks) / n, 3),
                    "high": round(sum(1 for x in ranks if x == Severity.HIGH.rank) / n, 4),
                }
        at_risk = [
            own(found) is not None
            for r, found in zip(rows, results, strict=True)
            if r["label"] in ("Ideation", "Behavior", "Attempt")
        ]
        report.sections["cssrs"] = {
            "levels": per,
            "ideation_behavior_attempt_flagged": round(sum(at_risk) / max(1, len(at_risk)), 4),
        }

    path = data_dir / YOUTUBE_FILE
    if path.exists():
        _, test = split(load_rows(path))
        test = test[:sample] if sample else test
        results = run([(r["text"], youtube_context(r["video"])) for r in test])
        both, spam_only, off_only = PRF(), PRF(), PRF()
        for r, found in zip(test, results, strict=True):
            actual = r["label"] == "1"
            s = _flagged(found, Category.SPAM) is not None
            o = _flagged(found, Category.OFF_TOPIC) is not None
            both.add(s or o, actual)
            spam_only.add(s, actual)
            off_only.add(o, actual)
        report.sections["youtube"] = {
            "rows": len(test),
            "spam_or_off_topic": both.as_dict(),
            "spam_only": spam_only.as_dict(),
            "off_topic_only": off_only.as_dict(),
        }
    return report


def throughput(
    texts: Sequence[str],
    *,
    contexts: Sequence[ScreeningContext | None] | None = None,
    rounds: int = 3,
    warmup: int = 100,
) -> dict[str, float]:
    """``screen_fast`` posts per second of CPU time on one core: the best of ``rounds`` passes.

    CPU time (``time.process_time``), not wall time, so other processes on a shared machine do not
    count against us; the best pass, so a burst of contention in one pass does not decide the result.
    The process is pinned to one core while measuring (Linux), then released.
    """
    ctxs = list(contexts) if contexts is not None else [None] * len(texts)
    items = list(zip(texts, ctxs, strict=True))
    for text, ctx in items[:warmup]:  # compiled patterns, automaton, caches
        screen_fast(text, ctx)
    pinned = hasattr(os, "sched_setaffinity")
    before = os.sched_getaffinity(0) if pinned else set()
    if pinned:
        os.sched_setaffinity(0, {min(before)})
    try:
        best = float("inf")
        for _ in range(rounds):
            gc.collect()
            started = time.process_time()
            for text, ctx in items:
                screen_fast(text, ctx)
            best = min(best, time.process_time() - started)
    finally:
        if pinned:
            os.sched_setaffinity(0, before)
    best = max(best, 1e-9)
    return {
        "posts": len(items),
        "posts_per_second": round(len(items) / best),
        "mean_ms_per_post": round(1000 * best / max(1, len(items)), 4),
        "mean_chars": round(sum(map(len, texts)) / max(1, len(texts))),
    }


def synthetic_throughput(*, count: int = 2000, history: int = 5, rounds: int = 3) -> dict[str, float]:
    """``throughput`` on the fixed synthetic corpus (200-800 characters, ``synthetic.posts``), each post
    screened with the author's ``history`` previous posts as context, as production does."""
    from . import synthetic

    texts = synthetic.posts(count)
    contexts = [
        ScreeningContext(recent_texts_by_author=tuple(texts[max(0, i - history) : i])) for i in range(count)
    ]
    return throughput(texts, contexts=contexts, rounds=rounds)


def format_report(report: Report) -> str:
    d = report.as_dict()
    lines = [f"backend: {d['backend']}", f"thresholds: {json.dumps(d['thresholds'])}", ""]
    if s := d.get("suicide_detection"):
        lines += [
            f"suicide_detection_5k (held-out half, n={s['rows']}): crisis vs label",
            "| precision | recall | F1 |",
            "|---|---|---|",
            f"| {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |",
            "",
        ]
    if c := d.get("cssrs"):
        lines += [
            f"reddit_cssrs_500 (held-out half, n={sum(v['users'] for v in c['levels'].values())}): "
            "share of users with a crisis finding",
            "| level | users | flagged | medium+high | only about others | mean severity (0..3) | high |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {lvl} | {v['users']} | {v['flagged']:.1%} | {v['flagged_medium_or_high']:.1%} | "
            f"{v['about_other_only']:.1%} | {v['mean_severity_rank']:.2f} | {v['high']:.1%} |"
            for lvl, v in c["levels"].items()
        ]
        lines += [f"Ideation+Behavior+Attempt flagged: {c['ideation_behavior_attempt_flagged']:.1%}", ""]
    if cv := d.get("cssrs_cross_validated"):
        lines += [
            f"reddit_cssrs_500 ({cv['folds']}-fold cross-validation of the orientation gate, "
            f"all {cv['users']} users, {cv['repeats']} shuffles): share of users flagged",
            "| " + " | ".join(cv["flagged"]) + " | Ideation+Behavior+Attempt |",
            "|" + "---|" * (len(cv["flagged"]) + 1),
            "| "
            + " | ".join(f"{v:.1%}" for v in cv["flagged"].values())
            + f" | {cv['ideation_behavior_attempt_flagged']:.1%} |",
            "",
        ]
    if y := d.get("youtube"):
        lines += [
            f"youtube_spam_with_video (held-out half, n={y['rows']}): label 1 vs finding",
            "| findings counted | precision | recall | F1 |",
            "|---|---|---|---|",
        ]
        for key in ("spam_or_off_topic", "spam_only", "off_topic_only"):
            v = y[key]
            lines.append(f"| {key} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |")
        lines.append("")
    for key, label in (
        ("throughput", "suicide_detection_5k posts"),
        ("throughput_synthetic", "synthetic 200-800-char posts"),
        ("throughput_synthetic_history", "synthetic posts + 5 recent posts by the author"),
    ):
        if t := d.get(key):
            lines.append(
                f"screen_fast on {label}: {t['posts_per_second']} posts/s (CPU time, one core), "
                f"{t['mean_ms_per_post']} ms/post (n={t['posts']}, mean {t['mean_chars']} chars)"
            )
    return "\n".join(lines)
