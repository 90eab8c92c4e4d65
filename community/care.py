"""Which crisis lines to show a reader: one rule for members and guests, for pages and the API."""

from __future__ import annotations

from django.http import HttpRequest

from community import moderation_port
from community.countries import COUNTRY_NAMES


def country_from_accept_language(header: str) -> str:
    """The region of the browser's most preferred language that names a country ("en-NZ" -> "NZ").

    Tags are taken in q order (ties keep the header's order); "es-419" (a UN region, not a country) and
    tags without a region are skipped. Empty when no tag names a country we know.
    """
    tags: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        tags.append((-quality, index, tag.strip()))
    for negative_quality, _, tag in sorted(tags):
        if negative_quality >= 0:  # q=0 means "not acceptable"
            continue
        for subtag in tag.split("-")[1:]:
            region = subtag.upper()
            if len(region) == 2 and region in COUNTRY_NAMES:
                return region
    return ""


def reader_country(request: HttpRequest) -> str:
    """The member's country preference; otherwise (or for a guest) their browser's language region."""
    user = getattr(request, "user", None)
    country = getattr(user, "country", "") if user is not None and user.is_authenticated else ""
    return country or country_from_accept_language(request.headers.get("Accept-Language", ""))


def support_panel_for_request(request: HttpRequest) -> moderation_port.SupportPanel:
    """The support panel with the lines for the reader's country (see :func:`reader_country`)."""
    user = request.user if request.user.is_authenticated else None
    return moderation_port.support_panel(member=user, country=reader_country(request))
