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

from community.benchmarks.builder import BATCH
from community.benchmarks.stats import Result, count_queries, skipped, time_calls, verdict
from community.models import Member, Post

NAME = "queue_list"
P50_TARGET_MS = 50.0
REPLIES_PER_THREAD = 500


def queue_urls() -> tuple[str, str] | None:
    """(first page, filtered page) of the review queue, or None while the view does not exist."""
    for name in ("moderation:queue", "moderation:review_queue", "moderation:index"):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        return url, f"{url}?lane=reported"
    return None


def build_review_items(ctx, count: int, *, moderator: Member) -> int:
    """Add ``count`` open review items (and their posts and flags). Returns how many were created."""
    from moderation.models import Flag, ReviewItem
    from moderation.services.queue import flag_base_priority, flag_lane

    builder = ctx.builder
    rng = builder.random
    members = ctx.community.members
    space = ctx.community.spaces[-1]
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
        ctx.step(f"review items {made:,}/{count:,}")
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
    first_url, filtered_url = urls
    moderator = ctx.community.members[0]
    Member.objects.filter(pk=moderator.pk).update(is_moderator=True)
    moderator.is_moderator = True
    client = Client()
    client.force_login(moderator)

    small = total // 10
    build_review_items(ctx, small, moderator=moderator)
    small_first, response = count_queries(lambda: client.get(first_url))
    if response.status_code != 200:
        return [
            Result(
                name=NAME,
                n=total,
                status="error",
                note=f"the queue page answered {response.status_code} to a moderator",
            )
        ]
    small_filtered, _ = count_queries(lambda: client.get(filtered_url))
    build_review_items(ctx, total - small, moderator=moderator)
    results = []
    for label, url, small_count in (
        ("first page", first_url, small_first),
        ("filtered", filtered_url, small_filtered),
    ):
        ctx.step(f"queue {label}")
        queries, response = count_queries(lambda url=url: client.get(url))
        timing = time_calls(lambda url=url: client.get(url), repeat=20 if not ctx.config.quick else 10)
        fixed = queries == small_count
        result = Result(
            name=f"{NAME}[{'first' if label == 'first page' else 'filtered'}]",
            n=total,
            queries=queries,
            p50_ms=timing.p50,
            p95_ms=timing.p95,
            per_second=1000 / timing.p50,
            note=f"{label}: {url}; {small_count} queries at {small:,} items, {queries} at {total:,}",
            extra={"queries_at_tenth": small_count, "status_code": response.status_code},
        )
        if label == "first page":
            result.target = f"p50 <= {P50_TARGET_MS:.0f} ms, fixed query count"
            result.status = verdict(timing.p50 <= P50_TARGET_MS and fixed)
        else:
            result.target = "fixed query count"
            result.status = verdict(fixed)
        results.append(result)
    return results
