"""Read stage of the site: every published post under `content/posts/`, typed and grouped.

Pure apart from reading files; the MkDocs plugin turns the result into pages. Which files
are posts, their ids and their front matter come from `jdih.content.files`.

A tag or a category is identified by its slug, which is also its page's URL
(`tagar/<slug>/`, `kategori/<slug>/`): `Pemilu` and `pemilu` are one tag with one page. The
page shows the spelling most of its posts use; on a tie, the one its oldest post uses, so
a new post changes the name shown only by making another spelling more common.

**A post's life** (`PostMeta.state` at the build's moment, `content.clock.now()`): only live
posts ("tayang") are `Catalog.posts`, so every listing, feed, index, card and upload is made
of live posts alone. A withdrawn or expired post is `Catalog.retired`: its URL keeps a notice
page and the register keeps its row. A scheduled post is `Catalog.scheduled`: checked like any
post, but no page is built (its URL answers 404 until its time) and nothing of it is published.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from jdih.content.clock import Where, now
from jdih.content.files import (
    CONTENT_DIR,
    POSTS_DIR,
    MediaError,
    key_line,
    media_path,
    post_id,
    read_front_matter,
    refused_below,
    slug_of,
    slugify,
)
from jdih.content.post import PostMeta, post_context, read_source
from jdih.content.problems import Problem, ProblemsError
from jdih.content.safety import strip_unsafe_body_chars
from jdih.content.validation import validate_located

LABEL_FALLBACK = "lainnya"  # the URL part of a tag or category without a usable letter


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


def label_key(label: str) -> str:
    """The identity of a tag or a category, and its URL part: 'Pemilu', 'pemilu' → 'pemilu'."""
    return slugify(label, fallback=LABEL_FALLBACK, limit=None)


@dataclass
class Group:
    """The posts (newest first) of one tag or category."""

    key: str                # its identity and URL part (`label_key`)
    name: str               # the spelling shown: the most common; on a tie, the oldest post's
    posts: list[Post]


class _Spellings:
    """The spellings of each key, counted, with the index of the oldest post that uses each."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.oldest: dict[str, dict[str, int]] = defaultdict(dict)  # spelling → index of its oldest post

    def add(self, index: int, label: str) -> str:
        key = label_key(label)
        self.counts[key][label] += 1
        self.oldest[key][label] = index
        return key

    def shown(self, key: str) -> str:
        counts, oldest = self.counts[key], self.oldest[key]
        return min(counts, key=lambda name: (-counts[name], -oldest[name], name))


def shown_names(labels_newest_first: Iterable[Iterable[str]]) -> dict[str, str]:
    """Key → the name its page shows, for the labels of posts given newest first: the most common
    spelling; on a tie, the oldest post's. (`jdih periksa` warns with the same name.)"""
    spellings = _Spellings()
    keys = {spellings.add(index, label) for index, labels in enumerate(labels_newest_first) for label in labels}
    return {key: spellings.shown(key) for key in keys}


def _groups(posts: list[Post], labels: Callable[[Post], Iterable[str]]) -> dict[str, Group]:
    members: dict[str, list[Post]] = defaultdict(list)
    spellings = _Spellings()
    for index, post in enumerate(posts):  # newest first
        keys_here: set[str] = set()
        for label in labels(post):
            key = spellings.add(index, label)
            if key not in keys_here:  # a post tagged 'Pemilu' and 'pemilu' is listed once
                keys_here.add(key)
                members[key].append(post)
    groups = [Group(key, spellings.shown(key), members[key]) for key in members]
    return {group.key: group for group in sorted(groups, key=lambda g: (g.name.casefold(), g.key))}


LIVE, SCHEDULED = "tayang", "terjadwal"  # PostMeta.state


@dataclass
class Catalog:
    posts: list[Post] = field(default_factory=list)  # the live posts, newest first
    retired: list[Post] = field(default_factory=list)  # withdrawn or expired: a notice at the URL
    scheduled: list[Post] = field(default_factory=list)  # not live yet: not built at all
    moment: dt.datetime | None = None  # the build's now, every post's state is taken at

    @property
    def registered(self) -> list[Post]:
        """Every post the register may hold (it numbers them all, shows the live and the retired)."""
        return sorted(self.posts + self.retired + self.scheduled, key=lambda post: (post.date, post.url),
                      reverse=True)

    @cached_property
    def by_category(self) -> dict[str, Group]:
        """Category key → its group, in the order of the names shown."""
        return _groups(self.posts, lambda post: post.meta.categories)

    @cached_property
    def by_tag(self) -> dict[str, Group]:
        """Tag key → its group, in the order of the names shown."""
        return _groups(self.posts, lambda post: post.meta.tags)

    @cached_property
    def by_month(self) -> dict[tuple[int, int], list[Post]]:
        groups: dict[tuple[int, int], list[Post]] = defaultdict(list)
        for post in self.posts:
            groups[(post.date.year, post.date.month)].append(post)
        return dict(sorted(groups.items(), reverse=True))

    @cached_property
    def tag_keys(self) -> frozenset[str]:
        return frozenset(self.by_tag)

    def pages(self, per_page: int) -> list[list[Post]]:
        return [self.posts[i:i + per_page] for i in range(0, len(self.posts), per_page)] or [[]]


def read_post(docs_dir: Path, src_uri: str, where: Where = None) -> Post:
    """Parse one post for the build. Problems raise ProblemsError (run `jdih periksa` for all).

    `where` (the settings, or a zone): the office time zone its date is read and shown in."""
    path = docs_dir / src_uri
    display = f"content/{src_uri}"
    data, body = read_front_matter(path, display)  # the fast path: libyaml, no lines
    # The settings as `where`: a category outside them is refused; control and bidirectional
    # characters are stripped (content.safety), so no page or feed can be broken by them.
    context = post_context(where, strip=True)
    try:
        data.pop("template", None)
        meta = PostMeta.model_validate(data, context=context)
    except ValidationError as exc:
        _raise_with_lines(path, display, context)  # only on failure: the line-keeping YAML path
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ProblemsError([Problem(display, 1, "", f"konten tidak sah ({first})",
                                     f"jalankan `jdih periksa {display}` untuk rincian dan perbaikannya")]) from None
    body = strip_unsafe_body_chars(body)
    try:  # only a file of the post's own folder (jdih.content.files): no escape, no link, no other post's
        image_path = media_path(path, meta.image.src)
    except MediaError as exc:
        raise ProblemsError([exc.problem(display, key_line(path, ("image", "src")))]) from None
    source_dir = PurePosixPath(src_uri).parent
    image_uri = str(source_dir / meta.image.src)
    return Post(src_uri=src_uri, url=post_id(src_uri), slug=meta.slug or slug_of(PurePosixPath(src_uri)),
                meta=meta, image_path=image_path, image_src_uri=image_uri, body=body)


def _raise_with_lines(path: Path, display: str, context: dict) -> None:
    """Raise the problems of a post the model refused, each with its line (as `jdih periksa`)."""
    source = read_source(path, display)
    if isinstance(source.front_matter.data, dict):
        source.front_matter.data.pop("template", None)
    validate_located(PostMeta, source.front_matter, display, context=context)


def address_problems(docs_dir: Path, posts: list[Post]) -> list[Problem]:
    """Two posts at one address, each named with the other(s): ``posts/2026/x.md`` and
    ``posts/2026/x/index.md`` (both ``posts/2026/x/``), or a `slug` key naming the address of
    another post of its year. (A post's URL is its path's; promotion writes the path from the
    slug, so a `slug` that differs from the path claims the address promotion would give it.)"""
    claims: dict[str, list[tuple[Post, str]]] = defaultdict(list)  # address → (post, key)
    for post in posts:
        claims[post.url].append((post, ""))
        if post.meta.slug and post.meta.slug != slug_of(PurePosixPath(post.src_uri)):
            year = PurePosixPath(post.src_uri).parts[1]
            claims[f"{POSTS_DIR}/{year}/{post.meta.slug}/"].append((post, "slug"))
    problems = []
    for address, claimants in claims.items():
        if len({post.src_uri for post, _ in claimants}) < 2:
            continue
        for post, key in claimants:
            others = sorted({f"{CONTENT_DIR}/{o.src_uri}" for o, _ in claimants if o.src_uri != post.src_uri})
            line = key_line(docs_dir / post.src_uri, ("slug",)) if key else 1
            problems.append(Problem(
                f"{CONTENT_DIR}/{post.src_uri}", line, key, f"alamat {address} juga dipakai oleh {', '.join(others)}",
                "satu alamat hanya untuk satu konten: hapus atau pindahkan salah satunya lewat pull request "
                "(alamat konten yang sudah terbit tidak boleh berubah)"))
    return problems


def build_catalog(docs_dir: Path, src_uris: list[str], where: Where = None,
                  moment: dt.datetime | None = None) -> Catalog:
    """Every post of `src_uris`, newest first, sorted by its state at `moment` (default: now()).
    Refused, every problem at once: what
    ``content/posts/`` may not hold (`jdih.content.files.refused_below`: other file types,
    symbolic links — never read —, `_x.md`), each post's own problems, two posts at one address."""
    problems: list[Problem] = refused_below(docs_dir / POSTS_DIR, f"{CONTENT_DIR}/{POSTS_DIR}")
    refused = {problem.file for problem in problems}
    below_refused = tuple(f"{path}/" for path in refused)
    posts: list[Post] = []
    for src_uri in src_uris:
        display = f"{CONTENT_DIR}/{src_uri}"
        if display in refused or display.startswith(below_refused):
            continue  # e.g. a link to /dev/zero: reported, never read
        try:
            posts.append(read_post(docs_dir, src_uri, where))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    problems.extend(address_problems(docs_dir, posts))
    if problems:
        raise ProblemsError(problems)
    posts.sort(key=lambda post: (post.date, post.url), reverse=True)
    moment = moment or now()
    by_state: dict[str, list[Post]] = defaultdict(list)
    for post in posts:  # the one rule (PostMeta.state), never re-derived here
        state = post.meta.state(moment)
        by_state[state if state in (LIVE, SCHEDULED) else "retired"].append(post)
    return Catalog(by_state[LIVE], retired=by_state["retired"], scheduled=by_state[SCHEDULED], moment=moment)
