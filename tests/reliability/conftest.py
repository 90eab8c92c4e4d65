"""Fixtures for the fault and abuse suite. Real services come from tests/integration/conftest.py.

Tests that need a worker process, gunicorn or a PostgreSQL cluster are marked ``integration`` and
``fault``; they skip with a reason when what they need is missing. As in tests/integration, a worker or a
server started here must open the test database: on PostgreSQL that is pytest-django's ``test_<name>``
database, on SQLite a file (only when this folder runs in its own pytest session).
"""

from __future__ import annotations

import pytest

from tests.integration.conftest import SQLITE_TEST_DB, mail_dir, own_redis  # noqa: F401 - fixtures
from tests.reliability import stats


@pytest.fixture(autouse=True)
def _folder_defaults(lexical_screening, empty_cache):
    """Every test here screens with the lexical backend and starts with an empty cache (tests/conftest.py)."""


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(SQLITE_TEST_DB)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not stats.FIGURES and not stats.VALUES:
        return
    terminalreporter.section("Hearth reliability figures")
    for name, value in sorted({**stats.FIGURES, **stats.VALUES}.items()):
        terminalreporter.write_line(f"{name}: {value}")
