"""Read stage of the site: every published post under `content/posts/`, typed and grouped.

Pure apart from reading files; the MkDocs plugin turns the result into pages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

import yaml
from pydantic import ValidationError

from jdih.content.post import FRONT_MATTER, PostMeta
from jdih.content.problems import Problem, ProblemsError

POSTS_DIR = "posts"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: thousands of posts per build


@dataclass
class Post:
    src_uri: str            # "posts/2026/uu-7-2017.md"
    url: str                # "posts/2026/uu-7-2017/" (site-relative, permanent)
    slug: str
    meta: PostMeta
    image_path: Path        # absolute path of the main image source
    image_src_uri: str      # docs-relative URI of the main image file
    body: str = ""          # the Markdown after the front matter

    @property
    def date(self) -> dt.datetime:
        return self.meta.date

    @property
    def category(self) -> str:
        return self.meta.categories[0]


@dataclass
class Catalog:
    posts: list[Post] = field(default_factory=list)  # newest first

    @cached_property
    def by_category(self) -> dict[str, list[Post]]:
        groups: dict[str, list[Post]] = defaultdict(list)
        for post in self.posts:
            for category in post.meta.categories:
                groups[category].append(post)
        return dict(sorted(groups.items()))

    @cached_property
    def by_tag(self) -> dict[str, list[Post]]:
        groups: dict[str, list[Post]] = defaultdict(list)
        for post in self.posts:
            for tag in post.meta.tags:
                groups[tag].append(post)
        return dict(sorted(groups.items(), key=lambda item: item[0].lower()))

    @cached_property
    def by_month(self) -> dict[tuple[int, int], list[Post]]:
        groups: dict[tuple[int, int], list[Post]] = defaultdict(list)
        for post in self.posts:
            groups[(post.date.year, post.date.month)].append(post)
        return dict(sorted(groups.items(), reverse=True))

    @cached_property
    def tag_keys(self) -> frozenset[str]:
        return frozenset(tag.lower() for tag in self.by_tag)

    def pages(self, per_page: int) -> list[list[Post]]:
        return [self.posts[i:i + per_page] for i in range(0, len(self.posts), per_page)] or [[]]


def slugify(text: str) -> str:
    """ASCII slug for category and tag URLs ('Informasi Hukum' → 'informasi-hukum')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "lainnya"


def post_url(src_uri: str) -> str:
    """The permanent URL: it depends on the file's path only, never on other posts."""
    path = PurePosixPath(src_uri)
    if path.name == "index.md":
        return f"{path.parent}/"
    return f"{path.with_suffix('')}/"


def is_post_source(src_uri: str) -> bool:
    return src_uri.startswith(POSTS_DIR + "/") and src_uri.endswith(".md") \
        and not PurePosixPath(src_uri).name.startswith("_")


def read_post(docs_dir: Path, src_uri: str) -> Post:
    """Parse one post for the build. Problems raise ProblemsError (run `jdih periksa` for all)."""
    path = docs_dir / src_uri
    display = f"content/{src_uri}"
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise ProblemsError([Problem(display, 1, "", "bagian front matter tidak ditemukan",
                                     "jalankan `jdih periksa` untuk rincian")])
    try:
        data = yaml.load(match.group(1) or "", Loader=_LOADER) or {}
        data.pop("template", None)
        meta = PostMeta.model_validate(data)
    except (yaml.YAMLError, ValidationError, AttributeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ProblemsError([Problem(display, 1, "", f"konten tidak sah ({first})",
                                     f"jalankan `jdih periksa {display}` untuk rincian dan perbaikannya")]) from None
    source_dir = PurePosixPath(src_uri).parent
    image_uri = str(source_dir / meta.image.src)
    slug = meta.slug or (source_dir.name if PurePosixPath(src_uri).name == "index.md"
                         else PurePosixPath(src_uri).stem)
    return Post(src_uri=src_uri, url=post_url(src_uri), slug=slug, meta=meta,
                image_path=(path.parent / meta.image.src).resolve(), image_src_uri=image_uri,
                body=text[match.end():])


def build_catalog(docs_dir: Path, src_uris: list[str]) -> Catalog:
    posts: list[Post] = []
    problems: list[Problem] = []
    for src_uri in src_uris:
        try:
            posts.append(read_post(docs_dir, src_uri))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProblemsError(problems)
    posts.sort(key=lambda post: (post.date, post.url), reverse=True)
    return Catalog(posts)
