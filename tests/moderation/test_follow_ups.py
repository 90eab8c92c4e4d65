"""Check-ins after "reached out": asked for, reminded (the team too when the moderator is off duty),
recorded, and re-queued when nobody records one."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from community.management.commands.setup_schedules import schedules
from community.models import OutboundMessage
from moderation.models import AuditLogEntry, Flag, FollowUp, Lane, ModeratorProfile, ReviewItem
from moderation.services.follow_ups import follow_ups_run
from moderation.services.review_items import review_item_mark_reached_out
from moderation.tasks import follow_up_check_ins
from tests.factories import ReplyFactory
from tests.moderation.factories import FlagFactory, ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def safety_item(thread):
    item = ReviewItemFactory(post=ReplyFactory(thread=thread), lane=Lane.SAFETY, priority=1200)
    FlagFactory(item=item, source=Flag.Source.DETECTOR, category="crisis", severity="high", reporter=None)
    return item


@pytest.fixture
def reached_out(safety_item):
    moderator = ModeratorProfileFactory().member
    assert review_item_mark_reached_out(item=safety_item, actor=moderator, note="Sent a message.")
    return FollowUp.objects.get(item=safety_item)


@override_settings(HEARTH_FOLLOW_UP_HOURS=6)
def test_reaching_out_asks_for_a_check_in_after_the_configured_delay(safety_item, moderator):
    before = timezone.now()
    review_item_mark_reached_out(item=safety_item, actor=moderator, note="Sent a private message.")
    follow_up = FollowUp.objects.get(item=safety_item)
    assert follow_up.moderator == moderator and follow_up.is_open
    assert before + timedelta(hours=6) <= follow_up.due_at <= timezone.now() + timedelta(hours=6)


def test_the_moderator_who_reached_out_is_reminded_once_when_the_check_in_falls_due(
    reached_out, django_capture_on_commit_callbacks
):
    ModeratorProfileFactory()  # someone else on duty: not asked while the owner is available
    assert follow_ups_run(now=reached_out.due_at - timedelta(minutes=1)) == (0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        assert follow_ups_run(now=reached_out.due_at + timedelta(minutes=1)) == (1, 0)
        assert follow_ups_run(now=reached_out.due_at + timedelta(minutes=6)) == (0, 0)

    mail = OutboundMessage.objects.get(kind="follow_up_reminder")
    assert mail.to == reached_out.moderator.email
    assert "Time to check in" in mail.subject and "/moderation/items/" in mail.body_text
    assert mail.headers["List-Unsubscribe"].startswith("<http") and "/moderation/duty/off/" in mail.headers[
        "List-Unsubscribe"
    ]
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert AuditLogEntry.objects.filter(action="follow_up_due", item=reached_out.item).count() == 1


def test_the_team_on_duty_is_asked_too_when_the_moderator_who_reached_out_is_off_duty(reached_out):
    ModeratorProfile.objects.filter(member=reached_out.moderator).update(on_duty=False)
    colleague = ModeratorProfileFactory().member

    assert follow_ups_run(now=reached_out.due_at + timedelta(minutes=1)) == (2, 0)

    recipients = set(OutboundMessage.objects.filter(kind="follow_up_reminder").values_list("to", flat=True))
    assert recipients == {reached_out.moderator.email, colleague.email}
    to_colleague = OutboundMessage.objects.get(kind="follow_up_reminder", to=colleague.email)
    assert "A check-in needs someone" in to_colleague.subject


@override_settings(HEARTH_FOLLOW_UP_REQUEUE_HOURS=12)
def test_an_item_goes_back_to_the_safety_lane_when_nobody_records_the_check_in(reached_out):
    item = reached_out.item
    assert follow_ups_run(now=reached_out.due_at + timedelta(hours=11)) == (1, 0)
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.RESOLVED

    assert follow_ups_run(now=reached_out.due_at + timedelta(hours=12, minutes=1)) == (0, 1)
    assert follow_ups_run(now=reached_out.due_at + timedelta(hours=13)) == (0, 0)

    item.refresh_from_db()
    assert item.is_open and item.lane == Lane.SAFETY
    assert item.flags.filter(dismissed_at__isnull=True, subtype="follow_up_missed").count() == 1
    entry = AuditLogEntry.objects.get(action="follow_up_missed", item=item)
    assert entry.actor is None and "back in the Safety lane" in entry.reason
    reached_out.refresh_from_db()
    assert reached_out.requeued_at is not None and not reached_out.is_open


def test_a_recorded_outcome_is_audited_and_keeps_the_item_closed(reached_out, client):
    client.force_login(reached_out.moderator)
    item = reached_out.item
    page = client.get(f"/moderation/items/{item.pk}/").content.decode()
    assert "Record check-in" in page and "Safe for now" in page and "No longer needed" in page

    response = client.post(
        f"/moderation/items/{item.pk}/follow-up/", {"outcome": "safe_for_now", "note": "They replied, ok."}
    )
    assert response.status_code == 302
    reached_out.refresh_from_db()
    assert reached_out.outcome == "safe_for_now" and reached_out.recorded_by == reached_out.moderator
    entry = AuditLogEntry.objects.get(action="follow_up", item=item)
    assert entry.reason == "Safe for now. They replied, ok." and entry.actor == reached_out.moderator

    assert follow_ups_run(now=reached_out.due_at + timedelta(days=3)) == (0, 0)
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.RESOLVED
    # Recording twice changes nothing.
    client.post(f"/moderation/items/{item.pk}/follow-up/", {"outcome": "no_answer"})
    reached_out.refresh_from_db()
    assert reached_out.outcome == "safe_for_now"
    assert AuditLogEntry.objects.filter(action="follow_up", item=item).count() == 1


def test_a_check_in_outcome_must_be_one_of_the_four(reached_out, client):
    client.force_login(reached_out.moderator)
    client.post(f"/moderation/items/{reached_out.item.pk}/follow-up/", {"outcome": "fine"})
    reached_out.refresh_from_db()
    assert reached_out.is_open


def test_the_check_in_job_is_scheduled_and_runs_as_a_task(reached_out):
    assert any(s.task == "moderation.follow_up_check_ins" and s.every_minutes == 5 for s in schedules())
    # Due now: the task (eager in tests) reminds through the outbox.
    FollowUp.objects.filter(pk=reached_out.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    assert follow_up_check_ins.delay().get() == [1, 0]


def test_the_off_duty_link_asks_on_get_and_switches_off_on_post(reached_out, client):
    from moderation.services.alerts import off_duty_url

    moderator = reached_out.moderator
    url = off_duty_url(member=moderator).removeprefix("http://testserver").split("://", 1)[-1]
    path = url[url.index("/moderation/") :]
    assert client.get(path).status_code == 200
    assert ModeratorProfile.objects.get(member=moderator).on_duty  # a mail scanner's GET changes nothing

    client.handler.enforce_csrf_checks = True  # RFC 8058: the mail provider's POST has no cookie or token
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You're off duty" in response.content.decode()
    assert not ModeratorProfile.objects.get(member=moderator).on_duty
    assert client.post("/moderation/duty/off/not-a-token/").status_code == 400


@pytest.mark.parametrize("owed", [1, 12])
def test_the_duty_page_lists_owed_check_ins_in_a_fixed_number_of_queries(
    owed, thread, client, django_assert_max_num_queries
):
    moderator = ModeratorProfileFactory().member
    for _ in range(owed):
        item = ReviewItemFactory(post=ReplyFactory(thread=thread), lane=Lane.SAFETY)
        FollowUp.objects.create(item=item, moderator=moderator, due_at=timezone.now() + timedelta(hours=1))
    client.force_login(moderator)
    with django_assert_max_num_queries(6):
        html = client.get("/moderation/duty/").content.decode()
    assert html.count("#follow-up") == owed
