"""Take a break: no notifications, digests or reminders for a chosen number of days; reversible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from community.models import Notification, SpaceSubscription
from community.services.digests import digests_send_due
from community.services.notifications import fan_out_reply
from community.services.preferences import member_break_end, member_break_start
from community.services.reminders import reminders_send_all
from tests.factories import MemberFactory, NotificationFactory, ReplyFactory, SpaceFactory, ThreadFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 3, 7, 10, tzinfo=UTC)  # 08:10 in Berlin, just after the digest hour


def test_a_member_takes_a_break_from_the_preferences_page_and_ends_it_early(client, member):
    client.force_login(member)
    page = client.get(reverse("community:preferences")).content.decode()
    assert "Take a break" in page and "Start my break" in page
    response = client.post(reverse("community:take_a_break"), {"days": "7"}, follow=True)
    member.refresh_from_db()
    assert member.is_on_break()
    assert timedelta(days=6, hours=23) < member.break_until - datetime.now(UTC) <= timedelta(days=7)
    assert "End my break now" in response.content.decode()
    client.post(reverse("community:take_a_break"), {"action": "end"})
    member.refresh_from_db()
    assert member.break_until is None and not member.is_on_break()


def test_a_break_length_out_of_range_is_refused(member):
    for days in (0, 91):
        with pytest.raises(ValidationError):
            member_break_start(member=member, actor=member, days=days)
    assert member_break_end(member=member, actor=member) is False


def test_replies_do_not_notify_a_member_on_a_break_and_do_again_after_it(member, thread):
    member_break_start(member=member, actor=member, days=2)
    first = ReplyFactory(thread=thread)
    fan_out_reply(post_id=first.pk)
    assert not Notification.objects.filter(recipient=member).exists()
    member_break_end(member=member, actor=member)
    second = ReplyFactory(thread=thread)
    fan_out_reply(post_id=second.pk)
    assert Notification.objects.filter(recipient=member, post=second).exists()


def test_digests_skip_members_on_a_break(django_capture_on_commit_callbacks):
    resting = MemberFactory(timezone="Europe/Berlin", digest_frequency="daily")
    reading = MemberFactory(timezone="Europe/Berlin", digest_frequency="daily")
    with time_machine.travel(T0 - timedelta(days=3), tick=False):
        space = SpaceFactory()
        for person in (resting, reading):
            SpaceSubscription.objects.create(member=person, space=space)
    with time_machine.travel(T0 - timedelta(hours=12), tick=False):
        ThreadFactory(space=space, title="A new conversation")
        member_break_start(member=resting, actor=resting, days=1)
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        result = digests_send_due()
    assert result.sent == 1
    assert [email.to for email in mail.outbox] == [[reading.email]]


def test_unread_reminders_skip_members_on_a_break(member, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        NotificationFactory(recipient=member)
        member_break_start(member=member, actor=member, days=3)
    with (
        time_machine.travel(T0 + timedelta(days=1, hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_send_all().unread_replies == 0
    with (
        time_machine.travel(T0 + timedelta(days=3, hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_send_all().unread_replies == 1


def test_a_break_through_the_api(member):
    api = APIClient()
    api.force_authenticate(member)
    assert api.get("/api/v1/me/break/").json() == {"on_break": False, "break_until": None}
    body = api.post("/api/v1/me/break/", {"days": 3}, format="json").json()
    assert body["on_break"] is True and body["break_until"]
    assert api.post("/api/v1/me/break/", {"days": 365}, format="json").status_code == 400
    assert api.delete("/api/v1/me/break/").json() == {"on_break": False, "break_until": None}
    other = MemberFactory()
    assert not other.is_on_break()
