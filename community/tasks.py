"""Celery tasks of the community app: thin wrappers that call services, safe to retry.

The base task, the retry policy and ``dispatch`` live in :mod:`community.celery_tasks`, shared with
moderation's tasks.
"""

from __future__ import annotations

# dispatch is also reached as community.tasks.dispatch by the services that enqueue these tasks.
from community.celery_tasks import HearthTask, background_task, dispatch  # noqa: F401
from community.services import digests, member_data, notifications, outbox, reactions, reminders, threads


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
