"""Celery tasks of the community app: thin wrappers that call services, safe to retry."""

from celery import shared_task

from community.services import notifications


@shared_task(name="community.fan_out_reply_notifications", acks_late=True, max_retries=5)
def fan_out_reply_notifications(post_id: int) -> int:
    return notifications.fan_out_reply(post_id=post_id)
