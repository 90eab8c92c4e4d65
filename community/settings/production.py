"""Production: PostgreSQL (DATABASE_URL), Redis (REDIS_URL), SMTP email, HTTPS everywhere.

The default for ``community.wsgi``, ``community.asgi`` and the Celery app, so a server started without
DJANGO_SETTINGS_MODULE never runs with DEBUG on or the public development key.
"""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, _refuse_development_key, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: a missing key stops start-up
_refuse_development_key(secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS, anywhere=True)
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
