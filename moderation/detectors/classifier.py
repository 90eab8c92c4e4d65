"""The trained crisis classifier: sentence embeddings plus the lexicon's meaning-bearing features.

Two logistic regressions, fitted by ``manage.py train_detectors`` (``training/fit.py``) and shipped as
numbers in ``weights.json`` (``crisis_classifier``, one entry per embedding backend):

- **sentence level**: each sentence's embedding with what the lexicon knows about that sentence (who it
  is about, negated, in the past, quoted, addressed to someone, advice, joking, a lexicon hit in it);
- **document level**: the mean sentence embedding, the lexicon's document features (present / high /
  past / about-other hits, orientation, distress vocabulary) and the sentence model's strongest scores.

The document score is calibrated (Platt scaling fitted out of fold), so it reads as a probability. Two
thresholds make the one policy (``docs/detectors.md``): ``lane`` (at most 2% of ordinary benign posts
enter the Safety lane, counting the lexicon's own findings) and ``alert`` (picked for precision); below
``lane`` a signal is weak and never creates a Safety item. Under the lexical fallback (no ML
dependencies) the same two models run without the embedding part.

Runtime needs numpy only. Training and screening cut texts into the same units (``classifier_units``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .classifier_units import MAX_UNIT_CHARS, sentence_units
from .crisis import SUPPORTING_REASON, Hit, analyze, lexical_features, sentence_gate, sentence_role
from .linear import load_weights
from .text import WORD, normalize, sentence_bounds

Encoder = Callable[[Sequence[str]], np.ndarray]

# Only evidence *for* the author's present crisis is a feature. Why a crisis word does not count (negated,
# past, about someone else, quoted, addressed to someone) is never a feature: on r/SuicideWatch "I'm not
# suicidal, but ..." and "my friend ..." are common, so a model would learn that talking about suicide is a
# crisis, exactly the wrong lesson. ``prepare`` keeps only the sentences the gate lets count instead.
SENTENCE_LEXICAL = (
    "gate_factor",
    "role_addressed",
    "role_own",
    "hit_present",
    "hit_high",
    "log_words",
)
DOCUMENT_LEXICAL = (
    "lex_present_max",
    "lex_high",
    "lex_count",
    "distress",
    "self_ratio",
    "you_ratio",
    "log_len",
    "orientation",
)
SENTENCE_AGGREGATES = ("sent_max", "sent_top3", "sent_frac", "log_units")


def _hits_by_unit(t: str, units: list[str], hits: list[Hit]) -> list[list[Hit]]:
    """The lexicon's hits, each given to the unit (sentence) it sits in."""
    where = {u: i for i, u in enumerate(units)}
    out: list[list[Hit]] = [[] for _ in units]
    for h in hits:
        if h.pos < 0:
            continue
        span = sentence_bounds(t, h.pos)
        i = where.get(t[span.start : span.end].strip()[:MAX_UNIT_CHARS])
        if i is not None:
            out[i].append(h)
    return out


def sentence_lexical(unit: str, hits: list[Hit]) -> list[float]:
    gate = sentence_gate(unit)
    role = sentence_role(unit)
    live = [h for h in hits if not h.dropped or h.dropped == SUPPORTING_REASON]
    present = [h for h in live if h.subtype not in ("about_other", "past")]
    return [
        gate.factor,
        float(role == "addressed"),
        float(role == "own"),
        max((h.score for h in present), default=0.0),
        float(any(h.severity.rank == 3 for h in present)),
        math.log1p(len(WORD.findall(unit))),
    ]


@dataclass
class Prepared:
    """What a text contributes before any model runs: its units and lexical features."""

    units: list[str]  # only sentences the gate lets count (negated, quoted, addressed ... are left out)
    sentence_lex: np.ndarray  # (units, len(SENTENCE_LEXICAL))
    document_lex: np.ndarray  # (len(DOCUMENT_LEXICAL),)
    lexical_support: bool  # some live lexicon hit about the author (present or past)


def prepare(text: str) -> Prepared:
    t = normalize(text)
    units = [u for u in sentence_units(text) if sentence_gate(u).factor > 0]
    hits = analyze(text)
    per_unit = _hits_by_unit(t, units, hits) if units else []
    sent = np.array([sentence_lexical(u, h) for u, h in zip(units, per_unit, strict=True)], dtype=np.float64)
    feats = lexical_features(text, hits)
    doc = np.array([feats[k] for k in DOCUMENT_LEXICAL], dtype=np.float64)
    support = any(not h.dropped and h.subtype != "about_other" for h in hits)
    return Prepared(units, sent.reshape(len(units), len(SENTENCE_LEXICAL)), doc, support)


def _linear(model: dict, x: np.ndarray) -> np.ndarray:
    """Decision values of a standardised logistic regression stored as plain lists."""
    mean = np.asarray(model["mean"])
    scale = np.asarray(model["scale"])
    coef = np.asarray(model["coef"])
    return ((x - mean) / scale) @ coef + model["intercept"]


def sentence_matrix(prep: Prepared, vecs: np.ndarray | None) -> np.ndarray:
    if vecs is None:
        return prep.sentence_lex
    return np.hstack([vecs.astype(np.float64), prep.sentence_lex])


def document_row(prep: Prepared, vecs: np.ndarray | None, sentence_logits: np.ndarray) -> np.ndarray:
    top = np.sort(sentence_logits)[::-1]
    aggregates = [
        float(top[0]) if len(top) else -10.0,
        float(top[:3].mean()) if len(top) else -10.0,
        float((sentence_logits > 0).mean()) if len(top) else 0.0,
        math.log1p(len(prep.units)),
    ]
    parts = [prep.document_lex, np.array(aggregates)]
    if vecs is not None:
        mean = vecs.mean(0) if len(vecs) else np.zeros(vecs.shape[1])
        norm = float(np.linalg.norm(mean))
        parts.insert(0, mean / norm if norm else mean)
    return np.concatenate(parts)


def sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass
class Scored:
    probability: float  # calibrated
    best_sentence: str
    best_sentence_probability: float
    lexical_support: bool


@lru_cache(maxsize=4)
def model_for(backend_name: str) -> dict | None:
    """The classifier fitted for ``backend_name``. Any embedding backend other than the hashed lexical one
    reproduces MiniLM's vectors (an int8/ONNX export is checked to cosine >= 0.99), so it uses MiniLM's."""
    models = load_weights().get("crisis_classifier") or {}
    if backend_name in models:
        return models[backend_name]
    return models.get("minilm") if backend_name != "lexical" else None


def uses_embeddings(model: dict) -> bool:
    return bool(model.get("embedding_dim"))


def score_batch(texts: Sequence[str], model: dict, encode: Encoder | None) -> list[Scored]:
    """Calibrated crisis probability per text; ``encode`` is required when the model uses embeddings."""
    preps = [prepare(t) for t in texts]
    vecs_all: np.ndarray | None = None
    if uses_embeddings(model):
        if encode is None:
            raise ValueError("this classifier needs an encoder")
        flat = [u for p in preps for u in p.units]
        vecs_all = encode(flat) if flat else np.zeros((0, model["embedding_dim"]), dtype=np.float32)
    out: list[Scored] = []
    k = 0
    cal = model["calibration"]
    for prep in preps:
        n = len(prep.units)
        vecs = vecs_all[k : k + n] if vecs_all is not None else None
        k += n
        s_logits = _linear(model["sentence"], sentence_matrix(prep, vecs)) if n else np.zeros(0)
        d = float(_linear(model["document"], document_row(prep, vecs, s_logits)[None, :])[0])
        p = float(sigmoid(cal["a"] * d + cal["b"]))
        best = int(np.argmax(s_logits)) if n else -1
        out.append(
            Scored(
                probability=p,
                best_sentence=prep.units[best] if n else "",
                best_sentence_probability=float(sigmoid(s_logits[best])) if n else 0.0,
                lexical_support=prep.lexical_support,
            )
        )
    return out


@dataclass(frozen=True)
class Decision:
    """The policy's verdict on one scored text."""

    enters_lane: bool
    alerts: bool


def decide(scored: Scored, *, lane: float, alert: float) -> Decision:
    """One policy for the model pass.

    - ``p >= alert``: a Safety item that alerts moderators (medium).
    - ``lane <= p < alert``: a Safety item at low priority, no alert, no support panel.
    - ``p < lane``: a weak signal, never a Safety item. The lexicon's own findings stand either way; the
      model adds to them, it never removes one.
    """
    p = scored.probability
    return Decision(p >= lane, p >= alert)


def policy_thresholds(model: dict, overrides: dict[str, float] | None = None) -> tuple[float, float]:
    """(lane, alert): the fitted values unless the admin or settings override them."""
    overrides = overrides or {}
    lane = float(overrides.get("crisis.lane", model["thresholds"]["lane"]))
    alert = float(overrides.get("crisis.alert", model["thresholds"]["alert"]))
    return lane, max(lane, alert)


def describe_active() -> str:
    """One line for the admin: which crisis model screens, and its fitted thresholds."""
    from .embeddings import active_backend_name

    name = active_backend_name()
    model = model_for(name)
    if model is None:
        return f"no crisis model trained for the {name} backend: the lexicon alone screens"
    th = model["thresholds"]
    kind = (
        "sentence embeddings + lexical features"
        if uses_embeddings(model)
        else "LEXICAL FALLBACK (ML dependencies not installed): lexical features only, no embeddings"
    )
    return f"{kind}; fitted thresholds: lane {th['lane']:.3f}, alert {th['alert']:.3f}"
