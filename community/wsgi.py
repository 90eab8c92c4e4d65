"""WSGI entry point (gunicorn community.wsgi:application).

Production settings unless DJANGO_SETTINGS_MODULE says otherwise: a server started without it must not run
with DEBUG on and the public development key. ``manage.py`` (and so ``make run``) defaults to local.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings.production")
application = get_wsgi_application()
