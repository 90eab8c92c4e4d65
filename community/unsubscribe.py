"""One-click unsubscribe: signed tokens in every digest and reminder email, no login needed.

The token signs the member id and what to stop ("digest" or "reminders"). It does not expire, so a link in
an old email still works; rotating SECRET_KEY invalidates every link at once. GET shows a confirmation page
(mail scanners follow links, and must not unsubscribe anyone); POST unsubscribes. POST is exempt from CSRF
because RFC 8058 one-click unsubscribe comes from the mail provider, not from a browser with our cookie —
the secret token itself is the proof.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from community.models import DigestFrequency, Member

UNSUBSCRIBE_SALT = "hearth.unsubscribe"
SCOPES = {
    "digest": "digest emails",
    "reminders": "reminder emails about unread replies",
    "moderation": "emails about moderators' actions on your posts and your appeals",
}


def unsubscribe_token(*, member_id: int, scope: str) -> str:
    if scope not in SCOPES:
        raise ValueError(f"Unknown unsubscribe scope {scope!r}")
    return signing.dumps({"m": member_id, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, member_id: int, scope: str) -> str:
    token = unsubscribe_token(member_id=member_id, scope=scope)
    return f"{settings.SITE_URL}{reverse('community:unsubscribe', kwargs={'token': token})}"


def unsubscribe_headers(*, member_id: int, scope: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail providers show an "Unsubscribe" button that POSTs to the URL."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(member_id=member_id, scope=scope)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") not in SCOPES or not isinstance(data.get("m"), int):
        return None
    return data["m"], data["s"]


@transaction.atomic
def member_unsubscribe(*, member_id: int, scope: str) -> bool:
    """Stop digests or unread reminders for a member. Returns whether anything changed."""
    members = Member.objects.filter(pk=member_id)
    if scope == "digest":
        return bool(members.exclude(digest_frequency=DigestFrequency.OFF).update(
            digest_frequency=DigestFrequency.OFF
        ))
    if scope == "moderation":
        # In-site notices still come: only the emails stop.
        return bool(members.filter(moderation_emails=True).update(moderation_emails=False))
    return bool(members.filter(unread_reminders=True).update(unread_reminders=False))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    parsed = unsubscribe_read(token)
    if parsed is None:
        return render(request, "email/pages/unsubscribe.html", {"invalid": True}, status=400)
    member_id, scope = parsed
    member = Member.objects.filter(pk=member_id).only("pk").first()
    if member is None:
        return render(request, "email/pages/unsubscribe.html", {"invalid": True}, status=400)
    context = {"scope_label": SCOPES[scope], "token": token, "done": False}
    if request.method == "POST":
        member_unsubscribe(member_id=member_id, scope=scope)
        context["done"] = True
    return render(request, "email/pages/unsubscribe.html", context)
