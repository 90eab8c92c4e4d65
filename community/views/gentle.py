"""Gentle tools for readers (reactions, warnings, muted words, breaks) and posts waiting for a reply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from community import selectors
from community.forms import BreakForm, ContentWarningForm, MutedWordForm, PeerSupporterForm
from community.models import ReactionKind
from community.services import content_warnings, preferences, reactions
from community.views.common import add_service_errors, denied, paginate, post_or_404, redirect_next

REACTORS_PER_PAGE = 50
WAITING_PER_PAGE = 20


@require_POST
@login_required
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    """A reaction button: adds the reaction, or takes it back if it was there. Back to the post after."""
    post = post_or_404(post_id, request.user)
    kind = request.POST.get("kind", "")
    if kind not in ReactionKind.values:
        return denied(request, "Please choose one of the reactions under the post.")
    try:
        reactions.reaction_toggle(post=post, actor=request.user, kind=kind)
    except PermissionDenied as exc:
        return denied(request, str(exc))
    return redirect(post)


@login_required
def post_reactions(request: HttpRequest, post_id: int) -> HttpResponse:
    """Who responded to a post, and how: for its author only."""
    post = post_or_404(post_id, request.user)
    if post.author_id != request.user.pk:
        return denied(request, "Only the author of a post sees who responded to it.")
    page = paginate(request, selectors.post_reactors(post=post), REACTORS_PER_PAGE)
    return render(
        request,
        "community/post_reactions.html",
        {"post": post, "thread": post.thread, "page": page, "reactions": page.object_list},
    )


@login_required
def post_content_warning(request: HttpRequest, post_id: int) -> HttpResponse:
    post = post_or_404(post_id, request.user)
    if not content_warnings.can_set_warning(post=post, member=request.user):
        return denied(request, "Only the author or a moderator can add a content warning to this post.")
    form = ContentWarningForm(request.POST or None, initial={"content_warning": post.content_warning})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changed = content_warnings.post_content_warning_set(
                    post=post, actor=request.user, warning=form.cleaned_data["content_warning"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if changed:
                    messages.success(
                        request,
                        "The content warning is saved."
                        if post.content_warning
                        else "The warning is removed.",
                    )
                return redirect(post)
    return render(
        request,
        "community/post_content_warning.html",
        {
            "post": post,
            "thread": post.thread,
            "form": form,
            "is_moderating": post.author_id != request.user.pk,
        },
        status=status,
    )


@require_POST
@login_required
def muted_words(request: HttpRequest) -> HttpResponse:
    """Add a muted word (``word``) or remove one (``remove`` = its id), then back to the preferences."""
    member = request.user
    if "remove" in request.POST:
        try:
            word_id = int(request.POST["remove"])
        except ValueError:
            word_id = 0
        if preferences.muted_word_remove(member=member, actor=member, word_id=word_id):
            messages.success(request, "That word is no longer muted.")
        return redirect_next(request, "community:preferences")
    form = MutedWordForm(request.POST)
    if form.is_valid():
        try:
            _, created = preferences.muted_word_add(
                member=member, actor=member, word=form.cleaned_data["word"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Muted. Posts with it are folded for you." if created else "Already muted."
            )
            return redirect_next(request, "community:preferences")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect_next(request, "community:preferences")


@require_POST
@login_required
def take_a_break(request: HttpRequest) -> HttpResponse:
    member = request.user
    if request.POST.get("action") == "end":
        if preferences.member_break_end(member=member, actor=member):
            messages.success(request, "Welcome back. Notifications and digests are on again.")
        return redirect_next(request, "community:preferences")
    form = BreakForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose how long your break should be.")
        return redirect_next(request, "community:preferences")
    preferences.member_break_start(member=member, actor=member, days=form.cleaned_data["days"])
    until = date_format(member.break_until, "j F")
    messages.success(
        request,
        f"Enjoy your break. No notifications, digests or reminders until {until}. You can come back "
        "early from your preferences at any time.",
    )
    return redirect_next(request, "community:preferences")


@require_POST
@login_required
def peer_supporter(request: HttpRequest) -> HttpResponse:
    member = request.user
    form = PeerSupporterForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("is_peer_supporter"))
    if preferences.member_peer_supporter_set(member=member, actor=member, enabled=enabled):
        messages.success(
            request,
            "Thank you. Posts waiting for a reply are on the Waiting page."
            if enabled
            else "You're no longer shown posts waiting for a reply.",
        )
    return redirect_next(request, "community:preferences")


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    """Posts in support spaces still waiting for a first reply, for members who offered to help."""
    if not request.user.is_active:
        raise Http404
    if not selectors.viewer_sees_waiting_posts(request.user):
        return render(request, "community/waiting.html", {"opted_in": False})
    posts = selectors.posts_waiting_for_reply(exclude_author_id=request.user.pk)
    page = paginate(request, posts, WAITING_PER_PAGE)
    return render(
        request, "community/waiting.html", {"opted_in": True, "page": page, "posts": page.object_list}
    )
