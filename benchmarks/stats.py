"""Timing, percentiles, query counting and the result row every case returns."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connections
from django.test.utils import CaptureQueriesContext

MET = "met"
NOT_MET = "not met"
INFO = "info"  # measured, no target attached


@dataclass
class Result:
    """One row of the table and of the JSON ``results`` list."""

    name: str
    n: int | None = None
    queries: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    per_second: float | None = None
    target: str = ""
    status: str = INFO
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("p50_ms", "p95_ms", "per_second"):
            if data[key] is not None:
                data[key] = round(data[key], 3)
        return data


def skipped(name: str, reason: str, *, n: int | None = None, target: str = "") -> Result:
    """A case whose code does not exist (yet): no numbers, only why."""
    return Result(name=name, n=n, target=target, status=f"skipped: {reason}")


def verdict(ok: bool) -> str:
    return MET if ok else NOT_MET


def percentile(samples: list[float], pct: float) -> float:
    """Linear-interpolated percentile (the same definition as numpy's default)."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Timing:
    samples_ms: list[float]
    # CPU time of this process per call: unlike wall time it barely moves when other work shares the
    # machine, so it is the number to compare between runs on a busy machine.
    cpu_samples_ms: list[float] = field(default_factory=list)

    @property
    def cpu_p50(self) -> float | None:
        return percentile(self.cpu_samples_ms, 50) if self.cpu_samples_ms else None

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def p99(self) -> float:
        return percentile(self.samples_ms, 99)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.samples_ms)

    @property
    def per_second(self) -> float:
        return 1000 / self.mean if self.mean else float("inf")


def time_calls(fn: Callable[[], Any], *, repeat: int, warmup: int = 1) -> Timing:
    """Call ``fn`` ``warmup`` times untimed, then ``repeat`` times timed (ms). GC runs between calls, not
    inside them, so one call does not pay for another's garbage."""
    for _ in range(warmup):
        fn()
    samples, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Timing(samples, cpu)


def count_queries(fn: Callable[[], Any], *, using: str = "default") -> tuple[int, Any]:
    """Run ``fn`` once and return (number of SQL queries, its return value)."""
    with CaptureQueriesContext(connections[using]) as ctx:
        value = fn()
    return len(ctx.captured_queries), value


def capture_queries(fn: Callable[[], Any], *, using: str = "default") -> tuple[list[str], Any]:
    with CaptureQueriesContext(connections[using]) as ctx:
        value = fn()
    return [q["sql"] for q in ctx.captured_queries], value
