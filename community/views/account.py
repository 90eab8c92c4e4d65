"""A member's own pages: notifications and preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community import selectors
from community.forms import PreferencesForm
from community.services.members import PREFERENCE_FIELDS, member_update_preferences
from community.services.notifications import notifications_mark_read
from community.views.common import add_service_errors, paginate

NOTIFICATIONS_PER_PAGE = 30


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.member_notifications(member=request.user), NOTIFICATIONS_PER_PAGE)
    return render(request, "community/notifications.html", {"page": page, "items": page.object_list})


@require_POST
@login_required
def notification_read(request: HttpRequest) -> HttpResponse:
    if request.POST.get("all"):
        count = notifications_mark_read(member=request.user)
        messages.success(request, "All caught up." if count else "Nothing new to mark.")
    else:
        try:
            ids = [int(request.POST["id"])]
        except (KeyError, ValueError):
            ids = []
        notifications_mark_read(member=request.user, ids=ids)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("community:notifications")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    member = request.user
    initial = {name: getattr(member, name) for name in PREFERENCE_FIELDS}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member_update_preferences(member=member, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your preferences are saved.")
            return redirect("community:preferences")
    return render(
        request,
        "community/preferences.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
