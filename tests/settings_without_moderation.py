"""Hearth's test settings with the moderation app left out (tests/test_architecture.py): community must run
on its own, with its moderation port's safe default."""

from community.settings.test import *  # noqa: F403
from community.settings.test import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "moderation"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# Nothing outside the process: a post's side effects run inline against the in-memory database.
CELERY_TASK_ALWAYS_EAGER = True
