"""Following threads and spaces. Posting follows a thread automatically (see community.services.posts)."""

from __future__ import annotations

from django.db import transaction

from community.models import Member, Space, SpaceSubscription, Thread, ThreadSubscription


@transaction.atomic
def thread_follow(*, member: Member, thread: Thread) -> bool:
    """Follow a thread. Returns False if the member already followed it."""
    _, created = ThreadSubscription.objects.get_or_create(member=member, thread=thread)
    return created


@transaction.atomic
def thread_unfollow(*, member: Member, thread: Thread) -> bool:
    """Stop following a thread. Returns False if the member was not following it."""
    deleted, _ = ThreadSubscription.objects.filter(member=member, thread=thread).delete()
    return bool(deleted)


@transaction.atomic
def space_follow(*, member: Member, space: Space) -> bool:
    _, created = SpaceSubscription.objects.get_or_create(member=member, space=space)
    return created


@transaction.atomic
def space_unfollow(*, member: Member, space: Space) -> bool:
    deleted, _ = SpaceSubscription.objects.filter(member=member, space=space).delete()
    return bool(deleted)
