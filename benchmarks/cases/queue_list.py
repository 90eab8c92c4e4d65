"""Case 5: the moderators' review queue with many pending items: first page and a filtered page.

The items are real rows (one ReviewItem per post with a Flag each, lanes and priorities as moderation's own
rules compute them), bulk-created over ordinary synthetic threads. The query count is measured at a tenth
of the size and at the full size: it must be the same.

This module imports moderation's models directly: the benchmark is a development tool that measures both
apps; community's runtime code still reaches moderation only through moderation.gateway.
"""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from benchmarks.builder import BATCH, Builder, Community
from benchmarks.stats import Result, count_queries, skipped, time_calls, verdict
from community.models import Member, Post

NAME = "queue_list"
P50_TARGET_MS = 50.0
REPLIES_PER_THREAD = 500


def queue_urls() -> dict[str, str] | None:
    """The queue pages measured, or None while the view does not exist.

    ``first``: what a moderator opens (the safety lane, page 1); ``largest_lane``: page 1 of the lane holding
    the most items; ``filtered``: a lane narrowed by report reason.
    """
    try:
        url = reverse("moderation:queue")
    except NoReverseMatch:
        return None
    return {
        "first": url,
        "largest_lane": f"{url}?lane=off_topic",
        "filtered": f"{url}?lane=reported&category=harassment",
    }


def build_review_items(builder: Builder, community: Community, count: int, *, progress=None) -> int:
    """Add ``count`` open review items (and their posts and flags). Returns how many were created."""
    from moderation.models import Flag, ReviewItem
    from moderation.services.queue import flag_base_priority, flag_lane

    progress = progress or (lambda _label: None)
    rng = builder.random
    members = community.members
    space = community.spaces[-1]
    made = 0
    now = timezone.now()
    while made < count:
        size = min(REPLIES_PER_THREAD, count - made)
        thread = builder.thread(
            space=space,
            author=rng.choice(members),
            replies=size,
            repliers=members,
            held_share=0.3,
            top_level_share=0.5,
        )
        posts = list(Post.objects.filter(thread=thread, depth__gte=1).values_list("id", "status"))
        items, flag_specs = [], []
        for post_id, status in posts:
            created = now - timedelta(minutes=rng.randint(1, 60 * 24 * 30))
            if status == Post.Status.HELD:
                flag = Flag(source=Flag.Source.SYSTEM, category=Flag.Category.HELD)
            else:
                roll = rng.random()
                if roll < 0.08:
                    flag = Flag(
                        source=Flag.Source.DETECTOR,
                        category=Flag.Category.CRISIS,
                        severity=rng.choice(("medium", "high")),
                        score=0.9,
                        detector="crisis.lexical",
                        subtype="ideation_passive",
                        evidence=["can't keep going"],
                    )
                elif roll < 0.45:
                    flag = Flag(
                        source=Flag.Source.MEMBER,
                        category=rng.choice(
                            (Flag.Category.HARASSMENT, Flag.Category.OFF_TOPIC, Flag.Category.OTHER)
                        ),
                        reporter=rng.choice(members),
                        note="This felt unkind to me.",
                    )
                else:
                    flag = Flag(
                        source=Flag.Source.DETECTOR,
                        category=Flag.Category.OFF_TOPIC,
                        severity="low",
                        score=0.7,
                        detector="off_topic.embedding",
                    )
            lane = flag_lane(flag)
            items.append(
                ReviewItem(
                    post_id=post_id,
                    lane=lane,
                    priority=flag_base_priority(flag),
                    created_at=created,
                    updated_at=created,
                )
            )
            flag.created_at = created
            flag_specs.append(flag)
        ReviewItem.objects.bulk_create(items, batch_size=BATCH)
        by_post = dict(ReviewItem.objects.filter(post__thread=thread).values_list("post_id", "id"))
        for item, flag in zip(items, flag_specs, strict=True):
            flag.item_id = by_post[item.post_id]
        Flag.objects.bulk_create(flag_specs, batch_size=BATCH)
        made += len(items)
        progress(f"review items {made:,}/{count:,}")
    return made


def run(ctx) -> list[Result]:
    total = ctx.config.queue_items
    try:
        import moderation.models  # noqa: F401
    except ImportError:
        return [skipped(NAME, "moderation has no ReviewItem model yet", n=total)]
    urls = queue_urls()
    if urls is None:
        return [skipped(NAME, "the review queue page (moderation:queue) does not exist yet", n=total)]
    moderator = ctx.community.members[0]
    Member.objects.filter(pk=moderator.pk).update(is_moderator=True)
    moderator.is_moderator = True
    client = Client()
    client.force_login(moderator)

    small = total // 10
    build_review_items(ctx.builder, ctx.community, small, progress=ctx.step)
    small_counts = {}
    for label, url in urls.items():
        small_counts[label], response = count_queries(lambda url=url: client.get(url))
        if response.status_code != 200:
            return [Result(name=NAME, n=total, status="error", note=f"{url} answered {response.status_code}")]
    build_review_items(ctx.builder, ctx.community, total - small, progress=ctx.step)
    results = []
    for label, url in urls.items():
        ctx.step(f"queue {label}")
        queries, response = count_queries(lambda url=url: client.get(url))
        timing = time_calls(lambda url=url: client.get(url), repeat=10 if ctx.config.quick else 20)
        fixed = queries == small_counts[label]
        result = Result(
            name=f"{NAME}[{label}]",
            n=total,
            queries=queries,
            p50_ms=timing.p50,
            p95_ms=timing.p95,
            per_second=1000 / timing.p50,
            target="fixed query count",
            status=verdict(fixed),
            note=f"{url}: {small_counts[label]} queries at {small:,} items, {queries} at {total:,}; "
            f"CPU p50 {timing.cpu_p50:.0f} ms",
            extra={
                "queries_at_tenth": small_counts[label],
                "status_code": response.status_code,
                "cpu_p50_ms": round(timing.cpu_p50, 2),
            },
        )
        if label == "first":
            result.target = f"p50 <= {P50_TARGET_MS:.0f} ms, fixed query count"
            result.status = verdict(timing.p50 <= P50_TARGET_MS and fixed)
        results.append(result)
    return results
