"""Crisis clusters: a week in which one space's Safety items run well above that space's own baseline.

The dashboard marks them; this job (``moderation.alert_crisis_clusters``, hourly) tells the moderators on
duty for that space once per cluster. The CrisisCluster row is written in the same transaction as the
emails (outbox rows), and its unique (space, week) makes a re-run or an overlapping run a no-op.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone

from community.models import Space
from community.services.outbox import outbox_enqueue, render_email
from moderation.dashboard import BASELINE_WEEKS, baseline, is_cluster
from moderation.models import CrisisCluster, Lane, ReviewItem

from . import alerts


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def crisis_clusters_alert(*, now: datetime | None = None) -> list[CrisisCluster]:
    """Find this week's clusters and alert the on-duty moderators of each space once. Returns new ones."""
    now = now or timezone.now()
    week = _monday(timezone.localdate(now))
    tz = timezone.get_current_timezone()
    since = datetime.combine(week - timedelta(weeks=BASELINE_WEEKS), time.min, tzinfo=tz)
    grouped = (
        ReviewItem.objects.filter(lane=Lane.SAFETY, created_at__gte=since)
        .annotate(week=TruncWeek("created_at"))
        .order_by()
        .values_list("post__thread__space_id", "week")
        .annotate(n=Count("id"))
    )
    weekly: dict[int, dict[date, int]] = defaultdict(dict)
    for space_id, start, n in grouped:
        weekly[space_id][start.date() if isinstance(start, datetime) else start] = n
    found = []
    for space_id, counts in weekly.items():
        n = counts.get(week, 0)
        base = baseline(counts, week)
        if not is_cluster(n, base) or CrisisCluster.objects.filter(space_id=space_id, week=week).exists():
            continue
        try:
            with transaction.atomic():
                cluster = CrisisCluster.objects.create(space_id=space_id, week=week, items=n, baseline=base)
                _alert(cluster)
        except IntegrityError:
            continue  # an overlapping run got there first
        found.append(cluster)
    return found


def _alert(cluster: CrisisCluster) -> None:
    space = Space.objects.get(pk=cluster.space_id)
    url = settings.SITE_URL + reverse("moderation:dashboard") + "#chart-crisis_spaces"
    people = list(alerts.on_duty_moderators(space_id=space.pk)) or (
        list(alerts.moderators().order_by("id")) if settings.HEARTH_ALERT_ALL_WHEN_NONE_ON_DUTY else []
    )
    for moderator in people:
        context = {
            "site_name": settings.SITE_NAME,
            "moderator": moderator,
            "space": space,
            "cluster": cluster,
            "dashboard_url": url,
            "queue_url": settings.SITE_URL + reverse("moderation:queue") + "?lane=safety",
        }
        subject, body_text, body_html = render_email(
            folder="moderation/email", template="cluster_alert", context=context
        )
        outbox_enqueue(
            kind="crisis_cluster",
            to=moderator.email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            headers=alerts.off_duty_headers(member=moderator),
            dedupe_key=f"crisis-cluster:{cluster.space_id}:{cluster.week.isoformat()}:{moderator.pk}",
            payload={"space_id": space.pk, "week": cluster.week.isoformat(), "items": cluster.items},
        )
