"""SOP steps 3–4: the preview of drafts on a pull request (`jdih pratinjau`).

Two things, both for the people who approve on a phone:

* **the preview comment** (`preview_comment`): each draft as its page will show it — title,
  category and date, the image, the description, the caption, each platform's caption as it
  will be posted (a code block each, for GitHub's copy button) with its length against the
  platform's limit, the legal documents, the tags and the share texts — and every problem. The image is shown
  from the pull request's own commit: ``https://github.com/<owner>/<repo>/blob/<sha>/<path>?raw=true``,
  the absolute form of what GitHub's docs give for an image "In issues, pull requests and
  comments of the repository": ``../blob/main/assets/images/electrocat.png?raw=true`` ("Basic
  writing and formatting syntax" → Images; for a private repository it works "only if the
  viewer has at least read access", which every reviewer has). The commit, not the branch, so
  the picture is the version the comment describes;
* **the whole site with the drafts in it** (`build_preview`), as promotion will place them,
  kept as the run's artifact. It is built to be opened from disk after unzipping:
  ``use_directory_urls: false`` for this build only, and every link to a folder then written
  to its ``index.html`` (`link_files`), since a browser shows a folder listing, not the page,
  for a ``file://`` folder.

No picture of the page is made: the comment can show only an image GitHub can fetch from the
repository, and this job may not write to the repository (it runs the pull request's code
with ``contents: read``); an artifact is a download, not an image a comment can show.

Pure builders return text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from markupsafe import escape

from jdih.content import files
from jdih.content.clock import Where, tanggal_jam
from jdih.content.files import live_url
from jdih.content.post import PostMeta, parse_meta, read_source, repoint_image_src
from jdih.content.problems import Problem, ProblemsError
from jdih.content.safety import markdown_text
from jdih.content.settings import Settings
from jdih.content.social_text import (
    CAPTION_LIMITS,
    FACEBOOK_LIMIT,
    INSTAGRAM_HASHTAGS,
    INSTAGRAM_LIMIT,
    PLATFORM_NAMES,
    PLATFORMS,
    TELEGRAM_CAPTION_LIMIT,
    X_LIMIT,
    caption_length,
    format_number,
    hashtag_count,
    platform_caption,
)
from jdih.content.urls import is_allowed_url
from jdih.site.catalog import Post
from jdih.sop.check import check_targets, collect_targets
from jdih.sop.publish import destination, find_drafts, image_to_bring, leaving_problems

PREVIEW_MARKER = "<!-- jdih:pratinjau -->"


# -- preview: build -----------------------------------------------------------------------


@dataclass
class PreviewTree:
    root: Path
    included: list[tuple[str, str]] = field(default_factory=list)  # (draft, post id)
    skipped: list[str] = field(default_factory=list)  # drafts whose front matter is broken


def prepare_preview_tree(root: Path, target: Path, where: Where = None) -> PreviewTree:
    """A copy of the site sources in `target` with every valid draft placed where promotion
    would put it (a single-file draft's image brought into its folder, as promotion does), so the
    preview build is the site as it will be after the merge.

    Symbolic links are copied as links, never followed, so the build refuses them as it would
    on main; a draft whose files may not leave drafts/ (`publish.leaving_problems`: a link, a
    file type no content folder holds, an image outside its folder) is skipped, not copied.

    `where` (the settings, or a zone): the office time zone promotion reads dates in."""
    tree = PreviewTree(target)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(root / "site_config", target / "site_config", symlinks=True)
    try:  # hard links: a 1,000-post content tree is linked, not copied
        shutil.copytree(root / "content", target / "content", symlinks=True, copy_function=os.link)
    except OSError:
        shutil.rmtree(target / "content", ignore_errors=True)
        shutil.copytree(root / "content", target / "content", symlinks=True)
    for draft in find_drafts(root):
        try:
            meta = parse_meta(read_source(root / draft, draft), where)
        except ProblemsError:
            tree.skipped.append(draft)
            continue
        source, destination_path, post_id = destination(draft, meta, where)
        if (target / destination_path).exists() or leaving_problems(root, draft, meta):
            tree.skipped.append(draft)
            continue
        (target / destination_path).parent.mkdir(parents=True, exist_ok=True)
        if (root / source).is_dir():
            shutil.copytree(root / source, target / destination_path, symlinks=True)
        else:
            shutil.copyfile(root / source, target / destination_path)
            _bring_image(root, draft, meta, target / destination_path)
        tree.included.append((draft, post_id))
    return tree


def _bring_image(root: Path, draft: str, meta: PostMeta, post_file: Path) -> None:
    """A single-file draft's image (``drafts/media/x.png``) beside its post, ``image.src``
    written as its name, as promotion does (`publish.bring_image`); when that line cannot be
    rewritten (`repoint_image_src`), the image keeps its own path below the post instead, so
    the page still finds it."""
    image = image_to_bring(root, draft, meta)
    if image is None:
        return
    name = PurePosixPath(image).name
    text = repoint_image_src(post_file.read_text(encoding="utf-8"), meta.image.src, name)
    if text is not None:
        shutil.copyfile(root / image, post_file.parent / name)
        post_file.write_text(text, encoding="utf-8")
        return
    parts = [part for part in PurePosixPath(meta.image.src).parts if part != "."]
    kept = post_file.parent.joinpath(*parts)
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / image, kept)


# A link the build wrote (`href`, `src`): rewritten only when relative and to a folder.
_LINK = re.compile(r"""(?P<lead>\s(?:href|src)=)(?P<q>["'])(?P<url>[^"'<>]*)(?P=q)""")


def _relative_to_page(page: Path, path: str, site: Path) -> str | None:
    """An absolute path of the site (``/jdih-medsos/sop/``, as 404.html writes them: its base path
    is unknown here, so leading parts are dropped until the rest exists) as a path from `page`."""
    parts = [part for part in path.split("/") if part]
    for start in range(len(parts) + 1):
        rest = "/".join(parts[start:])
        target = site / rest if rest else site
        if target.exists():
            relative = os.path.relpath(target, page.parent).replace(os.sep, "/")
            return relative + ("/" if path.endswith("/") and relative not in (".", "..") else "")
    return None


def _file_for(page: Path, url: str, site: Path) -> str | None:
    """`url` (relative, from `page`) written to the page file it stands for, or None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "//")) or not parts.path:
        return None  # another site, this page's own anchor or query
    path = unquote(parts.path)
    candidates = []
    if path.startswith("/"):
        path = _relative_to_page(page, path, site)
        if path is None:
            return None
        candidates.append(path)  # a file of the site, now written from the page
    target = (page.parent / path) if path else page
    if path.endswith("/") or path in (".", "..") or path.endswith(("/.", "/..")):
        candidates.append((path.rstrip("/") + "/" if path.rstrip("/") else "") + "index.html")
    elif not PurePosixPath(path).suffix and target.is_dir():
        candidates.append(path + "/index.html")
    if path.endswith("/") and path.rstrip("/") not in ("", ".", ".."):
        candidates.append(path.rstrip("/") + ".html")  # a single-file page (`x.md`) without directory URLs
    for candidate in candidates:
        resolved = (page.parent / candidate).resolve()
        if resolved.is_file() and resolved.is_relative_to(site.resolve()):
            rebuilt = quote(candidate, safe="/.-_~%")
            return rebuilt + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return None


def link_files(site: Path) -> int:
    """Write every relative link of the built pages that names a folder (``../tagar/pemilu/``)
    to that folder's ``index.html``, so the site works opened from disk; returns how many."""
    changed = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")

        def fix(match: re.Match, page: Path = page) -> str:
            nonlocal changed
            rewritten = _file_for(page, match["url"], site)
            if rewritten is None:
                return match.group(0)
            changed += 1
            return f"{match['lead']}{match['q']}{rewritten}{match['q']}"

        new = _LINK.sub(fix, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return changed


def _from_disk(tree: Path) -> None:
    """The preview build's own mkdocs.yml: pages as files (``use_directory_urls: false``)."""
    config = tree / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^use_directory_urls:.*$", "use_directory_urls: false", text)
    if not count:
        text += "\nuse_directory_urls: false\n"
    config.write_text(text, encoding="utf-8")


def build_preview(root: Path, output: Path, echo: Callable[[str], None] = print, where: Where = None) -> int:
    """`mkdocs build --strict` of the site with the drafts in it, to be opened from disk (see the
    module); returns mkdocs' exit status."""
    output = output if output.is_absolute() else Path.cwd() / output
    env = dict(os.environ)
    env.setdefault("JDIH_CACHE_DIR", str(root / ".cache" / "jdih"))  # reuse processed images
    with tempfile.TemporaryDirectory(prefix="jdih-pratinjau-") as temporary:
        tree = prepare_preview_tree(root, Path(temporary), where)
        _from_disk(tree.root)
        for draft, post_id in tree.included:
            echo(f"Draf {draft} dibangun sebagai {post_id}")
        for draft in tree.skipped:
            echo(f"Draf {draft} tidak ikut dibangun: isinya bermasalah (lihat 'jdih periksa {draft}').")
        completed = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(tree.root / "mkdocs.yml"),
             "-d", str(output)], env=env, cwd=tree.root)  # --quiet: warnings and errors only
    if completed.returncode == 0:
        link_files(output)
        start = next((draft_page(output, post_id) for _, post_id in tree.included), None)
        echo(f"Buka {start or output / 'index.html'} di peramban (tautannya berfungsi langsung dari berkas).")
    return completed.returncode


def draft_page(site: Path, post_id: str) -> Path | None:
    """The built page of a post id in the preview site (``posts/2026/x/index.html``)."""
    page = site / post_id / "index.html"
    return page if page.is_file() else None


# -- preview: the comment -----------------------------------------------------------------


@dataclass
class PlatformCaption:
    """One platform's whole caption as it will be posted (`platform_caption`), and its measure."""

    platform: str
    key: str  # the front-matter key its text comes from: "caption", "captions.x", "caption_x"
    text: str
    length: int  # as the platform counts it (`social_text.caption_length`)

    @property
    def name(self) -> str:
        return PLATFORM_NAMES[self.platform]

    @property
    def limit(self) -> int:
        return CAPTION_LIMITS[self.platform]


def _caption_key(meta: PostMeta, platform: str) -> str:
    if getattr(meta.captions, platform, None) if meta.captions else None:
        return f"captions.{platform}"
    return "caption_x" if platform == "x" and meta.caption_x else "caption"


def platform_captions(meta: PostMeta, settings: Settings, url: str) -> dict[str, PlatformCaption]:
    """Every platform's caption (`PLATFORMS` order) as `jdih periksa` measures it and as it is posted:
    its text (its override, else `caption`), the post's and the office's hashtags, the link."""
    office = list(settings.share.hashtags)
    captions = {}
    for platform in PLATFORMS:
        text = platform_caption(meta.platform_caption_text(platform), platform, meta.tags, office, url)
        captions[platform] = PlatformCaption(platform, _caption_key(meta, platform), text,
                                             caption_length(text, platform))
    return captions


@dataclass
class CaptionLengths:
    x: int
    instagram: int
    instagram_hashtags: int
    facebook: int
    telegram: int

    def rows(self) -> list[tuple[str, str, str, bool]]:
        return [
            ("X", f"{format_number(self.x)} karakter", f"{format_number(X_LIMIT)} karakter", self.x <= X_LIMIT),
            ("Instagram", f"{format_number(self.instagram)} karakter", f"{format_number(INSTAGRAM_LIMIT)} karakter",
             self.instagram <= INSTAGRAM_LIMIT),
            ("Instagram (tagar)", f"{self.instagram_hashtags} tagar", f"{INSTAGRAM_HASHTAGS} tagar",
             self.instagram_hashtags <= INSTAGRAM_HASHTAGS),
            ("Facebook", f"{format_number(self.facebook)} karakter", f"{format_number(FACEBOOK_LIMIT)} karakter",
             self.facebook <= FACEBOOK_LIMIT),
            ("Telegram", f"{format_number(self.telegram)} karakter",
             f"{format_number(TELEGRAM_CAPTION_LIMIT)} karakter", self.telegram <= TELEGRAM_CAPTION_LIMIT),
        ]


def caption_lengths(meta: PostMeta, settings: Settings, url: str) -> CaptionLengths:
    """The measures `jdih periksa` checks, of the captions as posted (`platform_captions`): the
    hashtags added, the link on Facebook and Telegram, and on X counted as 23."""
    captions = platform_captions(meta, settings, url)
    return CaptionLengths(
        x=captions["x"].length,
        instagram=captions["instagram"].length,
        instagram_hashtags=hashtag_count(captions["instagram"].text),
        facebook=captions["facebook"].length,
        telegram=captions["telegram"].length,
    )


@dataclass
class DraftPreview:
    draft: str
    problems: list[Problem]
    meta: PostMeta | None = None
    post_id: str | None = None
    url: str | None = None
    image_path: str | None = None
    lengths: CaptionLengths | None = None
    captions: dict[str, PlatformCaption] = field(default_factory=dict)  # platform → its caption as posted
    share_texts: dict[str, str] = field(default_factory=dict)
    date: str = ""  # as the page shows it, on the office's clock: '24 November 2026 pukul 08.00 WIB'
    image_state: str = "ok"  # "ok", "missing" (not uploaded yet) or "refused" (a problem says why)


def _share_texts(meta: PostMeta, post_id: str, settings: Settings, root: Path) -> dict[str, str]:
    from jdih.site.pages import SiteModel  # the very texts the site's share buttons will use

    model = SiteModel(catalog=None, settings=settings, images={}, project_root=root)  # type: ignore[arg-type]
    post = Post(src_uri=post_id + "index.md", url=post_id, slug=post_id.rstrip("/").rsplit("/", 1)[-1],
                meta=meta, image_path=Path(), image_src_uri="")
    texts = model.share_texts(post)
    return {"WhatsApp": texts.whatsapp, "X": texts.x, "Telegram": texts.telegram,
            "Surel (subjek)": texts.email_subject, "Surel (isi)": texts.email_body}


def draft_previews(root: Path, settings: Settings) -> list[DraftPreview]:
    """One preview per draft in drafts/, with every problem `jdih periksa` finds."""
    targets = collect_targets([root / "drafts"], root) if (root / "drafts").is_dir() else []
    problems = check_targets(targets, settings, root)
    previews = []
    for draft in find_drafts(root):
        mine = [p for p in problems if p.file == draft]
        preview = DraftPreview(draft, mine)
        try:
            meta = parse_meta(read_source(root / draft, draft), settings)
        except ProblemsError:
            previews.append(preview)
            continue
        _, _, post_id = destination(draft, meta, settings)
        preview.meta, preview.post_id, preview.url = meta, post_id, live_url(settings, post_id)
        preview.image_path = PurePosixPath(draft).parent.joinpath(
            *[part for part in PurePosixPath(meta.image.src).parts if part != "."]).as_posix()
        preview.date = tanggal_jam(meta.date, settings)
        try:
            files.media_path(root / draft, meta.image.src)
        except files.MediaError as exc:
            preview.image_state = "missing" if exc.missing else "refused"
        preview.lengths = caption_lengths(meta, settings, preview.url)
        preview.captions = platform_captions(meta, settings, preview.url)
        try:
            preview.share_texts = _share_texts(meta, post_id, settings, root)
        except Exception as exc:  # noqa: BLE001 - a broken share template is itself a problem to show
            preview.problems.append(Problem("site_config/templates/share.txt.j2", 1, "",
                                            f"teks bagikan tidak dapat dibuat ({exc})", "perbaiki templat itu"))
        previews.append(preview)
    known = {p.draft for p in previews}
    orphans = [p for p in problems if p.file not in known]
    if orphans:
        previews.append(DraftPreview("", orphans))
    return previews


def _quote(text: str) -> str:
    """A draft's text as a Markdown quote, shown as written (no markup, mention-free headings)."""
    escaped = markdown_text(text.strip(), multiline=True)
    return "\n".join("> " + line if line else ">" for line in escaped.splitlines())


_MARKDOWN_IN_ATTRIBUTE = frozenset("\\`*_{}[]|~")


def _attribute(text: str) -> str:
    """`text` for an HTML attribute of the comment: escaped as HTML, and Markdown's characters
    as character references too (a renderer that reads links inside tags sees none)."""
    return "".join(f"&#{ord(char)};" if char in _MARKDOWN_IN_ATTRIBUTE else str(escape(char)) for char in text)


def _code(text: str) -> str:
    """`text` as a code span, whatever backticks it holds."""
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _link_text(url: str) -> str:
    """A URL GitHub links by itself when it passes the URL rule, else shown as code."""
    return url if is_allowed_url(url) else _code(url)


def _fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


# A comment body is refused over 65,536 characters: GitHub answers 422 "Body is too long
# (maximum is 65536 characters)" (REST "Create an issue comment"; quoted in
# peter-evans/create-or-update-comment#182 and danger/danger#424). The preview comment is kept
# well below (a margin for how GitHub counts), whole sections at a time.
COMMENT_MAX_CHARS = 65_536
COMMENT_BUDGET = 60_000
# The run summary takes at most 1 MiB per step; more is not shown at all ("$GITHUB_STEP_SUMMARY
# upload aborted, supports content up to a size of 1024k", the runner's annotation, which
# points to the docs' "Adding a job summary"). Counted in UTF-8 bytes.
SUMMARY_MAX_BYTES = 1024 * 1024
SUMMARY_BUDGET = 1_000_000


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def comment_cut_note(run_url: str, summary_written: bool) -> str:
    """The line that ends a shortened preview comment: where the rest is."""
    if summary_written and run_url:
        where = f"Pratinjau lengkap ada di [ringkasan jalankan alur kerja]({run_url})."
    elif summary_written:
        where = "Pratinjau lengkap ada di ringkasan jalankan alur kerja ini (tab Actions)."
    else:
        where = "Jalankan `jdih pratinjau` di komputer Anda untuk melihat pratinjau lengkap."
    return (f"⚠️ **Pratinjau ini dipersingkat**: komentar GitHub dibatasi "
            f"{format_number(COMMENT_MAX_CHARS)} karakter, jadi sebagian pratinjau tidak dimuat di sini. "
            f"{where}\n")


SUMMARY_CUT_NOTE = ("⚠️ **Pratinjau ini dipersingkat**: ringkasan jalankan dibatasi 1 MiB per langkah, jadi "
                    "sebagian pratinjau tidak dimuat di sini. Jalankan `jdih pratinjau` di komputer Anda, atau "
                    "unduh artefak `pratinjau-situs`, untuk melihat semuanya.\n")


def _image_lines(preview: DraftPreview, image_base: str, branch_base: str) -> list[str]:
    """The image as the page will show it (from the pull request's commit), or what to do."""
    meta = preview.meta
    path = preview.image_path or ""
    if preview.image_state == "missing":
        folder = PurePosixPath(path).parent.as_posix()
        where = (f"[folder `{folder}/`]({branch_base}{quote(folder)})" if branch_base and is_allowed_url(branch_base)
                 else f"folder `{folder}/`")
        return [f"⚠️ **Gambar belum ada**: {_code(path)} belum diunggah ke cabang ini. Buka {where} di cabang "
                "pull request ini, klik **Add file** → **Upload files**, seret gambarnya, pilih **Commit directly "
                "to the `…` branch**, lalu klik **Commit changes**; namanya harus sama dengan isian `image.src`.", ""]
    lines = []
    if image_base and preview.image_state == "ok":
        lines += [f'<img src="{_attribute(image_base + quote(path))}?raw=true" '
                  f'alt="{_attribute(meta.image.alt)}" width="360">', ""]
    lines += [f"**Gambar:** {_code(path)} — teks alternatif: {markdown_text(meta.image.alt)}", ""]
    return lines


def _caption_blocks(preview: DraftPreview) -> list[str]:
    """Each platform's caption as it will be posted, in a code block of its own: GitHub gives a
    code block a copy button (phone and desktop), and shows its text as is — no Markdown, no
    mention, no HTML — so what is copied is exactly what `jdih periksa` measured."""
    if not preview.captions:
        return []
    lines = ["**Takarir siap unggah** (tagar dan tautan sudah termasuk; salin dengan tombol di pojok kotak):", ""]
    for item in preview.captions.values():
        source = "takarir utama" if item.key == "caption" else _code(item.key)
        measure = f"{format_number(item.length)} dari {format_number(item.limit)} karakter"
        ok = item.length <= item.limit
        if item.platform == "instagram":
            tags = hashtag_count(item.text)
            measure += f", {tags} dari {INSTAGRAM_HASHTAGS} tagar"
            ok = ok and tags <= INSTAGRAM_HASHTAGS
        lines += [f"**{item.name}** — {source}, {measure} {'✅' if ok else '❌ melebihi batas'}", "",
                  _fence(item.text), ""]
    return lines


def _legal_lines(meta: PostMeta) -> list[str]:
    if not meta.legal_documents:
        return []
    lines = ["**Dokumen hukum terkait:**", ""]
    for doc in meta.legal_documents:
        link = f" — {_link_text(doc.url)}" if doc.url else ""
        lines.append(f"- {markdown_text(doc.label)}{link}")
    return lines + [""]


def _preview_sections(previews: list[DraftPreview], build_outcome: str, head_sha: str, run_url: str,
                      image_base: str, branch_base: str = "") -> tuple[str, list[str], str]:
    """The comment as (head, one section per draft, problems and the closing line)."""
    lines = [PREVIEW_MARKER, "## Pratinjau draf", ""]
    version = f"versi `{head_sha[:7]}`" if head_sha else "versi terakhir"
    if build_outcome == "success":
        where = (f" — [unduh situs pratinjau]({run_url}) (artefak `pratinjau-situs`: ekstrak berkas zip-nya, lalu "
                 "buka `index.html`; tautannya berfungsi langsung dari berkas)") if run_url else ""
        lines.append(f"Situs berhasil dibangun dengan draf di dalamnya ({version}){where}.")
    elif build_outcome in ("failure", "cancelled"):
        where = f" Lihat [log alur kerja]({run_url})." if run_url else ""
        lines.append(f"⚠️ Situs **tidak dapat dibangun** dengan draf ini ({version}).{where}")
    else:
        lines.append(f"Pratinjau {version}; situs tidak dibangun pada jalankan ini.")
    lines.append("")
    head = "\n".join(lines) + "\n"
    sections = []
    total = sum(len(p.problems) for p in previews)
    for preview in previews:
        if not preview.draft:
            continue
        meta = preview.meta
        if meta is None:
            sections.append("\n".join([f"### {_code(preview.draft)}", "",
                                       "Draf ini belum dapat dipratinjau karena isinya bermasalah; perbaiki "
                                       "masalah di bawah.", ""]) + "\n")
            continue
        # Every string from the draft is escaped once for where it goes: Markdown text
        # (`markdown_text`), a code span, an HTML attribute (`escape`), a fenced block as is.
        # In the order of the post page: category and date, title, description, image, caption.
        category = " · ".join(f"**{markdown_text(name)}**" for name in meta.categories)
        lines = [f"### {markdown_text(meta.title)}", "",
                 f"{category} · {markdown_text(preview.date)}" if preview.date else category, "",
                 f"{_code(preview.draft)} → akan terbit di {_link_text(preview.url or '')}", "",
                 f"**Deskripsi:** {markdown_text(meta.description)}", ""]
        lines += _image_lines(preview, image_base, branch_base)
        lines += ["**Takarir:**", "", _quote(meta.caption), ""]
        if preview.lengths is not None:
            lines += ["| Platform | Panjang (seperti diunggah) | Batas | |", "| --- | --- | --- | --- |"]
            lines += [f"| {name} | {length} | {limit} | {'✅' if ok else '❌ terlalu panjang'} |"
                      for name, length, limit, ok in preview.lengths.rows()]
            lines += ["", "X menghitung setiap tautan 23 karakter; tautan konten sudah termasuk.", ""]
        lines += _caption_blocks(preview)
        lines += _legal_lines(meta)
        if meta.tags:
            lines += ["**Tagar:** " + " ".join(_code(tag) for tag in meta.hashtags), ""]
        if preview.share_texts:
            lines += ["<details><summary>Teks bagikan</summary>", ""]
            for name, text in preview.share_texts.items():
                lines += [f"**{name}**", "", _fence(text), ""]
            lines += ["</details>", ""]
        sections.append("\n".join(lines) + "\n")
    lines = []
    if total:
        lines += [f"### Masalah ({total})", ""]
        for preview in previews:
            lines += [f"- {_code(f'{p.file}:{p.line}')}" + (f" **{markdown_text(p.key)}**" if p.key else "")
                      + f": {markdown_text(p.message)} — {markdown_text(p.fix)}"
                      for p in preview.problems]
        lines += ["", "Perbaiki lalu commit lagi; komentar ini diperbarui otomatis."]
    else:
        lines.append("✅ Tidak ada masalah: draf siap disunting dan disetujui.")
    return head, sections, "\n".join(lines) + "\n"


def _fit_lines(text: str, budget: int, size: Callable[[str], int]) -> str:
    """The longest run of whole lines from the start of `text` within `budget` (a list has no fences)."""
    kept, used = [], 0
    for line in text.splitlines(keepends=True):
        if used + size(line) > budget:
            break
        kept.append(line)
        used += size(line)
    return "".join(kept)


def preview_comment(previews: list[DraftPreview], *, build_outcome: str = "success", head_sha: str = "",
                    run_url: str = "", image_base: str = "", branch_base: str = "", limit: int | None = None,
                    cut_note: str = "", size: Callable[[str], int] = len) -> str:
    """The one preview comment (Markdown, Indonesian), starting with its marker.

    With `limit` (measured by `size`), a preview that does not fit keeps its head, the list of
    problems (cut at a line if it alone is too long) and as many whole draft sections as fit,
    in order, then ends with `cut_note` — never a section cut in the middle (no open fence or
    `<details>` left to swallow the rest).

    `image_base`: ``https://github.com/<owner>/<repo>/blob/<sha>/`` of the pull request's head
    (see the module); `branch_base`: ``…/tree/<branch>/``, for the folder an image is missing from."""
    head, sections, tail = _preview_sections(previews, build_outcome, head_sha, run_url, image_base, branch_base)
    full = head + "".join(sections) + tail
    if limit is None or size(full) <= limit:
        return full
    note = "\n" + cut_note
    budget = limit - size(head) - size(note)
    if size(tail) > budget:
        return head + _fit_lines(tail, budget, size) + note
    budget -= size(tail)
    kept = []
    for section in sections:
        if size(section) > budget:
            break
        kept.append(section)
        budget -= size(section)
    return head + "".join(kept) + tail + note


def pull_from_event(payload: dict[str, Any]) -> dict[str, Any]:
    pull = payload.get("pull_request")
    if not isinstance(pull, dict) or "number" not in pull:
        raise ValueError("peristiwa ini bukan pull request — jalankan pada peristiwa pull_request")
    return pull


def is_fork(pull: dict[str, Any]) -> bool:
    head = ((pull.get("head") or {}).get("repo") or {}).get("full_name")
    base = ((pull.get("base") or {}).get("repo") or {}).get("full_name")
    return head != base


