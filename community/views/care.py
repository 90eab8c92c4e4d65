"""The public page "How we look after people here": what happens to a post about suicide or self-harm."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community import moderation_port
from community.care import support_panel_for_request


def care_page(request: HttpRequest) -> HttpResponse:
    """Public, no sign-in: someone worried about posting should be able to read it first."""
    return render(
        request,
        "community/care.html",
        {"care": moderation_port.care_page(), "support_panel": support_panel_for_request(request)},
    )
