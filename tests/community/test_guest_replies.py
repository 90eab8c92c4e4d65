"""Guest replies: held until a signed link confirms the email, then moderated; the email never shows."""

import hashlib
import re
import smtplib
from unittest import mock

import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from community.models import GuestAuthor, OutboundMessage, Post
from community.services.threads import thread_close
from community.tasks import deliver_outbound_message, sweep_outbox
from tests.factories import ReplyFactory


def guest_url(thread, parent=None):
    url = reverse("community:guest_reply", kwargs={"thread_id": thread.pk})
    return f"{url}?parent={parent.pk}" if parent else url


def post_as_guest(client, thread, django_capture_on_commit_callbacks, REMOTE_ADDR="127.0.0.1", **data):
    payload = {"name": "Robin", "email": "Robin.Private@example.net", "body": "I know this feeling well."}
    payload.update(data)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(guest_url(thread), payload, REMOTE_ADDR=REMOTE_ADDR)


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
    response = client.post(link)
    assert response.status_code == 200
    assert "Thank you for confirming" in response.content.decode()
    guest = GuestAuthor.objects.get()
    assert guest.confirmed_at is not None
    post = Post.objects.get(guest=guest)
    assert post.status == Post.Status.HELD and post.hold_reason == Post.HoldReason.MODERATOR
    # Pressing twice is harmless.
    assert client.post(link).status_code == 200


def test_a_confirmed_guests_next_reply_needs_no_new_email(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    client.post(confirmation_link(mail.outbox[0]))
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
    client.post(confirmation_link(mail.outbox[0]))
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


def test_each_guest_reply_gets_its_own_link_and_a_link_confirms_only_its_reply(
    client, guest_thread, django_capture_on_commit_callbacks
):
    for i in range(3):
        post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body=f"Reply {i}")
    assert len(mail.outbox) == 3
    assert len({confirmation_link(m) for m in mail.outbox}) == 3
    client.post(confirmation_link(mail.outbox[1]))
    reasons = dict(Post.objects.filter(guest__isnull=False).values_list("body", "hold_reason"))
    assert reasons == {"Reply 0": "guest_unconfirmed", "Reply 1": "moderator", "Reply 2": "guest_unconfirmed"}


def test_the_per_address_limit_caps_the_emails_one_inbox_can_receive(
    client, guest_thread, django_capture_on_commit_callbacks, settings
):
    settings.HEARTH_GUEST_THROTTLE_EMAIL = "3/hour"
    for i in range(5):
        # From different places: only the address is shared.
        post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body=f"Reply {i}",
                      REMOTE_ADDR=f"203.0.113.{i}")
    assert len(mail.outbox) == 3
    assert Post.objects.filter(guest__isnull=False).count() == 3


# ------------------------------------------------------------------------------------------------------
# Every reply needs proof: typing a confirmed guest's address is not enough
# ------------------------------------------------------------------------------------------------------


def confirmed_elsewhere(client_class, thread, django_capture_on_commit_callbacks, **data):
    """The real Robin replies and confirms in their own browser; returns their client."""
    robin = client_class()
    post_as_guest(robin, thread, django_capture_on_commit_callbacks, **data)
    robin.post(confirmation_link(mail.outbox[-1]))
    return robin


def test_someone_typing_a_confirmed_guests_email_cannot_skip_the_confirmation(
    client, guest_thread, django_capture_on_commit_callbacks
):
    confirmed_elsewhere(type(client), guest_thread, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    cache.clear()  # not protected by the email throttle either
    response = post_as_guest(
        client, guest_thread, django_capture_on_commit_callbacks, name="Robin", body="Pretending to be Robin."
    )
    assert "Please check your email" in response.content.decode()
    post = Post.objects.get(body="Pretending to be Robin.")
    assert post.status == Post.Status.HELD
    assert post.hold_reason == Post.HoldReason.GUEST_UNCONFIRMED
    # Only the inbox's owner receives the link for it, with the reply's opening words to recognise it.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["robin.private@example.net"]
    assert "Pretending to be Robin." in mail.outbox[0].body


def test_a_confirmed_guests_name_cannot_be_changed_by_someone_typing_their_email(
    client, guest_thread, django_capture_on_commit_callbacks
):
    confirmed_elsewhere(type(client), guest_thread, django_capture_on_commit_callbacks)
    cache.clear()
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, name="Not Robin", body="Hi.")
    assert GuestAuthor.objects.get().name == "Robin"


def test_the_link_for_a_reply_confirms_it_and_remembers_the_browser_that_opened_it(
    client, guest_thread, django_capture_on_commit_callbacks
):
    confirmed_elsewhere(type(client), guest_thread, django_capture_on_commit_callbacks)
    cache.clear()
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="Robin on the laptop.")
    response = client.post(confirmation_link(mail.outbox[-1]))
    assert response.status_code == 200
    assert guest_thread.title in response.content.decode()
    assert Post.objects.get(body="Robin on the laptop.").hold_reason == Post.HoldReason.MODERATOR
    # This browser has now proved the address: its next reply needs no email.
    sent = len(mail.outbox)
    cache.clear()
    response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="One more.")
    assert "Your reply is with the moderators" in response.content.decode()
    assert len(mail.outbox) == sent
    assert Post.objects.get(body="One more.").hold_reason == Post.HoldReason.MODERATOR


def test_a_reply_link_confirms_only_its_own_reply_not_later_ones(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="First.")
    first_link = confirmation_link(mail.outbox[0])
    later = timezone.now() + timezone.timedelta(minutes=20)
    with time_machine.travel(later):
        cache.clear()  # the throttle window has passed
        stranger = type(client)()
        post_as_guest(stranger, guest_thread, django_capture_on_commit_callbacks, body="Later, by someone.")
        assert len(mail.outbox) == 2
        client.post(first_link)
    assert Post.objects.get(body="First.").hold_reason == Post.HoldReason.MODERATOR
    assert Post.objects.get(body="Later, by someone.").hold_reason == Post.HoldReason.GUEST_UNCONFIRMED


def test_a_link_that_names_only_the_guest_releases_nothing(
    client, guest_thread, django_capture_on_commit_callbacks
):
    from django.core import signing

    from community.services.guests import CONFIRM_SALT

    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="Before.")
    # The shape of the links older reminders sent: they released every waiting reply of the address.
    token = signing.dumps({"guest": GuestAuthor.objects.get().pk, "at": 0}, salt=CONFIRM_SALT, compress=True)
    response = client.post(reverse("community:guest_confirm", kwargs={"token": token}))
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert Post.objects.get(body="Before.").hold_reason == Post.HoldReason.GUEST_UNCONFIRMED
    assert GuestAuthor.objects.get().confirmed_at is None


def test_a_link_for_a_reply_that_no_longer_exists_is_refused_kindly(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    link = confirmation_link(mail.outbox[0])
    Post.objects.filter(guest__isnull=False).delete()
    response = client.get(link)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_guest_confirmation_email_escapes_nothing_in_the_plain_text_part(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="It's <hard> & slow.")
    message = mail.outbox[0]
    assert "It's <hard> & slow." in message.body
    assert "&lt;hard&gt;" in message.alternatives[0][0]


# ------------------------------------------------------------------------------------------------------
# The confirmation email goes through the outbox (a database row first, delivered by Celery)
# ------------------------------------------------------------------------------------------------------


def test_the_confirmation_email_is_an_outbox_row_marked_sent_once_celery_delivers_it(
    client, guest_thread, django_capture_on_commit_callbacks
):
    post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    post = Post.objects.get(guest__isnull=False)
    message = OutboundMessage.objects.get(kind="guest_confirmation")
    assert message.to == "robin.private@example.net"
    assert message.dedupe_key == f"guest-confirmation:post:{post.pk}"
    assert message.status == OutboundMessage.Status.SENT
    assert confirmation_link(mail.outbox[0]) in message.body_text
    assert "Confirm my reply" in message.body_html


def test_a_guest_reply_rejected_for_bad_input_leaves_no_email_in_the_outbox(
    client, guest_thread, django_capture_on_commit_callbacks
):
    response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="x" * 20_001)
    assert response.status_code == 400
    assert not OutboundMessage.objects.exists() and mail.outbox == []


def test_when_the_broker_is_down_the_reply_is_still_saved_and_the_sweeper_sends_the_link_later(
    client, guest_thread, django_capture_on_commit_callbacks, settings
):
    settings.HEARTH_OUTBOX_SWEEP_GRACE_SECONDS = 0
    broker_down = ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")
    with mock.patch.object(deliver_outbound_message, "delay", side_effect=broker_down):
        response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "Please check your email" in response.content.decode()
    assert mail.outbox == []
    assert OutboundMessage.objects.get().status == OutboundMessage.Status.PENDING
    sweep_outbox.delay()
    assert len(mail.outbox) == 1
    client.post(confirmation_link(mail.outbox[0]))
    assert Post.objects.get(guest__isnull=False).hold_reason == Post.HoldReason.MODERATOR


def test_a_failing_mail_server_is_retried_with_backoff_until_the_confirmation_goes_out(
    client, guest_thread, django_capture_on_commit_callbacks, settings
):
    settings.HEARTH_OUTBOX_SWEEP_GRACE_SECONDS = 0
    disconnected = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=disconnected):
        response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    assert response.status_code == 200  # the guest never sees the mail server's trouble
    message = OutboundMessage.objects.get()
    assert message.status == OutboundMessage.Status.PENDING and message.attempts == 1
    assert "SMTPServerDisconnected" in message.last_error
    assert mail.outbox == []
    # Not before the backoff: the sweeper leaves it alone.
    assert sweep_outbox.delay().get() == 0
    with time_machine.travel(message.next_attempt_at + timezone.timedelta(seconds=1)):
        sweep_outbox.delay()
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_closed_threads_offer_guests_no_reply_link_and_refuse_their_replies(
    client, guest_thread, django_capture_on_commit_callbacks
):
    reply = ReplyFactory(thread=guest_thread)
    thread_close(thread=guest_thread)
    html = client.get(guest_thread.get_absolute_url()).content.decode()
    assert "Comments are closed" in html
    assert "Reply as a guest" not in html and guest_url(guest_thread, reply) not in html.replace("&amp;", "&")
    assert client.get(guest_url(guest_thread)).status_code == 403
    response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert "Comments are closed" in response.content.decode()
    assert not Post.objects.filter(guest__isnull=False).exists()
    assert not OutboundMessage.objects.exists()


def test_a_guest_whose_thread_closed_while_writing_sees_their_words_again(
    client, guest_thread, django_capture_on_commit_callbacks
):
    assert client.get(guest_url(guest_thread)).status_code == 200  # the form, while the thread is open
    thread_close(thread=guest_thread, reason="Resting this conversation for tonight.")
    words = "It took me a long time to write this.\n\nThank you <all> for listening & being here."

    response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body=words)

    html = response.content.decode()
    assert response.status_code == 403
    assert "Comments are closed" in html and "Resting this conversation for tonight." in html
    assert "Here is what you wrote" in html
    # Shown back escaped and whole, line breaks included.
    assert "Thank you &lt;all&gt; for listening &amp; being here." in html
    assert "It took me a long time to write this.\n\nThank you" in html
    assert "Send reply" not in html  # no form that would only be refused again
    assert not Post.objects.filter(guest__isnull=False).exists()
    assert not OutboundMessage.objects.exists()


def test_a_thread_closed_during_the_guests_request_still_shows_their_words_again(
    client, guest_thread, django_capture_on_commit_callbacks
):
    from community import selectors

    real = selectors.thread_for_display

    def loaded_then_closed(*, thread_id, **options):
        thread = real(thread_id=thread_id, **options)
        # A moderator closes it after this request read the thread, before the reply is saved.
        thread_close(thread=real(thread_id=thread_id), reason="Closed for now.")
        return thread

    with mock.patch.object(selectors, "thread_for_display", loaded_then_closed):
        response = post_as_guest(client, guest_thread, django_capture_on_commit_callbacks, body="Still here.")

    html = response.content.decode()
    assert response.status_code == 403
    assert "Comments are closed" in html and "Closed for now." in html
    assert "Here is what you wrote" in html and "Still here." in html
    assert not Post.objects.filter(guest__isnull=False).exists()
