"""Shared helpers for measuring the detectors: reading ../shared/eval, the historical 50/50 split,
precision/recall, the YouTube thread context, the off-topic combiner's fit, and fast-path throughput.

The crisis classifier's training and its held-out table live in ``training/`` (``manage.py
train_detectors`` / ``evaluate_detectors``). No evaluation text is stored anywhere in the project: it is
read at run time and only numbers (weights, metrics) come out.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .base import ScreeningContext
from .registry import screen_fast

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


# --- fitting the off-topic combiner (training half only) -----------------------------------------------

OFF_TOPIC_FEATURES = ["sim_topic", "sim_foreign", "sim_support", "spam", "spam_n", "on_topic_cues", "log_len"]


def fit_off_topic(data_dir: Path, *, out: Path | None = None, log: TextIO | None = None) -> dict:
    """Fit the off-topic combiner for the active backend on the YouTube training half."""
    from .embeddings import get_backend
    from .linear import WEIGHTS_PATH, fit, load_weights
    from .off_topic import OffTopicEmbeddingDetector

    backend = get_backend().name
    path = out or WEIGHTS_PATH
    weights = json.loads(path.read_text()) if path.exists() else {}
    yt_train, _ = split(load_rows(data_dir / YOUTUBE_FILE))
    ot = OffTopicEmbeddingDetector()
    items = [(r["text"], youtube_context(r["video"])) for r in yt_train]
    ofeats = ot.features_batch(items)
    weights.setdefault("off_topic", {})[backend] = fit(
        [f or {} for f in ofeats], [int(r["label"]) for r in yt_train], OFF_TOPIC_FEATURES
    )
    path.write_text(json.dumps(weights, indent=1, sort_keys=True) + "\n")
    load_weights.cache_clear()
    if log:
        log.write(f"fitted the off-topic combiner for backend {backend!r} on {len(yt_train)} rows\n")
    return weights


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


def format_throughput(sections: dict[str, Any]) -> str:
    lines = []
    for key, label in (
        ("throughput", "suicide_detection_5k posts"),
        ("throughput_synthetic", "synthetic 200-800-char posts"),
        ("throughput_synthetic_history", "synthetic posts + 5 recent posts by the author"),
    ):
        if t := sections.get(key):
            lines.append(
                f"screen_fast on {label}: {t['posts_per_second']} posts/s (CPU time, one core), "
                f"{t['mean_ms_per_post']} ms/post (n={t['posts']}, mean {t['mean_chars']} chars)"
            )
    return "\n".join(lines)
