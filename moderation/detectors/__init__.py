"""Pure text detectors (crisis language, spam, off-topic); see docs/detectors.md.

Import from here: ``from moderation.detectors import screen_fast, ScreeningContext``.
"""

from .base import Category, Finding, ScreeningContext, Severity
from .registry import (
    DEFAULT_THRESHOLDS,
    active_embedding_backend,
    register,
    screen_fast,
    screen_many,
    screen_slow,
    screen_text,
)

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Category",
    "Finding",
    "ScreeningContext",
    "Severity",
    "active_embedding_backend",
    "register",
    "screen_fast",
    "screen_many",
    "screen_slow",
    "screen_text",
]
