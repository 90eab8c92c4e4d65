"""Embedded defaults for running Hearth on one machine: SQLite, file emails, local Celery worker + beat.

Only ``manage.py`` defaults to these settings (``make run`` and ``run_local`` start here). The public
development key is refused as soon as DJANGO_ALLOWED_HOSTS names a host beyond this machine.
"""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, _refuse_development_key, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Serve static files straight from the app folders while developing; no collectstatic needed.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = True

_refuse_development_key(secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)
