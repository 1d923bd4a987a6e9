"""`jdih periksa`: every problem in drafts and posts, each with its line and a fix, in Indonesian.

The checks run on the raw front matter as well as through the PostMeta model, so one
broken field does not hide the problems of the others.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image as PILImage

from jdih.content.post import FRONT_MATTER, SLUG_PATTERN, Image, LegalDocument, PostMeta, Provenance, \
    read_source, slug_of
from jdih.content.problems import Problem, ProblemsError
from jdih.site.sanitize import find_unsafe_html
from jdih.content.settings import Settings
from jdih.content.validation import validate_located
from jdih.content.yamlsrc import Located

CONTENT_ROOTS = ("drafts", "content/posts")
IGNORED_NAMES = {"README.md"}

IMAGE_MAX_BYTES = 5 * 1024 * 1024  # GitHub's web upload and slow mobile networks
IMAGE_MIN_WIDTH = 200  # smaller images look broken as cards and link previews
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}

X_LIMIT = 280
X_URL_LENGTH = 23  # X counts every link as 23 characters (t.co)
INSTAGRAM_LIMIT = 2200
INSTAGRAM_HASHTAGS = 30
FACEBOOK_LIMIT = 63206

LIMITS = {
    "description": 160, "x": X_LIMIT, "x_url": X_URL_LENGTH, "instagram": INSTAGRAM_LIMIT,
    "instagram_hashtags": INSTAGRAM_HASHTAGS, "facebook": FACEBOOK_LIMIT,
    "image_mb": IMAGE_MAX_BYTES // (1024 * 1024), "image_min_width": IMAGE_MIN_WIDTH,
    "image_formats": ", ".join(IMAGE_FORMATS.values()),
}

UNSAFE_FIX = ("hapus bagian ini; tulis isi dengan Markdown biasa, dan untuk video, peta atau "
              "formulir cukup cantumkan tautan https:// ke halamannya")
HASHTAG = re.compile(r"#(\w+)")
URL_IN_TEXT = re.compile(r"https?://\S+")
_SLUG_KEY_LINE = re.compile(r"^slug:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)

_KNOWN_KEYS = {
    (): set(PostMeta.model_fields), ("image",): set(Image.model_fields),
    ("legal_documents", 0): set(LegalDocument.model_fields), ("provenance",): set(Provenance.model_fields),
}


def _number(value: int) -> str:
    """Indonesian thousands separator: 63.206."""
    return f"{value:,}".replace(",", ".")


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- which files -------------------------------------------------------------------------

def _is_ignored(name: str) -> bool:
    return name in IGNORED_NAMES or name.startswith(("_", "."))


def _walk_directory(directory: Path, content_root: bool) -> list[Path]:
    """Posts below a directory; a folder holding index.md is one post (its other files are its media)."""
    if not content_root and (directory / "index.md").is_file():
        return [directory / "index.md"]
    found: list[Path] = []
    for current, dirs, files in os.walk(directory):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        at_top = here == directory
        if not at_top and "index.md" in files:
            found.append(here / "index.md")
            dirs[:] = []
            continue
        found.extend(here / name for name in sorted(files)
                     if name.endswith(".md") and not _is_ignored(name)
                     and not (at_top and content_root and name == "index.md"))  # a section page
    return found


def collect_targets(paths: Iterable[str | Path], root: Path) -> list[Path]:
    """The content files to check: no PATH → every post in drafts/ and content/posts/.

    A directory gives every post beneath it; a file is checked as given (a missing or
    non-Markdown file is reported by the check), except a media file inside a folder
    post, which stands for that post.
    """
    root = Path(root)
    paths = list(paths)
    targets: list[Path] = []
    if not paths:
        for name in CONTENT_ROOTS:
            if (root / name).is_dir():
                targets.extend(_walk_directory(root / name, content_root=True))
    roots = {(root / name).resolve() for name in CONTENT_ROOTS}
    for given in paths:
        path = Path(given)
        path = path if path.is_absolute() else root / path
        if path.is_dir():
            targets.extend(_walk_directory(path, content_root=path.resolve() in roots))
        elif path.is_file() and path.suffix != ".md":
            inside = [parent for parent in path.resolve().parents
                      if parent.is_relative_to(root.resolve()) and parent != root.resolve()]
            post = next((parent / "index.md" for parent in inside
                         if (parent / "index.md").is_file() and parent not in roots), None)
            targets.append(post or path)
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
        if problem.message == "kunci tidak dikenal":
            parts = problem.key.split(".")
            parent = tuple(0 if part.isdigit() else part for part in parts[:-1])
            known = _KNOWN_KEYS.get(parent, set())
            close = difflib.get_close_matches(parts[-1], sorted(known), n=1, cutoff=0.6)
            if close:
                problem = Problem(problem.file, problem.line, problem.key, problem.message,
                                  f"mungkin maksud Anda '{close[0]}'? Perbaiki ejaannya, atau hapus kunci ini")
        improved.append(problem)
    return improved


def suggest_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "judul-konten"


def appended_hashtags(text: str, tags: list[str], office_tags: list[str]) -> list[str]:
    """Hashtags a share text adds after the caption: the post's tags, then the office's,
    each once (ignoring case) and only when the caption does not already carry it."""
    present = {tag.lower() for tag in HASHTAG.findall(text)}
    added = []
    for tag in [*tags, *office_tags]:
        tag = str(tag).lstrip("#")
        if tag and tag.lower() not in present:
            present.add(tag.lower())
            added.append(f"#{tag}")
    return added


def with_hashtags(text: str, tags: list[str], office_tags: list[str]) -> str:
    added = appended_hashtags(text, tags, office_tags)
    return f"{text.strip()} {' '.join(added)}" if added else text.strip()


def x_length(text: str) -> int:
    """Length as X counts it: links 23, most Latin text 1 per character, emoji and CJK 2."""
    text = unicodedata.normalize("NFC", text)
    length = 0
    for url in URL_IN_TEXT.findall(text):
        length += X_URL_LENGTH
    for char in URL_IN_TEXT.sub("", text):
        code = ord(char)
        light = (code <= 0x10FF or 0x2000 <= code <= 0x200D or 0x2010 <= code <= 0x201F
                 or 0x2032 <= code <= 0x2037)
        length += 1 if light else 2
    return length


def x_share_length(caption: str, tags: list[str], office_tags: list[str]) -> int:
    """The X share text: caption (or caption_x), the hashtags, and the post's link (23)."""
    return x_length(with_hashtags(caption, tags, office_tags)) + 1 + X_URL_LENGTH


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
            f"takarir terlalu panjang untuk Instagram: {_number(len(full))} karakter, "
            f"maksimal {_number(INSTAGRAM_LIMIT)} (sudah termasuk tagar)",
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
            f"takarir terlalu panjang untuk Facebook: {_number(len(full))} karakter, "
            f"maksimal {_number(FACEBOOK_LIMIT)} (sudah termasuk tagar)",
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
    if not SLUG_PATTERN.match(name_slug):
        kind = "folder" if path.name == "index.md" else "berkas"
        suffix = "" if path.name == "index.md" else ".md"
        problems.append(Problem(
            display, 1, "slug",
            f"nama {kind} '{name_slug}' tidak dapat dipakai sebagai alamat",
            f"ganti nama {kind} dengan huruf kecil, angka dan tanda hubung saja, "
            f"mis. '{suggest_slug(name_slug)}{suffix}'"))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(display, 1, "", "berkas bukan teks UTF-8",
                                "simpan ulang berkas dengan pengodean UTF-8"))
        return result
    match = FRONT_MATTER.match(text)
    if not match:
        problems.extend(_unsafe_problems(display, text, 1, "isi"))
    yaml_text = (match.group(1) or "") if match else ""
    try:
        source = read_source(path, display)
    except ProblemsError as exc:  # no front matter, or broken YAML: still look at the rest
        problems.extend(exc.problems)
        if match:
            problems.extend(_front_matter_unsafe(display, yaml_text, None))
            body_line = text[: match.end()].count("\n") + 1
            problems.extend(_unsafe_problems(display, text[match.end():], body_line, "isi"))
        return result
    located = source.front_matter
    problems.extend(_front_matter_unsafe(display, yaml_text, located))
    problems.extend(_unsafe_problems(display, source.body, source.body_line, "isi"))
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
    """Slug of a file that is not being checked: its `slug:` key if any, else its name."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return slug_of(path)
    match = FRONT_MATTER.match(text)
    key = _SLUG_KEY_LINE.search(match.group(1) or "") if match else None
    return key.group(1) if key else slug_of(path)


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
    for path in collect_targets([], root):
        key = path.resolve()
        slug = results[key].slug if key in results else _quick_slug(path)
        owners[slug].append(display_path(path, root))
    for path in targets:
        result = results[path.resolve()]
        if not path.is_file():
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
