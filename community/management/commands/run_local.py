"""Run the whole site on embedded defaults: the web server, a Celery worker and Celery beat.

The worker and beat use kombu's filesystem transport (see CELERY_BROKER_URL in settings), so nothing
else has to be installed or started. One Ctrl-C, or SIGTERM to this process (or to the `make run` that
started it), stops all three.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the development server with a local Celery worker and beat (embedded defaults)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-celery", action="store_true", help="Only run the web server.")

    def handle(self, *args, addrport: str, no_celery: bool, **options) -> None:
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            for folder in settings.CELERY_BROKER_TRANSPORT_OPTIONS.values():
                if isinstance(folder, str):
                    os.makedirs(folder, exist_ok=True)
        os.makedirs(settings.EMAIL_FILE_PATH, exist_ok=True)
        children: list[subprocess.Popen] = []
        # SIGTERM would otherwise end this process at once and orphan the worker and beat; turning it into
        # KeyboardInterrupt runs the same shutdown as Ctrl-C. The children get a session of their own so that
        # one Ctrl-C in the terminal reaches only this process, which then stops them in order.
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        if not no_celery:
            celery = [sys.executable, "-m", "celery", "-A", "community"]
            beat_schedule = os.path.join(settings.VAR_DIR, "celerybeat.pid")
            # The Celery app defaults to production settings; the worker and beat must use the same
            # (local) settings as this web server, whatever the shell had.
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
            children.append(
                subprocess.Popen(
                    [*celery, "worker", "--pool", "solo", "--loglevel", "INFO", "-n", "local@%h"],
                    start_new_session=True,
                    env=env,
                )
            )
            children.append(
                subprocess.Popen(
                    [*celery, "beat", "--loglevel", "INFO", "--pidfile", beat_schedule],
                    start_new_session=True,
                    env=env,
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"\nHearth is starting at http://{addrport}/\n"
                f"Emails are written to {settings.EMAIL_FILE_PATH}\n"
            )
        )
        try:
            call_command("runserver", addrport, use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
