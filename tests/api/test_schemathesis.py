"""Schemathesis against the live schema: a real server on 127.0.0.1, a seeded database, a moderator's token.

Every operation is fuzzed with a fixed seed and example budget; the run fails on any 5xx or any response
that does not match the schema. Run it with ``pytest -m fuzz tests/api/test_schemathesis.py`` (about two
minutes). The server uses its own SQLite file, never the test or development database.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parents[2]
SEED = 42
MAX_EXAMPLES = 15
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _st() -> str:
    local = Path(sys.executable).with_name("st")
    return str(local) if local.exists() else (shutil.which("st") or "st")


@pytest.fixture
def server_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fuzz.sqlite3'}",
        "HEARTH_VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
        # The lexical embedding backend: screening stays real but needs no model load per request.
        "HEARTH_EMBEDDING_BACKEND": "lexical",
        "PYTHONUNBUFFERED": "1",
    }
    # Throttling has its own tests; here it would only turn fuzz cases into 429s.
    for scope in ("ANON", "USER", "IP", "WRITES", "AUTH"):
        env[f"HEARTH_API_THROTTLE_{scope}"] = "1000000/min"
    return env


def _manage(env, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture
def live_api(server_env, tmp_path):
    _manage(server_env, "migrate", "--noinput")
    _manage(server_env, "seed_demo")
    output = _manage(server_env, "drf_create_token", "moderator@hearth.local")
    token = re.search(r"token (\w+)", output).group(1)
    port = _free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=server_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/schema/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("The API server did not start: " + (tmp_path / "server.log").read_text()[-2000:])
        yield base, token, tmp_path / "server.log"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_schemathesis_finds_no_server_errors_and_no_schema_violations(live_api, tmp_path):
    base, token, server_log = live_api
    command = [
        _st(),
        "run",
        f"{base}/api/schema/?format=json",
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        # The explicit examples, then property-based fuzzing. The "coverage" phase (every boundary of every
        # field) alone takes minutes here; run it by hand with --phases coverage when changing the schema.
        "--phases",
        "examples,fuzzing",
        # Two concurrent clients, so write transactions overlap (this found SQLite's "database is locked").
        "--workers",
        "2",
        "--generation-database",
        "none",
        # Revoking the token would sign the rest of the run out.
        "--exclude-path",
        "/api/v1/auth/token/",
        "--request-timeout",
        "30",
        "--no-color",
        "--report-dir",
        str(tmp_path / "report"),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    server_errors = [line for line in server_log.read_text().splitlines() if re.search(r'" 5\d\d ', line)]
    summary = result.stdout[-6000:]
    print(summary)  # the run's summary (cases generated, warnings) shows with pytest -s
    assert not server_errors, "\n".join(server_errors[:20]) + "\n" + summary
    assert result.returncode == 0, summary + result.stderr[-2000:]
