"""Small template helpers for the member pages. None of them query the database."""

from __future__ import annotations

from django import template

from community.services.posts import can_edit

register = template.Library()


@register.filter
def editable_by(post, user) -> bool:
    return can_edit(post=post, member=user)


@register.filter
def written_by(post, user) -> bool:
    return bool(user.is_authenticated and post.author_id == user.pk)


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL's query string with ``page`` replaced, so filters like ``order`` are kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
