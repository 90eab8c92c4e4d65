"""Hearth's Celery plumbing, shared by community's and moderation's tasks: one base task, one retry policy.

Every task is declared through :func:`background_task`, which spells out the house rules in one place:
an explicit name, JSON, ``acks_late`` (a worker that dies mid-task leaves the message for another),
automatic retries with exponential backoff and jitter on known transient errors (:data:`TRANSIENT_ERRORS`),
soft and hard time limits, and a :class:`~community.models.DeadLetter` row (admin: "Failed tasks") when the
last retry fails. moderation may import community, so its tasks use the same decorator.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from typing import Any

from celery import Task, shared_task
from django.db import OperationalError as DatabaseOperationalError

logger = logging.getLogger(__name__)

# Errors that a later attempt may not hit: network, SMTP, a locked/restarting database. The one retry policy
# of both apps' tasks; a task that records its own failures (outbox delivery) narrows it explicitly.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
    OSError,  # also covers urllib.error.URLError and socket errors
    DatabaseOperationalError,
)


def dispatch(task: Task, *args: Any) -> bool:
    """``task.delay(*args)`` that logs instead of raising when the broker is unreachable.

    Use it only for work that is also recorded in the database, so that a sweeper can dispatch it later.
    """
    try:
        task.delay(*args)
    except Exception:  # kombu raises several unrelated types when the broker is unreachable
        logger.warning("Could not dispatch %s%r; a sweeper will retry", task.name, args, exc_info=True)
        return False
    return True


class HearthTask(Task):
    """Base task: a failure after the last retry leaves a dead-letter row a person can see."""

    # Failures that are already recorded elsewhere (e.g. on the outbox row) and are not dead yet.
    not_dead_letters: tuple[type[BaseException], ...] = ()

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        if isinstance(exc, self.not_dead_letters):
            return
        from community.models import DeadLetter

        try:
            DeadLetter.objects.create(
                task_name=self.name,
                task_id=task_id or "",
                args=list(args or []),
                kwargs=dict(kwargs or {}),
                error=f"{type(exc).__name__}: {exc}"[:2000],
                traceback=str(einfo)[:20000] if einfo else "",
            )
        except Exception:  # the database may be what failed; the log still has it
            logger.exception("Could not record dead letter for task %s (%s)", self.name, task_id)


def background_task(
    *,
    name: str,
    autoretry_for: tuple[type[BaseException], ...] = TRANSIENT_ERRORS,
    max_retries: int = 5,
    soft_time_limit: int = 240,
    time_limit: int = 300,
    **options: Any,
) -> Callable:
    """``shared_task`` with Hearth's defaults; any option can be overridden per task."""
    return shared_task(
        name=name,
        base=options.pop("base", HearthTask),
        bind=options.pop("bind", False),
        serializer="json",
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=autoretry_for,
        retry_backoff=options.pop("retry_backoff", True),
        retry_backoff_max=options.pop("retry_backoff_max", 600),
        retry_jitter=True,
        max_retries=max_retries,
        soft_time_limit=soft_time_limit,
        time_limit=time_limit,
        **options,
    )
