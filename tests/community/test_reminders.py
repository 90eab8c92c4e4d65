"""Reminder emails: unread replies (at most one per 3 days, opt-out), confirm email, guest replies waiting."""

from __future__ import annotations

import re
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


def waiting_reply(thread, guest, at, **kwargs):
    with time_machine.travel(at, tick=False):
        return ReplyFactory(thread=thread, author=None, guest=guest, status=Post.Status.HELD,
                            hold_reason=Post.HoldReason.GUEST_UNCONFIRMED, **kwargs)


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/guests/confirm/\S+/)", message.body).group(1)


def test_each_reply_waiting_for_its_link_gets_one_reminder_a_day_later_linking_to_that_reply(
    thread, client, django_capture_on_commit_callbacks
):
    guest = GuestAuthorFactory()
    first = waiting_reply(thread, guest, T0, body="I went through the same thing last winter.")
    second = waiting_reply(thread, guest, T0 + timedelta(days=1), body="Thinking of you today.")
    assert run_at(T0 + timedelta(hours=23), django_capture_on_commit_callbacks).guest_confirm == 0
    assert run_at(T0 + timedelta(days=1, hours=1), django_capture_on_commit_callbacks).guest_confirm == 1
    assert run_at(T0 + timedelta(days=2, hours=1), django_capture_on_commit_callbacks).guest_confirm == 1
    assert run_at(T0 + timedelta(days=3), django_capture_on_commit_callbacks).guest_confirm == 0
    assert [m.to for m in mail.outbox] == [[guest.email], [guest.email]]
    assert "I went through the same thing last winter." in mail.outbox[0].body
    assert thread.title in mail.outbox[0].body
    assert set(ReminderLog.objects.values_list("period_key", flat=True)) == {
        f"post:{first.pk}", f"post:{second.pk}"
    }
    # The first reminder's link confirms the first reply only; the second still waits for its own.
    with time_machine.travel(T0 + timedelta(days=2, hours=2), tick=False):
        assert client.post(confirmation_path(mail.outbox[0])).status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.hold_reason == Post.HoldReason.MODERATOR
    assert second.hold_reason == Post.HoldReason.GUEST_UNCONFIRMED
    with time_machine.travel(T0 + timedelta(days=2, hours=2), tick=False):
        assert client.post(confirmation_path(mail.outbox[1])).status_code == 200
    second.refresh_from_db()
    assert second.hold_reason == Post.HoldReason.MODERATOR


def test_a_confirmed_guests_reply_waiting_for_its_link_is_reminded_too(
    thread, django_capture_on_commit_callbacks
):
    # A confirmed guest writing from a browser that never opened a link still waits for that reply's link.
    guest = GuestAuthorFactory(confirmed_at=T0 - timedelta(days=30))
    waiting_reply(thread, guest, T0)
    assert run_at(T0 + timedelta(days=1, hours=1), django_capture_on_commit_callbacks).guest_confirm == 1
    [email] = mail.outbox
    assert email.to == [guest.email] and "/guests/confirm/" in email.body


def test_replies_not_waiting_for_a_link_get_no_reminder(thread, django_capture_on_commit_callbacks):
    guest = GuestAuthorFactory(confirmed_at=T0)
    waiting_reply(thread, guest, T0, deleted_at=T0)
    with time_machine.travel(T0, tick=False):
        ReplyFactory(thread=thread, author=None, guest=guest, status=Post.Status.HELD,
                     hold_reason=Post.HoldReason.MODERATOR)
        ReplyFactory(thread=thread, author=None, guest=guest, status=Post.Status.PUBLISHED)
    assert run_at(T0 + timedelta(days=2), django_capture_on_commit_callbacks).guest_confirm == 0
    assert mail.outbox == []


def test_each_waiting_guest_reply_gets_its_own_reminder_whose_link_confirms_only_it(
    client, guest_thread, django_capture_on_commit_callbacks
):
    def post_as_guest(at, body):
        payload = {"name": "Robin", "email": "robin@example.net", "body": body}
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"{guest_thread.get_absolute_url()}guest-reply/", payload).status_code == 200

    post_as_guest(T0, "First thought.")
    post_as_guest(T0 + timedelta(minutes=5), "A second thought.")
    assert len(mail.outbox) == 2  # a link per reply: one link never releases another reply
    mail.outbox.clear()

    assert run_at(T0 + timedelta(days=1, hours=1), django_capture_on_commit_callbacks).guest_confirm == 2
    first = next(m for m in mail.outbox if "First thought." in m.body)
    with time_machine.travel(T0 + timedelta(days=1, hours=2), tick=False):
        client.post(confirmation_path(first))
    assert dict(Post.objects.filter(guest__isnull=False).values_list("body", "hold_reason")) == {
        "First thought.": Post.HoldReason.MODERATOR,
        "A second thought.": Post.HoldReason.GUEST_UNCONFIRMED,
    }


def test_a_reply_a_moderator_approved_before_its_link_was_used_is_still_reminded(
    thread, django_capture_on_commit_callbacks
):
    guest = GuestAuthorFactory()
    waiting_reply(thread, guest, T0)
    Post.objects.filter(guest=guest).update(hold_reason=Post.HoldReason.GUEST_APPROVED)
    assert run_at(T0 + timedelta(days=1, hours=1), django_capture_on_commit_callbacks).guest_confirm == 1


def test_replies_already_reminded_by_the_older_per_guest_reminder_are_not_reminded_again(
    thread, django_capture_on_commit_callbacks
):
    guest = GuestAuthorFactory()
    waiting_reply(thread, guest, T0)
    ReminderLog.objects.create(kind=ReminderLog.Kind.GUEST_CONFIRM, guest=guest,
                               created_at=T0 + timedelta(days=1))
    later = waiting_reply(thread, guest, T0 + timedelta(days=2))
    assert run_at(T0 + timedelta(days=3, hours=1), django_capture_on_commit_callbacks).guest_confirm == 1
    assert ReminderLog.objects.filter(period_key=f"post:{later.pk}").exists()


def test_replies_older_than_a_links_lifetime_get_no_reminder(thread, django_capture_on_commit_callbacks):
    waiting_reply(thread, GuestAuthorFactory(), T0)
    assert run_at(T0 + timedelta(days=8), django_capture_on_commit_callbacks).guest_confirm == 0


def test_two_runs_at_the_same_moment_send_one_reminder_per_reply(thread, django_capture_on_commit_callbacks):
    guest = GuestAuthorFactory()
    waiting_reply(thread, guest, T0)
    waiting_reply(thread, guest, T0 + timedelta(hours=2))
    at = T0 + timedelta(days=1, hours=3)
    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        send_reminders.delay()
        send_reminders.delay()
    assert len(mail.outbox) == 2
    assert ReminderLog.objects.filter(kind=ReminderLog.Kind.GUEST_CONFIRM).count() == 2


@pytest.mark.parametrize("guests", [3, 30])
def test_guest_reminder_queries_do_not_grow_with_waiting_replies(
    thread, guests, django_assert_max_num_queries
):
    for guest in GuestAuthorFactory.create_batch(guests):
        waiting_reply(thread, guest, T0)
        waiting_reply(thread, guest, T0 + timedelta(hours=1))
    # 1 candidates + 1 empty next batch + savepoint/release + 2 bulk INSERTs + 1 dispatch lookup.
    with time_machine.travel(T0 + timedelta(days=2), tick=False), django_assert_max_num_queries(7):
        from community.services.reminders import reminders_send_guest_confirm

        assert reminders_send_guest_confirm() == 2 * guests


def test_unread_reminder_queries_do_not_grow_with_members(django_assert_max_num_queries):
    members = MemberFactory.create_batch(40)
    for m in members:
        unread(m, T0)
    # 1 candidates + 1 empty next batch + savepoint/release + 2 bulk INSERTs + 1 dispatch lookup.
    with time_machine.travel(T0 + timedelta(days=1), tick=False), django_assert_max_num_queries(7):
        from community.services.reminders import reminders_send_unread

        assert reminders_send_unread() == 40
