"""Guest replies: held until a signed link confirms the email, then moderated; the email never shows."""

import hashlib
import re

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.models import GuestAuthor, Post
from tests.factories import ReplyFactory


def guest_url(thread, parent=None):
    url = reverse("community:guest_reply", kwargs={"thread_id": thread.pk})
    return f"{url}?parent={parent.pk}" if parent else url


def post_as_guest(client, thread, django_capture_on_commit_callbacks, **data):
    payload = {"name": "Robin", "email": "Robin.Private@example.net", "body": "I know this feeling well."}
    payload.update(data)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(guest_url(thread), payload)


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/guests/confirm/\S+/", message.body).group(0)


def test_guest_reply_is_held_and_a_confirmation_email_is_sent(
    client, guest_thread, django_capture_on_commit_callbacks
):
    response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Please check your email" in response.content.decode()
    post = Post.objects.get(thread=guest_thread, guest__isnull=False)
    assert post.status == Post.Status.HELD
    assert post.hold_reason == Post.HoldReason.GUEST_UNCONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin.private@example.net"]
    assert "confirm" in message.subject.lower()
    assert message.alternatives and "Confirm my reply" in message.alternatives[0][0]
    # Not visible to anyone else yet.
    assert "I know this feeling well." not in client.get(guest_thread.get_absolute_url()).content.decode()


def test_confirmation_link_confirms_and_sends_the_reply_to_the_moderators(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    link = confirmation_link(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 200
    assert "Thank you for confirming" in response.content.decode()
    guest = GuestAuthor.objects.get()
    assert guest.confirmed_at is not None
    post = Post.objects.get(guest=guest)
    assert post.status == Post.Status.HELD and post.hold_reason == Post.HoldReason.MODERATOR
    # Clicking twice is harmless.
    assert client.get(link).status_code == 200


def test_a_confirmed_guests_next_reply_needs_no_new_email(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    client.get(confirmation_link(mail.outbox[0]))
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="Another thought.")
    assert len(mail.outbox) == 1
    assert Post.objects.get(body="Another thought.").hold_reason == Post.HoldReason.MODERATOR


def test_expired_or_tampered_links_are_refused_kindly(
    client, guest_thread, django_capture_on_commit_callbacks, settings
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    link = confirmation_link(mail.outbox[0])
    assert client.get(link[:-3] + "xx/").status_code == 400
    with time_machine.travel(
        timezone.now() + timezone.timedelta(days=settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS + 1)
    ):
        response = client.get(link)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert GuestAuthor.objects.get().confirmed_at is None


def test_guest_email_never_appears_in_page_html_not_even_hashed(
    client, guest_thread, moderator, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    client.get(confirmation_link(mail.outbox[0]))
    Post.objects.filter(guest__isnull=False).update(status=Post.Status.PUBLISHED, hold_reason="")
    email = "robin.private@example.net"
    md5 = hashlib.md5(email.encode()).hexdigest()
    sha256 = hashlib.sha256(email.encode()).hexdigest()
    for viewer in (None, moderator):
        if viewer:
            client.force_login(viewer)
        html = client.get(guest_thread.get_absolute_url()).content.decode().lower()
        assert "robin" in html
        assert "robin.private" not in html and md5 not in html and sha256 not in html
        assert "gravatar" not in html


def test_guests_cannot_reply_where_the_space_forbids_it(client, thread):
    response = client.post(guest_url(thread), {"name": "R", "email": "r@example.net", "body": "hello"})
    assert response.status_code == 403
    assert "Only members can reply in this space" in response.content.decode()
    assert not Post.objects.filter(guest__isnull=False).exists()
    assert "Reply as a guest" not in client.get(thread.get_absolute_url()).content.decode()


def test_guest_reply_form_is_offered_on_threads_that_allow_it(client, guest_thread):
    reply = ReplyFactory(thread=guest_thread)
    html = client.get(guest_thread.get_absolute_url()).content.decode()
    assert "Reply as a guest" in html
    assert guest_url(guest_thread, reply) in html.replace("&amp;", "&")


def test_guest_can_reply_to_a_reply(client, guest_thread, django_capture_on_commit_callbacks):
    reply = ReplyFactory(thread=guest_thread)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            guest_url(guest_thread, reply),
            {"name": "Robin", "email": "robin@example.net", "body": "Nested guest", "parent": reply.pk},
        )
    assert Post.objects.get(body="Nested guest").parent == reply


def test_bad_guest_input_keeps_what_was_typed(client, guest_thread):
    response = client.post(
        guest_url(guest_thread), {"name": "Robin", "email": "not-an-email", "body": "Kept text"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kept text" in html and "valid email" in html
    assert not GuestAuthor.objects.exists()


def test_the_spam_trap_field_refuses_bots(client, guest_thread):
    response = client.post(
        guest_url(guest_thread),
        {"name": "Bot", "email": "b@example.net", "body": "buy", "website": "http://x"},
    )
    assert response.status_code == 400
    assert not GuestAuthor.objects.exists()


def test_repeated_guest_replies_do_not_flood_an_inbox(
    client, guest_thread, django_capture_on_commit_callbacks
):
    for i in range(3):
        post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body=f"Reply {i}")
    assert len(mail.outbox) == 1
    # The one link confirms every waiting reply.
    client.get(confirmation_link(mail.outbox[0]))
    assert set(Post.objects.filter(guest__isnull=False).values_list("hold_reason", flat=True)) == {
        "moderator"
    }
