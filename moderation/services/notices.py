"""Telling a member why: what a moderator did to their post or account, the reason (an admin-edited
``ModerationReason`` plus an optional line from the moderator) and what they can do, in-site and by email
(``Member.moderation_emails``; none while they take a break — the in-site notice waits for them).

``notice_send`` runs inside the moderator's action, in its transaction, so a member is told exactly once per
action that changed something. Messages are signed "the moderation team" unless the moderator chose to sign
with their name (``ModeratorProfile.sign_as_team``).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from community.models import Member, Notification, Post, PostRevision
from community.services.notifications import notify
from community.services.outbox import outbox_enqueue_email
from community.unsubscribe import unsubscribe_headers, unsubscribe_url
from moderation.models import ModerationNotice, ModerationReason, Sanction

from .care import moderator_signature

Action = ModerationNotice.Action

# What happened, said to the author. "{where}" is "your reply in “Thread title”" or "your post ...".
ACTION_SENTENCES = {
    Action.HIDDEN: "A moderator has hidden {where}. Other people can't see it now; you still can.",
    Action.REMOVED: "A moderator has removed {where}.",
    Action.HELD: "A moderator is holding {where} for a closer look before others see it.",
    Action.OFF_TOPIC: "A moderator has labelled {where} as off topic, so it is folded for readers.",
    Action.EDITED: "A moderator has edited {where}. Your earlier text is kept, and they can put it back.",
}
WHAT_YOU_CAN_DO = (
    "If you think we got this wrong, you can ask another moderator to look again: open this notice and "
    "choose \u201cAsk for another look\u201d. You can also keep posting as usual."
)
SANCTION_CAN_DO = (
    "If you think we got this wrong, you can ask another moderator to look again from this notice. You can "
    "still read everything here, and the support lines are always on the site."
)
NO_REASON = "The moderator didn't pick a reason. You're welcome to ask them, using the appeal below."


def reasons_active():
    """The reasons moderators pick from, in the admin's order."""
    return ModerationReason.objects.filter(is_active=True).order_by("order", "title")


def _where(post: Post) -> str:
    noun = "your post" if post.is_opening else "your reply"
    return f"{noun} in \u201c{post.thread.title}\u201d"


def _reason_text(reason: ModerationReason | None, extra: str) -> str:
    text = reason.explanation.strip() if reason is not None else ""
    extra = (extra or "").strip()
    if extra:
        text = f"{text} {extra}".strip()
    return text or NO_REASON


def sanction_length(sanction: Sanction) -> str:
    if sanction.ends_at is None:
        return "until a moderator lifts it"
    days = max(1, round((sanction.ends_at - sanction.starts_at).total_seconds() / 86400))
    return f"for {days} day{'s' if days != 1 else ''}"


def notice_message(notice: ModerationNotice) -> str:
    """The whole text the member reads (notification, email and the notice page)."""
    if notice.sanction_id is not None:
        sanction = notice.sanction
        if notice.action == Action.SUSPENDED:
            what = f"A moderator has suspended your account {sanction_length(sanction)}."
        else:
            what = f"A moderator has paused your posting {sanction_length(sanction)}. You can still read."
        can_do = SANCTION_CAN_DO
    else:
        what = ACTION_SENTENCES[notice.action].format(where=_where(notice.post))
        can_do = WHAT_YOU_CAN_DO
    return f"{what}\n\nWhy: {notice.reason_text}\n\n{can_do}\n\n\u2014 {notice.signature}"


def notice_send(
    *,
    member: Member | None,
    actor: Member,
    action: str,
    post: Post | None = None,
    sanction: Sanction | None = None,
    reason: ModerationReason | None = None,
    extra: str = "",
    revision: PostRevision | None = None,
) -> ModerationNotice | None:
    """Record and send the notice for one action. Call it inside the action's transaction, once, and only
    when the action changed something. Nobody to tell (a guest's post, one's own post) returns None."""
    if member is None or member.pk == actor.pk or member.erased_at is not None:
        return None
    notice = ModerationNotice.objects.create(
        member=member,
        action=action,
        actor=actor,
        post=post,
        sanction=sanction,
        revision=revision,
        reason=reason,
        reason_text=_reason_text(reason, extra),
        extra=(extra or "").strip()[:1000],
        signature=moderator_signature(actor),
    )
    message = notice_message(notice)
    notify(
        recipient=member,
        kind=Notification.Kind.MODERATION_NOTICE,
        message=message,
        thread_id=post.thread_id if post else None,
        url=notice.get_absolute_url(),
    )
    _email(member=member, template="moderation_notice", notice=notice, message=message, key="notice")
    return notice


def _email(*, member: Member, template: str, notice: ModerationNotice, message: str, key: str) -> None:
    if not member.moderation_emails or not member.email or member.is_on_break():
        return
    outbox_enqueue_email(
        template=template,
        context={
            "member": member,
            "notice": notice,
            "message": message,
            "notice_url": f"{settings.SITE_URL}{notice.get_absolute_url()}",
            "preferences_url": f"{settings.SITE_URL}{reverse('community:preferences')}",
            "unsubscribe_url": unsubscribe_url(member_id=member.pk, scope="moderation"),
        },
        kind=template,
        to=member.email,
        dedupe_key=f"{key}:{notice.pk}",
        headers=unsubscribe_headers(member_id=member.pk, scope="moderation"),
    )


def notice_email_outcome(*, notice: ModerationNotice, message: str) -> None:
    """Email the outcome of an appeal (see ``appeals``), per the member's preferences."""
    _email(member=notice.member, template="appeal_outcome", notice=notice, message=message, key="appeal")
