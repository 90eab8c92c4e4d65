"""Markdown to safe HTML. Raw HTML in the source is escaped by the parser and nh3 removes anything else."""

import re
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


# Most posts are plain prose: paragraphs with nothing that Markdown, HTML or nh3 would read or rewrite. No
# character that starts inline markup, an entity or a tag; no control character but the newline and no
# whitespace but the space and the newline (the parser trims Unicode spaces at a paragraph's ends, nh3 writes
# a non-breaking one as &nbsp;); and no line that could open a block (a heading, quote, list, rule, setext
# underline or indented code) or end in a space (a hard break). Such a text is written
# here directly, byte for byte what the parser and nh3 give for it (tests/community/test_rendering.py
# compares the two on generated and random text); it is three times cheaper, on every post written.
_NOT_PLAIN_CHARACTER = re.compile(r"[\\`*_\[\]<>!&~\x00-\x09\x0b-\x1f\x7f]|[^\S \n]")
_NOT_PLAIN_LINE = re.compile(r"^[ #>+\-=0-9]| $", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def _plain_paragraphs(source: str) -> list[str] | None:
    """The paragraphs of ``source`` when it is plain prose (see above), else None."""
    if _NOT_PLAIN_CHARACTER.search(source) or _NOT_PLAIN_LINE.search(source):
        return None
    return [p for p in _PARAGRAPH_BREAK.split(source.strip("\n")) if p]


def render_markdown(source: str) -> str:
    """Render member-written Markdown to sanitised HTML safe to mark as safe in templates."""
    paragraphs = _plain_paragraphs(source)
    if paragraphs is not None:
        # What markdown-it escapes in plain prose is only the double quote, which nh3 writes back as is.
        return "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    return _render_parsed(source)


def _render_parsed(source: str) -> str:
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
