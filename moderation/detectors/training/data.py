"""The public sets in ../shared/eval as one list of items, with groups, training targets and a fixed split.

Splits are by group (an ESConv dialogue, a Dreaddit post, a CounselChat question with its answer, a
C-SSRS user, otherwise the row), so no group is on both sides. suicide_detection_5k, reddit_cssrs_500 and
the YouTube set keep the held-out half they have always had (``evaluation.split``): the lexicon's rules
were written from errors on the other half, so only that half is honest for it. The newer sets hold out a
fixed 30% of their groups, chosen by a hash of the group (stable whatever the row order).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..evaluation import CSSRS_FILE, SUICIDE_FILE, YOUTUBE_FILE, load_rows, split

SDCNL_FILE = "sdcnl_suicide_vs_depression.csv"
ESCONV_FILE = "esconv_seeker_supporter.csv"
COUNSEL_FILE = "counselchat_questions_answers.csv"
DREADDIT_FILE = "dreaddit_stress.csv"
GOEMOTIONS_FILE = "goemotions_background.csv"

CRISIS_SETS = ("goemotions", "counselchat", "dreaddit", "esconv", "sdcnl", "suicide_detection", "cssrs")
BENIGN_SETS = ("esconv", "dreaddit", "counselchat", "goemotions")
HELD_OUT_FRACTION = 0.3
SPLIT_SALT = "hearth-crisis-20261127"
AT_RISK_LEVELS = ("Ideation", "Behavior", "Attempt")


@dataclass
class Item:
    dataset: str
    text: str
    group: str
    label: int  # the source's label (C-SSRS: 1 for Ideation+, 0 otherwise)
    held_out: bool
    role: str = ""  # ESConv/CounselChat role, C-SSRS level, SDCNL subreddit
    crisis_terms: bool | None = None  # the data's ``mentions_crisis_terms`` review aid, where it has one
    meta: dict[str, str] = field(default_factory=dict)


def _hash_held_out(dataset: str, group: str) -> bool:
    h = hashlib.sha256(f"{SPLIT_SALT}:{dataset}:{group}".encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64 < HELD_OUT_FRACTION


def _terms(row: dict[str, str]) -> bool | None:
    v = row.get("mentions_crisis_terms")
    return None if v in (None, "") else v == "1"


def _halves(dataset: str, rows: list[dict[str, str]]) -> Iterator[tuple[int, dict[str, str], bool]]:
    """The historical 50/50 split, by row index (the row is the group in these sets)."""
    indexed = list(enumerate(rows))
    train, test = split(indexed)
    for held_out, part in ((False, train), (True, test)):
        for i, row in part:
            yield i, row, held_out


def load_crisis_items(data_dir: Path) -> list[Item]:
    items: list[Item] = []
    if (data_dir / SUICIDE_FILE).exists():
        for i, row, held in _halves("suicide_detection", load_rows(data_dir / SUICIDE_FILE)):
            items.append(Item("suicide_detection", row["text"], f"row{i}", int(row["label"]), held))
    if (data_dir / CSSRS_FILE).exists():
        for i, row, held in _halves("cssrs", load_rows(data_dir / CSSRS_FILE)):
            level = row["label"]
            items.append(
                Item("cssrs", row["text"], f"user{i}", int(level in AT_RISK_LEVELS), held, role=level)
            )
    specs = (
        (
            SDCNL_FILE,
            "sdcnl",
            lambda i, r: f"row{i}",
            lambda r: "SuicideWatch" if r["label"] == "1" else "depression",
        ),
        (ESCONV_FILE, "esconv", lambda i, r: r["conv_id"], lambda r: r["role"]),
        (COUNSEL_FILE, "counselchat", lambda i, r: r["question_id"], lambda r: r["role"]),
        (DREADDIT_FILE, "dreaddit", lambda i, r: r["post_id"], lambda r: r.get("subreddit", "")),
        (GOEMOTIONS_FILE, "goemotions", lambda i, r: r["comment_id"] or f"row{i}", lambda r: ""),
    )
    for file, name, group_of, role_of in specs:
        if not (data_dir / file).exists():
            continue
        for i, row in enumerate(load_rows(data_dir / file)):
            group = group_of(i, row)
            items.append(
                Item(
                    name,
                    row["text"],
                    group,
                    int(row["label"]),
                    _hash_held_out(name, group),
                    role=role_of(row),
                    crisis_terms=_terms(row),
                    meta={"source_label": row.get("source_label", "")},
                )
            )
    return items


def load_youtube(data_dir: Path) -> list[tuple[dict[str, str], bool]]:
    if not (data_dir / YOUTUBE_FILE).exists():
        return []
    return [(row, held) for _, row, held in _halves("youtube", load_rows(data_dir / YOUTUBE_FILE))]
