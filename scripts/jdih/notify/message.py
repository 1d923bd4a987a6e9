"""What is announced (`Notification`) and the WhatsApp text, from the office's template."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jinja2

from jdih.content.clock import tanggal
from jdih.content.settings import SOCIAL_HOSTS, Settings, on_platform_host
from jdih.content.social_text import PLATFORM_NAMES, plain
from jdih.content.social_text import is_invisible as _invisible

TEMPLATE_NAME = "whatsapp.txt.j2"
PLAIN_FILTER = "plain"


# -- what a value from data may do in a WhatsApp message: nothing ------------------------------
#
# The rule is `content.social_text.plain` (the site's wa.me share text applies it too). The post's
# own link is the one value that is not plain: `render_message` passes it as a `Link`, written by
# the template itself, so it is the message's first and only link.


class Link(str):
    """The post's own URL: the one value a message template writes as a link."""


_LINK = re.compile(r"^https?://[^\s]+$")


def _link(url: str) -> str:
    """The post's URL as a `Link`, cleaned of invisible characters; anything that is not one
    http(s) URL is made `plain` instead (it cannot be trusted to be the post's link)."""
    cleaned = "".join(char for char in url if not _invisible(char)).strip()
    return Link(cleaned) if _LINK.match(cleaned) else plain(url)


def _upload_links(uploads: tuple[tuple[str, str], ...]) -> list[tuple[str, Any]]:
    """(platform name, link) for the message: a link only on the platform's own hosts
    (`on_platform_host`), else made `plain` like any other value from data."""
    shown = []
    for platform, url in uploads:
        name = PLATFORM_NAMES.get(platform, plain(platform))
        cleaned = "".join(char for char in url if not _invisible(char)).strip()
        link = Link(cleaned) if platform in SOCIAL_HOSTS and on_platform_host(platform, cleaned) and _LINK.match(
            cleaned) else plain(url)
        shown.append((name, link))
    return shown


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
    # SOP step 6b: the links of the post on the office's accounts (platform, link), and the
    # platforms it is not on yet; filled from the upload ledger just before the message is made.
    uploads: tuple[tuple[str, str], ...] = ()
    waiting: tuple[str, ...] = ()
    follow_up: bool = False  # a second notice: only the links uploaded after the first one ("kabar susulan")
    # A substantive correction ("ralat") of a post already announced: its own notice, sent once
    # (its own ledger key, on the correcting pull request), never uploaded to the platforms.
    correction: str = ""  # the correction note; "" for a notice of a new post

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
                   pull_request=int(pull_request) if pull_request is not None else None,
                   uploads=tuple((str(name), str(link)) for name, link in data.get("uploads") or ()),
                   waiting=tuple(str(name) for name in data.get("waiting") or ()),
                   follow_up=bool(data.get("follow_up", False)),
                   correction=str(data.get("correction") or ""))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        # The step-6b fields only when set: the notifications file keeps its shape otherwise.
        data.pop("uploads"), data.pop("waiting"), data.pop("follow_up"), data.pop("correction")
        if self.uploads:
            data["uploads"] = [list(pair) for pair in self.uploads]
        if self.waiting:
            data["waiting"] = list(self.waiting)
        if self.follow_up:
            data["follow_up"] = True
        if self.correction:
            data["correction"] = self.correction
        return data


def idempotency_key(notification: Notification) -> str:
    """Same post and pull request, same key: across retries, re-runs and machines."""
    pull_request = "" if notification.pull_request is None else str(notification.pull_request)
    # A correction's notice has a key of its own: the post's first notice never stands for it.
    ralat = "\nralat" if notification.correction else ""
    return hashlib.sha256(f"{notification.post_id}\n{pull_request}{ralat}".encode()).hexdigest()


def indonesian_date(date: dt.date) -> str:
    """'24 November 2026'."""
    return tanggal(date)


def template_path(settings_file: Path) -> Path:
    """The message template lives beside the settings: `site_config/templates/whatsapp.txt.j2`."""
    return settings_file.parent / "templates" / TEMPLATE_NAME


def render_message(notification: Notification, settings: Settings, template: Path) -> str:
    """The WhatsApp text. The template sees `title`, `url`, `approver` (the approver's name and
    jabatan from `people`, else the account: `Settings.display_name`), `date` (Indonesian),
    `office` (settings.office), `site` (settings.site), `uploads` ((platform name, link) of the
    post on the office's accounts), `waiting` (names of the platforms still to come) and
    `notification`.

    Only `url` (the post's own link) is written as it is; every other value is made `plain`
    (see the rule above) — by the template's `| plain`, or else when it is written."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template.parent)),
                             undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=False, finalize=_finalize)
    env.filters[PLAIN_FILTER] = plain
    try:
        text = env.get_template(template.name).render(
            title=notification.title, url=_link(notification.url),
            approver=settings.display_name(notification.approver),
            date=indonesian_date(notification.date), office=settings.office, site=settings.site,
            uploads=_upload_links(notification.uploads),
            waiting=[PLATFORM_NAMES.get(name, plain(name)) for name in notification.waiting],
            notification=notification)
    except jinja2.TemplateNotFound:
        raise MessageTemplateError(f"{template}: templat pesan WhatsApp tidak ditemukan — buat berkas itu "
                                   "(salin site_config/templates/whatsapp.txt.j2 dari repositori contoh)") from None
    except jinja2.TemplateSyntaxError as exc:
        raise MessageTemplateError(f"{template}:{exc.lineno}: templat pesan tidak sah ({exc.message}) — "
                                   "perbaiki templat itu") from None
    except jinja2.UndefinedError as exc:
        raise MessageTemplateError(f"{template}: templat memakai nama yang tidak dikenal ({exc.message}) — "
                                   "gunakan title, url, approver, date, office, site, uploads atau waiting") from None
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
