"""Guest replies: people without an account reply where a space allows it, after confirming their email.

The guest's email address is stored only to confirm it and is never published anywhere, not even as a hash.

Typing an address proves nothing, so *every* guest reply needs proof that its writer reads that inbox:

* A reply is held (``guest_unconfirmed``) and a signed link naming that reply, and only that reply, is
  emailed to the address (through the outbox: a database row in the same transaction, delivered by Celery
  with retries). Opening the link shows a button; pressing it (a POST: mail scanners fetch links but don't
  press buttons) confirms the address and moves the reply on to the moderators' queue (``hold_reason``
  moderator), or publishes it if a moderator approved it already (``guest_approved``). Moderators read
  every guest reply before anyone else sees it.
* The browser that confirmed a link remembers the guest (the view keeps confirmed guest ids in the session),
  so that browser's next replies skip the email and go straight to the moderators.
* The form answers the same whatever address is typed: whether it was used before, confirmed or not, by
  whom, and how recently is never shown. Nobody renames a guest from the form: the name chosen with an
  address's first reply stays, so typing someone's address cannot change what their replies are shown as.

Guest replies are throttled per IP address, per email address, per thread and across the site
(``HEARTH_GUEST_THROTTLE_*``, counted in the cache like the API throttles): the form is open to anyone, and
each reply can put an item in the Safety lane and an email in someone's inbox. The per-address limit also
caps the confirmation emails one inbox can receive.
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community import moderation_port
from community.models import GuestAuthor, OutboundMessage, Post, Thread
from community.services.outbox import outbox_enqueue_email
from community.services.posts import post_create, post_publish

CONFIRM_SALT = "hearth.guest-confirmation"
NAME_MAX = 50
WAITING_FOR_LINK = (Post.HoldReason.GUEST_UNCONFIRMED, Post.HoldReason.GUEST_APPROVED)


class ConfirmationState:
    """What the guest is told after replying. Never depends on the address, only on this browser."""

    SENT = "sent"  # a link for this reply is on its way
    NOT_NEEDED = "not_needed"  # this browser already proved the address: the reply is with the moderators


@dataclass(frozen=True)
class GuestReplyResult:
    post: Post
    screening: moderation_port.ScreeningOutcome
    confirmation: str  # a ConfirmationState value


@dataclass(frozen=True)
class GuestConfirmation:
    guest: GuestAuthor
    changed: bool
    released: int  # 1 when the reply moved on (to the moderators, or published if already approved)
    post: Post
    published: bool = False


# ------------------------------------------------------------------------------------------------------
# Throttles
# ------------------------------------------------------------------------------------------------------

_RATE = re.compile(r"^\s*(\d+)\s*/\s*([smhd])")
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class GuestReplyThrottled(Exception):
    """Too many guest replies for now. ``retry_after`` is in seconds; which limit it was is not said."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__("Too many guest replies for now. Please try again later.")


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """``"5/hour"`` → (5, 3600): the same notation as the API throttles (DRF's). None or "" = no limit."""
    if not rate:
        return None
    match = _RATE.match(str(rate))
    if match is None:
        raise ValueError(f"Not a rate: {rate!r} (expected e.g. '5/hour')")
    return int(match.group(1)), _PERIOD_SECONDS[match.group(2)]


def _hit(scope: str, ident: str, rate: str | None, *, now: float) -> int | None:
    """Count one reply against a fixed window; seconds until the window ends when over the limit."""
    parsed = parse_rate(rate)
    if parsed is None:
        return None
    limit, period = parsed
    window = int(now // period)
    key = f"hearth:guest-replies:{scope}:{ident}:{window}"
    # add + incr are atomic in Redis, so concurrent requests cannot both take the last place.
    cache.add(key, 0, timeout=period + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=period + 60)
        count = 1
    if count > limit:
        return int(period - (now % period)) + 1
    return None


def guest_reply_throttle(*, thread: Thread, email: str, client_ip: str | None) -> None:
    """Count a guest reply against every limit, or raise ``GuestReplyThrottled``.

    Checked in order (IP, address, thread, site) and stopping at the first refusal, so one address
    hammering the form does not also use up the allowance of everyone else on the site.
    """
    now = time.time()
    checks = [
        ("ip", client_ip, settings.HEARTH_GUEST_THROTTLE_IP),
        ("email", email.strip().lower(), settings.HEARTH_GUEST_THROTTLE_EMAIL),
        ("thread", str(thread.pk), settings.HEARTH_GUEST_THROTTLE_THREAD),
        ("site", "all", settings.HEARTH_GUEST_THROTTLE_SITE),
    ]
    for scope, ident, rate in checks:
        if not ident:
            continue
        retry_after = _hit(scope, ident, rate, now=now)
        if retry_after is not None:
            raise GuestReplyThrottled(retry_after)


# ------------------------------------------------------------------------------------------------------
# Replying
# ------------------------------------------------------------------------------------------------------


def guest_post_confirmation_token(*, post: Post) -> str:
    """A link that confirms one reply. Only ids are signed: the address never goes into a URL."""
    return signing.dumps({"post": post.pk}, salt=CONFIRM_SALT, compress=True)


def guest_post_confirmation_url(*, post: Post) -> str:
    path = reverse("community:guest_confirm", kwargs={"token": guest_post_confirmation_token(post=post)})
    return f"{settings.SITE_URL}{path}"


def _clean_identity(name: str, email: str) -> tuple[str, str]:
    name = (name or "").strip()
    email = (email or "").strip().lower()
    if not name:
        raise ValidationError({"name": "Please tell us what name to show with your reply."})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"Names can be up to {NAME_MAX} characters."})
    if not email:
        raise ValidationError({"email": "We need an email address to confirm your reply. It is never shown."})
    return name, email


@transaction.atomic
def guest_reply_create(
    *,
    thread: Thread,
    name: str,
    email: str,
    body: str,
    parent: Post | None = None,
    proven_guest_ids: Collection[int] = (),
    client_ip: str | None = None,
) -> GuestReplyResult:
    """Create a held guest reply and ask for proof of the address unless this browser already gave it.

    ``proven_guest_ids`` are the guests whose confirmation link was confirmed in the writer's browser (the
    view keeps them in the session). Anyone else's reply stays ``guest_unconfirmed`` until its own link is
    confirmed, even when the address was confirmed before, so typing someone's address is never enough.
    ``client_ip`` is the writer's address for the per-IP limit (the demo seed has none). Raises
    ``GuestReplyThrottled`` when a limit is reached, before anything is written.
    """
    name, email = _clean_identity(name, email)
    guest_reply_throttle(thread=thread, email=email, client_ip=client_ip)
    # Never renamed from the form: the name chosen with the address's first reply stays (see above).
    guest, _ = GuestAuthor.objects.get_or_create(email=email, defaults={"name": name})
    result = post_create(thread=thread, body=body, parent=parent, guest=guest)
    post = result.post
    if guest.is_confirmed and guest.pk in set(proven_guest_ids):
        return GuestReplyResult(
            post=post, screening=result.screening, confirmation=ConfirmationState.NOT_NEEDED
        )
    if post.status == Post.Status.HELD and post.hold_reason != Post.HoldReason.GUEST_UNCONFIRMED:
        # post_create sends a confirmed guest's reply to the moderators; without proof from this browser it
        # must wait for its own link first.
        post.hold_reason = Post.HoldReason.GUEST_UNCONFIRMED
        post.save(update_fields=["hold_reason"])
    # A database row in this transaction: if the broker or SMTP is down, the email is late, never lost.
    guest_send_confirmation(post=post)
    return GuestReplyResult(post=post, screening=result.screening, confirmation=ConfirmationState.SENT)


def guest_send_confirmation(*, post: Post) -> OutboundMessage | None:
    """Put the email with this reply's confirmation link in the outbox (sent by Celery after commit).

    Idempotent per reply (the outbox dedupes by key). None when the reply no longer waits for a link.
    """
    if post.guest_id is None or post.hold_reason not in WAITING_FOR_LINK:
        return None
    guest = post.guest
    return outbox_enqueue_email(
        template="guest_confirmation",
        context={
            "guest": guest,
            "post": post,
            "thread": post.thread,
            "confirm_url": guest_post_confirmation_url(post=post),
            "max_age_days": settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS,
        },
        kind="guest_confirmation",
        to=guest.email,
        dedupe_key=f"guest-confirmation:post:{post.pk}",
    )


# ------------------------------------------------------------------------------------------------------
# Confirming
# ------------------------------------------------------------------------------------------------------


def guest_confirmation_post(*, token: str) -> Post:
    """The reply a confirmation link names (read only); ValidationError when the link is bad or expired.

    Links from before links named a reply (they named only the guest) are refused: they would have
    released replies their reader never wrote.
    """
    max_age = settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS * 86400
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError("This confirmation link has expired.", code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError("This confirmation link is not valid.", code="invalid") from exc
    post_id = data.get("post") if isinstance(data, dict) else None
    post = (
        Post.objects.select_related("thread", "guest").filter(pk=post_id, guest__isnull=False).first()
        if isinstance(post_id, int)
        else None
    )
    if post is None:
        raise ValidationError("This confirmation link is not valid.", code="invalid")
    return post


@transaction.atomic
def guest_confirm(*, token: str) -> GuestConfirmation:
    """Confirm a guest's email from a signed link naming one reply, and release that reply only.

    The reply goes on to the moderators, or is published if a moderator approved it while it waited.
    Safe to repeat: a second confirmation changes nothing.
    """
    named = guest_confirmation_post(token=token)
    # Locking the guest row serialises two presses of the same button.
    guest = GuestAuthor.objects.select_for_update().get(pk=named.guest_id)
    post = Post.objects.select_for_update().select_related("thread").get(pk=named.pk)
    changed = False
    if guest.confirmed_at is None:
        guest.confirmed_at = timezone.now()
        guest.save(update_fields=["confirmed_at"])
        changed = True
    released, published = 0, False
    if post.status == Post.Status.HELD and post.deleted_at is None:
        if post.hold_reason == Post.HoldReason.GUEST_APPROVED:
            published = post_publish(post=post)
            released = int(published)
        elif post.hold_reason == Post.HoldReason.GUEST_UNCONFIRMED:
            # A confirmed guest is still a stranger: the reply waits for a moderator (posts._initial_status).
            post.hold_reason = Post.HoldReason.MODERATOR
            post.save(update_fields=["hold_reason"])
            released = 1
    post.refresh_from_db(fields=["status", "hold_reason"])
    post.guest = guest
    return GuestConfirmation(
        guest=guest, changed=changed or bool(released), released=released, post=post, published=published
    )
