"""Alerting moderators about urgent items. The alert is a database row first; email goes via the outbox.

The escalation task (``moderation.services.escalation``) calls :func:`alert_item` again with a higher
``level`` and a wider set of recipients when nobody acts in time; each (item, recipient, level) is alerted
at most once, so retries and re-screened edits never alert twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community.models import Member
from community.services.outbox import outbox_enqueue
from moderation.models import ModeratorAlert, ReviewItem


def moderators() -> QuerySet[Member]:
    return Member.objects.filter(is_active=True).filter(Q(is_moderator=True) | Q(is_staff=True))


def on_duty_moderators(*, space_id: int | None = None) -> QuerySet[Member]:
    """Moderators on duty who cover ``space_id`` (a moderator with no spaces covers every space)."""
    qs = moderators().filter(moderator_profile__on_duty=True)
    if space_id is not None:
        qs = qs.filter(Q(moderator_profile__spaces__isnull=True) | Q(moderator_profile__spaces=space_id))
    return qs.distinct().order_by("id")


def alert_recipients(*, item: ReviewItem) -> list[Member]:
    recipients = list(on_duty_moderators(space_id=item.post.thread.space_id))
    if not recipients and settings.HEARTH_ALERT_ALL_WHEN_NONE_ON_DUTY:
        # Nobody on duty must not mean nobody knows.
        recipients = list(moderators().order_by("id"))
    return recipients


def alert_item(*, item: ReviewItem, level: int = 0, recipients: Iterable[Member] | None = None) -> int:
    """Alert moderators about ``item``: ModeratorAlert rows plus outbox emails. Returns new alerts.

    Call inside the transaction that created or escalated the item; the emails are dispatched after commit.
    """
    item = ReviewItem.objects.select_related("post__thread__space", "post__author").get(pk=item.pk)
    people = list(recipients) if recipients is not None else alert_recipients(item=item)
    if not people:
        return 0
    already = set(
        ModeratorAlert.objects.filter(item=item, level=level, recipient__in=people).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = [m for m in people if m.pk not in already]
    now = timezone.now()
    ModeratorAlert.objects.bulk_create(
        [ModeratorAlert(item=item, recipient=m, level=level, created_at=now) for m in fresh],
        ignore_conflicts=True,
    )
    for moderator in fresh:
        _enqueue_email(item=item, moderator=moderator, level=level)
    if fresh:
        ReviewItem.objects.filter(pk=item.pk).update(last_alerted_at=now)
    return len(fresh)


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
        "item_url": settings.SITE_URL + reverse("moderation:item", kwargs={"item_id": item.pk}),
        "duty_url": settings.SITE_URL + reverse("moderation:duty"),
    }
    subject = " ".join(render_to_string("moderation/email/alert_subject.txt", context).split())
    outbox_enqueue(
        kind="crisis_alert" if item.lane == "safety" else "moderation_alert",
        to=moderator.email,
        subject=subject,
        body_text=render_to_string("moderation/email/alert.txt", context),
        body_html=render_to_string("moderation/email/alert.html", context),
        dedupe_key=f"moderation-alert:{item.pk}:{moderator.pk}:{level}",
        payload={"item_id": item.pk, "level": level, "lane": item.lane},
    )
