"""``weights.json`` (numbers only, no text) and the off-topic pass's tiny logistic-regression combiner, fitted
by ``evaluation.fit_off_topic`` on the YouTube training half. The crisis classifier's weights live in the
same file (``crisis_classifier``, written by ``manage.py train_detectors``; see ``classifier.py``)."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_PATH = Path(__file__).with_name("weights.json")


@lru_cache(maxsize=1)
def load_weights() -> dict:
    try:
        return json.loads(WEIGHTS_PATH.read_text())
    except FileNotFoundError:
        return {}


def predict(model: dict, features: dict[str, float]) -> float:
    z = model["intercept"]
    for name, coef, mean, std in zip(
        model["features"], model["coef"], model["mean"], model["std"], strict=True
    ):
        z += coef * (features.get(name, 0.0) - mean) / std
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit(
    rows: list[dict[str, float]],
    labels: list[int],
    names: list[str],
    *,
    l2: float = 1.0,
    steps: int = 3000,
    lr: float = 0.1,
) -> dict:
    """Full-batch gradient descent on standardised features; small data, so this is plenty."""
    x = np.array([[r.get(n, 0.0) for n in names] for r in rows], dtype=np.float64)
    y = np.array(labels, dtype=np.float64)
    mean, std = x.mean(0), x.std(0)
    std[std < 1e-9] = 1.0
    xs = (x - mean) / std
    w = np.zeros(len(names))
    b = 0.0
    n = len(y)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xs @ w + b)))
        g = p - y
        w -= lr * (xs.T @ g / n + l2 * w / n)
        b -= lr * g.mean()
    return {
        "features": names,
        "coef": [round(float(v), 5) for v in w],
        "intercept": round(float(b), 5),
        "mean": [round(float(v), 6) for v in mean],
        "std": [round(float(v), 6) for v in std],
    }
