"""A Content-Security-Policy on every page, as `<meta http-equiv>` (GitHub Pages sets no headers).

The policy allows scripts from the site itself and, by SHA-256 hash, the theme's own inline
scripts, computed from the rendered page: whatever else ends up on a page (an inline `<script>`,
an `onerror=` attribute, a `javascript:` URL) does not run, even if the sanitiser ever missed it.

Inline scripts that come from the page's content (the Markdown body; for a post, the draft) are
never hashed: only the template's own scripts are allowed. The meta goes right after
`<meta charset>`, before any script, since a policy governs only what comes after it.

Hashes are cached by script text: the theme's scripts repeat on every page (one variant per folder
depth, since Material writes `base_url` into one of them), so a build of thousands of pages hashes
only a handful of strings.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import logging
import re

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.jdih")

# Directives besides script-src. `default-src` is left out on purpose: styles, images and
# fonts are the site's own already, and inline `style=` attributes are used by the templates.
OTHER_DIRECTIVES = ("object-src 'none'", "base-uri 'self'", "form-action 'self'")

# The element's start tag (attribute values may hold `>`), then its text up to the first
# `</script` that ends a tag name: how the HTML parser ends script data.
_SCRIPT = re.compile(
    r"""<script(?=[\s/>])(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>(?P<text>.*?)</script(?=[\s/>])""",
    re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_CHARSET = re.compile(r"""<meta\s+charset\s*=\s*["']?[\w-]+["']?\s*/?>""", re.IGNORECASE)
_HEAD = re.compile(r"<head(?=[\s>])[^>]*>", re.IGNORECASE)
_FIRST_SCRIPT = re.compile(r"<script(?=[\s/>])", re.IGNORECASE)

# `type` values a browser executes (HTML's JavaScript MIME type essences, plus modules) or that
# the policy governs like scripts (import maps, speculation rules). Anything else (application/json,
# application/ld+json, text/template, …) is data and needs no hash.
_EXECUTABLE_TYPES = frozenset({
    "", "module", "importmap", "speculationrules",
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
    "text/x-javascript",
})


def _attributes(source: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(source):
        name = match.group(1).lower()
        if name not in found:  # the first of duplicate attributes wins, as in the HTML parser
            value = next((g for g in match.groups()[1:] if g is not None), "")
            found[name] = html.unescape(value)
    return found


def is_executable(attrs: dict[str, str]) -> bool:
    """An inline script the browser would run: no `src`, and no type or a JavaScript type."""
    if "src" in attrs:
        return False
    kind = attrs.get("type")
    if kind is None:
        return True
    essence = kind.split(";", 1)[0].strip().lower()
    return essence in _EXECUTABLE_TYPES


def inline_scripts(page_html: str) -> list[str]:
    """The exact text of every inline executable `<script>` in the page, in order."""
    return [m.group("text") for m in _SCRIPT.finditer(page_html)
            if is_executable(_attributes(m.group("attrs")))]


@functools.lru_cache(maxsize=1024)
def script_hash(text: str) -> str:
    """The CSP source expression for one inline script: `'sha256-<base64>'` of its UTF-8 text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@functools.lru_cache(maxsize=256)
def policy(hashes: tuple[str, ...]) -> str:
    return "; ".join((" ".join(("script-src", "'self'") + hashes),) + OTHER_DIRECTIVES)


def add_policy(page_html: str, content: str | None = None, where: str = "") -> str:
    """The page with its CSP meta right after `<meta charset>`.

    `content` is the page's body HTML as rendered from Markdown: inline scripts whose text is
    part of it are not the theme's and get no hash (they are blocked; a warning names the page).
    """
    hashes: list[str] = []
    for text in inline_scripts(page_html):
        if content and text and text in content:
            log.warning("CSP: skrip sebaris dari isi halaman %s diblokir; pindahkan ke berkas .js.",
                        where or "?")
            continue
        expression = script_hash(text)
        if expression not in hashes:
            hashes.append(expression)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(tuple(hashes))}">'
    # Before the first script, or the policy would not govern it.
    first_script = _FIRST_SCRIPT.search(page_html)
    limit = first_script.start() if first_script else len(page_html)
    anchor = _CHARSET.search(page_html, 0, limit) or _HEAD.search(page_html, 0, limit)
    if anchor is None:
        raise PluginError(f"CSP: halaman {where or '?'} tidak memiliki <head> sebelum skrip pertama.")
    return page_html[:anchor.end()] + "\n" + tag + page_html[anchor.end():]
