"""Targets on the public data in ../shared/eval (held-out parts only); skipped where the data is absent.

The slow tests screen every held-out text through the production crisis path (lexicon + trained model) and
assert each target of issue 12 that is met; a target that is not met is a strict xfail with the number, so
the day it is met the test says so. Sentence embeddings are cached under var/embeddings.
"""

from pathlib import Path

import pytest

from moderation.detectors import evaluation

EVAL_DIR = Path(__file__).resolve().parents[4] / "shared" / "eval"

needs_data = pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is not present")

# Targets measured as not met on the held-out parts (README, docs/model-card.md): name -> why, with numbers.
# The lane threshold is fitted so <= 2% of ordinary benign posts enter the Safety lane; at that point the
# model cannot buy the recall targets (see docs/model-card.md for the trade-off curve).
UNMET: dict[str, str] = {
    "benign_alert": "1.5% of ESConv seeker dialogues, 1.2% of CounselChat questions and 0.9% of Dreaddit "
    "rows without crisis wording alert (target 0.5%); the lexicon alone gives the same rates",
    "sdcnl_depression_flagged": "18.4% of r/depression posts without crisis wording flagged (target 15%; "
    "lexicon alone 9.9%)",
    "sdcnl_suicidewatch_recall": "r/SuicideWatch recall 0.595 on SDCNL (target 0.80)",
    "suicide_detection_recall": "suicide_detection_5k recall 0.652 at precision 0.968 (target 0.85 at 0.92)",
    "cssrs_at_risk_flagged": "C-SSRS Ideation/Behavior/Attempt users flagged 65.2% (target 90%)",
    "cssrs_severity_rising": "C-SSRS mean severity 0.54 / 0.49 / 1.23 / 1.97 / 2.05: Indicator sits below "
    "Supportive",
}

TARGET_NAMES = (
    "benign_lane",
    "benign_alert",
    "sdcnl_depression_flagged",
    "sdcnl_suicidewatch_recall",
    "suicide_detection_recall",
    "suicide_detection_precision",
    "cssrs_at_risk_flagged",
    "cssrs_supportive_flagged",
    "cssrs_severity_rising",
    "youtube_f1",
)


@needs_data
def test_fast_path_screens_at_least_5000_short_replies_per_second_on_one_core():
    # Comment-length posts (mean ~90 chars); test_fast_path.py covers 200-800-character posts.
    # CPU time, best of several rounds (evaluation.throughput), so a busy neighbour does not decide it.
    texts = [r["text"] for r in evaluation.load_rows(EVAL_DIR / evaluation.YOUTUBE_FILE)][:600]
    assert evaluation.throughput(texts, rounds=5)["posts_per_second"] >= 5000


@pytest.fixture(scope="module")
def targets():
    if not EVAL_DIR.is_dir():
        pytest.skip("../shared/eval is not present")
    from moderation.detectors.training import report

    return report.targets_met(report.evaluate(EVAL_DIR))


def _param(name: str):
    if name in UNMET:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=UNMET[name]))
    return name


@needs_data
@pytest.mark.slow
@pytest.mark.parametrize("name", [_param(n) for n in TARGET_NAMES])
def test_held_out_target_is_met(targets, name):
    met, value, what = targets[name]
    assert met, f"{what}: {value:.4f}"
