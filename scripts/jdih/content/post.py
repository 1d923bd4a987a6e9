"""The draft / post format: Markdown with YAML front matter, typed here once for every stage.

Key names follow Material for MkDocs where they overlap (title, date, description,
categories, tags, authors); the rest are this project's own (see the draft template).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jdih.content.clock import Where, local, now, zone_of
from jdih.content.problems import WARNING, Problem, ProblemsError
from jdih.content.safety import STRIP, TEXT_CONTEXT, Text, text_context
from jdih.content.urls import WEB_SCHEMES, scheme_of, url_problem
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import Located, load_located

ZONE_CONTEXT = "zone"  # validation context: the office time zone a date without offset is read in
NOW_CONTEXT = "now"  # validation context: the moment a post's date may not be much after (default: now())
# A post's date: from the year of the oldest law a post may present (LegalDocument.year). A date
# more than DATE_AHEAD after now without `publish_at` is allowed but warned about by `jdih periksa`
# (the post would go live at once, showing a date still to come): `publish_at` schedules it.
DATE_EARLIEST = dt.datetime(1945, 1, 1)
# No date or schedule more than a year ahead: a post dated 9999 would top every listing forever,
# and no office schedules that far.
DATE_FURTHEST = dt.timedelta(days=366)
# A post is announced and uploaded (SOP step 6) only within this many days of going live: the
# retry workflow looks no further back, and the build makes the platforms' images only for them.
ANNOUNCE_WINDOW_DAYS = 14
DATE_AHEAD = dt.timedelta(days=1)
CATEGORIES_CONTEXT = "categories"  # validation context: the settings' categories, the only ones allowed
UNKNOWN_CATEGORY = "unknown_category"  # the error type of a category outside the settings
DESCRIPTION_MAX = 160  # WhatsApp/Facebook link previews cut longer descriptions
TITLE_MAX = 120
# `\Z`, not `$`: `$` also matches before a final line break ("pemilu\n").
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TAG_PATTERN = re.compile(r"^[A-Za-z0-9_]+\Z")
# A byte order mark (U+FEFF, which some Windows editors write first) is accepted before the
# first '---' by every reader, since they all split with this pattern; `jdih periksa` says so.
BOM = "\ufeff"
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def category_problem(category: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """None for one of the settings' categories, else "what — how" (for the model and `jdih periksa`)."""
    if not category.strip():
        return f"kategori belum diisi — tulis salah satu dari: {', '.join(allowed)}"
    if category in allowed:
        return None
    close = [c for c in allowed if c.lower() == category.strip().lower()]
    fix = f"tulis persis '{close[0]}'" if close else f"gunakan salah satu dari: {', '.join(allowed)}"
    return f"kategori '{category}' tidak dikenal — {fix}"


def _category(value: str, info: ValidationInfo) -> str:
    allowed = (info.context or {}).get(CATEGORIES_CONTEXT)
    if allowed is not None:
        problem = category_problem(value, allowed)
        if problem is not None:
            # The text goes in the context: a template would read braces in the name as fields.
            raise PydanticCustomError(UNKNOWN_CATEGORY, "{message}", {"message": problem})
    return value


# A category: one of the settings' (when the validation context has them: `post_context(settings)`).
Category = Annotated[Text, AfterValidator(_category)]


def _web_url(value: str | None, info: ValidationInfo, message: str | None = None) -> str | None:
    """`https://…` or `http://…` only (the one URL rule of `content.urls`): refused (`message`,
    else the rule's), or in the site build (`post_context(strip=True)`) dropped, so the page
    shows the text without a link."""
    if value is not None:
        problem = url_problem(value)
        if problem is not None:
            if (info.context or {}).get(TEXT_CONTEXT) == STRIP:
                return None
            raise ValueError(message if message and scheme_of(value) not in WEB_SCHEMES else problem)
    return value


LEGAL_URL_MESSAGE = "tautan dokumen harus diawali http:// atau https:// — salin alamat lengkapnya"


class Image(Strict):
    src: Text = Field(min_length=1, description="Berkas gambar, relatif terhadap berkas konten.")
    alt: Text = Field(min_length=1, description="Teks alternatif: apa yang tampak pada gambar.")

    @field_validator("alt")
    @classmethod
    def _alt(cls, value: str) -> str:
        if len(value.strip()) < 5:
            raise ValueError("teks alternatif gambar terlalu pendek — jelaskan isi gambar dalam satu kalimat")
        return value.strip()


# Instagram's carousel holds at most 10 items ("Content Publishing": "Carousel posts … up to 10
# images"); the first slide is the post's card, so a gallery adds at most 9 photos.
CAROUSEL_MAX = 10
GALLERY_MAX = CAROUSEL_MAX - 1


class Captions(Strict):
    """Per-platform captions, each replacing `caption` on its platform only."""

    instagram: Text | None = Field(None, description="Takarir khusus Instagram.")
    facebook: Text | None = Field(None, description="Takarir khusus Facebook.")
    x: Text | None = Field(None, description="Takarir khusus X (maks. 280 karakter bersama tagar dan tautan).")
    telegram: Text | None = Field(None, description="Takarir khusus Telegram (maks. 1.024 karakter).")


class Revision(Strict):
    """A correction (ralat) of a published post, stamped by `jdih terbitkan` on the merge of its
    reviewed pull request; never written by hand."""

    date: dt.datetime
    note: Text = Field(min_length=1, description="Apa yang diubah dan mengapa (dari pull request).")
    pull_request: int | None = None
    approver: Text | None = None
    substantive: bool = Field(False, description="Ralat substantif: kabar ralat dikirim ke grup WhatsApp.")


class Withdrawal(Strict):
    """A withdrawal (penarikan): the operator writes `reason` in a reviewed pull request; the
    merge stamps `date`, `approver` and `pull_request`."""

    reason: Text = Field(min_length=1, description="Alasan penarikan, tampil di halaman konten.")
    date: dt.datetime | None = None
    approver: Text | None = None
    pull_request: int | None = None


class LegalDocument(Strict):
    type: Text = Field(min_length=1, description="Jenis, mis. 'Undang-Undang', 'PKPU', 'Keputusan KPU'.")
    number: Text = Field(min_length=1, description="Nomor, mis. '7' atau '10/HK.04/08/2022'.")
    year: int = Field(ge=1945, le=2100, description="Tahun terbit.")
    title: Text = Field(min_length=1, description="Tentang apa.")
    url: Text | None = Field(None, description="Tautan ke dokumen (https://...).")

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value):
        return str(value) if isinstance(value, int) else value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _web_url(value, info, LEGAL_URL_MESSAGE)

    @property
    def label(self) -> str:
        return f"{self.type} Nomor {self.number} Tahun {self.year} tentang {self.title}"


class Provenance(Strict):
    """Stamped by promotion (`jdih terbitkan`); never written by hand."""

    pull_request: int | None = None
    pull_request_url: Text | None = None
    disposisi: int | None = None
    author: Text | None = None
    editors: list[Text] = Field(default_factory=list)
    approver: Text | None = None
    approved_at: dt.datetime | None = None
    merged_at: dt.datetime | None = None
    merge_commit: Text | None = None

    @field_validator("approved_at", "merged_at")
    @classmethod
    def _shown_in_office_time(cls, value: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        if value is not None:
            _in_office_time(value, info)  # the post page shows it so: it must have an office time
        return value

    @field_validator("pull_request_url")
    @classmethod
    def _pull_request_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _web_url(value, info)  # a `javascript:` address here would be a live link on the post page


class PostMeta(Strict):
    title: Text = Field(min_length=1, max_length=TITLE_MAX, description="Judul konten.")
    date: dt.datetime = Field(description="Tanggal (dan jam) konten, waktu kantor: 2026-11-24 atau 2026-11-24 09:00.")
    description: Text = Field(min_length=1, description="Ringkasan singkat untuk pratinjau tautan (maks. 160 karakter).")
    categories: list[Category] = Field(min_length=1, max_length=2, description="Kategori, dari daftar di pengaturan.")
    tags: list[Text] = Field(default_factory=list, max_length=10, description="Tagar tanpa '#', tanpa spasi.")
    image: Image = Field(description="Gambar utama dengan teks alternatif.")
    caption: Text = Field(min_length=1, description="Takarir media sosial (Instagram/Facebook).")
    caption_x: Text | None = Field(None, description="Takarir pendek untuk X bila takarir utama > 280 karakter "
                                   "(sama dengan captions.x).")
    captions: Captions | None = Field(None, description="Takarir khusus per platform: instagram, facebook, x, "
                                      "telegram; yang tidak diisi memakai caption.")
    gallery: list[Image] = Field(default_factory=list, max_length=GALLERY_MAX,
                                 description="Foto tambahan (maks. 9): tampil di halaman dan diunggah sebagai "
                                 "carousel bersama kartu utama.")
    legal_documents: list[LegalDocument] = Field(default_factory=list, description="Dokumen hukum terkait.")
    disposisi: int | None = Field(None, ge=1, description="Nomor issue disposisi di GitHub.")
    authors: list[Text] = Field(default_factory=list, description="Akun GitHub penyusun.")
    slug: Text | None = Field(None, description="Bagian alamat; bawaan: nama berkas/folder.")
    provenance: Provenance | None = Field(None, description="Diisi otomatis saat terbit.")
    publish_at: dt.datetime | None = Field(None, description="Jadwal tayang, waktu kantor (2027-06-01 08:00): "
                                           "setelah disetujui, konten menunggu dan tayang pada waktu ini.")
    expires_at: dt.datetime | None = Field(None, description="Batas tayang: setelah waktu ini konten ditarik "
                                           "otomatis (alamatnya tetap, dengan pemberitahuan).")
    withdrawn: Withdrawal | None = Field(None, description="Penarikan konten: tulis reason; tanggal dan penyetuju "
                                         "diisi otomatis saat digabung.")
    revisions: list[Revision] = Field(default_factory=list, description="Catatan ralat; diisi otomatis.")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value, info: ValidationInfo):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime(value.year, value.month, value.day, 8, 0, tzinfo=_zone(info))
        return value

    @field_validator("date")
    @classmethod
    def _office_time(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        """On the office's clock, from DATE_EARLIEST to DATE_FURTHEST after now (DATE_AHEAD: warned)."""
        moment = _in_office_time(value, info)
        if moment < DATE_EARLIEST.replace(tzinfo=moment.tzinfo):
            raise ValueError(f"tanggal {moment:%Y-%m-%d} terlalu lampau (paling awal {DATE_EARLIEST:%Y-%m-%d}) — "
                             "tulis tanggal konten ini dibuat, mis. 2026-11-24")
        return _not_too_far(moment, info)

    @field_validator("publish_at", "expires_at", mode="before")
    @classmethod
    def _moment(cls, value, info: ValidationInfo):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime(value.year, value.month, value.day, 8, 0, tzinfo=_zone(info))
        return value

    @field_validator("publish_at", "expires_at")
    @classmethod
    def _moment_in_office_time(cls, value: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        return _not_too_far(_in_office_time(value, info), info) if value is not None else None

    @model_validator(mode="after")
    def _life_in_order(self) -> PostMeta:
        if self.expires_at is not None and self.expires_at <= self.live_from:
            raise ValueError(f"expires_at ({self.expires_at:%Y-%m-%d %H:%M}) harus setelah waktu tayang "
                             f"({self.live_from:%Y-%m-%d %H:%M}) — perbaiki expires_at atau hapus kunci itu")
        return self

    @property
    def live_from(self) -> dt.datetime:
        """When the post goes live: its schedule, else its date (then: at once, on publication)."""
        return self.publish_at or self.date

    def state(self, moment: dt.datetime) -> str:
        """The post's life at `moment`: "terjadwal" (scheduled, not yet live), "tayang" (live),
        "ditarik" (withdrawn) or "kedaluwarsa" (expired). The one rule every stage asks."""
        if self.withdrawn is not None:
            return "ditarik"
        if self.publish_at is not None and moment < self.publish_at:
            return "terjadwal"
        if self.expires_at is not None and moment >= self.expires_at:
            return "kedaluwarsa"
        return "tayang"

    @property
    def date_modified(self) -> dt.datetime | None:
        """The last correction's time (the feeds' and the sitemap's date_modified), if any."""
        return max((revision.date for revision in self.revisions), default=None)

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        value = " ".join(value.split())
        if len(value) > DESCRIPTION_MAX:
            raise ValueError(f"terlalu panjang untuk pratinjau tautan ({len(value)} karakter, maksimal "
                             f"{DESCRIPTION_MAX}) — persingkat menjadi satu atau dua kalimat")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        cleaned = []
        for tag in value:
            tag = str(tag).lstrip("#")
            if not TAG_PATTERN.match(tag):
                raise ValueError(f"tagar '{tag}' tidak sah — gunakan huruf, angka atau garis bawah saja, tanpa spasi")
            cleaned.append(tag)
        return cleaned

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not SLUG_PATTERN.match(value):
            raise ValueError(f"slug '{value}' tidak sah (bisa keluar dari foldernya atau merusak alamat) — "
                             "gunakan huruf kecil, angka dan tanda hubung saja, mis. 'uu-7-2017-pemilu'")
        return value

    @model_validator(mode="after")
    def _one_x_caption(self) -> PostMeta:
        if self.caption_x and self.captions and self.captions.x:
            raise ValueError("caption_x dan captions.x sama-sama diisi — hapus salah satunya (keduanya takarir X)")
        return self

    def platform_caption_text(self, platform: str) -> str:
        """The caption written for `platform` (its override, else `caption`), without hashtags."""
        own = getattr(self.captions, platform, None) if self.captions else None
        if platform == "x":
            own = own or self.caption_x
        return (own or self.caption).strip()

    @property
    def images(self) -> list[Image]:
        """The main image, then the gallery: the page's photos and the carousel's order."""
        return [self.image, *self.gallery]

    @property
    def hashtags(self) -> list[str]:
        return [f"#{tag}" for tag in self.tags]


@dataclass
class SourceFile:
    """A content file split into its parts, with lines kept for error messages."""

    path: Path
    display: str
    front_matter: Located
    body: str
    body_line: int  # 1-based line where the Markdown body starts


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """(front matter YAML, body, first body line); a missing block is a problem, not a crash."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise ProblemsError([Problem(display, 1, "", "bagian front matter tidak ditemukan",
                                     "awali berkas dengan baris '---', isian YAML, lalu '---' (lihat templat)")])
    yaml_text = match.group(1) or ""
    body_line = text[: match.end()].count("\n") + 1
    return yaml_text, text[match.end():], body_line


def date_hint(path: tuple, example: str) -> str:
    """Whether a time goes with a date of the front matter (for an impossible date's fix);
    `example`: the correct date the fix shows."""
    if path == ("date",):
        return (f"jam tidak wajib (tanpa jam, konten bertanggal pukul 08.00); bila perlu, tulis jamnya setelah "
                f"tanggal, mis. {example} 09:00")
    if path[:1] == ("provenance",):
        return "kunci provenance diisi otomatis saat terbit: hapus dari draf"
    return ""


def load_front_matter(yaml_text: str, display: str) -> Located:
    """The front matter's YAML (file line 2 onwards) with its lines: the one way `read_source`,
    `jdih periksa` and the build's error path parse it."""
    return load_located(yaml_text, display, line_offset=1, date_hint=date_hint)


def read_source(path: Path, display: str | None = None) -> SourceFile:
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProblemsError([Problem(display, 1, "", "berkas bukan teks UTF-8",
                                     "simpan ulang berkas dengan pengodean UTF-8")]) from None
    yaml_text, body, body_line = split_front_matter(text, display)
    located = load_front_matter(yaml_text, display)
    return SourceFile(path, display, located, body, body_line)


def repoint_image_src(text: str, src: str, new: str) -> str | None:
    """`text` (a whole content file) with `image.src` written as `new` instead of `src`, on the
    line the front matter gives for ``image.src`` — block (``  src: x``) or flow
    (``image: {src: x, …}``), quoted or not, a comment after it or not — every other byte
    kept; None when that line does not write `src` as such (e.g. with YAML escapes)."""
    match = FRONT_MATTER.match(text)
    if match is None or match.group(1) is None:
        return None
    try:
        located = load_front_matter(match.group(1), "")
    except ProblemsError:
        return None
    if ("image", "src") not in located.lines:
        return None
    number = located.lines[("image", "src")] - 1  # 0-based line of the whole file
    lines = text.splitlines(keepends=True)
    if number >= len(lines):
        return None
    pattern = re.compile(r"(?P<lead>(?:^|[\s{,])src\s*:\s*)(?P<q>[\"']?)" + re.escape(src) + r"(?P=q)(?=\s*(?:[,}#]|$))")
    line, count = pattern.subn(lambda m: f"{m['lead']}{m['q']}{new}{m['q']}", lines[number], count=1)
    if not count:
        return None
    lines[number] = line
    return "".join(lines)


def bom_warning(text: str, display: str) -> Problem | None:
    """A warning (never a refusal) for a file that starts with a byte order mark."""
    if not text.startswith(BOM):
        return None
    return Problem(display, 1, "", "berkas diawali tanda BOM (byte order mark), karakter tak terlihat yang ditulis "
                                   "sebagian penyunting teks di Windows; tanda ini diabaikan, draf tetap terbaca",
                   "tidak perlu tindakan; bila ingin menghapusnya, simpan ulang berkas sebagai 'UTF-8' (bukan "
                   "'UTF-8 with BOM')", kind=WARNING)


def post_context(where: Where = None, *, strip: bool = False) -> dict[str, Any]:
    """The validation context that reads dates in the office time zone of `where` (the
    settings, their `sop`, a zone or an IANA name): `PostMeta.model_validate(data, context=…)`.

    With the settings as `where`, a category outside `settings.categories` is refused. `strip`
    (the site build): control and bidirectional characters are removed instead of refused
    (`content.safety`), so the page and the feeds are written whatever a post holds."""
    context: dict[str, Any] = {ZONE_CONTEXT: zone_of(where), **text_context(strip)}
    categories = getattr(where, "categories", None)
    if categories is not None:
        context[CATEGORIES_CONTEXT] = tuple(categories)
    return context


def _zone(info: ValidationInfo) -> dt.tzinfo:
    """The office zone from the validation context; without one, the default (Asia/Jakarta)."""
    return (info.context or {}).get(ZONE_CONTEXT) or zone_of(None)


def _now(info: ValidationInfo) -> dt.datetime:
    """The moment a date is compared with: the context's (tests), else `clock.now()` (JDIH_NOW)."""
    return (info.context or {}).get(NOW_CONTEXT) or now()


def _not_too_far(moment: dt.datetime, info: ValidationInfo) -> dt.datetime:
    latest = _now(info).astimezone(moment.tzinfo) + DATE_FURTHEST
    if moment > latest:
        raise ValueError(f"tanggal {moment:%Y-%m-%d %H:%M} lebih dari setahun setelah saat ini — tulis tanggal "
                         "yang benar; untuk menjadwalkan tayang, isi publish_at paling lambat setahun ke depan")
    return moment


def _in_office_time(value: dt.datetime, info: ValidationInfo) -> dt.datetime:
    """`value` on the office's clock; a moment the calendar cannot hold there (9999-12-31 23:59
    at -14:00 is year 10000 in WIB) is a ValueError, not an OverflowError from deep in a stage."""
    try:
        return local(value, _zone(info))
    except (OverflowError, ValueError):
        raise ValueError("tanggal ini di luar jangkauan kalender (tahun 1 sampai 9999 di zona waktu kantor) — "
                         "tulis tanggal yang benar, mis. 2026-11-24") from None


def parse_meta(source: SourceFile, where: Where = None) -> PostMeta:
    """The front matter, its dates read in the office time zone of `where` (default Asia/Jakarta)."""
    return validate_located(PostMeta, source.front_matter, source.display, context=post_context(where))


def slug_of(path: Path) -> str:
    """`drafts/<slug>.md` or `drafts/<slug>/index.md`."""
    return path.parent.name if path.name in ("index.md", "README.md") else path.stem
