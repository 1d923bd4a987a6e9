"""Share links for a post, with texts from the office's Jinja2 template.

Every URL is built with `urllib.parse.urlencode`/`quote`, so titles with '&', '#', '?',
emoji or newlines survive the round trip.

WhatsApp formats and links what it is sent (`*tebal*`, `_miring_`, ``` ``` ```, `evil.example`): in
the WhatsApp text every value from data (title, description, office, hashtags) is made `plain`
(`content.social_text`, the rule of the WhatsApp announcement too); only `url`, the post's own
link, is written as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2

from jdih.content.social_text import plain

PLATFORM_LABELS = {
    "whatsapp": "WhatsApp",
    "facebook": "Facebook",
    "x": "X",
    "telegram": "Telegram",
    "email": "Surel",
}


@dataclass(frozen=True)
class ShareLink:
    platform: str
    label: str
    href: str


@dataclass(frozen=True)
class ShareTexts:
    whatsapp: str
    x: str
    telegram: str
    email_subject: str
    email_body: str


@lru_cache(maxsize=4)
def _template(path: str, mtime: float) -> jinja2.Template:
    env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(Path(path).read_text(encoding="utf-8"))


def render_texts(template_path: Path, **context) -> ShareTexts:
    """Render each platform's block of the share template (`{% block whatsapp %}` …)."""
    template = _template(str(template_path), template_path.stat().st_mtime)
    ctx = template.new_context(context)
    texts = {name: "".join(block(ctx)).strip() for name, block in template.blocks.items()}
    if "whatsapp" in template.blocks:
        whatsapp = {key: value if key == "url" else _plain_value(value) for key, value in context.items()}
        texts["whatsapp"] = "".join(template.blocks["whatsapp"](template.new_context(whatsapp))).strip()
    return ShareTexts(**{field: texts[field] for field in ShareTexts.__dataclass_fields__})


def _plain_value(value):
    """A value from data for the WhatsApp text: text made `plain`, each item of a list too."""
    if isinstance(value, (list, tuple)):
        return [_plain_value(item) for item in value]
    return plain(value) if isinstance(value, str) else value


def share_links(url: str, title: str, texts: ShareTexts, platforms: list[str]) -> list[ShareLink]:
    builders = {
        "whatsapp": lambda: f"https://wa.me/?text={_q(texts.whatsapp)}",
        "facebook": lambda: f"https://www.facebook.com/sharer/sharer.php?u={_q(url)}",
        "x": lambda: f"https://x.com/intent/post?text={_q(texts.x)}&url={_q(url)}",
        "telegram": lambda: f"https://t.me/share/url?url={_q(url)}&text={_q(texts.telegram)}",
        "email": lambda: f"mailto:?subject={_q(texts.email_subject)}&body={_q(texts.email_body)}",
    }
    return [ShareLink(p, PLATFORM_LABELS[p], builders[p]()) for p in platforms]


def _q(value: str) -> str:
    # Everything but unreserved characters is escaped: spaces as %20 (mail clients show '+'
    # literally), '&', '#', '=' and newlines too.
    return quote(value, safe="")
