"""A member's own pages: notifications, preferences, muted members, and their data (export, deletion)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from community import selectors
from community.forms import (
    AccountDeletionForm,
    BreakForm,
    MutedWordForm,
    PeerSupporterForm,
    PreferencesForm,
)
from community.models import Member
from community.services import member_data
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
        {
            "form": form,
            "mutes": selectors.member_mutes(member=member),
            # Gentle tools for readers (issue 14): each posts to its own view (community/views/gentle.py).
            "muted_words": selectors.member_muted_words(member=member),
            "muted_word_form": MutedWordForm(),
            "break_form": BreakForm(),
            "on_break": member.is_on_break(),
            "peer_supporter_form": PeerSupporterForm(initial={"is_peer_supporter": member.is_peer_supporter}),
        },
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


# ------------------------------------------------------------------------------------------------------
# Your data: a copy of it, and deleting your account
# ------------------------------------------------------------------------------------------------------

EXPORTS_PER_PAGE = 10


@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    member = request.user
    page = paginate(request, member_data.exports_for(member=member), EXPORTS_PER_PAGE)
    form = AccountDeletionForm(request.POST or None, initial={"keep_posts": "keep"})
    status = 200
    if request.method == "POST" and request.POST.get("action") == "delete" and form.is_valid():
        try:
            member_data.member_deletion_request(
                member=member,
                actor=member,
                password=form.cleaned_data["password"],
                keep_posts=form.cleaned_data["keep_posts"] == "keep",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            due = member_data.deletion_due_at(member)
            messages.info(
                request,
                f"Your account will be deleted on {date_format(due, 'j F Y')}. If you change your mind, just "
                "sign in before then.",
            )
            # Signed out now, so the next sign-in is a decision to stay (it cancels the deletion).
            logout(request)
            return redirect("community:home")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "community/account_data.html",
        {
            "page": page,
            "exports": page.object_list,
            "form": form,
            "due_at": member_data.deletion_due_at(member),
            "link_days": settings.HEARTH_DATA_EXPORT_LINK_DAYS,
            "grace_days": settings.HEARTH_ACCOUNT_DELETION_GRACE_DAYS,
        },
        status=status,
    )


@require_POST
@login_required
def data_export_request(request: HttpRequest) -> HttpResponse:
    _, created = member_data.member_export_request(member=request.user, actor=request.user)
    if created:
        messages.success(request, "We're putting your data together. We'll email you a link when it's ready.")
    else:
        messages.info(request, "Your copy is already being prepared. We'll email you when it's ready.")
    return redirect("community:account_data")


@require_POST
@login_required
def account_deletion_cancel(request: HttpRequest) -> HttpResponse:
    if member_data.member_deletion_cancel(member=request.user, actor=request.user):
        messages.success(request, "Your account will not be deleted. We're glad you're staying.")
    return redirect("community:account_data")


@login_required
def data_export_download(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: signed, expiring, and only for the member it was made for (signed in)."""
    export = member_data.export_from_token(token)
    mine = export is not None and export.member_id == request.user.pk
    if not mine or not member_data.export_is_downloadable(export):
        return render(request, "community/data_export_expired.html", status=404)
    response = HttpResponse(bytes(export.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="hearth-data-{export.ready_at:%Y-%m-%d}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
