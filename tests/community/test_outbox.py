"""The outbox: messages are rows first, delivered once, retried with backoff, dead-lettered, swept."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import smtplib
import ssl
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from cryptography import x509  # a dependency of allauth[headless]; makes the test TLS certificate
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core import mail
from django.utils import timezone

from community.models import DeadLetter, OutboundMessage
from community.services import outbox
from community.tasks import deliver_outbound_message, sweep_outbox

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def enqueue(key: str = "k1", **kwargs) -> OutboundMessage:
    fields = {"kind": "test", "to": "someone@example.org", "subject": "Hello", "body_text": "Body"}
    fields.update(kwargs)
    return outbox.outbox_enqueue(dedupe_key=key, **fields)


class FailingBackend:
    """An email backend whose SMTP server is down."""

    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FailingBackend.calls += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_an_enqueued_email_is_sent_after_commit_and_marked_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue(body_html="<p>Body</p>", headers={"X-Test": "1"})
        assert mail.outbox == []  # nothing leaves before the transaction commits
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert message.sent_at is not None and message.attempts == 1
    [sent] = mail.outbox
    assert sent.to == ["someone@example.org"] and sent.subject == "Hello"
    assert sent.extra_headers["X-Test"] == "1"
    assert sent.alternatives[0][1] == "text/html"


def test_enqueueing_twice_with_the_same_key_sends_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue("same")
        second = enqueue("same", subject="A different subject")
    assert first.pk == second.pk
    assert OutboundMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_rolled_back_transaction_leaves_no_message_and_sends_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue("rolled-back")
        raise RuntimeError("the post could not be saved")
    assert not OutboundMessage.objects.exists()
    assert mail.outbox == []


def test_delivering_a_message_already_sent_does_nothing():
    message = enqueue()
    assert outbox.outbox_deliver(message_id=message.pk).status == "sent"
    assert outbox.outbox_deliver(message_id=message.pk).status == "skipped"
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_a_message_claimed_by_another_worker_is_not_sent_twice():
    message = enqueue()
    # Another worker claimed it a moment ago and is sending right now.
    OutboundMessage.objects.filter(pk=message.pk).update(locked_until=timezone.now() + timedelta(minutes=2))
    assert outbox.outbox_deliver(message_id=message.pk).status == "skipped"
    assert mail.outbox == []


def test_a_claim_left_by_a_crashed_worker_expires_and_the_message_goes_out():
    message = enqueue()
    OutboundMessage.objects.filter(pk=message.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert outbox.outbox_deliver(message_id=message.pk).status == "sent"
    assert len(mail.outbox) == 1


@time_machine.travel(NOW, tick=False)
def test_a_transient_smtp_failure_is_recorded_and_retried_with_exponential_backoff(settings):
    settings.EMAIL_BACKEND = "tests.community.test_outbox.FailingBackend"
    settings.HEARTH_OUTBOX_RETRY_BASE_SECONDS = 30
    message = enqueue()
    with pytest.raises(outbox.TransientDeliveryError):
        outbox.outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.PENDING
    assert message.attempts == 1 and "SMTPServerDisconnected" in message.last_error
    assert message.next_attempt_at == NOW + timedelta(seconds=30)
    assert message.locked_until is None
    with pytest.raises(outbox.TransientDeliveryError):
        outbox.outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.next_attempt_at == NOW + timedelta(seconds=60)


def test_backoff_doubles_and_is_capped(settings):
    settings.HEARTH_OUTBOX_RETRY_BASE_SECONDS = 30
    settings.HEARTH_OUTBOX_RETRY_MAX_SECONDS = 1800
    delays = [outbox.backoff_delay(n).total_seconds() for n in range(1, 10)]
    assert delays == [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]


def test_after_the_last_attempt_the_message_is_dead_and_a_failed_task_row_shows_it(settings):
    settings.EMAIL_BACKEND = "tests.community.test_outbox.FailingBackend"
    settings.HEARTH_OUTBOX_MAX_ATTEMPTS = 3
    message = enqueue()
    for _ in range(2):
        with pytest.raises(outbox.TransientDeliveryError):
            outbox.outbox_deliver(message_id=message.pk)
    result = outbox.outbox_deliver(message_id=message.pk)
    assert result.status == "dead"
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.DEAD and message.attempts == 3
    [dead] = DeadLetter.objects.all()
    assert dead.outbound_message_id == message.pk
    assert "SMTPServerDisconnected" in dead.error
    # A dead message is left alone by the sweeper.
    assert outbox.outbox_due_ids() == []


@pytest.fixture
def celery_reports_failures():
    """Eager Celery re-runs retries inside apply(); without propagation it runs them all, like a worker."""
    from community.celery_app import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def test_the_celery_task_retries_a_failing_delivery_until_the_message_is_dead(
    settings, celery_reports_failures
):
    settings.EMAIL_BACKEND = "tests.community.test_outbox.FailingBackend"
    settings.HEARTH_OUTBOX_MAX_ATTEMPTS = 4
    FailingBackend.calls = 0
    message = enqueue()
    result = deliver_outbound_message.apply(args=[message.pk])
    assert result.result == "dead"
    assert FailingBackend.calls == 4
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.DEAD and message.attempts == 4
    # One failed-task row, written by the outbox, not one per Celery retry.
    assert DeadLetter.objects.filter(outbound_message=message).count() == 1


def test_when_celerys_own_retries_run_out_the_row_stays_pending_for_the_sweeper(
    settings, celery_reports_failures
):
    settings.EMAIL_BACKEND = "tests.community.test_outbox.FailingBackend"
    message = enqueue()
    result = deliver_outbound_message.apply(
        args=[message.pk], retries=deliver_outbound_message.max_retries + 1, throw=False
    )
    assert result.state == "FAILURE"
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.PENDING
    assert not DeadLetter.objects.exists()


def test_a_refused_recipient_is_not_retried(settings):
    message = enqueue()
    refused = smtplib.SMTPRecipientsRefused({"someone@example.org": (550, b"No such user")})
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused):
        result = outbox.outbox_deliver(message_id=message.pk)
    assert result.status == "dead"
    message.refresh_from_db()
    assert message.attempts == 1 and message.status == OutboundMessage.Status.DEAD


def test_a_broker_outage_at_commit_does_not_break_the_request_and_the_sweeper_sends_later(
    django_capture_on_commit_callbacks, settings
):
    settings.HEARTH_OUTBOX_SWEEP_GRACE_SECONDS = 0
    broker_down = ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")
    with (
        mock.patch.object(deliver_outbound_message, "delay", side_effect=broker_down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = enqueue("crisis")
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.PENDING and mail.outbox == []
    # The broker is back: the sweeper (run by beat every minute) dispatches what is still pending.
    assert sweep_outbox.delay().get() == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_the_sweeper_waits_for_the_backoff_and_leaves_fresh_or_claimed_rows_alone(settings):
    settings.HEARTH_OUTBOX_SWEEP_GRACE_SECONDS = 30
    with time_machine.travel(NOW, tick=False):
        fresh = enqueue("fresh")
        backing_off = enqueue("backing-off")
        claimed = enqueue("claimed")
        due = enqueue("due")
        OutboundMessage.objects.filter(pk=backing_off.pk).update(next_attempt_at=NOW + timedelta(minutes=5))
        OutboundMessage.objects.filter(pk=claimed.pk).update(
            next_attempt_at=NOW - timedelta(minutes=5), locked_until=NOW + timedelta(minutes=1)
        )
        OutboundMessage.objects.filter(pk=due.pk).update(next_attempt_at=NOW - timedelta(minutes=5))
        assert outbox.outbox_due_ids() == [due.pk]
    with time_machine.travel(NOW + timedelta(minutes=6), tick=False):
        assert set(outbox.outbox_due_ids()) == {fresh.pk, backing_off.pk, claimed.pk, due.pk}


def test_the_sweeper_query_count_does_not_grow_with_due_rows(django_assert_max_num_queries, settings):
    settings.HEARTH_OUTBOX_SWEEP_GRACE_SECONDS = 0
    for n in range(30):
        enqueue(f"due-{n}")
    with mock.patch.object(deliver_outbound_message, "delay") as delay, django_assert_max_num_queries(1):
        assert outbox.outbox_sweep() == 30
    assert delay.call_count == 30


def test_requeueing_a_dead_message_sends_it(django_capture_on_commit_callbacks):
    message = enqueue()
    OutboundMessage.objects.filter(pk=message.pk).update(status=OutboundMessage.Status.DEAD, attempts=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_requeue(message_ids=[message.pk]) == 1
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and message.attempts == 1


def test_render_email_uses_the_three_templates_and_a_one_line_subject():
    subject, text, html = outbox.render_email(
        template="reminder_unread",
        context={"member": {"display_name": "Sam"}, "count": 2, "notifications_url": "https://x/n",
                 "preferences_url": "https://x/p", "unsubscribe_url": "https://x/u"},
    )
    assert subject == "You have 2 unread replies on Hearth"
    assert "Hello Sam" in text and "https://x/u" in text
    assert "<a href=\"https://x/u\"" in html


# ------------------------------------------------------------------------------------------------------
# Alert webhook: https only, a secret always, timestamp + body signed, redirects not followed
# ------------------------------------------------------------------------------------------------------


class _Receiver(BaseHTTPRequestHandler):
    received: list = []
    status = 200
    location = ""

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((self.path, dict(self.headers), body))
        self.send_response(_Receiver.status)
        if _Receiver.location:
            self.send_header("Location", _Receiver.location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


LOOPBACK = "127.0.0.1"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, so the receiver speaks real TLS on the loopback."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, LOOPBACK)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOOPBACK))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return folder / "cert.pem", folder / "key.pem"


def _serve(tls: tuple | None):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    _Receiver.received, _Receiver.status, _Receiver.location = [], 200, ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def webhook_receiver(certificate, monkeypatch, settings):
    """An https receiver on the loopback that the sender trusts (only its CA store is swapped)."""
    cert_path, _ = certificate
    monkeypatch.setattr(outbox, "_webhook_ssl_context", lambda: ssl.create_default_context(cafile=cert_path))
    server = _serve(certificate)
    settings.HEARTH_ALERT_WEBHOOK_URL = f"https://127.0.0.1:{server.server_port}/hook"
    settings.HEARTH_ALERT_WEBHOOK_SECRET = "s3cret"
    yield settings.HEARTH_ALERT_WEBHOOK_URL
    server.shutdown()
    server.server_close()


@pytest.fixture
def plain_http_receiver():
    server = _serve(None)
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def alert(key: str, payload: dict | None = None) -> OutboundMessage:
    return outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload=payload or {}, dedupe_key=key)


def _readme_verifier():
    """The verify_webhook_signature a receiver copies from README.md, run exactly as written there."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("### Alert webhook"):]
    code = section[section.index("```python") + len("```python"):]
    code = code[: code.index("```")]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102
    return namespace["verify_webhook_signature"]


def test_a_webhook_alert_is_posted_as_json_signed_over_the_timestamp_and_the_body(webhook_receiver):
    with time_machine.travel(NOW, tick=False):
        message = outbox.outbox_enqueue_alert_webhook(
            kind="crisis_alert", payload={"title": "Safety item", "item_id": 7}, dedupe_key="item:7"
        )
        assert outbox.outbox_deliver(message_id=message.pk).status == "sent"
    [(path, headers, body)] = _Receiver.received
    assert path == "/hook"
    assert json.loads(body) == {"kind": "crisis_alert", "title": "Safety item", "item_id": 7}
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Hearth-Delivery"] == "webhook:item:7"
    timestamp = headers["X-Hearth-Timestamp"]
    assert timestamp == str(int(NOW.timestamp()))
    # The documented recipe: HMAC-SHA256 with the secret over "<timestamp>.<raw body>".
    expected = "sha256=" + hmac.new(b"s3cret", timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Hearth-Signature"] == expected
    # The body alone (the old scheme) no longer verifies: a captured body cannot be re-sent with a new time.
    assert headers["X-Hearth-Signature"] != "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("verifier", ["shipped", "readme"])
def test_the_documented_verifier_accepts_a_fresh_delivery_and_rejects_stale_or_tampered_ones(
    webhook_receiver, verifier
):
    verify = outbox.verify_webhook_signature if verifier == "shipped" else _readme_verifier()
    with time_machine.travel(NOW, tick=False):
        message = alert("8", {"item_id": 8})
        outbox.outbox_deliver(message_id=message.pk)
    [(_, headers, body)] = _Receiver.received
    sent = {"body": body, "timestamp": headers["X-Hearth-Timestamp"]}
    sent["signature"] = headers["X-Hearth-Signature"]
    at = NOW.timestamp()

    assert verify(secret="s3cret", now=at + 60, **sent) is True
    assert verify(secret="s3cret", now=at - 60, **sent) is True  # the receiver's clock runs a little behind
    assert verify(secret="s3cret", now=at + 301, **sent) is False  # replayed after the 5-minute window
    assert verify(secret="s3cret", now=at + 3600, tolerance_seconds=7200, **sent) is True
    assert verify(secret="wrong", now=at, **sent) is False
    assert verify(secret="s3cret", now=at, **{**sent, "body": body.replace(b"8", b"9")}) is False
    # A replay with a fresh timestamp header but the old signature fails: the timestamp is signed.
    assert verify(secret="s3cret", now=at + 3600, **{**sent, "timestamp": str(int(at) + 3600)}) is False
    assert verify(secret="s3cret", now=at, **{**sent, "timestamp": "not a number"}) is False
    assert verify(secret="s3cret", now=at, **{**sent, "signature": ""}) is False


def test_each_attempt_is_signed_when_it_is_sent_so_a_late_retry_is_not_stale(webhook_receiver):
    with time_machine.travel(NOW, tick=False):
        message = alert("9", {"item_id": 9})
    later = NOW + timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        outbox.outbox_deliver(message_id=message.pk)
    [(_, headers, body)] = _Receiver.received
    assert headers["X-Hearth-Timestamp"] == str(int(later.timestamp()))
    assert outbox.verify_webhook_signature(
        secret="s3cret", body=body, timestamp=headers["X-Hearth-Timestamp"],
        signature=headers["X-Hearth-Signature"], now=later.timestamp() + 5,
    )  # fmt: skip


def test_a_webhook_answering_500_is_retried_and_one_answering_404_is_dead(webhook_receiver):
    _Receiver.status = 503
    retried = outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={}, dedupe_key="a")
    with pytest.raises(outbox.TransientDeliveryError):
        outbox.outbox_deliver(message_id=retried.pk)
    _Receiver.status = 404
    dead = outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={}, dedupe_key="b")
    assert outbox.outbox_deliver(message_id=dead.pk).status == "dead"


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_webhook_answering_a_redirect_is_not_followed(webhook_receiver, status):
    _Receiver.status = status
    _Receiver.location = webhook_receiver.replace("/hook", "/elsewhere")
    message = outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={"item_id": 1}, dedupe_key="r")
    result = outbox.outbox_deliver(message_id=message.pk)
    assert [path for path, _, _ in _Receiver.received] == ["/hook"]  # nothing went to /elsewhere
    assert result.status == "dead" and "redirects are not followed" in result.error
    assert DeadLetter.objects.filter(outbound_message_id=message.pk).exists()


def test_a_webhook_without_a_secret_is_refused_at_send_time_and_shows_as_failed(webhook_receiver, settings):
    settings.HEARTH_ALERT_WEBHOOK_SECRET = ""
    message = outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={}, dedupe_key="no-secret")
    assert message is not None  # the alert is still a row, so it shows under Failed tasks
    result = outbox.outbox_deliver(message_id=message.pk)
    assert result.status == "dead" and "HEARTH_ALERT_WEBHOOK_SECRET" in result.error
    assert _Receiver.received == []


def test_a_plain_http_webhook_is_refused_at_send_time(plain_http_receiver, settings):
    settings.HEARTH_ALERT_WEBHOOK_URL = plain_http_receiver
    settings.HEARTH_ALERT_WEBHOOK_SECRET = "s3cret"
    message = outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={}, dedupe_key="http")
    result = outbox.outbox_deliver(message_id=message.pk)
    assert result.status == "dead" and "https://" in result.error
    assert _Receiver.received == []


def test_an_unreachable_webhook_is_a_transient_failure(settings):
    settings.HEARTH_ALERT_WEBHOOK_URL = "https://127.0.0.1:9/nothing-listens-here"
    settings.HEARTH_ALERT_WEBHOOK_SECRET = "s3cret"
    message = outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={}, dedupe_key="c")
    with pytest.raises(outbox.TransientDeliveryError):
        outbox.outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.PENDING and message.last_error


def test_an_untrusted_certificate_is_not_accepted(certificate, settings):
    server = _serve(certificate)  # the sender's real CA store does not know this self-signed certificate
    try:
        settings.HEARTH_ALERT_WEBHOOK_URL = f"https://127.0.0.1:{server.server_port}/hook"
        settings.HEARTH_ALERT_WEBHOOK_SECRET = "s3cret"
        message = outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={}, dedupe_key="tls")
        with pytest.raises(outbox.TransientDeliveryError):
            outbox.outbox_deliver(message_id=message.pk)
        assert _Receiver.received == []
    finally:
        server.shutdown()
        server.server_close()


def test_no_webhook_is_queued_when_none_is_configured(settings):
    settings.HEARTH_ALERT_WEBHOOK_URL = ""
    assert outbox.outbox_enqueue_alert_webhook(kind="crisis_alert", payload={}, dedupe_key="d") is None


def test_a_task_failing_with_a_bug_leaves_a_failed_task_row(celery_reports_failures):
    from community.tasks import fan_out_reply_notifications

    with mock.patch("community.services.notifications.fan_out_reply", side_effect=ValueError("bug")):
        result = fan_out_reply_notifications.apply(args=[123], throw=False)
    assert result.state == "FAILURE"
    [dead] = DeadLetter.objects.all()
    assert dead.task_name == "community.fan_out_reply_notifications"
    assert dead.args == [123] and "ValueError: bug" in dead.error and "Traceback" in dead.traceback


def test_a_task_whose_transient_failure_outlasts_its_retries_leaves_one_failed_task_row(
    celery_reports_failures,
):
    from community.tasks import fan_out_reply_notifications

    down = ConnectionError("database server went away")
    with mock.patch("community.services.notifications.fan_out_reply", side_effect=down) as service:
        result = fan_out_reply_notifications.apply(args=[5])
    assert result.state == "FAILURE"
    assert service.call_count == fan_out_reply_notifications.max_retries + 1
    assert DeadLetter.objects.get().task_name == "community.fan_out_reply_notifications"


def test_every_background_task_follows_the_house_rules():
    from community import celery_app  # noqa: F401
    from community import tasks as community_tasks
    from moderation import tasks as moderation_tasks

    names = [
        "community.deliver_outbound_message",
        "community.sweep_outbox",
        "community.fan_out_reply_notifications",
        "community.send_due_digests",
        "community.send_reminders",
        "community.autoclose_threads",
        "moderation.escalate_safety_items",
        "moderation.send_daily_summary",
    ]
    registry = {t.name: t for t in [*vars(community_tasks).values(), *vars(moderation_tasks).values()]
                if hasattr(t, "name") and hasattr(t, "delay")}
    for name in names:
        task = registry[name]
        assert task.acks_late and task.serializer == "json", name
        assert task.autoretry_for and task.retry_backoff and task.retry_jitter, name
        assert task.max_retries and task.soft_time_limit and task.time_limit > task.soft_time_limit, name
