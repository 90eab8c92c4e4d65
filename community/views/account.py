"""A member's own pages: notifications, preferences and the members they have muted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community import selectors
from community.forms import PreferencesForm
from community.models import Member
from community.services import members as member_services
from community.services.members import PREFERENCE_FIELDS, member_update_preferences
from community.services.notifications import notifications_mark_read
from community.views.common import add_service_errors, paginate, redirect_next

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
    return redirect_next(request, "community:notifications")


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
        {"form": form, "mutes": selectors.member_mutes(member=member)},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def member_mute(request: HttpRequest, member_id: int) -> HttpResponse:
    """Mute or unmute another member: no notifications caused by them. They are never told."""
    other = get_object_or_404(Member, pk=member_id)
    if request.POST.get("action") == "unmute":
        # Allowed even for a closed account, so an old mute can always be tidied away.
        if member_services.member_unmute(member=request.user, muted=other):
            messages.success(request, f"You'll get notifications from {other.display_name} again.")
        return redirect_next(request, "community:member", member_id=other.pk)
    if not other.is_active:
        raise Http404("No such member.")
    if other.pk == request.user.pk:
        messages.info(request, "There's no need to mute yourself: your own replies never notify you.")
        return redirect_next(request, "community:member", member_id=other.pk)
    member_services.member_mute(member=request.user, muted=other)
    messages.success(
        request,
        f"You've muted {other.display_name}. You won't get notifications when they reply, and they "
        "aren't told. Their posts still appear in threads. You can unmute them here or in your preferences.",
    )
    return redirect_next(request, "community:member", member_id=other.pk)
