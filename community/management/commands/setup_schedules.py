"""Create or update Hearth's periodic tasks in django-celery-beat. Safe to run on every deploy.

The schedules are rows in the database, editable in the admin (Periodic tasks). Running this again
restores each task's schedule and arguments but keeps whatever an admin chose for "enabled".
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    description: str
    every_minutes: int | None = None
    crontab: dict | None = None
    expire_seconds: int | None = None


def schedules() -> list[Schedule]:
    return [
        Schedule(
            name="Outbox sweeper",
            task="community.sweep_outbox",
            description="Re-dispatches outbound messages (crisis alerts, digests) not delivered yet.",
            every_minutes=1,
            expire_seconds=55,  # a backlog of sweeps after an outage is useless; the next one will do
        ),
        Schedule(
            name="Notification fan-out sweeper",
            task="community.sweep_fan_out",
            description="Fans out reply notifications whose task never reached the broker.",
            every_minutes=1,
            expire_seconds=55,
        ),
        Schedule(
            name="Embedding screening sweeper",
            task="moderation.sweep_slow_screening",
            description="Re-dispatches off-topic/paraphrase screening for posts still waiting for it.",
            every_minutes=5,
            expire_seconds=290,
        ),
        Schedule(
            name="Check-ins after reaching out",
            task="moderation.follow_up_check_ins",
            description="Reminds moderators of check-ins that fell due and re-queues those nobody recorded.",
            every_minutes=5,
            expire_seconds=290,
        ),
        Schedule(
            name="Crisis clusters",
            task="moderation.alert_crisis_clusters",
            description="Alerts on-duty moderators once when a space's crisis items run well above usual.",
            crontab={"minute": "10", "hour": "*"},
        ),
        Schedule(
            name="Release stale claims",
            task="moderation.release_stale_claims",
            description="Frees review items claimed by a moderator who has been inactive past the timeout.",
            every_minutes=5,
            expire_seconds=290,
        ),
        Schedule(
            name="Safety escalation",
            task="moderation.escalate_safety_items",
            description="Re-alerts moderators about safety items nobody has acted on.",
            every_minutes=1,
            expire_seconds=55,
        ),
        Schedule(
            name="Digests",
            task="community.send_due_digests",
            description="Sends daily and weekly digests to members whose local digest hour has come.",
            crontab={"minute": "5"},
        ),
        Schedule(
            name="Reminders",
            task="community.send_reminders",
            description="Unread-reply, confirm-your-email and guest confirmation reminders.",
            crontab={"minute": "20"},
        ),
        Schedule(
            name="Daily moderation summary",
            task="moderation.send_daily_summary",
            description="Emails moderators the open review items older than 24 hours.",
            crontab={"minute": "0", "hour": str(settings.HEARTH_MODERATION_SUMMARY_HOUR)},
        ),
        Schedule(
            name="Crisis line check reminder",
            task="moderation.remind_crisis_line_checks",
            description="Emails admins (once a week at most) the crisis lines nobody has checked for "
            "HEARTH_CRISIS_LINE_CHECK_DAYS days.",
            crontab={"minute": "45", "hour": "6"},
        ),
        Schedule(
            name="Member data jobs",
            task="community.member_data_jobs",
            description="Erases accounts whose deletion grace period has ended "
            "(HEARTH_ACCOUNT_DELETION_GRACE_DAYS) and re-dispatches data exports whose task was lost.",
            crontab={"minute": "40"},
        ),
        Schedule(
            name="Reaction notices",
            task="community.notify_reactions",
            description="Tells authors about supportive reactions, at most once per post per "
            "HEARTH_REACTION_BATCH_MINUTES.",
            every_minutes=5,
            expire_seconds=290,
        ),
        Schedule(
            name="Auto-close idle threads",
            task="community.autoclose_threads",
            description="Closes threads inactive for HEARTH_THREAD_AUTO_CLOSE_DAYS days.",
            crontab={"minute": "30", "hour": "3"},
        ),
    ]


@transaction.atomic
def setup_schedules() -> tuple[int, int]:
    """Create or update every periodic task. Returns (created, updated)."""
    created = updated = 0
    for spec in schedules():
        fields: dict = {
            "task": spec.task,
            "description": spec.description,
            "args": json.dumps([]),
            "kwargs": json.dumps({}),
            "expire_seconds": spec.expire_seconds,
            "interval": None,
            "crontab": None,
        }
        if spec.every_minutes:
            fields["interval"], _ = IntervalSchedule.objects.get_or_create(
                every=spec.every_minutes, period=IntervalSchedule.MINUTES
            )
        else:
            cron = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
            cron.update(spec.crontab or {})
            fields["crontab"], _ = CrontabSchedule.objects.get_or_create(**cron, timezone="UTC")
        task, was_created = PeriodicTask.objects.get_or_create(name=spec.name, defaults=fields)
        if was_created:
            created += 1
            continue
        changed = [key for key, value in fields.items() if getattr(task, key) != value]
        if changed:
            for key in changed:
                setattr(task, key, fields[key])
            task.save()
            updated += 1
    return created, updated


class Command(BaseCommand):
    help = "Create or update the periodic tasks (outbox sweeper, escalation, digests, reminders, ...)."

    def handle(self, *args, **options):
        created, updated = setup_schedules()
        total = len(schedules())
        self.stdout.write(
            self.style.SUCCESS(f"Schedules ready: {created} created, {updated} updated, {total} in all.")
        )
