"""Helpers shared by the page views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

SUPPORT_SESSION_KEY = "hearth_support_post_id"


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> Page:
    return Paginator(queryset, per_page or settings.HEARTH_THREADS_PER_PAGE).get_page(request.GET.get("page"))


def add_service_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field when it says which, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("body" if "body" in form.fields else None, exc)


def denied(request: HttpRequest, message: str, *, title: str = "Not possible right now") -> HttpResponse:
    """A 403 page that says why, in words for people (never a bare error page)."""
    return render(request, "community/denied.html", {"message": message, "title": title}, status=403)


def remember_support(request: HttpRequest, result) -> None:
    """Ask the next thread page to show the author the support panel, privately and at once."""
    screening = getattr(result, "screening", None)
    if screening is not None and screening.show_support:
        post = getattr(result, "post", None) or getattr(result, "opening_post", None)
        request.session[SUPPORT_SESSION_KEY] = post.pk if post is not None else 0


def redirect_next(request: HttpRequest, default: str, **kwargs) -> HttpResponse:
    """Go back to the page a form came from (``next``, same site only), else to ``default``."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(default, **kwargs)


def post_or_404(post_id: int, viewer=None):
    """The post with what its pages show (``selectors.post_for_display``), or a 404; with a viewer, also
    a 404 when the post's thread is one they cannot see."""
    from community import selectors
    from community.models import Post

    try:
        return selectors.post_for_display(post_id=post_id, viewer=viewer)
    except Post.DoesNotExist as exc:
        raise Http404("No such post.") from exc


def thread_or_404(thread_id: int, viewer=None, *, with_author: bool = True, with_follow: bool = True):
    """The thread with its space and author if ``viewer`` may see it (``selectors.thread_for_display``),
    or a 404. Without a viewer, as anyone signed out sees it: held and hidden threads are 404."""
    from community import selectors
    from community.models import Thread

    options = {"with_author": with_author, "with_follow": with_follow}
    try:
        if viewer is None:
            return selectors.thread_for_display(thread_id=thread_id, **options)
        return selectors.thread_for_display(thread_id=thread_id, viewer=viewer, **options)
    except Thread.DoesNotExist as exc:
        raise Http404("No such thread.") from exc


def run_service(form: Form, service: Callable[..., Any], **kwargs: Any) -> tuple[Any, int]:
    """Call a write service for a submitted form; returns (result, status for re-rendering the form).

    A refusal (``PermissionDenied``) or a validation error from the service becomes a form error that
    people can read, with 403 or 400; the result is None then.
    """
    try:
        return service(**kwargs), 200
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return None, 403
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, 400
