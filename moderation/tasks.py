"""Celery tasks of the moderation app: thin wrappers that take ids and call services, safe to retry.

They share community's base task and retry policy (community.celery_tasks): explicit names, JSON,
``acks_late``, backoff with jitter on the transient errors, time limits and a dead letter after the last try.
"""

from __future__ import annotations

from community.celery_tasks import background_task


@background_task(name="moderation.screen_post_slow", max_retries=8)
def screen_post_slow(post_id: int) -> list[str]:
    """The embedding pass (off-topic, crisis paraphrases) for one post; see services.screening."""
    from moderation.services.screening import screen_post_slow as run

    return run(post_id=post_id)


# ------------------------------------------------------------------------------------------------------
# Escalation and the daily summary (moderation.services.escalation), scheduled by setup_schedules.
# ------------------------------------------------------------------------------------------------------


@background_task(name="moderation.escalate_safety_items", max_retries=2, soft_time_limit=50, time_limit=55)
def escalate_safety_items() -> int:
    from moderation.services.escalation import escalate_unattended

    return len(escalate_unattended())


@background_task(name="moderation.send_daily_summary", max_retries=3)
def send_daily_summary() -> int:
    from moderation.services.escalation import moderation_summary_send

    return moderation_summary_send()


@background_task(name="moderation.sweep_slow_screening", max_retries=2, soft_time_limit=50, time_limit=55)
def sweep_slow_screening() -> int:
    from moderation.services.screening import slow_pass_sweep

    return slow_pass_sweep()


@background_task(name="moderation.release_stale_claims", max_retries=2, soft_time_limit=50, time_limit=55)
def release_stale_claims() -> int:
    from moderation.services.queue import review_items_release_stale

    return review_items_release_stale()


@background_task(name="moderation.remind_crisis_line_checks", max_retries=3)
def remind_crisis_line_checks() -> int:
    from moderation.services.support import crisis_lines_check_remind

    return crisis_lines_check_remind()


@background_task(name="moderation.follow_up_check_ins", max_retries=2, soft_time_limit=240, time_limit=270)
def follow_up_check_ins() -> list[int]:
    from moderation.services.follow_ups import follow_ups_run

    return list(follow_ups_run())


@background_task(name="moderation.alert_crisis_clusters", max_retries=2, soft_time_limit=240, time_limit=270)
def alert_crisis_clusters() -> int:
    from moderation.services.clusters import crisis_clusters_alert

    return len(crisis_clusters_alert())
