"""The draft / post format: Markdown with YAML front matter, typed here once for every stage.

Key names follow Material for MkDocs where they overlap (title, date, description,
categories, tags, authors); the rest are this project's own (see the draft template).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from jdih.content.clock import Where, local, zone_of
from jdih.content.problems import Problem, ProblemsError
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import Located, load_located

ZONE_CONTEXT = "zone"  # validation context: the office time zone a date without offset is read in
DESCRIPTION_MAX = 160  # WhatsApp/Facebook link previews cut longer descriptions
TITLE_MAX = 120
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_PATTERN = re.compile(r"^[A-Za-z0-9_]+$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Image(Strict):
    src: str = Field(min_length=1, description="Berkas gambar, relatif terhadap berkas konten.")
    alt: str = Field(min_length=1, description="Teks alternatif: apa yang tampak pada gambar.")

    @field_validator("alt")
    @classmethod
    def _alt(cls, value: str) -> str:
        if len(value.strip()) < 5:
            raise ValueError("teks alternatif gambar terlalu pendek — jelaskan isi gambar dalam satu kalimat")
        return value.strip()


class LegalDocument(Strict):
    type: str = Field(min_length=1, description="Jenis, mis. 'Undang-Undang', 'PKPU', 'Keputusan KPU'.")
    number: str = Field(min_length=1, description="Nomor, mis. '7' atau '10/HK.04/08/2022'.")
    year: int = Field(ge=1945, le=2100, description="Tahun terbit.")
    title: str = Field(min_length=1, description="Tentang apa.")
    url: str | None = Field(None, description="Tautan ke dokumen (https://...).")

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value):
        return str(value) if isinstance(value, int) else value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://\S+$", value):
            raise ValueError("tautan dokumen harus diawali http:// atau https:// — salin alamat lengkapnya")
        return value

    @property
    def label(self) -> str:
        return f"{self.type} Nomor {self.number} Tahun {self.year} tentang {self.title}"


class Provenance(Strict):
    """Stamped by promotion (`jdih terbitkan`); never written by hand."""

    pull_request: int | None = None
    pull_request_url: str | None = None
    disposisi: int | None = None
    author: str | None = None
    editors: list[str] = Field(default_factory=list)
    approver: str | None = None
    approved_at: dt.datetime | None = None
    merged_at: dt.datetime | None = None
    merge_commit: str | None = None


class PostMeta(Strict):
    title: str = Field(min_length=1, max_length=TITLE_MAX, description="Judul konten.")
    date: dt.datetime = Field(description="Tanggal (dan jam) konten, waktu kantor: 2026-11-24 atau 2026-11-24 09:00.")
    description: str = Field(min_length=1, description="Ringkasan singkat untuk pratinjau tautan (maks. 160 karakter).")
    categories: list[str] = Field(min_length=1, max_length=2, description="Kategori, dari daftar di pengaturan.")
    tags: list[str] = Field(default_factory=list, max_length=10, description="Tagar tanpa '#', tanpa spasi.")
    image: Image = Field(description="Gambar utama dengan teks alternatif.")
    caption: str = Field(min_length=1, description="Takarir media sosial (Instagram/Facebook).")
    caption_x: str | None = Field(None, description="Takarir pendek untuk X bila takarir utama > 280 karakter.")
    legal_documents: list[LegalDocument] = Field(default_factory=list, description="Dokumen hukum terkait.")
    disposisi: int | None = Field(None, ge=1, description="Nomor issue disposisi di GitHub.")
    authors: list[str] = Field(default_factory=list, description="Akun GitHub penyusun.")
    slug: str | None = Field(None, description="Bagian alamat; bawaan: nama berkas/folder.")
    provenance: Provenance | None = Field(None, description="Diisi otomatis saat terbit.")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value, info: ValidationInfo):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime(value.year, value.month, value.day, 8, 0, tzinfo=_zone(info))
        return value

    @field_validator("date")
    @classmethod
    def _office_time(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        return local(value, _zone(info))

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


def read_source(path: Path, display: str | None = None) -> SourceFile:
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProblemsError([Problem(display, 1, "", "berkas bukan teks UTF-8",
                                     "simpan ulang berkas dengan pengodean UTF-8")]) from None
    yaml_text, body, body_line = split_front_matter(text, display)
    located = load_located(yaml_text, display, line_offset=1)
    return SourceFile(path, display, located, body, body_line)


def post_context(where: Where = None) -> dict[str, Any]:
    """The validation context that reads dates in the office time zone of `where` (the
    settings, their `sop`, a zone or an IANA name): `PostMeta.model_validate(data, context=…)`."""
    return {ZONE_CONTEXT: zone_of(where)}


def _zone(info: ValidationInfo) -> dt.tzinfo:
    """The office zone from the validation context; without one, the default (Asia/Jakarta)."""
    return (info.context or {}).get(ZONE_CONTEXT) or zone_of(None)


def parse_meta(source: SourceFile, where: Where = None) -> PostMeta:
    """The front matter, its dates read in the office time zone of `where` (default Asia/Jakarta)."""
    return validate_located(PostMeta, source.front_matter, source.display, context=post_context(where))


def slug_of(path: Path) -> str:
    """`drafts/<slug>.md` or `drafts/<slug>/index.md`."""
    return path.parent.name if path.name in ("index.md", "README.md") else path.stem
