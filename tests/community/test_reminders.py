"""Reminder emails: unread replies (at most one per 3 days, opt-out), confirm email, guest confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail

from community.models import Post, ReminderLog
from community.services.reminders import reminders_send_all
from community.tasks import send_reminders
from tests.factories import GuestAuthorFactory, MemberFactory, NotificationFactory, ReplyFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def run_at(moment, callbacks):
    with time_machine.travel(moment, tick=False), callbacks(execute=True):
        return reminders_send_all()


def unread(member, at):
    with time_machine.travel(at, tick=False):
        return NotificationFactory(recipient=member)


def test_unread_replies_older_than_a_day_trigger_one_reminder_with_the_count(
    member, django_capture_on_commit_callbacks
):
    unread(member, T0)
    unread(member, T0 + timedelta(hours=20))
    assert run_at(T0 + timedelta(hours=23), django_capture_on_commit_callbacks).unread_replies == 0
    assert run_at(T0 + timedelta(hours=25), django_capture_on_commit_callbacks).unread_replies == 1
    [email] = mail.outbox
    assert email.subject == "You have 2 unread replies on Hearth"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/" in email.body


def test_at_most_one_unread_reminder_every_three_days_and_only_for_something_new(
    member, django_capture_on_commit_callbacks
):
    unread(member, T0)
    assert run_at(T0 + timedelta(days=1), django_capture_on_commit_callbacks).unread_replies == 1
    unread(member, T0 + timedelta(days=1, hours=1))
    # New unread replies, but the last reminder was under three days ago.
    assert run_at(T0 + timedelta(days=3), django_capture_on_commit_callbacks).unread_replies == 0
    assert run_at(T0 + timedelta(days=4, hours=1), django_capture_on_commit_callbacks).unread_replies == 1
    # Nothing new since that reminder: no more nagging about the same replies.
    assert run_at(T0 + timedelta(days=9), django_capture_on_commit_callbacks).unread_replies == 0
    assert len(mail.outbox) == 2


def test_read_notifications_opted_out_members_and_repeated_runs_get_no_reminder(
    member, other_member, django_capture_on_commit_callbacks
):
    note = unread(member, T0)
    note.read_at = T0 + timedelta(hours=1)
    note.save()
    other_member.unread_reminders = False
    other_member.save()
    unread(other_member, T0)
    assert run_at(T0 + timedelta(days=1), django_capture_on_commit_callbacks).unread_replies == 0
    assert mail.outbox == []


def test_running_the_reminder_task_twice_in_the_same_hour_sends_once(
    member, django_capture_on_commit_callbacks
):
    unread(member, T0)
    with (
        time_machine.travel(T0 + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_reminders.delay()
        send_reminders.delay()
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.filter(kind="unread_replies").count() == 1


def test_the_reminder_unsubscribe_link_turns_reminders_off(
    member, client, django_capture_on_commit_callbacks
):
    unread(member, T0)
    run_at(T0 + timedelta(days=1), django_capture_on_commit_callbacks)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    assert client.post(url).status_code == 200
    member.refresh_from_db()
    assert member.unread_reminders is False and member.digest_frequency != "off"


def test_an_unconfirmed_member_gets_one_confirm_email_reminder_a_day_after_sign_up(
    django_capture_on_commit_callbacks, client
):
    with time_machine.travel(T0, tick=False):
        member = MemberFactory(date_joined=T0)
        address = EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    assert run_at(T0 + timedelta(hours=23), django_capture_on_commit_callbacks).confirm_email == 0
    assert run_at(T0 + timedelta(hours=25), django_capture_on_commit_callbacks).confirm_email == 1
    assert run_at(T0 + timedelta(days=5), django_capture_on_commit_callbacks).confirm_email == 0
    [email] = mail.outbox
    assert email.to == [member.email]
    link = next(line for line in email.body.splitlines() if "/accounts/confirm-email/" in line).strip()
    # The link is allauth's own confirmation: following it verifies the address.
    with time_machine.travel(T0 + timedelta(days=1, hours=2), tick=False):
        client.post(link.removeprefix("http://127.0.0.1:8000"))
    address.refresh_from_db()
    assert address.verified


def test_a_confirmed_member_gets_no_confirm_email_reminder(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        member = MemberFactory(date_joined=T0)
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    assert run_at(T0 + timedelta(days=2), django_capture_on_commit_callbacks).confirm_email == 0


def test_a_guest_with_a_held_reply_gets_one_reminder_with_a_fresh_confirmation_link(
    thread, django_capture_on_commit_callbacks
):
    guest = GuestAuthorFactory()
    confirmed = GuestAuthorFactory(confirmed_at=T0)
    for author in (guest, confirmed):
        with time_machine.travel(T0, tick=False):
            ReplyFactory(thread=thread, author=None, guest=author, status=Post.Status.HELD,
                         hold_reason=Post.HoldReason.GUEST_UNCONFIRMED)
    assert run_at(T0 + timedelta(hours=2), django_capture_on_commit_callbacks).guest_confirm == 0
    assert run_at(T0 + timedelta(days=1, hours=1), django_capture_on_commit_callbacks).guest_confirm == 1
    assert run_at(T0 + timedelta(days=3), django_capture_on_commit_callbacks).guest_confirm == 0
    [email] = mail.outbox
    assert email.to == [guest.email]
    assert "/guests/confirm/" in email.body


def test_a_guest_whose_held_reply_was_deleted_gets_no_reminder(thread, django_capture_on_commit_callbacks):
    guest = GuestAuthorFactory()
    with time_machine.travel(T0, tick=False):
        ReplyFactory(thread=thread, author=None, guest=guest, status=Post.Status.HELD,
                     hold_reason=Post.HoldReason.GUEST_UNCONFIRMED, deleted_at=T0)
    assert run_at(T0 + timedelta(days=2), django_capture_on_commit_callbacks).guest_confirm == 0


def test_unread_reminder_queries_do_not_grow_with_members(django_assert_max_num_queries):
    members = MemberFactory.create_batch(40)
    for m in members:
        unread(m, T0)
    # 1 candidates + 1 empty next batch + savepoint/release + 2 bulk INSERTs + 1 dispatch lookup.
    with time_machine.travel(T0 + timedelta(days=1), tick=False), django_assert_max_num_queries(7):
        from community.services.reminders import reminders_send_unread

        assert reminders_send_unread() == 40
