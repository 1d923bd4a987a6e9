"""One rule for every URL that comes from data, so no draft or setting can make a link run code.

A URL from a draft (`legal_documents[].url`, a link or image in the Markdown body), from
provenance (`pull_request_url`) or from the settings (`site.url`, `site.logo`) is allowed
only when it is

* an address on the web: ``https://host/…`` or ``http://host/…``;
* ``mailto:…``, where an e-mail address belongs (a link in a post's body);
* a relative path inside the site (``../lain/``, ``media/foto.jpg``, ``#bagian``), where a
  path belongs (a link or image in a post's body, the logo).

Everything else is refused: any other scheme (``javascript:``, ``data:``, ``vbscript:``,
``file:``, ``tel:`` …), protocol-relative ``//host`` and root ``/path`` addresses (which leave
the site's folder), backslashes (browsers read them as ``/``), spaces, control characters and
``<``, ``>``, ``"`` (never part of a URL; they break out of an HTML attribute).

The URL is judged the way a browser reads it: tabs and line breaks inside are dropped
(``java\tscript:`` is ``javascript:``) and the scheme is case-insensitive. `jdih periksa`
refuses a URL with `url_problem`'s message and its line; the build (`site.sanitize`, the
models in `content.post` and `content.settings`) uses the same rule to drop or refuse it.
"""

from __future__ import annotations

import re

WEB_SCHEMES = ("https", "http")
LINK_SCHEMES = (*WEB_SCHEMES, "mailto")  # a link in a post's body may write to an e-mail address

# As the WHATWG URL parser: C0 controls and space around the URL are trimmed, tab, LF and CR
# inside are removed; then a scheme is letters, digits, '+', '-', '.' up to the first ':'.
_OUTER = "".join(map(chr, range(0x21)))
_INSIDE_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Never part of a URL written by a person: whitespace, control characters, and the characters
# that end an HTML attribute or a tag.
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f<>\"\\]")
_WEB = re.compile(r"(?i:https?)://[^/?#@:]+(?::\d*)?(?:[/?#]|$)")
_WEB_FIX = "tulis alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'"


def _as_browser_reads(value: str) -> str:
    return _INSIDE_NOISE.sub("", value.strip(_OUTER))


def scheme_of(value: str) -> str | None:
    """The scheme of a URL as a browser reads it, lower case; None for a relative URL."""
    match = _SCHEME.match(_as_browser_reads(value))
    return match.group(1).lower() if match else None


def url_problem(value: str, *, schemes: tuple[str, ...] = WEB_SCHEMES, relative: bool = False) -> str | None:
    """None when `value` passes the rule, else "what is wrong — how to fix" in Indonesian.

    `schemes`: the schemes allowed here (`WEB_SCHEMES` or `LINK_SCHEMES`); `relative`: whether
    a relative path inside the site is allowed here."""
    shown = value if len(value) <= 60 else value[:57] + "..."
    scheme = scheme_of(value)
    if scheme is not None and scheme not in schemes:
        allowed = " atau ".join([*(f"{s}:" if s == "mailto" else f"{s}://" for s in schemes),
                                 *(["alamat relatif di dalam situs"] if relative else [])])
        return f"tautan '{shown}' tidak diizinkan: hanya {allowed} — {_WEB_FIX}"
    if _FORBIDDEN.search(value):
        return (f"tautan '{shown.strip()}' memuat spasi, garis miring terbalik, tanda kutip, '<', '>' atau "
                "karakter kendali — salin ulang alamatnya; spasi di dalam alamat ditulis %20")
    if scheme in WEB_SCHEMES and not _WEB.match(value):
        return f"tautan '{shown}' tidak lengkap — {_WEB_FIX}"
    if scheme == "mailto" and len(value) <= len("mailto:"):
        return f"tautan '{shown}' tidak memuat alamat surel — tulis mis. 'mailto:jdih@kpu.go.id'"
    if scheme is None:
        if not relative:
            return f"tautan '{shown}' bukan alamat web lengkap — {_WEB_FIX}"
        if value.startswith("/"):
            return (f"tautan '{shown}' keluar dari folder situs — tulis alamat relatif (mis. '../judul-lain/') "
                    "atau alamat lengkap https://")
    return None


def is_allowed_url(value: str, *, schemes: tuple[str, ...] = WEB_SCHEMES, relative: bool = False) -> bool:
    return url_problem(value, schemes=schemes, relative=relative) is None
