"""Reminder emails, each at most as often as promised, through the outbox.

- Unread replies: "You have N unread replies" when a reply notification has stayed unread for
  ``HEARTH_UNREAD_REMINDER_AFTER_HOURS`` (24 h). At most one every ``HEARTH_UNREAD_REMINDER_EVERY_DAYS``
  (3), only when something arrived since the previous reminder, and never for members who turned
  ``unread_reminders`` off (every email has a one-click unsubscribe link).
- Confirm your email: once, ``HEARTH_CONFIRM_EMAIL_REMINDER_AFTER_HOURS`` (24 h) after sign-up, for an
  allauth address still unverified. The link is a fresh allauth HMAC confirmation key, handled by allauth's
  own ``account_confirm_email`` view.
- Guests: once per reply still waiting for its confirmation link (``hold_reason=guest_unconfirmed``), 24 h
  (``HEARTH_CONFIRM_EMAIL_REMINDER_AFTER_HOURS``) after it was written, with a fresh link for that reply
  (``community.services.guests.guest_post_confirmation_url``). Confirmed guests too: a reply from a browser
  that never confirmed a link waits for its own.

Every reminder writes a :class:`~community.models.ReminderLog` row in the same transaction as its outbox row;
the log's unique constraints and the outbox ``dedupe_key`` make a repeated or concurrent run send nothing new.
Each kind is processed in batches by id at a fixed number of queries per batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone

from community.models import Member, Notification, OutboundMessage, Post, ReminderLog
from community.services.outbox import outbox_dispatch, render_email
from community.unsubscribe import unsubscribe_headers, unsubscribe_url

REPLY_KINDS = [Notification.Kind.REPLY_TO_YOU, Notification.Kind.THREAD_REPLY]
BATCH_SIZE = 500


@dataclass
class ReminderRunResult:
    unread_replies: int = 0
    confirm_email: int = 0
    guest_confirm: int = 0

    @property
    def total(self) -> int:
        return self.unread_replies + self.confirm_email + self.guest_confirm


def _log_and_queue(logs: list[ReminderLog], messages: list[OutboundMessage]) -> None:
    if not logs:
        return
    with transaction.atomic():
        # A conflicting log row means another run already decided; its outbox row has the same
        # dedupe_key, so ignoring both conflicts keeps exactly one email.
        ReminderLog.objects.bulk_create(logs, ignore_conflicts=True)
        OutboundMessage.objects.bulk_create(messages, ignore_conflicts=True)
        pending = list(
            OutboundMessage.objects.filter(
                dedupe_key__in=[m.dedupe_key for m in messages], status=OutboundMessage.Status.PENDING
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: [outbox_dispatch(message_id=pk) for pk in pending])


def _batches(qs: QuerySet, size: int = BATCH_SIZE):
    last_id = 0
    while True:
        batch = list(qs.filter(pk__gt=last_id).order_by("pk")[:size])
        if not batch:
            return
        last_id = batch[-1].pk
        yield batch


def _email(*, template: str, context: dict, kind: str, to: str, dedupe_key: str,
           headers: dict | None = None) -> OutboundMessage:
    subject, body_text, body_html = render_email(template=template, context=context)
    return OutboundMessage(kind=kind, to=to, subject=subject[:300], body_text=body_text, body_html=body_html,
                           dedupe_key=dedupe_key, headers=headers or {})


def _unconfirmed_address():
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=False)


# ------------------------------------------------------------------------------------------------------
# Unread replies
# ------------------------------------------------------------------------------------------------------


def unread_reminder_candidates(*, now: datetime) -> QuerySet[Member]:
    cutoff = now - timedelta(hours=settings.HEARTH_UNREAD_REMINDER_AFTER_HOURS)
    recent = now - timedelta(days=settings.HEARTH_UNREAD_REMINDER_EVERY_DAYS)
    unread = Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True, kind__in=REPLY_KINDS)
    # Something unread for a day that arrived after the last reminder (reminding about the same replies
    # every three days forever would be nagging).
    reminded_after = ReminderLog.objects.filter(
        member=OuterRef("recipient"),
        kind=ReminderLog.Kind.UNREAD_REPLIES,
        created_at__gte=OuterRef("created_at"),
    )
    stale_news = unread.filter(created_at__lte=cutoff).exclude(Exists(reminded_after))
    recently_reminded = ReminderLog.objects.filter(
        member=OuterRef("pk"), kind=ReminderLog.Kind.UNREAD_REPLIES, created_at__gt=recent
    )
    unread_count = unread.order_by().values("recipient").annotate(n=Count("pk")).values("n")
    return (
        Member.objects.filter(is_active=True, unread_reminders=True)
        .exclude(break_until__gt=now)  # taking a break: no reminders until it ends
        .filter(Exists(stale_news))
        .exclude(Exists(recently_reminded))
        .exclude(Exists(_unconfirmed_address()))
        .annotate(unread_count=Subquery(unread_count))
        .only("pk", "email", "display_name")
    )


def reminders_send_unread(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    period_key = f"{now:%Y-%m-%d}"
    notifications_url = f"{settings.SITE_URL}{reverse('community:notifications')}"
    preferences_url = f"{settings.SITE_URL}{reverse('community:preferences')}"
    sent = 0
    for batch in _batches(unread_reminder_candidates(now=now)):
        logs, messages = [], []
        for member in batch:
            logs.append(ReminderLog(kind=ReminderLog.Kind.UNREAD_REPLIES, member_id=member.pk,
                                    period_key=period_key, item_count=member.unread_count, created_at=now))
            messages.append(_email(
                template="reminder_unread",
                context={
                    "member": member,
                    "count": member.unread_count,
                    "notifications_url": notifications_url,
                    "preferences_url": preferences_url,
                    "unsubscribe_url": unsubscribe_url(member_id=member.pk, scope="reminders"),
                },
                kind="reminder_unread",
                to=member.email,
                dedupe_key=f"reminder:unread:{member.pk}:{period_key}",
                headers=unsubscribe_headers(member_id=member.pk, scope="reminders"),
            ))
        _log_and_queue(logs, messages)
        sent += len(logs)
    return sent


# ------------------------------------------------------------------------------------------------------
# Confirm your email (members)
# ------------------------------------------------------------------------------------------------------


def reminders_send_confirm_email(*, now: datetime | None = None) -> int:
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.HEARTH_CONFIRM_EMAIL_REMINDER_AFTER_HOURS)
    already = ReminderLog.objects.filter(member=OuterRef("user_id"), kind=ReminderLog.Kind.CONFIRM_EMAIL)
    addresses = (
        EmailAddress.objects.filter(verified=False, user__is_active=True, user__date_joined__lte=cutoff)
        .exclude(Exists(already))
        .select_related("user")
    )
    sent = 0
    for batch in _batches(addresses):
        logs, messages = [], []
        for address in batch:
            key = EmailConfirmationHMAC(address).key
            logs.append(ReminderLog(kind=ReminderLog.Kind.CONFIRM_EMAIL, member_id=address.user_id,
                                    created_at=now))
            messages.append(_email(
                template="reminder_confirm_email",
                context={
                    "member": address.user,
                    "confirm_url": f"{settings.SITE_URL}{reverse('account_confirm_email', args=[key])}",
                },
                kind="reminder_confirm_email",
                to=address.email,
                dedupe_key=f"reminder:confirm:{address.user_id}",
            ))
        _log_and_queue(logs, messages)
        sent += len(logs)
    return sent


# ------------------------------------------------------------------------------------------------------
# Guests: confirm so the held reply can appear
# ------------------------------------------------------------------------------------------------------


def _keyed_by_pk(prefix: str, ref: str = "pk") -> Concat:
    return Concat(Value(prefix), Cast(OuterRef(ref), output_field=CharField()), output_field=CharField())


def guest_reminder_candidates(*, now: datetime) -> QuerySet[Post]:
    """Guest replies still waiting for their confirmation link a day after they were written.

    Each reply has its own link (a link confirms only the reply it names), so each gets its own reminder;
    the per-address guest reply limit (``HEARTH_GUEST_THROTTLE_EMAIL``) bounds how many one inbox gets.
    """
    cutoff = now - timedelta(hours=settings.HEARTH_CONFIRM_EMAIL_REMINDER_AFTER_HOURS)
    # Past a link's lifetime a "you replied yesterday" email would come out of the blue (e.g. for replies
    # that waited before this reminder existed); those replies simply stay unpublished.
    too_old = now - timedelta(days=settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS)
    waiting = Post.objects.filter(
        guest__isnull=False,
        status=Post.Status.HELD,
        # guest_approved: a moderator approved it already; it still appears only once its link is used.
        hold_reason__in=(Post.HoldReason.GUEST_UNCONFIRMED, Post.HoldReason.GUEST_APPROVED),
        deleted_at__isnull=True,
    )
    reminded = ReminderLog.objects.filter(
        kind=ReminderLog.Kind.GUEST_CONFIRM, guest=OuterRef("guest"), period_key=_keyed_by_pk("post:")
    )
    # The per-guest reminder sent before reminders were per reply: its link confirmed every reply
    # written before it, so those replies have had theirs.
    reminded_per_guest = ReminderLog.objects.filter(
        kind=ReminderLog.Kind.GUEST_CONFIRM,
        guest=OuterRef("guest"),
        period_key="once",
        created_at__gte=OuterRef("created_at"),
    )
    return (
        waiting.filter(created_at__lte=cutoff, created_at__gt=too_old)
        .exclude(Exists(reminded))
        .exclude(Exists(reminded_per_guest))
        .select_related("guest", "thread")
    )


def reminders_send_guest_confirm(*, now: datetime | None = None) -> int:
    from community.services.guests import guest_post_confirmation_url

    now = now or timezone.now()
    sent = 0
    for batch in _batches(guest_reminder_candidates(now=now)):
        logs, messages = [], []
        for post in batch:
            # One log row per reply: the unique (kind, guest, period_key) makes a rerun send nothing new.
            logs.append(ReminderLog(kind=ReminderLog.Kind.GUEST_CONFIRM, guest_id=post.guest_id,
                                    period_key=f"post:{post.pk}", item_count=1, created_at=now))
            messages.append(_email(
                template="reminder_guest_confirm",
                context={
                    "guest": post.guest,
                    "post": post,
                    "thread": post.thread,
                    "confirm_url": guest_post_confirmation_url(post=post),
                    "max_age_days": settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS,
                },
                kind="reminder_guest_confirm",
                to=post.guest.email,
                dedupe_key=f"reminder:guest:post:{post.pk}",
            ))
        _log_and_queue(logs, messages)
        sent += len(logs)
    return sent


def reminders_send_all(*, now: datetime | None = None) -> ReminderRunResult:
    """Everything the hourly reminder task does."""
    now = now or timezone.now()
    return ReminderRunResult(
        unread_replies=reminders_send_unread(now=now),
        confirm_email=reminders_send_confirm_email(now=now),
        guest_confirm=reminders_send_guest_confirm(now=now),
    )
