"""Case 2: GET the thread tree through the REST API (community/api/)."""

from __future__ import annotations

from community.benchmarks.stats import Result, skipped

NAME = "thread_api"


def run(ctx) -> list[Result]:
    return [skipped(NAME, "the thread API does not exist yet", n=s) for s in ctx.config.thread_sizes]
