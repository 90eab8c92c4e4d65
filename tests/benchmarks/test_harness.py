"""The benchmark's own pieces: text grammar, percentiles, the table and the throwaway database."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from benchmarks.report import table
from benchmarks.stats import Result, percentile, skipped
from benchmarks.textgen import MAX_CHARS, MIN_CHARS, TextGenerator


def test_generated_posts_are_between_200_and_800_characters_and_reproducible():
    first = TextGenerator(seed=5).corpus(300)
    again = TextGenerator(seed=5).corpus(300)

    assert first == again
    assert all(MIN_CHARS <= len(text) <= MAX_CHARS for text in first)
    assert len(set(first)) > 250


def test_percentile_interpolates_like_numpy():
    samples = [1.0, 2.0, 3.0, 4.0]

    assert percentile(samples, 50) == 2.5
    assert percentile(samples, 0) == 1.0
    assert percentile(samples, 100) == 4.0
    assert percentile([7.0], 95) == 7.0


def test_a_skipped_case_has_a_reason_and_no_numbers():
    result = skipped("queue_list", "the review queue page does not exist yet", n=50_000)

    assert result.status == "skipped: the review queue page does not exist yet"
    assert result.as_json()["p50_ms"] is None
    assert "skipped: the review queue page" in table([result])


def test_table_shows_targets_and_notes():
    text = table(
        [
            Result(
                name="reply_post",
                n=500,
                queries=16,
                p50_ms=18.04,
                p95_ms=30.2,
                per_second=50.0,
                target="p50 <= 20 ms",
                status="met",
                note="moderation screening",
            )
        ]
    )

    assert "reply_post" in text and "18.0" in text and "met" in text and "moderation screening" in text


SCRIPT = """
import os, django
django.setup()
from django.db import connection
from benchmarks.database import throwaway_database, live_database_name
from community.models import Member
with throwaway_database() as database:
    print("BENCH", live_database_name(connection))
    print("MEMBERS", Member.objects.count())
print("EXISTS", os.path.exists(database.name))
"""


def test_the_throwaway_database_is_a_fresh_file_removed_afterwards_and_the_real_one_is_untouched(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings.local",
        "HEARTH_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    env.pop("DATABASE_URL", None)
    real = tmp_path / "hearth.sqlite3"

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line[:1].isupper())
    assert lines["BENCH"].endswith("bench.sqlite3")
    assert lines["BENCH"] != str(real)
    assert lines["MEMBERS"] == "0"
    assert lines["EXISTS"] == "False"
    assert not real.exists()


def _python_m_benchmarks(*args: str, var_dir, timeout: int = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "HEARTH_VAR_DIR": str(var_dir)}
    # Like manage.py, the entry point defaults to the local settings; the benchmark then switches to a
    # throwaway database of its own.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_python_m_benchmarks_offers_the_options_and_refuses_an_unknown_case_before_doing_anything(tmp_path):
    shown = _python_m_benchmarks("--help", var_dir=tmp_path)
    refused = _python_m_benchmarks("--quick", "--only", "thread_api,no_such_case", var_dir=tmp_path)

    assert shown.returncode == 0, shown.stderr
    assert all(option in shown.stdout for option in ("--quick", "--json", "--only", "--profile"))
    assert refused.returncode == 2
    assert "Unknown case(s): no_such_case" in refused.stderr
    assert "thread_render" in refused.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_python_m_benchmarks_runs_a_case_on_the_local_settings_and_writes_its_json(tmp_path):
    out = tmp_path / "bench.json"

    done = _python_m_benchmarks(
        "--quick", "--only", "thread_api", "--json", str(out), var_dir=tmp_path, timeout=300
    )

    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(out.read_text())["results"]
    assert {result["name"] for result in results} >= {"thread_api"}
    assert all(result["status"] != "error" for result in results)
    assert not (tmp_path / "hearth.sqlite3").exists()  # the developer's database was never created
