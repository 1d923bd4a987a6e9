"""What is announced (`Notification`) and the WhatsApp text, from the office's template."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jinja2

from jdih.content.clock import tanggal
from jdih.content.settings import Settings

TEMPLATE_NAME = "whatsapp.txt.j2"
PLAIN_FILTER = "plain"


# -- what a value from data may do in a WhatsApp message: nothing ------------------------------
#
# WhatsApp turns markers into formatting: *bold*, _italic_, ~strikethrough~, ```monospace```,
# `inline code`, and at the start of a line "> " (quote), "* " or "- " (bulleted list) and "1. "
# (numbered list) — WhatsApp's "How to format your messages", as restated by the WhatsApp API
# providers' documentation: https://green-api.com/en/docs/faq/how-to-format-messages and
# https://www.twilio.com/docs/whatsapp/message-features ("Formatting in WhatsApp Messages").
# It also links every URL and bare domain (example.org) and previews the first URL only — Meta's
# Cloud API "Text messages" reference: "render a preview of the first URL in the body text
# string ... If multiple URLs are in the body text string, only the first URL will be rendered".
#
# The rule, in `plain` and nowhere else: a value from data (title, approver, office names,
# anything but the post's own link) is one line of inert text.
#   1. control characters, line/paragraph separators and invisible format characters (bidi
#      embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069, marks, zero-width
#      spaces, word joiners, BOM) go; ZWJ/ZWNJ stay (emoji sequences, Indic scripts). Line
#      breaks and tabs become one space, so a value can never start a line of its own.
#   2. the formatting markers become look-alikes WhatsApp does not parse: * → ∗ (U+2217),
#      _ → ＿ (U+FF3F), ~ → ∼ (U+223C), ` → ˋ (U+02CB); a value's leading "> ", "- " and
#      "1. " likewise (＞, ‐ U+2010, ․ U+2024).
#   3. links break: a dot followed by a letter or digit becomes ․ (U+2024 ONE DOT LEADER), so
#      no domain ("evil.example", "wa.me", an e-mail address, an IP address) is left, and
#      "://" becomes ":∕∕" (U+2215), so no scheme is left either.
# Replacing, not inserting invisible characters, because what WhatsApp's parser does with a
# zero-width character is undocumented; the look-alikes are simply not its markers. The rule is
# idempotent. The post's own link is the one value that is not plain: `render_message` passes
# it as a `Link`, written by the template itself, so it is the message's first and only link.

_MARKERS = str.maketrans({"*": "\u2217", "_": "\uff3f", "~": "\u223c", "`": "\u02cb"})
_DOTS = re.compile(r"[.\u3002\uff0e\uff61](?=\w)")
_SCHEME = re.compile(r":/+")
_LEADING = (
    (re.compile(r"^>"), "\uff1e"),
    (re.compile(r"^-(?=\s|$)"), "\u2010"),
    (re.compile(r"^(\d+)\.(?=\s|$)"), "\\1\u2024"),
)


def _invisible(char: str) -> bool:
    if char in "\u200c\u200d":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def plain(value: Any) -> str:
    """`value` as one line of text that WhatsApp shows as it is: no formatting, no link (the
    rule above). The Jinja filter `plain` of the message template."""
    text = "".join(" " if char.isspace() else "" if _invisible(char) else char for char in str(value))
    text = " ".join(text.split())
    text = text.translate(_MARKERS)
    for pattern, replacement in _LEADING:
        text = pattern.sub(replacement, text, count=1)
    text = _SCHEME.sub(lambda m: ":" + "\u2215" * (len(m.group(0)) - 1), text)
    return _DOTS.sub("\u2024", text)


class Link(str):
    """The post's own URL: the one value a message template writes as a link."""


_LINK = re.compile(r"^https?://[^\s]+$")


def _link(url: str) -> str:
    """The post's URL as a `Link`, cleaned of invisible characters; anything that is not one
    http(s) URL is made `plain` instead (it cannot be trusted to be the post's link)."""
    cleaned = "".join(char for char in url if not _invisible(char)).strip()
    return Link(cleaned) if _LINK.match(cleaned) else plain(url)


def _finalize(value: Any) -> Any:
    """Every `{{ … }}` of the template: a value the template did not pass through `plain`
    gets it anyway (an office's own template cannot forget it); the post's `Link` stays."""
    if isinstance(value, Link):
        return value
    return plain(value)


class MessageTemplateError(ValueError):
    """The office's message template cannot be used; the message is for the user (Indonesian)."""


class NotificationFileError(ValueError):
    """A notifications file that cannot be read; the message is for the user (Indonesian)."""


@dataclass(frozen=True)
class Notification:
    post_id: str  # stable id of the post, e.g. the path of its URL; never changes once published
    title: str
    url: str
    approver: str
    date: dt.date
    pull_request: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notification:
        for key in ("post_id", "title", "url", "approver", "date"):
            if key not in data:
                raise KeyError(key)
        date = data["date"]
        if isinstance(date, str):
            date = dt.date.fromisoformat(date[:10])
        pull_request = data.get("pull_request")
        return cls(post_id=str(data["post_id"]), title=str(data["title"]), url=str(data["url"]),
                   approver=str(data["approver"]), date=date,
                   pull_request=int(pull_request) if pull_request is not None else None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return data


def idempotency_key(notification: Notification) -> str:
    """Same post and pull request, same key: across retries, re-runs and machines."""
    pull_request = "" if notification.pull_request is None else str(notification.pull_request)
    return hashlib.sha256(f"{notification.post_id}\n{pull_request}".encode()).hexdigest()


def indonesian_date(date: dt.date) -> str:
    """'24 November 2026'."""
    return tanggal(date)


def template_path(settings_file: Path) -> Path:
    """The message template lives beside the settings: `site_config/templates/whatsapp.txt.j2`."""
    return settings_file.parent / "templates" / TEMPLATE_NAME


def render_message(notification: Notification, settings: Settings, template: Path) -> str:
    """The WhatsApp text. The template sees `title`, `url`, `approver`, `date` (Indonesian),
    `office` (settings.office), `site` (settings.site) and `notification`.

    Only `url` (the post's own link) is written as it is; every other value is made `plain`
    (see the rule above) — by the template's `| plain`, or else when it is written."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template.parent)),
                             undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=False, finalize=_finalize)
    env.filters[PLAIN_FILTER] = plain
    try:
        text = env.get_template(template.name).render(
            title=notification.title, url=_link(notification.url), approver=notification.approver,
            date=indonesian_date(notification.date), office=settings.office, site=settings.site,
            notification=notification)
    except jinja2.TemplateNotFound:
        raise MessageTemplateError(f"{template}: templat pesan WhatsApp tidak ditemukan — buat berkas itu "
                                   "(salin site_config/templates/whatsapp.txt.j2 dari repositori contoh)") from None
    except jinja2.TemplateSyntaxError as exc:
        raise MessageTemplateError(f"{template}:{exc.lineno}: templat pesan tidak sah ({exc.message}) — "
                                   "perbaiki templat itu") from None
    except jinja2.UndefinedError as exc:
        raise MessageTemplateError(f"{template}: templat memakai nama yang tidak dikenal ({exc.message}) — "
                                   "gunakan title, url, approver, date, office atau site") from None
    return text.strip() + "\n"


def load_notifications(path: Path) -> list[Notification]:
    """Read a JSON list of {post_id, title, url, approver, date, pull_request}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotificationFileError(f"{path}: berkas tidak ditemukan — periksa nama berkas pada --berkas") from None
    except json.JSONDecodeError as exc:
        raise NotificationFileError(f"{path}:{exc.lineno}: bukan JSON yang sah ({exc.msg}) — "
                                    "perbaiki isi berkas") from None
    if not isinstance(data, list):
        raise NotificationFileError(f"{path}: isi berkas harus daftar (list) kabar — "
                                    "tulis [{\"post_id\": …, \"title\": …}, …]")
    notifications = []
    for index, item in enumerate(data, start=1):
        try:
            notifications.append(Notification.from_dict(item))
        except KeyError as exc:
            raise NotificationFileError(f"{path}: kabar ke-{index} tidak memiliki kunci {exc.args[0]!r} — "
                                        "lengkapi post_id, title, url, approver dan date") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise NotificationFileError(f"{path}: kabar ke-{index} tidak sah ({exc}) — "
                                        "date ditulis TTTT-BB-HH, pull_request berupa angka") from None
    return notifications
