"""Guest replies: people without an account reply where a space allows it, after confirming their email.

The guest's email address is stored only to confirm it and is never published anywhere, not even as a hash.
A guest's reply is held (``guest_unconfirmed``) until they click the signed link we email them; after that
their held replies go to the moderators' queue like any other held post (``hold_reason`` moderator).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community.models import GuestAuthor, Post, Thread
from community.services.posts import PostResult, post_create

CONFIRM_SALT = "hearth.guest-confirmation"
# A guest form can be submitted with anybody's address; one email per guest per window keeps it from
# being used to flood someone's inbox.
CONFIRMATION_RESEND_SECONDS = 15 * 60
NAME_MAX = 50


@dataclass(frozen=True)
class GuestConfirmation:
    guest: GuestAuthor
    changed: bool
    released: int  # held replies moved on to the moderators' queue


def guest_confirmation_token(*, guest: GuestAuthor) -> str:
    # Only the guest's id is signed (the token is a URL; the address itself never goes into it).
    return signing.dumps({"guest": guest.pk}, salt=CONFIRM_SALT, compress=True)


def guest_confirmation_url(*, guest: GuestAuthor) -> str:
    path = reverse("community:guest_confirm", kwargs={"token": guest_confirmation_token(guest=guest)})
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def guest_reply_create(
    *, thread: Thread, name: str, email: str, body: str, parent: Post | None = None
) -> PostResult:
    """Create a held guest reply; emails a confirmation link (after commit) if unconfirmed."""
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
    if not guest.is_confirmed:
        guest_id = guest.pk
        transaction.on_commit(lambda: guest_send_confirmation(guest_id=guest_id))
    return result


def guest_send_confirmation(*, guest_id: int, force: bool = False) -> bool:
    """Email the guest their confirmation link. Returns False when throttled, confirmed or gone."""
    guest = GuestAuthor.objects.filter(pk=guest_id).first()
    if guest is None or guest.is_confirmed:
        return False
    throttle_key = f"hearth:guest-confirmation-sent:{guest.pk}"
    if not force and not cache.add(throttle_key, 1, timeout=CONFIRMATION_RESEND_SECONDS):
        return False
    context = {
        "guest": guest,
        "confirm_url": guest_confirmation_url(guest=guest),
        "max_age_days": settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string("email/guest_confirmation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("email/guest_confirmation.txt", context),
        to=[guest.email],
    )
    message.attach_alternative(render_to_string("email/guest_confirmation.html", context), "text/html")
    message.send()
    return True


@transaction.atomic
def guest_confirm(*, token: str) -> GuestConfirmation:
    """Confirm a guest's email from the signed link; ValidationError when the link is bad or expired."""
    max_age = timedelta(days=settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ValidationError("This confirmation link has expired.", code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError("This confirmation link is not valid.", code="invalid") from exc
    guest = GuestAuthor.objects.select_for_update().filter(pk=data.get("guest")).first()
    if guest is None:
        raise ValidationError("This confirmation link is not valid.", code="invalid")
    changed = False
    if guest.confirmed_at is None:
        guest.confirmed_at = timezone.now()
        guest.save(update_fields=["confirmed_at"])
        changed = True
    # A confirmed guest is still a stranger: their replies wait for a moderator (see posts._initial_status).
    released = Post.objects.filter(
        guest=guest, status=Post.Status.HELD, hold_reason=Post.HoldReason.GUEST_UNCONFIRMED
    ).update(hold_reason=Post.HoldReason.MODERATOR)
    return GuestConfirmation(guest=guest, changed=changed or bool(released), released=released)
