"""Case 4: screening throughput, straight through the detector registry (no database).

``screen_fast`` (crisis + spam, lexical, runs inside the request) is measured pinned to one CPU core.
``screen_slow`` (the embedding pass: off-topic and the crisis model, batched in a Celery worker) is measured
in batches, also on one core (onnxruntime runs one thread); the model load is reported, not counted, and
the warm-up uses posts that are not timed.

Both report posts per second of wall time and of this process's CPU time, and judge the target on CPU time:
"on one core" means the core's time, and on a shared machine wall time also counts other people's work. The
two agree on an idle machine.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Iterator

from benchmarks.stats import Result, Timing, skipped, verdict

NAME_FAST = "screen_fast"
NAME_SLOW = "screen_slow"
FAST_TARGET = 5000.0
SLOW_TARGET = 50.0
SLOW_BATCH = 32

# A few posts of the kind screening exists for, mixed into the ordinary text (about 1 in 20).
CRISIS_LINES = (
    "I don't think I can keep going anymore. I've been thinking about ending it all tonight.",
    "Some nights I wish I could just disappear and not wake up.",
    "I've started hurting myself again and I don't know who to tell.",
)
SPAM_LINES = (
    "Best online therapy deals!!! Click https://bit.ly/cheap-therapy-now for 90% off, limited offer.",
    "Earn $500 a day from home, DM me on telegram @fastcash for details. Crypto investment guaranteed.",
)


@contextlib.contextmanager
def one_core() -> Iterator[str]:
    """Pin this process to a single CPU for the measurement (Linux); elsewhere just run."""
    if not hasattr(os, "sched_getaffinity"):
        yield "not pinned (no sched_setaffinity on this platform)"
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield f"pinned to CPU {min(before)}"
    finally:
        os.sched_setaffinity(0, before)


def _workload(ctx, count: int):
    from moderation.detectors.base import ScreeningContext

    rng = ctx.builder.random
    texts = ctx.builder.corpus
    space = ctx.community.spaces[0]
    items = []
    for i in range(count):
        text = texts[i % len(texts)]
        roll = rng.random()
        if roll < 0.03:
            text = f"{text}\n\n{rng.choice(CRISIS_LINES)}"
        elif roll < 0.05:
            text = rng.choice(SPAM_LINES)
        context = ScreeningContext(
            opening_post=texts[(i * 7) % len(texts)],
            thread_title="Feeling attached to my therapist before a break",
            space_description=space.description,
            author_is_new=rng.random() < 0.1,
            recent_texts_by_author=tuple(texts[(i + k) % len(texts)] for k in (1, 2, 3)),
        )
        items.append((text, context))
    return items


def run(ctx) -> list[Result]:
    try:
        from moderation.detectors import registry
    except ImportError:
        return [
            skipped(NAME_FAST, "moderation.detectors.registry does not exist yet", n=ctx.config.screen_posts),
            skipped(NAME_SLOW, "moderation.detectors.registry does not exist yet"),
        ]
    return [_fast(ctx, registry), _slow(ctx, registry)]


def _fast(ctx, registry) -> Result:
    count = ctx.config.screen_posts
    items = _workload(ctx, count)
    ctx.step(f"screen_fast x {count:,}")
    for text, context in items[:50]:  # warm caches and compiled patterns
        registry.screen_fast(text, context)
    samples = []
    findings = 0
    gc.collect()
    with one_core() as pinning:
        started, started_cpu = time.perf_counter(), time.process_time()
        for text, context in items:
            t0 = time.perf_counter()
            findings += bool(registry.screen_fast(text, context))
            samples.append((time.perf_counter() - t0) * 1000)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    per_second, per_cpu_second = count / elapsed, count / cpu
    timing = Timing(samples)
    return Result(
        name=NAME_FAST,
        n=count,
        p50_ms=timing.p50,
        p95_ms=timing.p95,
        per_second=per_second,
        target=f">= {FAST_TARGET:,.0f} posts/s on one core (CPU time)",
        status=verdict(per_cpu_second >= FAST_TARGET),
        note=(
            f"crisis + spam, {pinning}; {per_cpu_second:,.0f} posts per CPU second; "
            f"{findings} of {count} posts had findings"
        ),
        extra={"posts_with_findings": findings, "per_cpu_second": round(per_cpu_second, 1)},
    )


def _slow(ctx, registry) -> Result:
    from moderation.detectors.embeddings import describe_backend

    count = SLOW_BATCH if ctx.config.quick else max(SLOW_BATCH * 4, ctx.config.screen_posts // 20)
    # The warm-up batch is drawn after the timed posts, so nothing timed was encoded before.
    items = _workload(ctx, count + SLOW_BATCH)
    warmup, items = items[count:], items[:count]
    backend = "unknown"
    with contextlib.suppress(Exception):
        backend = str(registry.active_embedding_backend())
    ctx.step(f"screen_slow x {count:,} (loading model)")
    load_started = time.perf_counter()
    registry.screen_slow(warmup)  # loads the model; not counted
    load_s = time.perf_counter() - load_started
    batches = [items[i : i + SLOW_BATCH] for i in range(0, count, SLOW_BATCH)]
    samples = []
    gc.collect()
    with one_core() as pinning:
        started, started_cpu = time.perf_counter(), time.process_time()
        for batch in batches:
            t0 = time.perf_counter()
            registry.screen_slow(batch)
            samples.append((time.perf_counter() - t0) * 1000)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    per_cpu_second = count / cpu
    timing = Timing(samples)
    return Result(
        name=NAME_SLOW,
        n=count,
        p50_ms=timing.p50,
        p95_ms=timing.p95,
        per_second=count / elapsed,
        target=f">= {SLOW_TARGET:,.0f} posts/s on one core (CPU time), batched",
        status=verdict(backend == "minilm" and per_cpu_second >= SLOW_TARGET),
        note=(
            f"embedding pass, batches of {SLOW_BATCH} (p50/p95 per batch), {pinning}, "
            f"{per_cpu_second:,.1f} posts per CPU second; {describe_backend()}; "
            f"first call with model load {load_s:.1f} s not counted"
        ),
        extra={
            "batch_size": SLOW_BATCH,
            "backend": backend,
            "per_cpu_second": round(per_cpu_second, 2),
            "first_call_s": round(load_s, 2),
        },
    )
