"""Guests and the Safety lane: throttles, grouped alerts, the support panel, approval waits for the link,
an address tells nobody anything, and links confirm on a button press."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.models import GuestAuthor, OutboundMessage, Post
from moderation.models import Lane, ModeratorAlert, ReviewItem
from moderation.services.escalation import escalate_unattended
from tests.factories import ThreadFactory
from tests.moderation.conftest import CRISIS_TEXT
from tests.moderation.factories import CrisisResourceFactory, ModeratorProfileFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 3, 22, 1, tzinfo=UTC)
CALM = "Some days I can't get out of bed, and it helps to read that others feel this too."


def guest_url(thread, parent=None):
    return reverse("community:guest_reply", kwargs={"thread_id": thread.pk})


def post_as_guest(client, thread, callbacks, *, ip="127.0.0.1", headers=None, **data):
    payload = {"name": "Robin", "email": "robin@example.net", "body": CALM, **data}
    with callbacks(execute=True):
        return client.post(guest_url(thread), payload, REMOTE_ADDR=ip, headers=headers or {})


def link_path(message) -> str:
    body = getattr(message, "body_text", None) or message.body
    return re.search(r"https?://[^/\s]+(/guests/confirm/\S+/)", body).group(1)


def confirmation_for(body: str) -> str:
    message = OutboundMessage.objects.get(kind="guest_confirmation", body_text__contains=body)
    return link_path(message)


@pytest.fixture
def loose_throttles(settings):
    """Only the limit under test bites."""
    settings.HEARTH_GUEST_THROTTLE_IP = "1000/hour"
    settings.HEARTH_GUEST_THROTTLE_EMAIL = "1000/hour"
    settings.HEARTH_GUEST_THROTTLE_THREAD = "1000/hour"
    settings.HEARTH_GUEST_THROTTLE_SITE = "1000/hour"
    return settings


# ------------------------------------------------------------------------------------------------------
# 1. Throttles and grouped alerts
# ------------------------------------------------------------------------------------------------------


def test_guest_replies_from_one_address_stop_at_the_limit_with_a_try_again_later_page(
    client, guest_thread, django_capture_on_commit_callbacks
):
    # The defaults: five an hour from one IP address.
    for i in range(5):
        response = post_as_guest(
            client, guest_thread, django_capture_on_commit_callbacks, email=f"g{i}@example.net", body=f"{i}"
        )
        assert response.status_code == 200
    response = post_as_guest(
        client, guest_thread, django_capture_on_commit_callbacks, email="g9@example.net", body="Kept <words>."
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Please try again a little later" in html
    assert "Kept &lt;words&gt;." in html  # what they wrote is shown back, escaped, not lost
    assert Post.objects.filter(guest__isnull=False).count() == 5
    assert OutboundMessage.objects.filter(kind="guest_confirmation").count() == 5
    # Somebody elsewhere is not affected.
    assert post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, ip="198.51.100.7",
                         email="else@example.net").status_code == 200


def test_guest_replies_are_limited_per_thread_and_across_the_site(
    client, guest_space, loose_throttles, django_capture_on_commit_callbacks
):
    loose_throttles.HEARTH_GUEST_THROTTLE_THREAD = "2/hour"
    loose_throttles.HEARTH_GUEST_THROTTLE_SITE = "3/hour"
    first, second = ThreadFactory(space=guest_space), ThreadFactory(space=guest_space)

    def reply(thread, n):
        return post_as_guest(client, thread, django_capture_on_commit_callbacks, ip=f"203.0.113.{n}",
                             email=f"p{n}@example.net", body=f"Reply {n}").status_code

    assert [reply(first, 1), reply(first, 2), reply(first, 3)] == [200, 200, 429]
    assert [reply(second, 4), reply(second, 5)] == [200, 429]  # the site's third, then the site is full
    assert Post.objects.filter(guest__isnull=False).count() == 3


def test_a_burst_of_crisis_replies_from_unconfirmed_guests_sends_one_grouped_alert_per_moderator(
    client, guest_thread, loose_throttles, django_capture_on_commit_callbacks
):
    moderators = [ModeratorProfileFactory(on_duty=True).member for _ in range(3)]
    with time_machine.travel(T0, tick=False):
        for i in range(15):
            post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, ip=f"203.0.113.{i}",
                          email=f"stranger{i}@example.net", body=f"{CRISIS_TEXT} ({i})")
    # Every post is in the Safety lane and every alert is a row (a first alert goes to the on-duty moderator
    # with the lowest recent crisis load; the ladder widens it)...
    assert ReviewItem.objects.filter(lane=Lane.SAFETY, status="open").count() == 15
    assert ModeratorAlert.objects.filter(level=0).count() == 15
    [first] = set(ModeratorAlert.objects.filter(level=0).values_list("recipient__email", flat=True))
    # ...but that moderator gets one email, not fifteen.
    alerts = OutboundMessage.objects.filter(kind="crisis_alert")
    assert list(alerts.values_list("to", flat=True)) == [first]
    assert len([m for m in mail.outbox if m.to == [first]]) == 1

    # Nobody acts: the escalation is grouped the same way.
    with time_machine.travel(T0 + timedelta(minutes=15), tick=False), django_capture_on_commit_callbacks(
        execute=True
    ):
        escalated = escalate_unattended()
    assert len(escalated) == 15
    assert ModeratorAlert.objects.filter(level=1).count() == 15 * 3
    assert alerts.count() == 1 + 3  # the first email, then one grouped escalation email per moderator
    assert ReviewItem.objects.filter(lane=Lane.SAFETY, escalation_level=1).count() == 15
    # The grouped email names what is waiting: ten items by link, the rest counted.
    email = [m for m in mail.outbox if m.to == [moderators[0].email]][-1]
    assert "Still waiting: 15 safety items from guests who haven't confirmed" in email.subject
    assert email.body.count("/moderation/items/") == 10 and "5 more" in email.body


def test_a_members_crisis_post_still_alerts_on_its_own(
    member_client, guest_thread, django_capture_on_commit_callbacks
):
    ModeratorProfileFactory(on_duty=True)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"{guest_thread.get_absolute_url()}reply/", {"body": CRISIS_TEXT})
    [alert] = OutboundMessage.objects.filter(kind="crisis_alert")
    assert alert.dedupe_key.startswith("moderation-alert:")


# ------------------------------------------------------------------------------------------------------
# 3. The support panel for a guest in crisis
# ------------------------------------------------------------------------------------------------------


def test_a_guest_in_crisis_sees_the_support_panel_with_the_lines_for_their_country(
    client, guest_thread, django_capture_on_commit_callbacks
):
    CrisisResourceFactory(country="NZ", name="Need to talk? 1737", phone="1737")
    response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body=CRISIS_TEXT,
                             headers={"accept-language": "en-NZ,en;q=0.9"})
    html = response.content.decode()
    assert response.status_code == 200 and "Please check your email" in html
    assert 'class="support-panel"' in html
    shown = html[html.index('class="support-panel"') : html.index("<details")]
    assert "Need to talk? 1737" in shown and "Find A Helpline" in shown
    assert "988 Suicide" not in shown  # another country's line: only folded under "other countries"


def test_a_guest_whose_country_we_cannot_tell_sees_every_line(
    client, guest_thread, django_capture_on_commit_callbacks
):
    response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body=CRISIS_TEXT)
    html = response.content.decode()
    assert 'class="support-panel"' in html and "988 Suicide" in html and "Samaritans" in html


def test_a_calm_guest_reply_shows_no_support_panel(client, guest_thread, django_capture_on_commit_callbacks):
    html = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks).content.decode()
    assert "support-panel" not in html


# ------------------------------------------------------------------------------------------------------
# 4. Approving an unconfirmed guest's reply publishes it only once the email is confirmed
# ------------------------------------------------------------------------------------------------------


def approve(moderator_client, post):
    url = reverse("moderation:item_action", kwargs={"item_id": post.review_item.pk, "action": "approve"})
    assert moderator_client.post(url, {"reason": ""}).status_code == 302


def test_an_approved_guest_reply_waits_for_its_email_link_then_appears(
    moderator_client, guest_thread, django_capture_on_commit_callbacks
):
    guest, client = Client(), Client()  # moderator_client is the default client, signed in
    post_as_guest(guest, guest_thread, django_capture_on_commit_callbacks, body="Thank you all so much.")
    post = Post.objects.get(guest__isnull=False)
    queue = moderator_client.get(reverse("moderation:queue") + "?lane=held").content.decode()
    assert "email not confirmed" in queue
    item_page = moderator_client.get(post.review_item.get_absolute_url()).content.decode()
    assert "email not confirmed" in item_page

    approve(moderator_client, post)
    post.refresh_from_db()
    assert post.status == Post.Status.HELD and post.hold_reason == Post.HoldReason.GUEST_APPROVED
    assert "Thank you all so much." not in client.get(guest_thread.get_absolute_url()).content.decode()
    assert "approved, email not confirmed" in moderator_client.get(
        post.review_item.get_absolute_url()
    ).content.decode()

    response = guest.post(confirmation_for("Thank you all so much."))
    assert "it's now in the thread" in response.content.decode()
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert "Thank you all so much." in client.get(guest_thread.get_absolute_url()).content.decode()


def test_a_guest_reply_confirmed_first_is_published_when_approved(
    moderator_client, guest_thread, django_capture_on_commit_callbacks
):
    client = Client()
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="Confirmed first.")
    client.post(confirmation_for("Confirmed first."))
    post = Post.objects.get(guest__isnull=False)
    assert "email confirmed" in moderator_client.get(post.review_item.get_absolute_url()).content.decode()
    approve(moderator_client, post)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


# ------------------------------------------------------------------------------------------------------
# 8. An address tells nobody anything; a link releases only its reply; confirmation is a button
# ------------------------------------------------------------------------------------------------------


def _normalised(response) -> str:
    # Per-response tokens (CSRF, CSP nonces) differ by design; everything a person reads must not.
    html = response.content.decode()
    return re.sub(r'(nonce|value)="[^"]*"', r'\1=""', html)


def test_the_form_answers_the_same_for_a_fresh_address_and_one_used_a_minute_ago(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(type(client)(), guest_thread, django_capture_on_commit_callbacks, email="used@example.net",
                  ip="198.51.100.1")
    again = post_as_guest(type(client)(), guest_thread, django_capture_on_commit_callbacks,
                          email="used@example.net", ip="198.51.100.2")
    fresh = post_as_guest(type(client)(), guest_thread, django_capture_on_commit_callbacks,
                          email="fresh@example.net", ip="198.51.100.3")
    assert again.status_code == fresh.status_code == 200
    assert _normalised(again) == _normalised(fresh)


def test_nobody_renames_an_unconfirmed_guest_from_the_form(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(type(client)(), guest_thread, django_capture_on_commit_callbacks, name="Robin")
    post_as_guest(type(client)(), guest_thread, django_capture_on_commit_callbacks, name="Mallory",
                  ip="198.51.100.9")
    assert GuestAuthor.objects.get().name == "Robin"


def test_a_link_does_not_release_a_reply_someone_else_wrote_with_the_same_address_minutes_later(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="Robin's own words.")
    with time_machine.travel(datetime.now(tz=UTC) + timedelta(minutes=3)):
        post_as_guest(type(client)(), guest_thread, django_capture_on_commit_callbacks,
                      body="Words Robin never wrote.", ip="198.51.100.9")
        client.post(confirmation_for("Robin's own words."))
    held = dict(Post.objects.filter(guest__isnull=False).values_list("body", "hold_reason"))
    assert held == {
        "Robin's own words.": Post.HoldReason.MODERATOR,
        "Words Robin never wrote.": Post.HoldReason.GUEST_UNCONFIRMED,
    }


def test_opening_a_confirmation_link_confirms_nothing_until_the_button_is_pressed(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="Only mine.")
    path = confirmation_for("Only mine.")
    scanner = type(client)()  # a mail scanner or link preview fetching the link
    response = scanner.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Confirm my reply" in html and 'method="post"' in html and "Only mine." in html
    assert GuestAuthor.objects.get().confirmed_at is None
    assert Post.objects.get(body="Only mine.").hold_reason == Post.HoldReason.GUEST_UNCONFIRMED
    assert client.post(path).status_code == 200
    assert GuestAuthor.objects.get().confirmed_at is not None
    assert Post.objects.get(body="Only mine.").hold_reason == Post.HoldReason.MODERATOR


# ------------------------------------------------------------------------------------------------------
# 11a. A parent that is not a number
# ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("parent", ["abc", "1.5", "-3", "１２"])
def test_a_parent_that_is_not_a_number_is_not_found(client, guest_thread, parent):
    assert client.get(f"{guest_url(guest_thread)}?parent={parent}").status_code == 404
    response = client.post(
        f"{guest_url(guest_thread)}?parent={parent}",
        {"name": "R", "email": "r@example.net", "body": "Hello."},
    )
    assert response.status_code == 404
    assert not Post.objects.filter(guest__isnull=False).exists()
