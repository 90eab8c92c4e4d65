"""Guest replies: people without an account reply where a space allows it, after confirming their email.

The guest's email address is stored only to confirm it and is never published anywhere, not even as a hash.

Typing an address proves nothing, so *every* guest reply needs proof that its writer reads that inbox:

* A reply is held (``guest_unconfirmed``) and a signed link naming that reply is emailed to the address
  (through the outbox: a database row in the same transaction, delivered by Celery with retries).
  Clicking it confirms the address and moves the reply on to the moderators' queue (``hold_reason``
  moderator); moderators read every guest reply before anyone else sees it.
* The browser that clicked a link remembers the guest (the view keeps confirmed guest ids in the session),
  so that browser's next replies skip the email and go straight to the moderators.
* Someone else typing a confirmed guest's address gets no further: their reply waits for a link that only
  the address's owner receives, and a confirmed guest's name cannot be changed from the form.

At most one email goes to a guest per ``CONFIRMATION_RESEND_SECONDS`` (the form can be filled in with
anybody's address, so it must not flood an inbox). A reply made while that window is open gets no email of
its own: the link already sent confirms it as well (see :func:`_released_by_post_link`).
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from community.models import GuestAuthor, OutboundMessage, Post, Thread
from community.services.outbox import outbox_enqueue_email
from community.services.posts import post_create
from moderation import gateway

CONFIRM_SALT = "hearth.guest-confirmation"
# A guest form can be submitted with anybody's address; one email per guest per window keeps it from
# being used to flood someone's inbox.
CONFIRMATION_RESEND_SECONDS = 15 * 60
# A link covers the replies made while its email held the throttle. The throttle starts when the email is
# sent, a moment after the reply is saved, so the window a link covers is a little longer to be sure.
COVER_SLACK_SECONDS = 60
NAME_MAX = 50


class ConfirmationState:
    """What happened about proof for a new guest reply (shown to the guest on the next page)."""

    SENT = "sent"  # a link for this reply is on its way
    THROTTLED = "throttled"  # a link sent a few minutes ago confirms this reply too
    NOT_NEEDED = "not_needed"  # this browser already proved the address: the reply is with the moderators


@dataclass(frozen=True)
class GuestReplyResult:
    post: Post
    screening: gateway.ScreeningOutcome
    confirmation: str  # a ConfirmationState value


@dataclass(frozen=True)
class GuestConfirmation:
    guest: GuestAuthor
    changed: bool
    released: int  # held replies moved on to the moderators' queue
    post: Post | None = None  # the reply the link named, when it named one


def guest_confirmation_token(*, guest: GuestAuthor) -> str:
    """A link that confirms the guest's replies written up to now (used by the reminder emails)."""
    # Only ids are signed (the token is a URL; the address itself never goes into it).
    return signing.dumps({"guest": guest.pk, "at": int(time.time())}, salt=CONFIRM_SALT, compress=True)


def guest_confirmation_url(*, guest: GuestAuthor) -> str:
    path = reverse("community:guest_confirm", kwargs={"token": guest_confirmation_token(guest=guest)})
    return f"{settings.SITE_URL}{path}"


def guest_post_confirmation_token(*, post: Post) -> str:
    """A link that confirms one reply (and any made while its email held the throttle)."""
    return signing.dumps({"post": post.pk}, salt=CONFIRM_SALT, compress=True)


def guest_post_confirmation_url(*, post: Post) -> str:
    path = reverse("community:guest_confirm", kwargs={"token": guest_post_confirmation_token(post=post)})
    return f"{settings.SITE_URL}{path}"


def _throttle_key(guest_id: int) -> str:
    return f"hearth:guest-confirmation-sent:{guest_id}"


@transaction.atomic
def guest_reply_create(
    *,
    thread: Thread,
    name: str,
    email: str,
    body: str,
    parent: Post | None = None,
    proven_guest_ids: Collection[int] = (),
) -> GuestReplyResult:
    """Create a held guest reply and ask for proof of the address unless this browser already gave it.

    ``proven_guest_ids`` are the guests whose confirmation link was opened in the writer's browser (the
    view keeps them in the session). Anyone else's reply stays ``guest_unconfirmed`` until its link is
    opened, even when the address was confirmed before, so typing someone's address is never enough.
    """
    name = (name or "").strip()
    email = (email or "").strip().lower()
    if not name:
        raise ValidationError({"name": "Please tell us what name to show with your reply."})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"Names can be up to {NAME_MAX} characters."})
    if not email:
        raise ValidationError({"email": "We need an email address to confirm your reply. It is never shown."})
    guest, created = GuestAuthor.objects.get_or_create(email=email, defaults={"name": name})
    if not created and not guest.is_confirmed and guest.name != name:
        # Before confirmation the name is still the guest's to change; afterwards nobody else can rename them.
        guest.name = name
        guest.save(update_fields=["name"])
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
    # The throttle is taken now, not at send time, so the guest can be told which case they are in.
    if not cache.add(_throttle_key(guest.pk), 1, timeout=CONFIRMATION_RESEND_SECONDS):
        return GuestReplyResult(
            post=post, screening=result.screening, confirmation=ConfirmationState.THROTTLED
        )
    # A database row in this transaction: if the broker or SMTP is down, the email is late, never lost.
    guest_send_confirmation(post=post)
    return GuestReplyResult(post=post, screening=result.screening, confirmation=ConfirmationState.SENT)


def guest_send_confirmation(*, post: Post) -> OutboundMessage | None:
    """Put the email with this reply's confirmation link in the outbox (sent by Celery after commit).

    Idempotent per reply (the outbox dedupes by key). None when the reply no longer waits for a link.
    """
    if post.guest_id is None or post.hold_reason != Post.HoldReason.GUEST_UNCONFIRMED:
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


def _waiting(guest: GuestAuthor) -> QuerySet[Post]:
    return Post.objects.filter(
        guest=guest, status=Post.Status.HELD, hold_reason=Post.HoldReason.GUEST_UNCONFIRMED
    )


def _released_by_post_link(post: Post) -> QuerySet[Post]:
    """The reply a link names plus those the same guest made while its email held the throttle."""
    covered_until = post.created_at + timedelta(seconds=CONFIRMATION_RESEND_SECONDS + COVER_SLACK_SECONDS)
    return _waiting(post.guest).filter(
        Q(pk=post.pk) | Q(created_at__gte=post.created_at, created_at__lt=covered_until)
    )


@transaction.atomic
def guest_confirm(*, token: str) -> GuestConfirmation:
    """Confirm a guest's email from a signed link; ValidationError when the link is bad or expired.

    A link naming a reply releases that reply (and the ones its email covered); an older link naming only
    the guest releases the replies written before it was sent. Later replies always need their own proof.
    """
    max_age = timedelta(days=settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError("This confirmation link has expired.", code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError("This confirmation link is not valid.", code="invalid") from exc
    post = None
    if isinstance(data, dict) and data.get("post"):
        post = Post.objects.select_related("thread").filter(pk=data["post"], guest__isnull=False).first()
        guest_id = post.guest_id if post is not None else None
    else:
        guest_id = data.get("guest") if isinstance(data, dict) else None
    # Locking the guest row serialises two clicks on the same link.
    guest = GuestAuthor.objects.select_for_update().filter(pk=guest_id).first() if guest_id else None
    if guest is None:
        raise ValidationError("This confirmation link is not valid.", code="invalid")
    changed = False
    if guest.confirmed_at is None:
        guest.confirmed_at = timezone.now()
        guest.save(update_fields=["confirmed_at"])
        changed = True
    if post is not None:
        post.guest = guest
        waiting = _released_by_post_link(post)
    else:
        waiting = _waiting(guest)
        if data.get("at"):
            waiting = waiting.filter(created_at__lte=datetime.fromtimestamp(data["at"] + 1, tz=UTC))
    # A confirmed guest is still a stranger: their replies wait for a moderator (see posts._initial_status).
    released = waiting.update(hold_reason=Post.HoldReason.MODERATOR)
    return GuestConfirmation(guest=guest, changed=changed or bool(released), released=released, post=post)
