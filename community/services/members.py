"""A member's own settings: preferences and mutes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from community.countries import COUNTRY_NAMES
from community.models import DigestFrequency, Member, MemberMute
from community.models.members import validate_timezone

PREFERENCE_FIELDS = (
    "display_name",
    "timezone",
    "country",
    "digest_frequency",
    "unread_reminders",
    "moderation_emails",
    "bio",
)


@transaction.atomic
def member_update_preferences(
    *,
    member: Member,
    display_name: str,
    timezone: str,
    country: str = "",
    digest_frequency: str = DigestFrequency.WEEKLY,
    unread_reminders: bool = True,
    moderation_emails: bool = True,
    bio: str = "",
) -> bool:
    """Save a member's preferences (ValidationError by field on bad input); returns whether any changed."""
    errors: dict[str, str] = {}
    display_name = (display_name or "").strip()
    if not display_name:
        errors["display_name"] = "Please choose a name other members will see. A pseudonym is fine."
    elif len(display_name) > 50:
        errors["display_name"] = "Display names can be up to 50 characters."
    try:
        validate_timezone(timezone)
    except ValidationError as exc:
        errors["timezone"] = exc.messages[0]
    country = (country or "").strip().upper()
    if country and country not in COUNTRY_NAMES:
        errors["country"] = "Please choose a country from the list, or leave it blank."
    if digest_frequency not in DigestFrequency.values:
        errors["digest_frequency"] = "Please choose how often you would like a digest."
    if len(bio or "") > 1000:
        errors["bio"] = "A short bio is up to 1,000 characters."
    if errors:
        raise ValidationError(errors)
    values = {
        "display_name": display_name,
        "timezone": timezone,
        "country": country,
        "digest_frequency": digest_frequency,
        "unread_reminders": bool(unread_reminders),
        "moderation_emails": bool(moderation_emails),
        "bio": (bio or "").strip(),
    }
    changed = [name for name, value in values.items() if getattr(member, name) != value]
    for name in changed:
        setattr(member, name, values[name])
    if changed:
        member.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def member_mute(*, member: Member, muted: Member) -> bool:
    """Stop seeing notifications caused by ``muted``. Returns False if already muted."""
    if member.pk == muted.pk:
        raise ValidationError("You can't mute yourself.")
    _, created = MemberMute.objects.get_or_create(member=member, muted=muted)
    return created


@transaction.atomic
def member_unmute(*, member: Member, muted: Member) -> bool:
    deleted, _ = MemberMute.objects.filter(member=member, muted=muted).delete()
    return bool(deleted)
