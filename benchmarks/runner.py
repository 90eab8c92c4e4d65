"""Builds the synthetic community in a throwaway database and runs the cases in order."""

from __future__ import annotations

import contextlib
import sys
import time
import traceback
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TextIO

from django.test.utils import override_settings
from tqdm import tqdm

from benchmarks.builder import Builder, Community
from benchmarks.cases import CASES
from benchmarks.database import BenchDatabase, throwaway_database
from benchmarks.machine import load_average, machine_info
from benchmarks.report import document, table, write_json
from benchmarks.stats import Result


@dataclass(frozen=True)
class Config:
    quick: bool
    thread_sizes: tuple[int, ...]
    render_repeat: dict[int, int]
    reply_posts: int
    screen_posts: int
    queue_items: int
    digest_members: int
    http_seconds: int
    http_clients: int

    @classmethod
    def for_run(cls, *, quick: bool) -> Config:
        if quick:
            return cls(
                quick=True,
                thread_sizes=(100, 1000),
                render_repeat={100: 15, 1000: 7},
                reply_posts=100,
                screen_posts=1000,
                queue_items=5000,
                digest_members=1000,
                http_seconds=0,
                http_clients=0,
            )
        return cls(
            quick=False,
            thread_sizes=(100, 1000, 5000),
            render_repeat={100: 40, 1000: 20, 5000: 9},
            reply_posts=500,
            screen_posts=5000,
            queue_items=50_000,
            digest_members=10_000,
            http_seconds=60,
            http_clients=8,
        )


@dataclass
class Context:
    config: Config
    builder: Builder
    community: Community
    database: BenchDatabase
    bar: tqdm
    notes: list[str] = field(default_factory=list)

    def step(self, label: str) -> None:
        self.bar.set_postfix_str(label[:40], refresh=True)


# The benchmark measures production-like request handling: no DEBUG query log, emails kept in memory,
# static files without the collectstatic manifest, and "testserver" allowed for the test client.
BENCH_SETTINGS = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["testserver", "127.0.0.1", "localhost"],
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "CELERY_TASK_ALWAYS_EAGER": False,
}


def _quiet_celery() -> None:
    """Tasks queued on commit go to an in-process memory broker: the request pays for enqueueing (as with
    Redis) but no worker runs inside the benchmark, and nothing is written under var/."""
    from community.celery_app import app

    app.conf.broker_url = "memory://"
    app.conf.broker_transport_options = {}
    app.conf.task_always_eager = False


@contextlib.contextmanager
def _profiled(name: str, directory: str | None) -> Iterator[None]:
    """With --profile DIR, record each case with pyinstrument (a dev dependency) into DIR/<case>.txt."""
    if not directory:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        Path(directory).mkdir(parents=True, exist_ok=True)
        Path(directory, f"{name}.txt").write_text(profiler.output_text(unicode=True, show_all=False))


def run(
    *,
    quick: bool,
    only: Sequence[str] | None,
    json_path: str | None,
    out: TextIO,
    err: TextIO = sys.stderr,
    profile_dir: str | None = None,
) -> dict:
    started = time.perf_counter()
    config = Config.for_run(quick=quick)
    names = [c for c in CASES if not only or c in only]
    results: list[Result] = []
    _quiet_celery()
    # WhiteNoise warns that STATIC_ROOT was never collected; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    with override_settings(**BENCH_SETTINGS), throwaway_database() as database:
        machine = machine_info()
        with tqdm(total=len(names) + 1, desc="build", file=err, unit="case", leave=True) as bar:
            builder = Builder()
            community = builder.community(
                thread_sizes=config.thread_sizes,
                progress=lambda label: bar.set_postfix_str(label, refresh=True),
            )
            bar.update(1)
            ctx = Context(config=config, builder=builder, community=community, database=database, bar=bar)
            for name in names:
                bar.set_description(name)
                try:
                    module = import_module(f"benchmarks.cases.{name}")
                    with _profiled(name, profile_dir):
                        results.extend(module.run(ctx))
                except Exception as exc:  # a broken case must not hide the others' numbers
                    traceback.print_exc(file=err)
                    results.append(
                        Result(name=name, status="error", note=f"{type(exc).__name__}: {exc}"[:300])
                    )
                bar.update(1)
    machine["load_average_at_end"] = load_average()
    doc = document(machine, results, quick=quick, seconds=time.perf_counter() - started)
    out.write(
        f"\nHearth benchmark ({'quick' if quick else 'full'}) on {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['db_vendor']} {machine['db_version']}, Python {machine['python']}, "
        f"Django {machine['django']}; load average {machine['load_average_at_start']} at start, "
        f"{machine['load_average_at_end']} at end\n\n"
    )
    out.write(table(results) + "\n")
    if json_path:
        write_json(json_path, doc)
        out.write(f"\nJSON written to {json_path}\n")
    return doc
