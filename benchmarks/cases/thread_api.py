"""Case 2: GET the thread's reply tree through the REST API (``api:thread-replies``), as JSON.

Same threads and the same meaning of "full thread" as case 1: the opening post and one page of top-level
replies with all their descendants; ``[all]`` raises the page size so the whole 1,000-reply tree is one page.
"""

from __future__ import annotations

from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse

from benchmarks.stats import Result, count_queries, skipped, time_calls, verdict

NAME = "thread_api"


def tree_url(thread) -> str | None:
    try:
        return reverse("api:thread-replies", kwargs={"thread_id": thread.pk})
    except NoReverseMatch:
        return None


def _measure(client: Client, url: str, repeat: int):
    queries, response = count_queries(lambda: client.get(url))
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    timing = time_calls(lambda: client.get(url), repeat=repeat, warmup=1)
    return queries, timing, len(response.content)


def run(ctx) -> list[Result]:
    community = ctx.community
    sizes = ctx.config.thread_sizes
    if tree_url(community.threads_by_size[sizes[0]]) is None:
        return [skipped(NAME, "the thread API (api:thread-replies) does not exist yet", n=s) for s in sizes]
    client = Client()
    # A member's session, as the web app's own JavaScript would call it; the user throttle (600/min)
    # is far above the number of calls made here.
    client.force_login(community.members[2])
    results = []
    counts: dict[int, int] = {}
    for size in sizes:
        ctx.step(f"API tree of {size:,}")
        url = tree_url(community.threads_by_size[size])
        queries, timing, length = _measure(client, url, ctx.config.render_repeat[size])
        counts[size] = queries
        result = Result(
            name=NAME,
            n=size,
            queries=queries,
            p50_ms=timing.p50,
            p95_ms=timing.p95,
            per_second=1000 / timing.p50,
            note=f"CPU p50 {timing.cpu_p50:.0f} ms",
            extra={"bytes": length, "cpu_p50_ms": round(timing.cpu_p50, 2)},
        )
        if len(counts) > 1:
            first = min(counts)
            result.target = f"same query count as at {first:,} ({counts[first]})"
            result.status = verdict(queries == counts[first])
        results.append(result)
    if 1000 in sizes:
        ctx.step("API tree of 1,000 on one page")
        with override_settings(HEARTH_REPLIES_PER_PAGE=5000):
            url = tree_url(community.threads_by_size[1000])
            queries, timing, length = _measure(client, url, ctx.config.render_repeat[1000])
        results.append(
            Result(
                name=f"{NAME}[all]",
                n=1000,
                queries=queries,
                p50_ms=timing.p50,
                p95_ms=timing.p95,
                per_second=1000 / timing.p50,
                note=(
                    "every reply in one response (HEARTH_REPLIES_PER_PAGE=5000); "
                    f"CPU p50 {timing.cpu_p50:.0f} ms"
                ),
                extra={"bytes": length, "cpu_p50_ms": round(timing.cpu_p50, 2)},
            )
        )
    return results
