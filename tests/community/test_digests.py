"""Digest emails: who gets one when, what is in it, and that nothing is ever sent twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from community.models import (
    DigestLog,
    MemberMute,
    OutboundMessage,
    Post,
    SpaceSubscription,
    ThreadSubscription,
)
from community.services.digests import digests_send_due, latest_period_end
from tests.factories import MemberFactory, NotificationFactory, ReplyFactory, SpaceFactory, ThreadFactory

pytestmark = pytest.mark.django_db

# Monday 3 March 2025, 07:10 UTC = 08:10 in Berlin (CET), just after the default digest hour (8).
SEND_TIME = datetime(2025, 3, 3, 7, 10, tzinfo=UTC)
DURING_PERIOD = datetime(2025, 3, 2, 18, 0, tzinfo=UTC)


@pytest.fixture
def reader(db):
    return MemberFactory(timezone="Europe/Berlin", digest_frequency="daily", display_name="Robin")


@pytest.fixture
def followed(reader):
    """A space and a thread the reader follows, created before the period."""
    with time_machine.travel(DURING_PERIOD - timedelta(days=3), tick=False):
        space = SpaceFactory(name="Attachment in therapy")
        SpaceSubscription.objects.create(member=reader, space=space)
        thread = ThreadFactory(space=space, author=reader, title="Feeling attached to my therapist")
    return space, thread


def run(**kwargs):
    with time_machine.travel(SEND_TIME, tick=False):
        return digests_send_due(**kwargs)


def at(moment, factory, **kwargs):
    with time_machine.travel(moment, tick=False):
        return factory(**kwargs)


def test_a_member_gets_new_threads_replies_grouped_by_thread_and_replies_to_them(
    reader, followed, django_capture_on_commit_callbacks
):
    space, thread = followed
    other = MemberFactory(display_name="Alex")
    at(DURING_PERIOD, ThreadFactory, space=space, author=other, title="Is it normal to cry after sessions?")
    first = at(DURING_PERIOD, ReplyFactory, thread=thread, author=other,
               body="It took me months to trust mine.")
    at(DURING_PERIOD, ReplyFactory, thread=thread, author=other, parent=first, body="Same here.")
    with django_capture_on_commit_callbacks(execute=True):
        result = run()
    assert result.sent == 1
    [email] = mail.outbox
    assert email.to == [reader.email]
    assert email.subject == "Your daily Hearth digest: 3 new posts"
    assert "Is it normal to cry after sessions?" in email.body
    assert "REPLIES TO YOU" in email.body and "It took me months to trust mine." in email.body
    assert "Feeling attached to my therapist — 1 new reply" in email.body  # the nested one, grouped
    html = email.alternatives[0][0]
    assert "Is it normal to cry after sessions?" in html
    log = DigestLog.objects.get(member=reader)
    assert log.sent and log.item_count == 3
    assert log.period_end == datetime(2025, 3, 3, 7, 0, tzinfo=UTC)


def test_every_digest_has_a_one_click_unsubscribe_and_a_preferences_link(
    reader, followed, django_capture_on_commit_callbacks, client
):
    space, thread = followed
    at(DURING_PERIOD, ReplyFactory, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    [email] = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in email.body and "/preferences/" in email.body
    path = url.removeprefix("http://127.0.0.1:8000")
    # GET only asks (link scanners must not unsubscribe anyone) ...
    page = client.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    reader.refresh_from_db()
    assert reader.digest_frequency == "daily"
    # ... POST without any cookie or CSRF token, as a mail provider sends it, unsubscribes.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.digest_frequency == "off"


def test_a_tampered_unsubscribe_token_changes_nothing(reader, client):
    from community.unsubscribe import unsubscribe_token

    token = unsubscribe_token(member_id=reader.pk, scope="digest")
    response = client.post(f"/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.digest_frequency == "daily"


def test_nothing_held_hidden_deleted_sensitive_muted_own_or_already_read_appears(
    reader, followed, django_capture_on_commit_callbacks
):
    space, thread = followed
    muted = MemberFactory()
    MemberMute.objects.create(member=reader, muted=muted)
    at(DURING_PERIOD, ReplyFactory, thread=thread, body="held reply", status=Post.Status.HELD)
    at(DURING_PERIOD, ReplyFactory, thread=thread, body="hidden reply", status=Post.Status.HIDDEN)
    at(DURING_PERIOD, ReplyFactory, thread=thread, body="deleted reply", deleted_at=DURING_PERIOD)
    at(DURING_PERIOD, ReplyFactory, thread=thread, body="crisis reply", is_sensitive=True)
    at(DURING_PERIOD, ReplyFactory, thread=thread, body="muted reply", author=muted)
    at(DURING_PERIOD, ReplyFactory, thread=thread, body="my own reply", author=reader)
    at(DURING_PERIOD, ThreadFactory, space=space, author=muted, title="muted thread")
    read = at(DURING_PERIOD, ReplyFactory, thread=thread, body="already read reply")
    NotificationFactory(recipient=reader, post=read, thread=thread, read_at=SEND_TIME)
    with django_capture_on_commit_callbacks(execute=True):
        result = run()
    assert result.sent == 0 and result.empty == 1
    assert mail.outbox == []
    # The decision is still logged, so the next hourly run does not reconsider this period.
    log = DigestLog.objects.get(member=reader)
    assert not log.sent and log.item_count == 0
    assert not OutboundMessage.objects.exists()


def test_posts_from_before_the_period_or_a_previous_digest_are_not_repeated(
    reader, followed, django_capture_on_commit_callbacks
):
    space, thread = followed
    at(DURING_PERIOD - timedelta(days=2), ReplyFactory, thread=thread, body="old news")
    # The member switched from weekly to daily: the last weekly digest already covered until 20:00.
    DigestLog.objects.create(
        member=reader, frequency="weekly", period_start=DURING_PERIOD - timedelta(days=7),
        period_end=DURING_PERIOD + timedelta(hours=2), sent=True, item_count=4,
    )
    at(DURING_PERIOD, ReplyFactory, thread=thread, body="covered by the weekly digest")
    at(DURING_PERIOD + timedelta(hours=3), ReplyFactory, thread=thread, body="really new")
    with django_capture_on_commit_callbacks(execute=True):
        run()
    [email] = mail.outbox
    assert "really new" in email.body
    assert "covered by the weekly digest" not in email.body and "old news" not in email.body


def test_a_digest_run_twice_or_retried_sends_each_member_once(reader, followed,
                                                               django_capture_on_commit_callbacks):
    space, thread = followed
    at(DURING_PERIOD, ReplyFactory, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        assert run().sent == 1
        assert run().considered == 0
        with time_machine.travel(SEND_TIME + timedelta(hours=1), tick=False):
            digests_send_due()
    assert [m.to for m in mail.outbox if m.to == [reader.email]] == [[reader.email]]
    assert DigestLog.objects.filter(member=reader).count() == 1


def test_a_crashed_run_that_logged_but_did_not_dispatch_is_delivered_by_the_sweeper(
    reader, followed, settings, django_capture_on_commit_callbacks
):
    from community.services.outbox import outbox_sweep

    settings.HEARTH_OUTBOX_SWEEP_GRACE_SECONDS = 0
    space, thread = followed
    at(DURING_PERIOD, ReplyFactory, thread=thread)
    run()  # the worker died before the on-commit dispatch ran: no callbacks executed
    assert mail.outbox == [] and OutboundMessage.objects.get().status == "pending"
    assert run().considered == 0  # a rerun does not decide again
    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()
    assert len(mail.outbox) == 1


def test_members_are_picked_at_their_own_local_morning_hour(db):
    tokyo = MemberFactory(timezone="Asia/Tokyo", digest_frequency="daily")  # 16:10 there
    berlin = MemberFactory(timezone="Europe/Berlin", digest_frequency="daily")  # 08:10
    new_york = MemberFactory(timezone="America/New_York", digest_frequency="daily")  # 02:10
    run()
    assert set(DigestLog.objects.values_list("member_id", flat=True)) == {berlin.pk}
    assert not DigestLog.objects.filter(member__in=[tokyo, new_york]).exists()


def test_a_late_run_within_the_catch_up_window_still_sends_but_not_after_it(db, settings):
    settings.HEARTH_DIGEST_CATCHUP_HOURS = 6
    member = MemberFactory(timezone="Europe/Berlin", digest_frequency="daily")
    with time_machine.travel(SEND_TIME + timedelta(hours=8), tick=False):  # 16:10 local: too late
        assert digests_send_due().considered == 0
    with time_machine.travel(SEND_TIME + timedelta(hours=4), tick=False):
        assert digests_send_due().considered == 1
    assert DigestLog.objects.filter(member=member).count() == 1


def test_weekly_digests_go_out_on_the_digest_weekday_and_cover_seven_days(db, settings):
    settings.HEARTH_DIGEST_WEEKDAY = 0  # Monday
    member = MemberFactory(timezone="Europe/Berlin", digest_frequency="weekly")
    off = MemberFactory(timezone="Europe/Berlin", digest_frequency="off")
    with time_machine.travel(SEND_TIME + timedelta(days=1), tick=False):  # Tuesday
        assert digests_send_due().considered == 0
    run()  # Monday
    log = DigestLog.objects.get()
    assert log.member == member and log.frequency == "weekly"
    assert log.period_end - log.period_start == timedelta(days=7)
    assert not DigestLog.objects.filter(member=off).exists()


def test_the_period_end_keeps_the_local_hour_across_a_daylight_saving_change(settings):
    settings.HEARTH_DIGEST_WEEKDAY = 0
    # Berlin moved to CEST on Sunday 30 March 2025; on Tuesday 1 April the weekly period ended Monday 31st.
    end = latest_period_end(tz_name="Europe/Berlin", frequency="weekly",
                            now=datetime(2025, 4, 1, 12, 0, tzinfo=UTC))
    assert end == datetime(2025, 3, 31, 6, 0, tzinfo=UTC)  # 08:00 CEST


def test_an_unknown_time_zone_falls_back_to_utc():
    end = latest_period_end(tz_name="Mars/Olympus", frequency="daily", now=SEND_TIME)
    assert end == datetime(2025, 3, 2, 8, 0, tzinfo=UTC)


def test_a_member_whose_address_is_not_confirmed_gets_no_digest(reader, followed):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=reader, email=reader.email, verified=False, primary=True)
    at(DURING_PERIOD, ReplyFactory, thread=followed[1])
    assert run().considered == 0


def _members_with_news(n: int, space, thread):
    members = MemberFactory.create_batch(n, timezone="Europe/Berlin", digest_frequency="daily")
    SpaceSubscription.objects.bulk_create([SpaceSubscription(member=m, space=space) for m in members])
    ThreadSubscription.objects.bulk_create([ThreadSubscription(member=m, thread=thread) for m in members])
    return members


@pytest.mark.parametrize("size", [1, 200])
def test_a_batch_costs_the_same_number_of_queries_for_1_or_200_members(
    size, django_assert_max_num_queries, settings
):
    settings.HEARTH_DIGEST_BATCH_SIZE = 200
    with time_machine.travel(DURING_PERIOD - timedelta(days=1), tick=False):
        space = SpaceFactory()
        thread = ThreadFactory(space=space)
    _members_with_news(size, space, thread)
    at(DURING_PERIOD, ThreadFactory, space=space)
    for _ in range(3):
        at(DURING_PERIOD, ReplyFactory, thread=thread)
    # 1 time-zone lookup + 1 batch + 1 empty next batch + 6 content queries + savepoint/release + 2 bulk
    # INSERTs + 1 dispatch lookup = 14. SQLite splits a bulk INSERT at its 999-parameter limit, so a full
    # batch of 200 there adds 4 (PostgreSQL: none). Either way the ceiling is the same for 1 or 200.
    with django_assert_max_num_queries(18):
        result = run(frequency="daily")
    assert result.sent == size
    assert OutboundMessage.objects.filter(kind="digest").count() == size


def test_send_digests_command_dry_run_writes_nothing_and_member_option_sends_one(
    reader, followed, capsys, django_capture_on_commit_callbacks
):
    at(DURING_PERIOD, ReplyFactory, thread=followed[1])
    other = MemberFactory(timezone="Europe/Berlin", digest_frequency="daily")
    with time_machine.travel(SEND_TIME, tick=False):
        call_command("send_digests", "--dry-run", "--frequency", "daily")
    out = capsys.readouterr().out
    assert "would send 1" in out and reader.email in out
    assert not DigestLog.objects.exists()
    # --member sends that member's latest period whatever the hour (here: the middle of the night).
    with (
        time_machine.travel(SEND_TIME + timedelta(hours=17), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_digests", "--member", reader.email)
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert not DigestLog.objects.filter(member=other).exists()


class _FirstBatchDone(Exception):
    """Ends a digest run after its first batch (the transaction around it is rolled back)."""


def test_a_batch_of_200_members_costs_exactly_the_queries_of_a_batch_of_50_on_every_database(settings):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(DURING_PERIOD - timedelta(days=1), tick=False):
        space = SpaceFactory()
        thread = ThreadFactory(space=space)
    members = _members_with_news(200, space, thread)
    at(DURING_PERIOD, ThreadFactory, space=space)
    for i in range(3):
        reply = at(DURING_PERIOD, ReplyFactory, thread=thread)
        at(DURING_PERIOD, ReplyFactory, thread=thread, parent=reply, author=members[i])

    def first_batch(size: int) -> tuple[int, int]:
        """(queries up to the end of the first batch, members in it), the run's fixed lookups included."""
        settings.HEARTH_DIGEST_BATCH_SIZE = size
        seen: list[int] = []

        def on_batch(batch: int) -> None:
            seen.append(batch)
            raise _FirstBatchDone

        with (
            CaptureQueriesContext(connection) as captured,
            pytest.raises(_FirstBatchDone),
            transaction.atomic(),
        ):
            run(frequency="daily", on_batch=on_batch)
        return len(captured.captured_queries), seen[0]

    small, large = first_batch(50), first_batch(200)
    assert small[1] == 50 and large[1] == 200
    # Every member here gets a digest, so each batch writes as many log and outbox rows as it has members:
    # on SQLite Django split those INSERTs at 999 parameters (12 vs 16 queries per batch before).
    assert small[0] == large[0]
    assert OutboundMessage.objects.count() == 0  # both runs were rolled back
