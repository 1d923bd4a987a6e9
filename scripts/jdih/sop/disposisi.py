"""SOP step 1: the disposisi issue, and the comment that lets staff start a draft from the web UI.

The comment holds a link to GitHub's new-file page with the draft template already filled
in (`…/new/main?filename=drafts/<slug>.md&value=<template>`), so "Commit changes → Create a
new branch → Propose changes" makes the pull request without installing anything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jdih.content.clock import Where, today
from jdih.content.files import SLUG_MAX, slugify  # noqa: F401 - the draft's slug rule, used here and by `mulai`
from jdih.content.settings import Settings

TITLE_PREFIX = "Disposisi: "
LINK_MARKER = "<!-- jdih:tautan-konsep -->"
TEMPLATE_FILE = Path("site_config") / "templates" / "draft.md.j2"

# The issue form's fields (.github/ISSUE_TEMPLATE/disposisi.yml) in the order the form shows them;
# `jdih disposisi` writes the same headings so both kinds of issue are read alike.
FIELD_TITLE = "Judul konten"
FIELD_WHAT = "Konten yang diminta"
FIELD_WHY = "Alasan / tujuan"
FIELD_DEADLINE = "Tenggat"
FIELD_DOCUMENTS = "Dokumen hukum terkait"
FIELD_CATEGORY = "Kategori"
FORM_FIELDS = (FIELD_TITLE, FIELD_WHAT, FIELD_WHY, FIELD_DEADLINE, FIELD_DOCUMENTS, FIELD_CATEGORY)
NO_RESPONSE = "_No response_"  # what GitHub writes for an empty optional form field


@dataclass(frozen=True)
class Disposisi:
    number: int
    title: str
    fields: dict[str, str]
    author: str

    @property
    def content_title(self) -> str:
        return self.fields.get(FIELD_TITLE) or strip_prefix(self.title)

    @property
    def slug(self) -> str:
        return slugify(self.content_title, fallback=f"disposisi-{self.number}")

    @property
    def category(self) -> str | None:
        return self.fields.get(FIELD_CATEGORY) or None


def strip_prefix(title: str) -> str:
    return title[len(TITLE_PREFIX):].strip() if title.lower().startswith(TITLE_PREFIX.lower()) else title.strip()


def parse_form_body(body: str) -> dict[str, str]:
    """Read the '### Heading\\n\\nvalue' sections GitHub writes for an issue form."""
    fields: dict[str, str] = {}
    for match in re.finditer(r"^###[ \t]+(.+?)[ \t]*\r?\n(.*?)(?=^###[ \t]|\Z)", body or "", re.M | re.S):
        value = match.group(2).strip()
        fields[match.group(1).strip()] = "" if value == NO_RESPONSE else value
    return fields


def issue_body(fields: dict[str, str]) -> str:
    """An issue body in the issue form's own layout (for `jdih disposisi`)."""
    parts = []
    for name in FORM_FIELDS:
        value = (fields.get(name) or "").strip()
        parts.append(f"### {name}\n\n{value or NO_RESPONSE}\n")
    return "\n".join(parts)


def office_today(where: Where, now: dt.datetime | None = None) -> dt.date:
    """Today (or `now`'s date) on the office's clock; `where`: the settings, or a zone."""
    return today(where, now)


def render_draft(settings: Settings, root: Path, *, title: str, slug: str, date: dt.date,
                 disposisi: int | None, author: str) -> str:
    """The draft template (site_config/templates/draft.md.j2) filled in."""
    from jdih.sop.draft import render_draft_template

    templates = root / TEMPLATE_FILE.parent
    return render_draft_template(settings, templates=templates if (templates / TEMPLATE_FILE.name).is_file() else None,
                                 title=title, slug=slug, date=date, disposisi=disposisi, author=author)


MAX_LINK = 8000  # web servers commonly refuse request lines past 8 KB


def new_file_link(repo_web_url: str, slug: str, content: str, branch: str = "main") -> str:
    """GitHub's new-file page with the template pre-filled; without `value` when that would be too long."""
    base = f"{repo_web_url}/new/{quote(branch)}?filename={quote(f'drafts/{slug}.md')}"
    full = f"{base}&value={quote(content, safe='')}"
    return full if len(full) <= MAX_LINK else base


def link_comment(disposisi: Disposisi, link: str, slug: str, content: str = "") -> str:
    """The Indonesian comment posted on a new disposisi (marked so it is written only once)."""
    if "&value=" not in link and content:
        # the template did not fit in the link: give it to copy instead
        return (
            f"{LINK_MARKER}\n"
            f"Disposisi #{disposisi.number} diterima. Langkah berikutnya (SOP tahap 2–3): menghimpun bahan "
            f"dan menyusun konsep.\n\n"
            f"**[Buat draf `drafts/{slug}.md` di GitHub]({link})**, lalu salin templat di bawah ini ke dalamnya "
            f"(nomor disposisi #{disposisi.number} sudah tercantum).\n\n"
            "<details><summary>Templat draf</summary>\n\n"
            f"````markdown\n{content}````\n\n</details>\n\n"
            "Setelah itu klik **Commit changes…**, pilih **Create a new branch for this commit and start a pull "
            "request**, lalu klik **Propose changes**."
        )
    return (
        f"{LINK_MARKER}\n"
        f"Disposisi #{disposisi.number} diterima. Langkah berikutnya (SOP tahap 2–3): menghimpun bahan "
        f"dan menyusun konsep.\n\n"
        f"**[Buat draf `drafts/{slug}.md` di GitHub]({link})** — templat sudah terisi dan nomor "
        f"disposisi #{disposisi.number} sudah tercantum.\n\n"
        "Cara memakai tautan ini:\n"
        "1. Klik tautan di atas, lalu lengkapi isian draf (judul, ringkasan, gambar, takarir, isi).\n"
        "2. Klik **Commit changes…**, pilih **Create a new branch for this commit and start a pull "
        "request**, lalu klik **Propose changes**.\n"
        f"3. Pada halaman pull request, pastikan tertulis \"Menindaklanjuti #{disposisi.number}\", "
        "lalu klik **Create pull request**.\n\n"
        "Pengelola JDIH juga dapat memakai perintah `jdih mulai` dan `jdih ajukan`."
    )


def disposisi_from_issue(number: int, title: str, body: str, author: str) -> Disposisi:
    return Disposisi(number, title, parse_form_body(body), author)


DISPOSISI_REF = re.compile(r"(?:menindaklanjuti|disposisi)\s*:?\s*#(\d+)", re.I)
CLOSING_REF = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)", re.I)


def disposisi_number_in(text: str) -> int | None:
    """The disposisi a pull request body refers to ('Menindaklanjuti #12'), if any."""
    match = DISPOSISI_REF.search(text or "") or CLOSING_REF.search(text or "")
    return int(match.group(1)) if match else None
