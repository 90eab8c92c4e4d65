"""The fast path's machinery: the one-pass trigger scan, the near-duplicate shortcuts, and its speed.

The corpus is ``moderation.detectors.synthetic`` (written for Hearth), not evaluation data.
"""

import random
import time

import pytest

from moderation.detectors import crisis_lexicon, evaluation, spam, spam_lexicon, synthetic, triggers
from moderation.detectors.text import TriggerScanner, normalize

HAND_WRITTEN = [
    "",
    "kms",
    "I don't want to live anymore, I have pills saved and a plan.",
    "Check out my channel!!! subscribe 4 sub, earn $500 from home: bit.ly/x",
    "selfharm self harm self-harm myself yourself",
    "i wish i could disappear, nobody would notice, better off without me",
    "suicide suicidal suicide note goodbye everyone",
]


@pytest.mark.parametrize("use_automaton", [True, False])
def test_trigger_scan_finds_exactly_the_trigger_substrings_present_and_where(use_automaton):
    scanner = TriggerScanner(triggers.SCANNER.needs, use_automaton=use_automaton)
    for text in HAND_WRITTEN + synthetic.posts(300):
        t = normalize(text)
        found = scanner.find(t)
        assert set(found) == {n for n in scanner.needs if n in t}, text
        for need, spans in found.items():
            expected = [i for i in range(len(t)) if t.startswith(need, i)]
            assert [s for s, _ in spans] == expected
            assert all(t[s:e] == need for s, e in spans)


def test_trigger_scan_covers_every_crisis_and_spam_trigger():
    assert set(crisis_lexicon.ALL_NEEDS) | set(spam_lexicon.ALL_PHRASE_NEEDS) == set(triggers.SCANNER.needs)


def _jaccard(a: str, b: str) -> float:
    x, y = spam._shingles(a), spam._shingles(b)
    return len(x & y) / len(x | y)


def test_near_duplicate_shortcuts_never_miss_an_edited_repeat():
    # Repeats with words swapped, dropped and punctuation changed: whenever the exact 5-gram Jaccard
    # reaches 0.8, the probe and size shortcuts must let the pair through to the exact check.
    rng = random.Random(7)
    posts = synthetic.posts(300, seed=11)
    fillers = synthetic.posts(2, seed=12)
    checked = 0
    for text in posts:
        words = text.split()
        for _ in range(rng.randint(1, max(1, len(words) // 8))):
            i = rng.randrange(len(words))
            words[i] = rng.choice(["", "really", "so!!", "and", words[i].upper() + "..."])
        edited = " ".join(w for w in words if w)
        others = (fillers[0], edited, fillers[1])
        expected = edited if _jaccard(text, edited) >= 0.8 else None
        checked += expected is not None
        assert spam.near_duplicate(text, others) == expected
    assert checked >= 100


def test_near_duplicate_passes_over_unrelated_posts_without_building_their_5_gram_sets():
    spam._shingles.cache_clear()
    posts = synthetic.posts(50, seed=3)
    assert all(spam.near_duplicate(posts[i], tuple(posts[i + 1 : i + 6])) is None for i in range(40))
    # Only a few pairs share enough phrasing to need the exact check.
    assert spam._shingles.cache_info().misses < 40


def test_fast_path_throughput_is_at_least_5000_posts_per_second():
    # CPU time on one core, best of several rounds after a warm-up (evaluation.throughput), so a busy
    # machine does not decide the result; 200-800-character posts, no author history. Measured on the
    # 2-core development box under load average 4-6: 8,600-13,000 posts/s, so 5,000 holds with margin.
    result = evaluation.throughput(synthetic.posts(600), rounds=5)
    assert result["posts_per_second"] >= 5000, result


def test_fast_path_throughput_with_author_history_stays_above_a_regression_guard():
    # With five recent posts of the author as context (production passes up to five), the
    # near-duplicate check adds work. Measured 4,000-6,500 posts/s under load; the guard is lower so
    # only a real regression (the ~900/s before the probe shortcut) fails it. `python manage.py
    # evaluate_detectors` prints the full figure.
    result = evaluation.synthetic_throughput(count=600, history=5, rounds=5)
    assert result["posts_per_second"] >= 2500, result


def test_cpu_time_not_wall_time_is_what_throughput_measures(monkeypatch):
    # A sleeping neighbour (or a descheduled process) costs wall time only.
    calls = []
    monkeypatch.setattr(evaluation, "screen_fast", lambda text, ctx=None: calls.append(time.sleep(0.002)))
    result = evaluation.throughput(["a post"] * 20, rounds=1, warmup=0)
    assert len(calls) == 20
    assert result["posts_per_second"] > 20 / 0.04
