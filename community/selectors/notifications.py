"""A member's notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from community.models import (
    Member,
    Notification,
)


def unread_notification_count(*, member: Member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def member_notifications(*, member: Member) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=member).select_related("actor", "thread", "post")
