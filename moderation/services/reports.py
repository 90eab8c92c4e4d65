"""Member reports: a flag on the post's one review item, rate-limited, acknowledged once.

The reported person is never told about a report; only a moderator's action can reach them.

Errors: ``report_create`` raises :class:`ReportRateLimited` (a ``ValidationError`` whose message can be
shown as is) when the member has sent too many reports recently, and ``ValidationError`` for an unknown
reason or a post that cannot be reported. It returns False when this member had already reported the post.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import Member, Notification, Post
from community.services.notifications import notify
from moderation.models import Flag

from .queue import review_item_open, review_item_recompute

# Member-facing report reasons; the report form and the API offer exactly these.
REPORT_REASONS: tuple[tuple[str, str], ...] = (
    ("crisis", "I'm worried about this person"),
    ("off_topic", "Off topic"),
    ("spam", "Spam or advertising"),
    ("harassment", "Harassment or unkindness"),
    ("other", "Something else"),
)

REASON_CATEGORY = {
    "crisis": Flag.Category.CRISIS,
    "off_topic": Flag.Category.OFF_TOPIC,
    "spam": Flag.Category.SPAM,
    "harassment": Flag.Category.HARASSMENT,
    "other": Flag.Category.OTHER,
}
NOTE_MAX = 2000

ACK_MESSAGE = (
    "Thank you for letting us know. A moderator will look at this post; the person who wrote it is not "
    "told who reported it."
)
ACK_MESSAGE_CRISIS = (
    "Thank you for looking out for this person. A moderator will look at the post as soon as they can. "
    "We're a peer community, not an emergency service: if you believe someone is in danger right now, "
    "please contact your local emergency number."
)
RESOLVED_MESSAGE = (
    "A moderator has reviewed the post you reported. Thank you for helping keep this place kind."
)


class ReportRateLimited(ValidationError):
    """Too many reports in the last hour; the message is written for the member."""


def reports_in_last_hour(*, reporter: Member, now=None) -> int:
    now = now or timezone.now()
    # Index flag_reporter_recent.
    return Flag.objects.filter(reporter=reporter, created_at__gte=now - timedelta(hours=1)).count()


def _seconds_until_a_report_frees_up(*, reporter: Member, now=None) -> int:
    """When the oldest report in the last hour leaves the window (for Retry-After)."""
    now = now or timezone.now()
    window = timedelta(hours=1)
    oldest = (
        Flag.objects.filter(reporter=reporter, created_at__gte=now - window)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if oldest is None:
        return 0
    return max(1, int((oldest + window - now).total_seconds()) + 1)


@transaction.atomic
def report_create(*, post: Post, reporter: Member, reason: str, note: str = "") -> bool:
    """Record ``reporter``'s report of ``post``. Returns False if they had already reported it."""
    if reason not in dict(REPORT_REASONS):
        raise ValidationError("Please choose a reason for your report.", code="invalid_reason")
    if post.is_deleted:
        raise ValidationError(
            "This post has been deleted, so there is nothing left to report.", code="deleted"
        )
    if post.author_id is not None and post.author_id == reporter.pk:
        raise ValidationError(
            "This is your own post. You can edit or delete it; if you need support, the moderators are here.",
            code="own_post",
        )
    if Flag.objects.filter(item__post=post, reporter=reporter).exists():
        return False
    if (
        not reporter.can_moderate
        and reports_in_last_hour(reporter=reporter) >= settings.HEARTH_REPORTS_PER_HOUR
    ):
        raise ReportRateLimited(
            "You've sent a lot of reports in the last hour. Thank you for looking out for people; please "
            "wait a little before sending more. If someone is in danger right now, contact your local "
            "emergency number.",
            code="rate_limited",
            params={"retry_after": _seconds_until_a_report_frees_up(reporter=reporter)},
        )
    post = Post.objects.select_related("thread__space").get(pk=post.pk)
    item, _ = review_item_open(post=post)
    try:
        with transaction.atomic():
            Flag.objects.create(
                item=item,
                source=Flag.Source.MEMBER,
                category=REASON_CATEGORY[reason],
                reporter=reporter,
                note=(note or "").strip()[:NOTE_MAX],
            )
    except IntegrityError:
        return False  # a concurrent double submit of the same report
    review_item_recompute(item=item)
    if reason == "crisis":
        from . import alerts

        alerts.alert_item(item=item)
    _acknowledge(reporter=reporter, post=post, crisis=reason == "crisis")
    return True


def _acknowledge(*, reporter: Member, post: Post, crisis: bool) -> None:
    # One acknowledgment per member and post (the notification's unique constraint enforces it too).
    exists = Notification.objects.filter(
        recipient=reporter, post=post, kind=Notification.Kind.REPORT_RECEIVED
    ).exists()
    if not exists:
        notify(
            recipient=reporter,
            kind=Notification.Kind.REPORT_RECEIVED,
            message=ACK_MESSAGE_CRISIS if crisis else ACK_MESSAGE,
            post=post,
        )


def reporters_notify_resolved(*, item_id: int, post: Post) -> int:
    """Tell every member who reported the post that a moderator has dealt with it. Safe to repeat."""
    reporter_ids = set(
        Flag.objects.filter(item_id=item_id, source=Flag.Source.MEMBER, reporter__isnull=False).values_list(
            "reporter_id", flat=True
        )
    )
    if not reporter_ids:
        return 0
    rows = [
        Notification(
            recipient_id=rid,
            kind=Notification.Kind.REPORT_RESOLVED,
            message=RESOLVED_MESSAGE,
            post=post,
            thread_id=post.thread_id,
        )
        for rid in sorted(reporter_ids)
    ]
    # ignore_conflicts + unique (recipient, post, kind): resolving twice notifies once.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
