"""Alerting moderators about urgent items. The alert is a database row first; email goes via the outbox.

The escalation task (``moderation.services.escalation``) calls :func:`alert_item` again with a higher
``level`` and a wider set of recipients when nobody acts in time; each (item, recipient, level) is alerted
at most once, so retries and re-screened edits never alert twice.

Replies from guests who have not confirmed their email yet are alerted in groups (:func:`alert_guest_group`):
anybody can fill in the guest form with any address, so one email per post would let a script bury the
moderators' inboxes (15 posts made 45 emails). Their items still enter the Safety lane one by one and still
get a ModeratorAlert row each; only the email is shared: at most one per moderator per
``HEARTH_GUEST_ALERT_GROUP_MINUTES``, listing every such item waiting at the time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from community.models import Member, OutboundMessage, Post
from community.services.outbox import outbox_enqueue, render_email
from moderation.models import Lane, ModeratorAlert, ReviewItem

from .care import care_by_member

# How many items a grouped email lists by name; the rest are counted ("and 12 more").
GROUP_LISTED = 10
OFF_DUTY_SALT = "hearth.moderation.off-duty"


def off_duty_token(*, member_id: int) -> str:
    """A signed token that takes one moderator off duty (no login: it comes from their mail program)."""
    return signing.dumps({"m": member_id}, salt=OFF_DUTY_SALT, compress=True)


def off_duty_read(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=OFF_DUTY_SALT)
    except signing.BadSignature:
        return None
    member_id = data.get("m") if isinstance(data, dict) else None
    return member_id if isinstance(member_id, int) else None


def off_duty_url(*, member: Member) -> str:
    token = off_duty_token(member_id=member.pk)
    return settings.SITE_URL + reverse("moderation:off_duty", kwargs={"token": token})


def off_duty_headers(*, member: Member) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers on moderator emails: the mail program's "Unsubscribe" button POSTs
    to the link, which switches the moderator off duty (alerts stop reaching them)."""
    return {
        "List-Unsubscribe": f"<{off_duty_url(member=member)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def moderators() -> QuerySet[Member]:
    return Member.objects.filter(is_active=True).filter(Q(is_moderator=True) | Q(is_staff=True))


def on_duty_moderators(*, space_id: int | None = None) -> QuerySet[Member]:
    """Moderators on duty who cover ``space_id`` (a moderator with no spaces covers every space)."""
    qs = moderators().filter(moderator_profile__on_duty=True)
    if space_id is not None:
        qs = qs.filter(Q(moderator_profile__spaces__isnull=True) | Q(moderator_profile__spaces=space_id))
    return qs.distinct().order_by("id")


def alert_recipients(*, item: ReviewItem, first_only: bool = False) -> list[Member]:
    """Who hears about ``item``: the on-duty moderators covering its space, except those taking a break
    after a run of Safety items (``care``). With ``first_only`` (an item's first alert), only the one with
    the lowest crisis load in the last 24 hours: the escalation ladder widens it to everyone on duty if
    they don't act. If everyone on duty is on a break, they are alerted anyway: someone must know."""
    on_duty = list(on_duty_moderators(space_id=item.post.thread.space_id))
    if not on_duty:
        # Nobody on duty must not mean nobody knows.
        return list(moderators().order_by("id")) if settings.HEARTH_ALERT_ALL_WHEN_NONE_ON_DUTY else []
    cares = care_by_member(member_ids=[m.pk for m in on_duty])
    rested = [m for m in on_duty if not cares[m.pk].on_break] or on_duty
    if first_only:
        return [min(rested, key=lambda m: (cares[m.pk].safety_24h, m.pk))]
    return rested


def from_unconfirmed_guest(post: Post) -> bool:
    """A guest reply still waiting for its email link: nobody has shown it comes from a real inbox."""
    return (
        post.guest_id is not None
        and post.status == Post.Status.HELD
        and post.hold_reason == Post.HoldReason.GUEST_UNCONFIRMED
    )


def unconfirmed_guest_safety_items() -> QuerySet[ReviewItem]:
    return ReviewItem.objects.filter(
        lane=Lane.SAFETY,
        status=ReviewItem.Status.OPEN,
        post__guest__isnull=False,
        post__status=Post.Status.HELD,
        post__hold_reason=Post.HoldReason.GUEST_UNCONFIRMED,
    )


def alert_rows(*, item: ReviewItem, level: int, people: Sequence[Member], now: datetime) -> list[Member]:
    """Write the ModeratorAlert rows for ``item`` at ``level``; returns the people not alerted before."""
    already = set(
        ModeratorAlert.objects.filter(item=item, level=level, recipient__in=people).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = [m for m in people if m.pk not in already]
    ModeratorAlert.objects.bulk_create(
        [ModeratorAlert(item=item, recipient=m, level=level, created_at=now) for m in fresh],
        ignore_conflicts=True,
    )
    if fresh:
        ReviewItem.objects.filter(pk=item.pk).update(last_alerted_at=now)
    return fresh


def alert_item(*, item: ReviewItem, level: int = 0, recipients: Iterable[Member] | None = None) -> int:
    """Alert moderators about ``item``: ModeratorAlert rows plus outbox emails. Returns new alerts.

    Call inside the transaction that created or escalated the item; the emails are dispatched after commit.
    An unconfirmed guest's item gets its rows here, but its email is the grouped one.
    """
    item = ReviewItem.objects.select_related("post__thread__space", "post__author").get(pk=item.pk)
    if recipients is None:
        recipients = alert_recipients(item=item, first_only=level == 0)
    people = list(recipients)
    if not people:
        return 0
    now = timezone.now()
    fresh = alert_rows(item=item, level=level, people=people, now=now)
    if item.lane == Lane.SAFETY and from_unconfirmed_guest(item.post):
        alert_guest_group(recipients=fresh, level=level, now=now)
        return len(fresh)
    for moderator in fresh:
        _enqueue_email(item=item, moderator=moderator, level=level)
    return len(fresh)


def _group_window_key(now: datetime) -> int:
    minutes = max(1, settings.HEARTH_GUEST_ALERT_GROUP_MINUTES)
    return int(now.timestamp() // (minutes * 60))


def alert_guest_group(*, recipients: Iterable[Member], level: int, now: datetime, key: str = "") -> int:
    """One email per moderator about the Safety items from unconfirmed guests. Returns emails queued.

    ``key`` names the group (an escalation run); without one, the group is the current window of
    ``HEARTH_GUEST_ALERT_GROUP_MINUTES``, so a burst of posts makes one email, not one per post. The
    email lists what is waiting when it is written; items added later in the window are in the lane and
    their escalation, which is grouped the same way, mentions them.
    """
    people = list(recipients)
    if not people:
        return 0
    waiting = list(
        unconfirmed_guest_safety_items()
        .select_related("post__thread__space")
        .order_by("-priority", "created_at")[: GROUP_LISTED + 1]
    )
    total = unconfirmed_guest_safety_items().count() if len(waiting) > GROUP_LISTED else len(waiting)
    if not total:
        return 0
    group = key or f"window:{_group_window_key(now)}"
    keys = {m.pk: f"guest-safety-group:{m.pk}:{group}" for m in people}
    # The outbox dedupes by key anyway; knowing which are new avoids rendering emails nobody will get.
    sent_before = set(
        OutboundMessage.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True)
    )
    queued = 0
    for moderator in people:
        if keys[moderator.pk] in sent_before:
            continue
        context = {
            "site_name": settings.SITE_NAME,
            "moderator": moderator,
            "items": [
                {"space": i.post.thread.space.name, "thread": i.post.thread.title, "url": _item_url(i)}
                for i in waiting[:GROUP_LISTED]
            ],
            "total": total,
            "more": max(0, total - GROUP_LISTED),
            "level": level,
            "queue_url": settings.SITE_URL + reverse("moderation:queue") + "?lane=safety",
            "duty_url": off_duty_url(member=moderator),
        }
        subject, body_text, body_html = render_email(
            folder="moderation/email", template="guest_group_alert", context=context
        )
        outbox_enqueue(
            kind="crisis_alert",
            to=moderator.email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            headers=off_duty_headers(member=moderator),
            dedupe_key=keys[moderator.pk],
            payload={"group": group, "level": level, "lane": str(Lane.SAFETY), "items": total},
        )
        queued += 1
    return queued


def _item_url(item: ReviewItem) -> str:
    return settings.SITE_URL + reverse("moderation:item", kwargs={"item_id": item.pk})


def _enqueue_email(*, item: ReviewItem, moderator: Member, level: int) -> None:
    post = item.post
    flags = list(item.flags.filter(dismissed_at__isnull=True).order_by("-id")[:5])
    context = {
        "site_name": settings.SITE_NAME,
        "moderator": moderator,
        "item": item,
        "space": post.thread.space,
        "thread": post.thread,
        "flags": flags,
        "level": level,
        "item_url": _item_url(item),
        "duty_url": off_duty_url(member=moderator),
    }
    subject, body_text, body_html = render_email(folder="moderation/email", template="alert", context=context)
    outbox_enqueue(
        kind="crisis_alert" if item.lane == "safety" else "moderation_alert",
        to=moderator.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=off_duty_headers(member=moderator),
        dedupe_key=f"moderation-alert:{item.pk}:{moderator.pk}:{level}",
        payload={"item_id": item.pk, "level": level, "lane": item.lane},
    )
