"""Guest replies (no account) and the confirmation link they receive by email."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import BaseThrottle

from community.care import support_panel_for_request
from community.forms import GuestReplyForm
from community.models import Post, Thread
from community.services import guests
from community.views.common import add_service_errors, denied, thread_or_404

# Guest ids whose confirmation link was confirmed in this browser: proof that its user reads that inbox.
CONFIRMED_GUESTS_SESSION_KEY = "hearth_confirmed_guests"
# Enough for a shared family computer; keeps the session small.
CONFIRMED_GUESTS_KEPT = 10


def _proven_guest_ids(request: HttpRequest) -> list[int]:
    value = request.session.get(CONFIRMED_GUESTS_SESSION_KEY, [])
    return [i for i in value if isinstance(i, int)] if isinstance(value, list) else []


def _remember_proven_guest(request: HttpRequest, guest_id: int) -> None:
    ids = [i for i in _proven_guest_ids(request) if i != guest_id]
    request.session[CONFIRMED_GUESTS_SESSION_KEY] = [*ids, guest_id][-CONFIRMED_GUESTS_KEPT:]


def _client_ip(request: HttpRequest) -> str:
    # The API throttles' rule for the client address (HEARTH_API_NUM_PROXIES trusted proxies).
    return BaseThrottle().get_ident(request) or ""


def _parent(request: HttpRequest, thread: Thread) -> Post | None:
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    if not parent_id:
        return None
    if not (parent_id.isascii() and parent_id.isdigit()):  # "abc" is a missing reply, not a server error
        raise Http404("That reply is no longer available.")
    parent = (
        Post.objects.select_related("author", "guest")
        .filter(pk=int(parent_id), thread=thread, status=Post.Status.PUBLISHED, deleted_at__isnull=True)
        .first()
    )
    if parent is None:
        raise Http404("That reply is no longer available.")
    return parent


def guest_reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = thread_or_404(thread_id)
    if request.user.is_authenticated:
        # Members reply with their account; keep the chosen parent (a number, or nothing).
        parent_id = request.GET.get("parent", "")
        query = f"?parent={parent_id}" if parent_id.isascii() and parent_id.isdigit() else ""
        return redirect(f"{thread.get_absolute_url()}reply/{query}")
    if not thread.space.allow_guest_replies:
        return denied(
            request,
            "Only members can reply in this space. You're welcome to join: it only takes an email address.",
            title="Members only here",
        )
    if thread.is_closed:
        return _closed(request, thread)
    parent = _parent(request, thread)
    form = GuestReplyForm(request.POST or None, initial={"parent": parent.pk if parent else None})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = guests.guest_reply_create(
                thread=thread,
                name=data["name"],
                email=data["email"],
                body=data["body"],
                parent=parent,
                proven_guest_ids=_proven_guest_ids(request),
                client_ip=_client_ip(request),
            )
        except guests.GuestReplyThrottled as exc:
            return _throttled(request, thread, form, exc)
        except PermissionDenied as exc:
            thread.refresh_from_db(fields=["is_closed", "closed_reason"])
            if thread.is_closed:  # closed by a moderator while this request was on its way
                return _closed(request, thread)
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            support_panel = support_panel_for_request(request) if result.screening.show_support else None
            return render(
                request,
                "community/guest_reply_sent.html",
                {
                    "thread": thread,
                    "confirmation": result.confirmation,
                    "max_age_days": settings.HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS,
                    "support_panel": support_panel,
                },
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "community/guest_reply.html",
        {"thread": thread, "parent": parent, "form": form},
        status=status,
    )


def _closed(request: HttpRequest, thread: Thread) -> HttpResponse:
    """Refuse the reply but show back what the guest wrote, so closing the thread loses nothing."""
    form = GuestReplyForm(request.POST or None)
    return render(
        request, "community/guest_reply.html", {"thread": thread, "parent": None, "form": form}, status=403
    )


def _throttled(
    request: HttpRequest, thread: Thread, form: GuestReplyForm, exc: guests.GuestReplyThrottled
) -> HttpResponse:
    """429 "try again later", with what they wrote shown back and the support lines: a guest who is
    turned away may be the one person here who needs them most."""
    minutes = max(1, (exc.retry_after + 59) // 60)
    response = render(
        request,
        "community/guest_reply_throttled.html",
        {
            "thread": thread,
            "body": form.cleaned_data.get("body", ""),
            "retry_minutes": minutes,
            "support_panel": support_panel_for_request(request),
        },
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def guest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what is being confirmed and a button; only the button's POST confirms.

    Mail scanners and link previews open every link in an email; they must not confirm anything.
    """
    if request.method != "POST":
        try:
            post = guests.guest_confirmation_post(token=token)
        except ValidationError as exc:
            return render(request, "community/guest_confirmed.html", {"error": exc.messages[0]}, status=400)
        return render(request, "community/guest_confirm.html", {"post": post, "thread": post.thread})
    try:
        confirmation = guests.guest_confirm(token=token)
    except ValidationError as exc:
        return render(request, "community/guest_confirmed.html", {"error": exc.messages[0]}, status=400)
    _remember_proven_guest(request, confirmation.guest.pk)
    return render(request, "community/guest_confirmed.html", {"confirmation": confirmation})
