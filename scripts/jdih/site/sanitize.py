"""Nothing executable from a draft reaches the public page.

Two halves: `clean_html` is the backstop run on every post's rendered HTML (nh3, an
allowlist sanitiser in Rust); `find_unsafe_html` finds the same hazards in the source so
`jdih periksa` can reject them with a line number before anything is merged.
"""

from __future__ import annotations

import bisect
import html
import re
from typing import NamedTuple

import nh3

HEADINGS = {f"h{level}" for level in range(1, 7)}

# What Python-Markdown and the common extensions (tables, footnotes, toc, def_list,
# abbr, admonition/details, attr_list, highlight) produce; everything else is stripped.
ALLOWED_TAGS = HEADINGS | {
    "p", "a", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "code", "pre", "kbd", "blockquote", "em", "strong", "b", "i", "s", "del", "ins", "mark",
    "sup", "sub", "small", "img", "figure", "figcaption", "hr", "br", "abbr",
    "details", "summary", "span", "div",
}

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    # `id` on headings, footnote markers and items: the table of contents and footnotes link to them.
    **{heading: {"id"} for heading in HEADINGS},
    "a": {"href", "title", "class"},  # class: Material styles `headerlink` / footnote links
    "p": {"class"},  # admonition titles
    "img": {"src", "alt", "title", "width", "height", "loading", "decoding"},
    "abbr": {"title"},
    "ol": {"start", "type"},
    "li": {"id"},
    "sup": {"id"},
    "th": {"align", "colspan", "rowspan", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "details": {"open", "class"},
    "span": {"class"},
    "div": {"class"},
    "code": {"class"},  # language-… for highlighting
    "pre": {"class"},
}
STYLE_PROPERTIES = {"text-align"}  # Markdown tables align columns with style="text-align: …"
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # relative URLs pass unchanged
# Removed together with their content: it is code or CSS, never text for the reader.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
LINK_REL = "noopener noreferrer"

def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    # Material's own elements use ids such as `__drawer` and `__search`: a post must not
    # take them over (DOM clobbering), so such ids are dropped.
    if name == "id" and value.startswith("__"):
        return None
    return value


# One reusable cleaner: building the ammonia configuration per call costs more than cleaning.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROP_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
    filter_style_properties=STYLE_PROPERTIES,
    attribute_filter=_keep_attribute,
)


def clean_html(html_text: str) -> str:
    """Rendered Markdown HTML with only the allowlisted tags, attributes and URL schemes."""
    return _CLEANER.clean(html_text)


# --- finding hazards in the source ------------------------------------------------------

class UnsafeHtml(NamedTuple):
    line_offset: int  # 0-based line within the text given
    what: str  # Indonesian: what was found and why it is refused


DANGEROUS_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
                  "link", "meta", "base", "form", "svg", "math", "template")
_TAG = re.compile(r"<\s*/?\s*(" + "|".join(DANGEROUS_TAGS) + r")(?=[\s/>]|$)", re.IGNORECASE)
# An HTML start tag, possibly spanning lines, quoted values kept whole.
_START_TAG = re.compile(r"""<[A-Za-z][\w:-]*(?:[^>"']|"[^"]*"|'[^']*')*>?""")
# `{: onclick=… }` from Markdown's attr_list extension sets attributes too.
_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_EVENT_ATTR = re.compile(r"""(?:^|[\s/"'{])(on[a-z0-9_-]+)\s*=""", re.IGNORECASE)
_SCHEME = re.compile(
    r"(javascript|vbscript|livescript):"
    r"|data:(?:text/html|text/javascript|application/(?:xhtml\+xml|javascript|x-javascript)"
    r"|image/svg\+xml)"
)
# Browsers drop tabs and newlines inside URLs (`java\tscript:` still runs); Markdown and
# CommonMark drop backslash escapes. Remove both before looking for a scheme.
_URL_NOISE = re.compile(r"[\x00-\x1f\x7f\\]")


def _tag_message(name: str) -> str:
    return f"tag HTML <{name.lower()}> tidak diizinkan karena dapat menjalankan kode atau mengubah halaman"


def _event_message(name: str) -> str:
    return f"atribut HTML '{name.lower()}=' tidak diizinkan karena menjalankan kode"


def _scheme_message(found: str) -> str:
    return f"tautan '{found}' tidak diizinkan karena menjalankan kode"


def _schemes_in(text: str) -> list[str]:
    plain = _URL_NOISE.sub("", html.unescape(text)).lower()
    return [match.group(0) for match in _SCHEME.finditer(plain)]


def find_unsafe_html(text: str) -> list[UnsafeHtml]:
    """Every place in `text` where HTML or a URL could run code, by 0-based line, in order.

    Deliberately strict: it also flags such text inside code blocks, since a draft about
    this office's legal documents never needs it and a false alarm costs one edit.
    """
    if not text:
        return []
    found: dict[tuple[int, str], None] = {}  # ordered set
    lines = text.split("\n")
    for number, line in enumerate(lines):
        for match in _TAG.finditer(line):
            found[(number, _tag_message(match.group(1)))] = None
        if ":" in line or "&" in line:
            for scheme in _schemes_in(line):
                found[(number, _scheme_message(scheme))] = None
        if "{" in line:
            for block in _ATTR_LIST.finditer(line):
                for event in _EVENT_ATTR.finditer(block.group(0)):
                    found[(number, _event_message(event.group(1)))] = None
    if "<" in text:
        starts = [0] + [match.end() for match in re.finditer("\n", text)]

        def line_at(position: int) -> int:
            return bisect.bisect_right(starts, position) - 1

        for tag in _START_TAG.finditer(text):
            source = tag.group(0)
            for event in _EVENT_ATTR.finditer(source, 1):
                found[(line_at(tag.start() + event.start(1)), _event_message(event.group(1)))] = None
            if "\n" in source:  # a URL split over lines: the per-line scan cannot see it
                first = line_at(tag.start())
                span = range(first, line_at(tag.end() - 1) + 1)
                for scheme in _schemes_in(source):
                    message = _scheme_message(scheme)
                    if not any((n, message) in found for n in span):
                        found[(first, message)] = None
    return [UnsafeHtml(n, what) for n, what in sorted(found, key=lambda item: item[0])]
