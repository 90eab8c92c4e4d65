"""A reader's own gentle tools: muted words, taking a break, offering to be a peer supporter."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community.models import Member, MutedWord

MUTED_WORDS_MAX = 100
MUTED_WORD_MAX_LENGTH = 60
BREAK_DAYS_MAX = 90


def _ensure_self(*, member: Member, actor: Member) -> None:
    # These are a person's own settings; an admin changes them through the admin, not here.
    if actor is None or actor.pk != member.pk:
        raise PermissionDenied("You can only change your own settings.")


def clean_muted_word(word: str | None) -> str:
    word = " ".join((word or "").split()).casefold()
    if not word:
        raise ValidationError({"word": "Please type a word or a short phrase."})
    if len(word) > MUTED_WORD_MAX_LENGTH:
        raise ValidationError(
            {"word": f"A muted word or phrase is up to {MUTED_WORD_MAX_LENGTH} characters."}
        )
    return word


@transaction.atomic
def muted_word_add(*, member: Member, actor: Member, word: str) -> tuple[MutedWord, bool]:
    """Add a word or phrase to ``member``'s list (case-insensitive). Returns (the row, whether it is new)."""
    _ensure_self(member=member, actor=actor)
    word = clean_muted_word(word)
    existing = MutedWord.objects.filter(member=member, word=word).first()
    if existing is not None:
        return existing, False
    if MutedWord.objects.filter(member=member).count() >= MUTED_WORDS_MAX:
        raise ValidationError(
            {"word": f"You can mute up to {MUTED_WORDS_MAX} words. Remove one to add another."}
        )
    return MutedWord.objects.create(member=member, word=word), True


@transaction.atomic
def muted_word_remove(*, member: Member, actor: Member, word_id: int) -> bool:
    _ensure_self(member=member, actor=actor)
    deleted, _ = MutedWord.objects.filter(member=member, pk=word_id).delete()
    return bool(deleted)


@transaction.atomic
def member_break_start(*, member: Member, actor: Member, days: int) -> bool:
    """Pause notifications, digests and reminders for ``days`` days (a new length replaces the old one)."""
    _ensure_self(member=member, actor=actor)
    if not isinstance(days, int) or not 1 <= days <= BREAK_DAYS_MAX:
        raise ValidationError({"days": f"Please choose between 1 and {BREAK_DAYS_MAX} days."})
    until = timezone.now() + timedelta(days=days)
    member.break_until = until
    member.save(update_fields=["break_until"])
    return True


@transaction.atomic
def member_break_end(*, member: Member, actor: Member) -> bool:
    """End a break early. Returns False if there was none going on."""
    _ensure_self(member=member, actor=actor)
    if not member.is_on_break():
        if member.break_until is not None:
            member.break_until = None
            member.save(update_fields=["break_until"])
        return False
    member.break_until = None
    member.save(update_fields=["break_until"])
    return True


@transaction.atomic
def member_peer_supporter_set(*, member: Member, actor: Member, enabled: bool) -> bool:
    """Offer (or stop offering) to be a peer supporter. Returns whether it changed."""
    _ensure_self(member=member, actor=actor)
    enabled = bool(enabled)
    if member.is_peer_supporter == enabled:
        return False
    member.is_peer_supporter = enabled
    member.save(update_fields=["is_peer_supporter"])
    return True
