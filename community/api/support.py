"""The support panel as API data: one shape for the post-write answer and ``GET /api/v1/support/``."""

from __future__ import annotations

from dataclasses import asdict

from django.urls import reverse
from rest_framework.request import Request

from community import moderation_port

SUPPORT_LINE_EXAMPLE = {
    "name": "Need to talk? 1737",
    "description": "Free call or text, any time, to talk with a trained counsellor.",
    "phone": "1737",
    "text": "1737",
    "url": "https://1737.org.nz",
    "country": "NZ",
    "country_name": "New Zealand",
    "hours": "Any time, day or night",
    "last_checked": "2026-10-02",
}
SUPPORT_EXAMPLE = {
    "heading": "You don't have to carry this alone",
    "message": "Thank you for putting this into words. It sounds like things are really hard right now.",
    "country": "NZ",
    "country_name": "New Zealand",
    "resources": [
        SUPPORT_LINE_EXAMPLE,
        {
            "name": "Find A Helpline",
            "description": "Free, confidential helplines in many countries, searchable by what you need.",
            "phone": "",
            "text": "",
            "url": "https://findahelpline.com",
            "country": "",
            "country_name": "Worldwide",
            "hours": "Website, open any time (each line lists its own hours)",
            "last_checked": None,
        },
    ],
    "other_groups": [
        {
            "country_name": "Australia",
            "resources": [
                {
                    "name": "Lifeline",
                    "description": "Call any time for crisis support.",
                    "phone": "13 11 14",
                    "text": "",
                    "url": "https://www.lifeline.org.au",
                    "country": "AU",
                    "country_name": "Australia",
                    "hours": "Any time, day or night",
                    "last_checked": "2026-09-12",
                }
            ],
        }
    ],
    "care_url": "http://127.0.0.1:8000/how-we-look-after-people/",
}


def support_panel_data(request: Request, panel: moderation_port.SupportPanel) -> dict:
    data = asdict(panel)  # nested dataclasses become dicts; dates stay dates for the serializer
    data["care_url"] = request.build_absolute_uri(reverse("community:care"))
    return data
