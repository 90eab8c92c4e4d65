"""Markdown to safe HTML. Raw HTML in the source is escaped by the parser and nh3 removes anything else."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "a",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
LINK_REL = "nofollow ugc noopener"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # commonmark with html disabled: "<script>" in a post is shown as text, never parsed as markup.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        "strikethrough"
    )


def render_markdown(source: str) -> str:
    """Render member-written Markdown to sanitised HTML safe to mark as safe in templates."""
    html = _parser().render(source)
    # Headings 1-2 would compete with the page's own; demote them rather than drop the text.
    html = (
        html.replace("<h1>", "<h3>")
        .replace("</h1>", "</h3>")
        .replace("<h2>", "<h3>")
        .replace("</h2>", "</h3>")
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
