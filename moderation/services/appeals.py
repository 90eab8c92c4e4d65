"""Appeals: a member asks the moderators to look again at one action (once per notice, with a note). The
appeal waits in the Appeals lane, assigned to a moderator other than the one who acted when another is
available; the outcome (upheld or reversed, with a note) is told to the member and audited, and reversing
undoes the action.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from community import cache as page_cache
from community import selectors as community_selectors
from community.models import Member, Notification, Post
from community.rendering import render_markdown
from community.services import posts as post_services
from community.services.notifications import notify
from community.services.outbox import outbox_enqueue, render_email
from moderation.models import Appeal, AuditAction, ModerationNotice

from .alerts import off_duty_headers, off_duty_url
from .audit import audit_record
from .care import moderator_signature
from .notices import notice_email_outcome
from .review_items import require_moderator
from .sanctions import sanction_revoke

Action = ModerationNotice.Action
APPEAL_NOTE_MAX = 2000


def _assignee(notice: ModerationNotice) -> Member | None:
    """Someone other than the moderator who acted, who moderates the post's space: on duty first, then
    whoever has the fewest open appeals. None when nobody else is available (any moderator may take it)."""
    candidates = Member.objects.filter(is_active=True).filter(Q(is_moderator=True) | Q(is_staff=True))
    if notice.actor_id is not None:
        candidates = candidates.exclude(pk=notice.actor_id)
    candidates = candidates.exclude(pk=notice.member_id).annotate(
        open_appeals=Count("assigned_appeals", filter=Q(assigned_appeals__status=Appeal.Status.OPEN))
    )
    ordered = candidates.order_by("-moderator_profile__on_duty", "open_appeals", "pk")
    space_id = notice.post.thread.space_id if notice.post_id else None
    for candidate in ordered[:50]:
        if space_id is None or community_selectors.viewer_moderates_space(candidate, space_id):
            return candidate
    return None


@transaction.atomic
def appeal_create(*, notice: ModerationNotice, actor: Member, note: str) -> tuple[Appeal, bool]:
    """The member asks for another look. Returns (the appeal, whether it is new): a second appeal against
    the same action is the first one, unchanged."""
    if actor is None or actor.pk != notice.member_id:
        raise PermissionDenied("Only the person this notice was for can appeal it.")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Please tell us in a few words why you'd like another look."})
    if len(note) > APPEAL_NOTE_MAX:
        raise ValidationError({"note": f"Please keep it under {APPEAL_NOTE_MAX} characters."})
    notice = ModerationNotice.objects.select_for_update().get(pk=notice.pk)
    existing = Appeal.objects.filter(notice=notice).first()
    if existing is not None:
        return existing, False
    if notice.reversed_at is not None:
        raise ValidationError("This has already been undone, so there is nothing to appeal.")
    appeal = Appeal.objects.create(notice=notice, member=actor, note=note, assigned_to=_assignee(notice))
    audit_record(
        actor=actor,
        action=AuditAction.APPEAL,
        post=notice.post,
        member=actor,
        reason=note,
        before={},
        after={"appeal": appeal.pk, "notice": notice.pk, "assigned_to": appeal.assigned_to_id},
    )
    if appeal.assigned_to is not None:
        appeal_tell_assignee(appeal=appeal)
    return appeal, True


ASSIGNED_WORDS = (
    "A member has asked for another look at a moderator's decision, and the appeal is assigned to you, as "
    "you were not the moderator who made it. Their note and the original decision are on the appeal's page."
)


def appeal_tell_assignee(*, appeal: Appeal) -> None:
    """Tell the moderator an appeal was assigned to: an in-site notification and an email through the
    outbox (in the caller's transaction, so it goes only if the appeal is saved; deduplicated per appeal and
    moderator). Like alerts, the email's List-Unsubscribe takes them off duty. The member's note stays on
    the site, out of mailboxes."""
    moderator = appeal.assigned_to
    notice = appeal.notice
    thread = notice.post.thread if notice.post_id else None
    notify(
        recipient=moderator,
        kind=Notification.Kind.APPEAL_ASSIGNED,
        message=ASSIGNED_WORDS,
        thread_id=thread.pk if thread else None,
        url=appeal.get_absolute_url(),
    )
    if not moderator.email or moderator.is_on_break():
        return
    context = {
        "site_name": settings.SITE_NAME,
        "moderator": moderator,
        "appeal": appeal,
        "notice": notice,
        "thread": thread,
        "appeal_url": settings.SITE_URL + appeal.get_absolute_url(),
        "duty_url": off_duty_url(member=moderator),
    }
    subject, body_text, body_html = render_email(
        folder="moderation/email", template="appeal_assigned", context=context
    )
    outbox_enqueue(
        kind="appeal_assigned",
        to=moderator.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=off_duty_headers(member=moderator),
        dedupe_key=f"appeal-assigned:{appeal.pk}:{moderator.pk}",
        payload={"appeal_id": appeal.pk},
    )


def _may_decide(appeal: Appeal, actor: Member) -> None:
    require_moderator(actor)
    acted = appeal.notice.actor_id
    if actor.pk == acted and appeal.assigned_to_id not in (None, actor.pk):
        raise PermissionDenied("Another moderator is looking at this appeal, as you made the first decision.")
    post = appeal.notice.post
    if post is not None and not community_selectors.viewer_moderates_space(actor, post.thread.space_id):
        raise PermissionDenied("Only moderators of this space can decide this appeal.")


def _undo(notice: ModerationNotice, actor: Member, note: str) -> None:
    post = notice.post
    match notice.action:
        case Action.HIDDEN | Action.HELD:
            post_services.post_publish(post=post)
        case Action.OFF_TOPIC:
            post_services.post_set_off_topic(post=post, off_topic=False)
        case Action.REMOVED:
            body = notice.revision.body if notice.revision_id else ""
            Post.objects.filter(pk=post.pk).update(
                deleted_at=None, body=body, body_html=render_markdown(body) if body else ""
            )
            post_services.post_publish(post=post)
            page_cache.bump_thread(post.thread_id)  # the text changed even if the status did not
        case Action.EDITED:
            if notice.revision_id:
                post_services.post_edit(
                    post=post,
                    actor=actor,
                    body=notice.revision.body,
                    note="Put back after an appeal",
                    record_moderation=False,
                )
        case Action.SILENCED | Action.SUSPENDED:
            sanction_revoke(sanction=notice.sanction, actor=actor, reason=f"Appeal reversed. {note}".strip())


OUTCOME_WORDS = {
    Appeal.Status.UPHELD: (
        "A moderator looked again at your appeal and decided to keep the earlier decision. We know that can "
        "be disappointing, and we're glad you told us how you saw it."
    ),
    Appeal.Status.REVERSED: (
        "A moderator looked again at your appeal and agreed with you, so we have undone it. Thank you for "
        "taking the time to tell us, and we're sorry for the trouble."
    ),
}


def _decide(*, appeal: Appeal, actor: Member, status: str, note: str) -> bool:
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("notice__post__thread", "notice__sanction", "notice__revision", "notice__member")
        .get(pk=appeal.pk)
    )
    if not appeal.is_open:
        return False
    _may_decide(appeal, actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Please add a short note; the member reads it."})
    notice = appeal.notice
    now = timezone.now()
    if status == Appeal.Status.REVERSED:
        _undo(notice, actor, note)
        notice.reversed_at = now
        notice.save(update_fields=["reversed_at"])
    appeal.status = status
    appeal.decided_by = actor
    appeal.decided_at = now
    appeal.outcome_note = note
    appeal.save(update_fields=["status", "decided_by", "decided_at", "outcome_note"])
    audit_record(
        actor=actor,
        action=AuditAction.APPEAL_REVERSE if status == Appeal.Status.REVERSED else AuditAction.APPEAL_UPHOLD,
        post=notice.post,
        member=notice.member,
        reason=note,
        before={"appeal": appeal.pk, "status": Appeal.Status.OPEN},
        after={"appeal": appeal.pk, "status": status, "notice": notice.pk, "action": notice.action},
    )
    message = f"{OUTCOME_WORDS[status]}\n\nTheir note: {note}\n\n\u2014 {moderator_signature(actor)}"
    notify(
        recipient=notice.member,
        kind=Notification.Kind.APPEAL_OUTCOME,
        message=message,
        thread_id=notice.post.thread_id if notice.post_id else None,
        url=notice.get_absolute_url(),
    )
    notice_email_outcome(notice=notice, message=message)
    return True


@transaction.atomic
def appeal_uphold(*, appeal: Appeal, actor: Member, note: str) -> bool:
    """Keep the decision. Returns False when the appeal was already decided."""
    return _decide(appeal=appeal, actor=actor, status=Appeal.Status.UPHELD, note=note)


@transaction.atomic
def appeal_reverse(*, appeal: Appeal, actor: Member, note: str) -> bool:
    """Undo the action (unhide or republish, clear the off-topic label, put back the text before the edit,
    lift the sanction). Returns False when the appeal was already decided."""
    return _decide(appeal=appeal, actor=actor, status=Appeal.Status.REVERSED, note=note)
