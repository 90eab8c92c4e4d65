"""Check-ins after a moderator reached out to someone in crisis.

"Reached out" closes the item, but the person may still be struggling the next day. So the action asks for
a check-in ``HEARTH_FOLLOW_UP_HOURS`` later (a FollowUp row, written in the same transaction). The beat job
``moderation.follow_up_check_ins`` then:

- when a check-in falls due, emails the moderator who reached out, and the moderators on duty as well when
  that person is off duty, on a break or gone (through the outbox; one email per person per check-in);
- when ``HEARTH_FOLLOW_UP_REQUEUE_HOURS`` more pass with no outcome recorded, puts the item back in the
  Safety lane with a "check-in missed" flag, where the escalation ladder picks it up like any new item.

Each step is a conditional UPDATE on the row and its audit entry in one transaction, so overlapping runs
or retries never remind or re-queue twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from community.models import Member
from community.services.outbox import outbox_enqueue, render_email
from moderation.models import AuditAction, Flag, FollowUp, ReviewItem

from . import alerts
from .audit import audit_record
from .care import on_break
from .queue import review_item_open, review_item_recompute

NOTE_MAX = 2000


def follow_up_delay() -> timedelta:
    return timedelta(hours=settings.HEARTH_FOLLOW_UP_HOURS)


def follow_up_schedule(*, item: ReviewItem, actor: Member, now: datetime | None = None) -> FollowUp:
    """Ask ``actor`` for a check-in on ``item``; reaching out again moves the open check-in rather than
    adding a second. Call inside the action's transaction (the action writes the audit row)."""
    now = now or timezone.now()
    due = now + follow_up_delay()
    open_one = FollowUp.objects.select_for_update().filter(item=item, outcome="", requeued_at__isnull=True)
    existing = open_one.first()
    if existing is not None:
        FollowUp.objects.filter(pk=existing.pk).update(moderator=actor, due_at=due, reminded_at=None)
        existing.refresh_from_db()
        return existing
    return FollowUp.objects.create(item=item, moderator=actor, due_at=due, created_at=now)


@transaction.atomic
def follow_up_record(*, follow_up: FollowUp, actor: Member, outcome: str, note: str = "") -> bool:
    """Record how the check-in went. Returns False when an outcome was already recorded."""
    if actor is None or not actor.is_authenticated or not actor.can_moderate:
        raise PermissionDenied("Only moderators can do this.")
    if outcome not in FollowUp.Outcome.values or outcome == FollowUp.Outcome.PENDING:
        raise ValidationError("Please choose how the check-in went.")
    follow_up = FollowUp.objects.select_for_update().select_related("item__post").get(pk=follow_up.pk)
    if follow_up.outcome:
        return False
    now = timezone.now()
    before = {"follow_up": {"outcome": "", "due_at": follow_up.due_at.isoformat()}}
    follow_up.outcome = outcome
    follow_up.note = (note or "").strip()[:NOTE_MAX]
    follow_up.recorded_by = actor
    follow_up.recorded_at = now
    follow_up.save(update_fields=["outcome", "note", "recorded_by", "recorded_at"])
    audit_record(
        actor=actor,
        action=AuditAction.FOLLOW_UP,
        item=follow_up.item,
        reason=f"{follow_up.get_outcome_display()}. {follow_up.note}".strip(),
        before=before,
        after={"follow_up": {"outcome": outcome, "requeued": follow_up.requeued_at is not None}},
    )
    return True


def _open() -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(outcome="", requeued_at__isnull=True)  # index follow_up_due


def _unavailable(moderator: Member | None, now: datetime) -> bool:
    if moderator is None or not moderator.is_active:
        return True
    profile = getattr(moderator, "moderator_profile", None)
    if profile is None or not profile.on_duty:
        return True
    return moderator.pk in on_break(member_ids=[moderator.pk], now=now)


def _remind_one(*, follow_up: FollowUp, now: datetime) -> int:
    item = follow_up.item
    people: dict[int, Member] = {}
    if follow_up.moderator is not None and follow_up.moderator.is_active:
        people[follow_up.moderator.pk] = follow_up.moderator
    team = _unavailable(follow_up.moderator, now)
    if team:
        # They may be asleep or away: the check-in is the team's, not one person's.
        for member in alerts.alert_recipients(item=item):
            people.setdefault(member.pk, member)
    item_url = settings.SITE_URL + reverse("moderation:item", kwargs={"item_id": item.pk})
    for member in people.values():
        context = {
            "site_name": settings.SITE_NAME,
            "moderator": member,
            "is_owner": member.pk == follow_up.moderator_id,
            "owner_name": follow_up.moderator.display_name if follow_up.moderator else "a moderator",
            "thread": item.post.thread,
            "reached_out_at": follow_up.created_at,
            "item_url": item_url,
            "requeue_hours": settings.HEARTH_FOLLOW_UP_REQUEUE_HOURS,
        }
        subject, body_text, body_html = render_email(
            folder="moderation/email", template="follow_up", context=context
        )
        outbox_enqueue(
            kind="follow_up_reminder",
            to=member.email,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            headers=alerts.off_duty_headers(member=member),
            dedupe_key=f"follow-up:{follow_up.pk}:{member.pk}",
            payload={"follow_up_id": follow_up.pk, "item_id": item.pk},
        )
    audit_record(
        actor=None,
        action=AuditAction.FOLLOW_UP_DUE,
        item=item,
        reason="Reminder sent to the moderator who reached out" + (" and the team on duty." if team else "."),
        after={"follow_up": {"reminded": sorted(people)}},
    )
    return len(people)


def follow_ups_remind(*, now: datetime | None = None) -> int:
    """Remind about every check-in that has fallen due. Returns the reminders queued."""
    now = now or timezone.now()
    due = list(_open().filter(due_at__lte=now, reminded_at__isnull=True).values_list("pk", flat=True))
    sent = 0
    for pk in due:
        with transaction.atomic():
            # Whoever sets reminded_at sends; an overlapping run finds 0 rows.
            if not _open().filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            follow_up = FollowUp.objects.select_related(
                "moderator__moderator_profile", "item__post__thread__space"
            ).get(pk=pk)
            sent += _remind_one(follow_up=follow_up, now=now)
    return sent


def follow_ups_requeue(*, now: datetime | None = None) -> int:
    """Put items back in the Safety lane when nobody recorded how their check-in went. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.HEARTH_FOLLOW_UP_REQUEUE_HOURS)
    overdue = list(_open().filter(due_at__lte=cutoff).values_list("pk", flat=True))
    done = 0
    for pk in overdue:
        with transaction.atomic():
            if not _open().filter(pk=pk).update(requeued_at=now):
                continue
            follow_up = FollowUp.objects.select_related("item__post").get(pk=pk)
            item, _ = review_item_open(post=follow_up.item.post)
            Flag.objects.create(
                item=item,
                source=Flag.Source.SYSTEM,
                category=Flag.Category.CRISIS,
                subtype="follow_up_missed",
                note="Someone reached out, but nobody recorded how the check-in went.",
            )
            review_item_recompute(item=item)
            item.refresh_from_db()
            audit_record(
                actor=None,
                action=AuditAction.FOLLOW_UP_MISSED,
                item=item,
                reason=f"No outcome recorded {settings.HEARTH_FOLLOW_UP_REQUEUE_HOURS} h after the check-in "
                "was due: back in the Safety lane.",
                after={"item": {"status": item.status, "lane": item.lane}},
            )
            done += 1
    return done


def follow_ups_run(*, now: datetime | None = None) -> tuple[int, int]:
    """The beat job: reminders first, then re-queues. Returns (reminders, re-queued)."""
    now = now or timezone.now()
    return follow_ups_remind(now=now), follow_ups_requeue(now=now)
