"""The Celery application. Tasks live in each app's tasks.py and are found by autodiscovery.

``celery -A community worker`` gets production settings unless DJANGO_SETTINGS_MODULE says otherwise; this
module is imported with the ``community`` package, so its default is also the one ``community.wsgi`` and
``community.asgi`` end up with. ``manage.py run_local`` passes its own (local) settings to the worker and
beat it starts.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.production")

app = Celery("hearth")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
