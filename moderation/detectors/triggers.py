"""One pass over a normalised post that finds every trigger substring of both lexical detectors.

Crisis and spam screen the same post back to back in the request; both gate their regexes on plain
substrings. Finding all of them at once (and caching the result for the post) replaces ~250 separate
``in`` tests and the per-pattern re-searches that followed.
"""

from __future__ import annotations

from functools import lru_cache

from . import crisis_lexicon, spam_lexicon
from .text import TriggerScanner

SCANNER = TriggerScanner(crisis_lexicon.ALL_NEEDS + spam_lexicon.ALL_PHRASE_NEEDS)


@lru_cache(maxsize=32)
def find(t: str) -> dict[str, list[tuple[int, int]]]:
    """``{trigger: [(start, end), ...]}`` in normalised text ``t``. Shared and cached: do not mutate."""
    return SCANNER.find(t)
