"""Case 7: gunicorn (2 sync workers) on 127.0.0.1 under a mixed workload for 60 s.

80% thread pages and 15% list pages (home, space pages) read by people who are not signed in, 5% replies
through the form from signed-in members whose session cookies are prepared beforehand. After each accepted
reply its writer reads the page the redirect leads to, and so does an anonymous reader: a page without the
reply is a stale read (for the anonymous reader, unless screening held the reply). Afterwards every reply
that was accepted (answered with a redirect) is looked up in the database by the unique marker it carried.

The load generator runs on the same machine as the server and takes CPU from it; see docs/benchmarks.md.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from benchmarks import http_load
from benchmarks.stats import Result, percentile, skipped, verdict
from community.models import Post

NAME = "http_load"
RPS_TARGET = 300.0
P99_TARGET_MS = 250.0
WORKERS = 2
MARKER = re.compile(r"\((load-\d+-\d+-[0-9a-f]+)\)")


def run(ctx) -> list[Result]:
    config = ctx.config
    if config.quick or not config.http_seconds:
        return [skipped(NAME, "--quick (needs 60 s and gunicorn)")]
    community = ctx.community
    try:
        reply_paths = [reverse("community:reply", kwargs={"thread_id": t.pk}) for t in community.list_threads]
    except NoReverseMatch:
        return [skipped(NAME, "no reply form URL (community:reply) yet")]
    identities = []
    for member in community.members[10 : 10 + config.http_clients]:
        client = Client()
        client.force_login(member)  # a real session row, in the database gunicorn opens too
        identities.append(
            http_load.ClientIdentity(session=client.cookies[settings.SESSION_COOKIE_NAME].value)
        )
    thread_paths = [t.get_absolute_url() for t in community.list_threads]
    thread_paths.append(community.threads_by_size[min(community.threads_by_size)].get_absolute_url())
    list_paths = ["/"] + [s.get_absolute_url() for s in community.spaces]
    list_paths += [f"{s.get_absolute_url()}?page=2" for s in community.spaces]
    workload = http_load.Workload(
        thread_paths=thread_paths,
        list_paths=list_paths,
        reply_paths=reply_paths,
        reply_bodies=ctx.builder.corpus[:200],
    )
    workdir = Path(tempfile.mkdtemp(prefix="hearth-bench-http-"))
    server = None
    try:
        ctx.step("starting gunicorn")
        server = http_load.start_gunicorn(database_url=ctx.database.url(), workdir=workdir, workers=WORKERS)
        ctx.step("warming up")
        for path in (thread_paths[:10] + list_paths) * 2:  # both workers import and compile templates
            http_load.request(server.port, "GET", path)
        ctx.step(f"load for {config.http_seconds} s")
        cpu_before = http_load.server_cpu_seconds(server.process.pid)
        load = http_load.run_load(
            port=server.port, workload=workload, identities=identities, seconds=config.http_seconds
        )
        cpu_after = http_load.server_cpu_seconds(server.process.pid)
    finally:
        if server is not None:
            server.stop()
        log_tail = (
            (workdir / "gunicorn.log").read_text()[-1500:] if (workdir / "gunicorn.log").exists() else ""
        )
        shutil.rmtree(workdir, ignore_errors=True)
    stored = set()
    public = set()
    for body, status in Post.objects.filter(body__contains="(load-").values_list("body", "status"):
        stored.update(MARKER.findall(body))
        if status == Post.Status.PUBLISHED:
            public.update(MARKER.findall(body))
    lost = [m for m in load.accepted_replies if m not in stored]
    stale = load.stale_for_writer + [m for m in load.missing_for_anonymous if m in public]
    latencies = load.all_latencies()
    errors = sum(load.errors.values())
    rps = load.requests / load.elapsed_s
    p99 = percentile(latencies, 99)
    by_kind = {
        kind: {
            "count": len(values),
            "p50_ms": round(percentile(values, 50), 1),
            "p99_ms": round(percentile(values, 99), 1),
        }
        for kind, values in load.latencies_ms.items()
        if values
    }
    cpu_ms = (
        (cpu_after - cpu_before) * 1000 / load.requests
        if cpu_before is not None and cpu_after is not None and load.requests
        else None
    )
    db_note = (
        "PostgreSQL"
        if connection.vendor == "postgresql"
        else "SQLite (no DATABASE_URL; the target is for PostgreSQL)"
    )
    return [
        Result(
            name=NAME,
            n=load.requests,
            p50_ms=percentile(latencies, 50),
            p95_ms=percentile(latencies, 95),
            per_second=rps,
            target=f">= {RPS_TARGET:.0f} req/s, p99 <= {P99_TARGET_MS:.0f} ms, 0 errors, 0 lost, 0 stale",
            status=verdict(
                rps >= RPS_TARGET and p99 <= P99_TARGET_MS and errors == 0 and not lost and not stale
            ),
            note=(
                f"{db_note}; {WORKERS} sync workers, {len(identities)} client threads, "
                f"{load.elapsed_s:.0f} s; "
                f"p99 {p99:.0f} ms; {errors} errors; {len(load.accepted_replies)} replies accepted, "
                f"{len(lost)} lost, {len(stale)} stale reads after a write "
                f"({len(load.stale_for_writer)} by the writer, {len(stale) - len(load.stale_for_writer)} "
                "anonymous); readers not signed in, writers signed in"
                + (
                    f"; server CPU {cpu_ms:.1f} ms/request, so 2 idle cores could serve about "
                    f"{2000 / cpu_ms:.0f} req/s"
                    if cpu_ms
                    else ""
                )
            ),
            extra={
                "p99_ms": round(p99, 1),
                "errors": load.errors,
                "by_kind": by_kind,
                "accepted_replies": len(load.accepted_replies),
                "lost_replies": len(lost),
                "stale_reads": len(stale),
                "stale_for_writer": len(load.stale_for_writer),
                "held_so_not_public": len(set(load.missing_for_anonymous) - public),
                "clients": len(identities),
                "workers": WORKERS,
                "server_cpu_ms_per_request": round(cpu_ms, 2) if cpu_ms else None,
                "server_log_tail": log_tail if errors else "",
            },
        )
    ]
