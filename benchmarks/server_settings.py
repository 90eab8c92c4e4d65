"""Settings for the gunicorn server the http_load case starts: the local defaults, production-like.

DATABASE_URL (the throwaway benchmark database) and HEARTH_VAR_DIR (a temporary directory) come from the
environment the benchmark passes; nothing here reaches the developer's database or var/ directory.
"""

from community.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks queued after a reply stay in the worker's memory: no Celery worker runs during the load test.
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
CELERY_TASK_ALWAYS_EAGER = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
