"""`jdih periksa`: every problem in drafts and posts, each with its line and a fix, in Indonesian.

The checks run on the raw front matter as well as through the PostMeta model, so one
broken field does not hide the problems of the others.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image as PILImage

from jdih.content import files
from jdih.content.post import SLUG_PATTERN, Image, LegalDocument, PostMeta, Provenance, slug_of, \
    split_front_matter
from jdih.content.problems import Problem, ProblemsError
from jdih.site.sanitize import find_unsafe_html
from jdih.content.settings import Settings
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import Located, load_located
from jdih.content.social_text import (FACEBOOK_LIMIT, HASHTAG, INSTAGRAM_HASHTAGS, INSTAGRAM_LIMIT, X_LIMIT,
                                      X_URL_LENGTH, format_number, with_hashtags, x_share_length)

IMAGE_MAX_BYTES = 5 * 1024 * 1024  # GitHub's web upload and slow mobile networks
IMAGE_MIN_WIDTH = 200  # smaller images look broken as cards and link previews
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}

LIMITS = {
    "description": 160, "x": X_LIMIT, "x_url": X_URL_LENGTH, "instagram": INSTAGRAM_LIMIT,
    "instagram_hashtags": INSTAGRAM_HASHTAGS, "facebook": FACEBOOK_LIMIT,
    "image_mb": IMAGE_MAX_BYTES // (1024 * 1024), "image_min_width": IMAGE_MIN_WIDTH,
    "image_formats": ", ".join(IMAGE_FORMATS.values()),
}

UNSAFE_FIX = ("hapus bagian ini; tulis isi dengan Markdown biasa, dan untuk video, peta atau "
              "formulir cukup cantumkan tautan https:// ke halamannya")
_SLUG_KEY_LINE = re.compile(r"^slug[ \t]*:", re.MULTILINE)  # a top-level `slug` key may be there
SLUG_SUGGESTION = "judul-konten"  # the example slug when a name has no usable letter

UNKNOWN_KEY = "extra_forbidden"  # pydantic's error type for a key the model does not have
_KNOWN_KEYS = {
    (): set(PostMeta.model_fields), ("image",): set(Image.model_fields),
    ("legal_documents", 0): set(LegalDocument.model_fields), ("provenance",): set(Provenance.model_fields),
}


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- which files -------------------------------------------------------------------------
# Which files are drafts and posts is `jdih.content.files`' rule; this adds what PATHs mean.

def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def collect_targets(paths: Iterable[str | Path], root: Path) -> list[Path]:
    """The content files to check: no PATH → every draft and post, and any misplaced Markdown
    below drafts/ or content/posts/ (reported as such), by the rule of `jdih.content.files`.

    A directory gives every such file beneath it (a folder post, or a folder inside one,
    gives that post); a file inside a folder post (its media, its other Markdown) stands for
    that post; a name that is not content (README.md, `_x`, `.x`) or a section page there is
    skipped; any other file is checked as given (a missing or non-Markdown file is reported
    by the check).
    """
    root = Path(root)
    paths = list(paths)
    everything = files.content_files(root) + files.misplaced_files(root)
    targets: list[Path] = [] if paths else list(everything)
    known = {path.resolve() for path in everything}
    for given in paths:
        path = Path(given)
        path = path if path.is_absolute() else root / path
        relative = _relative(path, root)
        if path.is_dir():
            owner = files.owner_of(root, f"{relative}/{files.INDEX}") if relative is not None else None
            if owner is not None:
                targets.append(root / owner)
            else:
                base = path.resolve()
                targets.extend(p for p in everything if p.resolve().is_relative_to(base))
            continue
        owner = files.owner_of(root, relative) if relative is not None else None
        if owner is not None:
            targets.append(root / owner)
        elif relative is not None and files.in_content_folders(relative) and path.suffix == ".md" \
                and path.exists() and path.resolve() not in known:
            continue  # not content by the rule (README.md, `_x`, `.x`, a section page)
        else:
            targets.append(path)
    unique: dict[Path, Path] = {}
    for path in targets:
        unique.setdefault(path.resolve(), path)
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
    return problems


def _suggest_keys(problems: list[Problem]) -> list[Problem]:
    """'capton' → 'mungkin maksud Anda caption?' for unknown keys."""
    improved = []
    for problem in problems:
        if problem.kind == UNKNOWN_KEY:
            parts = problem.key.split(".")
            parent = tuple(0 if part.isdigit() else part for part in parts[:-1])
            known = _KNOWN_KEYS.get(parent, set())
            close = difflib.get_close_matches(parts[-1], sorted(known), n=1, cutoff=0.6)
            if close:
                problem = Problem(problem.file, problem.line, problem.key, problem.message,
                                  f"mungkin maksud Anda '{close[0]}'? Perbaiki ejaannya, atau hapus kunci ini",
                                  kind=problem.kind)
        improved.append(problem)
    return improved


def _string_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item).lstrip("#") for item in value if isinstance(item, (str, int))]
    return []


def _caption_problems(display: str, data: dict, located: Located, settings: Settings) -> list[Problem]:
    problems = []
    tags = _string_list(data.get("tags"))
    office = list(settings.share.hashtags)
    caption, caption_x = data.get("caption"), data.get("caption_x")
    if isinstance(caption_x, str) and caption_x.strip():
        length = x_share_length(caption_x, tags, office)
        if length > X_LIMIT:
            problems.append(Problem(
                display, located.line_of(("caption_x",)), "caption_x",
                f"takarir untuk X terlalu panjang: {length} karakter, maksimal {X_LIMIT} "
                f"(sudah termasuk tagar dan tautan {X_URL_LENGTH} karakter)",
                "persingkat caption_x atau kurangi tagar"))
    if not isinstance(caption, str) or not caption.strip():
        return problems
    line = located.line_of(("caption",))
    if not (isinstance(caption_x, str) and caption_x.strip()):
        length = x_share_length(caption, tags, office)
        if length > X_LIMIT:
            problems.append(Problem(
                display, line, "caption",
                f"takarir terlalu panjang untuk X: {length} karakter, maksimal {X_LIMIT} "
                f"(sudah termasuk tagar dan tautan {X_URL_LENGTH} karakter)",
                "tambahkan kunci caption_x berisi takarir pendek khusus untuk X"))
    full = with_hashtags(caption, tags, office)
    if len(full) > INSTAGRAM_LIMIT:
        problems.append(Problem(
            display, line, "caption",
            f"takarir terlalu panjang untuk Instagram: {format_number(len(full))} karakter, "
            f"maksimal {format_number(INSTAGRAM_LIMIT)} (sudah termasuk tagar)",
            "persingkat takarir; rincian dapat ditulis di isi konten"))
    count = len({tag.lower() for tag in HASHTAG.findall(full)})
    if count > INSTAGRAM_HASHTAGS:
        problems.append(Problem(
            display, line, "caption",
            f"terlalu banyak tagar untuk Instagram: {count}, maksimal {INSTAGRAM_HASHTAGS} "
            "(tagar di takarir, di tags, dan tagar kantor)",
            "kurangi tagar di takarir atau di tags"))
    if len(full) > FACEBOOK_LIMIT:
        problems.append(Problem(
            display, line, "caption",
            f"takarir terlalu panjang untuk Facebook: {format_number(len(full))} karakter, "
            f"maksimal {format_number(FACEBOOK_LIMIT)} (sudah termasuk tagar)",
            "persingkat takarir; rincian dapat ditulis di isi konten"))
    return problems


def _category_problems(display: str, data: dict, located: Located, settings: Settings) -> list[Problem]:
    categories = data.get("categories")
    if not isinstance(categories, list):
        return []
    allowed = list(settings.categories)
    problems = []
    for index, category in enumerate(categories):
        if category is None or (isinstance(category, str) and not category.strip()):
            problems.append(Problem(display, located.line_of(("categories", index)), "categories",
                                    "kategori belum diisi", f"tulis salah satu dari: {', '.join(allowed)}"))
        elif isinstance(category, str) and category not in allowed:
            close = [c for c in allowed if c.lower() == category.strip().lower()]
            fix = (f"tulis persis '{close[0]}'" if close
                   else f"gunakan salah satu dari: {', '.join(allowed)}")
            problems.append(Problem(display, located.line_of(("categories", index)), "categories",
                                    f"kategori '{category}' tidak dikenal", fix))
    return problems


def _image_problems(display: str, data: dict, located: Located, base: Path) -> list[Problem]:
    image = data.get("image")
    if not isinstance(image, dict) or not isinstance(image.get("src"), str) or not image["src"].strip():
        return []  # missing or mistyped: the model reports it
    src = image["src"].strip()
    line = located.line_of(("image", "src"))

    def problem(what: str, fix: str) -> list[Problem]:
        return [Problem(display, line, "image.src", what, fix)]

    keep_here = ("simpan gambar di repositori, di folder media/ di samping berkas ini, "
                 "lalu tulis mis. 'media/nama-gambar.jpg'")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src) or src.startswith("//"):
        return problem(f"gambar '{src}' berupa tautan; gambar harus tersimpan di repositori", keep_here)
    if "\\" in src:
        return problem(f"jalur gambar '{src}' memakai garis miring terbalik '\\'",
                       "gunakan garis miring biasa '/', mis. 'media/nama-gambar.jpg'")
    posix = PurePosixPath(src)
    if posix.is_absolute() or ".." in posix.parts:
        return problem(f"jalur gambar '{src}' keluar dari folder konten", keep_here)
    path = base / src
    if not path.is_file():
        return problem(f"berkas gambar '{src}' tidak ditemukan",
                       "periksa nama berkasnya (huruf besar/kecil berpengaruh) dan unggah gambarnya "
                       "ke folder yang sama dengan berkas ini atau ke subfoldernya")
    if not path.resolve().is_relative_to(base.resolve()):
        return problem(f"jalur gambar '{src}' keluar dari folder konten", keep_here)
    size = path.stat().st_size
    if size > IMAGE_MAX_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        return problem(f"berkas gambar terlalu besar ({megabytes} MB, maksimal {LIMITS['image_mb']} MB)",
                       "perkecil gambar, mis. lebar 2000 px dengan kualitas JPEG 85")
    try:
        with PILImage.open(path) as picture:
            kind, width = picture.format, picture.size[0]
            picture.verify()
    except PILImage.DecompressionBombError:
        return problem(f"ukuran piksel gambar '{src}' terlalu besar", "perkecil gambar, mis. lebar 2000 px")
    except Exception:
        return problem(f"berkas '{src}' bukan gambar yang dapat dibaca",
                       f"gunakan berkas gambar {LIMITS['image_formats']}")
    if kind not in IMAGE_FORMATS:
        return problem(f"format gambar {kind} tidak didukung",
                       f"simpan ulang sebagai {LIMITS['image_formats']}")
    if width < IMAGE_MIN_WIDTH:
        return problem(f"gambar terlalu kecil ({width} px lebar, minimal {IMAGE_MIN_WIDTH} px)",
                       "gunakan gambar yang lebih besar; untuk pratinjau tautan idealnya 1200 px atau lebih")
    return []


def check_file(path: Path, settings: Settings, root: Path) -> FileResult:
    """Every problem of one draft or post (never stops at the first)."""
    display = display_path(path, root)
    name_slug = slug_of(path)
    result = FileResult([], name_slug, 1)
    if not path.exists():
        result.problems.append(Problem(display, 1, "", "berkas tidak ditemukan",
                                       "periksa jalur dan nama berkasnya"))
        return result
    if path.suffix != ".md":
        result.problems.append(Problem(display, 1, "", "bukan berkas konten Markdown (.md)",
                                       "periksa berkas .md atau folder draf/kontennya"))
        return result
    problems = result.problems
    relative = _relative(path, root)
    if relative is not None and files.in_content_folders(relative) \
            and not (files.is_draft(relative) or files.is_post(relative)):
        problems.append(files.misplaced_problem(display))
        result.misplaced = True
        return result
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
        problems.extend(_unsafe_problems(display, text, 1, "isi"))
        return result
    try:
        located = load_located(yaml_text, display, line_offset=1)  # what `read_source` does, lines kept
    except ProblemsError as exc:  # broken YAML: still look at the rest
        problems.extend(exc.problems)
        problems.extend(_front_matter_unsafe(display, yaml_text, None))
        problems.extend(_unsafe_problems(display, body, body_line, "isi"))
        return result
    problems.extend(_front_matter_unsafe(display, yaml_text, located))
    problems.extend(_unsafe_problems(display, body, body_line, "isi"))
    data = located.data
    meta = None
    try:
        meta = validate_located(PostMeta, located, display)
    except ProblemsError as exc:
        # An empty category item is reported below with the allowed list instead.
        problems.extend(p for p in _suggest_keys(exc.problems)
                        if not (re.fullmatch(r"categories\.\d+", p.key) and p.message.endswith("ditemukan kosong")))
    if not isinstance(data, dict):
        return result
    problems.extend(_category_problems(display, data, located, settings))
    problems.extend(_image_problems(display, data, located, path.parent))
    problems.extend(_caption_problems(display, data, located, settings))
    if display.startswith("drafts/") and "provenance" in data:
        problems.append(Problem(display, located.line_of(("provenance",)), "provenance",
                                "provenance hanya diisi otomatis saat konten terbit",
                                "hapus kunci provenance dari draf"))
    if meta is not None and meta.slug:
        result.slug, result.slug_line = meta.slug, located.line_of(("slug",))
    return result


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
    results: dict[Path, FileResult] = {}
    for path in targets:
        result = check_file(path, settings, root)
        results[path.resolve()] = result
        problems.extend(result.problems)
    # A slug is an address: it must be unique across every draft and every published post.
    owners: dict[str, list[str]] = defaultdict(list)
    for path in files.content_files(root):
        key = path.resolve()
        slug = results[key].slug if key in results else _quick_slug(path)
        owners[slug].append(display_path(path, root))
    for path in targets:
        result = results[path.resolve()]
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
