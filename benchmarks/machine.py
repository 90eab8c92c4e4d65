"""What the numbers were measured on; benchmark JSON is meaningless without it."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

import django
from django.db import connection


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _db_version() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT VERSION()")
        return str(cursor.fetchone()[0])


def load_average() -> list[float] | None:
    """1/5/15-minute load: other work on the machine skews every timing, so the JSON records it."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine_info() -> dict:
    return {
        "load_average_at_start": load_average(),
        "cpu": _cpu_model(),
        "cores": _usable_cores(),
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "db_vendor": connection.vendor,
        "db_version": _db_version(),
        "platform": platform.platform(),
    }
