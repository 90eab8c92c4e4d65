"""The printed table and the JSON document."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.stats import Result

COLUMNS = (
    ("name", 22),
    ("n", 8),
    ("queries", 8),
    ("p50_ms", 9),
    ("p95_ms", 9),
    ("per_second", 10),
    ("target", 34),
    ("status", 12),
)


def _cell(value, width: int, *, numeric: bool = False) -> str:
    if value is None:
        return "-".rjust(width) if numeric else "-".ljust(width)
    if isinstance(value, float):
        text = f"{value:,.1f}" if value >= 10 or value == 0 else f"{value:.2f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(value)
    return text.ljust(width) if not isinstance(value, (int, float)) else text.rjust(width)


def table(results: list[Result]) -> str:
    header = " ".join(
        name.ljust(w) if i in (0, 6, 7) else name.rjust(w) for i, (name, w) in enumerate(COLUMNS)
    )
    lines = [header, "-" * len(header)]
    for result in results:
        row = " ".join(
            _cell(getattr(result, name), w, numeric=i not in (0, 6, 7)) for i, (name, w) in enumerate(COLUMNS)
        )
        lines.append(row.rstrip())
        if result.note:
            lines.append(f"    {result.note}")
    return "\n".join(lines)


def markdown_table(results: list[Result]) -> str:
    names = [name for name, _ in COLUMNS] + ["note"]
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    for result in results:
        cells = [_cell(getattr(result, name), 0).strip() for name in names]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def document(machine: dict, results: list[Result], *, quick: bool, seconds: float) -> dict:
    return {
        "machine": machine,
        "quick": quick,
        "duration_s": round(seconds, 1),
        "results": [r.as_json() for r in results],
    }


def write_json(path: str, doc: dict) -> None:
    Path(path).write_text(json.dumps(doc, indent=2) + "\n")
