"""The support panel shown privately to an author whose post carries crisis language, the public page
"How we look after people here", and the reminder that keeps the crisis-line directory checked."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community.countries import country_name
from community.models import Member, OutboundMessage
from community.moderation_port import CareContent, SupportPanel, SupportResource, SupportResourceGroup
from community.rendering import render_markdown
from community.services.outbox import outbox_enqueue_email
from moderation.models import CarePage, CrisisResource, SupportMessage

FALLBACK_HEADING = "You don't have to carry this alone"
FALLBACK_MESSAGE = (
    "It sounds like things are really hard right now. We're a peer community, not an emergency service: "
    "if you might be in danger, please contact one of the lines below or your local emergency number."
)
FALLBACK_CARE_TITLE = "How we look after people here"
FALLBACK_CARE_BODY = (
    "We are a peer community, not an emergency service. If you or someone else might be in danger right "
    "now, please call your local emergency number or one of the lines below."
)
# Enough to act on without scrolling past a list; the rest is one click away, folded by country.
LINES_SHOWN = 3


def _line_key(resource: CrisisResource) -> tuple[str, str, str]:
    # The same service entered twice (as a national and an international line, or by two admins) has the
    # same name, number and link; spacing and dashes in numbers vary ("9-8-8", "988"), so compare digits.
    # Samaritans in the UK and in Ireland share 116 123 but not their website: both stay.
    digits = re.sub(r"\D", "", resource.phone)
    url = resource.url.casefold().removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return (" ".join(resource.name.casefold().split()), digits, url.rstrip("/"))


def _as_line(resource: CrisisResource) -> SupportResource:
    return SupportResource(
        name=resource.name,
        description=resource.description,
        phone=resource.phone,
        text=resource.text,
        url=resource.url,
        country=resource.country,
        country_name=country_name(resource.country) if resource.country else "Worldwide",
        hours=resource.hours,
        last_checked=resource.last_checked,
    )


def support_panel_for(*, member: Member | None = None, country: str = "") -> SupportPanel:
    """The admin-editable message and the crisis lines for one country.

    ``country`` (an ISO code) wins over ``member.country``; callers pass what they know of the reader
    (their preference, else their browser's language region). Up to three lines are shown: that
    country's own, then international ones. Every other active line follows, grouped by country, for the
    panel to fold away; a line listed twice appears once.
    """
    copy = SupportMessage.objects.order_by("id").first()
    code = (country or getattr(member, "country", "") or "").strip().upper()
    if not (len(code) == 2 and code.isalpha()):
        code = ""
    # One query over a short, admin-curated table (index crisis_resource_lookup covers active + country).
    resources = list(CrisisResource.objects.filter(active=True).order_by("country", "position", "name"))
    seen: set[tuple[str, str]] = set()
    own = [r for r in resources if code and r.country == code]
    international = [r for r in resources if not r.country]
    shown: list[SupportResource] = []
    for resource in [*own, *international]:
        key = _line_key(resource)
        if key in seen or len(shown) >= LINES_SHOWN:
            continue
        seen.add(key)
        shown.append(_as_line(resource))
    groups: dict[str, list[SupportResource]] = {}
    for resource in resources:
        key = _line_key(resource)
        if key in seen:
            continue
        seen.add(key)
        line = _as_line(resource)
        groups.setdefault(line.country_name, []).append(line)
    others = tuple(
        SupportResourceGroup(country_name=name, resources=tuple(lines))
        for name, lines in sorted(groups.items(), key=lambda item: (item[0] == "Worldwide", item[0]))
    )
    return SupportPanel(
        heading=copy.heading if copy else FALLBACK_HEADING,
        message=copy.message if copy else FALLBACK_MESSAGE,
        resources=tuple(shown),
        country=code,
        country_name=country_name(code) if code else "",
        other_groups=others,
    )


def care_page_content() -> CareContent:
    """The admin-edited page "How we look after people here", rendered (sanitised like a post)."""
    page = CarePage.objects.order_by("id").first()
    title = page.title if page else FALLBACK_CARE_TITLE
    body = page.body if page else FALLBACK_CARE_BODY
    updated_at = page.updated_at if page else None
    return CareContent(title=title, body_html=render_markdown(body), updated_at=updated_at)


# ------------------------------------------------------------------------------------------------------
# Keeping the directory honest: a line nobody has checked for a while may have changed its number.
# ------------------------------------------------------------------------------------------------------


def crisis_lines_due_for_check(*, today: date) -> list[CrisisResource]:
    """Active lines never checked, or last checked ``HEARTH_CRISIS_LINE_CHECK_DAYS`` or more days ago."""
    cutoff = today - timedelta(days=settings.HEARTH_CRISIS_LINE_CHECK_DAYS)
    return list(
        CrisisResource.objects.filter(active=True)
        .filter(Q(last_checked__isnull=True) | Q(last_checked__lte=cutoff))
        .order_by("country", "position", "name")
    )


def crisis_lines_check_remind(*, now: datetime | None = None) -> int:
    """Email every admin the lines due for a check; returns how many emails were queued.

    At most one email per admin per ISO week: the outbox's dedupe key makes a re-run, a retried task or a
    second beat a no-op, while a line still unchecked next week is mentioned again.
    """
    now = now or timezone.now()
    today = now.date()
    lines = crisis_lines_due_for_check(today=today)
    if not lines:
        return 0
    year, week, _ = today.isocalendar()
    admin_url = f"{settings.SITE_URL.rstrip('/')}{reverse('admin:moderation_crisisresource_changelist')}"
    rows = [
        {
            "name": line.name,
            "country_name": country_name(line.country) if line.country else "Worldwide",
            "last_checked": line.last_checked,
            "url": f"{settings.SITE_URL.rstrip('/')}"
            f"{reverse('admin:moderation_crisisresource_change', args=[line.pk])}",
        }
        for line in lines
    ]
    queued = 0
    with transaction.atomic():
        admins = list(
            Member.objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(is_staff=True))
            .only("id", "email", "display_name")
            .order_by("id")
        )
        keys = {admin.pk: f"crisis-lines-check:{admin.pk}:{year}-W{week:02d}" for admin in admins}
        already = set(
            OutboundMessage.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True)
        )
        for admin in admins:
            if keys[admin.pk] in already:
                continue
            outbox_enqueue_email(
                template="crisis_lines_check",
                context={
                    "admin": admin,
                    "lines": rows,
                    "days": settings.HEARTH_CRISIS_LINE_CHECK_DAYS,
                    "admin_url": admin_url,
                },
                kind="crisis_lines_check",
                to=admin.email,
                dedupe_key=keys[admin.pk],
            )
            queued += 1
    return queued
