"""A miniature of ../shared/eval's layout, written for the tests (no evaluation text), for the training and
evaluation commands."""

import csv
from pathlib import Path


def _write(path: Path, header: list[str], rows: list) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_tiny_eval_data(tmp_path: Path) -> Path:
    """A hand-written miniature of the data layout: enough rows per set to fit and split."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    own = [
        "I want to kill myself tonight, I can't take it anymore.",
        "I wish I was dead. Every day is the same grey pain.",
        "I have been thinking about ending my life for weeks now.",
        "I don't want to be alive anymore and I keep planning how.",
    ]
    calm = [
        "Work was stressful this week but the weekend helped.",
        "My sister and I argued about the holidays again.",
        "I started running in the mornings and I sleep better.",
        "Does anyone have tips for talking to a landlord about repairs?",
    ]
    rows = [(own[i % 4] + f" Day {i}.", 1) for i in range(40)] + [
        (calm[i % 4] + f" Day {i}.", 0) for i in range(40)
    ]
    _write(tmp_path / "suicide_detection_5k.csv", ["text", "label"], rows)
    conv = [
        (calm[i % 4] + f" Turn {i}.", 0, "job crisis", "seeker_turn", "", f"conv-{i // 4}", 0)
        for i in range(160)
    ]
    conv.append(
        (
            "Honestly I want to die, I can't see a way through this job loss.",
            0,
            "job",
            "seeker_turn",
            "",
            "conv-x",
            1,
        )
    )
    _write(
        tmp_path / "esconv_seeker_supporter.csv",
        ["text", "label", "source_label", "role", "emotion_type", "conv_id", "mentions_crisis_terms"],
        conv,
    )
    return tmp_path
