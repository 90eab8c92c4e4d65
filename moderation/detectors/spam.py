"""Spam: commercial links, link shorteners, promotional phrasing, phone numbers, near-duplicate posts and
link-heavy posts from new accounts.

Signals are combined noisy-or (1 - prod(1 - w)), so two medium signals ("check out my channel" + a
YouTube link) add up to a confident finding while one weak signal (a dollar amount) stays below the
threshold on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import spam_lexicon as lex
from .base import Category, Finding, ScreeningContext, Severity
from .text import normalize, scan_windows


@dataclass(frozen=True)
class Signal:
    name: str
    weight: float
    subtype: str
    evidence: str


_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-Z]")


def _shingles(t: str, n: int = 5) -> set[str]:
    # Punctuation and spacing are the cheapest things for a spammer to vary.
    t = _NON_WORD.sub(" ", t).strip()
    return {t[i : i + n] for i in range(max(1, len(t) - n + 1))}


def near_duplicate(text: str, others: tuple[str, ...], *, threshold: float = 0.8) -> str | None:
    """The earlier text that ``text`` nearly repeats (character 5-gram Jaccard), if any."""
    if not others:
        return None
    mine = _shingles(normalize(text))
    if len(mine) < 4:  # "thanks!" twice is not spam
        return None
    for other in others:
        theirs = _shingles(normalize(other))
        if theirs and len(mine & theirs) / len(mine | theirs) >= threshold:
            return other
    return None


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

    # One pass of substring tests decides which phrase regexes run at all (most posts: none).
    present = {n for n in lex.ALL_PHRASE_NEEDS if n in t}
    for name, weight, subtype, rx, needs in lex.PHRASES if present else ():
        hit_needs = tuple(n for n in needs if n in present)
        found = scan_windows(rx, t, hit_needs, before=40, after=60) if hit_needs else None
        if found:
            signals.append(Signal(name, weight, subtype, found[0].group(0).strip()))

    if len(_DIGIT.findall(text)) >= 9 and not lex.HELPLINE_CONTEXT.search(t):
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
