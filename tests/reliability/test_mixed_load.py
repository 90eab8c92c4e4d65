"""60 seconds of mixed load against gunicorn on 127.0.0.1: readers, repliers, reporters and a moderator
working the queue at once. No 5xx, no lost reply, report or moderator action; p99 reported.

gunicorn (2 sync workers, the benchmark's production-like settings) opens the test database, so every row
it writes can be checked afterwards. Traffic is closed-loop (each client waits for its answer), bounded by
time and by a per-client cap, and goes only to 127.0.0.1. ``HEARTH_RELIABILITY_LOAD_SECONDS`` shortens the
run for a quick local check; CI runs the full minute.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from benchmarks import http_load
from benchmarks.stats import percentile
from community.models import Post
from moderation.models import Flag, ReviewItem
from tests.factories import MemberFactory, ModeratorFactory, ReplyFactory, SpaceFactory, ThreadFactory
from tests.integration.conftest import worker_database_url
from tests.reliability import stats

pytestmark = [pytest.mark.integration, pytest.mark.fault, pytest.mark.django_db(transaction=True)]

SECONDS = float(os.environ.get("HEARTH_RELIABILITY_LOAD_SECONDS", "60"))
MAX_REQUESTS_PER_CLIENT = 5_000
TIMEOUT_S = 30
READERS, REPLIERS, REPORTERS = 3, 2, 1
REPLY_MARKER = re.compile(r"\[(load-[0-9a-f]{12})\]")
ITEM_LINK = re.compile(r"/moderation/items/(\d+)/")


@dataclass
class Load:
    latencies_ms: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    unexpected: list[tuple[str, str, int]] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    approved: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, path: str, status: int, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies_ms.setdefault(kind, []).append(ms)
            by_status = self.statuses.setdefault(kind, {})
            by_status[status] = by_status.get(status, 0) + 1
            if not ok:
                self.unexpected.append((kind, path, status))

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies_ms.values())


def _session(member) -> str:
    client = Client()
    client.force_login(member)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _call(port: int, method: str, path: str, *, cookie: str, csrf: str, form: dict | None = None):
    headers = {"Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf}; {settings.SESSION_COOKIE_NAME}={cookie}"}
    body = None
    if form is not None:
        body = urlencode(form)
        headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrf})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        return response.status, content, (time.perf_counter() - started) * 1000
    except (OSError, http.client.HTTPException):
        return 0, b"", (time.perf_counter() - started) * 1000
    finally:
        conn.close()


@pytest.fixture
def community(db):
    space = SpaceFactory(slug="load")
    authors = MemberFactory.create_batch(6)
    threads = [ThreadFactory(space=space, author=authors[i % 6]) for i in range(12)]
    targets = [ReplyFactory(thread=threads[i % 12], author=authors[i % 6]) for i in range(240)]
    return {"space": space, "threads": threads, "targets": targets}


def test_sixty_seconds_of_mixed_load_give_no_server_error_and_lose_nothing(community, monkeypatch, tmp_path):
    monkeypatch.setenv("HEARTH_REPORTS_PER_HOUR", "1000000")
    monkeypatch.setenv("REDIS_URL", "")
    server = http_load.start_gunicorn(database_url=worker_database_url(), workdir=tmp_path, workers=2)
    load = Load()
    deadline = time.monotonic() + SECONDS
    threads = community["threads"]
    reads = [t.get_absolute_url() for t in threads] + ["/", "/spaces/load/", "/spaces/load/?page=2",
                                                       "/api/v1/threads/?space=load"]
    targets = community["targets"]

    def reader(index: int, cookie: str, csrf: str) -> None:
        rng = random.Random(index)
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() > deadline:
                return
            path = rng.choice(reads)
            status, _, ms = _call(server.port, "GET", path, cookie=cookie, csrf=csrf)
            load.record("read", path, status, ms, status == 200)

    def replier(index: int, cookie: str, csrf: str) -> None:
        rng = random.Random(100 + index)
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() > deadline:
                return
            marker = f"load-{secrets.token_hex(6)}"
            path = f"/threads/{rng.choice(threads).pk}/reply/"
            status, _, ms = _call(server.port, "POST", path, cookie=cookie, csrf=csrf,
                                  form={"body": f"That sounds hard; thank you for sharing it. [{marker}]"})
            load.record("reply", path, status, ms, status == 302)
            if status == 302:
                with load.lock:
                    load.replies.append(marker)

    def reporter(index: int, cookie: str, csrf: str) -> None:
        order = random.Random(200 + index).sample(targets, len(targets))
        for post in order:
            if time.monotonic() > deadline:
                return
            marker = f"load-{secrets.token_hex(6)}"
            path = f"/posts/{post.pk}/report/"
            status, _, ms = _call(server.port, "POST", path, cookie=cookie, csrf=csrf,
                                  form={"reason": "other", "note": f"Please take a look [{marker}]"})
            load.record("report", path, status, ms, status == 302)
            if status == 302:
                with load.lock:
                    load.reports.append(marker)

    def moderator(cookie: str, csrf: str) -> None:
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() > deadline:
                return
            queue = "/moderation/?lane=reported"
            status, content, ms = _call(server.port, "GET", queue, cookie=cookie, csrf=csrf)
            load.record("moderate", "/moderation/", status, ms, status == 200)
            ids = ITEM_LINK.findall(content.decode("utf-8", "replace"))
            if not ids:
                time.sleep(0.5)
                continue
            item = ids[0]
            for step in ("claim", "approve"):
                path = f"/moderation/items/{item}/{step}/"
                status, _, ms = _call(server.port, "POST", path, cookie=cookie, csrf=csrf,
                                      form={"reason": "Looked at it during the load test."})
                load.record("moderate", path, status, ms, status == 302)
            if status == 302:
                with load.lock:
                    load.approved.append(int(item))

    people = MemberFactory.create_batch(READERS + REPLIERS + REPORTERS)
    mod = ModeratorFactory()
    clients = []
    for i, member in enumerate(people):
        role = reader if i < READERS else replier if i < READERS + REPLIERS else reporter
        clients.append(threading.Thread(target=role, args=(i, _session(member), secrets.token_hex(16))))
    clients.append(threading.Thread(target=moderator, args=(_session(mod), secrets.token_hex(16))))
    try:
        for path in reads:  # warm both workers up (imports, templates) before the clock matters
            _call(server.port, "GET", path, cookie=_session(people[0]), csrf="x" * 32)
        started = time.monotonic()
        deadline = started + SECONDS
        for client in clients:
            client.daemon = True
            client.start()
        for client in clients:
            client.join(timeout=SECONDS + TIMEOUT_S + 10)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    log_tail = server.log_path.read_text()[-3000:]

    stored_replies = set()
    for body in Post.objects.filter(body__contains="[load-").values_list("body", flat=True):
        stored_replies.update(REPLY_MARKER.findall(body))
    stored_reports = set()
    for note in Flag.objects.filter(note__contains="[load-").values_list("note", flat=True):
        stored_reports.update(REPLY_MARKER.findall(note))
    lost_replies = set(load.replies) - stored_replies
    lost_reports = set(load.reports) - stored_reports
    unresolved = list(ReviewItem.objects.filter(pk__in=load.approved).exclude(status="resolved")
                      .values_list("pk", flat=True))
    everything = [ms for values in load.latencies_ms.values() for ms in values]
    server_errors = sum(n for by in load.statuses.values() for status, n in by.items() if status >= 500)
    p99 = percentile(everything, 99)
    stats.count("requests_made", load.requests)
    stats.count("items_lost", len(lost_replies) + len(lost_reports) + len(unresolved))
    kinds = ", ".join(f"{kind} {len(v)} (p99 {percentile(v, 99):.0f} ms)"
                      for kind, v in sorted(load.latencies_ms.items()))
    stats.set_value("mixed_load", (
        f"{load.requests} requests in {elapsed:.0f} s ({load.requests / elapsed:.1f}/s), "
        f"{server_errors} 5xx, p50 {percentile(everything, 50):.0f} ms, p99 {p99:.0f} ms; {kinds}; "
        f"accepted {len(load.replies)} replies, {len(load.reports)} reports, {len(load.approved)} approvals; "
        f"lost {len(lost_replies)} / {len(lost_reports)} / {len(unresolved)}"
    ))
    print(stats.VALUES["mixed_load"])
    assert server_errors == 0 and not load.unexpected, (load.unexpected[:20], load.statuses, log_tail)
    assert load.replies and load.reports and load.approved, load.statuses
    assert lost_replies == set() and lost_reports == set() and unresolved == []
