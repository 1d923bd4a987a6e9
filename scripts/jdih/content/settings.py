"""The office's settings (`site_config/jdih.yml`): typed, validated at load, with line-exact errors."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jdih.content.clock import DEFAULT_TIMEZONE, office_zone
from jdih.content.safety import Text
from jdih.content.urls import url_problem
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import load_located

SETTINGS_FILE = Path("site_config") / "jdih.yml"
ENV_SETTINGS = "JDIH_SETTINGS"

Platform = Literal["whatsapp", "facebook", "x", "telegram", "email"]
Provider = Literal["none", "webhook", "fonnte", "waha", "whatsapp_cloud"]
GITHUB_LOGIN = re.compile(r"^(@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})|@?[A-Za-z0-9-]+/[A-Za-z0-9_.-]+)$")


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently become a default."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Office(Strict):
    name: Text = Field(min_length=1, description="Nama lengkap kantor, mis. 'Sekretariat KPU Kabupaten Kapuas'.")
    short_name: Text = Field(min_length=1, description="Nama singkat untuk judul dan pesan, mis. 'KPU Kabupaten Kapuas'.")
    unit: Text = Field(min_length=1, description="Unit pengelola, mis. 'Subbagian Hukum dan SDM'.")
    region: Text = Field("", description="Provinsi / wilayah, untuk kaki halaman.")
    address: Text = Field("", description="Alamat kantor, untuk kaki halaman dan cetakan.")


class Site(Strict):
    url: Text = Field(description="Alamat publik situs, diakhiri '/', mis. 'https://kpu-kapuas.github.io/jdih-medsos/'.")
    title: Text = Field(min_length=1, description="Judul situs.")
    description: Text = Field("", description="Deskripsi situs untuk mesin pencari dan pratinjau tautan.")
    logo: Text = Field("assets/logo.svg", description="Berkas logo di dalam folder content/.")
    custom_domain: Text | None = Field(None, description="Domain khusus (ditulis ke berkas CNAME), kosongkan bila tidak ada.")
    posts_per_page: int = Field(18, ge=1, le=100, description="Jumlah kartu konten per halaman beranda.")
    show_guides: bool = Field(True, description="Tampilkan panduan per peran di situs.")
    show_report: bool = Field(False, description="Tampilkan laporan mutu baku SOP di situs.")
    show_register: bool = Field(True, description="Tampilkan buku agenda di situs.")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+(/[^\s]*)?$", value):
            raise ValueError("alamat situs tidak sah — tulis lengkap, mis. 'https://kantor.github.io/jdih/'")
        problem = url_problem(value)  # the one URL rule (content.urls): no '"', '<', '>' either
        if problem is not None:
            raise ValueError(problem)
        return value if value.endswith("/") else value + "/"

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str) -> str:
        problem = url_problem(value, schemes=(), relative=True)  # a file of the site, never another host
        if problem is not None:
            raise ValueError(problem)
        return value


class Roles(Strict):
    kasubbag: list[str] = Field(min_length=1, description="Akun GitHub Kasubbag Hukum dan SDM (penyetuju).")
    staf: list[str] = Field(min_length=1, description="Akun GitHub staf sub bagian (penyunting).")
    pengelola: list[str] = Field(min_length=1, description="Akun GitHub pengelola JDIH (operator).")

    @field_validator("kasubbag", "staf", "pengelola")
    @classmethod
    def _logins(cls, value: list[str]) -> list[str]:
        for login in value:
            if not GITHUB_LOGIN.match(login):
                raise ValueError(f"'{login}' bukan nama akun GitHub yang sah — tulis nama akun tanpa spasi, "
                                 "mis. 'budi-santoso' atau tim 'organisasi/tim'")
        return [login.lstrip("@") for login in value]

    def role_of(self, login: str) -> str | None:
        lowered = login.lower()
        for role in ("kasubbag", "staf", "pengelola"):
            if lowered in (name.lower() for name in getattr(self, role)):
                return role
        return None


class Share(Strict):
    platforms: list[Platform] = Field(
        default_factory=lambda: ["whatsapp", "facebook", "x", "telegram", "email"],
        description="Tombol bagikan yang ditampilkan, urut.")
    hashtags: list[Text] = Field(default_factory=list, description="Tagar kantor yang selalu ditambahkan.")


class Notifier(Strict):
    provider: Provider = Field("none", description="Gerbang WhatsApp: none, webhook, fonnte, waha, whatsapp_cloud.")
    target: str = Field("", description="Tujuan: id grup WhatsApp (…@g.us) atau nomor, sesuai penyedia.")
    url_env: str = Field("WHATSAPP_URL", description="Nama variabel lingkungan (secret) berisi URL gerbang.")
    token_env: str = Field("WHATSAPP_TOKEN", description="Nama variabel lingkungan (secret) berisi token.")
    session: str = Field("default", description="Sesi WAHA.")
    api_version: str = Field("v21.0", description="Versi Graph API untuk WhatsApp Cloud API.")
    phone_number_id: str = Field("", description="Phone number ID untuk WhatsApp Cloud API.")
    timeout_seconds: float = Field(10.0, gt=0, le=120, description="Batas waktu setiap permintaan (detik).")
    max_attempts: int = Field(5, ge=1, le=10, description="Jumlah percobaan paling banyak per pesan.")

    @model_validator(mode="after")
    def _target_needed(self) -> Notifier:
        if self.provider in ("fonnte", "waha", "whatsapp_cloud") and not self.target:
            raise ValueError(f"penyedia '{self.provider}' memerlukan tujuan — isi notifier.target "
                             "dengan id grup (…@g.us) atau nomor tujuan")
        return self


class SopStep(Strict):
    step: int = Field(ge=1, le=6, description="Nomor langkah SOP (1–6).")
    name: Text = Field(min_length=1, description="Nama langkah, seperti tertulis di SOP.")
    role: Literal["kasubbag", "staf", "pengelola"] = Field(description="Peran pelaksana langkah ini.")
    minutes: int = Field(0, ge=0, description="Waktu baku dalam menit kerja.")
    days: int = Field(0, ge=0, description="Waktu baku dalam hari kerja.")


def _default_steps() -> list[SopStep]:
    return [
        SopStep(step=1, name="Disposisi", role="kasubbag", minutes=10),
        SopStep(step=2, name="Menghimpun bahan dan mengarahkan konsep", role="staf", days=1),
        SopStep(step=3, name="Membuat dan menyerahkan konsep", role="pengelola", minutes=30),
        SopStep(step=4, name="Menyunting", role="staf", minutes=30),
        SopStep(step=5, name="Persetujuan Kasubbag", role="kasubbag", minutes=10),
        SopStep(step=6, name="Mengunggah dan mengirim tautan ke grup WhatsApp", role="pengelola", minutes=15),
    ]


class Sop(Strict):
    timezone: str = Field(DEFAULT_TIMEZONE, description="Zona waktu kantor (nama IANA): Asia/Jakarta (WIB), "
                          "Asia/Makassar (WITA) atau Asia/Jayapura (WIT).")
    office_hours_start: dt.time = Field(dt.time(7, 30), description="Jam mulai kerja (JJ:MM).")
    office_hours_end: dt.time = Field(dt.time(16, 0), description="Jam selesai kerja (JJ:MM).")
    working_days: list[int] = Field(default_factory=lambda: [1, 2, 3, 4, 5],
                                    description="Hari kerja, 1 = Senin … 7 = Minggu.")
    holidays_country: str = Field("ID", description="Kode negara untuk hari libur nasional dan cuti bersama.")
    extra_holidays: list[dt.date] = Field(default_factory=list, description="Hari libur tambahan kantor.")
    steps: list[SopStep] = Field(default_factory=_default_steps, description="Enam langkah SOP dan waktu bakunya.")

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        office_zone(value)  # an unknown name fails here, with the fix, not mid-build
        return value

    @field_validator("office_hours_start", "office_hours_end", mode="before")
    @classmethod
    def _time(cls, value):
        if isinstance(value, int):  # YAML 1.1 reads 07:30 as sexagesimal 450
            return dt.time(value // 60, value % 60)
        return value

    @model_validator(mode="after")
    def _six_steps(self) -> Sop:
        if sorted(step.step for step in self.steps) != [1, 2, 3, 4, 5, 6]:
            raise ValueError("langkah SOP harus tepat enam, bernomor 1 sampai 6 — periksa sop.steps")
        if self.office_hours_end <= self.office_hours_start:
            raise ValueError("jam selesai kerja harus setelah jam mulai — periksa sop.office_hours_end")
        return self

    def step(self, number: int) -> SopStep:
        return next(step for step in self.steps if step.step == number)


class Settings(Strict):
    office: Office = Field(description="Identitas kantor.")
    site: Site = Field(description="Situs publik JDIH media sosial.")
    roles: Roles = Field(description="Akun GitHub untuk setiap peran dalam SOP.")
    categories: list[Text] = Field(min_length=1, description="Kategori konten yang diizinkan.")
    share: Share = Field(default_factory=Share, description="Tombol bagikan di setiap halaman konten.")
    notifier: Notifier = Field(default_factory=Notifier, description="Pengiriman kabar ke grup WhatsApp kantor.")
    sop: Sop = Field(default_factory=Sop, description="Jam kerja dan waktu baku SOP, untuk laporan mutu baku.")


def settings_path(root: Path | None = None) -> Path:
    if os.environ.get(ENV_SETTINGS):
        return Path(os.environ[ENV_SETTINGS])
    return (root or Path.cwd()) / SETTINGS_FILE


def load_settings(path: Path | str | None = None) -> Settings:
    """Load and validate the settings; raises ProblemsError listing every problem with its line."""
    path = Path(path) if path else settings_path()
    text = path.read_text(encoding="utf-8")
    located = load_located(text, str(path))
    return validate_located(Settings, located, str(path))


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Settings:
    return load_settings(path)


def cached_settings(path: Path) -> Settings:
    """Settings for a build: re-read only when the file changed (mkdocs serve rebuilds often)."""
    return _cached(str(path), path.stat().st_mtime)
