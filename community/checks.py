"""System checks for settings that would put people at risk (``manage.py check``; CI runs ``--deploy``).

Registered in ``CommunityConfig.ready()``. Servers do not run checks, so what must stop start-up is also
enforced where it is used: the development key in the settings modules, the webhook rules at send time.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from community.services.outbox import WEBHOOK_NOT_HTTPS, webhook_configuration_problem


@register(Tags.security)
def check_alert_webhook(app_configs, **kwargs) -> list[Error]:
    """hearth.E002: a webhook URL needs a secret to sign with; hearth.E003: and https."""
    url = getattr(settings, "HEARTH_ALERT_WEBHOOK_URL", "")
    secret = getattr(settings, "HEARTH_ALERT_WEBHOOK_SECRET", "")
    problem = webhook_configuration_problem(url=url, secret=secret)
    if not problem:
        return []
    error_id = "hearth.E003" if problem == WEBHOOK_NOT_HTTPS else "hearth.E002"
    return [
        Error(
            problem,
            hint="Receivers check X-Hearth-Signature with the shared secret; see README.md, Alert webhook.",
            id=error_id,
        )
    ]


@register(Tags.security, deploy=True)
def check_development_secret_key(app_configs, **kwargs) -> list[Error]:
    """hearth.E001: the public development key must never reach a deployment."""
    if getattr(settings, "DEVELOPMENT_SECRET_KEY", None) != settings.SECRET_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is the public development key.",
            hint="Set DJANGO_SECRET_KEY to a long random value.",
            id="hearth.E001",
        )
    ]
