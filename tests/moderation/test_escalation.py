"""Safety escalation: louder and wider until a person acts, never stopping; the daily summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail

from community.models import OutboundMessage
from moderation.models import Lane, ModeratorAlert, ReviewItem
from moderation.services.escalation import escalate_unattended, moderation_summary_send
from moderation.services.queue import review_item_claim, review_item_release, review_items_release_stale
from moderation.services.review_items import review_item_mark_reached_out
from moderation.tasks import escalate_safety_items, send_daily_summary
from tests.factories import AdminFactory, ModeratorFactory
from tests.moderation.factories import ModeratorProfileFactory, ReviewItemFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 3, 22, 0, tzinfo=UTC)


@pytest.fixture
def team(db):
    on_duty = ModeratorProfileFactory(on_duty=True).member
    off_duty = ModeratorProfileFactory(on_duty=False).member
    admin = AdminFactory()
    return on_duty, off_duty, admin


@pytest.fixture
def safety_item(team):
    with time_machine.travel(T0, tick=False):
        return ReviewItemFactory(lane=Lane.SAFETY, created_at=T0, updated_at=T0)


def escalate_at(minutes, callbacks):
    with time_machine.travel(T0 + timedelta(minutes=minutes), tick=False), callbacks(execute=True):
        return escalate_unattended()


def recipients(item, level):
    return set(ModeratorAlert.objects.filter(item=item, level=level).values_list("recipient_id", flat=True))


def test_escalation_goes_to_on_duty_then_everyone_then_keeps_going(
    team, safety_item, settings, django_capture_on_commit_callbacks
):
    settings.HEARTH_SAFETY_ESCALATE_MINUTES = 15
    settings.HEARTH_SAFETY_ESCALATE_ALL_MINUTES = 30
    settings.HEARTH_SAFETY_REALERT_MINUTES = 15
    on_duty, off_duty, admin = team
    assert escalate_at(14, django_capture_on_commit_callbacks) == []
    [first] = escalate_at(15, django_capture_on_commit_callbacks)
    assert first.level == 1 and recipients(safety_item, 1) == {on_duty.pk}
    assert escalate_at(20, django_capture_on_commit_callbacks) == []
    [second] = escalate_at(30, django_capture_on_commit_callbacks)
    assert second.level == 2 and recipients(safety_item, 2) == {on_duty.pk, off_duty.pk, admin.pk}
    assert escalate_at(44, django_capture_on_commit_callbacks) == []
    [third] = escalate_at(45, django_capture_on_commit_callbacks)
    assert third.level == 3
    # Hours later nobody has acted: still alerting, every 15 minutes.
    for minutes in (60, 75, 90, 105, 120):
        [again] = escalate_at(minutes, django_capture_on_commit_callbacks)
    assert again.level == 8
    safety_item.refresh_from_db()
    assert safety_item.escalation_level == 8
    emails = [m for m in mail.outbox if m.to == [admin.email]]
    assert len(emails) == 7  # levels 2..8


def test_an_action_that_resolves_the_item_stops_the_escalation(
    team, safety_item, django_capture_on_commit_callbacks
):
    on_duty = team[0]
    escalate_at(15, django_capture_on_commit_callbacks)
    with time_machine.travel(T0 + timedelta(minutes=16), tick=False):
        review_item_mark_reached_out(item=safety_item, actor=on_duty, note="Messaged them privately.")
    assert escalate_at(30, django_capture_on_commit_callbacks) == []
    assert escalate_at(300, django_capture_on_commit_callbacks) == []


def test_an_action_that_leaves_the_item_open_does_not_stop_the_escalation(
    team, safety_item, django_capture_on_commit_callbacks
):
    # A warning or an edit is not help for the person: the item is still waiting for someone to act.
    ReviewItem.objects.filter(pk=safety_item.pk).update(
        first_human_action_at=T0 + timedelta(minutes=5), last_activity_at=T0 + timedelta(minutes=5)
    )
    [escalation] = escalate_at(15, django_capture_on_commit_callbacks)
    assert escalation.level == 1


def test_a_live_claim_pauses_the_escalation_and_releasing_restarts_the_ladder(
    team, safety_item, settings, django_capture_on_commit_callbacks
):
    settings.HEARTH_REVIEW_CLAIM_TIMEOUT_MINUTES = 30
    on_duty, off_duty, admin = team
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        review_item_claim(item=safety_item, actor=on_duty)
    assert escalate_at(15, django_capture_on_commit_callbacks) == []
    assert escalate_at(30, django_capture_on_commit_callbacks) == []
    with time_machine.travel(T0 + timedelta(minutes=32), tick=False):
        review_item_release(item=safety_item, actor=on_duty)
    # The ladder starts again at the release: on duty after 15 minutes, everyone after 30, then every 15.
    assert escalate_at(46, django_capture_on_commit_callbacks) == []
    [first] = escalate_at(47, django_capture_on_commit_callbacks)
    assert not first.everyone and recipients(safety_item, first.level) == {on_duty.pk}
    [second] = escalate_at(62, django_capture_on_commit_callbacks)
    assert second.everyone and second.level > first.level
    assert recipients(safety_item, second.level) == {on_duty.pk, off_duty.pk, admin.pk}
    [third] = escalate_at(77, django_capture_on_commit_callbacks)
    assert third.everyone and third.level > second.level


def test_a_claim_that_lapses_restarts_the_ladder_where_it_lapsed(
    team, safety_item, settings, django_capture_on_commit_callbacks
):
    settings.HEARTH_REVIEW_CLAIM_TIMEOUT_MINUTES = 30
    on_duty = team[0]
    escalate_at(15, django_capture_on_commit_callbacks)  # level 1 before anyone took it
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        review_item_claim(item=safety_item, actor=on_duty)
    # The moderator walked away: the claim lapses at minute 50 and the ladder restarts from there,
    # whether or not the stale-claim sweep has cleared it yet.
    assert escalate_at(49, django_capture_on_commit_callbacks) == []
    assert escalate_at(64, django_capture_on_commit_callbacks) == []
    [again] = escalate_at(65, django_capture_on_commit_callbacks)
    assert again.level == 2 and not again.everyone
    with time_machine.travel(T0 + timedelta(minutes=66), tick=False):
        assert review_items_release_stale() == 1
    safety_item.refresh_from_db()
    assert safety_item.escalation_started_at == T0 + timedelta(minutes=50)
    assert escalate_at(79, django_capture_on_commit_callbacks) == []
    [everyone] = escalate_at(80, django_capture_on_commit_callbacks)
    assert everyone.everyone and everyone.level == 3


def test_a_resolved_item_or_another_lane_is_not_escalated(team, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ReviewItemFactory(lane=Lane.REPORTED, created_at=T0)
        ReviewItemFactory(lane=Lane.SAFETY, created_at=T0, status=ReviewItem.Status.RESOLVED)
    assert escalate_at(60, django_capture_on_commit_callbacks) == []


def test_an_item_found_late_goes_straight_to_everyone(team, safety_item, django_capture_on_commit_callbacks):
    [escalation] = escalate_at(45, django_capture_on_commit_callbacks)  # the worker was down for 45 minutes
    assert escalation.level == 2


def test_repeating_a_run_in_the_same_minute_alerts_nobody_twice(
    team, safety_item, django_capture_on_commit_callbacks
):
    escalate_at(15, django_capture_on_commit_callbacks)
    assert escalate_at(15, django_capture_on_commit_callbacks) == []
    with time_machine.travel(T0 + timedelta(minutes=15), tick=False):
        escalate_safety_items.delay()
    assert ModeratorAlert.objects.filter(item=safety_item, level=1).count() == 1


def test_with_nobody_on_duty_the_first_escalation_reaches_every_moderator(
    db, django_capture_on_commit_callbacks
):
    mods = ModeratorFactory.create_batch(2)
    with time_machine.travel(T0, tick=False):
        item = ReviewItemFactory(lane=Lane.SAFETY, created_at=T0)
    escalate_at(15, django_capture_on_commit_callbacks)
    assert recipients(item, 1) == {m.pk for m in mods}


def test_escalations_are_posted_to_the_webhook_when_one_is_configured(
    team, safety_item, settings, django_capture_on_commit_callbacks
):
    settings.HEARTH_ALERT_WEBHOOK_URL = "https://chat.example.org/hooks/abc"
    settings.HEARTH_ALERT_WEBHOOK_SECRET = "s3cret"
    # Patched where every urllib opener ends up, however the outbox builds its opener.
    with mock.patch("urllib.request.OpenerDirector.open") as urlopen:
        escalate_at(15, django_capture_on_commit_callbacks)
    hook = OutboundMessage.objects.get(channel="webhook")
    assert hook.status == "sent" and hook.payload["item_id"] == safety_item.pk and hook.payload["level"] == 1
    request = urlopen.call_args.args[0]
    assert request.full_url == "https://chat.example.org/hooks/abc"
    assert json.loads(request.data)["kind"] == "safety_escalation"
    assert request.get_header("X-hearth-signature").startswith("sha256=")


def test_the_daily_summary_lists_items_older_than_a_day_in_every_lane_once_per_day(
    team, django_capture_on_commit_callbacks
):
    on_duty, off_duty, admin = team
    with time_machine.travel(T0, tick=False):
        ReviewItemFactory(lane=Lane.REPORTED, created_at=T0 - timedelta(hours=30))
        ReviewItemFactory(lane=Lane.HELD, created_at=T0 - timedelta(hours=50))
        ReviewItemFactory(lane=Lane.OFF_TOPIC, created_at=T0 - timedelta(hours=2))  # too recent
        ReviewItemFactory(
            lane=Lane.SAFETY, created_at=T0 - timedelta(days=3), status=ReviewItem.Status.RESOLVED
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert moderation_summary_send() == 3
            assert send_daily_summary.delay().get() == 0  # a retried run sends nothing new
    assert len(mail.outbox) == 3
    email = next(m for m in mail.outbox if m.to == [admin.email])
    assert email.subject.startswith("2 items in the Hearth review queue")
    assert "REPORTED (1)" in email.body and "HELD (1)" in email.body and "OFF-TOPIC" not in email.body


def test_no_summary_when_nothing_has_waited_a_day(team, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        ReviewItemFactory(lane=Lane.REPORTED, created_at=T0 - timedelta(hours=3))
        assert moderation_summary_send() == 0
