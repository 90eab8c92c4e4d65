"""The thread page's reply tree, rendered in Python.

Profiling the thread page showed ~90% of its time in rendering replies through nested ``{% include %}``s:
about 0.5-1 ms of CPU per reply for context pushes, three or four ``{% url %}`` reversals, two ``date``
filters and a ``{% csrf_token %}`` per inline reply form. This tag writes the same markup the reply
partials wrote, with everything that is the same for every reply (URL prefixes, the CSRF field, who the
viewer is) worked out once per page. Every value that comes from a person is escaped here.

A second profile (a 1,000-reply thread on one page: ~46 us of CPU per reply) found two thirds of what was
left in ``dateformat.format`` (a ``DateFormat`` object and a per-character formatter loop, twice per reply)
and the rest in escaping the same few authors' names again for every reply and in small per-reply
function calls. So: the two dates are built from the datetime's fields with the month names of the active
language looked up once per page, each author's link and escaped name are built once per page, and each
reply is written by one function from pre-split fragments. The output is byte-identical to what the
earlier version wrote (``tests/community/test_reply_tree.py`` compares them).

Gentle tools for readers (issue 14) add markup only where they apply: a post with a content warning or
matching the reader's muted words is folded in a ``<details>`` (works without JavaScript), and reactions
show as a small form of three buttons for members who may react, or as counts where there are some.
Everything they need (warnings on the rows, reaction counts and the reader's muted words) was read once
for the page by ``selectors.thread_page``; ``ReaderTools`` writes those parts for replies and the opening
post alike.

Issue 16 (a 1,000-reply page in <= 25 ms): the tree's ~2 MB used to be copied about a dozen times on its way
out (each template level joins its children into a new ``SafeString``), so the thread view renders through
``ReplyTreeSlot`` and joins the tree into the response once; the replies arrive as plain rows
(``selectors.threads.ReplyRow``); a reply nobody reacted to gets the page's pre-built reaction buttons.
"""

from __future__ import annotations

import functools
import secrets
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from community.selectors import MutedWords, PostReactions, ReplyNode

register = template.Library()

# An id no row has: a URL reversed with it is cut around it, so each reply's URL is prefix + pk + suffix.
_PLACEHOLDER = 2147483646

_FORMER_MEMBER = "A former member"


def _url_parts(name: str, kwarg: str) -> tuple[str, str]:
    return _cached_url_parts(name, kwarg, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=64)
def _cached_url_parts(name: str, kwarg: str, script_prefix: str, urlconf: str) -> tuple[str, str]:
    # Keyed by what reverse() reads besides its arguments, so a cached prefix is the one reverse() gives.
    url = reverse(name, kwargs={kwarg: _PLACEHOLDER}, urlconf=urlconf)
    prefix, suffix = url.split(str(_PLACEHOLDER), 1)
    return _plain(escape(prefix)), _plain(escape(suffix))


@functools.lru_cache(maxsize=32)
def _month_names(language: str | None) -> list[str]:
    """The active language's month names as ``date:"M"`` writes them, escaped, once per language."""
    return [""] + [_plain(escape(str(MONTHS_3[month]).title())) for month in range(1, 13)]


def _plain(markup: str) -> str:
    """``markup`` as a plain ``str``: formatting a ``SafeString`` into an f-string calls its Python-level
    ``__str__``, and the fragments below are formatted for every reply on the page."""
    return str.__str__(markup)


class _Page:
    """What every reply on the page shares, computed once."""

    def __init__(self, context: template.Context) -> None:
        user = context.get("user")
        thread = context["thread"]
        self.user_pk = user.pk if user is not None and user.is_authenticated else None
        self.user_can_moderate = bool(self.user_pk is not None and user.can_moderate)
        self.member_can_reply = bool(context.get("member_can_reply"))
        self.guest_can_reply = bool(context.get("guest_can_reply"))
        self.member_url = _url_parts("community:member", "member_id")
        self.edit_url = _url_parts("community:post_edit", "post_id")
        self.delete_url = _url_parts("community:post_delete", "post_id")
        self.report_url = _url_parts("community:post_report", "post_id")
        self.reply_url = _plain(escape(reverse("community:reply", kwargs={"thread_id": thread.pk})))
        guest_reply_url = reverse("community:guest_reply", kwargs={"thread_id": thread.pk})
        self.guest_reply_url = _plain(escape(guest_reply_url))
        # What {% csrf_token %} writes; the same token value serves every form of the page.
        token = context.get("csrf_token")
        self.csrf_field = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            if token and token != "NOTPROVIDED"
            else ""
        )
        # The reader's time zone and the active language's month names ("M" in "j M Y, H:i"), once.
        self.tz = timezone.get_current_timezone()
        self.months = _month_names(get_language())
        self.tools = ReaderTools(context, self.csrf_field)
        self.members: dict[int, tuple[str, str]] = {}
        self.guests: dict[int, tuple[str, str]] = {}
        # Fragments around each reply's id, so a reply costs a few concatenations.
        self.form_before_name = (
            '<details class="reply-form">\n  <summary>Reply<span class="visually-hidden"> to '
        )
        self.form_after_name = (
            "</span></summary>\n"
            f'  <form method="post" action="{self.reply_url}">\n'
            f"    {self.csrf_field}\n"
            '    <input type="hidden" name="parent" value="'
        )

    def author(self, post) -> tuple[str, str]:
        """(the meta line's author markup, the escaped name) for ``post``, built once per author."""
        author_id = post.author_id
        if author_id:
            known = self.members.get(author_id)
            if known is None:
                name = _plain(escape(post.author.display_name))
                prefix, suffix = self.member_url
                known = self.members[author_id] = (f'<a href="{prefix}{author_id}{suffix}">{name}</a>', name)
            return known
        guest_id = post.guest_id
        if guest_id:
            known = self.guests.get(guest_id)
            if known is None:
                name = _plain(escape(post.guest.name))
                known = self.guests[guest_id] = (f'{name} <span class="muted">(guest)</span>', name)
            return known
        # post.author_name says the same for a post with neither: no person's text to escape.
        return _FORMER_MEMBER, _FORMER_MEMBER


class ReaderTools:
    """The new parts of a post's markup: folds (content warning, muted words) and reactions."""

    def __init__(self, context: template.Context, csrf_field: str | None = None) -> None:
        user = context.get("user")
        self.user_pk = user.pk if user is not None and user.is_authenticated else None
        self.can_react = bool(self.user_pk is not None and user.is_active)
        self.reactions: PostReactions | None = context.get("reactions")
        self.muted: MutedWords | None = context.get("muted")
        self.react_url = _url_parts("community:post_react", "post_id")
        self.reactors_url = _url_parts("community:post_reactions", "post_id")
        if csrf_field is None:
            token = context.get("csrf_token")
            csrf_field = (
                format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
                if token and token != "NOTPROVIDED"
                else ""
            )
        self.csrf_field = csrf_field
        # A reply nobody has reacted to gets the same three buttons: written once per page, and the form
        # around them from fragments split at the post's id and its author's name.
        self.form_start = f'<form method="post" action="{self.react_url[0]}'
        self.form_after_pk = (
            f'{self.react_url[1]}" class="reactions">\n  {csrf_field}\n'
            '  <span class="visually-hidden">Respond to '
        )
        self.unreacted_buttons = ":</span>\n" + self._buttons(PostReactions().for_post(0)) + "</form>\n"

    @staticmethod
    def _buttons(reactions: list[tuple[str, str, int, bool]]) -> str:
        buttons = []
        for value, label, count, mine in reactions:
            shown = f' <span class="count">{count}</span>' if count else ""
            pressed = "true" if mine else "false"
            buttons.append(
                f'  <button type="submit" name="kind" value="{value}" class="reaction" '
                f'aria-pressed="{pressed}">{label}{shown}</button>\n'
            )
        return "".join(buttons)

    def folds(self, post) -> bool:
        return bool(post.content_warning) or bool(self.muted and self.muted.matches(post.body))

    def fold(self, post, inner: str) -> str:
        """``inner`` (the post's body markup) folded behind its warning and/or the reader's muted words."""
        if post.content_warning:
            inner = (
                '<details class="content-warning"><summary>Content warning: '
                f"{escape(post.content_warning)}. Show the post</summary>{inner}</details>"
            )
        if self.muted and self.muted.matches(post.body):
            inner = (
                '<details class="muted-words"><summary>Folded by your muted words — show</summary>'
                f"{inner}</details>"
            )
        return inner

    def bar(self, post, author_name: str) -> str:
        """The reactions under a post: buttons for a member who may react, else counts if there are any."""
        if post.status != "published" or post.deleted_at is not None:
            return ""
        pk = post.pk
        reactions = self.reactions
        own = self.user_pk is not None and post.author_id == self.user_pk
        if self.can_react and not own:
            if reactions is None or not reactions.has_any(pk):
                rest = self.unreacted_buttons
            else:
                rest = ":</span>\n" + self._buttons(reactions.for_post(pk)) + "</form>\n"
            return f"{self.form_start}{pk}{self.form_after_pk}{author_name}{rest}"
        if reactions is None or not reactions.has_any(pk):
            return ""
        parts = [f"{label} {count}" for _value, label, count, _mine in reactions.for_post(pk) if count]
        who = (
            f' · <a href="{self.reactors_url[0]}{pk}{self.reactors_url[1]}">See who responded</a>'
            if own
            else ""
        )
        return f'<p class="reactions meta">{" · ".join(parts)}{who}</p>\n'


def _visible_reply(post, page: _Page, out: list[str]) -> None:
    pk = post.pk
    author_html, author_name = page.author(post)
    local = post.created_at.astimezone(page.tz)  # date:"c" and date:"j M Y, H:i" in the reader's zone
    status = post.status
    meta = (
        f'<p class="meta"><strong>{author_html}</strong>\n'
        f'  · <time datetime="{local.isoformat()}">{local.day} {page.months[local.month]} {local.year:04d}, '
        f"{local.hour:02d}:{local.minute:02d}</time>\n"
    )
    if post.edited_at:
        meta += "  · <span>edited</span>\n"
    if status == "held":
        meta += '  <span class="label label-held">Waiting for review</span>\n'
    elif status == "hidden":
        meta += '  <span class="label label-held">Hidden by a moderator</span>\n'
    # body_html was sanitised by render_markdown (nh3) when it was written.
    tools = page.tools
    if tools.folds(post):
        body = tools.fold(post, f'<div class="post-body">{post.body_html}</div>')
        if post.is_off_topic:
            body = (
                '  <span class="label">Off topic</span>\n</p>\n'
                f"<details><summary>This reply was marked off topic. Show it</summary>{body}</details>\n"
            )
        else:
            body = f"</p>\n{body}\n"
    elif post.is_off_topic:
        body = (
            '  <span class="label">Off topic</span>\n</p>\n'
            "<details><summary>This reply was marked off topic. Show it</summary>"
            f'<div class="post-body">{post.body_html}</div></details>\n'
        )
    else:
        body = f'</p>\n<div class="post-body">{post.body_html}</div>\n'

    user_pk = page.user_pk
    own = user_pk is not None and post.author_id == user_pk
    # can_edit(): signed in, not deleted, and the author or a moderator.
    if user_pk is not None and post.deleted_at is None and (own or page.user_can_moderate):
        edit = f'  <a href="{page.edit_url[0]}{pk}{page.edit_url[1]}">Edit</a>\n'
    else:
        edit = ""
    if own:
        action = f'  <a href="{page.delete_url[0]}{pk}{page.delete_url[1]}">Delete</a>\n'
    else:
        action = (
            f'  <a href="{page.report_url[0]}{pk}{page.report_url[1]}">Report'
            f'<span class="visually-hidden"> this post by {author_name}</span></a>\n'
        )
    if status != "published":
        reply = ""
    elif page.member_can_reply:
        reply = (
            f'{page.form_before_name}{author_name}{page.form_after_name}{pk}">\n'
            f'    <label for="reply-body-{pk}">Your reply to {author_name}</label>\n'
            f'    <textarea id="reply-body-{pk}" name="body" rows="4" required></textarea>\n'
            '    <p><button type="submit">Post reply</button></p>\n'
            "  </form>\n"
            "</details>\n"
        )
    elif page.guest_can_reply:
        reply = (
            f'<p class="actions"><a href="{page.guest_reply_url}?parent={pk}">Reply'
            f'<span class="visually-hidden"> to {author_name}</span> as a guest</a></p>\n'
        )
    else:
        reply = ""
    out.append(
        f'{meta}{body}<div class="actions">\n{edit}{action}</div>\n{tools.bar(post, author_name)}{reply}'
    )


def _reply(node: ReplyNode, page: _Page, out: list[str]) -> None:
    post = node.post
    if post.deleted_at is not None:
        out.append(
            f'<li class="reply reply-deleted" id="post-{post.pk}">\n<article>\n'
            "<p>This reply was deleted by its author.</p>\n"
        )
    else:
        css = "" if post.status == "published" else " reply-held"
        out.append(f'<li class="reply{css}" id="post-{post.pk}">\n<article>\n')
        if node.visible:
            _visible_reply(post, page, out)
        elif post.status == "held":
            out.append('<p class="muted">This reply is waiting for review.</p>\n')
        else:
            out.append('<p class="muted">This reply was removed by a moderator.</p>\n')
    if node.children:
        out.append('</article>\n<ul class="replies">\n')
        for child in node.children:
            _reply(child, page, out)
        out.append("</ul>\n</li>\n")
    else:
        out.append("</article>\n</li>\n")


def reply_tree_parts(context: template.Context, nodes: list[ReplyNode]) -> list[str]:
    """The markup of ``nodes`` and their descendants as a list of strings, in page order (not joined)."""
    page = _Page(context)
    out: list[str] = []
    for node in nodes:
        _reply(node, page, out)
    return out


class ReplyTreeSlot:
    """Lets the thread page join its reply tree into the response once, instead of through the template.

    Why: a template's output is built by joining every node's string into a new ``SafeString`` at each
    nesting level (the tag, ``{% if %}``, ``{% block %}``, ``{% extends %}``...). With a 1,000-reply tree
    (~2 MB) that was about a dozen copies of the whole page, ~19 ms of CPU (48 -> 29 ms for the request).
    With a slot in the context, the tag writes a marker instead of the tree; ``render`` then splits the page
    at the marker and joins the three parts once. The bytes are the same as rendering the tree inline
    (``tests/community/test_reply_tree.py`` compares them).
    """

    CONTEXT_NAME = "reply_tree_slot"

    def __init__(self) -> None:
        # Unguessable per page, so no text on the page can contain it (post bodies are sanitised anyway).
        self.marker = f"<!--reply-tree-{secrets.token_hex(16)}-->"
        self.parts: list[str] | None = None

    def hold(self, parts: list[str]) -> SafeString:
        if self.parts is not None:
            raise ValueError("A page has one reply tree.")
        self.parts = parts
        return mark_safe(self.marker)

    def join(self, page: str) -> str:
        if self.parts is None:
            return page
        head, tail = page.split(self.marker, 1)
        return "".join([head, *self.parts, tail])

    @classmethod
    def render(cls, request: HttpRequest, template_name: str, context: dict[str, Any]) -> HttpResponse:
        """``django.shortcuts.render`` for a page that has a ``{% reply_tree %}``."""
        slot = context[cls.CONTEXT_NAME] = cls()
        return HttpResponse(slot.join(render_to_string(template_name, context, request)))


@register.simple_tag(takes_context=True)
def reply_tree(context: template.Context, nodes: list[ReplyNode]) -> SafeString:
    """``<li>`` items for ``nodes`` and their descendants, as the thread page lists them."""
    parts = reply_tree_parts(context, nodes)
    slot = context.get(ReplyTreeSlot.CONTEXT_NAME)
    if slot is not None:
        return slot.hold(parts)
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def post_body(context: template.Context, post) -> SafeString:
    """The opening post's body, folded behind its warning or the reader's muted words where they apply."""
    tools = ReaderTools(context)
    # body_html was sanitised by render_markdown (nh3) when it was written.
    return mark_safe(tools.fold(post, f'<div class="post-body">{post.body_html}</div>'))


@register.simple_tag(takes_context=True)
def reaction_bar(context: template.Context, post) -> SafeString:
    """The opening post's reactions (buttons, or counts), as replies have them."""
    return mark_safe(ReaderTools(context).bar(post, escape(post.author_name)))
