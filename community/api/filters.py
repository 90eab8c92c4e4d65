"""django-filter sets for API lists; each filter maps to an indexed column or a cheap condition."""

from __future__ import annotations

import django_filters

from community.models import Notification, Thread


class ThreadFilter(django_filters.FilterSet):
    space = django_filters.CharFilter(
        field_name="space__slug", help_text="Only threads in the space with this slug."
    )
    pinned = django_filters.BooleanFilter(field_name="is_pinned", help_text="Only pinned (or unpinned) ones.")
    closed = django_filters.BooleanFilter(field_name="is_closed", help_text="Only closed (or open) ones.")

    class Meta:
        model = Thread
        fields = ["space", "pinned", "closed"]


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", help_text="true: only unread; false: only read."
    )
    kind = django_filters.ChoiceFilter(choices=Notification.Kind.choices)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
