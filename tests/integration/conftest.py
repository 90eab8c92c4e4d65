"""Real Celery workers for integration tests (``pytest -m integration tests/integration``).

The worker is a separate process, so it must see the test database:

- PostgreSQL (``DATABASE_URL`` set, as in CI): the worker connects to pytest-django's ``test_<name>``
  database; tests use ``transactional_db`` so their rows are committed and visible.
- SQLite: the test database is put in a file (``django_db_modify_db_settings`` below). This only takes effect
  when the integration tests set the database up, i.e. when they run in their own pytest session; in a mixed
  session whose database was already created in memory they skip with that explanation.

Redis: tests that need the CI Redis skip unless ``REDIS_URL`` is set and answers; the outage test starts its
own ``redis-server`` on a spare port (skips if the binary is missing). Emails go to a file backend in a tmp
folder so the test can read what the worker sent.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SQLITE_TEST_DB = Path(tempfile.gettempdir()) / f"hearth-integration-{os.getpid()}.sqlite3"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(SQLITE_TEST_DB)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url: str, timeout: float = 1.0) -> bool:
    parsed = urlparse(url)
    try:
        address = (parsed.hostname or "127.0.0.1", parsed.port or 6379)
        with socket.create_connection(address, timeout=timeout) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def worker_database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if "memory" in name or not name:
            pytest.skip("The test database is in memory; run `pytest -m integration tests/integration`.")
        return f"sqlite:///{name}"
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


class Worker:
    def __init__(self, *, broker_url: str, mail_dir: Path, var_dir: Path, extra_env: dict | None = None):
        self.log = var_dir / "worker.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "community.settings.local",
            "DATABASE_URL": worker_database_url(),
            "CELERY_BROKER_URL": broker_url,
            "REDIS_URL": "",
            "HEARTH_VAR_DIR": str(var_dir),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "HEARTH_EMAIL_FILE_PATH": str(mail_dir),
            "HEARTH_CELERY_EAGER": "False",
            "HEARTH_OUTBOX_SWEEP_GRACE_SECONDS": "0",
            **(extra_env or {}),
        }
        celery = [sys.executable, "-m", "celery", "-A", "community", "worker", "--pool", "solo",
                  "--concurrency", "1", "-Q", "celery", "--loglevel", "INFO", "-n", f"it-{os.getpid()}@%h",
                  "--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.process = subprocess.Popen(celery, cwd=ROOT, env=env, stdout=self.log.open("w"),
                                        stderr=subprocess.STDOUT)
        self.wait_for_log("ready", timeout=60)

    def wait_for_log(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"Worker exited early:\n{self.log.read_text()[-4000:]}")
            if text in self.log.read_text():
                return
            time.sleep(0.2)
        raise AssertionError(f"Worker log never said {text!r}:\n{self.log.read_text()[-4000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def app_publishing_to(broker_url: str, transport_options: dict | None = None) -> Iterator[None]:
    """Make this (test) process publish tasks to a real broker instead of running them eagerly."""
    from community.celery_app import app

    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}

    def reset_pools() -> None:
        from kombu import pools

        if app._pool is not None:
            app._pool.force_close_all()
            app._pool = None
        app.amqp._producer_pool = None
        # kombu keeps producer pools per broker URL; a closed one would be handed back next time.
        pools.reset()

    app.conf.update(broker_url=broker_url, broker_transport_options=transport_options or {},
                    task_always_eager=False)
    reset_pools()
    try:
        yield
    finally:
        app.conf.update(saved)
        reset_pools()


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url or not redis_answers(url):
        pytest.skip("REDIS_URL is not set or Redis does not answer")
    return url


class OwnRedis:
    """A throwaway redis-server on 127.0.0.1 that a test can stop and start again."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not redis_answers(self.url, timeout=0.2):
            if time.monotonic() > deadline:
                raise AssertionError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis()
    yield server
    server.stop()


def wait_for_mail(mail_dir: Path, *, containing: str, timeout: float = 30, count: int = 1) -> list[str]:
    deadline = time.monotonic() + timeout
    found: list[str] = []
    while time.monotonic() < deadline:
        found = [p.read_text() for p in sorted(mail_dir.glob("*.log")) if containing in p.read_text()]
        if len(found) >= count:
            return found
        time.sleep(0.25)
    return found
