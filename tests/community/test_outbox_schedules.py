"""setup_schedules: every periodic job exists in django-celery-beat, and running it again changes nothing."""

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db


def test_setup_schedules_creates_every_periodic_task_and_is_idempotent(capsys):
    call_command("setup_schedules")
    tasks = {t.task: t for t in PeriodicTask.objects.select_related("interval", "crontab")}
    assert set(tasks) == {
        "community.sweep_outbox",
        "moderation.escalate_safety_items",
        "community.send_due_digests",
        "community.send_reminders",
        "moderation.send_daily_summary",
        "community.autoclose_threads",
        "community.sweep_fan_out",
        "moderation.sweep_slow_screening",
        "moderation.release_stale_claims",
        "moderation.follow_up_check_ins",
        "moderation.remind_crisis_line_checks",
        "community.member_data_jobs",
        "moderation.alert_crisis_clusters",
        "community.notify_reactions",
    }
    assert tasks["community.sweep_outbox"].interval.every == 1
    assert tasks["moderation.escalate_safety_items"].interval.every == 1
    assert tasks["community.send_due_digests"].crontab.hour == "*"
    assert tasks["moderation.send_daily_summary"].crontab.hour == "7"
    # An admin disabled one; a re-run on the next deploy restores schedules but respects that choice.
    PeriodicTask.objects.filter(task="community.autoclose_threads").update(enabled=False)
    call_command("setup_schedules")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert PeriodicTask.objects.count() == len(tasks)
    assert not PeriodicTask.objects.get(task="community.autoclose_threads").enabled


def test_every_scheduled_task_is_registered_with_celery():
    from community.celery_app import app
    from community.management.commands.setup_schedules import schedules

    app.loader.import_default_modules()
    for spec in schedules():
        assert spec.task in app.tasks, spec.task


def test_the_autoclose_task_closes_idle_threads(thread, settings):
    import time_machine
    from django.utils import timezone

    from community.tasks import autoclose_threads

    settings.HEARTH_THREAD_AUTO_CLOSE_DAYS = 30
    with time_machine.travel(timezone.now() + timezone.timedelta(days=31)):
        assert autoclose_threads.delay().get() == 1
    thread.refresh_from_db()
    assert thread.is_closed
