"""Case: the moderators' dashboard over a year of history (50,000 review items in the full run).

Items are built as in ``queue_list`` (real posts, items and flags), then their history is spread over the
last 365 days: most resolved by one of a few moderators, with first-action times, resolutions and member
reports, so every chart has a year of rows to aggregate. Two pages are timed: the dashboard as a moderator
opens it (the last 30 days; the 150 ms target) and the whole year asked for (the most a range can be). The
query count is measured at a tenth of the size and at the full size: it must be the same.
"""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from benchmarks.builder import BATCH
from benchmarks.cases.queue_list import build_review_items
from benchmarks.stats import Result, count_queries, time_calls, verdict
from community.models import Member

NAME = "dashboard"
P50_TARGET_MS = 150.0
RESOLUTIONS = ("approved", "off_topic", "hidden", "deleted", "reached_out")


def spread_history(ctx, moderators: list[Member]) -> None:
    """Give every item not yet spread a creation time in the last year and, for most, a resolution."""
    from moderation.models import ReviewItem

    rng = ctx.builder.random
    now = timezone.now()
    pending = list(ReviewItem.objects.filter(escalation_level=0).values_list("id", flat=True))
    for start in range(0, len(pending), BATCH):
        chunk = list(ReviewItem.objects.filter(pk__in=pending[start : start + BATCH]))
        for item in chunk:
            created = now - timedelta(minutes=rng.randint(1, 365 * 24 * 60))
            item.created_at = created
            item.escalation_level = 1  # marks the item as spread
            if rng.random() < 0.85:
                item.first_human_action_at = created + timedelta(minutes=rng.randint(1, 600))
                item.status = "resolved"
                item.resolution = rng.choice(RESOLUTIONS)
                item.resolved_at = item.first_human_action_at + timedelta(minutes=rng.randint(0, 120))
                item.resolved_by_id = rng.choice(moderators).pk
        ReviewItem.objects.bulk_update(
            chunk,
            ["created_at", "escalation_level", "first_human_action_at", "status", "resolution", "resolved_at",
             "resolved_by"],
        )  # fmt: skip
        ctx.step(f"history {min(start + BATCH, len(pending)):,}/{len(pending):,}")


def run(ctx) -> list[Result]:
    from moderation.models import ReviewItem

    total = ctx.config.queue_items
    moderators = list(ctx.community.members[:5])
    Member.objects.filter(pk__in=[m.pk for m in moderators]).update(is_moderator=True)
    client = Client()
    client.force_login(Member.objects.get(pk=moderators[0].pk))
    start = (timezone.localdate() - timedelta(days=364)).isoformat()
    # What a moderator opens (the last 30 days, over a year of history), and the whole year asked for.
    urls = {"default": "/moderation/dashboard/", "year": f"/moderation/dashboard/?start={start}"}

    # Another case may have built items already: top up to a tenth, measure, then to the full size.
    small = total // 10
    have = ReviewItem.objects.count()
    if have < small:
        build_review_items(ctx.builder, ctx.community, small - have, progress=ctx.step)
    spread_history(ctx, moderators)
    small_n = ReviewItem.objects.count()
    small_queries = {}
    for label, url in urls.items():
        small_queries[label], response = count_queries(lambda url=url: client.get(url))
        if response.status_code != 200:
            return [Result(name=NAME, n=total, status="error", note=f"{url} answered {response.status_code}")]
    have = ReviewItem.objects.count()
    if have < total:
        build_review_items(ctx.builder, ctx.community, total - have, progress=ctx.step)
    spread_history(ctx, moderators)
    n = ReviewItem.objects.count()
    results = []
    for label, url in urls.items():
        ctx.step(f"dashboard {label}")
        queries, response = count_queries(lambda url=url: client.get(url))
        timing = time_calls(lambda url=url: client.get(url), repeat=5 if ctx.config.quick else 15)
        fixed = queries == small_queries[label]
        results.append(
            Result(
                name=f"{NAME}[{label}]",
                n=n,
                queries=queries,
                p50_ms=timing.p50,
                p95_ms=timing.p95,
                per_second=1000 / timing.p50,
                target=f"p50 <= {P50_TARGET_MS:.0f} ms, fixed query count" if label == "default"
                else "fixed query count",
                status=verdict((timing.p50 <= P50_TARGET_MS or label != "default") and fixed),
                note=f"{url}: {small_queries[label]} queries at {small_n:,} items, {queries} at {n:,}; "
                f"CPU p50 {timing.cpu_p50:.0f} ms",
                extra={"queries_at_tenth": small_queries[label], "items_at_tenth": small_n,
                       "cpu_p50_ms": round(timing.cpu_p50, 2)},
            )
        )  # fmt: skip
    return results
