"""Notifications, preferences, reports, sign-up and the pages that need a member."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from community.models import Member, Notification
from moderation import member_views
from moderation.services.reports import REPORT_REASONS
from tests.factories import MemberFactory, NotificationFactory, ReplyFactory


@pytest.mark.parametrize("name", ["community:notifications", "community:preferences"])
def test_anonymous_visitors_are_sent_to_log_in_for_member_pages(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_member_pages_that_act_on_a_post_need_a_login(client, thread):
    reply = ReplyFactory(thread=thread)
    for name in ("community:post_edit", "community:post_delete", "community:post_report"):
        response = client.get(reverse(name, kwargs={"post_id": reply.pk}))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.get(reverse("community:thread_new", kwargs={"slug": thread.space.slug})).status_code == 302


def test_header_shows_the_unread_count_and_marking_read_clears_it(member_client, member, thread):
    actor = MemberFactory(display_name="Kind Stranger")
    notices = [
        NotificationFactory(recipient=member, actor=actor, thread=thread, post=ReplyFactory(thread=thread))
        for _ in range(3)
    ]
    html = member_client.get(reverse("community:home")).content.decode()
    assert '<span class="badge">3<span class="visually-hidden"> unread</span></span>' in html
    page = member_client.get(reverse("community:notifications")).content.decode()
    assert "Kind Stranger replied to you" in page and thread.title in page
    member_client.post(reverse("community:notifications_read"), {"id": notices[0].pk})
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 2
    member_client.post(reverse("community:notifications_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert 'class="badge"' not in member_client.get(reverse("community:home")).content.decode()


def test_a_member_cannot_mark_someone_elses_notifications_read(member_client, thread):
    other = NotificationFactory(recipient=MemberFactory(), thread=thread)
    member_client.post(reverse("community:notifications_read"), {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None


def test_notifications_are_paginated(member_client, member):
    for _ in range(35):
        NotificationFactory(recipient=member, message="A message from the moderators")
    html = member_client.get(reverse("community:notifications")).content.decode()
    assert "Page 1 of 2" in html


def test_preferences_save(member_client, member):
    response = member_client.post(
        reverse("community:preferences"),
        {
            "display_name": "Quiet Fern",
            "timezone": "Europe/Dublin",
            "country": "ie",
            "digest_frequency": "daily",
            "bio": "Hello",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.timezone, member.country, member.digest_frequency) == (
        "Quiet Fern",
        "Europe/Dublin",
        "IE",
        "daily",
    )
    assert member.unread_reminders is False  # an unticked box means no


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus_Mons"),
        ("display_name", ""),
        ("country", "Ireland"),
        ("digest_frequency", "hourly"),
    ],
)
def test_preferences_refuse_bad_values_and_keep_the_rest(member_client, member, field, value):
    data = {
        "display_name": "Fern",
        "timezone": "UTC",
        "country": "",
        "digest_frequency": "weekly",
        "bio": "Kept bio",
    }
    data[field] = value
    response = member_client.post(reverse("community:preferences"), data)
    assert response.status_code == 400
    assert "Kept bio" in response.content.decode()
    member.refresh_from_db()
    assert member.bio == ""


def test_preferences_link_to_email_change(member_client):
    html = member_client.get(reverse("community:preferences")).content.decode()
    assert reverse("account_email") in html


def test_report_form_offers_the_moderation_reasons_and_records_the_report(
    member_client, member, thread, monkeypatch
):
    reply = ReplyFactory(thread=thread)
    calls = []

    def fake_report(**kwargs):
        calls.append(kwargs)
        return True

    url = reverse("community:post_report", kwargs={"post_id": reply.pk})
    html = member_client.get(url).content.decode()
    for value, label in REPORT_REASONS:
        assert f'value="{value}"' in html
        assert label.replace("'", "&#x27;") in html
    monkeypatch.setattr(member_views, "report_create", fake_report)
    response = member_client.post(url, {"reason": "crisis", "note": "They sound very low"}, follow=True)
    assert calls == [{"post": reply, "reporter": member, "reason": "crisis", "note": "They sound very low"}]
    assert "Thank you for telling us" in response.content.decode()


def test_report_without_a_reason_shows_the_form_again(member_client, thread):
    reply = ReplyFactory(thread=thread)
    response = member_client.post(
        reverse("community:post_report", kwargs={"post_id": reply.pk}), {"note": "kept"}
    )
    assert response.status_code == 400
    assert "kept" in response.content.decode()


def test_report_goes_through_to_moderation(member_client, thread):
    reply = ReplyFactory(thread=thread)
    response = member_client.post(
        reverse("community:post_report", kwargs={"post_id": reply.pk}), {"reason": "spam", "note": ""}
    )
    assert response.status_code == 302


def test_sign_up_with_display_name_sends_a_verification_email_and_verifying_logs_in(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.org",
            "display_name": "New Person",
            "password1": "a long and gentle passphrase",
            "password2": "a long and gentle passphrase",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(email="new.person@example.org")
    assert member.display_name == "New Person"
    assert not EmailAddress.objects.get(user=member).verified
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/accounts/confirm-email/" in line
    ).strip()
    path = link[link.index("/accounts/") :]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(user=member).verified


def test_account_pages_use_the_site_layout(client, member):
    for url in (reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")):
        html = client.get(url).content.decode()
        assert 'id="content"' in html and "Skip to main content" in html
    client.force_login(member)
    assert 'id="content"' in client.get(reverse("account_email")).content.decode()


def test_account_emails_are_sent_as_text_and_html(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})
    message = mail.outbox[-1]
    assert "/accounts/password/reset/key/" in message.body
    html = message.alternatives[0][0]
    assert "Choose a new password" in html
