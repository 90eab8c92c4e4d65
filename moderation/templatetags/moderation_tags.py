"""Template helpers for the moderation pages."""

from __future__ import annotations

import re
from datetime import timedelta

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text: str, evidence) -> SafeString:
    """Escape ``text`` and mark every evidence span (strings, or flags carrying ``evidence``) found in it."""
    escaped = escape(text or "")
    if evidence and hasattr(next(iter(evidence)), "evidence"):
        evidence = all_evidence(evidence)
    spans = sorted(
        {str(e).strip() for e in (evidence or []) if len(str(e).strip()) >= 2}, key=len, reverse=True
    )
    if not spans:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(escape(s)) for s in spans), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308


@register.filter
def all_evidence(flags) -> list[str]:
    return [e for f in flags for e in (f.evidence or [])]


@register.filter
def duration(value: timedelta | None) -> str:
    """A short human duration: "3 min", "2 h 5 min", "4 days"."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key) if mapping else None
