"""Figures the reliability suite measures, printed at the end of the run (docs/reliability.md quotes them)."""

from __future__ import annotations

from collections import Counter

FIGURES: Counter[str] = Counter()
VALUES: dict[str, object] = {}


def count(name: str, n: int = 1) -> None:
    FIGURES[name] += n


def set_value(name: str, value: object) -> None:
    VALUES[name] = value
