"""The throwaway database the benchmark builds its synthetic community in.

SQLite (the default): a fresh file in a temporary directory. PostgreSQL (when DATABASE_URL points at one): a
database ``hearth_bench_<pid>`` created on that server and dropped afterwards. Either way Django's own
test-database machinery creates it, migrates it and switches the ``default`` connection to it, so the
developer's database (var/hearth.sqlite3 or the one named in DATABASE_URL) is never opened for writing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections


@dataclass(frozen=True)
class BenchDatabase:
    vendor: str
    name: str

    def url(self) -> str:
        """A DATABASE_URL for child processes (gunicorn) that must open the same database."""
        conn = connections["default"].settings_dict
        if self.vendor == "sqlite":
            return f"sqlite:///{self.name}"
        user = quote(conn.get("USER") or "", safe="")
        password = quote(conn.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = conn.get("HOST") or "localhost"
        port = f":{conn['PORT']}" if conn.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{self.name}"


def live_database_name(connection) -> str:
    """The database the open connection really talks to (a file path for SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA database_list")
            return next(row[2] for row in cursor.fetchall() if row[1] == "main")
        cursor.execute("SELECT current_database()")
        return cursor.fetchone()[0]


@contextmanager
def throwaway_database(*, verbosity: int = 0) -> Iterator[BenchDatabase]:
    connection = connections["default"]
    vendor = connection.vendor
    tmpdir = None
    if vendor == "sqlite":
        tmpdir = tempfile.mkdtemp(prefix="hearth-bench-")
        name = os.path.join(tmpdir, "bench.sqlite3")
    elif vendor == "postgresql":
        name = f"hearth_bench_{os.getpid()}"
    else:
        raise CommandError(f"The benchmark supports SQLite and PostgreSQL, not {vendor}.")
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved_test_name = test_settings.get("NAME")
    old_name = connection.settings_dict["NAME"]
    test_settings["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
        # Belt and braces: the open connection itself must be the new database (Django keeps an in-memory
        # SQLite connection open across a NAME change, for example), never the developer's.
        if live_database_name(connection) != name:
            raise CommandError("Could not switch to the throwaway benchmark database; nothing was written.")
        yield BenchDatabase(vendor=vendor, name=name)
    finally:
        try:
            connections.close_all()
            if connection.settings_dict["NAME"] == name:
                connection.creation.destroy_test_db(old_name, verbosity=verbosity)
        finally:
            settings.DATABASES["default"]["NAME"] = old_name
            connection.settings_dict["NAME"] = old_name
            if saved_test_name is None:
                test_settings.pop("NAME", None)
            else:
                test_settings["NAME"] = saved_test_name
            if tmpdir is not None:
                shutil.rmtree(tmpdir, ignore_errors=True)
