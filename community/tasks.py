"""Celery tasks of the community app: thin wrappers that call services, safe to retry.

Every task is declared through :func:`background_task`, which spells out the house rules in one place:
an explicit name, JSON, ``acks_late`` (a worker that dies mid-task leaves the message for another),
automatic retries with exponential backoff and jitter on known transient errors, soft and hard time limits,
and a :class:`~community.models.DeadLetter` row (admin: "Failed tasks") when the last retry fails.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from typing import Any

from celery import Task, shared_task
from django.db import OperationalError as DatabaseOperationalError

from community.services import digests, member_data, notifications, outbox, reactions, reminders, threads

logger = logging.getLogger(__name__)

# Errors that a later attempt may not hit: network, SMTP, a locked/restarting database.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
    OSError,
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


class OutboxDeliveryTask(HearthTask):
    # A transient failure is on the outbox row already (attempts, last_error, next_attempt_at); when
    # Celery's own retries run out the sweeper carries on, and the service writes the dead letter itself
    # once HEARTH_OUTBOX_MAX_ATTEMPTS is reached.
    not_dead_letters = (outbox.TransientDeliveryError,)


@background_task(
    name="community.deliver_outbound_message",
    base=OutboxDeliveryTask,
    autoretry_for=(outbox.TransientDeliveryError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    # Well under HEARTH_OUTBOX_CLAIM_SECONDS (180): a claim must outlive any running attempt.
    soft_time_limit=60,
    time_limit=90,
)
def deliver_outbound_message(message_id: int) -> str:
    return outbox.outbox_deliver(message_id=message_id).status


@background_task(name="community.sweep_outbox", max_retries=2, soft_time_limit=50, time_limit=55)
def sweep_outbox() -> int:
    return outbox.outbox_sweep()


@background_task(name="community.fan_out_reply_notifications")
def fan_out_reply_notifications(post_id: int) -> int:
    return notifications.fan_out_reply(post_id=post_id)


@background_task(name="community.sweep_fan_out", max_retries=2, soft_time_limit=50, time_limit=55)
def sweep_fan_out() -> int:
    return notifications.fan_out_sweep()


@background_task(name="community.send_due_digests", soft_time_limit=1500, time_limit=1800, max_retries=3)
def send_due_digests() -> int:
    return digests.digests_send_due().sent


@background_task(name="community.send_reminders", soft_time_limit=1500, time_limit=1800, max_retries=3)
def send_reminders() -> int:
    return reminders.reminders_send_all().total


@background_task(name="community.autoclose_threads", max_retries=3)
def autoclose_threads() -> int:
    return threads.threads_autoclose()


@background_task(name="community.build_data_export", max_retries=5)
def build_data_export(export_id: int) -> bool:
    return member_data.member_export_build(export_id=export_id)


@background_task(name="community.member_data_jobs", max_retries=2)
def member_data_jobs() -> int:
    """Erase accounts whose grace period has ended; dispatch again exports whose message was lost."""
    erased = member_data.members_erase_due()
    member_data.exports_redispatch()
    return erased


@background_task(name="community.notify_reactions", max_retries=3)
def notify_reactions() -> int:
    """Batched notices of supportive reactions (one per post per HEARTH_REACTION_BATCH_MINUTES)."""
    return reactions.reactions_notify_pending()
