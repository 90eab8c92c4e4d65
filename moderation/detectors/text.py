"""Text normalisation and segmentation shared by the lexical detectors.

Everything is lower-cased and apostrophes are removed, so "I'm", "Im", "i’m" and "im" are one token: people
in distress type fast on phones, and the C-SSRS data has its apostrophes stripped entirely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)
# A few deliberate obfuscations ("su1cide", "k!ll", "d3ad") used to dodge filters; only inside words,
# so numbers, prices and phone numbers are untouched. The pattern starts with the digit (not a
# look-behind) because sre scans for a leading character set much faster.
_LEET = re.compile(r"[1!03](?=[a-z])")
_LEET_MAP = {"1": "i", "!": "i", "0": "o", "3": "e"}
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")


def _unleet(m: re.Match[str]) -> str:
    i = m.start()
    return _LEET_MAP[m.group(0)] if i and m.string[i - 1].isalpha() else m.group(0)


@lru_cache(maxsize=32)
def normalize(text: str) -> str:
    """Lower-case, unify quotes, drop apostrophes, undo in-word leetspeak, squeeze spaces.

    Apostrophes are dropped everywhere (not just inside words): single quotes are never used for
    quotation detection, and one ``str.replace`` is ten times cheaper than a look-around regex.
    Cached because crisis and spam normalise the same post back to back.
    """
    t = text.translate(_QUOTES).lower().replace("'", "")
    if any(c in t for c in "1!03"):
        t = _LEET.sub(_unleet, t)
    if "  " in t or "\t" in t or "\r" in t:
        t = _SPACES.sub(" ", t)
    return t


# Sentence ends: . ! ? newline, and the " | " joiner the C-SSRS data uses between posts. Clause ends add
# commas, semicolons, dashes and the conjunctions that reset scope ("I'm not suicidal, but I want to die").
_SENTENCE_END = re.compile(r"[.!?\n]+|\s\|\s")
_CLAUSE_END = re.compile(r"[,;:()\[\]]|\s-+\s|\s(?:but|although|though|however|except|yet|whereas)\s")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_ENDERS = ".!?\n|"


def sentence_bounds(text: str, pos: int) -> Span:
    """The sentence of normalised ``text`` containing ``pos``.

    rfind/find per delimiter instead of a regex scan from the start: this runs once per lexicon hit and
    posts can be long.
    """
    start = max(text.rfind(c, 0, pos) for c in _ENDERS) + 1
    ends = [i for i in (text.find(c, pos) for c in _ENDERS) if i != -1]
    return Span(start, min(ends) if ends else len(text))


def clause_start(text: str, sent_start: int, pos: int) -> int:
    start = sent_start
    for m in _CLAUSE_END.finditer(text, sent_start, pos):
        start = m.end()
    return start


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def inside_quotes(text: str, sent: Span, pos: int) -> int | None:
    """Start of the double-quoted span that contains ``pos`` (inside one sentence), else None.

    Single quotes are ignored because apostrophes are too common in informal writing to pair reliably.
    """
    open_at = None
    for i in range(sent.start, pos):
        if text[i] == '"':
            open_at = i if open_at is None else None
    return open_at


WORD = re.compile(r"[a-z0-9]+")


def scan_windows(
    regex: re.Pattern[str], t: str, needs: tuple[str, ...], *, before: int = 50, after: int = 90
) -> list[re.Match[str]]:
    """Matches of ``regex`` in ``t``, searched only in windows around occurrences of its needed substrings.

    A regex that starts with ``\\b(?:a|b|c...)`` is tried at every position of a long post; the substring
    searches (C speed) plus tiny windowed scans cost a fraction of that. ``before``/``after`` must cover how
    far the pattern can reach from its needed substring.
    """
    occurrences: list[tuple[int, int]] = []
    for need in needs:
        i = t.find(need)
        while i != -1:
            occurrences.append((i, i + len(need)))
            i = t.find(need, i + 1)
    return scan_at(regex, t, occurrences, before=before, after=after)


def scan_at(
    regex: re.Pattern[str],
    t: str,
    occurrences: list[tuple[int, int]],
    *,
    before: int = 50,
    after: int = 90,
) -> list[re.Match[str]]:
    """``scan_windows`` for occurrences already located (``(start, end)`` of each needed substring).

    Used with ``TriggerScanner``: one pass finds every trigger of every pattern, so no pattern searches
    the post for its own substrings again.
    """
    if not occurrences:
        return []
    windows = []
    for i, j in occurrences:
        start = max(0, i - before)
        if start:
            # Start at a word boundary so \\b at the window edge means what it says.
            start = t.rfind(" ", 0, start) + 1
        windows.append((start, min(len(t), j + after)))
    windows.sort()
    merged = [windows[0]]
    for s, e in windows[1:]:
        if s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return _scan_merged(regex, t, merged)


def _scan_merged(regex: re.Pattern[str], t: str, merged: list[tuple[int, int]]) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for s, e in merged:
        if e < len(t):
            nxt = t.find(" ", e)  # never cut a word in half at the end either
            e = len(t) if nxt == -1 else nxt
        out.extend(regex.finditer(t, s, e))
    return out


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` factored into a prefix trie, longest alternative first.

    sre tries alternatives one by one; factoring shared prefixes ("self", "selfharm"...) means each
    position of the text costs about one character comparison instead of one per word.
    """
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word ends here; greedy "?" still prefers the longer continuation
            return ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body

    return build(root)


def trie_alternation(words: list[str] | tuple[str, ...]) -> str:
    """A non-capturing group matching any of ``words`` (taken literally), factored into a prefix trie."""
    return "(?:" + _trie_pattern(sorted(set(words))) + ")"


class TriggerScanner:
    """Every occurrence of a fixed set of substrings ("triggers") in one pass over the text.

    The lexicons put each regex behind a few plain substrings; testing ~250 of them with ``in`` cost
    about half of ``screen_fast`` on a forum-length post. With ``pyahocorasick`` installed (a C
    Aho-Corasick automaton) the pass costs a few microseconds. Without it, one zero-width look-ahead over
    a prefix trie is tried at every position and reports the longest trigger starting there; the shorter
    triggers starting at the same place are its prefixes, added from a table. Both give exactly
    ``{n for n in needs if n in t}``, plus where each one occurs.
    """

    def __init__(self, needs: list[str] | tuple[str, ...], *, use_automaton: bool = True) -> None:
        self.needs = tuple(sorted(set(needs)))
        self._automaton = _automaton(self.needs) if use_automaton else None
        self._regex = re.compile("(?=(" + _trie_pattern(list(self.needs)) + "))")
        self._prefixes = {n: tuple(m for m in self.needs if n.startswith(m)) for n in self.needs}

    @property
    def engine(self) -> str:
        return "aho-corasick" if self._automaton is not None else "regex trie"

    def find(self, t: str) -> dict[str, list[tuple[int, int]]]:
        """``{trigger: [(start, end), ...]}`` for the triggers present in ``t``, positions ascending."""
        out: dict[str, list[tuple[int, int]]] = {}
        if self._automaton is not None:
            for end, n in self._automaton.iter(t):
                span = (end + 1 - len(n), end + 1)
                if n in out:
                    out[n].append(span)
                else:
                    out[n] = [span]
            return out  # by end position, which for one trigger (one length) is by start too
        prefixes = self._prefixes
        for m in self._regex.finditer(t):
            i = m.start()
            for n in prefixes[m.group(1)]:
                if n in out:
                    out[n].append((i, i + len(n)))
                else:
                    out[n] = [(i, i + len(n))]
        return out


def _automaton(needs: tuple[str, ...]) -> Any:
    """A pyahocorasick automaton over ``needs``, or None when the package is not installed."""
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for n in needs:
        automaton.add_word(n, n)
    automaton.make_automaton()
    return automaton
