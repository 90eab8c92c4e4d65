"""The JSON-lines contract of ``manage.py screen_texts``: parsing, screening in batches, --labels scoring."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from .base import Category, Finding, ScreeningContext
from .evaluation import PRF
from .registry import screen_many


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as a person counts lines in an editor
    id: Any = None
    text: str = ""
    context: ScreeningContext | None = None
    labels: tuple[str, ...] | None = None
    error: str = ""


def parse_line(number: int, raw: str) -> Line:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Line(number, error=f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(obj, dict):
        return Line(number, error="expected a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        return Line(number, id=obj.get("id"), error='missing or non-string "text"')
    ctx = obj.get("context", "")
    if ctx is not None and not isinstance(ctx, str):
        return Line(number, id=obj.get("id"), error='"context" must be a string (the opening post)')
    labels = obj.get("labels")
    if labels is not None:
        valid = {str(c) for c in Category}
        if not isinstance(labels, list) or not all(isinstance(x, str) and x in valid for x in labels):
            return Line(number, id=obj.get("id"), error=f'"labels" must be a list drawn from {sorted(valid)}')
        labels = tuple(labels)
    return Line(
        number,
        id=obj.get("id"),
        text=text,
        context=ScreeningContext(opening_post=ctx) if ctx else None,
        labels=labels,
    )


def finding_json(f: Finding) -> dict[str, Any]:
    d = f.to_dict()
    return {k: d[k] for k in ("category", "severity", "score", "evidence", "subtype", "detector")}


def screen_lines(
    lines: Iterable[str], *, include_slow: bool = True, batch_size: int = 64
) -> Iterator[tuple[Line, list[Finding] | None]]:
    """(parsed line, findings) in input order; findings is None for a malformed line. Blank lines skipped."""
    batch: list[Line] = []

    def flush() -> Iterator[tuple[Line, list[Finding] | None]]:
        good = [ln for ln in batch if not ln.error]
        results = (
            iter(screen_many([(ln.text, ln.context) for ln in good], include_slow=include_slow))
            if good
            else iter(())
        )
        for ln in batch:
            yield ln, (None if ln.error else next(results))
        batch.clear()

    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        batch.append(parse_line(n, raw))
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def write_results(results: Iterable[tuple[Line, list[Finding] | None]], out: TextIO, err: TextIO) -> int:
    errors = 0
    for line, findings in results:
        if findings is None:
            errors += 1
            err.write(f"line {line.number}: {line.error}\n")
            out.write(json.dumps({"id": line.id, "line": line.number, "error": line.error}) + "\n")
        else:
            out.write(json.dumps({"id": line.id, "findings": [finding_json(f) for f in findings]}) + "\n")
    return errors


def score_labels(results: Iterable[tuple[Line, list[Finding] | None]], err: TextIO) -> dict[str, PRF]:
    """Precision/recall/F1 per category over lines that carry "labels"."""
    per = {str(c): PRF() for c in Category}
    for line, findings in results:
        if findings is None:
            err.write(f"line {line.number}: {line.error}\n")
            continue
        if line.labels is None:
            continue
        found = {str(f.category) for f in findings}
        for cat, prf in per.items():
            prf.add(cat in found, cat in line.labels)
    return per


def format_labels(per: dict[str, PRF]) -> str:
    rows = ["category   precision  recall  f1     tp  fp  fn"]
    for cat, p in per.items():
        rows.append(f"{cat:<10} {p.precision:9.3f} {p.recall:7.3f} {p.f1:6.3f} {p.tp:4d} {p.fp:3d} {p.fn:3d}")
    return "\n".join(rows) + "\n"
