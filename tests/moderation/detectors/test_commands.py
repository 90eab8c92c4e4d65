import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from .tiny_eval_data import write_tiny_eval_data

EVAL_DIR = Path(__file__).resolve().parents[4] / "shared" / "eval"


def run_screen(lines: list[str], *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("screen_texts", *args, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_screen_texts_writes_one_line_per_input_in_order_and_reports_malformed_lines():
    lines = [
        json.dumps({"id": "a", "text": "I'm going to kill myself tonight."}),
        '{"id": "b", "text": ',  # broken JSON
        json.dumps({"id": "c", "text": "Check out my channel and subscribe! bit.ly/abc123"}),
        json.dumps({"id": "d"}),  # no text
        json.dumps(
            {"id": "e", "text": "Lovely weather for a walk today.", "context": "What helps on bad days?"}
        ),
    ]
    out, err = run_screen(lines, "--fast-only")
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", None, "c", "d", "e"]
    assert rows[0]["findings"][0]["category"] == "crisis"
    assert rows[0]["findings"][0]["severity"] == "high"
    assert {f["category"] for f in rows[2]["findings"]} == {"spam"}
    assert rows[4]["findings"] == []
    assert "error" in rows[1] and "error" in rows[3]
    assert "line 2:" in err and "line 4:" in err
    finding = rows[0]["findings"][0]
    assert set(finding) >= {"category", "severity", "score", "evidence"}
    assert 0.0 <= finding["score"] <= 1.0


@pytest.mark.slow
def test_screen_texts_uses_the_full_production_path_by_default():
    out, _ = run_screen([json.dumps({"id": 1, "text": "I want to end it all.", "context": "Rough week"})])
    assert json.loads(out)["findings"][0]["category"] == "crisis"


def test_screen_texts_with_labels_prints_precision_recall_and_f1_per_category():
    lines = [
        json.dumps({"id": 1, "text": "I want to kill myself.", "labels": ["crisis"]}),
        json.dumps({"id": 2, "text": "I'd die for pizza.", "labels": []}),
        json.dumps({"id": 3, "text": "Subscribe to my channel!", "labels": ["spam"]}),
        json.dumps({"id": 4, "text": "Nobody ever listens to me.", "labels": ["crisis"]}),
        "not json at all",
    ]
    out, err = run_screen(lines, "--labels", "--fast-only")
    table = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:]}
    precision, recall, f1 = (float(x) for x in table["crisis"][:3])
    assert (precision, recall) == (1.0, 0.5)
    assert abs(f1 - 0.667) < 0.001
    assert float(table["spam"][1]) == 1.0
    assert "line 5:" in err


def test_evaluate_detectors_skips_cleanly_without_data(tmp_path):
    out = io.StringIO()
    call_command("evaluate_detectors", "--data-dir", str(tmp_path / "missing"), stdout=out)
    assert "skipping" in out.getvalue()


def test_train_detectors_skips_cleanly_without_data(tmp_path):
    out = io.StringIO()
    call_command("train_detectors", "--data-dir", str(tmp_path / "missing"), stdout=out)
    assert "nothing to do" in out.getvalue()


def test_train_detectors_writes_the_fallback_model_where_it_is_told(tmp_path):
    pytest.importorskip("sklearn")
    data = write_tiny_eval_data(tmp_path / "data")
    target = tmp_path / "weights.json"
    out = io.StringIO()
    call_command(
        "train_detectors", "--data-dir", str(data), "--backend", "lexical", "--out", str(target), stdout=out
    )
    model = json.loads(target.read_text())["crisis_classifier"]["lexical"]
    assert model["embedding_dim"] == 0 and model["thresholds"]["lane"] <= model["thresholds"]["alert"]
    assert "lexical: thresholds" in out.getvalue()


def test_evaluate_detectors_prints_one_held_out_table_with_targets(tmp_path, lexical_backend):
    data = write_tiny_eval_data(tmp_path)
    out = io.StringIO()
    call_command("evaluate_detectors", "--data-dir", str(data), stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "held-out parts only" in text and "backend: lexical" in text
    assert "| ESConv seeker turns, no crisis wording |" in text
    assert "| suicide_detection_5k |" in text and "Targets missed:" in text
