"""Creating, editing, deleting and moderating posts."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community import cache as page_cache
from community import moderation_port
from community.models import GuestAuthor, Member, Post, PostRevision, Thread, ThreadSubscription
from community.moderation_port import ScreeningOutcome
from community.rendering import render_markdown
from community.selectors import viewer_moderates_post, viewer_moderates_space
from community.signals import post_edited_by_moderator, post_moderated


@dataclass(frozen=True)
class PostResult:
    post: Post
    screening: ScreeningOutcome


def clean_body(body: str) -> str:
    """Validate a post body and return it stripped; raises ValidationError with a message for people."""
    body = (body or "").strip()
    if not body:
        raise ValidationError("Please write something before posting.", code="empty")
    limit = settings.HEARTH_MAX_POST_LENGTH
    if len(body) > limit:
        raise ValidationError(
            f"This is {len(body):,} characters; the limit is {limit:,}. Could you split it into two posts?",
            code="too_long",
        )
    return body


def _attach_point(parent: Post) -> Post:
    """Replies deeper than the maximum attach at the deepest allowed level, as WordPress does."""
    max_depth = settings.HEARTH_MAX_REPLY_DEPTH
    while parent.depth >= max_depth:
        parent = parent.parent
    return parent


def ensure_can_post(*, thread: Thread, author: Member | None, guest: GuestAuthor | None) -> None:
    if thread.is_closed:
        raise PermissionDenied("Comments are closed on this thread.")
    if author is not None:
        if not author.is_active:
            raise PermissionDenied("Your account is not active.")
        restriction = moderation_port.posting_restriction(member=author, space=thread.space, is_thread=False)
        if restriction is not None:
            raise PermissionDenied(restriction.message)
    elif guest is not None:
        if not thread.space.allow_guest_replies:
            raise PermissionDenied("Only members can reply in this space. Sign up or log in to join in.")
    else:
        raise PermissionDenied("Please log in to reply.")


def apply_screening(post: Post, outcome: ScreeningOutcome) -> None:
    """Apply a screening outcome to a post (already saved) without undoing an earlier hold."""
    changed = _screening_changes(post, outcome)
    if changed:
        post.save(update_fields=changed)


def _initial_status(*, thread: Thread, author: Member | None, guest: GuestAuthor | None) -> tuple[str, str]:
    if guest is not None and not guest.is_confirmed:
        return Post.Status.HELD, Post.HoldReason.GUEST_UNCONFIRMED
    if guest is not None:
        # A confirmed guest is still a stranger: a moderator sees the reply first.
        return Post.Status.HELD, Post.HoldReason.MODERATOR
    if author is not None and thread.space.hold_new_member_posts and not author.can_moderate:
        from community.selectors import member_is_new

        if member_is_new(author):
            return Post.Status.HELD, Post.HoldReason.NEW_MEMBER
    return Post.Status.PUBLISHED, ""


@transaction.atomic
def post_create(
    *,
    thread: Thread,
    body: str,
    parent: Post | None = None,
    author: Member | None = None,
    guest: GuestAuthor | None = None,
) -> PostResult:
    """Reply to ``thread`` (under ``parent``, or under the opening post when no parent is given).

    ``thread`` is used as the caller read it (with its space): the closed check that matters is the one
    UPDATE of the thread's counters at the end, which only matches an open thread and locks its row until
    commit, so a close that lands meanwhile refuses the reply instead of racing with it.
    """
    body = clean_body(body)
    ensure_can_post(thread=thread, author=author, guest=guest)
    if parent is None:
        parent = Post.objects.get(thread=thread, parent__isnull=True)
    elif parent.thread_id != thread.pk:
        raise ValidationError("That reply belongs to another thread.", code="wrong_thread")
    parent = _attach_point(parent)
    status, hold_reason = _initial_status(thread=thread, author=author, guest=guest)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        parent=parent,
        root_id=parent.root_id,
        depth=parent.depth + 1,
        author=author,
        guest=guest,
        body=body,
        body_html=render_markdown(body),
        status=status,
        hold_reason=hold_reason,
        created_at=now,
        # Recorded with the row, so a broker outage at commit delays the notifications instead of losing
        # them; cleared below if screening holds the reply or marks it sensitive.
        fanout_requested_at=now if status == Post.Status.PUBLISHED else None,
    )
    changed = []
    if post.depth == 1:
        post.root = post
        changed.append("root")
    # Screening reads the thread, its space and the author from here instead of loading them again.
    post.thread = thread
    if author is not None:
        post.author = author
    if parent.depth == 0:
        post.parent = parent
    outcome = moderation_port.screen_post(post=post, is_edit=False)
    changed += _screening_changes(post, outcome)
    published = post.status == Post.Status.PUBLISHED
    if post.fanout_requested_at is not None and (not published or post.is_sensitive):
        post.fanout_requested_at = None
        changed.append("fanout_requested_at")
    if changed:
        post.save(update_fields=changed)
    if author is not None:
        # One INSERT that does nothing when the author already follows (unique member + thread).
        ThreadSubscription.objects.bulk_create(
            [ThreadSubscription(member=author, thread=thread)], ignore_conflicts=True
        )
    counters = {"reply_count": F("reply_count") + 1, "last_activity_at": now} if published else {}
    if not Thread.objects.filter(pk=thread.pk, is_closed=False).update(**(counters or {"is_closed": False})):
        raise PermissionDenied("Comments are closed on this thread.")
    if published:
        transaction.on_commit(lambda: _dispatch_fan_out(post.pk))
    page_cache.bump_thread(thread.pk)
    return PostResult(post=post, screening=outcome)


def _screening_changes(post: Post, outcome: ScreeningOutcome) -> list[str]:
    """Apply a screening outcome to ``post`` in memory; returns the fields to save."""
    changed = []
    if outcome.hold and post.status == Post.Status.PUBLISHED:
        post.status = Post.Status.HELD
        post.hold_reason = outcome.hold_reason or Post.HoldReason.MODERATOR
        changed += ["status", "hold_reason"]
    if outcome.sensitive and not post.is_sensitive:
        post.is_sensitive = True
        changed.append("is_sensitive")
    return changed


def _count_reply(thread: Thread, when) -> None:
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_activity_at=when)


def _dispatch_fan_out(post_id: int) -> None:
    from community import tasks

    tasks.dispatch(tasks.fan_out_reply_notifications, post_id)


def _fan_out_after_commit(post: Post) -> None:
    if post.is_sensitive or post.is_opening:
        return
    # Recorded first, so a broker outage at commit time delays the notifications instead of losing them.
    Post.objects.filter(pk=post.pk).update(fanout_requested_at=timezone.now())
    transaction.on_commit(lambda: _dispatch_fan_out(post.pk))


@transaction.atomic
def post_publish(*, post: Post) -> bool:
    """Make a held post visible (guest confirmed, moderator approved). Returns False if already visible."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status == Post.Status.PUBLISHED:
        return False
    post.status = Post.Status.PUBLISHED
    post.hold_reason = ""
    post.save(update_fields=["status", "hold_reason"])
    if not post.is_opening:
        _count_reply(post.thread, timezone.now())
        _fan_out_after_commit(post)
    page_cache.bump_thread(post.thread_id)
    return True


@transaction.atomic
def post_hide(*, post: Post) -> bool:
    """Hide a post from everyone but moderators. Returns False if it was already hidden."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status == Post.Status.HIDDEN:
        return False
    was_published = post.status == Post.Status.PUBLISHED
    post.status = Post.Status.HIDDEN
    post.save(update_fields=["status"])
    if was_published and not post.is_opening:
        Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
    page_cache.bump_thread(post.thread_id)
    return True


@transaction.atomic
def post_hold(*, post: Post, reason: str = Post.HoldReason.MODERATOR) -> bool:
    """Hold a visible post for review. Returns False if it was not visible."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != Post.Status.PUBLISHED:
        return False
    post.status = Post.Status.HELD
    post.hold_reason = reason
    post.save(update_fields=["status", "hold_reason"])
    if not post.is_opening:
        Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
    page_cache.bump_thread(post.thread_id)
    return True


@transaction.atomic
def post_set_off_topic(*, post: Post, off_topic: bool = True) -> bool:
    updated = Post.objects.filter(pk=post.pk).exclude(is_off_topic=off_topic).update(is_off_topic=off_topic)
    post.is_off_topic = off_topic
    if updated:
        page_cache.bump_thread(post.thread_id)
    return bool(updated)


def post_approve(*, post: Post) -> bool:
    """Publish a held post a moderator has approved, unless it is a guest's still waiting for its email link.

    A guest reply appears only once its email is confirmed and a moderator has read it, in either order:
    approved first, it is marked ``guest_approved`` and the confirmation link publishes it
    (``community.services.guests.guest_confirm``). Returns whether anything changed.
    """
    if post.status != Post.Status.HELD:
        return False
    if post.guest_id is not None and post.hold_reason == Post.HoldReason.GUEST_UNCONFIRMED:
        post.hold_reason = Post.HoldReason.GUEST_APPROVED
        return bool(
            Post.objects.filter(pk=post.pk, hold_reason=Post.HoldReason.GUEST_UNCONFIRMED).update(
                hold_reason=Post.HoldReason.GUEST_APPROVED
            )
        )
    if post.hold_reason == Post.HoldReason.GUEST_APPROVED:
        return False  # already approved; still waiting for the guest's link
    return post_publish(post=post)


def _publish_or_restore(post: Post) -> bool:
    """The admin's "publish": a held post follows the approval rule (a guest's waits for its link); a hidden
    one is restored, as it was published before a moderator hid it."""
    if post.status == Post.Status.HELD:
        return post_approve(post=post)
    return post_publish(post=post)


# What ``post_moderate`` can do to a post.
POST_CHANGES = {
    "hide": lambda post: post_hide(post=post),
    "publish": _publish_or_restore,
    "label_off_topic": lambda post: post_set_off_topic(post=post, off_topic=True),
    "clear_off_topic": lambda post: post_set_off_topic(post=post, off_topic=False),
}


@transaction.atomic
def post_moderate(*, post: Post, actor: Member, change: str, reason: str = "") -> bool:
    """Apply one of ``POST_CHANGES`` to ``post`` as a moderator of its space, outside the review queue (the
    admin's bulk actions). Sends ``post_moderated`` (the audit log) when something changed; returns False,
    sending nothing, when the post was already in that state."""
    apply = POST_CHANGES[change]
    post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
    if not viewer_moderates_space(actor, post.thread.space_id):
        raise PermissionDenied("Only moderators of this space can do this.")
    previous = copy.copy(post)
    if not apply(post):
        return False
    post.refresh_from_db()
    post_moderated.send(
        sender=Post, post=post, actor=actor, change=change, reason=(reason or "").strip(), previous=previous
    )
    return True


@transaction.atomic
def post_set_sensitive(*, post: Post, sensitive: bool = True) -> bool:
    updated = Post.objects.filter(pk=post.pk).exclude(is_sensitive=sensitive).update(is_sensitive=sensitive)
    post.is_sensitive = sensitive
    if updated:
        page_cache.bump_thread(post.thread_id)
    return bool(updated)


def can_edit(*, post: Post, member: Member | None) -> bool:
    """The author, or a moderator of the post's space (one limited to some spaces edits only there)."""
    if member is None or not member.is_authenticated or post.is_deleted:
        return False
    return post.author_id == member.pk or viewer_moderates_post(member, post)


@transaction.atomic
def post_edit(
    *, post: Post, actor: Member, body: str, note: str = "", record_moderation: bool = True
) -> PostResult:
    """Change a post's text, keeping the previous text as a revision, and screen it again.

    A moderator changing someone else's post is a moderation action and goes to the audit log;
    ``record_moderation=False`` is for the review queue's own edit action, which writes its own entry.
    """
    if not can_edit(post=post, member=actor):
        raise PermissionDenied("You can only edit your own posts.")
    body = clean_body(body)
    post = Post.objects.select_for_update(of=("self",)).select_related("thread__space").get(pk=post.pk)
    if post.author_id == actor.pk and not actor.can_moderate:
        restriction = moderation_port.posting_restriction(
            member=actor, space=post.thread.space, is_thread=False
        )
        if restriction is not None and restriction.kind != "rate_limited":
            raise PermissionDenied(restriction.message)
    if body == post.body:
        return PostResult(post=post, screening=ScreeningOutcome())
    previous_body = post.body
    PostRevision.objects.create(post=post, body=previous_body, edited_by=actor, note=note)
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if record_moderation and post.author_id != actor.pk:
        post_edited_by_moderator.send(
            sender=Post, post=post, actor=actor, previous_body=previous_body, note=(note or "").strip()
        )
    outcome = moderation_port.screen_post(post=post, is_edit=True)
    apply_screening(post, outcome)
    page_cache.bump_thread(post.thread_id)
    return PostResult(post=post, screening=outcome)


@transaction.atomic
def post_delete(*, post: Post, actor: Member) -> bool:
    """Soft-delete: the text goes, the place in the tree stays ("This reply was deleted by its author")."""
    if post.author_id != actor.pk:
        raise PermissionDenied("You can only delete your own posts.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_deleted:
        return False
    PostRevision.objects.create(post=post, body=post.body, edited_by=actor, note="Deleted by its author")
    post.deleted_at = timezone.now()
    post.body = ""
    post.body_html = ""
    post.save(update_fields=["deleted_at", "body", "body_html"])
    page_cache.bump_thread(post.thread_id)
    return True
