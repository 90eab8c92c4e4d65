"""The outbox: every email or webhook that must not be lost is a database row first.

Producers call :func:`outbox_enqueue` inside their own transaction; the row is dispatched to Celery with
``transaction.on_commit``. If the broker is down at that moment nothing is lost: the row stays PENDING and
the periodic sweeper (:func:`outbox_sweep`) re-dispatches it once the broker is back. If SMTP or the webhook
endpoint is down, delivery is retried with exponential backoff until ``HEARTH_OUTBOX_MAX_ATTEMPTS``, after
which the row becomes DEAD and a :class:`~community.models.DeadLetter` row shows it in the admin.

Delivery is at-least-once: a worker that crashes between "sent" and "marked SENT" sends again once its
claim expires. Two healthy workers can never both send the same row, because a row is claimed with a
conditional UPDATE (atomic on SQLite and PostgreSQL alike) before anything goes out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from community.models import DeadLetter, OutboundMessage

logger = logging.getLogger(__name__)

class PermanentDeliveryError(Exception):
    """Retrying cannot help (address refused, webhook answered 4xx): the row goes DEAD at once."""


class TransientDeliveryError(Exception):
    """Delivery failed in a way that a later attempt may fix; raised so that Celery retries with backoff."""


@dataclass(frozen=True)
class DeliveryResult:
    message_id: int
    status: str  # "sent", "skipped", "retry" or "dead"
    error: str = ""


# ------------------------------------------------------------------------------------------------------
# Enqueueing
# ------------------------------------------------------------------------------------------------------


def outbox_enqueue(
    *,
    kind: str,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    dedupe_key: str,
    channel: str = "email",
    headers: dict | None = None,
    payload: dict | None = None,
) -> OutboundMessage:
    """Record an outbound message and dispatch it after commit. Idempotent by ``dedupe_key``.

    Calling twice with the same key returns the existing row and dispatches nothing new, so a retried
    producer (a task, a crashed digest run) never sends twice.
    """
    if channel not in OutboundMessage.Channel.values:
        raise ValueError(f"Unknown outbox channel {channel!r}")
    existing = OutboundMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    try:
        # The savepoint keeps the caller's transaction usable when a concurrent producer won the race.
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                kind=kind,
                to=to,
                subject=subject[:300],
                body_text=body_text,
                body_html=body_html,
                dedupe_key=dedupe_key,
                channel=channel,
                headers=headers or {},
                payload=payload or {},
            )
    except IntegrityError:
        return OutboundMessage.objects.get(dedupe_key=dedupe_key)
    message_id = message.pk
    transaction.on_commit(lambda: outbox_dispatch(message_id=message_id))
    return message


def render_email(*, template: str, context: dict, folder: str = "email") -> tuple[str, str, str]:
    """Render ``<folder>/<template>_subject.txt``, ``.txt`` and (optional) ``.html``.

    Returns (subject, text, html); the subject is folded onto one line."""
    ctx = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{folder}/{template}_subject.txt", ctx)
    # A subject is one line; templates may end with a newline or wrap for readability.
    subject = " ".join(subject.split())
    body_text = render_to_string(f"{folder}/{template}.txt", ctx)
    try:
        body_html = render_to_string(f"{folder}/{template}.html", ctx)
    except TemplateDoesNotExist:
        body_html = ""
    return subject, body_text, body_html


def outbox_enqueue_email(
    *,
    template: str,
    context: dict,
    kind: str,
    to: str,
    dedupe_key: str,
    headers: dict | None = None,
    payload: dict | None = None,
) -> OutboundMessage:
    """Render an email from templates and put it in the outbox (see :func:`outbox_enqueue`)."""
    existing = OutboundMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing  # don't pay for rendering on a repeat
    subject, body_text, body_html = render_email(template=template, context=context)
    return outbox_enqueue(
        kind=kind,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        dedupe_key=dedupe_key,
        headers=headers,
        payload=payload,
    )


def outbox_enqueue_alert_webhook(*, kind: str, payload: dict, dedupe_key: str) -> OutboundMessage | None:
    """Queue a signed JSON POST to ``HEARTH_ALERT_WEBHOOK_URL`` for chat tools; None when not configured.

    A URL without a secret or without https is still queued (the alert is a row first), and then refused
    at send time: the row goes DEAD with the reason, visible under Failed tasks, and the system check
    ``hearth.E002``/``E003`` has already said so at start-up.
    """
    url = getattr(settings, "HEARTH_ALERT_WEBHOOK_URL", "")
    if not url:
        return None
    return outbox_enqueue(
        kind=kind,
        to=url,
        subject=str(payload.get("title", kind))[:300],
        body_text=str(payload.get("text", "")),
        dedupe_key=f"webhook:{dedupe_key}",
        channel=OutboundMessage.Channel.WEBHOOK,
        payload={"kind": kind, **payload},
    )


def outbox_dispatch(*, message_id: int) -> bool:
    """Hand a row to Celery. A broker outage is logged, not raised: the sweeper will pick the row up."""
    from community.tasks import deliver_outbound_message

    try:
        deliver_outbound_message.delay(message_id)
    except Exception:  # kombu raises several unrelated types when the broker is unreachable
        logger.warning("Could not dispatch outbound message %s; the sweeper will retry", message_id,
                       exc_info=True)
        return False
    return True


# ------------------------------------------------------------------------------------------------------
# Delivery
# ------------------------------------------------------------------------------------------------------


def _claim_lease() -> timedelta:
    # Longer than the task's hard time limit, so a claim outlives any attempt that is still running.
    return timedelta(seconds=settings.HEARTH_OUTBOX_CLAIM_SECONDS)


def backoff_delay(attempts: int) -> timedelta:
    """Exponential backoff after the ``attempts``-th failure: base, 2*base, 4*base ... capped."""
    base = settings.HEARTH_OUTBOX_RETRY_BASE_SECONDS
    cap = settings.HEARTH_OUTBOX_RETRY_MAX_SECONDS
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def _claim(message_id: int) -> OutboundMessage | None:
    now = timezone.now()
    claimed = (
        OutboundMessage.objects.filter(pk=message_id, status=OutboundMessage.Status.PENDING)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + _claim_lease(), attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return OutboundMessage.objects.get(pk=message_id)


def outbox_deliver(*, message_id: int) -> DeliveryResult:
    """Send one outbound message if it is still pending and nobody else holds it.

    Returns what happened. Raises :class:`TransientDeliveryError` after recording a failed attempt that
    may succeed later, so the Celery task can retry with backoff.
    """
    message = _claim(message_id)
    if message is None:
        return DeliveryResult(message_id, "skipped")
    try:
        if message.channel == OutboundMessage.Channel.WEBHOOK:
            _send_webhook(message)
        else:
            _send_email(message)
    except PermanentDeliveryError as exc:
        _mark_dead(message, error=_describe(exc))
        return DeliveryResult(message_id, "dead", _describe(exc))
    except Exception as exc:
        # Unknown errors are retried like transient ones (bounded by max attempts): losing a crisis alert
        # to a bug we could fix and re-run from the admin is worse than a few extra attempts.
        error = _describe(exc)
        if message.attempts >= settings.HEARTH_OUTBOX_MAX_ATTEMPTS:
            _mark_dead(message, error=error)
            return DeliveryResult(message_id, "dead", error)
        OutboundMessage.objects.filter(pk=message.pk, status=OutboundMessage.Status.PENDING).update(
            locked_until=None,
            last_error=error,
            next_attempt_at=timezone.now() + backoff_delay(message.attempts),
        )
        logger.warning("Outbound message %s attempt %s failed: %s", message.pk, message.attempts, error)
        raise TransientDeliveryError(error) from exc
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    return DeliveryResult(message_id, "sent")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


@transaction.atomic
def _mark_dead(message: OutboundMessage, *, error: str) -> None:
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=OutboundMessage.Status.DEAD, locked_until=None, last_error=error
    )
    DeadLetter.objects.create(
        task_name="community.deliver_outbound_message",
        args=[message.pk],
        error=error,
        outbound_message_id=message.pk,
    )
    logger.error("Outbound message %s (%s to %s) is dead: %s", message.pk, message.kind, message.to, error)


def _send_email(message: OutboundMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers=message.headers or {},
        connection=get_connection(fail_silently=False),
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentDeliveryError(str(exc)) from exc


# ------------------------------------------------------------------------------------------------------
# Webhooks: README.md "Alert webhook" documents the signature and the receiver's check.
# ------------------------------------------------------------------------------------------------------
WEBHOOK_SIGNATURE_HEADER = "X-Hearth-Signature"
WEBHOOK_TIMESTAMP_HEADER = "X-Hearth-Timestamp"
# How old a delivery a receiver should still accept. Each attempt is signed afresh when it is sent, so a
# retry hours later still arrives with a current timestamp; only a replayed request is old.
WEBHOOK_TOLERANCE_SECONDS = 300
WEBHOOK_NOT_HTTPS = "HEARTH_ALERT_WEBHOOK_URL must start with https:// (alerts are about people in crisis)."
WEBHOOK_NO_SECRET = "HEARTH_ALERT_WEBHOOK_SECRET must be set whenever HEARTH_ALERT_WEBHOOK_URL is."


def webhook_configuration_problem(*, url: str, secret: str) -> str:
    """Why this webhook must not be sent to, or "" when it may. Shared by the system check and the sender."""
    if not url:
        return ""
    if urllib.parse.urlsplit(url).scheme.lower() != "https":
        return WEBHOOK_NOT_HTTPS
    if not secret:
        return WEBHOOK_NO_SECRET
    return ""


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 with the secret over ``<timestamp>.<body>`` (the exact request bytes).

    The timestamp is inside the signed text so that a captured delivery cannot be replayed later with a
    new timestamp header; the receiver rejects timestamps outside its window.
    """
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify_webhook_signature(
    *,
    secret: str,
    body: bytes,
    timestamp: str,
    signature: str,
    tolerance_seconds: int = WEBHOOK_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """The receiver's check (standard library only, so a receiver can copy it; README shows it).

    ``timestamp`` and ``signature`` are the X-Hearth-Timestamp and X-Hearth-Signature header values and
    ``body`` the raw request body, before any JSON parsing. True only when the signature matches and the
    timestamp is within ``tolerance_seconds`` of ``now`` (either side, for clock skew).
    """
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance_seconds:
        return False
    expected = "sha256=" + hmac.new(
        secret.encode(), str(sent_at).encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, signature or "")


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx answer is reported as it is instead of followed.

    Following would send the signed alert, which names a person in crisis, to wherever the receiver (or
    someone who took over its host) points, possibly over plain http or to an internal address.
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx code


def _webhook_ssl_context() -> ssl.SSLContext:
    # The system's trusted CAs with hostname checking; a seam for tests, which trust their own certificate.
    return ssl.create_default_context()


def _webhook_opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        _RefuseRedirects, urllib.request.HTTPSHandler(context=_webhook_ssl_context())
    )


def _send_webhook(message: OutboundMessage) -> None:
    secret = getattr(settings, "HEARTH_ALERT_WEBHOOK_SECRET", "")
    problem = webhook_configuration_problem(url=message.to, secret=secret)
    if problem:
        raise PermanentDeliveryError(problem)
    body = json.dumps(message.payload, sort_keys=True, separators=(",", ":")).encode()
    # Signed at each attempt, not at enqueue: a retry after backoff must not arrive already stale.
    timestamp = int(time.time())
    request = urllib.request.Request(message.to, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", f"{settings.SITE_NAME}-alerts")
    # Lets the receiver drop a repeat delivery (at-least-once).
    request.add_header("X-Hearth-Delivery", message.dedupe_key)
    request.add_header(WEBHOOK_TIMESTAMP_HEADER, str(timestamp))
    signature = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    request.add_header(WEBHOOK_SIGNATURE_HEADER, signature)
    try:
        with _webhook_opener().open(request, timeout=settings.HEARTH_ALERT_WEBHOOK_TIMEOUT) as response:
            response.read(1024)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise PermanentDeliveryError(
                f"Webhook answered {exc.code} (a redirect, to {exc.headers.get('Location', '?')!r}); "
                "redirects are not followed: set HEARTH_ALERT_WEBHOOK_URL to the final address"
            ) from exc
        if 400 <= exc.code < 500 and exc.code not in (408, 425, 429):
            raise PermanentDeliveryError(f"Webhook answered {exc.code}") from exc
        raise


# ------------------------------------------------------------------------------------------------------
# Sweeper and admin actions
# ------------------------------------------------------------------------------------------------------


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    """Pending rows whose next attempt is due and that no worker holds (uses the ``outbox_due`` index)."""
    now = timezone.now()
    grace = timedelta(seconds=settings.HEARTH_OUTBOX_SWEEP_GRACE_SECONDS)
    return list(
        OutboundMessage.objects.filter(
            status=OutboundMessage.Status.PENDING, next_attempt_at__lte=now - grace
        )
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_sweep(*, limit: int = 500) -> int:
    """Re-dispatch every due pending row. Returns how many were handed to the broker."""
    return sum(outbox_dispatch(message_id=pk) for pk in outbox_due_ids(limit=limit))


@transaction.atomic
def outbox_requeue(*, message_ids: list[int]) -> int:
    """Give DEAD rows a fresh start (admin action, after fixing SMTP or the webhook). Returns how many."""
    ids = list(
        OutboundMessage.objects.filter(pk__in=message_ids, status=OutboundMessage.Status.DEAD).values_list(
            "pk", flat=True
        )
    )
    OutboundMessage.objects.filter(pk__in=ids).update(
        status=OutboundMessage.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), locked_until=None
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: outbox_dispatch(message_id=pk))
    return len(ids)
