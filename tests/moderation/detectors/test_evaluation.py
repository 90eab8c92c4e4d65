"""Targets on the public data in ../shared/eval (held-out halves); skipped where the data is absent.

The fast test runs the lexical path on the held-out samples; the slow one the full production path.
"""

from pathlib import Path

import pytest

from moderation.detectors import evaluation

EVAL_DIR = Path(__file__).resolve().parents[4] / "shared" / "eval"

needs_data = pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is not present")


@needs_data
def test_fast_path_screens_at_least_5000_short_replies_per_second_on_one_core():
    # Comment-length posts (mean ~90 chars); test_fast_path.py covers 200-800-character posts.
    # CPU time, best of several rounds (evaluation.throughput), so a busy neighbour does not decide it.
    texts = [r["text"] for r in evaluation.load_rows(EVAL_DIR / evaluation.YOUTUBE_FILE)][:600]
    assert evaluation.throughput(texts, rounds=5)["posts_per_second"] >= 5000


@needs_data
def test_lexical_path_alone_is_precise_on_the_held_out_sample():
    report = evaluation.evaluate(EVAL_DIR, sample=600, include_slow=False).as_dict()
    s = report["suicide_detection"]
    assert s["precision"] >= 0.93
    assert s["recall"] >= 0.5
    assert report["youtube"]["spam_only"]["f1"] >= 0.85


@pytest.fixture(scope="module")
def full_report():
    if not EVAL_DIR.is_dir():
        pytest.skip("../shared/eval is not present")
    return evaluation.evaluate(EVAL_DIR, sample=400).as_dict()


@needs_data
@pytest.mark.slow
def test_full_path_meets_the_crisis_and_spam_targets_on_the_held_out_sample(full_report):
    s = full_report["suicide_detection"]
    assert s["recall"] >= 0.75 and s["precision"] >= 0.90, s
    y = full_report["youtube"]["spam_or_off_topic"]
    assert y["f1"] >= 0.90, y
    assert full_report["cssrs"]["ideation_behavior_attempt_flagged"] >= 0.85, full_report["cssrs"]


@needs_data
@pytest.mark.slow
def test_cssrs_severity_rises_with_the_level(full_report):
    levels = full_report["cssrs"]["levels"]
    ranks = [levels[k]["mean_severity_rank"] for k in ("Supportive", "Indicator", "Ideation", "Attempt")]
    assert ranks == sorted(ranks), levels


@needs_data
@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="Known gap (docs/detectors.md): with the orientation gate and the supportive-paragraph rule, "
    "34.6% of the held-out C-SSRS Supportive users get a finding (14.3% on the training half whose errors "
    "shaped the lexicon; 26.9% in 5-fold cross-validation over all 500 users, 35.9% of the held-out-half "
    "users in it; 25.0% medium or high); the target is <= 30%.",
)
def test_cssrs_supportive_users_are_flagged_at_most_30_percent(full_report):
    assert full_report["cssrs"]["levels"]["Supportive"]["flagged"] <= 0.30
