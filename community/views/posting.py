"""Writing: new threads, replies, edits, deletes and following threads and spaces."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community import moderation_port, selectors
from community.forms import PostEditForm, ReplyForm, ThreadForm
from community.models import DigestFrequency, Post, Space, Thread
from community.services import posts as post_services
from community.services import subscriptions
from community.services.threads import can_start_thread, thread_create
from community.views.common import (
    denied,
    post_or_404,
    remember_support,
    run_service,
    thread_or_404,
)

HELD_MESSAGE = (
    "Thank you for posting. Your words are waiting for a moderator to look at them, and will appear "
    "for others once they have. You can see them in the meantime."
)


@login_required
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    if not can_start_thread(space=space, member=request.user):
        return denied(
            request,
            "Only moderators can start threads in this space. You're welcome to reply to any open thread.",
        )
    restriction = moderation_port.posting_restriction(member=request.user, space=space, is_thread=True)
    if restriction is not None:
        return denied(request, restriction.message)
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result, status = run_service(
            form,
            thread_create,
            space=space,
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        if result is not None:
            remember_support(request, result)
            if result.opening_post.status == Post.Status.HELD:
                messages.info(request, HELD_MESSAGE)
            return redirect(result.thread)
    if request.method == "POST" and status == 200:
        status = 400
    return render(request, "community/thread_new.html", {"space": space, "form": form}, status=status)


def _parent_for(thread: Thread, parent_id, viewer, *, for_page: bool) -> Post | None:
    """The post answered, if ``viewer`` may read it; with its author when ``for_page`` (the form shows it).

    With its own parent: a reply at the deepest level is answered one level up, without another read.
    """
    if not parent_id:
        return None
    related = ("parent", "author", "guest") if for_page else ("parent",)
    # get() rather than filter().first(): no ORDER BY to build, a third of this read's cost.
    try:
        parent = Post.objects.select_related(*related).get(pk=parent_id, thread=thread)
    except Post.DoesNotExist:
        parent = None
    if (
        parent is None
        or parent.is_deleted
        or not selectors.post_visible_to(parent, viewer, space_id=thread.space_id)
    ):
        raise Http404("That reply is no longer available.")
    return parent


@login_required
def reply_create(request: HttpRequest, thread_id: int) -> HttpResponse:
    """Reply to the opening post or to a reply. Errors get a page of their own.

    A thread the member cannot see (its opening post held or hidden) is 404 here too: no replies to it.
    """
    # Neither the thread's author nor the follow state is shown here (a third of the read's cost).
    thread = thread_or_404(thread_id, request.user, with_author=False, with_follow=False)
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    # A POST usually ends in a redirect: the author of the post answered is read only if the form comes back.
    parent = _parent_for(thread, parent_id, request.user, for_page=request.method != "POST")
    form = ReplyForm(request.POST or None, initial={"parent": parent.pk if parent else None})
    status = 200
    if thread.is_closed:
        status = 403
        if request.method == "POST":
            form.add_error(None, "Comments are closed on this thread.")
    elif request.method == "POST" and form.is_valid():
        result, status = run_service(
            form,
            post_services.post_create,
            thread=thread,
            body=form.cleaned_data["body"],
            parent=parent,
            author=request.user,
        )
        if result is not None:
            remember_support(request, result)
            if result.post.status == Post.Status.HELD:
                messages.info(request, HELD_MESSAGE)
            else:
                messages.success(request, "Your reply is posted.")
            return redirect(result.post)
    elif request.method == "POST":
        status = 400
    if parent is not None and request.method == "POST":
        prefetch_related_objects([parent], "author", "guest")
    return render(
        request,
        "community/reply.html",
        {"thread": thread, "parent": parent, "form": form},
        status=status,
    )


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = post_or_404(post_id, request.user)
    if not post_services.can_edit(post=post, member=request.user):
        return denied(request, "You can only edit your own posts.")
    is_moderating = post.author_id != request.user.pk
    form = PostEditForm(request.POST or None, initial={"body": post.body}, show_note=is_moderating)
    status = 200
    if request.method == "POST" and form.is_valid():
        result, status = run_service(
            form,
            post_services.post_edit,
            post=post,
            actor=request.user,
            body=form.cleaned_data["body"],
            note=form.cleaned_data.get("note", ""),
        )
        if result is not None:
            remember_support(request, result)
            messages.success(request, "Your changes are saved.")
            return redirect(result.post)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "community/post_edit.html",
        {"post": post, "thread": post.thread, "form": form},
        status=status,
    )


@login_required
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = post_or_404(post_id, request.user)
    if post.author_id != request.user.pk:
        return denied(request, "You can only delete your own posts.")
    if post.is_deleted:
        messages.info(request, "That post was already deleted.")
        return redirect(post.thread)
    if request.method == "POST":
        post_services.post_delete(post=post, actor=request.user)
        messages.success(request, "Your post is deleted. Replies to it stay in place.")
        return redirect(post.thread)
    return render(request, "community/post_delete.html", {"post": post, "thread": post.thread})


@require_POST
@login_required
def thread_follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = thread_or_404(thread_id, request.user)
    if request.POST.get("action") == "unfollow":
        subscriptions.thread_unfollow(member=request.user, thread=thread)
        messages.success(request, "You've stopped following this thread.")
    else:
        subscriptions.thread_follow(member=request.user, thread=thread)
        messages.success(request, "You're following this thread. Replies will show in your notifications.")
    return redirect(thread)


@require_POST
@login_required
def space_follow(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    if request.POST.get("action") == "unfollow":
        subscriptions.space_unfollow(member=request.user, space=space)
        messages.success(
            request, f"You've stopped following {space.name}. Threads you follow there stay followed."
        )
        return redirect(space)
    subscriptions.space_follow(member=request.user, space=space)
    if request.user.digest_frequency == DigestFrequency.OFF:
        messages.success(
            request,
            f"You're following {space.name}. Your email digest is off at the moment; you can turn it on "
            "in your preferences to hear about new threads here.",
        )
    else:
        messages.success(
            request,
            f"You're following {space.name}. New threads here will be in your "
            f"{request.user.get_digest_frequency_display().lower()} digest.",
        )
    return redirect(space)
