"""Moderator pages. Anyone who cannot moderate gets 404: the queue's existence is not advertised."""

from __future__ import annotations

import csv
from datetime import timedelta
from functools import wraps

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community.models import Member, Thread
from community.services import threads as thread_services
from moderation import dashboard as moderation_dashboard
from moderation import forms, selectors
from moderation.models import Flag, FollowUp, Lane, ModeratorProfile, ReviewItem, Sanction
from moderation.services import alerts, care, follow_ups, notes, review_items
from moderation.services import appeals as appeals_services
from moderation.services import posts as moderation_posts
from moderation.services import sanctions as sanction_services
from moderation.services import threads as moderation_threads
from moderation.services.notices import notice_message
from moderation.services.queue import ClaimedByOther, claim_is_live, review_item_claim, review_item_release


def moderator_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.can_moderate):
            raise Http404()
        return view(request, *args, **kwargs)

    return wrapper


def _item_or_404(request: HttpRequest, item_id: int) -> ReviewItem:
    item = (
        selectors.scoped(ReviewItem.objects.filter(pk=item_id), request.user).select_related("post").first()
    )
    if item is None:
        raise Http404("No such review item.")
    return item


_URL_PLACEHOLDER = 2147483646  # an id no row has, replaced by each item's id
EXCERPT_CHARS = 300


def _excerpt(body: str) -> str:
    """What ``truncatechars:300`` gives; ASCII text (most posts) skips Truncator's per-character loop."""
    if body.isascii():
        return body if len(body) <= EXCERPT_CHARS else body[: EXCERPT_CHARS - 1] + "…"
    return Truncator(body).chars(EXCERPT_CHARS)


def _tags(flags) -> list[str]:
    """One tag per kind of reason: a crisis phrase found by the lexicon and again by the embedding pass,
    or several member reports, are one reason to look, not two tags."""
    tags: dict[str, None] = {}
    for flag in flags:
        tag = flag.get_category_display()
        if flag.severity:
            tag += f" · {flag.severity}"
        if flag.source == Flag.Source.MEMBER:
            tag += " · report"
        tags[tag] = None
    return list(tags)


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    # The moderator's space limits, read once for the filter, the list and the lane counts.
    space_ids = selectors.moderator_space_ids(request.user)
    spaces = selectors.spaces_for_filter(moderator=request.user, space_ids=space_ids)
    form = forms.QueueFilterForm(request.GET or None, spaces=spaces)
    data = form.cleaned_data if form.is_valid() else {}
    lane = data.get("lane") or Lane.SAFETY
    now = timezone.now()
    items = selectors.queue_items(
        moderator=request.user,
        lane=lane,
        space_id=data.get("space"),
        category=data.get("category", ""),
        age=data.get("age", ""),
        claimed=data.get("claimed", ""),
        now=now,
        space_ids=space_ids,
    )
    page = selectors.queue_page(
        items=items, page_number=request.GET.get("page"), per_page=settings.HEARTH_REVIEW_PAGE_SIZE
    )
    # Per-row values worked out here rather than by template filters: the row loop is most of the page's
    # rendering time, and the item URL differs between rows only by the id.
    item_url = reverse("moderation:item", kwargs={"item_id": _URL_PLACEHOLDER})
    rows = [
        {
            "item": item,
            "claimed": claim_is_live(item, now=now),
            "url": item_url.replace(str(_URL_PLACEHOLDER), str(item.pk)),
            "excerpt": _excerpt(item.post.body),
            "tags": _tags(item.live_flags),
        }
        for item in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/queue.html",
        {
            "lane": lane,
            "lanes": Lane.choices,
            "counts": selectors.lane_counts(moderator=request.user, space_ids=space_ids),
            "appeal_count": selectors.appeals_open_count(space_ids=space_ids),
            "care": care.moderator_care(member_id=request.user.pk, now=now),
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "now": now,
        },
    )


@moderator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = forms.DashboardRangeForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rng = moderation_dashboard.date_range(data.get("start"), data.get("end"))
    wanted = request.GET.get("csv")
    if wanted:
        if wanted not in moderation_dashboard.CHARTS:
            raise Http404()
        (chart,) = moderation_dashboard.dashboard_charts(moderator=request.user, rng=rng, only=wanted)
        return _csv(chart, rng)
    space_ids = selectors.moderator_space_ids(request.user)
    board = selectors.dashboard(moderator=request.user, space_ids=space_ids)
    charts = moderation_dashboard.dashboard_charts(moderator=request.user, rng=rng)
    query = f"start={rng.start.isoformat()}&end={rng.end.isoformat()}"
    return render(
        request,
        "moderation/dashboard.html",
        {
            "board": board,
            "lanes": Lane.choices,
            "now": timezone.now(),
            "form": forms.DashboardRangeForm(initial={"start": rng.start, "end": rng.end}),
            "range": rng,
            "charts": charts,
            "query": query,
        },
    )


def _csv(chart, rng) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"hearth-{chart.key}-{rng.start.isoformat()}-{rng.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(chart.columns)
    # A cell starting with = + - @ would run as a formula in a spreadsheet; space names are member-chosen.
    writer.writerows([_cell(value) for value in row] for row in chart.rows)
    return response


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@moderator_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    detail = selectors.item_detail(moderator=request.user, item_id=item_id)
    item = detail.item
    reasons = selectors.moderation_reasons()  # one read for every form on the page
    return render(
        request,
        "moderation/item.html",
        {
            "detail": detail,
            "item": item,
            "post": item.post,
            "claimed": claim_is_live(item),
            "claimed_by_me": claim_is_live(item) and item.claimed_by_id == request.user.pk,
            "reason_form": forms.ReasonForm(),
            "told_why_form": forms.ToldWhyForm(reasons=reasons),
            "note_form": forms.NoteRequiredForm(),
            "edit_form": forms.EditPostForm(initial={"body": item.post.body}, reasons=reasons),
            "warn_form": forms.WarnForm(),
            "silence_form": forms.SilenceForm(reasons=reasons),
            "suspend_form": forms.SuspendForm(reasons=reasons),
            "moderator_note_form": forms.ModeratorNoteForm(),
            "follow_up_form": forms.FollowUpForm(),
            "open_follow_up": next((f for f in detail.follow_ups if f.is_open), None),
        },
    )


@require_POST
@moderator_required
def item_follow_up(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    follow_up = FollowUp.objects.filter(item=item, outcome="").order_by("-due_at").first()
    if follow_up is None:
        messages.info(request, "There is no check-in waiting on this item.")
        return redirect(item)
    form = forms.FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose how the check-in went.")
        return redirect(item)
    changed = follow_ups.follow_up_record(
        follow_up=follow_up, actor=request.user, outcome=form.cleaned_data["outcome"],
        note=form.cleaned_data["note"],
    )  # fmt: skip
    messages.success(
        request, "Check-in recorded. Thank you." if changed else "That check-in was already recorded."
    )
    return redirect(item)


@require_POST
@moderator_required
def item_claim(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    try:
        changed = review_item_claim(item=item, actor=request.user)
    except ClaimedByOther as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, "You've claimed this item." if changed else "You already have this item.")
    return redirect(item)


@require_POST
@moderator_required
def item_release(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    if review_item_release(item=item, actor=request.user):
        messages.success(request, "Released back to the queue.")
    return redirect(item)


def _do(action: str, item: ReviewItem, moderator: Member, data: dict) -> bool:
    post_author = item.post.author
    match action:
        case "approve":
            return review_items.review_item_approve(item=item, actor=moderator, reason=data["reason"])
        case "off_topic" | "hide" | "delete":
            service = {
                "off_topic": review_items.review_item_label_off_topic,
                "hide": review_items.review_item_hide,
                "delete": review_items.review_item_delete,
            }[action]
            return service(
                item=item,
                actor=moderator,
                reason=data["reason"],
                member_reason=data["member_reason"],
                member_line=data["member_line"],
            )
        case "lock":
            return moderation_threads.review_item_close_thread(
                item=item, actor=moderator, reason=data["reason"]
            )
        case "reached_out":
            return review_items.review_item_mark_reached_out(item=item, actor=moderator, note=data["note"])
        case "escalated":
            return review_items.review_item_mark_escalated(item=item, actor=moderator, note=data["note"])
        case "edit":
            return moderation_posts.review_item_edit_post(
                item=item,
                actor=moderator,
                body=data["body"],
                note=data["note"],
                member_reason=data["member_reason"],
            )
        case "warn":
            return sanction_services.review_item_warn_author(
                item=item, actor=moderator, message=data["message"]
            )
        case "silence" | "suspend":
            if post_author is None:
                raise ValidationError("This post has no member account.")
            sanction = (
                sanction_services.member_silence if action == "silence" else sanction_services.member_suspend
            )
            return sanction(
                member=post_author,
                actor=moderator,
                days=data["days"],
                reason=data["reason"],
                item=item,
                member_reason=data["member_reason"],
            )
    raise Http404()


ACTION_FORMS = {
    "approve": forms.ReasonForm,
    "off_topic": forms.ToldWhyForm,
    "hide": forms.ToldWhyForm,
    "delete": forms.ToldWhyForm,
    "lock": forms.ReasonForm,
    "reached_out": forms.NoteRequiredForm,
    "escalated": forms.NoteRequiredForm,
    "edit": forms.EditPostForm,
    "warn": forms.WarnForm,
    "silence": forms.SilenceForm,
    "suspend": forms.SuspendForm,
}
RESOLVING = {"approve", "off_topic", "hide", "delete", "reached_out", "escalated"}
DONE_MESSAGES = {
    "approve": "Approved.",
    "off_topic": "Labelled off topic.",
    "hide": "Post hidden.",
    "delete": "Post removed.",
    "lock": "Thread locked.",
    "reached_out": "Marked as reached out.",
    "escalated": "Marked as escalated.",
    "edit": "Post edited.",
    "warn": "Message sent to the author.",
    "silence": "Member silenced.",
    "suspend": "Member suspended.",
}


@require_POST
@moderator_required
def item_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    if action not in ACTION_FORMS:
        raise Http404()
    item = _item_or_404(request, item_id)
    form = ACTION_FORMS[action](request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"That didn't go through: {errors}")
        return redirect(item)
    try:
        changed = _do(action, item, request.user, form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect(item)
    messages.success(
        request, DONE_MESSAGES[action] if changed else "Nothing to change: that was already done."
    )
    if action in RESOLVING:
        item.refresh_from_db(fields=["lane"])
        return redirect(f"{reverse('moderation:queue')}?lane={item.lane}")
    return redirect(item)


class ThreadLockForm(django_forms.Form):
    # Thread.closed_reason holds 200 characters and is shown to everyone: refuse rather than cut it short.
    reason = django_forms.CharField(required=False, max_length=200)


def _thread_or_404(request: HttpRequest, thread_id: int) -> Thread:
    """The thread, when this moderator may act on it (space-limited moderators only in their spaces)."""
    thread = selectors.scoped(Thread.objects.filter(pk=thread_id), request.user, via="space_id").first()
    if thread is None:
        raise Http404("No such thread.")
    return thread


def _thread_action(request: HttpRequest, thread_id: int, *, close: bool) -> HttpResponse:
    thread = _thread_or_404(request, thread_id)
    form = ThreadLockForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"That didn't go through: {errors}")
        return redirect(thread)
    # community's services check the space scope and announce the change; moderation's receivers audit it.
    service = thread_services.thread_close if close else thread_services.thread_reopen
    changed = service(thread=thread, actor=request.user, reason=form.cleaned_data["reason"])
    if not changed:
        messages.info(request, f"Nothing to change: the thread was already {'closed' if close else 'open'}.")
    elif close:
        messages.success(request, "Thread closed to new replies.")
    else:
        messages.success(request, "Thread reopened: people can reply again.")
    return redirect(thread)


# 404 comes before 405: a member probing the URL learns nothing about it.
@moderator_required
@require_POST
def thread_close(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _thread_action(request, thread_id, close=True)


@moderator_required
@require_POST
def thread_reopen(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _thread_action(request, thread_id, close=False)


@moderator_required
def member_record(request: HttpRequest, member_id: int) -> HttpResponse:
    record = selectors.member_record(member_id=member_id, moderator=request.user)
    reasons = selectors.moderation_reasons()
    return render(
        request,
        "moderation/member.html",
        {
            "record": record,
            "now": timezone.now(),
            "note_form": forms.ModeratorNoteForm(),
            "silence_form": forms.SilenceForm(reasons=reasons),
            "suspend_form": forms.SuspendForm(reasons=reasons),
        },
    )


@require_POST
@moderator_required
def member_action(request: HttpRequest, member_id: int, action: str) -> HttpResponse:
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise Http404()
    target = reverse("moderation:member", kwargs={"member_id": member_id})
    form_class = {
        "note": forms.ModeratorNoteForm,
        "silence": forms.SilenceForm,
        "suspend": forms.SuspendForm,
    }.get(action)
    if form_class is None:
        raise Http404()
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Please check the form: " + "; ".join(e for v in form.errors.values() for e in v)
        )
        return redirect(target)
    data = form.cleaned_data
    try:
        if action == "note":
            notes.moderator_note_add(member=member, actor=request.user, body=data["body"])
            messages.success(request, "Note saved.")
        else:
            sanction = (
                sanction_services.member_silence if action == "silence" else sanction_services.member_suspend
            )
            changed = sanction(
                member=member,
                actor=request.user,
                days=data["days"],
                reason=data["reason"],
                member_reason=data["member_reason"],
            )
            messages.success(request, "Done." if changed else "An equal or longer one is already in force.")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(target)


@require_POST
@moderator_required
def sanction_revoke(request: HttpRequest, sanction_id: int) -> HttpResponse:
    sanction = Sanction.objects.select_related("member").filter(pk=sanction_id).first()
    if sanction is None:
        raise Http404()
    if sanction_services.sanction_revoke(
        sanction=sanction, actor=request.user, reason=request.POST.get("reason", "")
    ):
        messages.success(request, "Lifted.")
    return redirect("moderation:member", member_id=sanction.member_id)


@moderator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    def as_int(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    entries = selectors.audit_log(
        moderator=request.user, actor_id=as_int("actor"), member_id=as_int("member"), item_id=as_int("item")
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "moderation/audit_log.html", {"page": page})


@moderator_required
def duty(request: HttpRequest) -> HttpResponse:
    """Go on or off duty (on-duty moderators receive crisis alerts)."""
    profile, _ = ModeratorProfile.objects.get_or_create(member=request.user)
    if request.method == "POST":
        if "sign_as_team" in request.POST:
            team = request.POST.get("sign_as_team") == "1"
            ModeratorProfile.objects.filter(pk=profile.pk).update(sign_as_team=team)
            messages.success(
                request,
                "Your messages to members are signed “the moderation team”."
                if team
                else "Your messages to members are signed with your name.",
            )
            return redirect("moderation:duty")
        with transaction.atomic():
            on = request.POST.get("on_duty") == "1"
            ModeratorProfile.objects.filter(pk=profile.pk).update(on_duty=on)
        messages.success(
            request, "You're on duty: crisis alerts will reach you." if on else "You're off duty."
        )
        return redirect("moderation:duty")
    return render(
        request,
        "moderation/duty.html",
        {
            "profile": profile,
            "care": care.moderator_care(member_id=request.user.pk),
            "check_ins": selectors.follow_ups_due_for(moderator=request.user, within=timedelta(days=2)),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def off_duty(request: HttpRequest, token: str) -> HttpResponse:
    """The List-Unsubscribe link of moderator emails. GET asks (mail scanners follow links); POST, from the
    page or the mail program's one-click button (RFC 8058, no cookie: the signed token is the proof),
    takes the moderator off duty."""
    member_id = alerts.off_duty_read(token)
    member = Member.objects.filter(pk=member_id, is_active=True).first() if member_id else None
    if member is None:
        return render(request, "moderation/off_duty.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        ModeratorProfile.objects.filter(member=member, on_duty=True).update(on_duty=False)
        done = True
    return render(request, "moderation/off_duty.html", {"member": member, "token": token, "done": done})


@moderator_required
def appeals(request: HttpRequest) -> HttpResponse:
    """The Appeals lane: members asking for another look, those assigned to this moderator first."""
    page = Paginator(
        selectors.appeals_open(moderator=request.user), settings.HEARTH_REVIEW_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "moderation/appeals.html", {"page": page, "appeals": page.object_list})


@moderator_required
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """One appeal, with the original decision; POST decides it (keep or undo, with a note for the member)."""
    appeal = selectors.appeal_for(moderator=request.user, appeal_id=appeal_id)
    form = forms.AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = (
            appeals_services.appeal_reverse
            if form.cleaned_data["outcome"] == "reversed"
            else (appeals_services.appeal_uphold)
        )
        try:
            changed = decide(appeal=appeal, actor=request.user, note=form.cleaned_data["note"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(appeal)
        messages.success(
            request,
            "Decided, and the member has been told." if changed else "This appeal was already decided.",
        )
        return redirect("moderation:appeals")
    return render(
        request,
        "moderation/appeal.html",
        {"appeal": appeal, "notice": appeal.notice, "message": notice_message(appeal.notice), "form": form},
        status=400 if request.method == "POST" else 200,
    )
