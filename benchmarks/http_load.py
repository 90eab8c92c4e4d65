"""A small closed-loop HTTP load generator and the gunicorn process it drives. Traffic goes only to 127.0.0.1.

Each client thread sends one request at a time (a new connection each: gunicorn's sync workers close it),
picking thread reads, list pages or replies by weight, until the deadline or its request cap. Replies carry
a unique marker so the caller can check afterwards that every accepted reply is in the database.
"""

from __future__ import annotations

import http.client
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

HOST = "127.0.0.1"  # never anything else
MAX_REQUESTS_PER_CLIENT = 50_000
REQUEST_TIMEOUT_S = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its own workers
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_gunicorn(*, database_url: str, workdir: Path, workers: int = 2, timeout_s: float = 60) -> Server:
    port = free_port()
    log_path = workdir / "gunicorn.log"
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.server_settings",
            "DATABASE_URL": database_url,
            "HEARTH_VAR_DIR": str(workdir),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    command = [
        sys.executable, "-m", "gunicorn", "community.wsgi:application",
        "--workers", str(workers), "--bind", f"{HOST}:{port}", "--worker-class", "sync",
        "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    log = log_path.open("wb")
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(process=process, port=port, log_path=log_path)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early; see {log_path}:\n{log_path.read_text()[-2000:]}")
        try:
            status, _ = request(port, "GET", "/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer within {timeout_s:.0f} s; see {log_path}")


def server_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by the gunicorn master and its workers (Linux /proc; None elsewhere).

    Server CPU per request does not depend on how busy the rest of the machine is, unlike latency.
    """
    proc = Path("/proc")
    if not proc.exists():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        # After the command name: state, ppid, ...; utime and stime are fields 14 and 15 of stat.
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def request(
    port: int, method: str, path: str, *, headers: dict | None = None, body: str | None = None
) -> tuple[int, dict]:
    status, response_headers, _ = request_with_body(port, method, path, headers=headers, body=body)
    return status, response_headers


def request_with_body(
    port: int, method: str, path: str, *, headers: dict | None = None, body: str | None = None
) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        content = response.read()
        return response.status, dict(response.getheaders()), content
    finally:
        conn.close()


@dataclass
class ClientIdentity:
    """A member's prepared session cookie: the member a load client writes replies as."""

    session: str
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))  # 32 chars: an unmasked CSRF secret


@dataclass
class Workload:
    thread_paths: list[str]
    list_paths: list[str]
    reply_paths: list[str]  # /threads/<id>/reply/
    reply_bodies: list[str]
    read_share: float = 0.80
    list_share: float = 0.15  # the rest are replies
    # Readers are not signed in (most people reading a support forum are not), so they share the page
    # cache; replies come from signed-in members. False: every request carries the member's session.
    anonymous_readers: bool = True


@dataclass
class LoadResult:
    latencies_ms: dict[str, list[float]] = field(
        default_factory=lambda: {"read": [], "list": [], "reply": [], "after_write": []}
    )
    errors: dict[str, int] = field(default_factory=dict)
    accepted_replies: list[str] = field(default_factory=list)  # markers of replies answered with a redirect
    # After each accepted reply its writer reads the thread page the redirect leads to, then an anonymous
    # reader reads the same page: markers missing from the writer's page are stale reads outright; those
    # missing from the anonymous page are stale unless the reply is not public (held by screening), which
    # the caller checks in the database afterwards.
    stale_for_writer: list[str] = field(default_factory=list)
    missing_for_anonymous: list[str] = field(default_factory=list)
    requests: int = 0
    elapsed_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def all_latencies(self) -> list[float]:
        return [v for values in self.latencies_ms.values() for v in values]


def run_load(
    *, port: int, workload: Workload, identities: list[ClientIdentity], seconds: float, seed: int = 3
) -> LoadResult:
    """``len(identities)`` concurrent clients for ``seconds``; bounded by time and by a per-client cap."""
    result = LoadResult()
    started = time.monotonic()
    deadline = started + seconds
    cookie_name = settings.SESSION_COOKIE_NAME
    csrf_cookie = settings.CSRF_COOKIE_NAME

    def client(index: int, identity: ClientIdentity) -> None:
        rng = random.Random(seed + index)
        cookies = f"{csrf_cookie}={identity.csrf}; {cookie_name}={identity.session}"
        reader_headers = {} if workload.anonymous_readers else {"Cookie": cookies}
        sent = 0
        while sent < MAX_REQUESTS_PER_CLIENT and time.monotonic() < deadline:
            sent += 1
            roll = rng.random()
            headers = dict(reader_headers)
            body = None
            marker = None
            if roll < workload.read_share:
                kind, method, path = "read", "GET", rng.choice(workload.thread_paths)
            elif roll < workload.read_share + workload.list_share:
                kind, method, path = "list", "GET", rng.choice(workload.list_paths)
            else:
                headers = {"Cookie": cookies}
                kind, method, path = "reply", "POST", rng.choice(workload.reply_paths)
                marker = f"load-{index}-{sent}-{secrets.token_hex(4)}"
                body = urlencode({"body": f"{rng.choice(workload.reply_bodies)}\n\n({marker})"})
                headers.update(
                    {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": identity.csrf}
                )
            t0 = time.perf_counter()
            location = ""
            try:
                status, response_headers = request(port, method, path, headers=headers, body=body)
                location = response_headers.get("Location", "")
                error = None if status < 400 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
                status = 0
            latency = (time.perf_counter() - t0) * 1000
            with result.lock:
                result.requests += 1
                result.latencies_ms[kind].append(latency)
                if error:
                    key = f"{kind}: {error}"
                    result.errors[key] = result.errors.get(key, 0) + 1
                elif kind == "reply":
                    if status == 302:
                        result.accepted_replies.append(marker)
                    else:  # a 200 re-renders the form: the reply was not accepted
                        key = f"reply: HTTP {status} (not accepted)"
                        result.errors[key] = result.errors.get(key, 0) + 1
            if kind == "reply" and status == 302 and location:
                read_after_write(location, marker, {"Cookie": cookies})

    def read_after_write(location: str, marker: str, writer_headers: dict) -> None:
        """The writer follows the redirect to the reply's page; then an anonymous reader reads that page."""
        found = {}
        for who, headers in (("writer", writer_headers), ("anonymous", {})):
            t0 = time.perf_counter()
            try:
                path = location
                if who == "writer":
                    # /posts/<id>/ answers with the thread page (and page number) the reply is on.
                    status, response_headers, _ = request_with_body(port, "GET", path, headers=headers)
                    path = response_headers.get("Location", path) if status == 302 else path
                    location = path.split("#", 1)[0]
                status, _, content = request_with_body(port, "GET", location, headers=headers)
                error = None if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                error, content = type(exc).__name__, b""
            with result.lock:
                result.requests += 1 if who == "anonymous" else 2
                result.latencies_ms["after_write"].append((time.perf_counter() - t0) * 1000)
                if error:
                    key = f"after_write: {error}"
                    result.errors[key] = result.errors.get(key, 0) + 1
                    return
            found[who] = marker.encode() in content
        with result.lock:
            if not found.get("writer"):
                result.stale_for_writer.append(marker)
            if not found.get("anonymous"):
                result.missing_for_anonymous.append(marker)

    threads = [
        threading.Thread(target=client, args=(i, identity), daemon=True)
        for i, identity in enumerate(identities)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT_S + 5)
    result.elapsed_s = time.monotonic() - started
    return result
