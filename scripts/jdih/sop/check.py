"""`jdih periksa`: every problem in drafts and posts, each with its line and a fix, in Indonesian.

The checks run on the raw front matter as well as through the PostMeta model, so one
broken field does not hide the problems of the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from jdih.content import files, media
from jdih.content.clock import now as clock_now
from jdih.content.clock import zone_of
from jdih.content.post import (
    DATE_AHEAD,
    SLUG_PATTERN,
    UNKNOWN_CATEGORY,
    PostMeta,
    bom_warning,
    category_problem,
    load_front_matter,
    post_context,
    read_source,
    slug_of,
    split_front_matter,
)
from jdih.content.problems import WARNING, Problem, ProblemsError
from jdih.content.safety import find_markup, find_unsafe_chars, markup_message
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
    X_URL_LENGTH,
    caption_length,
    format_number,
    hashtag_count,
    platform_caption,
)
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import Located
from jdih.site.catalog import label_key, shown_names
from jdih.site.sanitize import find_refused_links_and_ids, find_stripped_html, find_unsafe_html

# The image limits are `jdih.content.media`'s, the same the site build applies.
IMAGE_MAX_BYTES, IMAGE_MIN_WIDTH, IMAGE_FORMATS = media.IMAGE_MAX_BYTES, media.IMAGE_MIN_WIDTH, media.IMAGE_FORMATS

LIMITS = {
    "description": 160, "x": X_LIMIT, "x_url": X_URL_LENGTH, "instagram": INSTAGRAM_LIMIT,
    "instagram_hashtags": INSTAGRAM_HASHTAGS, "facebook": FACEBOOK_LIMIT, "telegram": TELEGRAM_CAPTION_LIMIT,
    "image_mb": IMAGE_MAX_BYTES // (1024 * 1024), "image_min_width": IMAGE_MIN_WIDTH,
    "image_formats": media.FORMAT_NAMES, "image_megapixels": media.IMAGE_MAX_PIXELS // 1_000_000,
}

UNSAFE_FIX = ("hapus bagian ini; tulis isi dengan Markdown biasa, dan untuk video, peta atau "
              "formulir cukup cantumkan tautan https:// ke halamannya")
_SLUG_KEY_LINE = re.compile(r"^slug[ \t]*:", re.MULTILINE)  # a top-level `slug` key may be there
SLUG_SUGGESTION = "judul-konten"  # the example slug when a name has no usable letter



def _lexical(path: Path, root: Path) -> str | None:
    """`path` relative to `root` as written, symbolic links not followed (a link is reported
    under its own name, not its target's)."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return None if relative == ".." or relative.startswith(("../", "/")) else PurePosixPath(relative).as_posix()


def display_path(path: Path, root: Path) -> str:
    lexical = _lexical(path, root)
    if lexical is not None:
        return lexical
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- which files -------------------------------------------------------------------------
# Which files are drafts and posts is `jdih.content.files`' rule; this adds what PATHs mean.

def _relative(path: Path, root: Path) -> str | None:
    lexical = _lexical(path, root)
    if lexical is not None:
        return lexical
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _key(path: Path) -> str:
    """A target's identity: its absolute path as written (a symbolic link is not its target)."""
    return os.path.abspath(path)


def collect_targets(paths: Iterable[str | Path], root: Path) -> list[Path]:
    """The content files to check: no PATH → every draft and post, and any misplaced Markdown
    below drafts/ or content/posts/ (reported as such), by the rule of `jdih.content.files`.

    Also every file those folders may not hold (`jdih.content.files.refused`: a type other
    than images and PDF, a symbolic link, Markdown named `_x` or `.x`), reported as such.

    A directory gives every such file beneath it (a folder post, or a folder inside one,
    gives that post, whose check covers its folder); a file inside a folder post (its media,
    its other Markdown) stands for that post; README.md or a section page there is skipped;
    any other file is checked as given (a missing or non-Markdown file is reported by the
    check).
    """
    root = Path(root)
    paths = list(paths)
    refused = [root / problem.file for problem in files.refused(root)]
    everything = files.content_files(root) + files.misplaced_files(root) + refused
    targets: list[Path] = [] if paths else list(everything)
    known = {_key(path) for path in everything}
    for given in paths:
        path = Path(given)
        path = path if path.is_absolute() else root / path
        relative = _relative(path, root)
        if path.is_dir():
            owner = files.owner_of(root, f"{relative}/{files.INDEX}") if relative is not None else None
            if owner is not None:
                targets.append(root / owner)
            else:
                base = Path(_key(path))
                targets.extend(p for p in everything if Path(_key(p)).is_relative_to(base))
            continue
        owner = files.owner_of(root, relative) if relative is not None else None
        if owner is not None:
            targets.append(root / owner)
        elif relative is not None and files.in_content_folders(relative) and path.suffix == ".md" \
                and path.exists() and _key(path) not in known:
            continue  # not content by the rule (README.md, a section page)
        else:
            targets.append(path)
    unique: dict[str, Path] = {}
    for path in targets:
        unique.setdefault(_key(path), path)
    return sorted(unique.values(), key=lambda p: display_path(p, root))


# --- one file --------------------------------------------------------------------------

@dataclass
class FileResult:
    problems: list[Problem]
    slug: str
    slug_line: int
    misplaced: bool = False  # Markdown below drafts/ or content/posts/ that is no draft or post


def _line_key(located: Located, line: int) -> str:
    """The dotted key whose value covers `line` of the front matter (for problems in values)."""
    best: tuple = ()
    best_line = 0
    for path, key_line in located.lines.items():
        if key_line <= line and (key_line > best_line or (key_line == best_line and len(path) > len(best))):
            best, best_line = path, key_line
    return ".".join(str(part) for part in best)


def _strings(data: Any, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))


def _unsafe_problems(display: str, text: str, first_line: int, key: str | None,
                     located: Located | None = None) -> list[Problem]:
    problems = []
    for offset, what in find_unsafe_html(text):
        line = first_line + offset
        line_key = key if key is not None else (_line_key(located, line) if located else "")
        problems.append(Problem(display, line, line_key, what, UNSAFE_FIX))
    return problems


def _body_problems(display: str, body: str, body_line: int) -> list[Problem]:
    """Hazards in the Markdown body: HTML and URLs that run code, URLs outside the one URL rule,
    ids the theme reserves, control and bidirectional characters (the build removes each), and
    every other element or attribute the build's allowlist strips (`site.sanitize`)."""
    problems = _unsafe_problems(display, body, body_line, "isi")
    problems += [Problem(display, body_line + found.line_offset, "isi", found.what, found.fix)
                 for found in find_refused_links_and_ids(body) + find_stripped_html(body)]
    for offset, message in find_unsafe_chars(body):
        what, fix = message.split(" — ", 1)
        problems.append(Problem(display, body_line + offset, "isi", what, fix))
    return problems


def _front_matter_unsafe(display: str, yaml_text: str, located: Located | None) -> list[Problem]:
    """Hazards in the front matter source, plus any hidden by YAML escapes (\"\\x3cscript>\")."""
    problems = _unsafe_problems(display, yaml_text, 2, None, located)
    if located is not None:
        seen = {(p.key, p.message) for p in problems}
        for path, value in _strings(located.data):
            key = ".".join(str(part) for part in path)
            for _, what in find_unsafe_html(value):
                if (key, what) not in seen:
                    seen.add((key, what))
                    problems.append(Problem(display, located.line_of(path), key, what, UNSAFE_FIX))
        # Plain text carries no tag at all (content.safety); a field already refused for one
        # that runs code is not reported twice.
        flagged = {p.key for p in problems}
        for path, value in _strings(located.data):
            key = ".".join(str(part) for part in path)
            found = find_markup(value)
            if found is not None and key not in flagged:
                what, fix = markup_message(found).split(" — ", 1)
                problems.append(Problem(display, located.line_of(path), key, what, fix))
    return problems


def _string_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item).lstrip("#") for item in value if isinstance(item, (str, int))]
    return []


def _caption_source(data: dict, platform: str) -> tuple[str, tuple] | None:
    """The text `platform` gets and the key that carries it: its override (`captions.<platform>`;
    for X also `caption_x`), else `caption` — as `PostMeta.platform_caption_text` reads them."""
    captions = data.get("captions")
    candidates = [(captions.get(platform) if isinstance(captions, dict) else None, ("captions", platform))]
    if platform == "x":
        candidates.append((data.get("caption_x"), ("caption_x",)))
    candidates.append((data.get("caption"), ("caption",)))
    for text, key in candidates:
        if isinstance(text, str) and text.strip():
            return text, key
    return None


def _page_url(path: Path, root: Path, data: dict, meta: PostMeta | None, settings: Settings) -> str:
    """The page's permanent link, as Facebook's and Telegram's captions end with it: a post's from
    its path, a draft's from where promotion will put it (`sop.publish.destination`'s rule)."""
    relative = _relative(path, root)
    if relative is not None and files.is_post(relative):
        return files.live_url(settings, files.post_id(relative.removeprefix(f"{files.CONTENT_DIR}/")))
    if meta is not None:
        year, slug = meta.date.astimezone(zone_of(settings)).year, meta.slug or slug_of(path)
    else:  # the front matter is refused (reported); only the link's length matters here
        written = str(data.get("date", ""))[:4]
        year = int(written) if written.isdigit() else 2000
        slug = data["slug"] if isinstance(data.get("slug"), str) and data["slug"] else slug_of(path)
    return files.live_url(settings, files.post_id_for(year, slug))


def _caption_problem(display: str, line: int, key: str, platform: str, length: int) -> Problem:
    """A whole caption over its platform's limit: which platform, how long, the limit, the fix."""
    name, limit = PLATFORM_NAMES[platform], CAPTION_LIMITS[platform]
    counted = {"instagram": "sudah termasuk tagar",
               "x": f"sudah termasuk tagar dan tautan {X_URL_LENGTH} karakter"}.get(
        platform, "sudah termasuk tagar dan tautan")
    if platform == "telegram":
        counted = f"batas takarir foto; {counted}"
    size = f"{format_number(length)} karakter, maksimal {format_number(limit)} ({counted})"
    if key != "caption":  # the platform's own caption is too long
        return Problem(display, line, key, f"takarir untuk {name} terlalu panjang: {size}",
                       f"persingkat {key} atau kurangi tagar")
    fix = {
        "x": "tambahkan kunci caption_x berisi takarir pendek khusus untuk X",
        "telegram": "isi captions.telegram dengan takarir pendek khusus Telegram",
    }.get(platform, f"persingkat takarir, atau isi captions.{platform} dengan takarir pendek khusus {name}; "
                    "rincian dapat ditulis di isi konten")
    return Problem(display, line, key, f"takarir terlalu panjang untuk {name}: {size}", fix)


def _caption_problems(display: str, data: dict, located: Located, settings: Settings, url: str) -> list[Problem]:
    """Each platform's whole caption (`platform_caption`: its text, the post's and the office's
    hashtags, the link where it links) against that platform's limits, at the line of the key
    that carries its text. All four, whether or not the office posts there automatically: the
    operator may post by hand."""
    problems = []
    tags = _string_list(data.get("tags"))
    office = list(settings.share.hashtags)
    for platform in PLATFORMS:
        source = _caption_source(data, platform)
        if source is None:
            continue  # no caption at all: the model reports it
        text, path = source
        key, line = ".".join(path), located.line_of(path)
        full = platform_caption(text, platform, tags, office, url)
        length = caption_length(full, platform)
        if length > CAPTION_LIMITS[platform]:
            problems.append(_caption_problem(display, line, key, platform, length))
        if platform == "instagram" and (count := hashtag_count(full)) > INSTAGRAM_HASHTAGS:
            where = "takarir" if key == "caption" else key
            problems.append(Problem(
                display, line, key,
                f"terlalu banyak tagar untuk Instagram: {count}, maksimal {INSTAGRAM_HASHTAGS} "
                f"(tagar di {where}, di tags, dan tagar kantor)",
                f"kurangi tagar di {where} atau di tags"))
    return problems


def _category_problems(display: str, data: dict, located: Located, settings: Settings) -> list[Problem]:
    categories = data.get("categories")
    if not isinstance(categories, list):
        return []
    allowed = list(settings.categories)
    problems = []
    for index, category in enumerate(categories):
        # The model refuses the same (content.post.category_problem); reported here by item, key `categories`.
        problem = category_problem("" if category is None else category, allowed) \
            if category is None or isinstance(category, str) else None
        if problem is not None:
            what, fix = problem.split(" — ", 1)
            problems.append(Problem(display, located.line_of(("categories", index)), "categories", what, fix))
    return problems


def _image_problems(display: str, data: dict, located: Located, item: Path) -> list[Problem]:
    """The image by the rules the promotion and the site build apply too: inside the item's own
    folder (`jdih.content.files.media_path`), then `jdih.content.media`'s limits, in their order."""
    image = data.get("image")
    problems = []
    if isinstance(image, dict) and isinstance(image.get("src"), str) and image["src"].strip():
        problems += _one_image_problems(display, image["src"].strip(), located, item, ("image", "src"))
    # The gallery's photos by the same rules, each at its own `gallery.<n>.src` line.
    gallery = data.get("gallery")
    for index, photo in enumerate(gallery if isinstance(gallery, list) else []):
        if isinstance(photo, dict) and isinstance(photo.get("src"), str) and photo["src"].strip():
            problems += _one_image_problems(display, photo["src"].strip(), located, item, ("gallery", index, "src"))
    return problems  # a missing or mistyped src: the model reports it


def _one_image_problems(display: str, src: str, located: Located, item: Path, key: tuple) -> list[Problem]:
    line = located.line_of(key)
    name = ".".join(str(part) for part in key)
    try:
        path = files.media_path(item, src)
        media.check_size(path.stat().st_size, src)
        with media.open_image(path, src) as picture:
            width = picture.size[0]
            picture.verify()
    except files.MediaError as exc:
        return [exc.problem(display, line, name)]
    except Exception:  # noqa: BLE001 - verify() raises whatever the damaged data makes the decoder raise
        return [media.unreadable(src).problem(display, line, name)]
    if width < IMAGE_MIN_WIDTH:
        return [Problem(display, line, name,
                        f"gambar terlalu kecil ({width} px lebar, minimal {IMAGE_MIN_WIDTH} px)",
                        "gunakan gambar yang lebih besar; untuk pratinjau tautan idealnya 1200 px atau lebih")]
    return []


def check_file(path: Path, settings: Settings, root: Path) -> FileResult:
    """Every problem of one draft or post (never stops at the first)."""
    display = display_path(path, root)
    name_slug = slug_of(path)
    result = FileResult([], name_slug, 1)
    problems = result.problems
    refused = files.refusal_of(root, path)  # a symbolic link, `_x.md`, a type no content folder holds
    if refused is not None:
        problems.append(dataclasses.replace(refused, file=display))
        result.misplaced = True
        return result
    if not path.exists():
        problems.append(Problem(display, 1, "", "berkas tidak ditemukan", "periksa jalur dan nama berkasnya"))
        return result
    if path.suffix != ".md":
        problems.append(Problem(display, 1, "", "bukan berkas konten Markdown (.md)",
                                "periksa berkas .md atau folder draf/kontennya"))
        return result
    relative = _relative(path, root)
    if relative is not None and files.in_content_folders(relative) \
            and not (files.is_draft(relative) or files.is_post(relative)):
        problems.append(files.misplaced_problem(display))
        result.misplaced = True
        return result
    if relative is not None and path.name == files.INDEX and files.in_content_folders(relative):
        # A folder item: what its folder holds is part of it (reported with each file's path).
        problems.extend(files.refused_below(path.parent, relative.rsplit("/", 1)[0]))
    if not SLUG_PATTERN.match(name_slug):
        kind = "folder" if path.name == "index.md" else "berkas"
        suffix = "" if path.name == "index.md" else ".md"
        problems.append(Problem(
            display, 1, "slug",
            f"nama {kind} '{name_slug}' tidak dapat dipakai sebagai alamat",
            f"ganti nama {kind} dengan huruf kecil, angka dan tanda hubung saja, "
            f"mis. '{files.slugify(name_slug, fallback=SLUG_SUGGESTION)}{suffix}'"))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(display, 1, "", "berkas bukan teks UTF-8",
                                "simpan ulang berkas dengan pengodean UTF-8"))
        return result
    try:
        yaml_text, body, body_line = split_front_matter(text, display)
    except ProblemsError as exc:  # no front matter: still look at the rest
        problems.extend(exc.problems)
        problems.extend(_body_problems(display, text, 1))
        return result
    try:
        located = load_front_matter(yaml_text, display)  # what `read_source` does, lines kept
    except ProblemsError as exc:  # broken YAML: still look at the rest
        problems.extend(exc.problems)
        problems.extend(_front_matter_unsafe(display, yaml_text, None))
        problems.extend(_body_problems(display, body, body_line))
        return result
    problems.extend(_front_matter_unsafe(display, yaml_text, located))
    problems.extend(_body_problems(display, body, body_line))
    data = located.data
    meta = None
    try:
        # The context the build validates with: office zone, the settings' categories.
        meta = validate_located(PostMeta, located, display, context=post_context(settings))
    except ProblemsError as exc:
        # Categories outside the settings (and empty items) are reported below, by item, instead.
        problems.extend(p for p in exc.problems
                        if p.kind != UNKNOWN_CATEGORY
                        and not (re.fullmatch(r"categories\.\d+", p.key) and p.message.endswith("ditemukan kosong")))
    if not isinstance(data, dict):
        return result
    problems.extend(_category_problems(display, data, located, settings))
    problems.extend(_image_problems(display, data, located, path))
    problems.extend(_caption_problems(display, data, located, settings, _page_url(path, root, data, meta, settings)))
    if display.startswith("drafts/") and "provenance" in data:
        problems.append(Problem(display, located.line_of(("provenance",)), "provenance",
                                "provenance hanya diisi otomatis saat konten terbit",
                                "hapus kunci provenance dari draf"))
    if display.startswith("drafts/"):
        for key, fix in DRAFT_ONLY_LATER.items():
            if key in data:
                problems.append(Problem(display, located.line_of((key,)), key,
                                        f"{key} hanya berlaku untuk konten yang sudah terbit", fix))
    if relative is not None and files.is_post(relative):
        problems.extend(_published_key_problems(display, relative, root, data, located))
    if meta is not None and meta.slug:
        result.slug, result.slug_line = meta.slug, located.line_of(("slug",))
    return result


# A published post's address and date never change, nor what promotion stamped (issue 13: a
# correction or a withdrawal is a reviewed change of the rest). Compared with the version on
# the base branch, when this clone has it (a shallow CI checkout may not: then nothing is said).
FIXED_KEYS = {
    "slug": "alamat konten yang telah terbit tidak boleh berubah",
    "date": "tanggal terbit konten yang telah terbit tidak boleh berubah",
    "provenance": "provenance diisi otomatis saat terbit dan tidak boleh diubah",
}
BASE_REFS = ("origin/main", "main")
# What a draft cannot hold yet: a correction or a withdrawal is of a published post.
DRAFT_ONLY_LATER = {
    "revisions": "hapus kunci revisions dari draf (catatan ralat diisi otomatis saat konten terbit diralat)",
    "withdrawn": "hapus kunci withdrawn dari draf; untuk tidak menerbitkannya, tutup pull request-nya (Close pull "
                 "request)",
}


def _published_version(root: Path, relative: str) -> dict[str, Any] | None:
    """The front matter of `relative` on the base branch (origin/main, else main), or None."""
    import subprocess

    for ref in BASE_REFS:
        try:
            shown = subprocess.run(["git", "show", f"{ref}:{relative}"], cwd=root, capture_output=True,
                                   text=True, encoding="utf-8", timeout=20)
        except (OSError, subprocess.SubprocessError):
            return None
        if shown.returncode == 0:
            try:
                yaml_text, _, _ = split_front_matter(shown.stdout, relative)
                data = load_front_matter(yaml_text, relative).data
            except ProblemsError:
                return None
            return data if isinstance(data, dict) else None
    return None


def _published_key_problems(display: str, relative: str, root: Path, data: Any, located: Located) -> list[Problem]:
    if not isinstance(data, dict):
        return []
    before = _published_version(root, relative)
    if before is None:
        return []
    problems = []
    for key, message in FIXED_KEYS.items():
        if before.get(key) != data.get(key):
            was = before.get(key)
            if was is None:
                shown = "(tidak ada)"
            elif key == "provenance":
                shown = "(catatan asal-usul)"
            elif isinstance(was, dt.datetime):
                shown = f"{was:%Y-%m-%d %H:%M}"
            else:
                shown = str(was)  # a date as written (YAML reads 2026-11-24 as a date)
            problems.append(Problem(display, located.line_of((key,)) if key in data else 1, key,
                                    f"{message} (di cabang utama: {shown})",
                                    f"kembalikan {key} seperti semula; untuk memperbaiki isi, ubah bagian lain lalu "
                                    "tulis catatan di bagian '## Ralat' pull request, untuk menarik konten tambahkan "
                                    "withdrawn: {reason: …}"))
    return problems


# --- many files ------------------------------------------------------------------------

def _quick_slug(path: Path) -> str:
    """Slug of a file that is not being checked: its `slug` key if any, else its name."""
    try:
        if not _SLUG_KEY_LINE.search(path.read_text(encoding="utf-8")):
            return slug_of(path)  # no `slug:` line at all: skip parsing (thousands of posts)
        slug = files.read_front_matter(path)[0].get("slug")
    except (OSError, UnicodeDecodeError, ProblemsError):
        return slug_of(path)
    return slug if isinstance(slug, str) and slug else slug_of(path)


def check_targets(targets: list[Path], settings: Settings, root: Path) -> list[Problem]:
    root = Path(root)
    problems: list[Problem] = []
    results: dict[str, FileResult] = {}
    for path in targets:
        result = check_file(path, settings, root)
        results[_key(path)] = result
        problems.extend(result.problems)
    # A slug is an address: it must be unique across every draft and every published post.
    owners: dict[str, list[str]] = defaultdict(list)
    for path in files.content_files(root):
        key = _key(path)
        slug = results[key].slug if key in results else _quick_slug(path)
        owners[slug].append(display_path(path, root))
    for path in targets:
        result = results[_key(path)]
        if not path.is_file() or result.misplaced:
            continue
        display = display_path(path, root)
        others = [other for other in owners.get(result.slug, []) if other != display]
        if others:
            problems.append(Problem(
                display, result.slug_line, "slug",
                f"slug '{result.slug}' juga dipakai oleh {', '.join(others)}",
                "setiap konten memerlukan alamat sendiri: ganti nama berkas/folder ini "
                f"(atau isi kunci slug) dengan nama lain, mis. '{result.slug}-2'"))
    return sorted(set(problems))


def check_paths(paths: Iterable[str | Path], settings: Settings, root: Path) -> list[Problem]:
    """Every problem in the given drafts/posts (all of drafts/ and content/posts/ when none)."""
    return check_targets(collect_targets(paths, root), settings, Path(root))


# --- warnings: shown by `jdih periksa`, never a reason to refuse -----------------------------

def _published_tags(root: Path) -> list[list[str]]:
    """Each published post's tags, newest first (its date, then its id, as the site orders them)."""
    rows = []
    for post_id, path in files.published_posts(root):
        try:
            data = files.read_front_matter(path)[0]
        except ProblemsError:
            continue  # reported as a problem by the check itself
        rows.append((str(data.get("date", "")), post_id, _string_list(data.get("tags"))))
    rows.sort(reverse=True)
    return [tags for _, _, tags in rows]


def tag_warnings(targets: list[Path], root: Path) -> list[Problem]:
    """A draft's tag that is an existing tag written differently ('pemilu' while the site shows
    '#Pemilu'): the site lists both on one page (a tag is its slug, `site.catalog.label_key`)
    under the name it already shows, so the draft probably meant that spelling. A warning
    (kind `WARNING`): it stops nothing."""
    root = Path(root)
    drafts = [path for path in targets if path.is_file() and (relative := _relative(path, root)) is not None
              and files.is_draft(relative)]
    if not drafts:
        return []
    shown = shown_names(_published_tags(root))
    warnings = []
    for path in drafts:
        display = display_path(path, root)
        try:
            located = read_source(path, display).front_matter
        except ProblemsError:
            continue  # the check reports it
        tags = located.data.get("tags") if isinstance(located.data, dict) else None
        if not isinstance(tags, list):
            continue
        for index, tag in enumerate(tags):
            if not isinstance(tag, str) or not tag.lstrip("#"):
                continue
            tag = tag.lstrip("#")
            key = label_key(tag)
            name = shown.get(key)
            if name is None or name == tag:
                continue
            how = "hanya beda huruf besar/kecil" if name.casefold() == tag.casefold() else "alamatnya sama"
            warnings.append(Problem(
                display, located.line_of(("tags", index)), "tags",
                f"tagar '{tag}' sama dengan tagar '{name}' yang sudah dipakai ({how})",
                f"keduanya tampil di satu halaman tagar/{key}/ dengan nama #{name}; tulis '{name}' agar "
                "seragam, atau biarkan bila ejaan ini memang dimaksud", kind=WARNING))
    return warnings


def schedule_warnings(targets: list[Path], root: Path, settings: Settings | None = None,
                      now: dt.datetime | None = None) -> list[Problem]:
    """A `date` more than DATE_AHEAD after now without `publish_at`: the post would go live on
    approval, showing a date still to come. A warning: `publish_at` schedules it."""
    now = now or clock_now()
    warnings = []
    for path in targets:
        if path.is_symlink() or not path.is_file() or path.suffix != ".md":
            continue
        display = display_path(path, Path(root))
        try:
            source = read_source(path, display)
            meta = validate_located(PostMeta, source.front_matter, display, context=post_context(settings))
        except (ProblemsError, OSError):
            continue  # the check reports it
        if meta.publish_at is not None or meta.date <= now + DATE_AHEAD:
            continue
        when = meta.date.astimezone(zone_of(settings))
        warnings.append(Problem(
            display, source.front_matter.line_of(("date",)), "date",
            f"tanggal {when:%Y-%m-%d %H:%M} lebih dari satu hari setelah saat ini, tetapi tidak ada publish_at: "
            "konten ini akan langsung tayang begitu disetujui dan digabung, dengan tanggal yang belum tiba",
            f"tambahkan publish_at: {when:%Y-%m-%d %H:%M} (waktu kantor) agar konten tayang pada waktu itu, "
            "atau tulis tanggal hari ini", kind=WARNING))
    return warnings


def bom_warnings(targets: list[Path], root: Path, settings: Settings | None = None) -> list[Problem]:
    """A draft or post that starts with a byte order mark: read as if it did not (every reader
    accepts it, `content.post.FRONT_MATTER`), said plainly as a warning. With them, the
    per-file warnings of `schedule_warnings` (`jdih periksa` calls this one function for both)."""
    warnings = schedule_warnings(targets, root, settings)
    for path in targets:
        if path.is_symlink() or not path.is_file():
            continue  # never read (a link could name anything, a FIFO would block); `check_file` says why
        try:
            with open(path, "rb") as handle:
                start = handle.read(3)
        except OSError:
            continue
        if start == b"\xef\xbb\xbf":
            warning = bom_warning("\ufeff", display_path(path, Path(root)))
            if warning is not None:
                warnings.append(warning)
    return warnings
