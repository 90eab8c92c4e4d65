"""Pages members (not moderators) use: reporting a post. Mounted inside community's URL namespace by
moderation/member_urls.py, so the "Report" link (``community:post_report``) is unchanged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from community import selectors
from community.views.common import post_or_404
from moderation.forms import ReportForm
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
