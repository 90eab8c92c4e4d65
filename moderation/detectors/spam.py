"""Spam: commercial links, link shorteners, promotional phrasing, phone numbers, near-duplicate posts and
link-heavy posts from new accounts.

Signals are combined noisy-or (1 - prod(1 - w)), so two medium signals ("check out my channel" + a
YouTube link) add up to a confident finding while one weak signal (a dollar amount) stays below the
threshold on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import spam_lexicon as lex
from . import triggers
from .base import Category, Finding, ScreeningContext, Severity
from .text import normalize, scan_at


@dataclass(frozen=True)
class Signal:
    name: str
    weight: float
    subtype: str
    evidence: str


_NON_WORD = re.compile(r"[^a-z0-9]+")
_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-Z]")


def _clean(text: str) -> str:
    # Punctuation and spacing are the cheapest things for a spammer to vary.
    return _NON_WORD.sub(" ", normalize(text)).strip()


@lru_cache(maxsize=64)
def _shingles(text: str, n: int = 5) -> frozenset[str]:
    """Character ``n``-grams of ``text`` after normalising; punctuation and spacing are ignored.

    Cached: an author's recent posts come back as ``recent_texts_by_author`` for each of their next
    posts.
    """
    t = _clean(text)
    return frozenset([t[i : i + n] for i in range(max(1, len(t) - n + 1))])


_LONG_WORD = re.compile(r"[a-z0-9]{5,}")


def _probes(t: str, k: int = 16) -> list[str]:
    """Up to ``k`` space-free 5-grams of the normalised text ``t``, spread over the whole text.

    The text's long words are cut into ``k`` consecutive runs and the longest word of each run gives
    its first five characters: long words are the distinctive ones ("psychiatrist" rather than
    "after"), and one per run keeps the probes spread, so rewriting one part of a post cannot remove
    them all. Such a 5-gram is one of the text's cleaned 5-grams, and it occurs in another text's
    cleaned form exactly when it occurs in its normalised form (cleaning only rewrites the runs
    between letters and digits), so probing needs no cleaning and no set.
    """
    words = _LONG_WORD.findall(t)
    if len(words) <= k:
        return [w[:5] for w in words]
    size = len(words) / k
    return [max(words[int(i * size) : int((i + 1) * size)], key=len)[:5] for i in range(k)]


def near_duplicate(text: str, others: tuple[str, ...], *, threshold: float = 0.8) -> str | None:
    """The earlier text that ``text`` nearly repeats (character 5-gram Jaccard), if any.

    Building the 5-gram sets was most of ``screen_fast``'s time whenever an author's recent posts were
    given, so two cheap checks come first. Probes: a near-duplicate contains at least 80% of this post's
    5-grams, so one that contains fewer than 60% of 16 evenly spaced ones is passed over (an edit that
    removes most of the probes while keeping 80% of the 5-grams would have to be aimed at them).
    Sizes: Jaccard <= smaller set / larger set, so sets of clearly different size are never intersected.
    The exact Jaccard decides.
    """
    if not others:
        return None
    t = normalize(text)
    if len(t) < 8:  # fewer than four 5-grams: "thanks!" twice is not spam
        return None
    probes = _probes(t)
    need = 0.6 * len(probes) if len(probes) >= 8 else 0
    mine: frozenset[str] | None = None
    for other in others:
        if need:
            haystack = normalize(other)
            if sum(p in haystack for p in probes) < need:
                continue
        if mine is None:
            mine = _shingles(text)
            if len(mine) < 4:
                return None
        theirs = _shingles(other)
        if not theirs:
            continue
        small, large = sorted((len(mine), len(theirs)))
        if small < threshold * large:
            continue
        common = len(mine & theirs)
        if common / (len(mine) + len(theirs) - common) >= threshold:
            return other
    return None


_PHRASES_BY_TRIGGER: dict[str, tuple[int, ...]] = {
    n: tuple(k for k, phrase in enumerate(lex.PHRASES) if n in phrase[4]) for n in lex.ALL_PHRASE_NEEDS
}


def _has_link(text: str) -> bool:
    low = text.lower()
    return "http" in low or "www" in low or "watch?v" in low or bool(lex.TLD_GATE.search(low))


def spam_signals(text: str, context: ScreeningContext | None = None) -> list[Signal]:
    context = context or ScreeningContext()
    t = normalize(text)
    signals: list[Signal] = []
    # Every regex below is behind a cheap gate (a substring or a literal-led scan): spam runs on every post
    # in the request path, and most posts contain none of it.
    links = [m.group(0).strip() for m in lex.URL.finditer(text)] if _has_link(text) else []
    links = [u for u in links if not lex.ALLOWED_DOMAINS.search(u)]
    for u in links[:3]:
        if lex.SHORTENERS.search(u):
            signals.append(Signal("link shortener", 0.85, "link_shortener", u))
        elif lex.COMMERCIAL_LINK.search(u):
            signals.append(Signal("commercial link", 0.75, "commercial_link", u))
        elif lex.SELF_PROMO_LINK.search(u):
            signals.append(Signal("self-promotion link", 0.7, "self_promotion", u))
        else:
            signals.append(Signal("link", 0.55, "link", u))
    if len(links) >= 2:
        signals.append(Signal("link-heavy post", 0.4, "link_heavy", f"{len(links)} links"))
    if links and context.author_is_new:
        signals.append(
            Signal("links from a new account", 0.45, "new_account_links", "new account posting links")
        )

    # One trigger pass (shared with crisis) decides which phrase regexes run at all (most posts: none),
    # and where.
    occ = triggers.find(t)
    for k in sorted({k for n in occ if (ks := _PHRASES_BY_TRIGGER.get(n)) for k in ks}):
        name, weight, subtype, rx, needs = lex.PHRASES[k]
        found = scan_at(rx, t, [o for n in needs if n in occ for o in occ[n]], before=40, after=60)
        if found:
            signals.append(Signal(name, weight, subtype, found[0].group(0).strip()))

    # str.count per digit runs in C and allocates nothing, unlike findall on every post.
    if sum(map(text.count, "0123456789")) >= 9 and not lex.HELPLINE_CONTEXT.search(t):
        for m in lex.PHONE.finditer(text):
            digits = sum(c.isdigit() for c in m.group(0))
            if 9 <= digits <= 15:
                signals.append(Signal("phone number", 0.65, "phone_number", m.group(0).strip()))
                break

    dup = near_duplicate(text, context.recent_texts_by_author)
    if dup is not None:
        signals.append(
            Signal("repeats a recent post", 0.8, "near_duplicate", "near-identical to a recent post")
        )

    if signals:
        letters = len(_LETTER.findall(text))
        if letters >= 20 and len(_UPPER.findall(text)) / letters > 0.7:
            signals.append(Signal("shouting", 0.15, "shouting", "mostly capital letters"))
    return signals


def combine(signals: list[Signal]) -> float:
    p = 1.0
    for s in signals:
        p *= 1.0 - s.weight
    return 1.0 - p


class SpamLexicalDetector:
    name = "spam.lexical"
    category = Category.SPAM

    def screen(self, text: str, context: ScreeningContext, threshold: float) -> list[Finding]:
        signals = spam_signals(text, context)
        if not signals:
            return []
        score = combine(signals)
        if score < threshold:
            return []
        strongest = max(signals, key=lambda s: s.weight)
        return [
            Finding(
                category=Category.SPAM,
                severity=Severity.from_score(score, medium=0.7, high=0.85),
                score=score,
                evidence=tuple(dict.fromkeys(s.evidence for s in signals))[:6],
                detector=self.name,
                subtype=strongest.subtype,
            )
        ]
