"""Embedded defaults for running Hearth on one machine: SQLite, file emails, local Celery worker + beat."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Serve static files straight from the app folders while developing; no collectstatic needed.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = True
