"""Targets on the public data in ../shared/eval (held-out halves); skipped where the data is absent.

The fast test runs the lexical path on the held-out samples; the slow one the full production path.
"""

from pathlib import Path

import pytest

from moderation.detectors import evaluation

EVAL_DIR = Path(__file__).resolve().parents[4] / "shared" / "eval"

needs_data = pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is not present")


@needs_data
def test_fast_path_throughput_is_at_least_5000_posts_per_second():
    texts = [r["text"] for r in evaluation.load_rows(EVAL_DIR / evaluation.SUICIDE_FILE)][:1500]
    assert evaluation.throughput(texts)["posts_per_second"] >= 5000


@needs_data
def test_lexical_path_alone_is_precise_on_the_held_out_sample():
    report = evaluation.evaluate(EVAL_DIR, sample=600, include_slow=False).as_dict()
    s = report["suicide_detection"]
    assert s["precision"] >= 0.93
    assert s["recall"] >= 0.5
    assert report["youtube"]["spam_only"]["f1"] >= 0.85


@needs_data
@pytest.mark.slow
def test_full_path_meets_the_targets_on_the_held_out_sample():
    report = evaluation.evaluate(EVAL_DIR, sample=400).as_dict()
    s = report["suicide_detection"]
    assert s["recall"] >= 0.75 and s["precision"] >= 0.90, s
    y = report["youtube"]["spam_or_off_topic"]
    assert y["f1"] >= 0.90, y
    levels = report["cssrs"]["levels"]
    assert levels["Supportive"]["flagged"] <= 0.30, levels
    assert report["cssrs"]["ideation_behavior_attempt_flagged"] >= 0.85, report["cssrs"]
    ranks = [levels[k]["mean_severity_rank"] for k in ("Supportive", "Ideation", "Behavior")]
    assert ranks == sorted(ranks), levels
