"""The model pass for crisis language: the trained classifier (``classifier``) as a slow detector.

It runs in the Celery worker with the other embedding work, batched; the lexicon stays the fast path in the
request. Its findings follow the one policy in ``classifier.decide``: an alert (medium) at or above the
``crisis.alert`` threshold; the Safety lane at low priority between ``crisis.lane`` and ``crisis.alert``;
nothing below ``crisis.lane`` (a weak signal never creates a Safety item on its own).
Severity high is never the model's call: plans, intent, preparation and means need the lexicon's evidence.
"""

from __future__ import annotations

from .base import Category, Finding, ScreeningContext, Severity

SUBTYPE = "risk_model"


class CrisisModelDetector:
    name = "crisis.model"
    category = Category.CRISIS
    # screen_batch gets the whole threshold map: the policy has two thresholds (lane, alert).
    wants_threshold_map = True

    def __init__(self, encode=None) -> None:
        # ``encode`` replaces the backend's encoder (the evaluation reads cached embeddings through it).
        self._encode = encode

    def screen_batch(
        self, items: list[tuple[str, ScreeningContext]], threshold: float | dict[str, float]
    ) -> list[list[Finding]]:
        from . import classifier as clf
        from .embeddings import active_backend_name, get_backend

        model = clf.model_for(active_backend_name())
        if model is None or not items:
            return [[] for _ in items]
        encode = None
        if clf.uses_embeddings(model):
            encode = self._encode or get_backend().encode
        lane, alert = clf.policy_thresholds(model, threshold if isinstance(threshold, dict) else None)
        results: list[list[Finding]] = []
        for scored in clf.score_batch([t for t, _ in items], model, encode):
            decision = clf.decide(scored, lane=lane, alert=alert)
            if not decision.enters_lane:
                results.append([])
                continue
            evidence = [scored.best_sentence[:160]] if scored.best_sentence else []
            evidence.append(f"crisis model: probability {scored.probability:.2f}")
            if not scored.lexical_support:
                evidence.append("no crisis wording: model only")
            results.append(
                [
                    Finding(
                        category=Category.CRISIS,
                        severity=Severity.MEDIUM if decision.alerts else Severity.LOW,
                        score=round(scored.probability, 4),
                        evidence=tuple(evidence),
                        detector=self.name,
                        subtype=SUBTYPE,
                    )
                ]
            )
        return results
