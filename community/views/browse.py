"""Reading: home, space, thread, a single post's permalink and member profiles."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from community import cache as page_cache
from community import moderation_port, selectors
from community.care import support_panel_for_request
from community.forms import ReplyForm
from community.models import Member, Post, Space, Thread
from community.services.threads import can_start_thread
from community.templatetags.reply_tree import ReplyTreeSlot
from community.views.common import SUPPORT_SESSION_KEY, paginate, thread_or_404

RECENT_THREADS_ON_HOME = 10


def _list_scopes(**kwargs) -> list[str]:
    return [page_cache.LISTS]


def _thread_scopes(*, thread_id: int) -> list[str]:
    return [page_cache.thread_scope(thread_id)]


@page_cache.cached_page(_list_scopes)
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/home.html",
        {
            "spaces": selectors.space_list(),
            "recent_threads": selectors.recent_threads(viewer=request.user, limit=RECENT_THREADS_ON_HOME),
            **page_cache.template_extras(request),
        },
    )


@page_cache.cached_page(_list_scopes)
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    page = paginate(request, selectors.space_threads(space=space, viewer=request.user))
    return render(
        request,
        "community/space.html",
        {
            "space": space,
            "page": page,
            "threads": page.object_list,
            "can_start_thread": can_start_thread(space=space, member=request.user),
            "is_following": selectors.member_follows_space(member=request.user, space=space),
            **page_cache.template_extras(request),
        },
    )


def _posting_restriction(request: HttpRequest, thread: Thread):
    if not request.user.is_authenticated:
        return None
    return moderation_port.posting_restriction(member=request.user, space=thread.space, is_thread=False)


@page_cache.cached_page(_thread_scopes)
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = thread_or_404(thread_id, request.user, with_author=False)
    order = request.GET.get("order")
    page = selectors.thread_page(
        thread=thread, viewer=request.user, page_number=request.GET.get("page", 1), order=order
    )
    support_panel = None
    if request.user.is_authenticated and SUPPORT_SESSION_KEY in request.session:
        # Shown once, only to the author, right after the post that prompted it.
        del request.session[SUPPORT_SESSION_KEY]
        support_panel = support_panel_for_request(request)
    user = request.user
    restriction = None if thread.is_closed else _posting_restriction(request, thread)
    return ReplyTreeSlot.render(
        request,
        "community/thread.html",
        {
            "thread": thread,
            "space": thread.space,
            "tp": page,
            "page": page.page,
            "opening": page.opening_post,
            "opening_visible": selectors.post_visible_to(page.opening_post, user),
            "replies": page.replies,
            # Read once for the page (selectors.thread_page); the reply tree and the opening post use them.
            "reactions": page.reactions,
            "muted": page.muted,
            "order": page.order,
            "order_query": "&order=newest" if page.order == "newest" else "",
            "support_panel": support_panel,
            "restriction": restriction,
            "member_can_reply": user.is_authenticated
            and user.is_active
            and not thread.is_closed
            and restriction is None,
            "guest_can_reply": not user.is_authenticated
            and thread.space.allow_guest_replies
            and not thread.is_closed,
            "reply_form": ReplyForm(),
            **page_cache.template_extras(request),
        },
    )


def post_redirect(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post's permanent address: the thread page it is on, scrolled to it."""
    post = get_object_or_404(Post.objects.only("id", "thread_id", "depth", "root_id"), pk=post_id)
    post.thread = thread_or_404(post.thread_id, request.user)
    number = selectors.reply_page_number(post=post, viewer=request.user, order=request.GET.get("order"))
    url = reverse("community:thread", kwargs={"thread_id": post.thread_id})
    query = f"?page={number}" if number > 1 else ""
    if request.GET.get("order") == "newest":
        query = f"{query}&order=newest" if query else "?order=newest"
    # Right after a post that prompted the support panel, the page opens on the panel, not on the post.
    fragment = "support-panel" if SUPPORT_SESSION_KEY in request.session else f"post-{post.pk}"
    return redirect(f"{url}{query}#{fragment}")


def member_profile(request: HttpRequest, member_id: int) -> HttpResponse:
    profile = get_object_or_404(Member, pk=member_id, is_active=True)
    posts = selectors.member_recent_posts(member=profile, viewer=request.user)
    is_self = request.user.is_authenticated and request.user.pk == profile.pk
    page = paginate(request, posts)
    return render(
        request,
        "community/member.html",
        {
            "profile": profile,
            "page": page,
            "posts": page.object_list,
            "is_self": is_self,
            "is_muted": not is_self and selectors.member_has_muted(member=request.user, muted=profile),
        },
    )
