"""The support panel shown privately to an author whose post carries crisis language."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from community.models import Member
from moderation.gateway import SupportPanel, SupportResource
from moderation.models import CrisisResource, SupportMessage

FALLBACK_HEADING = "You don't have to carry this alone"
FALLBACK_MESSAGE = (
    "It sounds like things are really hard right now. We're a peer community, not an emergency service: "
    "if you might be in danger, please contact one of the lines below or your local emergency number."
)


def support_panel_for(*, member: Member | None) -> SupportPanel:
    """The admin-editable message and crisis lines: the member's country first, then international ones.

    When we don't know the member's country, every active line is shown (national lines say which country
    they serve), because a short list for the wrong country helps nobody.
    """
    copy = SupportMessage.objects.order_by("id").first()
    country = (getattr(member, "country", "") or "").upper()
    resources = CrisisResource.objects.filter(active=True)
    if country:
        resources = resources.filter(country__in=[country, ""])
    # The member's own country first, other countries next, international lines last.
    whens = [When(country="", then=Value(2))]
    if country:
        whens.insert(0, When(country=country, then=Value(0)))
    resources = resources.annotate(rank=Case(*whens, default=Value(1), output_field=IntegerField())).order_by(
        "rank", "country", "position", "name"
    )
    return SupportPanel(
        heading=copy.heading if copy else FALLBACK_HEADING,
        message=copy.message if copy else FALLBACK_MESSAGE,
        resources=tuple(
            SupportResource(
                name=r.name,
                description=r.description,
                phone=r.phone,
                text=r.text,
                url=r.url,
                country=r.country,
            )
            for r in resources
        ),
    )
