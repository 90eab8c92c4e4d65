"""Content warnings: a short note a post is folded behind, set by its author or a moderator."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from community import cache as page_cache
from community.models import Member, Post
from community.selectors import viewer_moderates_post
from community.signals import content_warning_changed_by_moderator

WARNING_MAX = 120


def clean_warning(warning: str | None) -> str:
    warning = " ".join((warning or "").split())
    if len(warning) > WARNING_MAX:
        raise ValidationError(
            {"content_warning": f"A content warning is a few words, up to {WARNING_MAX} characters."}
        )
    return warning


def can_set_warning(*, post: Post, member: Member | None) -> bool:
    """The author, or a moderator of the post's space; never on a deleted post."""
    if member is None or not member.is_authenticated or not member.is_active or post.is_deleted:
        return False
    return post.author_id == member.pk or viewer_moderates_post(member, post)


@transaction.atomic
def post_content_warning_set(*, post: Post, actor: Member, warning: str) -> bool:
    """Set (or, with an empty ``warning``, clear) the post's content warning. Returns whether it changed."""
    if not can_set_warning(post=post, member=actor):
        raise PermissionDenied("Only the author or a moderator can add a content warning to this post.")
    warning = clean_warning(warning)
    previous = post.content_warning
    if previous == warning:
        return False
    post.content_warning = warning
    post.save(update_fields=["content_warning"])
    if post.author_id != actor.pk:
        content_warning_changed_by_moderator.send(
            sender=Post, post=post, actor=actor, previous=previous, warning=warning
        )
    page_cache.bump_thread(post.thread_id)
    return True
