"""SOP step 1: the disposisi issue, and the comment that lets staff start a draft from the web UI.

**The browser layout** is one folder per draft, ``drafts/<slug>/index.md`` with its image
beside it (`draft_path`), the one layout the link, the template, `jdih mulai`, drafts/README.md
and the guides describe. It is chosen because GitHub's web UI can make it in two steps, each
a documented page of GitHub's:

1. the comment's link opens GitHub's new-file page for ``drafts/<slug>/index.md`` with the
   template filled in (`new_file_link`); "Commit changes… → Create a new branch for this
   commit and start a pull request → Propose changes" makes the folder and the pull request.
   GitHub docs, "Creating new files": "In the file name field, type the name and extension for
   the file. To create subdirectories, type the `/` directory separator" — so the folder is
   made by the file's name; no folder has to exist on main (``drafts/media/`` does not);
2. on that branch, in that folder, "Add file → Upload files" adds the image in a second
   commit (GitHub docs, "Adding a file to a repository": "Above the list of files, select the
   Add file dropdown menu and click Upload files", then choose the branch to commit to). The
   Upload files page adds files to the folder being browsed, and has no field for a folder's
   name: a new folder comes in only by dragging a whole folder from a computer ("drag and drop
   the file or folder"). ``drafts/media/``, which main does not have, is therefore no place to
   upload to from the page, while the draft's own folder exists on the branch from its first
   commit.

The ``filename`` and ``value`` query parameters that pre-fill the page are not described in
GitHub's docs (searched: "Creating new files", "Adding a file to a repository", and the docs
corpus for the parameters; only other forges document copying them). So nothing depends on
them alone: the comment names the path to type and always carries the template to copy.

Older layouts stay valid everywhere (``drafts/<slug>.md`` with its image in ``drafts/media/``
or beside it): `jdih.content.files` reads them and promotion moves their image.
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
DRAFTS = "drafts"
INDEX = "index.md"
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


def draft_folder(slug: str) -> str:
    """The folder of a new draft: ``drafts/<slug>`` (its image goes in it)."""
    return f"{DRAFTS}/{slug}"


def draft_path(slug: str) -> str:
    """The file of a new draft, the one browser-friendly layout: ``drafts/<slug>/index.md``."""
    return f"{draft_folder(slug)}/{INDEX}"


def new_file_link(repo_web_url: str, slug: str, content: str, branch: str = "main") -> str:
    """GitHub's new-file page for ``drafts/<slug>/index.md`` with the template pre-filled (the
    ``/`` in the name makes the folder: see the module); without `value` when that would be too long."""
    base = f"{repo_web_url}/new/{quote(branch)}?filename={quote(draft_path(slug))}"
    full = f"{base}&value={quote(content, safe='')}"
    return full if len(full) <= MAX_LINK else base


def link_comment(disposisi: Disposisi, link: str, slug: str, content: str = "") -> str:
    """The Indonesian comment posted on a new disposisi (marked so it is written only once): the
    link, the two steps of the browser path (the draft, then its image in the same folder), and
    the template to copy when the link did not carry it."""
    path, folder = draft_path(slug), draft_folder(slug)
    filled = "&value=" in link
    lines = [
        LINK_MARKER,
        f"Disposisi #{disposisi.number} diterima. Langkah berikutnya (SOP tahap 2–3): menghimpun bahan "
        "dan menyusun konsep.",
        "",
        f"**[Buat draf `{path}` di GitHub]({link})**"
        + (f" — templat sudah terisi dan nomor disposisi #{disposisi.number} sudah tercantum." if filled else
           f", lalu salin templat di bawah ini ke dalamnya (nomor disposisi #{disposisi.number} sudah tercantum)."),
        "",
        "Cara memakai tautan ini:",
        f"1. Klik tautan di atas. Nama berkasnya sudah tertulis `{path}`: garis miring `/` di nama itu membuat "
        f"folder `{folder}/` untuk draf dan gambarnya. Lengkapi isian draf (judul, ringkasan, takarir, isi); di "
        "isian `image`, tulis `src:` dengan nama berkas gambar yang akan Anda unggah, mis. `src: gambar.jpg`.",
        "2. Klik **Commit changes…**, pilih **Create a new branch for this commit and start a pull request**, "
        "lalu klik **Propose changes**.",
        f"3. Pada halaman pull request, pastikan tertulis \"Menindaklanjuti #{disposisi.number}\", lalu klik "
        "**Create pull request**.",
        f"4. Unggah gambarnya ke folder draf di cabang yang sama: pada pull request, klik nama cabangnya, buka "
        f"folder `{folder}/`, klik **Add file** → **Upload files**, seret gambarnya, pilih **Commit directly to "
        "the `…` branch**, lalu klik **Commit changes**. Komentar **Pratinjau draf** pada pull request memeriksa "
        "dan menampilkannya.",
        "",
        "Pengelola JDIH juga dapat memakai perintah `jdih mulai` dan `jdih ajukan`.",
    ]
    if content:
        lines += ["", "<details><summary>Templat draf</summary>", "", f"````markdown\n{content}````", "",
                  "</details>"]
    return "\n".join(lines)


def disposisi_from_issue(number: int, title: str, body: str, author: str) -> Disposisi:
    return Disposisi(number, title, parse_form_body(body), author)


DISPOSISI_REF = re.compile(r"(?:menindaklanjuti|disposisi)\s*:?\s*#(\d+)", re.I)
CLOSING_REF = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)", re.I)


def disposisi_number_in(text: str) -> int | None:
    """The disposisi a pull request body refers to ('Menindaklanjuti #12'), if any."""
    match = DISPOSISI_REF.search(text or "") or CLOSING_REF.search(text or "")
    return int(match.group(1)) if match else None
