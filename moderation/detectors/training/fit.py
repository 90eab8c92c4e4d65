"""Fit the crisis classifier on the training part of every set, calibrate it, pick the policy thresholds.

Reproducible: fixed splits (``data``), fixed fold assignment (groups hashed), deterministic solvers. Every
choice below is made on the training part only, from out-of-fold predictions; the held-out part is read
only by ``report``.

Training targets (``target``): the sources' labels, with one documented relabelling rule for the noise the
data README describes. A label-0 row of a non-expert set (r/depression, r/teenagers, ESConv, CounselChat,
Dreaddit, GoEmotions) whose lexicon analysis finds a *live, present, first-person* hit of medium or high
severity (the author says now that they want to die, will kill themselves, cut themselves ...) is a true
positive for Hearth, so its target is 1. Negated, past, quoted, addressed and about-someone-else hits do not
relabel. C-SSRS levels are expert labels and are never relabelled; Indicator users (risk factors, no
ideation) are left out of the fit and only measured.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

import numpy as np

from .. import classifier as clf
from ..base import Category, Severity
from ..crisis import analyze
from ..linear import WEIGHTS_PATH
from ..registry import screen_fast
from .cache import DEFAULT_DIR, EmbeddingCache
from .data import BENIGN_SETS, Item, load_crisis_items

SEED = 20261127
FOLDS = 5
LANE_BUDGET = 0.016  # benign rows entering the lane (target 2%; margin for the held-back data)
LANE_FLOOR = 0.004  # what the model may add where the lexicon alone already spends the lane budget
ALERT_BUDGET = 0.004  # benign rows alerting (target 0.5%)
ALERT_FLOOR = 0.001
ALERT_PRECISION = 0.95  # out-of-fold precision on the labelled sets at the alert threshold
# Per-set weight in the fit: the sets are of very different sizes, and the C-SSRS users (a whole
# history each, expert-labelled) are few but exactly the judgement Hearth has to make.
SET_WEIGHT = {
    "suicide_detection": 1.0,
    "sdcnl": 1.5,
    "cssrs": 3.0,
    "esconv": 0.7,
    "counselchat": 1.0,
    "dreaddit": 1.0,
    "goemotions": 0.5,
}
C_SENTENCE = 0.05
C_DOCUMENT = 0.05


def relabel_target(item: Item) -> tuple[int, str]:
    """(training target, why) for one item; see the module docstring."""
    if item.dataset == "cssrs":
        if item.role == "Indicator":
            return -1, "indicator: measured, not fitted"
        return item.label, "expert label"
    if item.label == 1:
        return 1, "source label"
    for h in analyze(item.text):
        if (
            not h.dropped
            and h.who == "self"
            and h.subtype not in ("past", "about_other")
            and h.severity.rank >= Severity.MEDIUM.rank
        ):
            return 1, "relabelled: first-person present crisis statement"
    return 0, "source label"


def _fold(group: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{SEED}:{group}".encode()).digest()[:4], "big") % FOLDS


@dataclass
class Table:
    items: list[Item]
    preps: list[clf.Prepared]
    vecs: list[np.ndarray | None]
    target: np.ndarray
    weight: np.ndarray
    fold: np.ndarray
    lex_lane: np.ndarray  # the lexicon (fast path) alone puts the text in the Safety lane
    lex_alert: np.ndarray  # ... and alerts


def _lexicon_outcome(text: str) -> tuple[bool, bool]:
    found = [f for f in screen_fast(text) if f.category == Category.CRISIS]
    alert = any(f.subtype != "about_other" and f.severity.rank >= Severity.MEDIUM.rank for f in found)
    return bool(found), alert


def _lexical_pass_key(items: Sequence[Item]) -> str:
    """Changes whenever the texts or the code that reads them (lexicon, features) change."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parents[1]
    for name in ("crisis.py", "crisis_lexicon.py", "text.py", "classifier.py", "classifier_units.py"):
        h.update((here / name).read_bytes())
    h.update(Path(__file__).read_bytes())
    for it in items:
        h.update(it.text.encode())
    return h.hexdigest()[:16]


def _lexical_pass(items: Sequence[Item], *, log: TextIO | None) -> tuple[list, np.ndarray, np.ndarray]:
    """Prepared units and features, training targets and the lexicon's own outcome for every item.

    Kept under var/ (local, gitignored; never shipped) so that a refit after a threshold change does not
    re-run the lexicon over 15,000 texts.
    """
    path = DEFAULT_DIR.parent / "training" / f"lexical-{_lexical_pass_key(items)}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own local cache file
    preps = []
    for n, it in enumerate(items):
        preps.append(clf.prepare(it.text))
        if log and n and n % 5000 == 0:
            print(f"  prepared {n}/{len(items)}", file=log, flush=True)
    targets = np.array([relabel_target(it)[0] for it in items])
    lex = np.array([_lexicon_outcome(it.text) for it in items], dtype=bool).reshape(len(items), 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump((preps, targets, lex), fh)
    return preps, targets, lex


def build_table(items: Sequence[Item], cache: EmbeddingCache | None, *, log: TextIO | None = None) -> Table:
    preps, targets, lex = _lexical_pass(items, log=log)
    vecs = [cache.get(p.units) if cache is not None else None for p in preps]
    weight = np.array([SET_WEIGHT.get(it.dataset, 1.0) for it in items])
    fold = np.array([_fold(f"{it.dataset}:{it.group}") for it in items])
    return Table(list(items), preps, vecs, targets, weight, fold, lex[:, 0], lex[:, 1])


def _standardised_lr(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-6] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000, tol=1e-5)
    lr.fit((x - mean) / scale, y, sample_weight=w)
    return {
        "mean": [_num(v) for v in mean],
        "scale": [_num(v) for v in scale],
        "coef": [_num(v) for v in lr.coef_[0]],
        "intercept": _num(lr.intercept_[0]),
    }


_NUMBER_LIST = re.compile(r"\[\s*([-0-9.eE,\s]+?)\s*\]")


def dump_weights(weights: dict) -> str:
    """Indented JSON with each list of numbers on one line (a 400-number list is one line, not 400)."""
    text = json.dumps(weights, indent=1, sort_keys=True)
    return (
        _NUMBER_LIST.sub(
            lambda m: "[" + " ".join(m.group(1).split()).replace(",", ", ").replace(",  ", ", ") + "]", text
        )
        + "\n"
    )


def _num(v: float) -> float:
    """Six significant digits: small in JSON, and never rounds a small scale to zero."""
    return float(f"{float(v):.6g}")


def _sentence_xy(t: Table, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for i in rows:
        n = len(t.preps[i].units)
        if not n:
            continue
        xs.append(clf.sentence_matrix(t.preps[i], t.vecs[i]))
        ys.append(np.full(n, t.target[i]))
        ws.append(np.full(n, t.weight[i] / n))  # every text weighs the same, however many sentences
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def _sentence_logits(t: Table, i: int, model: dict) -> np.ndarray:
    if not t.preps[i].units:
        return np.zeros(0)
    return clf._linear(model, clf.sentence_matrix(t.preps[i], t.vecs[i]))


def _doc_x(t: Table, rows: Sequence[int], s_logits: dict[int, np.ndarray]) -> np.ndarray:
    return np.vstack([clf.document_row(t.preps[i], t.vecs[i], s_logits[i]) for i in rows])


def fit_classifier(t: Table, *, log: TextIO | None = None) -> tuple[dict, np.ndarray]:
    """The two models, Platt calibration and out-of-fold calibrated probabilities for the training rows."""
    train = np.flatnonzero(t.target >= 0)
    # Sentence model out of fold: the document model must learn from sentence scores it has not fitted.
    oof_s: dict[int, np.ndarray] = {}
    for k in range(FOLDS):
        fit_rows = train[t.fold[train] != k]
        sm = _standardised_lr(*_sentence_xy(t, fit_rows), C_SENTENCE)
        for i in train[t.fold[train] == k]:
            oof_s[int(i)] = _sentence_logits(t, int(i), sm)
        if log:
            print(f"  sentence fold {k + 1}/{FOLDS}", file=log, flush=True)
    sentence_model = _standardised_lr(*_sentence_xy(t, train), C_SENTENCE)
    x = _doc_x(t, train, oof_s)
    y, w = t.target[train], t.weight[train]
    oof_d = np.zeros(len(train))
    for k in range(FOLDS):
        part = t.fold[train] == k
        dm = _standardised_lr(x[~part], y[~part], w[~part], C_DOCUMENT)
        oof_d[part] = clf._linear(dm, x[part])
    document_model = _standardised_lr(x, y, w, C_DOCUMENT)
    # Platt scaling on the out-of-fold decision values (unweighted: a probability over real rows).
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof_d[:, None], y)
    calibration = {"a": round(float(platt.coef_[0, 0]), 6), "b": round(float(platt.intercept_[0]), 6)}
    oof_p = np.asarray(clf.sigmoid(calibration["a"] * oof_d + calibration["b"]))
    model = {"sentence": sentence_model, "document": document_model, "calibration": calibration}
    return model, oof_p


def choose_thresholds(t: Table, oof_p: np.ndarray) -> tuple[dict, dict]:
    """The alert threshold from precision, the lane threshold from the benign sets (training part, OOF).

    Both count what the lexicon already does on its own: a benign post the lexicon flags is in the lane
    whatever the model says, so the model gets only the rest of the budget.
    """
    train = np.flatnonzero(t.target >= 0)
    lex_lane, lex_alert = t.lex_lane[train], t.lex_alert[train]
    benign = {
        ds: np.array(
            [t.items[i].dataset == ds and t.items[i].crisis_terms is False for i in train], dtype=bool
        )
        for ds in BENIGN_SETS
    }
    benign = {ds: m for ds, m in benign.items() if m.any()}
    grid = np.round(np.arange(0.05, 0.995, 0.005), 3)
    labelled = np.array([t.items[i].dataset in ("suicide_detection", "sdcnl", "cssrs") for i in train])
    y = t.target[train]

    def fits(flagged: np.ndarray, lexicon: np.ndarray, budget: float, floor: float) -> bool:
        # Per benign set: the union with the lexicon within budget, or, where the lexicon alone already
        # spends it (its rules are not the model's to change), the model adding at most ``floor``.
        for m in benign.values():
            lex_rate = float(np.mean(lexicon[m]))
            added = float(np.mean((flagged & ~lexicon)[m]))
            if added > max(budget - lex_rate, floor):
                return False
        return True

    alert = float(grid[-1])
    for a in grid:
        flagged = (oof_p >= a) & labelled
        precision = int((flagged & (y == 1)).sum()) / max(1, int(flagged.sum()))
        if precision >= ALERT_PRECISION and fits(oof_p >= a, lex_alert, ALERT_BUDGET, ALERT_FLOOR):
            alert = float(a)
            break
    lane = alert
    for a in grid[grid <= alert]:
        if fits(oof_p >= a, lex_lane, LANE_BUDGET, LANE_FLOOR):
            lane = float(a)
            break
    stats = {
        ds: {
            "rows": int(m.sum()),
            "lane": round(float(np.mean(((oof_p >= lane) | lex_lane)[m])), 4),
            "alert": round(float(np.mean(((oof_p >= alert) | lex_alert)[m])), 4),
            "lexicon_lane": round(float(np.mean(lex_lane[m])), 4),
        }
        for ds, m in benign.items()
    }
    flagged = (oof_p >= lane) | lex_lane
    for ds in ("suicide_detection", "sdcnl", "cssrs"):
        m = np.array([t.items[i].dataset == ds for i in train])
        if m.any():
            tp = int((flagged & m & (y == 1)).sum())
            stats[ds] = {
                "recall": round(tp / max(1, int((m & (y == 1)).sum())), 4),
                "precision": round(tp / max(1, int((flagged & m).sum())), 4),
                "negatives_flagged": round(float(np.mean(flagged[m & (y == 0)])), 4),
            }
    return {"lane": lane, "alert": alert}, stats


def train(
    data_dir: Path,
    *,
    backend_name: str,
    with_embeddings: bool,
    out: Path = WEIGHTS_PATH,
    log: TextIO | None = sys.stderr,
    cache: EmbeddingCache | None = None,
) -> dict:
    items = [it for it in load_crisis_items(data_dir) if not it.held_out]
    if not items:
        raise FileNotFoundError(f"no crisis sets in {data_dir}")
    if not with_embeddings:
        cache = None
    elif cache is None:
        cache = EmbeddingCache(backend_name)
        units = [u for it in items for u in clf.sentence_units(it.text)]
        cache.ensure(units, log=log)
    t = build_table(items, cache, log=log)
    model, oof_p = fit_classifier(t, log=log)
    thresholds, benign_stats = choose_thresholds(t, oof_p)
    reasons = Counter(relabel_target(it)[1] for it in items)
    model.update(
        {
            "embedding_dim": int(t.vecs[0].shape[1]) if with_embeddings and t.vecs[0] is not None else 0,
            "thresholds": thresholds,
            "sentence_features": (["emb"] if with_embeddings else []) + list(clf.SENTENCE_LEXICAL),
            "document_features": (["emb_mean"] if with_embeddings else [])
            + list(clf.DOCUMENT_LEXICAL)
            + list(clf.SENTENCE_AGGREGATES),
            "trained": {
                "date": date.today().isoformat(),
                "rows": {ds: int(n) for ds, n in sorted(Counter(it.dataset for it in items).items())},
                "targets": dict(sorted(reasons.items())),
                "oof_benign": benign_stats,
                "seed": SEED,
                "embeddings": cache.key if cache is not None else "none",
            },
        }
    )
    weights = json.loads(out.read_text()) if out.exists() else {}
    # The hand-written-bank combiner and its orientation gate this classifier replaced.
    weights.pop("crisis", None)
    weights.pop("crisis_orientation", None)
    weights.setdefault("crisis_classifier", {})[backend_name] = model
    out.write_text(dump_weights(weights))
    clf.model_for.cache_clear()
    from ..linear import load_weights

    load_weights.cache_clear()
    if log:
        print(f"  {backend_name}: thresholds {thresholds}; OOF benign {benign_stats}", file=log, flush=True)
    return model
