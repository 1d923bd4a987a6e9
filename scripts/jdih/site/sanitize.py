"""Nothing executable from a draft reaches the public page.

Two halves: `clean_html` is the backstop run on every post's rendered HTML (nh3, an
allowlist sanitiser in Rust); `find_unsafe_html` finds the same hazards in the source so
`jdih periksa` can reject them with a line number before anything is merged.

**One policy for what a body may hold.** `find_stripped_html` tells `jdih periksa` every
element and attribute the build would strip — `<video>`, `<button>`, `<input>`, `style=` on a
paragraph, `{: .kelas }` on a heading —, each with its line. It renders the body with the
site's own Markdown extensions (`BODY_EXTENSIONS`, the list in mkdocs.yml) and reads the result
against this module's allowlist (`ALLOWED_TAGS`, `ALLOWED_ATTRIBUTES`, `DROP_WITH_CONTENT`,
`STYLE_PROPERTIES`), the very sets the cleaner is built from, so what the page shows is what
the check accepted. What `find_unsafe_html` and `find_refused_links_and_ids` already refuse
(tags that run code, event handlers, URLs, ids) is left to them, so nothing is said twice.
"""

from __future__ import annotations

import bisect
import html
import re
from html.parser import HTMLParser
from typing import NamedTuple

import markdown
import nh3
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.toc import slugify

from jdih.content.safety import is_reserved_id, reserved_id_message, strip_unsafe_body_chars
from jdih.content.urls import LINK_SCHEMES, WEB_SCHEMES, url_problem

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
    "*": {"lang", "title"},  # on every tag (ammonia's generic attributes, written out)
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
URL_SCHEMES = set(LINK_SCHEMES)  # the one URL rule (content.urls); relative URLs are judged by it too
# Where each URL attribute may point: a link also to an e-mail address, an image only to the web or the site.
URL_ATTRIBUTES = {("a", "href"): LINK_SCHEMES, ("img", "src"): WEB_SCHEMES}
# Removed together with their content: it is code or CSS, never text for the reader.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
LINK_REL = "noopener noreferrer"

def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    # Material's own elements use ids such as `__drawer` and `__search`: a post must not
    # take them over (DOM clobbering), so such ids are dropped (the rule of content.safety).
    if name == "id" and is_reserved_id(value):
        return None
    schemes = URL_ATTRIBUTES.get((tag, name))
    if schemes is not None and url_problem(value, schemes=schemes, relative=True) is not None:
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
    """Rendered Markdown HTML with only the allowlisted tags, attributes and URLs, and without
    control or bidirectional characters (content.safety)."""
    return strip_unsafe_body_chars(_CLEANER.clean(html_text))


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
_EVENT_ATTR = re.compile(r"""(?:^|[\s/"'{:])(on[a-z0-9_-]+)\s*=""", re.IGNORECASE)  # `{:onclick=…}` too
_SCHEME = re.compile(
    r"(javascript|vbscript|livescript):"
    r"|data:(?:text/html|text/javascript|application/(?:xhtml\+xml|javascript|x-javascript)"
    r"|image/svg\+xml)"
)
# CSS that runs code: IE's `expression(…)` (comments and escapes removed first, `expr/**/ession(`).
_STYLE_ATTR = re.compile(r"""(?:^|[\s"'/{:])style\s*=""", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_EXPRESSION = re.compile(r"expression\s*\(", re.IGNORECASE)
# Browsers drop tabs and newlines inside URLs (`java\tscript:` still runs); Markdown and
# CommonMark drop backslash escapes. Remove both before looking for a scheme.
_URL_NOISE = re.compile(r"[\x00-\x1f\x7f\\]")


def _tag_message(name: str) -> str:
    return f"tag HTML <{name.lower()}> tidak diizinkan karena dapat menjalankan kode atau mengubah halaman"


def _event_message(name: str) -> str:
    return f"atribut HTML '{name.lower()}=' tidak diizinkan karena menjalankan kode"


def _scheme_message(found: str) -> str:
    return f"tautan '{found}' tidak diizinkan karena menjalankan kode"


def _style_message() -> str:
    return "gaya CSS 'expression(' tidak diizinkan karena menjalankan kode"


def _has_expression(text: str) -> bool:
    plain = _CSS_COMMENT.sub("", _URL_NOISE.sub("", html.unescape(text)))
    return bool(_EXPRESSION.search(plain))


def _decoded_events(text: str) -> list[str]:
    """Event handlers of tags written with HTML entities (`&lt;img onerror=…&gt;`) — in text, a
    link or image title, an attribute value: a tooltip or a script that decodes them makes them
    markup again."""
    decoded = html.unescape(text)
    if decoded == text or "<" not in decoded:
        return []
    return [event.group(1) for tag in _START_TAG.finditer(decoded) for event in _EVENT_ATTR.finditer(tag.group(0), 1)]


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
        if "&" in line:
            for event in _decoded_events(line):
                found[(number, _event_message(event))] = None
        if "{" in line:
            for block in _ATTR_LIST.finditer(line):
                for event in _EVENT_ATTR.finditer(block.group(0)):
                    found[(number, _event_message(event.group(1)))] = None
                if _STYLE_ATTR.search(block.group(0)) and _has_expression(block.group(0)):
                    found[(number, _style_message())] = None
    if "<" in text:
        starts = [0] + [match.end() for match in re.finditer("\n", text)]

        def line_at(position: int) -> int:
            return bisect.bisect_right(starts, position) - 1

        for tag in _START_TAG.finditer(text):
            source = tag.group(0)
            for event in _EVENT_ATTR.finditer(source, 1):
                found[(line_at(tag.start() + event.start(1)), _event_message(event.group(1)))] = None
            style = _STYLE_ATTR.search(source, 1)
            if style is not None and _has_expression(source[style.end():]):
                found[(line_at(tag.start() + style.start()), _style_message())] = None
            if "\n" in source:  # a URL split over lines: the per-line scan cannot see it
                first = line_at(tag.start())
                span = range(first, line_at(tag.end() - 1) + 1)
                for scheme in _schemes_in(source):
                    message = _scheme_message(scheme)
                    if not any((n, message) in found for n in span):
                        found[(first, message)] = None
    return [UnsafeHtml(n, what) for n, what in sorted(found, key=lambda item: item[0])]


# --- links and ids in the source: the rules the cleaner applies ---------------------------

class Refused(NamedTuple):
    line_offset: int  # 0-based line within the text given
    what: str  # Indonesian: what was found and why it is refused
    fix: str  # Indonesian: how to fix it


# Where Markdown and HTML put a URL or an id: inline links and images `](url "title")`,
# reference definitions `[x]: url` (not footnotes `[^1]:`), autolinks `<scheme:…>`, HTML
# attributes, attribute lists `{: #id href=… }`, and the ids `toc` derives from headings.
_INLINE_LINK = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^\s)]*))")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(?:<([^>\n]*)>|(\S+))")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")
_HTML_ATTRIBUTE = re.compile(r"""(?:^|[\s"'/])(href|src|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
                             re.IGNORECASE)
_ATTR_LIST_BODY = re.compile(r"\{:?[ ]*(.*?)[ ]*\}\Z", re.DOTALL)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_LINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_TRAILING_ATTR_LIST = re.compile(r"[ \t]*\{[^{}\n]*\}[ \t]*$")


def _refused_url(url: str, schemes: tuple[str, ...]) -> tuple[str, str] | None:
    url = html.unescape(url)
    if _schemes_in(url):
        return None  # `javascript:` and the like: find_unsafe_html reports them
    problem = url_problem(url, schemes=schemes, relative=True)
    return tuple(problem.split(" — ", 1)) if problem else None  # type: ignore[return-value]


def _refused_id(value: str) -> tuple[str, str] | None:
    value = html.unescape(value)
    return tuple(reserved_id_message(value).split(" — ", 1)) if is_reserved_id(value) else None  # type: ignore


def _heading_id(text: str) -> str:
    """The id Markdown's `toc` gives a heading with this source text (no explicit `{#id}`)."""
    rendered = re.sub(r"<[^>]*>", "", markdown.markdown(text))
    return slugify(html.unescape(rendered), "-")


def find_refused_links_and_ids(text: str) -> list[Refused]:
    """Every URL outside the one URL rule (`content.urls`: http(s), mailto in a link, or a relative
    path inside the site) and every id the theme reserves (`content.safety`), by 0-based line."""
    if not text:
        return []
    found: dict[tuple[int, str], str] = {}

    def add(number: int, problem: tuple[str, str] | None) -> None:
        if problem is not None:
            found.setdefault((number, problem[0]), problem[1])

    lines = text.split("\n")
    for number, line in enumerate(lines):
        if "](" in line:
            for match in _INLINE_LINK.finditer(line):
                add(number, _refused_url(match.group(1) if match.group(1) is not None else match.group(2),
                                         LINK_SCHEMES))
        if "]:" in line:
            match = _REFERENCE.match(line)
            if match:
                add(number, _refused_url(match.group(1) if match.group(1) is not None else match.group(2),
                                         LINK_SCHEMES))
        if "<" in line:
            for match in _AUTOLINK.finditer(line):
                add(number, _refused_url(match.group(1), LINK_SCHEMES))
        if "{" in line:
            for block in _ATTR_LIST.finditer(line):
                inner = _ATTR_LIST_BODY.match(block.group(0))
                attrs, _ = get_attrs_and_remainder(inner.group(1)) if inner else ([], "")
                for name, value in attrs:
                    if name == "id":
                        add(number, _refused_id(value))
                    elif name in ("href", "src"):
                        add(number, _refused_url(value, LINK_SCHEMES))
        heading = _ATX_HEADING.match(line)
        if heading is None and number + 1 < len(lines) and line.strip() and _SETEXT_LINE.match(lines[number + 1]) \
                and not _SETEXT_LINE.match(line):
            heading = re.match(r"^\s*(.*?)\s*$", line)
        if heading is not None and "_" in heading.group(1):  # an id starting with '__' needs '_'
            title = heading.group(1)
            explicit = _TRAILING_ATTR_LIST.search(title)
            if not (explicit and "#" in explicit.group(0)):  # an explicit `{#id}` is checked above
                slug = _heading_id(_TRAILING_ATTR_LIST.sub("", title))
                if is_reserved_id(slug):
                    add(number, (f"judul bagian ini menghasilkan id '{slug}', yang dipakai oleh halaman situs "
                                 "sendiri (awalan '__')",
                                 "ubah judul bagian agar tidak diawali '__', atau beri id sendiri, "
                                 "mis. '## Judul {#judul}'"))
    if "<" in text:
        starts = [0] + [match.end() for match in re.finditer("\n", text)]
        for tag in _START_TAG.finditer(text):
            source = tag.group(0)
            name = re.match(r"<([A-Za-z][\w:-]*)", source).group(1).lower()
            for attribute in _HTML_ATTRIBUTE.finditer(source, 1):
                value = next(v for v in attribute.groups()[1:] if v is not None)
                line = bisect.bisect_right(starts, tag.start() + attribute.start(1)) - 1
                kind = attribute.group(1).lower()
                if kind == "id":
                    add(line, _refused_id(value))
                else:
                    add(line, _refused_url(value, WEB_SCHEMES if name == "img" else LINK_SCHEMES))
    return [Refused(n, what, fix) for (n, what), fix in sorted(found.items(), key=lambda item: item[0][0])]


# --- what the build strips: the allowlist read back for `jdih periksa` ----------------------

# The Markdown extensions the site renders a body with (mkdocs.yml `markdown_extensions`; a test
# keeps the two equal).
BODY_EXTENSIONS = ("attr_list", "tables", "toc", "admonition")
_MEDIA_TAGS = {"video", "audio", "source", "track", "picture", "canvas", "map", "area"}
_FORM_TAGS = {"button", "input", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend",
              "output", "datalist", "meter", "progress", "dialog"}
_VOID = {"input", "source", "track", "area", "wbr", "col", "param", "keygen", "img", "br", "hr", "embed"}
MARKDOWN_FIX = "hapus tag ini dan tulis isinya dengan Markdown biasa (judul ##, daftar -, **tebal**, tabel)"


class _Rendered(HTMLParser):
    """The start tags of rendered HTML, in order, with their attributes; nothing inside an element
    the cleaner drops with its content (it goes whole)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []
        self._dropping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self._dropping:
            if tag in DROP_WITH_CONTENT and tag not in _VOID:
                self._dropping += 1
            return
        self.found.append((tag, [(name, value or "") for name, value in attrs]))
        if tag in DROP_WITH_CONTENT and tag not in _VOID:
            self._dropping = 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if not self._dropping:
            self.found.append((tag, [(name, value or "") for name, value in attrs]))

    def handle_endtag(self, tag: str) -> None:
        if self._dropping and tag in DROP_WITH_CONTENT:
            self._dropping -= 1


def _tag_fix(tag: str) -> str:
    if tag in _MEDIA_TAGS:
        return ("hapus tag ini; untuk video atau suara, unggah ke akun media sosial kantor lalu cantumkan tautan "
                "https:// ke halamannya; gambar ditulis dengan Markdown: ![teks alternatif](nama-gambar.jpg)")
    if tag in _FORM_TAGS:
        return ("hapus tag ini; halaman konten tidak memuat tombol atau isian formulir: cantumkan tautan https:// "
                "ke halaman formulirnya")
    return MARKDOWN_FIX


def _stripped_in(rendered: str) -> list[tuple[str, str | None, str]]:
    """(tag, attribute or None, what) for each element and attribute of rendered HTML the cleaner
    strips, in document order."""
    parser = _Rendered()
    parser.feed(rendered)
    parser.close()
    generic = ALLOWED_ATTRIBUTES.get("*", set())
    found = []
    for tag, attrs in parser.found:
        if tag not in ALLOWED_TAGS:
            if tag in DANGEROUS_TAGS:
                continue  # refused by find_unsafe_html, with its own words
            whole = " beserta isinya" if tag in DROP_WITH_CONTENT else ""
            found.append((tag, None, f"tag HTML <{tag}> tidak ditampilkan di situs: saat situs dibangun, tag ini "
                                     f"dihapus{whole}"))
            continue
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | generic
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src", "id") and name in allowed) \
                    or (name == "id" and is_reserved_id(value)):
                continue  # event handlers, URLs and ids: find_unsafe_html / find_refused_links_and_ids
            if name not in allowed:
                found.append((tag, name, f"atribut '{name}' pada <{tag}> tidak ditampilkan di situs: saat situs "
                                         "dibangun, atribut ini dihapus"))
            elif name == "style":
                properties = [part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()]
                extra = sorted({prop for prop in properties if prop not in STYLE_PROPERTIES})
                if extra:
                    found.append((tag, name, f"gaya CSS {', '.join(extra)} pada <{tag}> dihapus saat situs dibangun "
                                             f"(yang dipakai hanya {', '.join(sorted(STYLE_PROPERTIES))})"))
    return found


def _attribute_fix(tag: str, name: str) -> str:
    if name == "style":
        return ("hapus atribut style; tampilan halaman diatur situs, dan perataan kolom tabel ditulis dengan ':' "
                "di baris pemisah tabel Markdown")
    allowed = sorted((ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES.get("*", set())) - {"id"})
    return f"hapus atribut ini (yang dipakai pada <{tag}>: {', '.join(allowed)})"


def _source_places(text: str) -> tuple[list[tuple[str, int, dict[str, int]]], list[tuple[int, set[str]]]]:
    """Where the source writes HTML tags (name, line, {attribute: line}) and attribute lists
    (line, attribute names), by 0-based line."""
    starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line_at(position: int) -> int:
        return bisect.bisect_right(starts, position) - 1

    tags = []
    for tag in _START_TAG.finditer(text):
        source = tag.group(0)
        name = re.match(r"<([A-Za-z][\w:-]*)", source).group(1).lower()
        attrs: dict[str, int] = {}
        for attribute in re.finditer(r"""[\s"'/]([^\s"'/=<>`]+)(?=\s*=|[\s/>]|$)""", source[len(name) + 1:]):
            attrs.setdefault(attribute.group(1).lower(), line_at(tag.start() + len(name) + 1 + attribute.start(1)))
        tags.append((name, line_at(tag.start()), attrs))
    lists = []
    for number, line in enumerate(text.split("\n")):
        if "{" not in line:
            continue
        for block in _ATTR_LIST.finditer(line):
            inner = _ATTR_LIST_BODY.match(block.group(0))
            if inner is None:
                continue
            attrs_found, _ = get_attrs_and_remainder(inner.group(1))
            names = {"class" if name == "." else name.lower() for name, _ in attrs_found}
            names |= {"class"} if re.search(r"(?:^|\s)\.[\w-]", inner.group(1)) else set()
            lists.append((number, names))
    return tags, lists


def find_stripped_html(text: str) -> list[Refused]:
    """Every element and attribute of a Markdown body that the build strips (see the module),
    by 0-based line, in order; nothing `find_unsafe_html` or `find_refused_links_and_ids` says."""
    if not text or ("<" not in text and "{" not in text):
        return []  # plain Markdown: nothing the allowlist does not have (most posts)
    rendered = markdown.Markdown(extensions=list(BODY_EXTENSIONS)).convert(text)
    stripped = _stripped_in(rendered)
    if not stripped:
        return []
    tags, lists = _source_places(text)
    used_tags: set[int] = set()
    used_lists: set[tuple[int, str]] = set()
    found: dict[tuple[int, str], str] = {}
    for tag, name, what in stripped:
        line = 0
        if name is None:
            index = next((i for i, (written, _, _) in enumerate(tags) if written == tag and i not in used_tags), None)
            if index is not None:
                used_tags.add(index)
                line = tags[index][1]
            found.setdefault((line, what), _tag_fix(tag))
            continue
        index = next((i for i, (written, _, attrs) in enumerate(tags)
                      if written == tag and name in attrs and (i, name) not in used_lists), None)
        if index is not None:
            used_lists.add((index, name))
            line = tags[index][2][name]
        else:
            place = next(((n, names) for n, names in lists if name in names and (-n - 1, name) not in used_lists),
                         None)
            if place is not None:
                used_lists.add((-place[0] - 1, name))
                line = place[0]
        found.setdefault((line, what), _attribute_fix(tag, name))
    return [Refused(n, what, fix) for (n, what), fix in sorted(found.items(), key=lambda item: item[0][0])]
