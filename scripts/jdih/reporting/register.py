"""The agenda register (buku agenda): every published item, numbered, as CSV, Markdown and .xlsx.

Built from ``content/posts/`` alone (each post's front matter and the provenance that
publication stamped on it), optionally completed by

* the register data (`PostFacts` per post, written by ``jdih agenda --github --simpan-data``
  from GitHub: the disposisi issue's date, the notification ledger and the upload ledger on
  the merged pull request) — what the site build gets in the publish workflow;
* the notification ledger (``JsonFileLedger`` JSON of :mod:`jdih.notify.ledger`, or a plain
  ``{post_id: time}`` mapping / ``[{"post_id", "sent_at"}]`` list) for "kabar terkirim";
* ItemEvents (:mod:`jdih.reporting.timeline`) for the disposisi date, which the provenance does not
  carry (it keeps the disposisi number only).

A notification is *sent* (with its time), *pending* (a source that knows this post says it was
not sent yet) or *unknown* (no source given for it): the register never says "not sent" for a
post it has no data about.

The uploads to the office's social accounts (SOP step 6a) follow the same rule per platform:
the post's link there, "menunggu" ("belum" in the files) for a platform the upload ledger lists
as not up yet, "—" (empty in the files) when no upload record is known. The site page and the
Markdown make a link only of an https address on the platform's own hosts
(`settings.on_platform_host`): the page is public, and a ledger's link is data. The CSV and
xlsx carry one column per platform; the page one column for all.

People are shown as `Settings.display_name` shows them (name and jabatan from `people`, else
the account); the NIP only in the CSV and xlsx files (`nip=True`), never on the site.

Decisions:

* **Agenda number** ``NNN/JDIH/YYYY``: sequential per year of the approval date, in order
  of approval (then merge time, then post id), so a number never depends on anything
  that changes after approval.
* **Approval date** is ``provenance.approved_at`` (the Kasubbag's approving review); the
  **publish date** is ``provenance.merged_at`` — publication runs on the merge.
* The link is the post's permanent address: ``site.url`` + ``posts/<year>/<slug>/``.
* **A post's life** (`PostMeta.state` at the register's moment): a withdrawn or expired post
  keeps its row and its number, its title marked "(ditarik <tanggal>)" or "(kedaluwarsa
  <tanggal>)"; a scheduled post is numbered with the others (its number is its approval's, so
  it never moves the numbers of posts approved after it) but left out until it goes live.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdih.content.clock import Where, format_date, now, zone_of
from jdih.content.files import live_url, post_files
from jdih.content.files import post_id as post_id_of
from jdih.content.post import PostMeta, parse_meta, read_source
from jdih.content.safety import markdown_text, spreadsheet_text
from jdih.content.settings import Settings, on_platform_host
from jdih.content.social_text import PLATFORM_NAMES, PLATFORMS
from jdih.content.urls import url_problem
from jdih.reporting.timeline import ItemEvents, Upload

AGENDA_CODE = "JDIH"
NOT_SENT = "belum"     # CSV/xlsx: a source says the notice was not sent (yet)
PENDING = "menunggu"   # the same, as people read it (the site, Markdown)
UNKNOWN = "—"          # no source for this post
PEOPLE_SEPARATOR = "; "  # between people: a name and jabatan has commas of its own
SENT, WAITING = "sent", "pending"  # RegisterRow.notification
REGISTER_DATA_VERSION = 1


class RegisterError(ValueError):
    """A ledger or content file the register cannot read; the message is for the user."""


@dataclass
class RegisterRow:
    agenda_number: str
    post_id: str
    title: str
    link: str
    disposisi_number: int | None = None
    disposisi_date: dt.date | None = None
    author: str = ""
    editors: list[str] = field(default_factory=list)
    approver: str = ""
    approved_at: dt.datetime | None = None
    published_at: dt.datetime | None = None
    notified_at: dt.datetime | None = None
    pull_request: int | None = None
    notification: str | None = None  # SENT, WAITING, or None: no source knows
    uploads: list[Upload] | None = None  # step 6a per platform; None: no upload record known
    state: str = "tayang"  # PostMeta.state at the register's moment
    left_at: dt.datetime | None = None  # when a withdrawn or expired post left the site
    revised: list[dt.datetime] = field(default_factory=list)  # its corrections (ralat), oldest first

    @property
    def shown_title(self) -> str:
        """The title, marked with its corrections and when the post left the site (every output
        shows this one): "Judul (diralat 2 kali, terakhir 28 Nov 2026; ditarik 1 Des 2026)"."""
        marks = []
        if self.revised:
            last = format_date(self.revised[-1].date(), 'd MMM y')
            marks.append(f"diralat {last}" if len(self.revised) == 1
                         else f"diralat {len(self.revised)} kali, terakhir {last}")
        if self.state in ("ditarik", "kedaluwarsa"):
            when = f" {format_date(self.left_at.date(), 'd MMM y')}" if self.left_at else ""
            marks.append(f"{self.state}{when}")
        return f"{self.title} ({'; '.join(marks)})" if marks else self.title


@dataclass(frozen=True)
class PostFacts:
    """What GitHub knows of one published post that its front matter does not carry."""

    disposisi_number: int | None = None
    disposisi_created_at: dt.datetime | None = None  # the disposisi issue's creation
    # The ledger's state ("sent", "sending", "failed"; "none": read, no entry yet); None: not read.
    notification: str | None = None
    notified_at: dt.datetime | None = None  # when it was sent (state "sent")
    checked_at: dt.datetime | None = None   # when GitHub was asked
    # Step 6a from the upload ledger comment, per platform; (): read, no upload comment; None: not read.
    uploads: tuple[Upload, ...] | None = None

    @property
    def sent(self) -> bool:
        return self.notification == "sent" and self.notified_at is not None

    @property
    def final(self) -> bool:
        """Nothing left to ask GitHub: the notice sent and every platform of the upload record up.
        The upload step runs before the notice, so a notice sent with no upload record (or from data
        written before step 6a was recorded) has none coming."""
        return self.sent and all(upload.sent for upload in self.uploads or ())

    def to_dict(self) -> dict[str, Any]:
        return {"disposisi": self.disposisi_number,
                "disposisi_at": self.disposisi_created_at.isoformat() if self.disposisi_created_at else None,
                "kabar": self.notification,
                "kabar_at": self.notified_at.isoformat() if self.notified_at else None,
                "diperiksa": self.checked_at.isoformat() if self.checked_at else None,
                "unggahan": None if self.uploads is None else [
                    {"platform": u.platform, "state": u.state, "mode": u.mode, "url": u.url,
                     "sent_at": u.sent_at.isoformat() if u.sent_at else None} for u in self.uploads]}


def dump_register_data(facts: dict[str, PostFacts], generated_at: dt.datetime) -> str:
    """The register data file (`jdih agenda --simpan-data`, the plugin's `register_data`)."""
    return json.dumps({"version": REGISTER_DATA_VERSION, "generated_at": generated_at.isoformat(),
                       "posts": {post_id: facts[post_id].to_dict() for post_id in sorted(facts)}},
                      ensure_ascii=False, indent=1) + "\n"


def load_register_data(path: Path) -> dict[str, PostFacts]:
    """post_id → PostFacts from a file `dump_register_data` wrote; RegisterError when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegisterError(f"{path}: berkas data buku agenda tidak ditemukan — periksa nama berkasnya") from None
    except json.JSONDecodeError as exc:
        raise RegisterError(f"{path}:{exc.lineno}: berkas data buku agenda bukan JSON yang sah ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("version") != REGISTER_DATA_VERSION or \
            not isinstance(data.get("posts"), dict):
        raise RegisterError(f"{path}: isi berkas data buku agenda tidak dikenali — buat ulang dengan "
                            "`jdih agenda --github --simpan-data`")

    def when(value: Any) -> dt.datetime | None:
        return _parse_time(value, str(path)) if value else None

    facts = {}
    for post_id, entry in data["posts"].items():
        if not isinstance(entry, dict):
            raise RegisterError(f"{path}: data konten {post_id} tidak sah — buat ulang berkas ini")
        number = entry.get("disposisi")
        uploads = entry.get("unggahan")
        if uploads is not None:
            try:
                if not isinstance(uploads, list):
                    raise ValueError(uploads)
                uploads = tuple(Upload.from_dict(u) for u in uploads)
            except ValueError:
                raise RegisterError(f"{path}: data unggahan konten {post_id} tidak sah — buat ulang berkas ini "
                                    "dengan `jdih agenda --github --simpan-data`") from None
        facts[str(post_id)] = PostFacts(
            disposisi_number=number if isinstance(number, int) and not isinstance(number, bool) else None,
            disposisi_created_at=when(entry.get("disposisi_at")),
            notification=entry.get("kabar") if isinstance(entry.get("kabar"), str) else None,
            notified_at=when(entry.get("kabar_at")), checked_at=when(entry.get("diperiksa")), uploads=uploads)
    return facts


def _parse_time(value: Any, where: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise RegisterError(f"{where}: waktu '{value}' tidak dapat dibaca — tulis seperti "
                            "'2026-11-24T09:00:00+07:00'") from None
    if parsed.tzinfo is None:
        raise RegisterError(f"{where}: waktu '{value}' tanpa zona waktu — tambahkan, mis. '+07:00'")
    return parsed


def load_ledger(path: Path) -> dict[str, dt.datetime]:
    """post_id → when its WhatsApp notice was sent (only posts recorded as sent)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegisterError(f"{path}: berkas catatan kabar tidak ditemukan — periksa nama berkasnya") from None
    except json.JSONDecodeError as exc:
        raise RegisterError(f"{path}:{exc.lineno}: berkas catatan kabar bukan JSON yang sah ({exc.msg})") from None
    sent: dict[str, dt.datetime] = {}
    if isinstance(data, dict) and isinstance(data.get("posts"), dict):  # JsonFileLedger
        for post_id, entry in data["posts"].items():
            if isinstance(entry, dict) and entry.get("state") == "sent":
                times = [e["time"] for e in entry.get("events", []) if e.get("state") == "sent" and e.get("time")]
                if times:
                    sent[post_id] = _parse_time(times[-1], str(path))
    elif isinstance(data, dict):
        for post_id, value in data.items():
            if value:
                sent[post_id] = _parse_time(value, str(path))
    elif isinstance(data, list):
        for entry in data:
            when = entry.get("sent_at") or entry.get("notified_at") if isinstance(entry, dict) else None
            if when and entry.get("post_id"):
                sent[entry["post_id"]] = _parse_time(when, str(path))
    else:
        raise RegisterError(f"{path}: isi catatan kabar tidak dikenali — tulis {{\"posts/2026/slug/\": "
                            "\"2026-11-24T09:00:00+07:00\"}} atau gunakan berkas catatan dari `jdih kabari`")
    return sent


def read_posts(content_dir: Path, where: Where = None) -> list[tuple[str, PostMeta]]:
    """(post id, front matter) of every post under `content_dir`; ProblemsError for one that
    cannot be read. Which files are posts, and their ids: the rule of `jdih.content.files`."""
    zone = zone_of(where)
    return [(post_id_of(path.relative_to(content_dir).as_posix()), parse_meta(read_source(path, str(path)), zone))
            for path in post_files(content_dir)]


def register_rows(content_dir: Path, settings: Settings, notified: dict[str, dt.datetime] | None = None,
                  events: Iterable[ItemEvents] = (),
                  posts: Iterable[tuple[str, PostMeta]] | None = None,
                  facts: dict[str, PostFacts] | None = None, nip: bool = False,
                  moment: dt.datetime | None = None) -> list[RegisterRow]:
    """One row per published post, numbered; raises ProblemsError for a post that cannot be read.
    `moment` (default now()): when each post's state is taken (see the module: scheduled posts are
    numbered but left out, withdrawn and expired ones marked).

    `notified`: a ledger (post id → sent time; a post it does not hold was not sent). `events`:
    ItemEvents (disposisi dates, send times). `facts`: the register data (`PostFacts` per post).
    `posts` (post id, front matter) lets the site build pass what it already parsed. `nip`: the
    people's NIP with their names (the CSV and xlsx files only)."""
    ledger_known = notified is not None
    notified = dict(notified or {})
    facts = facts or {}
    events = list(events)
    disposisi_dates = {e.disposisi_number: e.disposisi_created_at for e in events
                       if e.disposisi_number and e.disposisi_created_at}
    uploaded: dict[str, list[Upload]] = {}
    for event in events:
        if event.post_id and event.notified_at and event.post_id not in notified:
            notified[event.post_id] = event.notified_at
        if event.post_id and event.uploads:
            uploaded.setdefault(event.post_id, list(event.uploads))
    zone = zone_of(settings)

    def person(login: str | None) -> str:
        return settings.display_name(login, nip=nip)

    moment = moment or now()
    rows = []
    for post_id, meta in (read_posts(content_dir, settings) if posts is None else posts):
        state = meta.state(moment)
        left_at = meta.withdrawn.date if meta.withdrawn is not None else meta.expires_at
        prov = meta.provenance
        disposisi = (prov.disposisi if prov and prov.disposisi else None) or meta.disposisi
        known = facts.get(post_id)
        created = disposisi_dates.get(disposisi)
        if created is None and known is not None and known.disposisi_number == disposisi:
            created = known.disposisi_created_at
        sent_at = notified.get(post_id) or (known.notified_at if known is not None and known.sent else None)
        asked = known is not None and known.notification is not None  # the ledger was read for it
        notice = SENT if sent_at else (WAITING if ledger_known or asked else None)
        uploads = uploaded.get(post_id)
        if uploads is None and known is not None and known.uploads:
            uploads = list(known.uploads)
        rows.append(RegisterRow(
            agenda_number="", post_id=post_id, title=meta.title, link=live_url(settings, post_id),
            disposisi_number=disposisi, disposisi_date=created.astimezone(zone).date() if created else None,
            author=person(prov.author) if prov and prov.author else PEOPLE_SEPARATOR.join(map(person, meta.authors)),
            editors=[person(e) for e in prov.editors] if prov else [],
            approver=person(prov.approver) if prov and prov.approver else "",
            approved_at=prov.approved_at if prov else None, published_at=prov.merged_at if prov else None,
            notified_at=sent_at, pull_request=prov.pull_request if prov else None, notification=notice,
            uploads=uploads, state=state, left_at=left_at.astimezone(zone) if left_at else None,
            revised=sorted(revision.date.astimezone(zone) for revision in meta.revisions)))
    return [row for row in number_rows(rows, zone) if row.state != "terjadwal"]


def number_rows(rows: list[RegisterRow], zone: dt.tzinfo) -> list[RegisterRow]:
    """Agenda numbers per year in approval order; rows without any date come last, unnumbered."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)

    def key(row: RegisterRow) -> tuple:
        return (row.approved_at or row.published_at or far, row.published_at or far, row.post_id)

    ordered = sorted(rows, key=key)
    counters: dict[int, int] = {}
    for row in ordered:
        when = row.approved_at or row.published_at
        if when is None:
            row.agenda_number = "—"
            continue
        year = when.astimezone(zone).year
        counters[year] = counters.get(year, 0) + 1
        row.agenda_number = f"{counters[year]:03d}/{AGENDA_CODE}/{year}"
    return ordered


# --- output --------------------------------------------------------------------------------

HEADERS = ["No. Agenda", "Tanggal Disposisi", "No. Disposisi", "Judul", "Penyusun", "Penyunting", "Penyetuju",
           "Tanggal Persetujuan", "Tanggal Terbit", "Tautan", "Kabar WhatsApp", "Unggahan Media Sosial"]
# The CSV and xlsx: one column per platform instead of the last, so the office can sort and filter.
FILE_HEADERS = [*HEADERS[:-1], *(f"Unggahan {PLATFORM_NAMES[p]}" for p in PLATFORMS)]


@dataclass(frozen=True)
class UploadPart:
    """One platform in the uploads cell as people read it; `href` only when it may be a link."""

    platform: str
    name: str  # "Instagram"
    text: str  # the link, "menunggu", or why the recorded link is not shown
    href: str = ""


class UploadsCell(str):
    """The uploads cell: its text, and its `parts` so the site's template can make a link of each
    platform's address that may be one (Jinja escapes the rest; the text never holds a refused link)."""

    parts: tuple[UploadPart, ...]

    def __new__(cls, parts: tuple[UploadPart, ...]) -> UploadsCell:
        cell = super().__new__(cls, "; ".join(f"{part.name}: {part.text}" for part in parts))
        cell.parts = parts
        return cell


def linkable(platform: str, url: str) -> bool:
    """A recorded upload link that may be a link on a public page: https on the platform's own hosts,
    and no character the one URL rule (`content.urls`) refuses."""
    return bool(url) and url_problem(url) is None and on_platform_host(platform, url)


def upload_parts(row: RegisterRow) -> tuple[UploadPart, ...]:
    """Per platform of the row's upload record: its link when up, else "menunggu"; () without a record."""
    parts = []
    for upload in row.uploads or ():
        name = PLATFORM_NAMES.get(upload.platform, upload.platform)
        if not upload.sent:
            parts.append(UploadPart(upload.platform, name, PENDING))
        elif linkable(upload.platform, upload.url):
            parts.append(UploadPart(upload.platform, name, upload.url, upload.url))
        else:
            parts.append(UploadPart(upload.platform, name, f"sudah tayang, tautannya bukan alamat {name} sehingga "
                                                            "tidak ditampilkan"))
    return tuple(parts)


def upload_file_cells(row: RegisterRow) -> list[str]:
    """The CSV/xlsx cells, one per platform: the recorded link, "belum", or "" where the record
    says nothing of the platform (as the page, which lists only the record's platforms)."""
    by_platform = {upload.platform: upload for upload in row.uploads or ()}
    cells = []
    for platform in PLATFORMS:
        upload = by_platform.get(platform)
        if upload is None:
            cells.append("")
        else:
            cells.append(upload.url if upload.sent and upload.url else NOT_SENT)
    return cells


def _local(value: dt.datetime | None, zone: dt.tzinfo) -> dt.datetime | None:
    return value.astimezone(zone) if value else None


def register_csv(rows: list[RegisterRow], timezone: Where = None) -> str:
    """CSV with ISO dates (YYYY-MM-DD, times in the office zone `timezone`, default Asia/Jakarta)
    so every spreadsheet reads them the same."""
    zone = zone_of(timezone)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FILE_HEADERS)
    for row in rows:
        approved, published, notified = (_local(v, zone) for v in (row.approved_at, row.published_at,
                                                                    row.notified_at))
        writer.writerow([spreadsheet_text(cell) for cell in [
            row.agenda_number, row.disposisi_date.isoformat() if row.disposisi_date else "",
            row.disposisi_number or "", row.shown_title, row.author, PEOPLE_SEPARATOR.join(row.editors), row.approver,
            approved.date().isoformat() if approved else "", published.date().isoformat() if published else "",
            row.link, notified.strftime("%Y-%m-%d %H:%M") if notified else _not_sent(row),
            *upload_file_cells(row)]])
    return buffer.getvalue()


def _not_sent(row: RegisterRow) -> str:
    return NOT_SENT if row.notification == WAITING else ""


def _day(value: dt.date | dt.datetime | None, zone: dt.tzinfo) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone).date()
    return format_date(value, "d MMM y")


def _md(text: str) -> str:
    """A data string (a title, a name) as Markdown text: shown as written, never as markup."""
    return markdown_text(text)


def display_cells(row: RegisterRow, zone: dt.tzinfo) -> list[str]:
    """One row as people read it (dates in Indonesian), in HEADERS order; the link cell is the post id,
    the uploads cell an `UploadsCell` (or "—" without an upload record)."""
    if row.notified_at:
        notified = f"{_day(row.notified_at, zone)} {row.notified_at.astimezone(zone):%H.%M}"
    else:
        notified = PENDING if row.notification == WAITING else UNKNOWN
    return [row.agenda_number, _day(row.disposisi_date, zone),
            f"#{row.disposisi_number}" if row.disposisi_number else "—", row.shown_title, row.author or "—",
            PEOPLE_SEPARATOR.join(row.editors) or "—", row.approver or "—", _day(row.approved_at, zone),
            _day(row.published_at, zone), row.post_id, notified, _uploads_cell(row)]


def _uploads_cell(row: RegisterRow) -> str:
    parts = upload_parts(row)
    return UploadsCell(parts) if parts else UNKNOWN


LINK_COLUMN = HEADERS.index("Tautan")
UPLOADS_COLUMN = HEADERS.index("Unggahan Media Sosial")


def _md_uploads(cell: str) -> str:
    if not isinstance(cell, UploadsCell):
        return _md(cell)
    # Parentheses would end the Markdown link early: percent-encoded, as a browser would send them.
    return "; ".join(f"[{_md(part.name)}]({part.href.replace('(', '%28').replace(')', '%29')})" if part.href
                     else _md(f"{part.name}: {part.text}") for part in cell.parts)


def register_markdown(rows: list[RegisterRow], timezone: Where = None) -> str:
    """The register as a Markdown table for a printable page (dates in Indonesian)."""
    zone = zone_of(timezone)
    lines = ["| " + " | ".join(HEADERS) + " |", "| " + " | ".join("---" for _ in HEADERS) + " |"]
    for row in rows:
        shown = display_cells(row, zone)
        cells = [_md(cell) for cell in shown]
        cells[LINK_COLUMN] = f"[{row.post_id}]({row.link})"
        cells[UPLOADS_COLUMN] = _md_uploads(shown[UPLOADS_COLUMN])
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"Jumlah: {len(rows)} konten."]
    return "\n".join(lines) + "\n"


def write_register_xlsx(rows: list[RegisterRow], path: Path, settings: Settings) -> None:
    """An .xlsx the office can sort, filter and print: styled frozen header, real dates, landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    zone = zone_of(settings)

    def naive(value: dt.datetime | None) -> dt.datetime | None:
        # Excel has no time zones: store the office's wall-clock time.
        return value.astimezone(zone).replace(tzinfo=None) if value else None

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Buku Agenda"
    sheet.append(FILE_HEADERS)
    for row in rows:
        approved, published, notified = (naive(v) for v in (row.approved_at, row.published_at, row.notified_at))
        sheet.append([
            row.agenda_number, row.disposisi_date, row.disposisi_number, row.shown_title, row.author,
            PEOPLE_SEPARATOR.join(row.editors), row.approver, approved.date() if approved else None,
            published.date() if published else None, row.link, notified if notified else _not_sent(row),
            *(cell or None for cell in upload_file_cells(row))])
    thin = Side(style="thin", color="999999")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="7B1113")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    widths = [15, 14, 10, 48, 24, 24, 20, 14, 14, 52, 18, *(40 for _ in PLATFORMS)]
    formats = {2: "DD/MM/YYYY", 8: "DD/MM/YYYY", 9: "DD/MM/YYYY", 11: "DD/MM/YYYY HH:MM"}
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":
                # openpyxl stores a string starting with "=" as a formula: a data text is text.
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (4, 5, 6))
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if cell.column in formats and isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = formats[cell.column]
        link = cells[9]
        if link.value:
            link.hyperlink = link.value
            link.font = Font(color="0B57D0", underline="single")
        for platform, upload in zip(PLATFORMS, cells[len(HEADERS) - 1:], strict=True):
            # A link only to the platform's own hosts: the ledger's link is data (see `linkable`).
            if isinstance(upload.value, str) and linkable(platform, upload.value):
                upload.hyperlink = upload.value
                upload.font = Font(color="0B57D0", underline="single")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.oddHeader.center.text = f"Buku Agenda JDIH Media Sosial — {settings.office.name}"
    sheet.oddFooter.right.text = "Halaman &P dari &N"
    workbook.properties.title = f"Buku Agenda JDIH — {settings.office.short_name}"
    workbook.properties.creator = "jdih"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
