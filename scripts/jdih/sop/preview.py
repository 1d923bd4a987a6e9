"""SOP steps 3–4: the preview of drafts on a pull request (`jdih pratinjau`).

The site built with the drafts in it, and the one preview comment (title, description,
image, caption lengths, share texts, problems). Pure builders return text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import escape

from jdih.content.clock import Where
from jdih.content.files import live_url
from jdih.content.post import PostMeta, parse_meta, read_source
from jdih.content.problems import Problem, ProblemsError
from jdih.content.safety import markdown_text
from jdih.content.settings import Settings
from jdih.content.social_text import (
    FACEBOOK_LIMIT,
    HASHTAG,
    INSTAGRAM_HASHTAGS,
    INSTAGRAM_LIMIT,
    X_LIMIT,
    format_number,
    with_hashtags,
    x_share_length,
)
from jdih.content.urls import is_allowed_url
from jdih.site.catalog import Post
from jdih.sop.check import check_targets, collect_targets
from jdih.sop.publish import destination, find_drafts, image_to_bring, leaving_problems, repoint_image

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
            image = image_to_bring(root, draft, meta)
            if image is not None:
                name = PurePosixPath(image).name
                shutil.copyfile(root / image, (target / destination_path).parent / name)
                repoint_image(target / destination_path, meta.image.src, name)
        tree.included.append((draft, post_id))
    return tree


def build_preview(root: Path, output: Path, echo: Callable[[str], None] = print, where: Where = None) -> int:
    """`mkdocs build --strict` of the site with the drafts in it; returns mkdocs' exit status."""
    output = output if output.is_absolute() else Path.cwd() / output
    env = dict(os.environ)
    env.setdefault("JDIH_CACHE_DIR", str(root / ".cache" / "jdih"))  # reuse processed images
    with tempfile.TemporaryDirectory(prefix="jdih-pratinjau-") as temporary:
        tree = prepare_preview_tree(root, Path(temporary), where)
        for draft, post_id in tree.included:
            echo(f"Draf {draft} dibangun sebagai {post_id}")
        for draft in tree.skipped:
            echo(f"Draf {draft} tidak ikut dibangun: isinya bermasalah (lihat 'jdih periksa {draft}').")
        completed = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tree.root / "mkdocs.yml"),
             "-d", str(output)], env=env, cwd=tree.root)
    return completed.returncode


# -- preview: the comment -----------------------------------------------------------------


@dataclass
class CaptionLengths:
    x: int
    instagram: int
    instagram_hashtags: int
    facebook: int

    def rows(self) -> list[tuple[str, str, str, bool]]:
        return [
            ("X", f"{format_number(self.x)} karakter", f"{format_number(X_LIMIT)} karakter", self.x <= X_LIMIT),
            ("Instagram", f"{format_number(self.instagram)} karakter", f"{format_number(INSTAGRAM_LIMIT)} karakter",
             self.instagram <= INSTAGRAM_LIMIT),
            ("Instagram (tagar)", f"{self.instagram_hashtags} tagar", f"{INSTAGRAM_HASHTAGS} tagar",
             self.instagram_hashtags <= INSTAGRAM_HASHTAGS),
            ("Facebook", f"{format_number(self.facebook)} karakter", f"{format_number(FACEBOOK_LIMIT)} karakter",
             self.facebook <= FACEBOOK_LIMIT),
        ]


def caption_lengths(meta: PostMeta, settings: Settings) -> CaptionLengths:
    """The same measures `jdih periksa` checks: X counts the link as 23 and adds the hashtags."""
    office = list(settings.share.hashtags)
    full = with_hashtags(meta.caption, meta.tags, office)
    return CaptionLengths(
        x=x_share_length(meta.caption_x or meta.caption, meta.tags, office),
        instagram=len(full),
        instagram_hashtags=len({tag.lower() for tag in HASHTAG.findall(full)}),
        facebook=len(full),
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
    share_texts: dict[str, str] = field(default_factory=dict)


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
        preview.image_path = (Path(draft).parent / meta.image.src).as_posix()
        preview.lengths = caption_lengths(meta, settings)
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


def _preview_sections(previews: list[DraftPreview], build_outcome: str, head_sha: str, run_url: str,
                      image_base: str) -> tuple[str, list[str], str]:
    """The comment as (head, one section per draft, problems and the closing line)."""
    lines = [PREVIEW_MARKER, "## Pratinjau draf", ""]
    version = f"versi `{head_sha[:7]}`" if head_sha else "versi terakhir"
    if build_outcome == "success":
        where = f" — [unduh situs pratinjau]({run_url}) (artefak `pratinjau-situs`)" if run_url else ""
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
        lines = [f"### {markdown_text(meta.title)}", "",
                 f"{_code(preview.draft)} → akan terbit di {_link_text(preview.url or '')}", "",
                 f"**Deskripsi:** {markdown_text(meta.description)}", ""]
        if image_base and preview.image_path:
            lines += [f'<img src="{_attribute(image_base + preview.image_path)}?raw=true" '
                      f'alt="{_attribute(meta.image.alt)}" width="360">', ""]
        lines += [f"**Gambar:** {_code(preview.image_path or '')} — teks alternatif: "
                  f"{markdown_text(meta.image.alt)}", "",
                  "**Takarir:**", "", _quote(meta.caption), ""]
        if meta.caption_x:
            lines += ["**Takarir X:**", "", _quote(meta.caption_x), ""]
        if preview.lengths is not None:
            lines += ["| Platform | Panjang (dengan tagar) | Batas | |", "| --- | --- | --- | --- |"]
            lines += [f"| {name} | {length} | {limit} | {'✅' if ok else '❌ terlalu panjang'} |"
                      for name, length, limit, ok in preview.lengths.rows()]
            lines += ["", "X menghitung setiap tautan 23 karakter; tautan konten sudah termasuk.", ""]
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
                    run_url: str = "", image_base: str = "", limit: int | None = None, cut_note: str = "",
                    size: Callable[[str], int] = len) -> str:
    """The one preview comment (Markdown, Indonesian), starting with its marker.

    With `limit` (measured by `size`), a preview that does not fit keeps its head, the list of
    problems (cut at a line if it alone is too long) and as many whole draft sections as fit,
    in order, then ends with `cut_note` — never a section cut in the middle (no open fence or
    `<details>` left to swallow the rest)."""
    head, sections, tail = _preview_sections(previews, build_outcome, head_sha, run_url, image_base)
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


