"""Content files: which files are posts and drafts, and what follows from a file's path.

Every stage asks this module — `jdih periksa` (`sop.check`), promotion (`sop.publish`), the
publication record (`sop.record`), the agenda register (`reporting.register`) and the site
build (`site.catalog`, `site.plugin`) — so they can no longer disagree.

**The rule** (the README's "Format draf"):

* a **post** is ``content/posts/<YYYY>/<slug>.md`` or ``content/posts/<YYYY>/<slug>/index.md``
  (``<YYYY>`` four digits; the folder is what promotion writes, the year of the post's date);
* a **draft** is ``drafts/<slug>.md`` or ``drafts/<slug>/index.md``;
* a folder holding ``index.md`` is *one* item: its other files, Markdown ones included,
  are its attachments (media), never items of their own;
* a name (file or folder, at any level) starting with ``.`` or ``_``, and ``README.md`` (in
  any case), is not content: ``drafts/README.md`` explains the folder, ``_contoh.md`` is a
  scratch file, ``.tersembunyi/`` is hidden;
* ``index.md`` directly in ``drafts/``, ``content/posts/`` or a year folder is a section page,
  not an item;
* any other ``.md`` below ``drafts/`` or ``content/posts/`` (``content/posts/x.md`` without a
  year, ``drafts/media/x.md``, ``…/<slug>/x.md`` in a folder without ``index.md``) is
  *misplaced*: `jdih periksa` and the site build report it instead of guessing.

Whether a path is a post or a draft is decided from the path alone (no file system), so the
site build can sort thousands of pages cheaply; only telling a misplaced file from an
attachment needs to know whether the folder holds an ``index.md``.

The slug — the last part of the address — is the file's name (``<slug>.md``) or its folder's
(``<slug>/index.md``) unless the front matter sets ``slug``; the **post id** is the post's
permanent, site-relative URL ``posts/<YYYY>/<slug>/``, taken from the path only, and its
**live URL** is ``site.url`` + post id.

**What a content folder may hold** (`refused_below`, asked by `jdih periksa`, promotion and
the site build alike): below ``drafts/`` and ``content/posts/``, besides Markdown, only
images (``.jpg .jpeg .png .webp .gif``, any case) and PDF (``.pdf``) — what MkDocs would copy
to the public site as it is. Refused, with the file's path: any other file (``.html``,
``.svg`` — it can carry script —, ``.js``, …, ``.gitkeep`` excepted), any symbolic link (it
could point anywhere), and Markdown whose name (or a folder's on its path) starts with ``_``
or ``.``: it is neither a draft nor a post, so it would never be published, silently.

**Where an item's media may be** (`media_path`, for ``image.src``): inside the item's own
folder — a folder item's folder; for ``drafts/<slug>.md`` and
``content/posts/<YYYY>/<slug>.md`` the folder it is in (``media/`` there, the documented
layout) but not another item's folder —, relative, without ``..``, with no symbolic link on
the way (``Path.resolve()`` must give the very path written), and with an image's suffix.

Front matter is read two ways, from the one split of `jdih.content.post`:

* `read_front_matter` — the fast path (libyaml's CSafeLoader, plain data, no lines), for the
  site build and everything that reads thousands of posts;
* `read_source` (re-exported from `jdih.content.post`, built on `jdih.content.yamlsrc`) —
  the line-keeping path `jdih periksa` uses to name the line of every problem.

Both refuse YAML anchors, aliases, deep nesting and duplicate keys (`jdih.content.yamlsrc`).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from jdih.content.post import FRONT_MATTER, SourceFile, load_front_matter, read_source, slug_of, split_front_matter
from jdih.content.problems import Problem, ProblemsError
from jdih.content.settings import Settings
from jdih.content.yamlsrc import refuse_duplicates, refuse_references

__all__ = [
    "ATTACHMENT_SUFFIXES", "CONTENT_DIR", "DRAFTS_DIR", "FRONT_MATTER", "IMAGE_SUFFIXES", "INDEX", "POSTS_DIR",
    "POSTS_ROOT", "SLUG_MAX", "MediaError", "SourceFile",
    "content_files", "draft_files", "in_content_folders", "is_draft", "is_not_content", "is_post", "is_post_uri",
    "key_line", "live_url", "media_path", "misplaced_files", "misplaced_problem", "owner_of", "post_files",
    "post_id", "post_id_for", "published_posts", "read_front_matter", "read_source", "refusal_of", "refused",
    "refused_below", "slug_of", "slugify", "sort_site_pages", "split_front_matter",
]

CONTENT_DIR = "content"   # MkDocs' docs_dir
POSTS_DIR = "posts"       # below CONTENT_DIR
POSTS_ROOT = f"{CONTENT_DIR}/{POSTS_DIR}"
DRAFTS_DIR = "drafts"
INDEX = "index.md"
YEAR = re.compile(r"\d{4}")
SLUG_MAX = 60  # a new draft's slug: longer titles are cut at a word
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: thousands of posts per build


# -- which files are content --------------------------------------------------------------------


def is_not_content(name: str) -> bool:
    """Hidden (``.x``), scratch (``_x``) and ``README.md`` names are never content."""
    return name.startswith((".", "_")) or name.lower() == "readme.md"


def _parts(relative: str | PurePosixPath, root: str) -> tuple[str, ...] | None:
    """The parts of a relative POSIX path below `root` ("drafts", "content/posts"), or None.
    (Plain string work: the site build asks this for every page.)"""
    text = relative if isinstance(relative, str) else relative.as_posix()
    if not text.startswith(root) or text[len(root):len(root) + 1] != "/":
        return None
    return tuple(part for part in text[len(root) + 1:].split("/") if part and part != ".")


def _item(parts: tuple[str, ...] | None, dated: bool) -> bool:
    """`<slug>.md` or `<slug>/index.md` (below a `<YYYY>` folder when `dated`)."""
    if parts is None:
        return False
    if dated:
        if len(parts) < 2 or not YEAR.fullmatch(parts[0]):
            return False
        parts = parts[1:]
    if any(is_not_content(part) for part in parts):
        return False
    if len(parts) == 1:
        return parts[0].endswith(".md") and parts[0] != INDEX
    return len(parts) == 2 and parts[1] == INDEX


def is_post_uri(src_uri: str) -> bool:
    """A post, given relative to the docs folder (MkDocs' `src_uri`): ``posts/<YYYY>/<slug>.md``
    or ``posts/<YYYY>/<slug>/index.md``."""
    return _item(_parts(src_uri, POSTS_DIR), dated=True)


def is_post(relative: str | PurePosixPath) -> bool:
    """A post, given relative to the repository: ``content/posts/<YYYY>/…``."""
    return _item(_parts(relative, POSTS_ROOT), dated=True)


def is_draft(relative: str | PurePosixPath) -> bool:
    """A draft, given relative to the repository: ``drafts/<slug>.md`` or ``drafts/<slug>/index.md``."""
    return _item(_parts(relative, DRAFTS_DIR), dated=False)


def in_content_folders(relative: str | PurePosixPath) -> bool:
    """Below ``drafts/`` or ``content/posts/`` (repository-relative)."""
    return any(_parts(relative, base) is not None for base, _ in _roots())


def _owner_parts(parts: tuple[str, ...], dated: bool) -> tuple[str, ...] | None:
    """The `<slug>/index.md` (below its year when `dated`) of the folder item a path is in, lexically."""
    depth = 2 if dated else 1  # parts of the item folder below the root
    if len(parts) <= depth or (dated and not YEAR.fullmatch(parts[0])):
        return None
    return parts[:depth] + (INDEX,)


def _roots() -> tuple[tuple[str, bool], ...]:
    return ((DRAFTS_DIR, False), (POSTS_ROOT, True))


def owner_of(root: Path, relative: str | PurePosixPath) -> str | None:
    """The item (repository-relative) a file belongs to: itself for a post or a draft, the folder
    item's ``index.md`` for a file in a folder item (its media, its other Markdown), else None."""
    for base, dated in _roots():
        parts = _parts(relative, base)
        if parts is None:
            continue
        if _item(parts, dated):
            return PurePosixPath(relative).as_posix()
        owner = _owner_parts(parts, dated)
        if owner is not None and not any(is_not_content(part) for part in owner):
            candidate = "/".join((base, *owner))
            if (root / candidate).is_file():
                return candidate
        return None
    return None


def _scan(folder: Path) -> list[os.DirEntry]:
    if folder.is_symlink():  # drafts/ or content/posts/ itself a link: nothing in it is content
        return []
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not is_not_content(e.name)), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _items_in(folder: Path) -> list[Path]:
    """The items directly in one folder: `<slug>.md` files and `<slug>/index.md` folders.
    A symbolic link is never an item (it is never read: it could name /dev/zero); `refused` reports it."""
    found = []
    for entry in _scan(folder):
        if entry.is_symlink():
            continue
        if entry.is_file():
            if entry.name.endswith(".md") and entry.name != INDEX:
                found.append(Path(entry.path))
        elif entry.is_dir():
            index = os.path.join(entry.path, INDEX)
            if os.path.isfile(index) and not os.path.islink(index):
                found.append(Path(index))
    return found


def _year_folders(posts: Path) -> list[Path]:
    return [Path(e.path) for e in _scan(posts) if e.is_dir(follow_symlinks=False) and YEAR.fullmatch(e.name)]


def post_files(content_dir: Path) -> list[Path]:
    """Every post below ``<content_dir>/posts/`` (content_dir: the docs folder, ``content/``)."""
    found = []
    for year in _year_folders(content_dir / POSTS_DIR):
        found.extend(_items_in(year))
    return found


def published_posts(root: Path) -> list[tuple[str, Path]]:
    """(post id, file) of every post of the repository at `root`."""
    content = root / CONTENT_DIR
    return [(post_id(path.relative_to(content).as_posix()), path) for path in post_files(content)]


def draft_files(root: Path) -> list[Path]:
    """Every draft of the repository at `root`."""
    return _items_in(root / DRAFTS_DIR)


def content_files(root: Path) -> list[Path]:
    """Every draft and every post of the repository at `root`."""
    return draft_files(root) + post_files(root / CONTENT_DIR)


def misplaced_files(root: Path) -> list[Path]:
    """Markdown below ``drafts/`` or ``content/posts/`` that the rule takes for neither an item,
    an item's attachment, a section page, nor a name that is not content."""
    found = []
    for base, dated in _roots():
        top = root / base
        if not top.is_dir():
            continue
        for current, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not is_not_content(d))
            here = PurePosixPath(Path(current).relative_to(root).as_posix())
            for name in sorted(names):
                relative = here / name
                if name.endswith(".md") and not is_not_content(name) \
                        and _misplaced(root, relative, base, dated):
                    found.append(root / relative)
    return found


def _misplaced(root: Path, relative: PurePosixPath, base: str, dated: bool) -> bool:
    parts = _parts(relative, base)
    if parts is None or _item(parts, dated) or owner_of(root, relative) is not None:
        return False
    section = parts == (INDEX,) or (dated and len(parts) == 2 and YEAR.fullmatch(parts[0]) and parts[1] == INDEX)
    return not section


def misplaced_problem(display: str) -> Problem:
    """The problem of a misplaced Markdown file (`display` is repository-relative)."""
    if PurePosixPath(display).parts[:2] == tuple(POSTS_ROOT.split("/")):
        what = ("berkas ini tidak terbaca sebagai konten terbit: konten terbit adalah "
                "content/posts/<tahun>/<slug>.md atau content/posts/<tahun>/<slug>/index.md")
    else:
        what = ("berkas ini tidak terbaca sebagai draf: draf adalah drafts/<slug>.md atau "
                "drafts/<slug>/index.md")
    return Problem(display, 1, "", what,
                   "pindahkan berkas ke salah satu letak itu, atau awali namanya dengan '_' bila bukan konten")


def sort_site_pages(src_uris: Iterable[str]) -> tuple[list[str], list[str], list[Problem]]:
    """The site build's pages below ``posts/`` (docs-relative `src_uri`s), sorted by the rule:
    (posts, pages that are not content and stay off the site — attachments of folder posts,
    hidden/scratch/README names —, problems of misplaced Markdown). Section pages
    (``posts/index.md``, ``posts/<YYYY>/index.md``) are in neither list: they are ordinary pages."""
    posts: list[str] = []
    others: list[tuple[str, tuple[str, ...]]] = []
    for uri in src_uris:
        parts = _parts(uri, POSTS_DIR)
        if parts is not None:
            if _item(parts, dated=True):
                posts.append(uri)
            else:
                others.append((uri, parts))
    post_set = set(posts)
    dropped, problems = [], []
    for uri, parts in others:
        owner = _owner_parts(parts, dated=True)
        if any(is_not_content(part) for part in parts) or \
                (owner is not None and "/".join((POSTS_DIR, *owner)) in post_set):
            dropped.append(uri)
        elif not (parts == (INDEX,) or (len(parts) == 2 and YEAR.fullmatch(parts[0]) and parts[1] == INDEX)):
            problems.append(misplaced_problem(f"{CONTENT_DIR}/{uri}"))
    return posts, dropped, problems


# -- what a content folder may hold ------------------------------------------------------------

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # compared in lower case: FOTO.JPG is fine
ATTACHMENT_SUFFIXES = (*IMAGE_SUFFIXES, ".pdf")
PLACEHOLDER = ".gitkeep"  # git's marker of an empty folder; MkDocs never publishes dot-names
_ACCEPTED = ".jpg, .jpeg, .png, .webp, .gif, .pdf"


def _kind(display: str) -> str:
    return "draf" if display.split("/", 1)[0] == DRAFTS_DIR else "konten"


def _symlink_problem(display: str) -> Problem:
    return Problem(display, 1, "", "tautan simbolik (symlink) tidak diterima di drafts/ dan content/posts/: "
                                   "tautan dapat menunjuk ke berkas di luar foldernya",
                   "ganti tautan ini dengan berkas aslinya (salin berkasnya ke sini), atau hapus")


def _file_problem(display: str, below_root: tuple[str, ...]) -> Problem | None:
    """The problem of one regular file in a content folder (`below_root`: its parts below
    ``drafts/`` or ``content/posts/``), or None when it may be there."""
    name = below_root[-1]
    if name.endswith(".md"):
        hidden = next((part for part in below_root if part.startswith((".", "_"))), None)
        if hidden is None:
            return None  # a draft, a post, an attachment's Markdown, README.md, a section page, or misplaced
        kind = _kind(display)
        return Problem(display, 1, "", f"nama '{hidden}' diawali '{hidden[0]}': berkas ini bukan {kind} dan "
                                       "tidak akan diterbitkan",
                       f"hapus berkas ini, atau ganti namanya tanpa awalan '{hidden[0]}' bila memang {kind}")
    if name == PLACEHOLDER or name.lower().endswith(ATTACHMENT_SUFFIXES):
        return None
    if name.lower().endswith(".svg"):
        return Problem(display, 1, "", "gambar SVG tidak diterima karena dapat memuat skrip",
                       "simpan ulang gambar sebagai PNG atau JPEG, atau hapus berkas ini")
    return Problem(display, 1, "", f"jenis berkas ini tidak diterima sebagai lampiran konten (yang diterima: "
                                   f"{_ACCEPTED})",
                   "hapus berkas ini; untuk dokumen lain, simpan sebagai PDF atau cantumkan tautan https:// ke "
                   "halamannya")


def _content_root(display: str) -> str | None:
    for base, _ in _roots():
        if display == base or display.startswith(base + "/"):
            return base
    return None


def refused_below(top: Path, display_top: str) -> list[Problem]:
    """The problems of what a content folder may not hold (see the module), below `top`:
    ``drafts/``, ``content/posts/`` or one item's folder, shown as `display_top` (its
    repository-relative path, e.g. ``content/posts``). One walk of the folders, no links
    followed: cheap enough for every build."""
    base = _content_root(display_top)
    if base is None:
        raise ValueError(f"{display_top} is not below {DRAFTS_DIR}/ or {POSTS_ROOT}/")
    skip = len(base.split("/"))
    if top.is_symlink():
        return [_symlink_problem(display_top)]
    problems = []
    stack = [(top, display_top)]
    while stack:
        folder, shown = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in listed:
            display = f"{shown}/{entry.name}"
            if entry.is_symlink():
                problems.append(_symlink_problem(display))
            elif entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), display))
            elif entry.is_file(follow_symlinks=False):
                problem = _file_problem(display, tuple(display.split("/")[skip:]))
                if problem is not None:
                    problems.append(problem)
            else:  # a FIFO, a socket, a device
                problems.append(Problem(display, 1, "", "ini bukan berkas biasa", "hapus dari repositori"))
    return sorted(problems)


def refused(root: Path) -> list[Problem]:
    """`refused_below` for the whole of ``drafts/`` and ``content/posts/`` of the repository at `root`."""
    return [problem for base, _ in _roots() for problem in refused_below(root / base, base)]


def refusal_of(root: Path, path: Path) -> Problem | None:
    """The problem of one path below ``drafts/`` or ``content/posts/`` by the same rule (a
    symbolic link anywhere between the repository and it included), or None."""
    try:
        relative = PurePosixPath(os.path.relpath(os.path.abspath(path), os.path.abspath(root)))
    except ValueError:
        return None
    display = relative.as_posix()
    base = _content_root(display)
    if base is None or ".." in relative.parts:
        return None
    current = Path(os.path.abspath(root))
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return _symlink_problem(display)
    if path.is_file():
        return _file_problem(display, relative.parts[len(base.split("/")):])
    return None


# -- where an item's media may be ---------------------------------------------------------------

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
KEEP_HERE = ("simpan gambar di repositori, di folder media/ di samping berkas ini, "
             "lalu tulis mis. 'media/nama-gambar.jpg'")


class MediaError(ValueError):
    """A path from a content file's data (``image.src``) its item may not use: what is wrong and
    the fix, in Indonesian. `missing`: the path is allowed, there is just no file there."""

    def __init__(self, what: str, fix: str, missing: bool = False):
        super().__init__(f"{what} — {fix}")
        self.what, self.fix, self.missing = what, fix, missing

    def problem(self, file: str, line: int, key: str = "image.src") -> Problem:
        return Problem(file, line, key, self.what, self.fix)


def _real_dir(folder: str) -> Path:
    """The folder with its own links resolved: its parent once per build (a year folder holds
    many posts), then the folder itself (one lstat)."""
    path = Path(folder)
    return path.resolve() if path.is_symlink() else _real_parent(str(path.parent)) / path.name


@functools.lru_cache(maxsize=256)
def _real_parent(folder: str) -> Path:
    return Path(folder).resolve()


def media_path(item: Path, src: str) -> Path:
    """The file ``image.src`` names (`src`, relative to the content file `item`), resolved,
    only when it is inside the item's own folder (see the module); else MediaError.

    `item` need not exist (promotion asks after moving it); the folder it names is what counts."""
    outside = MediaError(f"jalur gambar '{src}' keluar dari folder konten", KEEP_HERE)
    if _SCHEME.match(src) or src.startswith("//"):
        raise MediaError(f"gambar '{src}' berupa tautan; gambar harus tersimpan di repositori", KEEP_HERE)
    if "\\" in src:
        raise MediaError(f"jalur gambar '{src}' memakai garis miring terbalik '\\'",
                         "gunakan garis miring biasa '/', mis. 'media/nama-gambar.jpg'")
    if _CONTROL.search(src):
        raise MediaError(f"jalur gambar {src!r} memuat karakter kendali", "tulis ulang jalur gambarnya")
    posix = PurePosixPath(src)
    parts = tuple(part for part in posix.parts if part != ".")
    if posix.is_absolute() or ".." in parts or not parts:
        raise outside
    folder = item.parent
    if item.name != INDEX and len(parts) > 1 and (folder / parts[0] / INDEX).is_file():
        raise MediaError(f"gambar '{src}' ada di folder konten lain ({parts[0]}/)",
                         "setiap konten memakai gambarnya sendiri: salin gambar ke folder media/ di samping "
                         "berkas ini, lalu tulis mis. 'media/nama-gambar.jpg'")
    suffix = PurePosixPath(parts[-1]).suffix.lower()
    if suffix == ".svg":
        raise MediaError(f"gambar '{src}' berformat SVG, yang tidak diterima karena dapat memuat skrip",
                         "simpan ulang gambar sebagai PNG atau JPEG")
    if suffix not in IMAGE_SUFFIXES:
        raise MediaError(f"berkas '{src}' bukan gambar: namanya harus berakhiran .jpg, .jpeg, .png, .webp atau "
                         ".gif", "gunakan berkas gambar JPEG, PNG, WebP, GIF")
    # `parts` has no '..' and is relative, so the path stays inside the folder unless a
    # component is a symbolic link: lstat each one (cheaper than resolving, at 5,000 posts).
    real_folder = real = _real_dir(str(folder))
    for part in parts:
        real = real / part
        if real.is_symlink():  # a symbolic link on the way, even one pointing inside
            if not real.resolve().is_relative_to(real_folder):
                raise outside
            raise MediaError(f"gambar '{src}' berupa tautan simbolik (symlink)",
                             "simpan berkas gambarnya sendiri di folder ini, bukan tautan ke berkas lain")
    if not real.is_file():
        raise MediaError(f"berkas gambar '{src}' tidak ditemukan",
                         "periksa nama berkasnya (huruf besar/kecil berpengaruh) dan unggah gambarnya "
                         "ke folder yang sama dengan berkas ini atau ke subfoldernya", missing=True)
    return real


# -- post id and links -------------------------------------------------------------------------


def post_id(src_uri: str) -> str:
    """The permanent id of a post, its site-relative URL, from its docs-relative path alone:
    ``posts/2026/x.md`` and ``posts/2026/x/index.md`` → ``posts/2026/x/``."""
    path = PurePosixPath(src_uri)
    return f"{path.parent}/" if path.name == INDEX else f"{path.with_suffix('')}/"


def post_id_for(year: int, slug: str) -> str:
    """The id a draft gets when promoted: ``posts/<year>/<slug>/``."""
    return f"{POSTS_DIR}/{year}/{slug}/"


def live_url(settings: Settings, post_id: str) -> str:
    """The permanent public link of a post (`post_id`: ``posts/<YYYY>/<slug>/``)."""
    return settings.site.url + post_id


# -- slugs --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def slugify(text: str, fallback: str = "", limit: int | None = SLUG_MAX) -> str:
    """The ASCII slug of a text: 'PKPU 8/2019: Tata Kerja (Café)' → 'pkpu-8-2019-tata-kerja-cafe'.

    `limit` (None: no limit) cuts a longer slug at a word; an empty result gives `fallback`.
    Drafts' slugs use the defaults; tag and category URLs use no limit (see `site.catalog`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if limit is not None and len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-") or fallback


# -- front matter -------------------------------------------------------------------------------


def read_front_matter(path: Path, display: str | None = None) -> tuple[dict[str, Any], str]:
    """The fast path: (front matter as plain data, Markdown body) of a content file.

    A file that cannot be read raises ProblemsError naming the file; `jdih periksa` (the
    line-keeping `read_source`) gives the line and the fix."""
    display = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProblemsError([Problem(display, 1, "", "berkas bukan teks UTF-8",
                                     "simpan ulang berkas dengan pengodean UTF-8")]) from None
    match = FRONT_MATTER.match(text)  # the split of `split_front_matter`, without counting lines
    if match is None:
        split_front_matter(text, display)  # raises the problem `jdih periksa` reports for it
    body = text[match.end():]
    yaml_text = match.group(1) or ""
    if "&" in yaml_text or "*" in yaml_text:  # no anchor or alias can be written without one of them
        refuse_references(yaml_text, display, line_offset=1)
    try:
        loader = _LOADER(yaml_text)
        try:
            node = loader.get_single_node()
            refuse_duplicates(node, display, line_offset=1)  # and nesting: libyaml allows 1,000 levels
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError, OverflowError):
        # Broken YAML, or a well-formed but impossible value (date 2026-02-30): the line-keeping
        # reader says which line and how to fix it, in the words of `jdih periksa` (the rare
        # error path may be slow).
        load_front_matter(yaml_text, display)
        raise ProblemsError([Problem(display, 1, "", "front matter tidak dapat dibaca",
                                     f"jalankan `jdih periksa {display}` untuk rincian dan perbaikannya")]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProblemsError([Problem(display, 1, "", "front matter harus berupa pasangan 'kunci: nilai'",
                                     f"jalankan `jdih periksa {display}` untuk rincian dan perbaikannya")])
    return data, body


def key_line(path: Path, key: tuple) -> int:
    """The line of `key` (e.g. ``("image", "src")``) in a content file's front matter, 1 when it
    cannot be told: for the messages of the site build, which reads without lines."""
    try:
        return read_source(path).front_matter.line_of(key)
    except (OSError, ProblemsError):
        return 1
