"""A ready repository for another office (`jdih kantor-baru`).

The new repository carries the package, the workflows and the theme of this one, its own
settings (dumped from a validated `Settings`, with every key commented from the schema so
nothing drifts), its own static pages and one welcome post, a CODEOWNERS from its roles,
and a first git commit. Nothing of the source office's content travels: no posts, no
CODEOWNERS, no settings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import git
import yaml
from pydantic import BaseModel

from jdih.office import repo_setup
from jdih.notify.providers import DEFAULT_BASE, TOKEN_REQUIRED
from jdih.content.problems import ProblemsError
from jdih.office.samples import generate_sample_image
from jdih.content.settings import SETTINGS_FILE, Settings, load_settings
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import load_located

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")

# What an office repository needs from this one (paths relative to the project root).
# Tests stay behind: they check this project's own sample content and fixtures; the new
# repository gets a small test of its own instead (OFFICE_TEST), so `make test` still works.
COPY_FILES = ("mkdocs.yml", "pyproject.toml", "Makefile", "LICENSE", ".gitignore")
COPY_DIRS = (".ci/", "scripts/", "site_config/overrides/", "site_config/templates/",
             ".github/workflows/", ".github/ISSUE_TEMPLATE/", "content/assets/", "content/panduan/")
COPY_EXTRA = (".github/pull_request_template.md",)
# Rewritten for the new office rather than copied.
REWRITTEN = ("README.md", "content/index.md", "content/tentang.md", "content/sop.md",
             ".github/ISSUE_TEMPLATE/config.yml", ".github/CODEOWNERS", str(SETTINGS_FILE))
SKIP_PARTS = {"__pycache__", ".pytest_cache", ".venv", ".cache"}
BUILD_OUTPUT = "site/"  # only at the root: scripts/jdih/site/ is the package's site stage
# content/assets/panduan/ (screenshots of the sample site) travels: the guides show them as examples.
SKIP_PREFIXES: tuple[str, ...] = ()
SKIP_SUFFIXES = (".pyc", ".egg-info")

# Which command-line option feeds which settings key: errors name the option, not the key.
OPTION_OF_KEY = {
    "office.name": "--nama", "office.short_name": "--nama-singkat", "office.unit": "--unit",
    "office.region": "--wilayah", "office.address": "--alamat", "site.url": "--url",
    "roles.kasubbag": "--kasubbag", "roles.staf": "--staf", "roles.pengelola": "--pengelola",
    "notifier.provider": "--penyedia", "notifier.target": "--tujuan-wa",
    "notifier.phone_number_id": "--nomor-id", "notifier": "--tujuan-wa",
}
WELCOME_SLUG = "selamat-datang-dasar-hukum-jdih"
IMAGE_NAME = "gambar.png"
COMMIT_ACTOR = git.Actor("jdih kantor-baru", "jdih-kantor-baru@users.noreply.github.com")


class OfficeError(Exception):
    """The office cannot be created; every message is Indonesian and names the option to fix."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class OfficeSpec:
    name: str
    short_name: str
    unit: str
    url: str
    kasubbag: list[str]
    staf: list[str]
    pengelola: list[str]
    provider: str = "none"
    target: str = ""
    phone_number_id: str = ""
    region: str = ""
    address: str = ""


@dataclass
class OfficeResult:
    root: Path
    settings: Settings
    files: list[str] = field(default_factory=list)
    commit: str = ""


# -- the project this copies from ------------------------------------------------------------


def source_root() -> Path:
    """The checkout this package runs from (scripts/jdih/ → the project root)."""
    return Path(__file__).resolve().parents[3]


def _is_project(root: Path) -> bool:
    return (root / "mkdocs.yml").is_file() and (root / SETTINGS_FILE).is_file() and (root / "scripts").is_dir()


def source_files(root: Path) -> list[str]:
    """Files of the source project an office needs: tracked files when it is a git checkout
    (so build output, caches and work in progress stay behind), else a walk of the folders."""
    try:
        listed = git.Repo(root).git.ls_files("-z").split("\0")
        candidates = [p for p in listed if p and (root / p).is_file()]
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError):
        candidates = []
        for folder, dirs, names in os.walk(root):
            base = Path(folder).relative_to(root)
            dirs[:] = [d for d in dirs if d not in SKIP_PARTS and d != ".git"  # never walk into .venv
                       and (base / d).as_posix() + "/" != BUILD_OUTPUT]
            candidates += [(base / name).as_posix() for name in names]
    wanted = []
    for rel in candidates:
        parts = rel.split("/")
        if SKIP_PARTS & set(parts) or rel.endswith(SKIP_SUFFIXES) or any(p.endswith(".egg-info") for p in parts):
            continue
        if rel in REWRITTEN or rel.startswith(SKIP_PREFIXES) or rel.startswith(BUILD_OUTPUT):
            continue
        if rel in COPY_FILES or rel in COPY_EXTRA or rel.startswith(COPY_DIRS):
            wanted.append(rel)
    return sorted(wanted)


# -- settings --------------------------------------------------------------------------------


def office_hashtag(short_name: str) -> str:
    """'KPU Kabupaten Katingan' → 'KPUKatingan' (the office tag added to every caption)."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", short_name) if w]
    kept = [w for w in words if w.lower() not in {"kabupaten", "kab", "kota", "provinsi", "prov"}]
    return "".join(kept or words) or "JDIH"


def settings_data(spec: OfficeSpec, base: Settings) -> dict[str, Any]:
    """The new office's settings as plain data: the base office's choices that are not about
    the office (categories, share platforms, SOP times), with the office's own values."""
    data = base.model_dump(mode="python")
    data["office"] = {"name": spec.name, "short_name": spec.short_name, "unit": spec.unit,
                      "region": spec.region, "address": spec.address}
    data["site"].update(url=spec.url, title=f"JDIH Media Sosial {spec.short_name}",
                        description=(f"Konten media sosial Jaringan Dokumentasi dan Informasi Hukum "
                                     f"{spec.short_name}."),
                        custom_domain=None)
    data["roles"] = {"kasubbag": list(spec.kasubbag), "staf": list(spec.staf), "pengelola": list(spec.pengelola)}
    data["share"]["hashtags"] = (["JDIHKPU"] if "KPU" in spec.short_name.split() else ["JDIH"]) + \
        [office_hashtag(spec.short_name)]
    data["notifier"].update(provider=spec.provider, target=spec.target, phone_number_id=spec.phone_number_id)
    return data


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _list_model_of(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (None,)
        return _model_of(item)
    return None


def _plain(value: Any) -> Any:
    """YAML-friendly values that read back the same: times as 'JJ:MM' text (YAML 1.1 would read
    07:30 as a number), dates as ISO text."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _scalar_yaml(key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, dt.time):  # quoted: some YAML readers take 07:30 for a number
        return [f'{indent}{key}: "{value:%H:%M}"']
    text = yaml.safe_dump(_plain(value), allow_unicode=True, default_flow_style=True, width=10_000)
    text = text.removesuffix("\n").removesuffix("\n...").strip()  # a lone scalar ends the document
    return [f"{indent}{key}: {text}"]


def settings_yaml(model: type[BaseModel], data: dict[str, Any], indent: str = "") -> list[str]:
    """YAML lines for `data`, every key preceded by its description from the schema."""
    lines: list[str] = []
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        if info.description:
            lines.append(f"{indent}# {info.description}")
        nested = _model_of(info.annotation)
        if nested is not None and isinstance(data[name], dict):
            lines.append(f"{indent}{name}:")
            lines += settings_yaml(nested, data[name], indent + "  ")
        elif _list_model_of(info.annotation) is not None and data[name]:
            lines.append(f"{indent}{name}:")
            for item in data[name]:
                compact = yaml.safe_dump(_plain(item), allow_unicode=True, sort_keys=False,
                                         default_flow_style=True, width=200).strip()
                lines.append(f"{indent}  - {compact}")
        else:
            lines += _scalar_yaml(name, data[name], indent)
        if not indent:
            lines.append("")
    return lines


SETTINGS_HEADER = """\
# Pengaturan JDIH Media Sosial {short_name} — satu berkas untuk seluruh kantor.
# Dibuat oleh `jdih kantor-baru`. Semua kunci diperiksa saat dimuat: kunci salah ketik atau
# nilai salah jenis ditolak dengan pesan yang menyebut baris dan cara memperbaikinya.

"""


def render_settings(data: dict[str, Any]) -> str:
    return SETTINGS_HEADER.format(short_name=data["office"]["short_name"]) + "\n".join(
        settings_yaml(Settings, data)).rstrip("\n") + "\n"


def _option_for(key: str) -> str:
    best = ""
    for candidate in OPTION_OF_KEY:
        if (key == candidate or key.startswith(candidate + ".")) and len(candidate) > len(best):
            best = candidate
    return OPTION_OF_KEY.get(best, key or "pengaturan")


def _with_options(text: str) -> str:
    for key, option in sorted(OPTION_OF_KEY.items(), key=lambda kv: -len(kv[0])):
        if "." in key:
            text = text.replace(key, option)
    return text


def validate_spec(spec: OfficeSpec, base: Settings) -> tuple[Settings, str]:
    """(settings, YAML text) for the office, validated exactly as `load_settings` validates the
    file; problems are reported under the option that fed the key."""
    messages = []
    if spec.provider == "whatsapp_cloud" and not spec.phone_number_id:
        messages.append("--nomor-id: WhatsApp Cloud API memerlukan phone number ID — berikan --nomor-id "
                        "(lihat Meta for Developers → WhatsApp → API Setup)")
    text = render_settings(settings_data(spec, base))
    try:
        settings = validate_located(Settings, load_located(text, str(SETTINGS_FILE)), str(SETTINGS_FILE))
    except ProblemsError as exc:
        messages += [f"{_option_for(p.key)}: {_with_options(p.message)} — {_with_options(p.fix)}"
                     for p in exc.problems]
        raise OfficeError(messages) from None
    if messages:
        raise OfficeError(messages)
    return settings, text


# -- pages -----------------------------------------------------------------------------------


def _duration(step) -> str:
    return f"{step.days} hari" if step.days else f"{step.minutes} menit"


def _total(settings: Settings) -> str:
    days = sum(step.days for step in settings.sop.steps)
    minutes = sum(step.minutes for step in settings.sop.steps)
    return " ".join(part for part in (f"{days} hari" if days else "", f"{minutes} menit" if minutes else "") if part)


ROLE_NAMES = {"kasubbag": "Kasubbag Hukum dan SDM", "staf": "Staf Sub Bagian", "pengelola": "Pengelola JDIH"}

LEGAL_BASES = [
    "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum.",
    "Peraturan Presiden Nomor 33 Tahun 2012 tentang Jaringan Dokumentasi dan Informasi Hukum Nasional.",
    "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 8 Tahun 2019 tentang Standar Pengelolaan Dokumen "
    "dan Informasi Hukum.",
    "Peraturan KPU Nomor 8 Tahun 2019 tentang Tata Kerja KPU, KPU Provinsi, dan KPU Kabupaten/Kota "
    "sebagaimana terakhir diubah dengan Peraturan KPU Nomor 4 Tahun 2021.",
    "Peraturan KPU Nomor 14 Tahun 2020 tentang Tugas, Fungsi, Susunan Organisasi, dan Tata Kerja Sekretariat "
    "KPU, Sekretariat KPU Provinsi, dan Sekretariat KPU Kabupaten/Kota.",
    "Keputusan KPU Nomor 10/HK.04/08/2022 tentang Pedoman Teknis Pengelolaan Dokumentasi dan Informasi Hukum "
    "di Lingkungan KPU, KPU Provinsi, dan KPU Kabupaten/Kota.",
]


def page_index(settings: Settings) -> str:
    o = settings.office
    return (f"Konten media sosial **Jaringan Dokumentasi dan Informasi Hukum (JDIH)** {o.name}. "
            "Setiap konten disusun, disunting, dan disetujui menurut SOP sebelum diterbitkan. "
            "Cari konten lama di [Arsip](arsip/index.md) atau [Cari](cari/index.md).\n")


def page_tentang(settings: Settings) -> str:
    o = settings.office
    where = f"{o.name}, {o.region}" if o.region else o.name
    return (
        "# Tentang JDIH Media Sosial\n\n"
        f"Laman ini memuat konten media sosial Jaringan Dokumentasi dan Informasi Hukum (JDIH) {where}, "
        f"dikelola oleh {o.unit}.\n\n"
        "Setiap konten melalui langkah-langkah SOP Pengelolaan Media Sosial JDIH: disposisi Kasubbag, "
        "penyusunan konsep oleh pengelola JDIH, penyuntingan oleh staf sub bagian, persetujuan Kasubbag, "
        "lalu pengunggahan dan pengiriman tautan ke grup WhatsApp kantor. Riwayat persetujuan setiap konten "
        "tercantum di halamannya.\n\n"
        "Konten juga tersedia sebagai umpan [RSS](feed.xml) dan [JSON Feed](feed.json).\n")


def page_sop(settings: Settings) -> str:
    o = settings.office
    rows = []
    for step in sorted(settings.sop.steps, key=lambda s: s.step):
        name = step.name
        if step.step == 6:
            name = f"{name} {o.short_name}" if "WhatsApp" in name else name
        rows.append(f"| {step.step} | {name} | {ROLE_NAMES[step.role]} | {_duration(step)} |")
    bases = "\n".join(f"{i}. {text}" for i, text in enumerate(LEGAL_BASES, start=1))
    # The table is written from the settings (sop.steps), so the page shows the times the
    # reports measure against.
    return (
        "# SOP Pengelolaan Media Sosial JDIH\n\n"
        "<!-- Lengkapi nomor dan tanggal pengesahan SOP kantor Anda di sini. -->\n"
        f"Standar Operasional Prosedur *Pengelolaan Media Sosial Jaringan Dokumentasi dan Informasi Hukum "
        f"(JDIH)* {o.name}.\n\n"
        "| No | Kegiatan | Pelaksana | Waktu baku |\n| --- | --- | --- | --- |\n"
        + "\n".join(rows) + "\n\n"
        f"Langkah 5: bila Kasubbag tidak setuju, konsep kembali ke langkah 4.\n\n"
        f"Waktu normal: **{_total(settings)}** (waktu kerja).\n\n"
        f"## Dasar hukum\n\n{bases}\n\n"
        "## Pencatatan\n\n"
        "Catatan disimpan sebagai naskah asli cetak (*hardcopy*) dan naskah asli elektronik (*softcopy*). "
        "Setiap konten dapat dicetak dari halamannya beserta kode QR menuju versi daringnya.\n")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def welcome_post(settings: Settings, today: dt.date) -> str:
    """The one sample post: about the SOP's legal bases, written the way a draft is written."""
    o = settings.office
    category = "Peraturan" if "Peraturan" in settings.categories else settings.categories[0]
    author = settings.roles.pengelola[0]
    bases = "\n".join(f"{i}. {text}" for i, text in enumerate(LEGAL_BASES, start=1))
    return f"""---
title: {_q(f"Selamat datang di JDIH Media Sosial {o.short_name}")}
date: {today.isoformat()} 08:00
description: "Enam dasar hukum yang menjadi pijakan pengelolaan media sosial JDIH di kantor kami."
categories: [{_q(category)}]
tags: [DasarHukum, JDIH]
image:
  src: {IMAGE_NAME}
  alt: "Ilustrasi sampul dokumen bertuliskan Dasar Hukum JDIH Media Sosial"
caption: |
  Selamat datang di JDIH Media Sosial {o.short_name}! Setiap konten kami berpijak pada dasar hukum pengelolaan JDIH: UU 7/2017, Perpres 33/2012, Permenkumham 8/2019, PKPU 8/2019 jo. PKPU 4/2021, PKPU 14/2020, dan Keputusan KPU 10/HK.04/08/2022.

  #DasarHukum #JDIH
caption_x: {_q(f"Selamat datang di JDIH Media Sosial {o.short_name}! Kenali enam dasar hukum pengelolaan JDIH kami.")}
legal_documents:
  - type: Undang-Undang
    number: "7"
    year: 2017
    title: Pemilihan Umum
  - type: Peraturan Presiden
    number: "33"
    year: 2012
    title: Jaringan Dokumentasi dan Informasi Hukum Nasional
  - type: Peraturan Menteri Hukum dan HAM
    number: "8"
    year: 2019
    title: Standar Pengelolaan Dokumen dan Informasi Hukum
  - type: Keputusan KPU
    number: "10/HK.04/08/2022"
    year: 2022
    title: Pedoman Teknis Pengelolaan Dokumentasi dan Informasi Hukum
authors: [{author}]
---

Selamat datang di laman JDIH Media Sosial {o.name}. Di sini {o.unit} menerbitkan konten
media sosial Jaringan Dokumentasi dan Informasi Hukum yang telah melalui SOP: disposisi,
penyusunan konsep, penyuntingan, dan persetujuan Kasubbag.

## Dasar hukum pengelolaan JDIH

{bases}

Konten berikutnya akan mengulas dasar-dasar hukum tersebut satu per satu.
"""


def office_readme(settings: Settings, secret_names: list[str]) -> str:
    """The office's own README: what the repository is, how to go live, and the settings and
    command references generated from the code (checked by `python -m jdih.cli.reference --periksa README.md`)."""
    from jdih.cli import reference

    o, site = settings.office, settings.site
    steps = "\n".join(going_live(settings, ".", secret_names))
    blocks = "\n".join(
        f"## {title}\n\n<!-- mulai: {name} -->\n\n{make()}\n<!-- selesai: {name} -->\n"
        for title, name, make in (("Referensi pengaturan", "referensi-pengaturan", reference.settings_reference),
                                  ("Referensi perintah jdih", "referensi-cli", reference.cli_reference)))
    return (
        f"# JDIH Media Sosial {o.short_name}\n\n"
        f"Repositori konten media sosial Jaringan Dokumentasi dan Informasi Hukum (JDIH) {o.name}, dikelola "
        f"oleh {o.unit}. Setiap konten melewati SOP di GitHub: disposisi (issue), konsep (pull request), sunting "
        f"(ulasan staf), persetujuan Kasubbag (Approve dan Merge pull request), lalu terbit otomatis di <{site.url}> "
        "dan tautannya dikirim ke grup WhatsApp kantor.\n\n"
        "- Panduan per peran: `content/panduan/` (juga di situs, menu Panduan).\n"
        "- Pengaturan kantor: `site_config/jdih.yml` (referensi lengkap di bawah).\n"
        "- Draf baru: `drafts/`; konten terbit: `content/posts/`.\n\n"
        "## Di komputer\n\n"
        "```sh\n"
        "make build   # membuat .venv, memasang jdih, membangun situs ke site/\n"
        "make serve   # melihat situs di http://127.0.0.1:8000/\n"
        "make check   # memeriksa draf dan konten (jdih periksa)\n"
        "make test    # menjalankan pemeriksaan repositori ini\n"
        "```\n\n"
        f"## Mulai terbit di GitHub\n\n{steps}\n\n"
        f"{blocks}\n"
        "## Lisensi\n\nMIT (lihat `LICENSE`). Repositori ini dibuat dengan `jdih kantor-baru`.\n")


def _issue_config(settings: Settings, source_text: str | None) -> str:
    guides = settings.site.url + "panduan/"
    if source_text:
        data = yaml.safe_load(source_text) or {}
        for link in data.get("contact_links") or []:
            link["url"] = guides
        header = "".join(line + "\n" for line in source_text.splitlines() if line.startswith("#"))
        return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return yaml.safe_dump({"blank_issues_enabled": True, "contact_links": [
        {"name": "Panduan SOP JDIH Media Sosial", "url": guides,
         "about": "Panduan per peran (Kasubbag, staf, pengelola JDIH) untuk setiap tahap SOP."}]},
        allow_unicode=True, sort_keys=False)


OFFICE_TEST = '''\
"""Checks of this office's repository (made by `jdih kantor-baru`): settings, content, build."""

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jdih.cli import reference
from jdih.cli.main import main
from jdih.content.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_settings_load():
    assert load_settings(ROOT / "site_config" / "jdih.yml").office.name


def test_check_passes(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["periksa"])
    assert result.exit_code == 0, result.output


def test_site_builds(tmp_path):
    env = dict(os.environ, JDIH_CACHE_DIR=str(tmp_path / "cache"), NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_readme_references_match_the_code():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert reference.missing_markers(text) == []
    assert reference.diff(text) == "", "jalankan: python -m jdih.cli.reference --tulis README.md"
'''


# -- the whole repository ----------------------------------------------------------------------


def check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise OfficeError([f"TUJUAN: {target} sudah ada dan bukan folder — pilih nama folder baru"])
    if target.is_dir() and any(target.iterdir()):
        raise OfficeError([f"TUJUAN: folder {target} sudah ada dan tidak kosong — pilih folder baru atau "
                           "kosongkan dulu; isi yang ada tidak akan ditimpa"])


def github_repository(url: str) -> str | None:
    """'https://kpu-katingan.github.io/jdih-medsos/' → 'kpu-katingan/jdih-medsos' (GitHub Pages address)."""
    match = re.match(r"^https?://([A-Za-z0-9-]+)\.github\.io/([^/]+)/?", url)
    if match:
        return f"{match.group(1)}/{match.group(2)}"
    match = re.match(r"^https?://([A-Za-z0-9-]+)\.github\.io/?$", url)
    return f"{match.group(1)}/{match.group(1)}.github.io" if match else None


def create_office(target: Path, spec: OfficeSpec, *, source: Path | None = None,
                  today: dt.date | None = None) -> OfficeResult:
    """Make the repository; nothing is written unless the arguments are valid and the target is free."""
    source = Path(source or source_root())
    if not _is_project(source):
        raise OfficeError([f"--sumber: {source} bukan folder proyek JDIH Media Sosial (tidak ada mkdocs.yml dan "
                           f"{SETTINGS_FILE}) — jalankan dari salinan repositori proyek atau berikan --sumber"])
    check_target(target)
    base = load_settings(source / SETTINGS_FILE)
    settings, settings_text = validate_spec(spec, base)
    today = today or dt.datetime.now(WIB).date()

    existed = target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        return _populate(target, source, settings, settings_text, today)
    except BaseException:
        # Leave nothing half-made: the folder was absent or empty before.
        for child in ([target] if not existed else list(target.iterdir())):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        raise


def _populate(target: Path, source: Path, settings: Settings, settings_text: str, today: dt.date) -> OfficeResult:
    files = source_files(source)
    written: list[str] = []

    def write(rel: str, content: str | bytes) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(rel)

    for rel in files:
        data = (source / rel).read_bytes()
        write(rel, data)
        os.chmod(target / rel, (source / rel).stat().st_mode & 0o777)  # .ci/run stays executable

    write(str(SETTINGS_FILE), settings_text)
    loaded = load_settings(target / SETTINGS_FILE)  # the file as written must load to the same settings
    if loaded != settings:
        raise OfficeError(["pengaturan yang ditulis tidak terbaca sama — laporkan kepada pengembang"])

    write("content/index.md", page_index(settings))
    write("content/tentang.md", page_tentang(settings))
    write("content/sop.md", page_sop(settings))
    issue_config = source / ".github/ISSUE_TEMPLATE/config.yml"
    write(".github/ISSUE_TEMPLATE/config.yml",
          _issue_config(settings, issue_config.read_text(encoding="utf-8") if issue_config.is_file() else None))
    write(repo_setup.CODEOWNERS_PATH, repo_setup.codeowners_text(settings))
    post_dir = f"content/posts/{today.year}/{WELCOME_SLUG}"
    write(f"{post_dir}/index.md", welcome_post(settings, today))
    generate_sample_image(target / post_dir / IMAGE_NAME, "Dasar Hukum JDIH Media Sosial",
                          f"Selamat datang di JDIH {settings.office.short_name}", seed=7)
    written.append(f"{post_dir}/{IMAGE_NAME}")
    write("tests/test_kantor.py", OFFICE_TEST)
    write("README.md", office_readme(settings, workflow_secrets(target)))

    repo = git.Repo.init(target, initial_branch="main")
    repo.index.add(sorted(set(written)))
    commit = repo.index.commit(f"Repositori JDIH Media Sosial {settings.office.short_name} (jdih kantor-baru)",
                               author=_actor(repo), committer=_actor(repo))
    return OfficeResult(target, settings, sorted(set(written)), commit.hexsha)


def _actor(repo: git.Repo) -> git.Actor:
    """The user's own git identity when set; a neutral one otherwise (a fresh machine has none)."""
    try:
        reader = repo.config_reader()
        name = reader.get_value("user", "name", "")
        email = reader.get_value("user", "email", "")
    except Exception:  # noqa: BLE001 - no config at all is the common case on a new machine
        name = email = ""
    return git.Actor(name, email) if name and email else COMMIT_ACTOR


def workflow_secrets(root: Path) -> list[str]:
    """Secret names the repository's workflows read (`secrets.NAME`)."""
    names: set[str] = set()
    for path in sorted((root / ".github" / "workflows").glob("*.y*ml")):
        names |= set(re.findall(r"secrets\.([A-Za-z0-9_]+)", path.read_text(encoding="utf-8")))
    return sorted(names)


SECRET_NOTES = {"JDIH_BOT_TOKEN": "dianjurkan: token yang boleh mendorong ke cabang main yang dilindungi, agar "
                                  "commit penerbitan tersimpan"}


def going_live(settings: Settings, root: Path | str, secret_names: list[str]) -> list[str]:
    """The numbered steps from a fresh local repository to the live site (Indonesian)."""
    repository = github_repository(settings.site.url) or "PEMILIK/NAMA-REPOSITORI"
    owner, _, name = repository.partition("/")
    notifier = settings.notifier
    secrets = []
    if notifier.provider != "none":
        if notifier.provider not in DEFAULT_BASE:
            secrets.append(f"{notifier.url_env} (alamat gerbang {notifier.provider})")
        if notifier.provider in TOKEN_REQUIRED or notifier.provider == "waha":
            secrets.append(f"{notifier.token_env} (token {notifier.provider})")
        elif notifier.provider == "webhook":
            secrets.append(f"{notifier.token_env} (token webhook, bila gerbang Anda memintanya)")
    for secret in secret_names:
        if secret not in (notifier.url_env, notifier.token_env):
            secrets.append(f"{secret} ({SECRET_NOTES.get(secret, 'dipakai alur kerja')})")
    cd = "" if str(root) == "." else f"cd {root} && "
    roles = settings.roles
    people = ", ".join(f"@{login}" for login in [*roles.kasubbag, *roles.staf, *roles.pengelola])
    lines = [
        f"1. Buat repositori kosong di GitHub bernama '{name}' milik '{owner}' (https://github.com/new; "
        "jangan centang 'Add a README file').",
        f"2. Dorong isinya: {cd}git remote add origin https://github.com/{repository}.git "
        "&& git push -u origin main",
        f"3. Undang {people} sebagai kolaborator dengan hak Write (Settings → Collaborators).",
    ]
    if secrets:
        lines.append("4. Isi secret di Settings → Secrets and variables → Actions → New repository secret: "
                     + "; ".join(secrets) + ".")
    if notifier.provider == "none":
        lines.append(f"{'   ' if secrets else '4. '}Pengiriman WhatsApp belum diaktifkan (notifier.provider: none); "
                     "ubah site_config/jdih.yml bila gerbang sudah tersedia, lalu isi secret-nya.")
    lines += [
        f"5. Pasang jdih dan siapkan repositori (label tahap, CODEOWNERS, perlindungan cabang main, Pages): "
        f"{cd}make build && GITHUB_TOKEN=<token admin> .venv/bin/jdih siapkan --repo {repository} "
        "--dry-run, lalu ulangi tanpa --dry-run.",
        "6. Pastikan Settings → Pages → Build and deployment → Source: GitHub Actions, lalu buka Actions → "
        "Terbitkan → Run workflow agar situs pertama terpasang.",
        f"7. Coba satu putaran SOP (disposisi, draf, sunting, persetujuan, Merge pull request) dengan panduan di "
        f"content/panduan/, lalu buka {settings.site.url}.",
    ]
    return lines


def next_steps(result: OfficeResult) -> list[str]:
    return [f"Repositori untuk {result.settings.office.name} dibuat di {result.root} ({len(result.files)} berkas, "
            f"commit {result.commit[:7]}).", "", "Langkah berikutnya:",
            *going_live(result.settings, result.root, workflow_secrets(result.root))]
