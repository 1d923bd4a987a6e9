"""The office's settings (`site_config/jdih.yml`): typed, validated at load, with line-exact errors."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from jdih.content.clock import DEFAULT_TIMEZONE, office_zone
from jdih.content.problems import WARNING, Problem, ProblemsError
from jdih.content.safety import Text
from jdih.content.urls import LINK_SCHEMES, url_problem
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import load_located

SETTINGS_FILE = Path("site_config") / "jdih.yml"
ENV_SETTINGS = "JDIH_SETTINGS"

Platform = Literal["whatsapp", "facebook", "x", "telegram", "email"]
Provider = Literal["none", "webhook", "fonnte", "waha", "whatsapp_cloud"]
GITHUB_LOGIN = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")  # a user account, never a team


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently become a default."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# The office's social accounts: which platforms, and the hosts each one's address may be on (so a
# link labelled "Instagram" always leads to Instagram).
SocialPlatform = Literal["facebook", "instagram", "x", "youtube", "tiktok", "threads", "whatsapp", "telegram"]
SOCIAL_HOSTS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com", "fb.com"), "instagram": ("instagram.com",), "x": ("x.com", "twitter.com"),
    "youtube": ("youtube.com", "youtu.be"), "tiktok": ("tiktok.com",), "threads": ("threads.net", "threads.com"),
    "whatsapp": ("whatsapp.com", "wa.me"), "telegram": ("t.me", "telegram.me"),
}


def on_platform_host(platform: str, url: str) -> bool:
    """True when `url` is an https address on one of `platform`'s own hosts (SOCIAL_HOSTS): the
    office's account links, the operator's upload links, the links a WhatsApp message carries."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == d or host.endswith("." + d) for d in SOCIAL_HOSTS[platform])


PHONE = re.compile(r"^\+?[0-9(][0-9 ().-]{3,22}[0-9]$")  # and 5 digits at least (Contacts._phone)
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


class Contacts(Strict):
    phone: Text = Field("", description="Nomor telepon kantor, mis. '(0513) 21234' atau '+62 513 21234'.")
    email: Text = Field("", description="Alamat surel resmi kantor, mis. 'jdih@kpu-kapuas.go.id'.")
    website: Text = Field("", description="Situs web resmi kantor, diawali https://, mis. "
                          "'https://kab-kapuas.kpu.go.id/'.")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if value and (not PHONE.match(value) or len(re.sub(r"\D", "", value)) < 5):
            raise ValueError(f"nomor telepon '{value}' tidak sah — tulis angka saja, boleh dengan spasi, tanda "
                             "hubung, kurung atau '+' di depan, mis. '(0513) 21234' atau '+62 513 21234'")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value and (not EMAIL.match(value) or url_problem("mailto:" + value, schemes=LINK_SCHEMES)):
            raise ValueError(f"alamat surel '{value}' tidak sah — tulis mis. 'jdih@kpu-kapuas.go.id'")
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        problem = url_problem(value) if value else None  # the one URL rule (content.urls)
        if problem is not None:
            raise ValueError(problem)
        return value

    def tel(self) -> str:
        """The phone number as a `tel:` address: digits only, with the leading '+' if written."""
        return "tel:" + ("+" if self.phone.startswith("+") else "") + re.sub(r"\D", "", self.phone)


class Office(Strict):
    name: Text = Field(min_length=1, description="Nama lengkap kantor, mis. 'Sekretariat KPU Kabupaten Kapuas'.")
    short_name: Text = Field(min_length=1, description="Nama singkat untuk judul dan pesan, mis. 'KPU Kabupaten Kapuas'.")
    unit: Text = Field(min_length=1, description="Unit pengelola, mis. 'Subbagian Hukum dan SDM'.")
    region: Text = Field("", description="Provinsi / wilayah, untuk kaki halaman.")
    address: Text = Field("", description="Alamat kantor, untuk kaki halaman dan cetakan.")
    contacts: Contacts = Field(default_factory=Contacts, description="Kontak resmi kantor, untuk kaki "
                               "halaman, halaman Tentang dan cetakan (alamatnya di office.address).")
    social: dict[SocialPlatform, Text] = Field(
        default_factory=dict, description="Akun media sosial resmi kantor: nama platform → alamat https:// "
        "akunnya, mis. instagram: https://www.instagram.com/kpu_kapuas/ (facebook, instagram, x, youtube, "
        "tiktok, threads, whatsapp, telegram).")

    @field_validator("social")
    @classmethod
    def _social(cls, value: dict[str, str]) -> dict[str, str]:
        for platform, url in value.items():
            problem = url_problem(url)  # the one URL rule (content.urls)
            if problem is not None:
                raise ValueError(f"{platform}: {problem}")
            if not url.lower().startswith("https://"):
                raise ValueError(f"{platform}: alamat '{url}' harus diawali https://")
            if not on_platform_host(platform, url):
                raise ValueError(f"{platform}: alamat '{url}' bukan alamat {platform} — tulis alamat akun di "
                                 f"{' atau '.join(SOCIAL_HOSTS[platform])}")
        return value


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
    kasubbag: list[str] = Field(min_length=1, description="Akun GitHub Kasubbag Hukum dan SDM (penyetuju), satu "
                                "nama akun per butir (bukan tim).")
    staf: list[str] = Field(min_length=1, description="Akun GitHub staf sub bagian (penyunting), satu nama akun "
                            "per butir (bukan tim).")
    pengelola: list[str] = Field(min_length=1, description="Akun GitHub pengelola JDIH (operator), satu nama akun "
                                 "per butir (bukan tim).")

    @field_validator("kasubbag", "staf", "pengelola")
    @classmethod
    def _logins(cls, value: list[str], info: ValidationInfo) -> list[str]:
        key = f"roles.{info.field_name}"
        for login in value:
            if "/" in login:
                # A team ('org/team') cannot work with the workflows' GITHUB_TOKEN: it cannot read
                # team membership (GET /orgs/{org}/teams/{team}/memberships/{user} answers 404
                # without read:org, e.g. srvaroa/labeler#188, QwikDev/qwik#8317) and a team review
                # request answers 422 "Reviews may only be requested from collaborators"
                # (peter-evans/create-pull-request#4138). Refused here, before any workflow runs.
                raise ValueError(
                    f"'{login}' adalah tim GitHub, sedangkan {key} hanya menerima akun — tulis nama akun setiap "
                    f"anggota tim satu per satu, mis. {key.split('.')[1]}: [budi-santoso, siti-aminah]. Tim tidak "
                    "dapat dipakai karena token alur kerja GitHub (GITHUB_TOKEN) tidak dapat membaca keanggotaan "
                    "tim dan tidak dapat meminta ulasan dari tim, sehingga label tahap SOP dan permintaan ulasan "
                    "tidak akan berjalan untuk anggota tim itu")
            if not GITHUB_LOGIN.match(login):
                raise ValueError(f"'{login}' bukan nama akun GitHub yang sah — tulis nama akun tanpa spasi, "
                                 "mis. 'budi-santoso'")
        return [login.lstrip("@") for login in value]

    def role_of(self, login: str) -> str | None:
        lowered = login.lower()
        for role in ("kasubbag", "staf", "pengelola"):
            if lowered in (name.lower() for name in getattr(self, role)):
                return role
        return None


NIP = re.compile(r"^[0-9]{18}$")  # Nomor Induk Pegawai: 18 digits (birth date, start date, sex, number)


class Person(Strict):
    """Who a role account is: shown instead of the account on the site, the register, the
    pull request's publish record and the WhatsApp message (`Settings.display_name`)."""

    name: Text = Field(min_length=1, description="Nama lengkap dengan gelar, mis. 'Dra. Siti Aminah, M.H.'.")
    jabatan: Text = Field(min_length=1, description="Jabatan, mis. 'Kasubbag Hukum dan SDM'.")
    nip: str | None = Field(None, description="NIP (18 angka, spasi boleh), boleh dikosongkan. Tidak tampil di "
                            "situs, GitHub atau WhatsApp; hanya di buku agenda CSV/xlsx (jdih agenda).")

    @field_validator("nip", mode="before")
    @classmethod
    def _nip(cls, value):
        if value is None or value == "":
            return None
        text = "".join(str(value).split())
        if not NIP.match(text):
            raise ValueError(f"NIP '{value}' tidak sah — tulis 18 angka NIP (boleh dengan spasi), mis. "
                             "'19800101 200501 2 001', atau hapus kunci nip")
        return text

    @property
    def display(self) -> str:
        return f"{self.name}, {self.jabatan}"


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


class Account(Strict):
    """One platform the office posts to itself (SOP step 6a). Off: the publish record on the pull
    request gives the operator the ready images and caption to upload by hand."""

    enabled: bool = Field(False, description="true: unggah otomatis lewat API; false: diunggah pengelola "
                          "sendiri dari bahan yang disiapkan di pull request.")
    token_env: str = Field(description="Nama secret (lingkungan jdih-terbitkan) berisi token akses.")
    url_env: str = Field(description="Nama variabel lingkungan berisi alamat API lain (untuk uji; biasanya kosong).")


class FacebookAccount(Account):
    token_env: str = Field("FACEBOOK_PAGE_TOKEN", description="Nama secret berisi Page access token.")
    url_env: str = Field("FACEBOOK_GRAPH_URL", description="Nama variabel berisi alamat Graph API lain (uji).")
    page_id: str = Field("", description="ID Halaman Facebook kantor (angka).")
    api_version: str = Field("v23.0", description="Versi Graph API.")


class InstagramAccount(Account):
    token_env: str = Field("INSTAGRAM_TOKEN", description="Nama secret berisi access token Instagram.")
    url_env: str = Field("INSTAGRAM_GRAPH_URL", description="Nama variabel berisi alamat Graph API lain (uji).")
    user_id: str = Field("", description="ID akun profesional Instagram (angka, bukan nama akun).")
    api_version: str = Field("v23.0", description="Versi Graph API.")


class TelegramAccount(Account):
    token_env: str = Field("TELEGRAM_BOT_TOKEN", description="Nama secret berisi token bot dari @BotFather.")
    url_env: str = Field("TELEGRAM_API_URL", description="Nama variabel berisi alamat Bot API lain (uji).")
    chat_id: str = Field("", description="Kanal tujuan: @namakanal atau id angka (-100…).")


class XAccount(Account):
    token_env: str = Field("X_CREDENTIALS", description="Nama secret berisi empat kunci OAuth 1.0a X.")
    url_env: str = Field("X_API_URL", description="Nama variabel berisi alamat API X lain (uji).")


class Posting(Strict):
    """SOP step 6a: uploading each post to the office's own accounts."""

    facebook: FacebookAccount = Field(default_factory=FacebookAccount, description="Halaman Facebook kantor.")
    instagram: InstagramAccount = Field(default_factory=InstagramAccount, description="Akun Instagram kantor.")
    telegram: TelegramAccount = Field(default_factory=TelegramAccount, description="Kanal Telegram kantor.")
    x: XAccount = Field(default_factory=XAccount, description="Akun X kantor.")
    follow_up_notice: bool = Field(False, description="Kabar susulan: kirim pesan WhatsApp kedua berisi tautan "
                                   "unggahan yang baru berhasil setelah kabar pertama terkirim.")
    timeout_seconds: float = Field(20.0, gt=0, le=120, description="Batas waktu setiap permintaan (detik).")
    max_attempts: int = Field(5, ge=1, le=10, description="Jumlah percobaan paling banyak per permintaan.")

    @model_validator(mode="after")
    def _ids_needed(self) -> Posting:
        needed = {"facebook": ("page_id", self.facebook.page_id), "instagram": ("user_id", self.instagram.user_id),
                  "telegram": ("chat_id", self.telegram.chat_id)}
        for platform, (key, value) in needed.items():
            if getattr(self, platform).enabled and not value.strip():
                raise ValueError(f"posting.{platform}.enabled bernilai true tetapi posting.{platform}.{key} "
                                 f"kosong — isi {key}, atau jadikan enabled false")
        return self

    def account(self, platform: str) -> Account:
        return getattr(self, platform)

    def enabled_platforms(self) -> list[str]:
        return [platform for platform in ("instagram", "facebook", "telegram", "x")
                if self.account(platform).enabled]


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
    posting: Posting = Field(default_factory=Posting, description="Unggah ke akun media sosial kantor (SOP "
                             "langkah 6a): otomatis per platform, atau bahan siap unggah bagi pengelola.")
    sop: Sop = Field(default_factory=Sop, description="Jam kerja dan waktu baku SOP, untuk laporan mutu baku.")
    people: dict[str, Person] = Field(
        default_factory=dict, description="Siapa pemilik setiap akun peran: nama akun GitHub → name (nama dengan "
        "gelar), jabatan, nip (boleh kosong). Situs, buku agenda, catatan terbit di pull request dan kabar "
        "WhatsApp menampilkan nama dan jabatannya; akun yang tidak terdaftar di sini tampil dengan nama akunnya.")

    @field_validator("people")
    @classmethod
    def _people(cls, value: dict[str, Person]) -> dict[str, Person]:
        seen: dict[str, str] = {}
        people = {}
        for login, person in value.items():
            if "/" in login or not GITHUB_LOGIN.match(login):
                raise ValueError(f"people: '{login}' bukan nama akun GitHub yang sah — tulis nama akun orang itu "
                                 "seperti di roles, mis. 'budi-santoso:'")
            key = login.lstrip("@")
            if key.lower() in seen:
                raise ValueError(f"people: akun '{key}' tertulis dua kali (juga sebagai '{seen[key.lower()]}'; huruf "
                                 "besar/kecil tidak dibedakan) — hapus salah satunya")
            seen[key.lower()] = key
            people[key] = person
        return people

    def person_of(self, login: str | None) -> Person | None:
        """The person configured for a GitHub account (letter case ignored, '@' allowed), or None."""
        if not login:
            return None
        wanted = login.lstrip("@").lower()
        return next((person for key, person in self.people.items() if key.lower() == wanted), None)

    def display_name(self, login: str | None, nip: bool = False) -> str:
        """How a GitHub account is shown to people: 'Dra. Siti Aminah, Kasubbag Hukum dan SDM' when
        `people` names its owner, else the account itself ('kasubbag-kapuas'). The one rule for the
        post page, the register, the pull request's publish record and the WhatsApp message.
        `nip`: with ', NIP …' when known (the office's own register files only, never published)."""
        person = self.person_of(login)
        if person is None:
            return (login or "").lstrip("@")
        return person.display + (f", NIP {person.nip}" if nip and person.nip else "")

    def people_outside_roles(self) -> list[str]:
        """Accounts in `people` that are in no role (a typo, or someone who left a role: their
        name still shows on the posts they worked on)."""
        return [login for login in self.people if self.roles.role_of(login) is None]


def settings_path(root: Path | None = None) -> Path:
    if os.environ.get(ENV_SETTINGS):
        return Path(os.environ[ENV_SETTINGS])
    return (root or Path.cwd()) / SETTINGS_FILE


def _date_hint(path: tuple, example: str) -> str:
    """Whether a time goes with a date of the settings (for an impossible date's fix)."""
    return "hari libur ditulis tanpa jam" if path[:2] == ("sop", "extra_holidays") else ""


def load_settings(path: Path | str | None = None) -> Settings:
    """Load and validate the settings; raises ProblemsError listing every problem with its line
    (an unknown key with "mungkin maksud Anda …?", like a draft's: `content.validation`)."""
    path = Path(path) if path else settings_path()
    text = path.read_text(encoding="utf-8")
    located = load_located(text, str(path), date_hint=_date_hint)
    return validate_located(Settings, located, str(path))


def settings_warnings(settings: Settings, path: Path | str) -> list[Problem]:
    """What is allowed but probably a mistake, with its line (`jdih periksa` shows these as
    warnings, never as problems): an account in `people` that is in no role."""
    outside = settings.people_outside_roles()
    if not outside:
        return []
    try:
        located = load_located(Path(path).read_text(encoding="utf-8"), str(path))
    except (OSError, ProblemsError):
        located = None
    warnings = []
    for login in outside:
        line = 1
        if located is not None:
            line = next((located.line_of(("people", key)) for key in (login, f"@{login}")
                         if ("people", key) in located.lines), located.line_of(("people",)))
        warnings.append(Problem(
            str(path), line, f"people.{login}", f"akun '{login}' tidak ada di roles (kasubbag, staf, pengelola)",
            "periksa ejaan nama akunnya; bila orang itu sudah tidak memegang peran, biarkan saja: namanya tetap "
            "tampil pada konten yang pernah ia kerjakan", kind=WARNING))
    return warnings


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Settings:
    return load_settings(path)


def cached_settings(path: Path) -> Settings:
    """Settings for a build: re-read only when the file changed (mkdocs serve rebuilds often)."""
    return _cached(str(path), path.stat().st_mtime)
