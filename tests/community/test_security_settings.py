"""Safe defaults: servers start on production settings, the public development key never leaves this machine,
and the system checks refuse a webhook without a secret or without https."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.management import call_command

from community.management.commands import run_local

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "test-only-" + "k9Q2x7Lr4Vm1Zp8Ws3Nb6Yt0Hc5Jd2Fg7Ka4Ue9Rq1Ix3Oe8" * 2


def python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter with none of the shell's Django settings (as a server would start)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "HEARTH_")) and key not in {"CELERY_BROKER_URL", "REDIS_URL"}
    }
    clean.update(HEARTH_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


SHOW_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY)"
)


@pytest.mark.parametrize("entry_point", ["import community.wsgi", "import community.asgi"])
def test_a_server_started_without_settings_refuses_to_run_on_the_development_key(entry_point, tmp_path):
    result = python(entry_point, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "entry_point",
    [
        "import community.wsgi",
        "import community.asgi",
        "from community.celery_app import app; app.loader.import_default_modules()",
    ],
)
def test_a_server_or_worker_started_without_settings_gets_production_without_debug(entry_point, tmp_path):
    result = python(f"{entry_point}; {SHOW_SETTINGS}", tmp_path, DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-3:] == ["community.settings.production", "False", "False"]


def test_production_refuses_the_development_key_even_when_it_is_set_explicitly(tmp_path):
    result = python(
        "import community.wsgi",
        tmp_path,
        DJANGO_SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="localhost",
    )
    assert result.returncode != 0
    assert "Refusing to start with the public development SECRET_KEY" in result.stderr


def test_local_settings_refuse_the_development_key_for_a_public_host_name(tmp_path):
    result = python(
        f"import django; django.setup(); {SHOW_SETTINGS}",
        tmp_path,
        DJANGO_SETTINGS_MODULE="community.settings.local",
        DJANGO_ALLOWED_HOSTS="localhost,hearth.example.org",
    )
    assert result.returncode != 0
    assert "Refusing to start for hearth.example.org with the public development SECRET_KEY" in result.stderr


def test_local_settings_still_run_on_the_development_key_for_this_machine(tmp_path):
    setup = f"import django; django.setup(); {SHOW_SETTINGS}"
    result = python(setup, tmp_path, DJANGO_SETTINGS_MODULE="community.settings.local")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-3:] == ["community.settings.local", "True", "True"]


def test_manage_py_defaults_to_the_local_settings_for_make_run(tmp_path):
    result = python(f"import runpy, sys; sys.argv = ['manage.py', 'shell', '-c', {SHOW_SETTINGS!r}]; "
                    "runpy.run_path('manage.py', run_name='__main__')", tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-3:] == ["community.settings.local", "True", "True"]


def test_run_local_starts_its_worker_and_beat_on_its_own_settings_whatever_the_shell_says(monkeypatch):
    # Not the pytest-django settings fixture: overridden settings have no SETTINGS_MODULE.
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "community.settings.production")
    with (
        mock.patch.object(run_local.os, "makedirs"),
        mock.patch.object(run_local.subprocess, "Popen") as popen,
        mock.patch.object(run_local, "call_command") as runserver,
        mock.patch.object(run_local.signal, "signal"),  # keep pytest's own SIGTERM handling
    ):
        popen.return_value.poll.return_value = 0
        call_command("run_local", "127.0.0.1:8999")
    runserver.assert_called_once()
    assert popen.call_count == 2
    assert settings.SETTINGS_MODULE == "community.settings.test"
    for call in popen.call_args_list:
        assert call.kwargs["env"]["DJANGO_SETTINGS_MODULE"] == "community.settings.test"


# ------------------------------------------------------------------------------------------------------
# System checks
# ------------------------------------------------------------------------------------------------------


def check_ids() -> set[str]:
    return {message.id for message in run_checks()}


def test_a_webhook_url_without_a_secret_fails_the_system_check(settings):
    settings.HEARTH_ALERT_WEBHOOK_URL = "https://chat.example.org/hooks/abc"
    settings.HEARTH_ALERT_WEBHOOK_SECRET = ""
    assert "hearth.E002" in check_ids()
    settings.HEARTH_ALERT_WEBHOOK_SECRET = "s3cret"
    assert "hearth.E002" not in check_ids()


def test_a_plain_http_webhook_url_fails_the_system_check(settings):
    settings.HEARTH_ALERT_WEBHOOK_URL = "http://chat.example.org/hooks/abc"
    settings.HEARTH_ALERT_WEBHOOK_SECRET = "s3cret"
    assert "hearth.E003" in check_ids()


def test_no_webhook_configured_passes_the_system_check(settings):
    settings.HEARTH_ALERT_WEBHOOK_URL = ""
    settings.HEARTH_ALERT_WEBHOOK_SECRET = ""
    assert not {"hearth.E002", "hearth.E003"} & check_ids()


def test_the_deploy_check_refuses_the_development_key(settings):
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert "hearth.E001" in {message.id for message in run_checks(include_deployment_checks=True)}
    settings.SECRET_KEY = STRONG_KEY
    assert "hearth.E001" not in {message.id for message in run_checks(include_deployment_checks=True)}
