"""Plain prose is written without the Markdown parser: byte for byte what the parser and nh3 give for it."""

import random

import pytest

from benchmarks.textgen import TextGenerator
from community import rendering
from community.rendering import render_markdown

# Everything a member might type, the characters the shortcut refuses included, weighted towards prose.
PROSE = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ" + "    ..,,''??" + "\n\n\n"
PUNCTUATION = '"#$%&()*+,-./:;<=>?@[\\]^_`{|}~!0123456789\t\r\x00\x0b\x0c\x7f'
UNICODE = "éçøßü—–…“”‘’«»\u00a0\u2028\u2029\u3000\u200b\u2003🙂❤️ﬁΩЖ中"


def _texts(seed: int, count: int, alphabet: str, extra: str, extra_rate: float) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        length = rng.randint(0, 60)
        texts.append(
            "".join(
                rng.choice(extra) if rng.random() < extra_rate else rng.choice(alphabet)
                for _ in range(length)
            )
        )
    return texts


CORPUS = (
    TextGenerator(seed=16).corpus(400)
    + _texts(1, 6000, PROSE, PUNCTUATION + UNICODE, 0.02)
    + _texts(2, 6000, PROSE, UNICODE, 0.1)
    + _texts(3, 3000, PROSE + PUNCTUATION + UNICODE, "\n ", 0.2)
    + [
        "",
        "\n",
        "\n\nHello\n\n",
        'He said "stay" and I did.',
        "a\n\n\n\nb",
        "Line one\nline two\n\nA new paragraph",
        "Two spaces at the end  \nmake a break",
        "    indented code",
        "1. a list",
        "2024 was a hard year",
        "Title\n=====",
        "Title\n---",
        "# heading",
        "> quote",
        "- item",
        "+ item",
        "a\u00a0b",
        "www.example.com and http://example.com",
        "x | y | z",
        "it's {fine} $5 50% #tag @me ^ :)",
        "tab\tinside",
        "carriage\r\nreturn",
    ]
)


def test_plain_prose_is_written_exactly_as_the_parser_and_nh3_write_it():
    shortcut = 0
    for text in CORPUS:
        expected = rendering._render_parsed(text)
        assert render_markdown(text) == expected, repr(text)
        shortcut += rendering._plain_paragraphs(text) is not None
    # The comparison means something only if both paths ran often.
    assert 3000 < shortcut < len(CORPUS) - 3000


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "a <b>bold</b> claim",
        "&lt;script&gt;",
        "[click](javascript:alert(1))",
        "![x](http://example.com/x.png)",
        "*emphasis* and _more_",
        "`code`",
        "~~gone~~",
        "\\*not emphasis\\*",
        "a\u00a0b",
        "\x00",
    ],
)
def test_anything_the_parser_or_nh3_would_read_goes_through_them(text):
    assert rendering._plain_paragraphs(text) is None
    assert render_markdown(text) == rendering._render_parsed(text)


def test_most_generated_posts_take_the_shortcut():
    posts = TextGenerator(seed=7).corpus(200)
    assert sum(rendering._plain_paragraphs(p) is not None for p in posts) > len(posts) // 2
