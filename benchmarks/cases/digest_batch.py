"""Case 6: building (and queueing) digests for many members with activity in the threads they follow.

Uses the Celery engineer's service, ``community.services.digests.digests_send_due`` (what the hourly beat task
runs), with ``force`` so every daily member is due. Emails go into the outbox and the locmem backend; nothing
leaves the machine.

Queries per batch are read between ``on_batch`` callbacks, at two batch sizes, in a transaction that is
rolled back after a few batches at a quarter of the default size; then one real run over every member at the
default size is timed, and its batches counted the same way.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from benchmarks.builder import BATCH, Builder, Community
from benchmarks.stats import Result, skipped, verdict
from community.models import DigestFrequency, Member, SpaceSubscription, ThreadSubscription

NAME = "digest_batch"
TARGET_S = 30.0  # issue 16 (was 60 s)
ACTIVE_THREADS = 100
REPLIES_PER_ACTIVE_THREAD = 20
FOLLOWS_PER_MEMBER = 3
PROBE_BATCHES = 2


class _StopProbe(Exception):
    """Raised from on_batch to end a query-count probe early (its transaction is rolled back)."""


def build_digest_community(
    builder: Builder, community: Community, members: int, *, now, progress=None
) -> list[Member]:
    """``members`` daily-digest readers, each following a few threads with replies in the last period."""
    from community.services.digests import latest_period_end

    progress = progress or (lambda _label: None)
    rng = builder.random
    period_end = latest_period_end(tz_name="UTC", frequency=DigestFrequency.DAILY, now=now)
    readers = builder.members(members, prefix="digest", digest_frequency=DigestFrequency.DAILY)
    # Some readers also write, so some digests carry "replies to you".
    writers = community.members + readers[: min(200, len(readers))]
    active = []
    threads = max(10, min(ACTIVE_THREADS, members // 10))
    for i in range(threads):
        opened = period_end - timedelta(hours=23, minutes=i % 50)
        active.append(
            builder.thread(
                space=community.spaces[i % len(community.spaces)],
                author=rng.choice(writers),
                replies=REPLIES_PER_ACTIVE_THREAD,
                repliers=writers,
                start=timezone.now() - opened,
                span=timedelta(hours=21),
                top_level_share=0.4,
            )
        )
        if i % 10 == 0:
            progress(f"digest threads {i}/{threads}")
    follows = [
        ThreadSubscription(member=reader, thread=thread)
        for reader in readers
        for thread in rng.sample(active, FOLLOWS_PER_MEMBER)
    ]
    ThreadSubscription.objects.bulk_create(follows, batch_size=BATCH, ignore_conflicts=True)
    space_follows = [SpaceSubscription(member=r, space=community.spaces[0]) for r in readers[::3]]
    SpaceSubscription.objects.bulk_create(space_follows, batch_size=BATCH, ignore_conflicts=True)
    return readers


def _probe(send_due, *, now, batch_size: int) -> list[int]:
    """Queries of each of the first few batches at ``batch_size``; nothing is kept."""
    marks: list[int] = []
    with (
        CaptureQueriesContext(connection) as captured,
        override_settings(HEARTH_DIGEST_BATCH_SIZE=batch_size),
    ):

        def on_batch(_size: int) -> None:
            marks.append(len(captured.captured_queries))
            if len(marks) > PROBE_BATCHES:
                raise _StopProbe

        try:
            with transaction.atomic():
                send_due(now=now, frequency=DigestFrequency.DAILY, force=True, on_batch=on_batch)
        except _StopProbe:
            pass
    return [b - a for a, b in zip(marks, marks[1:], strict=False)]


def run(ctx) -> list[Result]:
    count = ctx.config.digest_members
    try:
        from community.services.digests import digests_send_due
    except ImportError:
        return [skipped(NAME, "community.services.digests has no digests_send_due yet", n=count)]
    now = timezone.now()
    ctx.step(f"digest members {count:,}")
    build_digest_community(ctx.builder, ctx.community, count, now=now, progress=ctx.step)
    default_size = settings.HEARTH_DIGEST_BATCH_SIZE
    small_size = max(10, default_size // 4)
    ctx.step("digest query probes")
    per_batch_small = _probe(digests_send_due, now=now, batch_size=small_size)
    batches = 0
    marks: list[int] = []

    def on_batch(_size: int) -> None:
        nonlocal batches
        batches += 1
        marks.append(len(captured.captured_queries))
        if batches % 5 == 0:
            ctx.step(f"digest batch {batches}")

    ctx.step("digest run")
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = digests_send_due(now=now, frequency=DigestFrequency.DAILY, force=True, on_batch=on_batch)
        elapsed = time.perf_counter() - started
    queries_total = len(captured.captured_queries)
    # Every full batch of the real run (the last one may be short, so it is left out).
    per_batch_default = [b - a for a, b in zip(marks, marks[1:], strict=False)][: max(0, batches - 2)]
    independent = (
        bool(per_batch_small)
        and set(per_batch_small) == set(per_batch_default)
        and len(set(per_batch_small)) == 1
    )
    per_batch = per_batch_default[-1] if per_batch_default else None
    ok = elapsed <= TARGET_S and independent
    return [
        Result(
            name=NAME,
            n=result.considered,
            queries=per_batch,
            p50_ms=None,
            p95_ms=None,
            per_second=result.considered / elapsed if elapsed else None,
            target=f"{count:,} members <= {TARGET_S:.0f} s, queries/batch independent of size",
            status=verdict(ok)
            if count >= 10_000
            else (f"{verdict(independent)} (queries); time target is for 10,000 members"),
            note=(
                f"total {elapsed:.1f} s, {batches} batches of {default_size}, {result.sent} digests queued, "
                f"{result.empty} empty; queries per batch {sorted(set(per_batch_small))} at size "
                f"{small_size}, "
                f"{sorted(set(per_batch_default))} at size {default_size}; {queries_total} queries in all"
                + (
                    "; SQLite splits each bulk INSERT at 999 parameters, so bigger batches add INSERTs"
                    if connection.vendor == "sqlite" and not independent
                    else ""
                )
            ),
            extra={
                "total_s": round(elapsed, 2),
                "batches": batches,
                "batch_size": default_size,
                "queries_per_batch_small": per_batch_small,
                "queries_per_batch_default": per_batch_default,
                "sent": result.sent,
                "empty": result.empty,
                "queries_total": queries_total,
            },
        )
    ]
