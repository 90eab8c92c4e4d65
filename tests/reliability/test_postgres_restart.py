"""PostgreSQL restarted while requests are in flight: clean failures, no half-written post, recovery
without restarting the site.

The database is a cluster of the test's own (initdb in a temporary folder, a free port on 127.0.0.1), so
the database the suite runs on is never touched. gunicorn (2 sync workers, persistent connections as in
production) serves it; four client threads post replies through the API and the web form and read pages
while ``pg_ctl restart -m fast`` cuts every session.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from benchmarks import http_load
from tests.reliability import stats
from tests.reliability.services import OwnPostgres

pytestmark = [pytest.mark.integration, pytest.mark.fault]

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 4
BEFORE_S = 2.0
AFTER_S = 6.0
SETTLE_S = 1.5  # after pg_ctl reports the server up, requests must succeed again
MARKER = re.compile(r"\[(pg-[0-9a-f]{12})\]")

SEED = """
import json
from django.test import Client
from rest_framework.authtoken.models import Token
from community.models import Member, Space, Thread, Post
from community.rendering import render_markdown
from django.utils import timezone
old = timezone.now() - timezone.timedelta(days=60)
space = Space.objects.create(name="Restart", slug="restart")
members = [Member.objects.create_user(email=f"pg{i}@example.org", password="x", display_name=f"PG {i}",
                                      date_joined=old) for i in range(2)]
thread = Thread.objects.create(space=space, author=members[0], title="Still here")
Post.objects.create(thread=thread, author=members[0], body="Hello", body_html=render_markdown("Hello"))
client = Client()
client.force_login(members[1])
print(json.dumps({"thread": thread.pk, "token": Token.objects.create(user=members[1]).key,
                  "session": client.cookies["sessionid"].value}))
"""


@dataclass
class Outcome:
    started: float
    kind: str
    status: int
    clean: bool
    marker: str | None
    detail: str = ""


@dataclass
class Traffic:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _clean_failure(kind: str, status: int, body: bytes) -> tuple[bool, str]:
    """A 5xx is clean when it is the site's own error answer: the API's error shape or the 500 page."""
    text = body.decode("utf-8", "replace")
    if kind.startswith("api"):
        try:
            error = json.loads(text)["error"]
            return {"code", "message"} <= set(error), error.get("code", "")
        except (ValueError, KeyError, TypeError):
            return False, text[:200]
    return "Something went wrong" in text and "Traceback" not in text, text[:200]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def test_requests_in_flight_during_a_postgres_restart_fail_cleanly_and_the_site_recovers(monkeypatch):
    folder = Path(tempfile.mkdtemp(prefix="hearth-pg-restart-"))
    postgres = OwnPostgres(folder)
    server = None
    try:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.server_settings",
               "DATABASE_URL": postgres.url, "HEARTH_VAR_DIR": str(folder), "REDIS_URL": ""}
        _manage(env, "migrate", "--noinput")
        seed = json.loads(_manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
        for scope in ("ANON", "USER", "IP", "WRITES", "AUTH"):
            monkeypatch.setenv(f"HEARTH_API_THROTTLE_{scope}", "1000000/min")
        monkeypatch.setenv("REDIS_URL", "")
        monkeypatch.setenv("DJANGO_CONN_MAX_AGE", "60")
        server = http_load.start_gunicorn(database_url=postgres.url, workdir=folder, workers=2)
        workers_before = _children(server.process.pid)
        traffic = _run_traffic(server.port, seed, postgres)
        workers_after = _children(server.process.pid)
    finally:
        if server is not None:
            server.stop()
        log = (folder / "gunicorn.log").read_text()[-3000:] if (folder / "gunicorn.log").exists() else ""
    try:
        stored = _stored_markers(postgres.url, seed["thread"])
    finally:
        postgres.stop()
        subprocess.run(["rm", "-rf", str(folder)], check=False)

    restart_at, restart_done = traffic.restart
    outcomes = traffic.outcomes
    failed = [o for o in outcomes if o.status == 0 or o.status >= 400]
    unclean = [o for o in failed if not o.clean]
    after = [o for o in outcomes if o.started > restart_done + SETTLE_S]
    accepted = {o.marker for o in outcomes if o.marker and 200 <= o.status < 400}
    stats.count("faults_injected")
    stats.count("requests_made", len(outcomes))
    stats.set_value("postgres_restart", (
        f"{len(outcomes)} requests, {len(failed)} failed while it restarted "
        f"({restart_done - restart_at:.1f} s), all clean: {not unclean}; "
        f"{len(accepted)} replies accepted, {len(accepted - stored['markers'])} lost"
    ))
    assert not unclean, [(o.kind, o.status, o.detail) for o in unclean[:10]] + [log]
    late_failures = [(o.kind, o.status, o.detail) for o in after if not 200 <= o.status < 400]
    assert after and not late_failures, late_failures[:10]
    assert accepted - stored["markers"] == set(), "accepted replies missing from the database"
    # No half-written post: each stored reply is whole (rendered, in the tree, counted on its thread) and
    # appears once, whether or not its request got an answer.
    assert stored["duplicates"] == [] and stored["broken"] == [], stored
    assert stored["reply_count"] == stored["replies"], stored
    assert workers_before == workers_after, "a gunicorn worker was replaced: the site did not recover itself"
    assert any(o.status == 0 or o.status >= 500 for o in outcomes), "the restart caused no failure at all?"
    stats.count("faults_survived")
    stats.count("items_lost", len(accepted - stored["markers"]))


def _run_traffic(port: int, seed: dict, postgres: OwnPostgres) -> Traffic:
    traffic = Traffic()
    stop = threading.Event()
    csrf = secrets.token_hex(16)
    cookie = f"csrftoken={csrf}; sessionid={seed['session']}"
    thread_id = seed["thread"]
    origin = time.monotonic()

    def client(index: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            kind = ("api_reply", "web_reply", "web_read", "api_read")[(index + n) % 4]
            marker = f"pg-{secrets.token_hex(6)}" if kind.endswith("reply") else None
            headers: dict[str, str] = {}
            body = None
            if kind == "api_reply":
                method, path = "POST", f"/api/v1/threads/{thread_id}/replies/"
                headers = {"Authorization": f"Token {seed['token']}", "Content-Type": "application/json"}
                body = json.dumps({"body": f"Still with you. [{marker}]"})
            elif kind == "web_reply":
                method, path = "POST", f"/threads/{thread_id}/reply/"
                headers = {"Cookie": cookie, "X-CSRFToken": csrf,
                           "Content-Type": "application/x-www-form-urlencoded"}
                body = urlencode({"body": f"Still with you. [{marker}]"})
            elif kind == "web_read":
                method, path, headers = "GET", f"/threads/{thread_id}/", {"Cookie": cookie}
            else:
                method, path = "GET", f"/api/v1/threads/{thread_id}/"
                headers = {"Authorization": f"Token {seed['token']}"}
            started = time.monotonic() - origin
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                status = response.status
                clean, detail = (True, "") if status < 500 else _clean_failure(kind, status, payload)
                if 400 <= status < 500:
                    clean, detail = False, payload[:200].decode("utf-8", "replace")
            except (OSError, http.client.HTTPException) as exc:
                status, clean, detail = 0, False, type(exc).__name__
            finally:
                conn.close()
            with traffic.lock:
                traffic.outcomes.append(Outcome(started, kind, status, clean, marker, detail))

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(BEFORE_S)
    restart_at = time.monotonic() - origin
    postgres.restart()
    restart_done = time.monotonic() - origin
    time.sleep(AFTER_S)
    stop.set()
    for t in threads:
        t.join(timeout=40)
    traffic.restart = (restart_at, restart_done)  # type: ignore[attr-defined]
    return traffic


def _stored_markers(url: str, thread_id: int) -> dict:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT id, body, body_html, root_id, depth, status FROM community_post "
            "WHERE thread_id = %s AND parent_id IS NOT NULL", (thread_id,)
        ).fetchall()
        reply_count = conn.execute("SELECT reply_count FROM community_thread WHERE id = %s",
                                   (thread_id,)).fetchone()[0]
    markers: list[str] = []
    broken = []
    for pk, body, html, root_id, depth, status in rows:
        found = MARKER.findall(body)
        markers += found
        whole = bool(found) and found[0] in (html or "") and root_id is not None and depth == 1
        if not whole or status != "published":
            broken.append(pk)
    return {"markers": set(markers), "duplicates": sorted({m for m in markers if markers.count(m) > 1}),
            "broken": broken, "replies": len(rows), "reply_count": reply_count}
