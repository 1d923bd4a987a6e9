"""What a draft's text may carry onto the public page: characters, ids, text inside Markdown.

Each rule is defined here once; `jdih periksa` refuses what breaks it (with the line), the
site build strips or drops it (`site.sanitize`, `site.catalog`), so a post that never went
through the check is still safe.

* **Characters.** Control characters (C0 except tab and line feed, DEL, C1) break feeds —
  XML 1.0 cannot carry them, so one ``\\x1b`` in a title made ``feed.xml`` unreadable — and
  Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
  reorder what a reader sees against what is stored ("Trojan Source"). The marks U+200E and
  U+200F (and U+061C) are allowed: they reorder nothing, they only give neutral characters
  such as punctuation next to Arabic text a direction. Lone surrogates and U+FFFE/U+FFFF are
  refused too: no page or feed can be written with them. Carriage returns are allowed in the
  Markdown body only as part of a CRLF line ending.
* **Ids.** The theme's own elements have ids starting with ``__`` (``__config``,
  ``__search``, ``__drawer``): an element of a post with such an id would take them over
  (DOM clobbering).
* **Markup in plain text.** Front-matter text (title, description, caption, …) is plain
  text: the feeds and the search index carry it as such, and a tag in it (``<img …>``,
  ``</title>``, also written with entities, ``&lt;img …&gt;``) has no business there.
  `jdih periksa` refuses it with the line; the feeds and the search index drop it
  (`strip_markup`). A lone ``<`` (``a < b``) is text, not a tag, and stays.
* **Text inside Markdown.** `markdown_text` writes a string into Markdown (the SOP report,
  the register, the preview comment) so it is shown as written, never as markup.
"""

from __future__ import annotations

import html
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo

# -- characters ---------------------------------------------------------------------------------

TEXT_CONTEXT = "text"  # validation context key: "strip" (the site build) or absent (refuse, the check)
STRIP = "strip"

_BIDI = "\u202a-\u202e\u2066-\u2069"
_NOT_TEXT = "\x7f-\x9f\ud800-\udfff\ufffe\uffff"  # DEL, C1, lone surrogates, non-characters
# In a front-matter value every C0 control but tab and line feed; in a body CR is a line ending.
UNSAFE_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f{_NOT_TEXT}{_BIDI}]")
_BODY_UNSAFE = re.compile(f"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f{_NOT_TEXT}{_BIDI}]")


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def unsafe_chars_message(char: str) -> str:
    """"What — how" for one refused character."""
    if re.match(f"[{_BIDI}]", char):
        return (f"teks memuat karakter pembalik arah tulisan yang tak terlihat ({_char_name(char)}); ia dapat "
                "menyamarkan isi — hapus karakter itu (ketik ulang bagian teks yang disalin dari aplikasi lain)")
    return (f"teks memuat karakter kendali yang tak terlihat ({_char_name(char)}); umpan RSS dan halaman tidak "
            "dapat memuatnya — hapus karakter itu (ketik ulang bagian teks yang disalin dari aplikasi lain)")


def strip_unsafe_chars(text: str) -> str:
    """`text` without the refused characters (front matter values: every CR too)."""
    return UNSAFE_CHARS.sub("", text) if UNSAFE_CHARS.search(text) else text


def strip_unsafe_body_chars(text: str) -> str:
    """A Markdown body without the refused characters; CRLF line endings are kept."""
    return _BODY_UNSAFE.sub("", text) if _BODY_UNSAFE.search(text) else text


def find_unsafe_chars(text: str) -> list[tuple[int, str]]:
    """(0-based line, "what — how") of the first refused character on each line of a body."""
    if not _BODY_UNSAFE.search(text):
        return []
    found = []
    for number, line in enumerate(text.split("\n")):
        match = _BODY_UNSAFE.search(line[:-1] if line.endswith("\r") else line)  # CRLF: the CR ends the line
        if match:
            found.append((number, unsafe_chars_message(match.group(0))))
    return found


def _text(value: Any, info: ValidationInfo) -> Any:
    # Before pydantic's own string check, which refuses a lone surrogate without saying where.
    if not isinstance(value, str):
        return value  # not text: pydantic's type error says so
    match = UNSAFE_CHARS.search(value)
    if match is None:
        return value
    if (info.context or {}).get(TEXT_CONTEXT) == STRIP:
        return UNSAFE_CHARS.sub("", value)
    raise ValueError(unsafe_chars_message(match.group(0)))


# Every string field of the front matter and the settings: refused with its line by the check
# (and by the settings' load), stripped in the site build (validation context `text: strip`).
Text = Annotated[str, BeforeValidator(_text)]


def text_context(strip: bool) -> dict[str, Any]:
    return {TEXT_CONTEXT: STRIP} if strip else {}


# -- markup in plain text ----------------------------------------------------------------------

# What a browser would start a tag, an end tag, a comment or a declaration with: '<' then a
# letter, '/', '!' or '?'; up to the next '>' (or the end of the text, an unclosed tag).
MARKUP_LIKE = re.compile(r"<(?:/?[A-Za-z]|[!?])[^>]*>?")


def find_markup(text: str) -> str | None:
    """The first tag-like sequence in `text` once HTML entities are decoded, or None."""
    if "<" not in text and "&" not in text:
        return None
    match = MARKUP_LIKE.search(html.unescape(text))
    return match.group(0) if match else None


def strip_markup(text: str) -> str:
    """Plain text (a feed's or the search index's field) without tag-like sequences, also
    those written with entities; text without any is returned unchanged."""
    if find_markup(text) is None:
        return text
    return " ".join(MARKUP_LIKE.sub(" ", html.unescape(text)).split())


def markup_message(found: str) -> str:
    """"What — how" for a tag-like sequence in a front-matter text."""
    shown = found if len(found) <= 30 else found[:27] + "..."
    return (f"teks memuat penanda yang menyerupai tag HTML ('{shown}'); judul, ringkasan, takarir dan "
            "isian teks lain ditampilkan sebagai teks biasa — hapus penanda itu, atau tulis dengan kata-kata "
            "(mis. 'kurang dari' untuk '<')")


# -- ids ----------------------------------------------------------------------------------------

RESERVED_ID_PREFIX = "__"


def is_reserved_id(value: str) -> bool:
    """An id the theme's own elements use (or may use): ``__config``, ``__search``, …"""
    return value.strip().startswith(RESERVED_ID_PREFIX)


def reserved_id_message(value: str) -> str:
    shown = value if len(value) <= 40 else value[:37] + "..."
    plain = value.strip().lstrip("_") or "bagian"
    return (f"id '{shown}' tidak diizinkan karena dipakai oleh halaman situs sendiri (awalan '__') — "
            f"ganti dengan nama tanpa awalan '__', mis. '{plain}'")


# -- text inside Markdown -----------------------------------------------------------------------

# HTML's three as entities (Markdown passes entities through; GitHub and Python-Markdown show
# them as the character), and the inline Markdown syntax characters both escape with '\'.
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]|&<>]")
_LINE_START = re.compile(r"^(\s*)(?:([#+-])|(\d+)([.)]))", re.MULTILINE)


def markdown_text(text: str, *, multiline: bool = False) -> str:
    """`text` as Markdown that renders to exactly `text`: no tag, link, emphasis, table cell
    or attribute list. One line, to write after other text on its line, unless `multiline`
    (then its line starts cannot begin a heading or a list either)."""
    text = strip_unsafe_chars(text)
    if not multiline:
        text = " ".join(text.split())
    text = _MD_SPECIAL.sub(lambda m: _MD_HTML.get(m.group(0)) or "\\" + m.group(0), text)
    if not multiline:  # written after other text (a cell, a heading's '### '): no line start to guard
        return text
    return _LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"),
                           text)


# A spreadsheet reads a cell that starts with one of these as a formula: a title such as
# '=HYPERLINK("http://…","Klik")' would run when the office opens the agenda in Excel or
# LibreOffice. OWASP's "CSV Injection" advice: prefix such a cell with a single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """A data string as a spreadsheet cell shows it (CSV): never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
