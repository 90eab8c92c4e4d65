"""Pages members (not moderators) use: reporting a post, their moderation notices and appeals. Mounted
inside community's URL namespace by moderation/member_urls.py, so the "Report" link
(``community:post_report``) is unchanged."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from community import selectors
from community.views.common import post_or_404
from moderation import selectors as moderation_selectors
from moderation.forms import AppealForm, ReportForm
from moderation.services.appeals import appeal_create
from moderation.services.notices import notice_message
from moderation.services.reports import report_create


@login_required
def post_report(request: HttpRequest, post_id: int) -> HttpResponse:
    post = post_or_404(post_id, request.user)
    if post.is_deleted or not selectors.post_visible_to(post, request.user):
        raise Http404("That post is no longer available.")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = report_create(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as refusal:
            # Moderation refuses some reports (rate limit, own post) with a message meant for the reporter.
            form.add_error(None, refusal)
            return render(
                request,
                "community/report.html",
                {"post": post, "thread": post.thread, "form": form},
                status=400,
            )
        if created:
            messages.success(
                request,
                "Thank you for telling us. Your report has gone to the moderators, who read every one. "
                "Only they can see who sent it.",
            )
        else:
            messages.info(request, "You've already reported this. Thank you — it is with the moderators.")
        return redirect(post)
    return render(
        request,
        "community/report.html",
        {"post": post, "thread": post.thread, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def moderated_posts(request: HttpRequest) -> HttpResponse:
    """ "My moderated posts": every notice a member was sent about their posts or account, marked with what
    happened and where their appeal stands."""
    notices = moderation_selectors.member_notices(member=request.user)
    page = Paginator(notices, settings.HEARTH_THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "moderation/member/moderated_posts.html", {"page": page, "items": page.object_list}
    )


@login_required
def moderation_notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    """One notice: what happened, why, what they can do; the appeal form (once) or the appeal's outcome."""
    notice = moderation_selectors.member_notice(member=request.user, notice_id=notice_id)
    appeal = getattr(notice, "appeal", None)
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _, created = appeal_create(notice=notice, actor=request.user, note=form.cleaned_data["note"])
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                messages.success(
                    request,
                    "Thank you. Another moderator will look at it and we'll let you know what they decide."
                    if created
                    else "You've already asked for another look at this. We'll let you know the outcome.",
                )
                return redirect(notice)
        status = 400
    return render(
        request,
        "moderation/member/notice.html",
        {"notice": notice, "message": notice_message(notice), "appeal": appeal, "form": form},
        status=status,
    )
