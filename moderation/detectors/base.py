"""The vocabulary every detector speaks: categories, severities, findings and the screening context.

Nothing here imports Django: detectors are pure functions of text (and a little context), so they run the
same in a request, in a Celery worker, in a management command and in a plain unit test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class Category(StrEnum):
    CRISIS = "crisis"
    OFF_TOPIC = "off_topic"
    SPAM = "spam"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    # StrEnum compares as str (alphabetically "high" < "low"), which would silently invert every
    # "at least medium" check; order by rank instead.
    def __lt__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Severity):
            return self.rank >= other.rank
        return NotImplemented

    __hash__ = StrEnum.__hash__

    @classmethod
    def from_score(cls, score: float, *, medium: float = 0.6, high: float = 0.85) -> Severity:
        if score >= high:
            return cls.HIGH
        if score >= medium:
            return cls.MEDIUM
        return cls.LOW


_SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


@dataclass(frozen=True)
class Finding:
    category: Category
    severity: Severity
    score: float  # 0..1, compared against the category's threshold
    evidence: tuple[str, ...] = ()  # spans / short reasons shown (highlighted) to a moderator
    detector: str = ""  # "crisis.lexical", "crisis.embedding", "spam.lexical", "off_topic.embedding"
    subtype: str = ""  # "ideation_passive", "plan", "about_other", "link_shortener", ...

    def __post_init__(self) -> None:
        # Coerce plain strings so findings built from JSON or tests compare equal to enum-built ones.
        object.__setattr__(self, "category", Category(self.category))
        object.__setattr__(self, "severity", Severity(self.severity))
        object.__setattr__(self, "score", round(min(1.0, max(0.0, float(self.score))), 4))
        object.__setattr__(self, "evidence", tuple(str(e) for e in self.evidence))

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": str(self.category),
            "severity": str(self.severity),
            "score": self.score,
            "evidence": list(self.evidence),
            "detector": self.detector,
            "subtype": self.subtype,
        }


@dataclass(frozen=True)
class ScreeningContext:
    opening_post: str = ""  # the thread's opening post (empty when the text *is* the opening post)
    thread_title: str = ""
    space_description: str = ""
    author_is_new: bool = False  # account younger than the configured "new member" window
    recent_texts_by_author: tuple[str, ...] = field(default_factory=tuple)  # for near-duplicate spam

    @property
    def topic_texts(self) -> tuple[str, ...]:
        """What a reply is judged against for off-topic: the thread first, then the space."""
        return tuple(t for t in (self.thread_title, self.opening_post, self.space_description) if t.strip())


EMPTY_CONTEXT = ScreeningContext()


@runtime_checkable
class FastDetector(Protocol):
    """Synchronous, lexical, cheap enough to run inside the request that creates a post."""

    name: str
    category: Category

    def screen(self, text: str, context: ScreeningContext, threshold: float) -> list[Finding]: ...


@runtime_checkable
class SlowDetector(Protocol):
    """Batched (embedding) detector, run in a Celery worker."""

    name: str
    category: Category

    def screen_batch(
        self, items: Sequence[tuple[str, ScreeningContext]], threshold: float
    ) -> list[list[Finding]]: ...
