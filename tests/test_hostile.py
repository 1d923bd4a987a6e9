"""The hostile corpus (`tests/hostile/`, one case per folder, listed in its README.md), checked three ways:

a. **refused by `jdih periksa`** — the case placed in `drafts/` of a temporary repository, the real
   command run through Click's runner (bombs and deep nesting in a subprocess with a timeout);
   a refusal must exit 1 and name each hostile file with its line. Cases marked `neutralise` may
   pass (or be refused with file:line); `ignored` ones are not content at all.
b. **forced into a post and built** — the case copied straight into `content/posts/2026/` of a
   temporary project (no check, no approval) and the real `mkdocs build --strict` run: it must
   refuse with an Indonesian message naming the file (no traceback), or build a site in which no
   built file carries an executable vector that is not the theme's, and no file from outside the
   post folder. Path cases also go through promotion (`jdih terbitkan`'s Promoter with a real bare
   origin and the fake GitHub): nothing outside the draft may move or be copied.
c. **opened in Chromium** — every page type of the built site served on 127.0.0.1, every link,
   image and title hovered (and focused); any dialog fails the test; CSP violations are reported
   as warnings (`HostileCspReport`), never failures.

Cases that a correct build refuses are built one by one; all the others share ONE site (a case
that the shared build refuses by name is taken out and the site rebuilt without it).

    .venv/bin/python -m pytest -q tests/test_hostile.py                     # everything
    .venv/bin/python -m pytest -q tests/test_hostile.py -m "not slow"       # (a) and the bombs only
    .venv/bin/python -m pytest -q tests/test_hostile.py -k "fm-title"       # one case, three ways
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gzip
import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import traceback
import unicodedata
import urllib.error
import urllib.request
import warnings
import zlib
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner

from jdih.cli.main import main
from jdih.content import files as content_files
from jdih.content.settings import load_settings
from tests.sitebuild import MKDOCS, ROOT, copy_project, parse

HOSTILE = ROOT / "tests" / "hostile"
POSTS_YEAR = "content/posts/2026"
SITE_PREFIX = "jdih-medsos"  # the path of site.url: 404.html links its assets absolutely below it
NEST_DEPTH = 5000
PERIKSA_TIMEOUT = 30  # seconds, for the isolated (subprocess) runs
BUILD_TIMEOUT = 240
BOMB_SECONDS = 1.0
BOMB_PEAK_BYTES = 50 * 1024 * 1024
SEARCH_QUERIES = ("uji", "ujihostile", "script", "img", "alert", "javascript")
INDONESIAN = re.compile(r"\b(tidak|berkas|konten|gambar|jalankan|periksa|harus|bukan|terlalu|keluar|kunci|"
                        r"sah|dipakai|ditemukan|alamat|tanggal|diizinkan)\b", re.IGNORECASE)


class HostileCspReport(UserWarning):
    """A Content-Security-Policy violation seen in Chromium: reported, never a failure."""


# =====================================================================================
# The corpus
# =====================================================================================

@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    folder: Path
    description: str
    wall: str
    periksa: str                      # refuse | neutralise | ignored
    problems: tuple[dict, ...]
    build: str                        # shared | alone
    layout: str = "folder"            # folder: drafts/<id>/… ; tree: tree/… → drafts/…
    generate: tuple[tuple[str, str], ...] = ()
    symlinks: tuple[tuple[str, str], ...] = ()
    visible: tuple[dict, ...] = ()
    absent: tuple[str, ...] = ()
    promote: bool = False
    whatsapp: bool = False
    isolate: bool = False
    bomb: bool = False
    build_timeout: int = BUILD_TIMEOUT
    never_created: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.id

    def sources(self) -> list[tuple[str, Path]]:
        """(path relative to where the case is placed, source file) of its committed files."""
        if self.layout == "tree":
            base = self.folder / "tree"
            return sorted((p.relative_to(base).as_posix(), p) for p in base.rglob("*") if p.is_file())
        return sorted((p.relative_to(self.folder).as_posix(), p) for p in self.folder.rglob("*")
                      if p.is_file() and p.name != "case.yml")

    def place_dir(self, stage: str) -> str:
        """Where the case goes, repository-relative: `stage` is 'draft' or 'post'."""
        base = "drafts" if stage == "draft" else POSTS_YEAR
        return f"{base}/{self.id}" if self.layout == "folder" else base

    def placed_names(self) -> list[str]:
        names = [rel for rel, _ in self.sources()] + [rel for rel, _ in self.generate] + [rel for rel, _ in self.symlinks]
        return sorted(set(names))


CASE_KEYS = {f.name for f in dataclasses.fields(Case)} - {"id", "folder"}


def load_case(folder: Path) -> Case:
    raw = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    unknown = set(raw) - CASE_KEYS
    assert not unknown, f"{folder.name}/case.yml: unknown keys {sorted(unknown)}"
    raw["problems"] = tuple(raw.get("problems") or ())
    raw["generate"] = tuple((raw.get("generate") or {}).items())
    raw["symlinks"] = tuple((raw.get("symlinks") or {}).items())
    raw["visible"] = tuple(raw.get("visible") or ())
    raw["absent"] = tuple(raw.get("absent") or ())
    raw["never_created"] = tuple(raw.get("never_created") or ())
    return Case(id=folder.name, folder=folder, **raw)


CASES = [load_case(folder) for folder in sorted(HOSTILE.iterdir()) if (folder / "case.yml").is_file()]
SHARED = [case for case in CASES if case.build == "shared"]
ALONE = [case for case in CASES if case.build == "alone"]
PROMOTE = [case for case in CASES if case.promote]
BOMBS = [case for case in CASES if case.bomb]
BY_ID = {case.id: case for case in CASES}


def by_case(cases):
    return pytest.mark.parametrize("case", cases, ids=[case.id for case in cases])


# -- generated files (no big or binary files are committed) -------------------------------

def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bilevel_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of `width` × `height` black pixels, compressed row by row, so a
    decompression bomb is made without ever holding its pixels in memory."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


_GENERATED: dict[str, bytes] = {}


def generated(kind: str) -> bytes:
    if kind not in _GENERATED:
        from PIL import Image, PngImagePlugin

        buffer = io.BytesIO()
        if kind == "image":  # the same bytes every time: the build's image cache does it once
            Image.new("RGB", (800, 450), (20, 60, 120)).save(buffer, "PNG")
        elif kind == "oversized":  # 1,450 × 1,450 px of noise: about 6.3 MB, over the 5 MB limit
            noise = random.Random(7).randbytes(1450 * 1450 * 3)
            Image.frombytes("RGB", (1450, 1450), noise).save(buffer, "PNG", compress_level=1)
        elif kind == "text-chunk":
            info = PngImagePlugin.PngInfo()
            info.add_text("Comment", "<script>alert('image-png-text-chunk')</script>")
            info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta><svg onload=\"alert('image-png-text-chunk')\"/></x:xmpmeta>")
            Image.new("RGB", (800, 450), (120, 60, 20)).save(buffer, "PNG", pnginfo=info)
        elif kind == "bomb":  # 400 Mpx in about 50 KB: over twice Pillow's MAX_IMAGE_PIXELS
            buffer.write(bilevel_png(20000, 20000))
        elif kind == "megapixel":  # 144 Mpx: above Pillow's warning limit, below its error limit
            buffer.write(bilevel_png(12000, 12000))
        else:
            raise AssertionError(f"unknown generator {kind!r}")
        _GENERATED[kind] = buffer.getvalue()
    return _GENERATED[kind]


def _substitute(text: str, directory: Path, root: Path) -> str:
    up = os.path.relpath(root, directory)
    return text.replace("@UP@", up).replace("@NEST@", "[" * NEST_DEPTH + "]" * NEST_DEPTH)


def place(case: Case, root: Path, stage: str) -> list[Path]:
    """Write the case into `root` ('draft': drafts/, 'post': content/posts/2026/); returns every
    path written (files, generated files, symlinks). `@UP@` becomes the way up from the file's
    folder to `root`, `@NEST@` the deep nesting."""
    dest = root / case.place_dir(stage)
    written = []
    for rel, source in case.sources():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        try:
            data = _substitute(data.decode("utf-8"), target.parent, root).encode("utf-8")
        except UnicodeDecodeError:
            pass
        target.write_bytes(data)
        written.append(target)
    for rel, kind in case.generate:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated(kind))
        written.append(target)
    for rel, link in case.symlinks:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(_substitute(link, target.parent, root), target)
        written.append(target)
    return written


def unplace(case: Case, root: Path, stage: str) -> None:
    dest = root / case.place_dir(stage)
    if case.layout == "folder":
        shutil.rmtree(dest, ignore_errors=True)
        return
    for rel in case.placed_names():
        path = dest / rel
        if path.is_symlink() or path.is_file():
            path.unlink()
    for rel in sorted({str(PurePosixPath(r).parent) for r in case.placed_names()} - {"."}, key=len, reverse=True):
        with contextlib.suppress(OSError):
            (dest / rel).rmdir()


def line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    assert index >= 0, f"corpus: {needle!r} not found"
    return text[:index].count("\n") + 1


def expected_lines(problem: dict, text: str | None) -> set[int] | None:
    """The lines a problem may be reported at (None: any line)."""
    if "at" in problem:
        needles = problem["at"] if isinstance(problem["at"], list) else [problem["at"]]
        return {line_of(text, needle) for needle in needles}
    if "line_between" in problem:
        first, last = (line_of(text, needle) for needle in problem["line_between"])
        return set(range(first, last + 1))
    if problem.get("line", "any") == "any":
        return None
    return {int(problem["line"])}


def post_sources(case: Case) -> list[str]:
    """The case's files that the rule takes for posts once forced into content/posts/2026/
    (repository-relative)."""
    base = case.place_dir("post")
    return [f"{base}/{rel}" for rel in case.placed_names()
            if rel.endswith(".md") and content_files.is_post(f"{base}/{rel}")]


def post_page(post_source: str) -> str:
    """Site-relative path of the page a post source becomes: posts/2026/<slug>/index.html."""
    return content_files.post_id(post_source.removeprefix("content/")) + "index.html"


def case_names(case: Case) -> list[str]:
    """How a build message may name the case's files (docs- or repository-relative)."""
    base = case.place_dir("post").removeprefix("content/")
    if case.layout == "folder":
        return [f"{base}/"]
    names = []
    for rel in case.placed_names():
        names.append(f"{base}/{rel}")
        if rel.endswith(".md"):
            names.append(f"{base}/{rel[:-3]}")
    return names


# =====================================================================================
# (a) jdih periksa
# =====================================================================================

@dataclasses.dataclass
class PeriksaRun:
    exit_code: int | None
    output: str
    crash: str | None = None
    seconds: float = 0.0
    peak: int = 0
    timed_out: bool = False


def periksa_repo(tmp: Path) -> Path:
    """A repository with the office settings and the published sample posts."""
    root = tmp / "repo"
    shutil.copytree(ROOT / "site_config", root / "site_config")
    shutil.copytree(ROOT / "content" / "posts", root / "content" / "posts")
    (root / "drafts").mkdir()
    return root


def periksa_here(root: Path, monkeypatch, *args: str) -> PeriksaRun:
    monkeypatch.chdir(root)
    monkeypatch.delenv("JDIH_SETTINGS", raising=False)
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["periksa", *args])
    crash = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))[-3000:]
    return PeriksaRun(result.exit_code, result.output, crash, time.perf_counter() - start)


_ISOLATED = r"""
import json, os, sys, time, traceback, tracemalloc
from click.testing import CliRunner
from jdih.cli.main import main
os.chdir(sys.argv[1])
os.environ.pop("JDIH_SETTINGS", None)
runner = CliRunner()
runner.invoke(main, ["periksa", "content/posts"])  # warm-up (imports, caches): not measured
start = time.perf_counter()
result = runner.invoke(main, ["periksa", *sys.argv[2:]])  # timed without tracing (tracemalloc slows it)
seconds = time.perf_counter() - start
tracemalloc.start()
runner.invoke(main, ["periksa", *sys.argv[2:]])  # the same again, for the memory peak
peak = tracemalloc.get_traced_memory()[1]
crash = None
if result.exception is not None and not isinstance(result.exception, SystemExit):
    crash = "".join(traceback.format_exception(result.exception))[-3000:]
print(json.dumps({"exit_code": result.exit_code, "output": result.output, "crash": crash,
                  "seconds": seconds, "peak": peak}))
"""


def periksa_isolated(root: Path, *args: str, timeout: int = PERIKSA_TIMEOUT) -> PeriksaRun:
    """`jdih periksa` in a subprocess (a hang or a blow-up cannot take the test run with it)."""
    env = dict(os.environ)
    env.pop("JDIH_SETTINGS", None)
    try:
        done = subprocess.run([sys.executable, "-c", _ISOLATED, str(root), *args], capture_output=True,
                              text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return PeriksaRun(None, "", timed_out=True, seconds=timeout)
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return PeriksaRun(done.returncode, done.stdout, crash=f"subprocess died: {done.stderr[-2000:]}")
    return PeriksaRun(**data)


_PROBLEM_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):")


def located_problems(output: str) -> list[tuple[str, int, str]]:
    found = []
    for line in output.splitlines():
        match = _PROBLEM_LINE.match(line)
        if match:
            found.append((match["file"], int(match["line"]), line))
    return found


def raw_controls(text: str) -> list[str]:
    """Control, bidi and other invisible format characters (a terminal or CI log would obey them)."""
    return sorted({f"U+{ord(c):04X}" for c in text
                   if (unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c not in "\n\t")})


def missing_problems(case: Case, root: Path, run: PeriksaRun) -> list[str]:
    """The case's expected problems that the output does not report (file and line)."""
    base = case.place_dir("draft")
    found = located_problems(run.output)
    missing = []
    for problem in case.problems:
        display = f"{base}/{problem['file']}"
        path = root / display
        text = path.read_text(encoding="utf-8") if path.suffix == ".md" and not path.is_symlink() else None
        lines = expected_lines(problem, text)
        owner = f"{base}/index.md" if case.layout == "folder" else None

        def matches(file: str, line: int, full: str, lines=lines, display=display, problem=problem,
                    owner=owner) -> bool:
            if lines is not None and file == display and line not in lines:
                return False
            if file == display:
                return problem.get("mentions", "") in full
            # An attachment may be reported against its post's index.md, naming the attachment.
            return (not display.endswith(".md") and file == owner and PurePosixPath(display).name in full)

        if not any(matches(*item) for item in found):
            where = "any line" if lines is None else "line " + "/".join(str(n) for n in sorted(lines))
            missing.append(f"{display} ({where})")
    return missing


def check_periksa(case: Case, root: Path, run: PeriksaRun) -> None:
    if run.timed_out:
        pytest.fail(f"periksa did not answer within {PERIKSA_TIMEOUT} s")
    if run.crash:
        pytest.fail(f"periksa crashed (traceback instead of a problem):\n{run.crash}")
    controls = raw_controls(run.output)
    assert not controls, f"periksa echoed raw control/bidi characters to the terminal: {controls}"
    for name in case.never_created:
        assert not (root / name).exists(), f"YAML ran code: {name} was created"
    case_files = {f"{case.place_dir('draft')}/{rel}" for rel in case.placed_names()}
    if case.periksa == "refuse":
        missing = missing_problems(case, root, run)
        assert run.exit_code == 1 and not missing, (
            f"not refused with file:line — exit {run.exit_code}; missing {missing}; output:\n{run.output[-3000:]}")
    else:  # neutralise / ignored: may pass; a refusal must still name a file of the case and a line
        assert run.exit_code in (0, 1), f"exit {run.exit_code}:\n{run.output[-3000:]}"
        if run.exit_code == 1:
            named = [item for item in located_problems(run.output) if item[0] in case_files]
            assert named, f"refused without naming a file of the case with a line:\n{run.output[-3000:]}"


@by_case(CASES)
def test_a_periksa_refuses_with_file_and_line(case, tmp_path, monkeypatch):
    root = periksa_repo(tmp_path)
    place(case, root, "draft")
    run = periksa_isolated(root) if case.isolate else periksa_here(root, monkeypatch)
    check_periksa(case, root, run)
    if case.periksa == "ignored":  # not content: periksa may skip or refuse it; promotion never takes it
        from jdih.sop.publish import find_drafts

        placed = {f"{case.place_dir('draft')}/{rel}" for rel in case.placed_names()}
        assert not placed & set(find_drafts(root)), "promotion would take a non-content file for a draft"


# -- bombs: time and memory ------------------------------------------------------------------

@by_case(BOMBS)
def test_bomb_answers_within_a_second_and_50_mb(case, tmp_path):
    root = periksa_repo(tmp_path)
    place(case, root, "draft")
    target = case.place_dir("draft") if case.layout == "folder" else "drafts"
    run = periksa_isolated(root, target)
    check_periksa(case, root, run)
    assert run.seconds < BOMB_SECONDS, f"periksa took {run.seconds:.2f} s (limit {BOMB_SECONDS} s)"
    assert run.peak < BOMB_PEAK_BYTES, f"tracemalloc peak {run.peak / 2**20:.1f} MB (limit 50 MB)"


# =====================================================================================
# (b) forced into content/posts/ and built
# =====================================================================================

@dataclasses.dataclass
class BuildRun:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def text(self) -> str:
        return self.stdout + "\n" + self.stderr

    @property
    def crashed(self) -> bool:
        return "Traceback (most recent call last)" in self.text


def mkdocs_build(project: Path, cache: Path, timeout: int = BUILD_TIMEOUT) -> BuildRun:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", JDIH_CACHE_DIR=str(cache))
    env.pop("JDIH_SETTINGS", None)
    env.pop("JDIH_LEDGER", None)
    start = time.monotonic()
    try:
        done = subprocess.run(MKDOCS + ["build", "--strict", "-q"], cwd=project, env=env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return BuildRun(None, out, err, time.monotonic() - start, timed_out=True)
    return BuildRun(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def refusal_problem(build: BuildRun, case: Case, timeout: int) -> str | None:
    """Why a failed build is not an acceptable refusal of the case (None: it is one)."""
    if build.timed_out:
        return f"mkdocs build did not finish within {timeout} s"
    text = build.text.strip()
    tail = " | ".join(text.splitlines()[-4:])[-600:]
    if build.crashed:
        return f"mkdocs build crashed with a traceback: {tail}"
    if not any(name in text for name in case_names(case)):
        return f"the refusal does not name the case's file ({case_names(case)[0]}…): {tail}"
    if not INDONESIAN.search(text):
        return f"the refusal is not in Indonesian: {tail}"
    return None


@dataclasses.dataclass
class Outcome:
    """What the forced build did with a case."""

    build: BuildRun
    project: Path
    site: Path | None            # the built site the case is in (None: refused)
    shared: bool
    refusal: str | None = None   # why the refusal is not acceptable (None: acceptable, or built)

    @property
    def refused(self) -> bool:
        return self.site is None


class Builds:
    """Every forced build of the session, each done once: the shared site and the lone ones."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.cache = tmp / "cache"
        self.outcomes: dict[str, Outcome] = {}
        self.shared_site: Path | None = None
        self.shared_project: Path | None = None
        self.shared_log: list[str] = []
        self._baseline: Baseline | None = None
        self._scans: dict[Path, list[Finding]] = {}

    # -- the sample site, for what the theme itself puts on pages --
    @property
    def baseline(self) -> Baseline:
        if self._baseline is None:
            project = copy_project(self.tmp / "baseline")
            build = mkdocs_build(project, self.cache)
            assert build.ok, f"the sample site does not build:\n{build.text[-3000:]}"
            self._baseline = Baseline.of(project / "site")
        return self._baseline

    def alone(self, case: Case) -> Outcome:
        if case.id not in self.outcomes:
            project = copy_project(self.tmp / "alone" / case.id)
            place(case, project, "post")
            build = mkdocs_build(project, self.cache, case.build_timeout)
            if build.ok:
                outcome = Outcome(build, project, project / "site", shared=False)
            else:
                outcome = Outcome(build, project, None, shared=False,
                                  refusal=refusal_problem(build, case, case.build_timeout))
            self.outcomes[case.id] = outcome
        return self.outcomes[case.id]

    def shared(self) -> None:
        """One site with every shared case; a case the build refuses by name leaves it (the
        rebuild goes on without it); a crash that names no case falls back to lone builds."""
        if self.shared_project is not None:
            return
        project = copy_project(self.tmp / "shared")
        self.shared_project = project
        remaining = list(SHARED)
        for case in remaining:
            place(case, project, "post")
        for _ in range(8):
            build = mkdocs_build(project, self.cache)
            self.shared_log.append(f"{len(remaining)} cases: exit {build.returncode} in {build.seconds:.1f} s")
            if build.ok:
                self.shared_site = project / "site"
                for case in remaining:
                    self.outcomes[case.id] = Outcome(build, project, self.shared_site, shared=True)
                return
            named = [case for case in remaining if any(n in build.text for n in case_names(case))]
            if build.crashed or build.timed_out or not named:
                break
            for case in named:
                self.outcomes[case.id] = Outcome(build, project, None, shared=True,
                                                 refusal=refusal_problem(build, case, BUILD_TIMEOUT))
                unplace(case, project, "post")
                remaining.remove(case)
        # The shared build crashed: build each remaining case alone, then share the ones that built.
        self.shared_log.append("shared build crashed or named no case: building the remaining cases alone")
        for case in remaining:
            self.alone(case)
        good = [case for case in remaining if not self.outcomes[case.id].refused]
        for case in remaining:
            if case not in good:
                unplace(case, project, "post")
        build = mkdocs_build(project, self.cache)
        self.shared_log.append(f"{len(good)} cases rebuilt together: exit {build.returncode}")
        if build.ok:
            self.shared_site = project / "site"
            for case in good:
                self.outcomes[case.id] = Outcome(build, project, self.shared_site, shared=True)

    def outcome(self, case: Case) -> Outcome:
        if case.build == "shared":
            self.shared()
            return self.outcomes[case.id]
        return self.alone(case)

    def scan(self, site: Path) -> list[Finding]:
        if site not in self._scans:
            self._scans[site] = scan_site(site, self.baseline, outside_files(site.parent))
        return self._scans[site]


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    return Builds(tmp_path_factory.mktemp("hostile-builds"))


# -- the scanner ---------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Finding:
    file: str      # site-relative
    what: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}: {self.excerpt}"


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "to",
                  "from", "values", "ping", "cite", "lowsrc", "dynsrc", "codebase", "url", "content-url"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:text/html", "data:application/xhtml",
                "data:image/svg", "data:text/xml", "data:application/xml", "data:text/javascript",
                "data:application/javascript")
_STYLE_CODE = re.compile(r"expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_EVENT_IN_TAG = re.compile(r"[\s/\"']on\w+\s*=", re.IGNORECASE)
_BASE_PATH = re.compile(r'(?<=")(?:\.\.(?:/\.\.)*|\.|/' + SITE_PREFIX + r')(?=["/])')


def bad_url(value: str) -> bool:
    plain = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return plain.startswith(_BAD_SCHEMES)


def normalise_script(text: str) -> str:
    """A theme script with its page's relative base (`../..`, `.`, `/jdih-medsos`) taken out."""
    return _BASE_PATH.sub("BASE", text.strip())


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:197] + "…"


class _Tags(HTMLParser):
    """Start tags (with raw text), script and style elements, `<title>` text, ids — as the
    scanner needs them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], str]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self.title = ""
        self.ids: list[str] = []
        self._open: tuple[str, dict] | None = None
        self._buffer: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag in ("script", "style"):
            self._open, self._buffer = (tag, dict(attrs)), []
        elif tag == "title":
            self._in_title = True

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def _start(self, tag, attrs):
        self.tags.append((tag, attrs, self.get_starttag_text() or ""))
        self.ids.extend(value for name, value in attrs if name == "id" and value)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self._close()
        if tag == "title":
            self._in_title = False

    def _close(self):
        tag, attrs = self._open
        text = "".join(self._buffer)
        if tag == "script":
            self.scripts.append((attrs, text))
        else:
            self.styles.append(text)
        self._open = None

    def handle_data(self, data):
        if self._open:
            self._buffer.append(data)
        elif self._in_title:
            self.title += data

    def close(self):
        super().close()
        if self._open:
            self._close()


def parse_tags(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def scan_markup(text: str, file: str, *, page_url: str | None = None, baseline: Baseline | None = None) -> list[Finding]:
    """Executable vectors in HTML (a page when `baseline` is given: the theme's own scripts,
    styles and ids pass; a fragment of data otherwise: any script counts)."""
    found: list[Finding] = []
    parsed = parse_tags(text)

    def add(what: str, excerpt: str) -> None:
        found.append(Finding(file, what, _excerpt(excerpt)))

    for tag, attrs, raw in parsed.tags:
        names = [name.lower() for name, _ in attrs]
        events = [name for name in names if re.fullmatch(r"on[a-z0-9_-]+", name)]
        if events or _EVENT_IN_TAG.search(_QUOTED.sub('""', raw)):
            add(f"event handler attribute {events or 'on…='} on <{tag}>", raw)
        for name, value in attrs:
            name = name.lower()
            if value is None:
                continue
            if name in URL_ATTRIBUTES and bad_url(value):
                add(f"{name}={value[:20]!r}… on <{tag}>", raw)
            elif name in ("srcset", "imagesrcset") and any(bad_url(part.strip()) for part in value.split(",")):
                add(f"{name} with a script URL on <{tag}>", raw)
            elif name == "style" and _STYLE_CODE.search(value):
                add(f"script in a style attribute on <{tag}>", raw)
        if tag in FORBIDDEN_TAGS:
            add(f"<{tag}> element", raw)
        if tag == "meta":
            equiv = (dict(attrs).get("http-equiv") or "").strip().lower()
            if equiv in ("refresh", "set-cookie"):
                add(f'<meta http-equiv="{equiv}">', raw)
    theme_scripts = baseline.inline_scripts if baseline else frozenset()
    for attrs, body in parsed.scripts:
        src = attrs.get("src")
        if src is not None:
            if baseline is None or not baseline.is_theme_asset(src, page_url or "/"):
                add("<script src> that is not a theme asset", f"<script src={src!r}>")
        elif normalise_script(body) not in theme_scripts:
            add("<script> element not from the theme", body or "<script>")
    theme_styles = baseline.styles if baseline else frozenset()
    for body in parsed.styles:
        if normalise_script(body) not in theme_styles:
            add("<style> element not from the theme", body or "<style>")
        elif _STYLE_CODE.search(body):
            add("script in a <style> element", body)
    if baseline is not None:
        counts: dict[str, int] = {}
        for value in parsed.ids:
            counts[value] = counts.get(value, 0) + 1
        for value, count in counts.items():
            if value.startswith("__") and (count > 1 or value not in baseline.theme_ids):
                add(f"id {value!r} clobbers the theme's element ({count}×)", f'id="{value}"')
    return found


def _strings(data: Any, key: str = "", index: int | None = None):
    if isinstance(data, str):
        yield key, index, data
    elif isinstance(data, dict):
        for k, value in data.items():
            yield from _strings(value, str(k))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, key, i)


URL_KEYS = {"url", "id", "image", "home_page_url", "feed_url", "external_url", "banner_image", "icon", "favicon"}


def scan_data_text(text: str, file: str, kind: str) -> list[Finding]:
    """A data file (JSON, XML, text): every string is scanned as HTML, since a feed reader or
    a script may render it; URL fields must not hold script URLs."""
    found: list[Finding] = []
    if kind == "json":
        try:
            data = json.loads(text)
        except ValueError:
            return [Finding(file, "unreadable JSON", _excerpt(text))]
        for key, index, value in _strings(data):
            if "<" in value:
                found += scan_markup(value, file)
            if (key in URL_KEYS or (file.endswith("indeks.json") and index == 1)) and bad_url(value):
                found.append(Finding(file, f"script URL in {key or 'index'}", _excerpt(value)))
    elif kind == "xml":
        found += scan_markup(text, file)
        try:
            tree = ElementTree.fromstring(text.encode("utf-8"))
        except ElementTree.ParseError:
            return found + [Finding(file, "unreadable XML", _excerpt(text))]
        for element in tree.iter():
            local = element.tag.rsplit("}", 1)[-1].lower()
            for value in [element.text or "", element.tail or "", *element.attrib.values()]:
                if "<" in value:
                    found += scan_markup(value, file)
            if local in ("link", "guid", "loc", "url") and bad_url(element.text or ""):
                found.append(Finding(file, f"script URL in <{local}>", _excerpt(element.text or "")))
            for name, value in element.attrib.items():
                if name.rsplit("}", 1)[-1].lower() in URL_ATTRIBUTES and bad_url(value):
                    found.append(Finding(file, f"script URL in <{local} {name}>", _excerpt(value)))
    else:
        found += scan_markup(text, file)
    return found


@dataclasses.dataclass
class Baseline:
    """What the theme itself puts on the sample site's pages."""

    assets: dict[str, str]           # site-relative path → sha256, below assets/
    inline_scripts: frozenset[str]
    styles: frozenset[str]
    theme_ids: frozenset[str]
    text: bytes                      # every text file, to tell outside content from the site's own

    @classmethod
    def of(cls, site: Path) -> Baseline:
        assets, scripts, styles, ids, texts = {}, set(), set(), set(), []
        for path in sorted(site.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(site).as_posix()
            data = path.read_bytes()
            if rel.startswith("assets/"):
                assets[rel] = hashlib.sha256(data).hexdigest()
            if path.suffix in (".html", ".xml", ".json", ".txt", ".svg"):
                texts.append(data)
            if path.suffix == ".html":
                parsed = parse_tags(data.decode("utf-8"))
                scripts.update(normalise_script(body) for attrs, body in parsed.scripts if "src" not in attrs)
                styles.update(normalise_script(body) for body in parsed.styles)
                ids.update(value for value in parsed.ids if value.startswith("__"))
        return cls(assets, frozenset(scripts), frozenset(styles), frozenset(ids), b"\n".join(texts))

    def is_theme_asset(self, src: str, page_url: str) -> bool:
        parts = urlsplit(urljoin("http://site" + page_url, src))
        if parts.netloc != "site":
            return False
        path = parts.path.lstrip("/")
        path = path.removeprefix(SITE_PREFIX + "/")
        return path in self.assets

    def is_asset_file(self, rel: str, data: bytes) -> bool:
        return self.assets.get(rel) == hashlib.sha256(data).hexdigest()


def outside_files(project: Path) -> dict[str, bytes]:
    """Files outside any post folder whose content must never be published."""
    found = {}
    for rel in ("site_config/jdih.yml", "mkdocs.yml", "site_config/templates/whatsapp.txt.j2"):
        if (project / rel).is_file():
            found[rel] = (project / rel).read_bytes()
    for absolute in ("/etc/passwd", "/etc/hostname"):
        with contextlib.suppress(OSError):
            found[absolute] = Path(absolute).read_bytes()
    return found


def outside_snippets(outside: dict[str, bytes], baseline: Baseline) -> list[tuple[str, bytes]]:
    """Distinctive lines of the outside files that the sample site never contains."""
    snippets = []
    for name, data in outside.items():
        chosen = 0
        for line in data.splitlines():
            line = line.strip()
            if len(line) >= 14 and not line.startswith((b"#", b"{#")) and line not in baseline.text:
                snippets.append((name, line))
                chosen += 1
                if chosen == 3:
                    break
    return snippets


def scan_site(site: Path, baseline: Baseline, outside: dict[str, bytes]) -> list[Finding]:
    """Every built file: executable vectors not from the theme; copies of outside files."""
    findings: list[Finding] = []
    hashes = {hashlib.sha256(data).hexdigest(): name for name, data in outside.items()}
    snippets = outside_snippets(outside, baseline)
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in hashes:
            findings.append(Finding(rel, f"a copy of {hashes[digest]} (outside the post folder)", rel))
        for name, snippet in snippets:
            if snippet in data:
                findings.append(Finding(rel, f"content of {name} (outside the post folder)",
                                        snippet.decode("utf-8", "replace")))
        if baseline.is_asset_file(rel, data):
            continue  # the theme's and the project's own assets, byte for byte
        suffix = path.suffix.lower()
        if suffix == ".gz":
            with contextlib.suppress(OSError, EOFError):
                data = gzip.decompress(data)
            suffix = Path(path.stem).suffix.lower()
        if suffix in (".js", ".mjs"):
            findings.append(Finding(rel, "a script file that is not a theme asset", rel))
            continue
        if suffix not in (".html", ".htm", ".xhtml", ".svg", ".xml", ".json", ".txt"):
            continue
        text = data.decode("utf-8", "replace")
        if suffix in (".html", ".htm", ".xhtml"):
            findings += scan_markup(text, rel, page_url="/" + rel, baseline=baseline)
        elif suffix == ".svg":
            findings += scan_markup(text, rel)
        else:
            findings += scan_data_text(text, rel, {".xml": "xml", ".json": "json"}.get(suffix, "text"))
    return findings


def case_findings(case: Case, outcome: Outcome, findings: list[Finding]) -> list[Finding]:
    """The findings a case is answerable for: all of its own site; in the shared site, those
    on its pages, in its folder, or carrying its id."""
    if not outcome.shared:
        return findings
    folders = [post_page(source).removesuffix("index.html") for source in post_sources(case)]
    if case.layout == "folder":
        folders.append(case.place_dir("post").removeprefix("content/") + "/")
    return [f for f in findings if case.id in f.excerpt or any(f.file.startswith(d) for d in folders)]


# -- per-case checks of a built site ----------------------------------------------------------

TEXT_SUFFIXES = (".html", ".htm", ".xml", ".svg", ".json", ".js", ".txt", ".css", ".map")


def absent_problems(case: Case, site: Path) -> list[str]:
    """`absent` strings in built files: characters in text files, markers (4+ characters, e.g. a
    script in PNG metadata) in every file."""
    problems = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            with contextlib.suppress(OSError, EOFError):
                data = gzip.decompress(data)
        is_text = path.suffix in TEXT_SUFFIXES or path.suffix == ".gz"
        texts = [data]
        if path.suffix in (".html", ".xml", ".svg"):
            texts.append(html.unescape(data.decode("utf-8", "replace")).encode("utf-8"))
        if path.suffix == ".json":
            with contextlib.suppress(ValueError):
                texts.append(json.dumps(json.loads(data), ensure_ascii=False).encode("utf-8"))
        for needle in case.absent:
            if not is_text and len(needle) < 4:
                continue
            if any(needle.encode("utf-8") in text for text in texts):
                problems.append(f"{needle!r} in {path.relative_to(site).as_posix()}")
    return sorted(set(problems))


def visible_problems(case: Case, site: Path) -> list[str]:
    problems = []
    pages = [site / post_page(source) for source in post_sources(case)]
    for page in pages:
        if not page.is_file():
            return [f"{page.relative_to(site)}: the post has no page (neither refused nor built)"]
        text = page.read_text(encoding="utf-8")
        parsed = parse_tags(text)
        elements = parse(page)
        words = " ".join(" ".join(elements.texts).split())
        for item in case.visible:
            if "text" in item and " ".join(item["text"].split()) not in words:
                problems.append(f"text {item['text']!r} not shown as text on {page.relative_to(site)}")
            if "alt" in item and not any(tag == "img" and attrs.get("alt") == item["alt"]
                                         for tag, attrs in elements.elements):
                problems.append(f"alt {item['alt']!r} not on an <img> of {page.relative_to(site)}")
            if "title" in item and item["title"] not in parsed.title:
                problems.append(f"<title> {parsed.title!r} lacks {item['title']!r}")
    return problems


_WA_MARKERS = ("*PENTING*", "_segera_", "~batal~", "```")
_DOMAIN = re.compile(r"https?://|\b[\w-]+\.[a-z]{2,}\b", re.IGNORECASE)


def whatsapp_text_problems(text: str, url: str, label: str) -> list[str]:
    rest = text.replace(url, " ")
    problems = [f"{label}: WhatsApp formatting {marker!r} from the title" for marker in _WA_MARKERS if marker in rest]
    links = _DOMAIN.findall(rest)
    if links:
        problems.append(f"{label}: a link other than the post's own ({links[:3]}): {_excerpt(rest)}")
    return problems


def whatsapp_problems(case: Case, outcome: Outcome) -> list[str]:
    from jdih.notify.message import Notification, render_message, template_path

    settings_file = outcome.project / "site_config" / "jdih.yml"
    settings = load_settings(settings_file)
    problems = []
    for source in post_sources(case):
        data, _ = content_files.read_front_matter(outcome.project / source)
        post_id = content_files.post_id(source.removeprefix("content/"))
        url = content_files.live_url(settings, post_id)
        date = data["date"] if isinstance(data["date"], dt.date) else dt.date(2026, 11, 20)
        note = Notification(post_id=post_id, title=str(data["title"]), url=url, approver="kasubbag-kapuas",
                            date=date.date() if isinstance(date, dt.datetime) else date)
        problems += whatsapp_text_problems(render_message(note, settings, template_path(settings_file)), url,
                                           "announcement (jdih kabari)")
        page = outcome.site / post_page(source)
        hrefs = [attrs.get("href") or "" for tag, attrs in parse(page).elements
                 if tag == "a" and attrs.get("data-platform") == "whatsapp"]
        assert hrefs, f"{page}: no WhatsApp share link"
        shared_text = parse_qs(urlsplit(hrefs[0]).query).get("text", [""])[0]
        problems += whatsapp_text_problems(shared_text, url, "wa.me share text")
    return problems


@pytest.mark.slow
@by_case(CASES)
def test_b_forced_post_is_refused_or_harmless(case, builds):
    outcome = builds.outcome(case)
    if outcome.refused:
        assert outcome.refusal is None, outcome.refusal
        return
    problems = [str(f) for f in case_findings(case, outcome, builds.scan(outcome.site))]
    problems += absent_problems(case, outcome.site)
    problems += visible_problems(case, outcome.site) if case.visible else []
    problems += whatsapp_problems(case, outcome) if case.whatsapp else []
    problems += [f"YAML ran code: {name} created" for name in case.never_created
                 if (outcome.project / name).exists()]
    assert not problems, f"built ({'shared' if outcome.shared else 'own'} site), but:\n" + "\n".join(problems[:40])


@pytest.mark.slow
def test_b_shared_site_has_no_vector_that_no_case_answers_for(builds):
    builds.shared()
    if builds.shared_site is None:
        pytest.fail("no shared site could be built: " + "; ".join(builds.shared_log))
    findings = builds.scan(builds.shared_site)
    answered = set()
    for case in SHARED:
        outcome = builds.outcomes[case.id]
        if outcome.site == builds.shared_site:
            answered.update(case_findings(case, outcome, findings))
    rest = [str(f) for f in findings if f not in answered]
    assert not rest, "\n".join(rest[:40])


@pytest.mark.slow
def test_b_scanner_is_quiet_on_the_sample_site(builds):
    """The harness's own check: the theme and the sample posts give no finding."""
    site = builds.tmp / "baseline" / "site"
    baseline = builds.baseline
    assert baseline.inline_scripts and baseline.assets
    assert [str(f) for f in scan_site(site, baseline, outside_files(site.parent))] == []


# -- promotion of the path cases ------------------------------------------------------------------

def _seed_with_a_published_post(seed: Path) -> None:
    from tests.editorial_world import settings_only

    settings_only(seed)
    sample = "content/posts/2026/uu-7-2017-pemilihan-umum"
    shutil.copytree(ROOT / sample, seed / sample)


def _tree(repo: Path, ref: str = "main") -> dict[str, tuple[str, str]]:
    from tests.editorial_world import git

    entries = {}
    for line in git(repo, "ls-tree", "-r", "--full-tree", ref).splitlines():
        meta, path = line.split("\t", 1)
        mode, _, sha = meta.split()
        entries[path] = (mode, sha)
    return entries


@pytest.mark.slow
@by_case(PROMOTE)
def test_b_promotion_of_an_approved_draft_moves_and_copies_nothing(case, tmp_path):
    from jdih.github.git import GitRepo
    from jdih.sop.publish import Promoter
    from tests.editorial_world import KASUBBAG, PENGELOLA, git, make_world

    world = make_world(tmp_path, fill=_seed_with_a_published_post)
    try:
        branch = f"konsep/{case.id}"
        operator = world.clone("operator")
        git(operator, "switch", "-q", "-c", branch, "origin/main")
        place(case, operator, "draft")
        git(operator, "add", "-A")
        git(operator, "commit", "-qm", f"Konsep: {case.id}")
        git(operator, "push", "-q", "origin", branch)
        number = world.open_pull(PENGELOLA, branch, f"Konsep: {case.id}")
        world.fake.advance(minutes=5)
        world.fake.submit_review(number, KASUBBAG, "APPROVED")
        world.fake.advance(minutes=2)
        world.merge(number)
        before = _tree(world.origin)
        ci = world.ci("ci")
        out: list[str] = []
        try:
            report = Promoter(GitRepo(ci), world.gh(), world.settings, echo=out.append).run()
        except Exception as exc:  # noqa: BLE001 - the point is to say what happened
            pytest.fail(f"promotion crashed: {type(exc).__name__}: {exc}\n"
                        + "".join(traceback.format_exception(exc))[-1500:])
        after = _tree(world.origin)
        drafts = {path for path in before if path.startswith("drafts/")}
        published = {path for path in before if path.startswith("content/posts/")}
        problems = []
        for path in sorted(set(before) | set(after)):
            if path in drafts or (path.startswith("content/posts/") and path not in published):
                continue
            if before.get(path) != after.get(path):
                problems.append(f"origin: {path} changed {before.get(path)} → {after.get(path)}")
        outside_blobs = {sha: path for path, (_mode, sha) in before.items() if path not in drafts}
        for path, (_mode, sha) in after.items():
            if path.startswith("content/posts/") and path not in published and sha in outside_blobs:
                problems.append(f"origin: {path} is a copy of {outside_blobs[sha]}")
        status = git(ci, "status", "--porcelain", "--untracked-files=all").splitlines()
        for line in status:
            path = line[3:].split(" -> ")
            if any(not p.startswith(("drafts/", "content/posts/")) or p in published for p in path):
                problems.append(f"CI work tree (the site is built from it): {line}")
        refused = [r.draft for r in report.refused]
        placed = [f"drafts/{rel}" if case.layout == "tree" else f"{case.place_dir('draft')}/index.md"
                  for rel in case.placed_names() if rel.endswith(".md")]
        if not all(p in refused for p in placed):
            problems.append(f"approved draft not refused: promoted {[p.path for p in report.promoted]}; "
                            f"output {out}")
        assert not problems, "\n".join(problems)
    finally:
        world.fake.stop()


# =====================================================================================
# (c) in Chromium
# =====================================================================================

_INIT_SCRIPT = """
window.__hostile = {csp: []};
document.addEventListener('securitypolicyviolation', function (e) {
  window.__hostile.csp.push([e.violatedDirective, e.blockedURI, (e.sample || '').slice(0, 80), e.lineNumber]);
}, true);
"""

_TARGETS = """() => {
  window.__hostileTargets = Array.from(document.querySelectorAll(
    'a, img, area, abbr, button, input, [title], [data-md-tooltip], svg a, [onmouseover], [onfocus]'));
  return window.__hostileTargets.length;
}"""

_POINT = """(i) => {
  const el = window.__hostileTargets[i];
  if (!el || !el.isConnected) return null;
  try { el.focus({preventScroll: true}); } catch (e) {}
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none') {
    return [r.x + r.width / 2, r.y + r.height / 2, el.hasAttribute('title') || el.tagName === 'ABBR'];
  }
  for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove']) {
    el.dispatchEvent(new MouseEvent(type, {bubbles: !type.endsWith('enter')}));
  }
  return null;
}"""

_SCRIPT_LINKS = """() => Array.from(document.querySelectorAll('a[href], area[href]'))
  .map((a, i) => [i, a.protocol]).filter(([i, p]) => ['javascript:', 'data:', 'vbscript:'].includes(p))
  .map(([i]) => i)"""


@dataclasses.dataclass
class Visit:
    url: str
    dialogs: list[str]
    csp: list
    navigations: list[str]
    errors: list[str]
    visible: list[str] = dataclasses.field(default_factory=list)


def visit(chromium, url: str, *, search: str | None = None, visible: tuple[dict, ...] = ()) -> Visit:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(_INIT_SCRIPT)
    page = context.new_page()
    dialogs, navigations, errors = [], [], []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}({dialog.message!r})")
        with contextlib.suppress(Exception):
            dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: errors.append(str(exc)[:200]))
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    csp: list = []
    missing: list[str] = []
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(150)
        if search is not None:
            page.wait_for_function("document.querySelector('.jdih-search__status') && "
                                   "document.querySelector('.jdih-search__status').textContent.length > 0",
                                   timeout=5000)
        for item in visible:
            if "text" in item and not page.evaluate("t => document.body.innerText.includes(t)", item["text"]):
                missing.append(f"text {item['text']!r} not visible")
            if "alt" in item and not page.evaluate("a => Array.from(document.images).some(i => i.alt === a)",
                                                   item["alt"]):
                missing.append(f"alt {item['alt']!r} not on any image")
            if "title" in item and item["title"] not in page.title():
                missing.append(f"document.title {page.title()!r} lacks {item['title']!r}")
        for index in range(page.evaluate(_TARGETS)):
            point = page.evaluate(_POINT, index)
            if point:
                page.mouse.move(point[0], point[1])
                if point[2]:
                    page.wait_for_timeout(40)  # tooltips
        for index in page.evaluate(_SCRIPT_LINKS):
            with contextlib.suppress(Exception):
                page.locator("a[href], area[href]").nth(index).click(force=True, no_wait_after=True, timeout=1000)
        page.wait_for_timeout(300)
        with contextlib.suppress(Exception):
            csp = page.evaluate("window.__hostile ? window.__hostile.csp : []")
    finally:
        context.close()
    away = [u for u in navigations if u.split("#")[0] != url.split("#")[0]]
    return Visit(url, dialogs, csp, away, errors, missing)


def report_visits(label: str, visits: list[Visit]) -> list[str]:
    """Failures (dialogs, navigation away, visible text missing); CSP violations become warnings."""
    failures = []
    for v in visits:
        if v.csp:
            warnings.warn(HostileCspReport(f"{label} {v.url}: {len(v.csp)} CSP violation(s): {v.csp[:5]}"),
                          stacklevel=2)
        if v.dialogs:
            failures.append(f"{v.url}: dialog fired: {v.dialogs[:5]}")
        if v.navigations:
            failures.append(f"{v.url}: navigated away to {v.navigations[:3]}")
        failures += [f"{v.url}: {m}" for m in v.visible]
    return failures


@pytest.fixture(scope="module")
def chromium():
    from tests.browser import browser

    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """site folder → base URL; each site is served below /jdih-medsos/ like on GitHub Pages."""
    from tests.browser import serve

    stack = contextlib.ExitStack()
    bases: dict[Path, str] = {}

    def base_of(site: Path) -> str:
        if site not in bases:
            www = tmp_path_factory.mktemp("www")
            (www / SITE_PREFIX).symlink_to(site, target_is_directory=True)
            bases[site] = stack.enter_context(serve(www)) + SITE_PREFIX + "/"
        return bases[site]

    with stack:
        yield base_of


def page_urls(site: Path, base: str, kind: str) -> list[tuple[str, str | None]]:
    """(URL, search query) of every page of one type."""
    def pages(pattern: str) -> list[tuple[str, str | None]]:
        return [(base + p.relative_to(site).as_posix().removesuffix("index.html"), None)
                for p in sorted(site.glob(pattern))]

    if kind == "home":
        return [(base, None)] + pages("halaman/*/index.html")
    if kind == "post":  # the sample posts; each case's posts are opened by test_c_case_pages_in_chromium
        own = {post_page(source) for case in CASES for source in post_sources(case)}
        return [(url, q) for url, q in pages("posts/*/*/index.html")
                if url.removeprefix(base) + "index.html" not in own]
    if kind == "category":
        return pages("kategori/index.html") + pages("kategori/*/index.html")
    if kind == "tag":
        return pages("tagar/index.html") + pages("tagar/*/index.html")
    if kind == "archive":
        return pages("arsip/index.html") + pages("arsip/*/*/index.html")
    if kind == "search":
        return [(base + "cari/", None)] + [(f"{base}cari/?q={q}", q) for q in SEARCH_QUERIES]
    if kind == "register":
        return pages("agenda/index.html")
    if kind == "404":
        return [(base + "404.html", None)]
    if kind == "other":
        return pages("tentang/index.html") + pages("sop/index.html") + pages("panduan/*index.html") \
            + pages("panduan/*/index.html")
    raise AssertionError(kind)


PAGE_TYPES = ["home", "post", "category", "tag", "archive", "search", "register", "404", "other"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_c_every_page_type_of_the_shared_site_in_chromium(kind, builds, chromium, served):
    builds.shared()
    if builds.shared_site is None:
        pytest.fail("no shared site could be built: " + "; ".join(builds.shared_log))
    base = served(builds.shared_site)
    urls = page_urls(builds.shared_site, base, kind)
    assert urls, f"no {kind} page in the shared site"
    failures = report_visits(kind, [visit(chromium, url, search=query) for url, query in urls])
    assert not failures, "\n".join(failures[:40])


@pytest.mark.browser
@pytest.mark.slow
@by_case(CASES)
def test_c_case_pages_in_chromium(case, builds, chromium, served):
    outcome = builds.outcome(case)
    if outcome.refused:
        pytest.skip("nothing published: the forced build refused the case" if outcome.refusal is None
                    else f"nothing published: the forced build failed ({outcome.refusal[:120]})")
    site = outcome.site
    base = served(site)
    sources = post_sources(case)
    if not sources:  # not content: its would-be address must not exist
        for rel in case.placed_names():
            would_be = f"posts/2026/{PurePosixPath(rel).stem.lstrip('._')}/"
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(base + would_be, timeout=10)  # noqa: S310 - 127.0.0.1
        return
    urls = [(base + post_page(source).removesuffix("index.html"), None) for source in sources
            if (site / post_page(source)).is_file()]
    visits = [visit(chromium, url, visible=case.visible) for url, _ in urls]
    if not outcome.shared:  # its own site: every page type that lists or describes the post
        for kind in ("home", "category", "tag", "archive", "register", "404"):
            for url, query in page_urls(site, base, kind):
                page = site / (url.removeprefix(base) + ("" if url.endswith(".html") else "index.html"))
                if kind in ("home", "register", "404") or any(
                        post_page(s).removesuffix("index.html") in page.read_text(encoding="utf-8") for s in sources):
                    visits.append(visit(chromium, url, search=query))
        visits += [visit(chromium, url, search=q) for url, q in page_urls(site, base, "search")[1:3]]
    failures = report_visits(case.id, visits)
    assert not failures, "\n".join(failures[:40])


# =====================================================================================
# The harness itself
# =====================================================================================

def test_corpus_is_well_formed_and_listed_in_its_readme():
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert len(CASES) >= 50
    for case in CASES:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", case.id), case.id
        assert case.periksa in ("refuse", "neutralise", "ignored"), case.id
        assert case.build in ("shared", "alone"), case.id
        assert case.layout in ("folder", "tree"), case.id
        assert bool(case.problems) == (case.periksa == "refuse"), f"{case.id}: problems iff refuse"
        assert case.sources(), f"{case.id}: no files"
        assert f"`{case.id}`" in readme, f"{case.id} is not listed in tests/hostile/README.md"
        for kind in dict(case.generate).values():
            assert kind in ("image", "oversized", "bomb", "megapixel", "text-chunk"), (case.id, kind)
    listed = set(re.findall(r"^\| `([a-z0-9-]+)`", readme, re.MULTILINE))
    assert listed == set(BY_ID), sorted(listed ^ set(BY_ID))


def test_expected_lines_exist_in_the_corpus(tmp_path):
    root = periksa_repo(tmp_path)
    for case in CASES:
        if case.periksa != "refuse":
            continue
        place(case, root, "draft")
        for problem in case.problems:
            path = root / case.place_dir("draft") / problem["file"]
            assert path.exists() or path.is_symlink(), f"{case.id}: {problem['file']} is not placed"
            text = path.read_text(encoding="utf-8") if path.suffix == ".md" and not path.is_symlink() else None
            lines = expected_lines(problem, text)
            assert lines is None or all(1 <= n <= text.count("\n") + 1 for n in lines), (case.id, problem)


def test_generated_images_are_what_the_cases_say():
    from PIL import Image

    assert len(generated("oversized")) > 5 * 1024 * 1024
    with Image.open(io.BytesIO(generated("image"))) as picture:
        assert picture.size == (800, 450)
    with Image.open(io.BytesIO(generated("text-chunk"))) as picture:
        assert "alert('image-png-text-chunk')" in picture.info["Comment"]
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(generated("bomb")))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises(Image.DecompressionBombWarning):
            Image.open(io.BytesIO(generated("megapixel")))
    assert len(generated("bomb")) < 200_000


def test_scanner_catches_each_vector():
    """The scanner is not vacuous: each vector of the brief, in a page, is found."""
    baseline = Baseline({"assets/jdih/jdih.js": "x"}, frozenset({"var theme=1;", "{}"}), frozenset(),
                        frozenset({"__config"}), b"")
    head = '<head><script>var theme=1;</script><script id="__config" type="application/json">{}</script></head>'

    vectors = {
        "<script>alert(1)</script>": "<script> element not from the theme",
        '<script src="https://evil.example/x.js"></script>': "not a theme asset",
        "<img src=x onerror=alert(1)>": "event handler",
        "<img/src=x/onerror=alert(1)>": "event handler",
        "<svg><animate onbegin=alert(1)>": "event handler",
        '<a href="java&#x09;script:alert(1)">x</a>': "href=",
        '<a href=" JAVASCRIPT:alert(1)">x</a>': "href=",
        '<form action="javascript:alert(1)"></form>': "action=",
        '<button formaction="vbscript:x">b</button>': "formaction=",
        '<iframe src="data:text/html,x"></iframe>': "<iframe> element",
        "<object data=x></object>": "<object> element",
        "<embed src=x>": "<embed> element",
        '<base href="https://evil.example/">': "<base> element",
        '<meta http-equiv="Refresh" content="0;url=https://evil.example/">': "refresh",
        '<div style="width:expression(alert(1))">x</div>': "style attribute",
        "<style>b{}</style>": "<style> element",
        '<h2 id="__config">x</h2>': "clobbers",
        '<h2 id="__drawer">x</h2>': "clobbers",
    }
    for vector, what in vectors.items():
        page = f"<html>{head}<body>{vector}</body></html>"
        found = scan_markup(page, "p.html", page_url="/p.html", baseline=baseline)
        assert any(what in f.what for f in found), (vector, found)
    quiet = (f'<html>{head}<body><script src="assets/jdih/jdih.js"></script>'
             '<p title="&lt;img src=x onerror=alert(1)&gt;">Apa itu &lt;b&gt;JDIH&lt;/b&gt;?</p>'
             '<a href="https://e.org/?q=javascript:">x</a><h2 id="takarir">c</h2></body></html>')
    assert scan_markup(quiet, "p.html", page_url="/p.html", baseline=baseline) == []
    assert scan_data_text('[["<script>alert(1)</script>", "javascript:x"]]', "cari/indeks.json", "json")
    assert scan_data_text("<rss><item><description>&lt;img src=x onerror=alert(1)&gt;</description></item></rss>",
                          "feed.xml", "xml")
    assert whatsapp_text_problems("*PENTING* buka wa.me/1 https://x.example/p/", "https://x.example/p/", "t")
    assert not whatsapp_text_problems("∗PENTING∗ buka wa․me/1\nhttps://x.example/p/", "https://x.example/p/", "t")


@pytest.mark.browser
def test_c_browser_harness_sees_hover_click_and_csp(tmp_path, chromium):
    """The harness's own check: a dialog from hovering, one from clicking a javascript: link, and
    a CSP violation are all seen by `visit`."""
    from tests.browser import serve

    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"script-src 'self'\"></head><body>"
        "<span title='t' onmouseover=\"alert('hover')\">arahkan</span> "
        "<a href=\"javascript:alert('klik')\">klik</a><script>alert('inline')</script></body></html>",
        encoding="utf-8")
    with serve(tmp_path) as base:
        seen = visit(chromium, base)
    assert seen.csp, "CSP violations are not recorded"
    assert seen.dialogs == [], "the page's CSP should block its handlers"
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><body><span title='t' onmouseover=\"alert('hover')\">arahkan</span> "
        "<a href=\"javascript:alert('klik')\">klik</a></body></html>", encoding="utf-8")
    with serve(tmp_path) as base:
        seen = visit(chromium, base)
    assert any("hover" in d for d in seen.dialogs) and any("klik" in d for d in seen.dialogs), seen.dialogs
