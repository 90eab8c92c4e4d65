"""Moderators' decisions on detector flags: what counts as confirming or dismissing one."""

from __future__ import annotations

from moderation.models import ReviewItem

Resolution = ReviewItem.Resolution

# A resolution confirms a detector's flag when the moderator acted on what the detector saw; approving the
# post dismisses it. Anything else (a crisis flag on an item labelled off topic) says nothing either way.
CONFIRMING = {
    "crisis": {Resolution.REACHED_OUT, Resolution.ESCALATED, Resolution.HIDDEN, Resolution.DELETED},
    "spam": {Resolution.HIDDEN, Resolution.DELETED, Resolution.OFF_TOPIC},
    "off_topic": {Resolution.OFF_TOPIC, Resolution.HIDDEN, Resolution.DELETED},
}
DEFAULT_CONFIRMING = {Resolution.HIDDEN, Resolution.DELETED}


def decision_for(*, category: str, resolution: str) -> str | None:
    """"confirmed", "dismissed" or None for a detector flag of ``category`` on an item resolved so."""
    if resolution == Resolution.APPROVED:
        return "dismissed"
    if resolution in CONFIRMING.get(category, DEFAULT_CONFIRMING):
        return "confirmed"
    return None
