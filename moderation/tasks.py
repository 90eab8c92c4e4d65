"""Celery tasks of the moderation app: thin wrappers that take ids and call services, safe to retry."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="moderation.screen_post_slow",
    acks_late=True,
    serializer="json",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def screen_post_slow(post_id: int) -> list[str]:
    """The embedding pass (off-topic, crisis paraphrases) for one post; see services.screening."""
    from moderation.services.screening import screen_post_slow as run

    return run(post_id=post_id)
