"""The reply-tree renderer as it was before the per-reply fast path (commit 19698fa), kept for tests only.

``tests/community/test_reply_tree.py`` renders the same synthetic thread with this and with
``community.templatetags.reply_tree`` and requires byte-identical output. Nothing outside tests imports it.

The one later addition: the reactions and folds under each reply (issue 14), written by ``ReaderTools``
as it was at commit 4bb5be4 (before the issue 16 fast path for reactions), copied below.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from community.selectors import MutedWords, PostReactions, ReplyNode

# An id no row has: a URL reversed with it is cut around it, so each reply's URL is prefix + pk + suffix.
_PLACEHOLDER = 2147483646


def _url_parts(name: str, kwarg: str, **kwargs) -> tuple[str, str]:
    url = reverse(name, kwargs={kwarg: _PLACEHOLDER, **kwargs})
    prefix, suffix = url.split(str(_PLACEHOLDER), 1)
    return escape(prefix), escape(suffix)


class ReaderTools:  # as it was at commit 4bb5be4 (issue 14)
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
            buttons = []
            for value, label, count, mine in (
                reactions.for_post(pk) if reactions is not None else PostReactions().for_post(pk)
            ):
                shown = f' <span class="count">{count}</span>' if count else ""
                pressed = "true" if mine else "false"
                buttons.append(
                    f'  <button type="submit" name="kind" value="{value}" class="reaction" '
                    f'aria-pressed="{pressed}">{label}{shown}</button>\n'
                )
            action = f"{self.react_url[0]}{pk}{self.react_url[1]}"
            return (
                f'<form method="post" action="{action}" class="reactions">\n'
                f"  {self.csrf_field}\n"
                f'  <span class="visually-hidden">Respond to {author_name}:</span>\n'
                f"{''.join(buttons)}</form>\n"
            )
        if reactions is None or not reactions.has_any(pk):
            return ""
        parts = [f"{label} {count}" for _value, label, count, _mine in reactions.for_post(pk) if count]
        who = (
            f' · <a href="{self.reactors_url[0]}{pk}{self.reactors_url[1]}">See who responded</a>'
            if own
            else ""
        )
        return f'<p class="reactions meta">{" · ".join(parts)}{who}</p>\n'


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
        self.reply_url = escape(reverse("community:reply", kwargs={"thread_id": thread.pk}))
        self.guest_reply_url = escape(reverse("community:guest_reply", kwargs={"thread_id": thread.pk}))
        # What {% csrf_token %} writes; the same token value serves every form of the page.
        token = context.get("csrf_token")
        self.csrf_field = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            if token and token != "NOTPROVIDED"
            else ""
        )
        self.tools = ReaderTools(context, self.csrf_field)


def _author(post, page: _Page) -> str:
    if post.author_id:
        prefix, suffix = page.member_url
        return f'<a href="{prefix}{post.author_id}{suffix}">{escape(post.author.display_name)}</a>'
    if post.guest_id:
        return f'{escape(post.guest.name)} <span class="muted">(guest)</span>'
    return "A former member"


def _meta(post, page: _Page) -> str:
    created = timezone.localtime(post.created_at)
    parts = [
        f'<p class="meta"><strong>{_author(post, page)}</strong>\n'
        f'  · <time datetime="{dateformat.format(created, "c")}">'
        f"{escape(dateformat.format(created, 'j M Y, H:i'))}</time>\n"
    ]
    if post.edited_at:
        parts.append("  · <span>edited</span>\n")
    if post.status == "held":
        parts.append('  <span class="label label-held">Waiting for review</span>\n')
    elif post.status == "hidden":
        parts.append('  <span class="label label-held">Hidden by a moderator</span>\n')
    if post.is_off_topic:
        parts.append('  <span class="label">Off topic</span>\n')
    parts.append("</p>\n")
    return "".join(parts)


def _body(post, tools: ReaderTools) -> str:
    # body_html was sanitised by render_markdown (nh3) when it was written; folds as issue 14 wrote them.
    inner = f'<div class="post-body">{post.body_html}</div>'
    if tools.folds(post):
        inner = tools.fold(post, inner)
    if post.is_off_topic:
        return f"<details><summary>This reply was marked off topic. Show it</summary>{inner}</details>\n"
    return f"{inner}\n"


def _actions(post, page: _Page, author_name: str) -> str:
    pk = post.pk
    own = page.user_pk is not None and post.author_id == page.user_pk
    parts = ['<div class="actions">\n']
    # can_edit(): signed in, not deleted, and the author or a moderator.
    if page.user_pk is not None and post.deleted_at is None and (own or page.user_can_moderate):
        parts.append(f'  <a href="{page.edit_url[0]}{pk}{page.edit_url[1]}">Edit</a>\n')
    if own:
        parts.append(f'  <a href="{page.delete_url[0]}{pk}{page.delete_url[1]}">Delete</a>\n')
    else:
        parts.append(
            f'  <a href="{page.report_url[0]}{pk}{page.report_url[1]}">Report'
            f'<span class="visually-hidden"> this post by {author_name}</span></a>\n'
        )
    parts.append("</div>\n")
    return "".join(parts)


def _reply_form(post, page: _Page, author_name: str) -> str:
    pk = post.pk
    return (
        '<details class="reply-form">\n'
        f'  <summary>Reply<span class="visually-hidden"> to {author_name}</span></summary>\n'
        f'  <form method="post" action="{page.reply_url}">\n'
        f"    {page.csrf_field}\n"
        f'    <input type="hidden" name="parent" value="{pk}">\n'
        f'    <label for="reply-body-{pk}">Your reply to {author_name}</label>\n'
        f'    <textarea id="reply-body-{pk}" name="body" rows="4" required></textarea>\n'
        '    <p><button type="submit">Post reply</button></p>\n'
        "  </form>\n"
        "</details>\n"
    )


def _reply(node: ReplyNode, page: _Page, out: list[str]) -> None:
    post = node.post
    if post.deleted_at is not None:
        css = " reply-deleted"
    elif post.status != "published":
        css = " reply-held"
    else:
        css = ""
    out.append(f'<li class="reply{css}" id="post-{post.pk}">\n<article>\n')
    if post.deleted_at is not None:
        out.append("<p>This reply was deleted by its author.</p>\n")
    elif not node.visible:
        if post.status == "held":
            out.append('<p class="muted">This reply is waiting for review.</p>\n')
        else:
            out.append('<p class="muted">This reply was removed by a moderator.</p>\n')
    else:
        author_name = escape(post.author_name)
        out.append(_meta(post, page))
        out.append(_body(post, page.tools))
        out.append(_actions(post, page, author_name))
        out.append(page.tools.bar(post, author_name))
        if post.status == "published":
            if page.member_can_reply:
                out.append(_reply_form(post, page, author_name))
            elif page.guest_can_reply:
                out.append(
                    f'<p class="actions"><a href="{page.guest_reply_url}?parent={post.pk}">Reply'
                    f'<span class="visually-hidden"> to {author_name}</span> as a guest</a></p>\n'
                )
    out.append("</article>\n")
    if node.children:
        out.append('<ul class="replies">\n')
        for child in node.children:
            _reply(child, page, out)
        out.append("</ul>\n")
    out.append("</li>\n")


def reply_tree(context: template.Context, nodes: list[ReplyNode]) -> SafeString:
    """``<li>`` items for ``nodes`` and their descendants, as the thread page lists them."""
    page = _Page(context)
    out: list[str] = []
    for node in nodes:
        _reply(node, page, out)
    return mark_safe("".join(out))
