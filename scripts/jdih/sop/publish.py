"""SOP step 6: promotion of approved drafts into `content/posts/` (`jdih terbitkan`).

`jdih terbitkan` runs in the publish workflow on `main`. For every draft there it finds the
pull request that merged it and checks, independently of GitHub's branch rules, that the
latest review of a configured Kasubbag on the merged head commit is an approval by someone
other than the author, and — before anything is promoted — that the draft passes the checks
of `jdih periksa` (`jdih.sop.check.check_targets`, the very function), whatever reached main
(a merge past the required check, settings changed since). An approved, valid draft moves to
`content/posts/<YYYY>/<slug>(.md|/)` (its URL `posts/<YYYY>/<slug>/` never changes afterwards)
with its provenance stamped into the front matter; a refused one stays in `drafts/` with the
reason, the fix and, for an invalid draft, each problem as `file:line`.

A post's life after that (issue 13), on the same run and with the same approval check:
* a draft with `publish_at` still to come is promoted the same way but reported not live
  (`Promoted.live`): nothing announces or records it as live until its time (`sop.record`);
* a reviewed pull request that changed a published post is stamped into its front matter —
  a correction (`revisions`: date, note from the pull request's "Ralat" section, approver,
  `substantive` from the label `ralat-substantif`), a withdrawal (`withdrawn`: date, approver,
  pull request) or a restoring — and pushed like a promotion (`Changed`). A change before a
  scheduled post's time (a reschedule) is no correction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from jdih.content import files
from jdih.content.clock import Where, tanggal_jam, zone_of
from jdih.content.clock import now as clock_now
from jdih.content.files import DRAFTS_DIR, POSTS_ROOT, draft_files, post_id_for
from jdih.content.post import (
    ANNOUNCE_WINDOW_DAYS,
    FRONT_MATTER,
    PostMeta,
    load_front_matter,
    parse_meta,
    read_source,
    repoint_image_src,
    slug_of,
)
from jdih.content.problems import Problem, ProblemsError
from jdih.content.safety import strip_markup, strip_unsafe_chars
from jdih.content.settings import Settings
from jdih.github import deploykey
from jdih.github.client import PullInfo, ReviewInfo
from jdih.github.git import GitRepo, PushStatus
from jdih.sop.approval import Approval, Refusal, check_approval
from jdih.sop.check import check_targets
from jdih.sop.disposisi import disposisi_number_in

# The label a reviewed correction carries when the WhatsApp group must be told ("ralat substantif").
LABEL_SUBSTANTIVE = "ralat-substantif"
CORRECTION_HEADING = "Ralat"  # the pull request's section whose text is the correction note
CHANGE_COMMIT_DAYS = 90  # a published post's last commit older than this is not a change to stamp

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
DRAFTS = DRAFTS_DIR
POSTS = Path(POSTS_ROOT)
PUSH_ATTEMPTS = 4
COMMITS_TO_SEARCH = 20  # how far back the draft's history is searched for its pull request


# -- drafts -------------------------------------------------------------------------------------


def find_drafts(root: Path) -> list[str]:
    """Draft files on this tree, relative: `drafts/<slug>.md` and `drafts/<slug>/index.md`
    (the rule of `jdih.content.files`)."""
    return sorted(path.relative_to(root).as_posix() for path in draft_files(root))


def destination(draft: str, meta: PostMeta, where: Where = None) -> tuple[str, str, str]:
    """(source to move, destination path, post id) for a draft file.

    A single-file draft becomes a folder post (`<slug>/index.md`) so that its image can
    travel with it (see `bring_image`); the URL is the same either way. The year is the
    post date's year on the office's clock (`where`: the settings or a zone; default Asia/Jakarta)."""
    year = meta.date.astimezone(zone_of(where)).year
    slug = meta.slug or slug_of(Path(draft))
    post_id = post_id_for(year, slug)
    if draft.endswith("/index.md"):
        return str(Path(draft).parent), str(POSTS / str(year) / slug), post_id
    return draft, str(POSTS / str(year) / slug / "index.md"), post_id


def _image_line(src: str) -> re.Pattern:
    return re.compile(r"^(?P<lead>\s+src:\s*)(?P<q>[\"']?)" + re.escape(src) + r"(?P=q)\s*$", re.MULTILINE)


def image_to_bring(root: Path, draft: str, meta: PostMeta, src: str | None = None) -> str | None:
    """The repository-relative image a single-file draft takes into its post folder, or None
    (a folder draft's image travels with its folder; a missing one is `jdih periksa`'s to report).
    `src`: a gallery photo's, instead of the main image's.

    Only a file inside the draft's own folder, by the rule of `jdih.content.files.media_path`:
    any other path (`../site_config/jdih.yml`, `/etc/passwd`, a symbolic link, another draft's
    folder, a file that is no image) raises MediaError, and nothing is moved or copied."""
    src = meta.image.src if src is None else src
    if draft.endswith("/index.md"):
        return None
    try:
        files.media_path(root / draft, src)
    except files.MediaError as exc:
        if exc.missing:
            return None
        raise
    parts = [part for part in PurePosixPath(src).parts if part != "."]
    return PurePosixPath(draft).parent.joinpath(*parts).as_posix()


def gallery_problems(root: Path, draft: str, meta: PostMeta) -> list[Problem]:
    """Why the gallery's photos may not travel with the draft: a path outside its folder (by
    `files.media_path`, as the main image), or, for a single-file draft, two photos of one name
    in different folders (they would land on one file beside the post)."""
    problems = []
    names: dict[str, str] = {PurePosixPath(meta.image.src).name: meta.image.src}
    for index, photo in enumerate(meta.gallery):
        key = ("gallery", index, "src")
        try:
            image_to_bring(root, draft, meta, photo.src)
            if draft.endswith("/index.md"):
                files.media_path(root / draft, photo.src)
        except files.MediaError as exc:
            if not exc.missing:
                problems.append(exc.problem(draft, files.key_line(root / draft, key), f"gallery.{index}.src"))
            continue
        name = PurePosixPath(photo.src).name
        same = names.setdefault(name, photo.src)
        if not draft.endswith("/index.md") and PurePosixPath(same) != PurePosixPath(photo.src):
            problems.append(Problem(draft, files.key_line(root / draft, key), f"gallery.{index}.src",
                                    f"foto galeri '{photo.src}' bernama sama dengan '{same}' dari folder lain; "
                                    "keduanya akan dipindah ke folder konten yang sama",
                                    "ganti nama salah satu berkas foto, lalu sesuaikan src-nya"))
    return problems


def bring_image(root: Path, draft: str, meta: PostMeta, post_file: Path, git: Any) -> list[str]:
    """Move a single-file draft's image (`drafts/media/x.jpg`) into its new post folder and
    point `image.src` at it. An image still used by another draft is copied, not moved. An image
    outside the draft's folder is refused (MediaError, see `image_to_bring`) before anything moves."""
    relative_source = image_to_bring(root, draft, meta)
    for photo in meta.gallery:  # every gallery path is refused before anything moves, as the image's
        image_to_bring(root, draft, meta, photo.src)
    if relative_source is None:
        return []
    source = root / relative_source
    target = post_file.parent / source.name
    relative_target = target.relative_to(root).as_posix()
    others = [d for d in find_drafts(root) if d != draft and meta.image.src in (root / d).read_text(encoding="utf-8")]
    if others:
        shutil.copy2(source, target)
    else:
        git.move(relative_source, relative_target)
    repoint_image(post_file, meta.image.src, source.name)
    return [relative_source, relative_target, *bring_gallery(root, draft, meta, post_file, git, {relative_source})]


def bring_gallery(root: Path, draft: str, meta: PostMeta, post_file: Path, git: Any, moved: set[str]) -> list[str]:
    """The gallery's photos of a single-file draft, moved (copied when another draft uses one)
    beside the post like its image, each `gallery.<n>.src` pointed at its new name. `moved`: the
    sources already brought (a photo named twice is moved once)."""
    paths: list[str] = []
    for index, photo in enumerate(meta.gallery):
        relative_source = image_to_bring(root, draft, meta, photo.src)
        if relative_source is None:
            continue
        source = root / relative_source
        if relative_source not in moved:
            moved.add(relative_source)
            target = post_file.parent / source.name
            relative_target = target.relative_to(root).as_posix()
            others = [d for d in find_drafts(root)
                      if d != draft and photo.src in (root / d).read_text(encoding="utf-8")]
            if others:
                shutil.copy2(source, target)
            else:
                git.move(relative_source, relative_target)
            paths += [relative_source, relative_target]
        repoint_gallery(post_file, index, photo.src, source.name)
    return paths


def repoint_gallery(post_file: Path, index: int, src: str, name: str) -> None:
    """Write `name` for `src` on the front matter's own line of `gallery.<index>.src` (block or
    flow, quoted or not, a comment after it or not); every other byte kept."""
    text = post_file.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if match is None or match.group(1) is None:
        return
    try:
        located = load_front_matter(match.group(1), "")
    except ProblemsError:
        return
    number = located.lines.get(("gallery", index, "src"))
    lines = text.splitlines(keepends=True)
    if number is None or number > len(lines):
        return
    pattern = re.compile(r"(?P<lead>(?:^|[\s{,\-])src\s*:\s*)(?P<q>[\"']?)" + re.escape(src)
                         + r"(?P=q)(?=\s*(?:[,}#]|$))")
    lines[number - 1] = pattern.sub(lambda m: f"{m['lead']}{m['q']}{name}{m['q']}", lines[number - 1], count=1)
    post_file.write_text("".join(lines), encoding="utf-8")


def repoint_image(post_file: Path, src: str, name: str) -> None:
    """Write `name` (the image now beside the post) for `src` in the post's `image.src` line:
    found by the front matter's own line for it (content.post.repoint_image_src, as the
    preview does), whatever the line looks like — quoted, with a comment, a flow mapping."""
    text = post_file.read_text(encoding="utf-8")
    new = repoint_image_src(text, src, name)
    if new is None:  # a src the parser reads but the line does not spell out (YAML escapes)
        new = _image_line(src).sub(lambda m: f"{m['lead']}{m['q']}{name}{m['q']}", text, count=1)
    post_file.write_text(new, encoding="utf-8")


# -- provenance -------------------------------------------------------------------------------


def _office_time(value: dt.datetime | None, zone: dt.tzinfo) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone).replace(microsecond=0)


def provenance_of(pull: PullInfo, reviews: list[ReviewInfo], approval: Approval, commit_authors: list[str],
                  disposisi: int | None, where: Where = None) -> dict:
    """The provenance stamped on a promoted post; times in the office time zone of `where`."""
    zone = zone_of(where)
    skip = {pull.author.lower(), approval.approver.lower()}
    editors: list[str] = []
    for login in [r.user for r in reviews] + commit_authors:
        if login and login.lower() not in skip and login not in editors:
            editors.append(login)
    return {
        "pull_request": pull.number,
        "pull_request_url": pull.html_url,
        "disposisi": disposisi,
        "author": pull.author,
        "editors": editors,
        "approver": approval.approver,
        "approved_at": _office_time(approval.approved_at, zone),
        "merged_at": _office_time(pull.merged_at, zone),
        "merge_commit": pull.merge_commit_sha,
    }


def _top_level_key(line: str) -> str | None:
    match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
    return match.group(1) if match else None


def stamp_provenance(text: str, provenance: dict) -> str:
    """Put `provenance:` at the end of the front matter (replacing an old one); every other byte stays."""
    return stamp_key(text, "provenance", provenance)


def stamp_key(text: str, name: str, value: Any) -> str:
    """Put the top-level key `name` at the end of the front matter (replacing an old one); every
    other byte stays. The stamps of promotion (`provenance`), correction (`revisions`) and
    withdrawal (`withdrawn`)."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise ValueError("front matter tidak ditemukan")
    newline = "\r\n" if "\r\n" in match.group(0) else "\n"
    start = match.start(1) if match.group(1) is not None else text.index("\n") + 1
    end = match.end(1) if match.group(1) is not None else start
    kept: list[str] = []
    skipping = False
    for line in text[start:end].splitlines(keepends=True):
        key = _top_level_key(line)
        if key == name:
            skipping = True
        elif key is not None:
            skipping = False
        if not skipping:
            kept.append(line)
    dumped = yaml.safe_dump({name: value}, sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=1000)
    if newline != "\n":
        dumped = dumped.replace("\n", newline)
    return text[:start] + "".join(kept) + dumped + text[end:]


# -- the run ------------------------------------------------------------------------------------


@dataclass
class Promoted:
    post_id: str
    path: str
    title: str
    pull_request: int
    disposisi: int | None
    approver: str
    approved_at: str | None
    merged_at: str | None
    draft: str = ""
    publish_at: str | None = None  # its schedule (office time), when it has one
    live: bool = True  # False: scheduled, not announced or recorded as live until its time


@dataclass
class Changed:
    """A published post changed by a reviewed pull request: a correction ("ralat"), a withdrawal
    ("ditarik") or a restoring ("dipulihkan"), stamped into its front matter by this run."""

    post_id: str
    path: str
    title: str
    pull_request: int
    kind: str
    approver: str
    date: str
    note: str = ""
    substantive: bool = False
    disposisi: int | None = None


@dataclass
class Refused:
    draft: str
    reason: str
    fix: str
    problems: list[str] = field(default_factory=list)  # `jdih periksa`'s lines: "file:line: … — fix"

    def __str__(self) -> str:
        return "\n".join([f"{self.draft}: {self.reason} — {self.fix}", *(f"    {p}" for p in self.problems)])


INVALID_FIX = ("perbaiki draf lewat pull request baru (jalankan 'jdih periksa' untuk memeriksanya) dan minta "
               "Kasubbag menyetujuinya; setelah digabung, draf terbit otomatis")


def leaving_problems(root: Path, draft: str, meta: PostMeta) -> list[Problem]:
    """Why the files of a draft may not leave drafts/, by `jdih.content.files` alone (promotion
    and the preview ask it whatever `jdih periksa` said): the draft or a file in its folder is a
    symbolic link or of a type no content folder holds, or its image is outside its folder."""
    problems = []
    own = files.refusal_of(root, root / draft)
    if own is not None:
        problems.append(own)
    if draft.endswith("/index.md"):
        folder = draft.rsplit("/", 1)[0]
        problems += files.refused_below(root / folder, folder)
    try:
        image_to_bring(root, draft, meta)
        if draft.endswith("/index.md"):
            files.media_path(root / draft, meta.image.src)
    except files.MediaError as exc:
        if not exc.missing:
            problems.append(exc.problem(draft, files.key_line(root / draft, ("image", "src"))))
    return problems + gallery_problems(root, draft, meta)


def invalid(draft: str, problems: list[Problem]) -> Refused:
    """The refusal of a draft that does not pass `jdih periksa`, with each of its problems."""
    return Refused(draft, f"draf tidak lolos pemeriksaan 'jdih periksa' ({len(problems)} masalah)", INVALID_FIX,
                   [str(problem) for problem in sorted(problems)])


SKIP_CI = "[skip ci]"


def push_refused(branch: str, detail: str, *, with_key: bool) -> str:
    """What to say when GitHub refuses the promotion push (README, "Pemecahan masalah", quotes it)."""
    head = (f"dorongan ke {branch} ditolak GitHub ({detail}). Tidak ada yang dipasang; draf tetap aman di drafts/ "
            "dan akan diterbitkan pada jalannya alur kerja berikutnya. ")
    if not with_key:
        return head + (f"Perbaikan: kunci terbit (secret {deploykey.SECRET} di environment {deploykey.ENVIRONMENT}) "
                       "tidak tersedia untuk langkah ini — jalankan 'jdih siapkan' dengan token admin, lalu jalankan "
                       "ulang alur kerja.")
    return head + (f"Perbaikan: ruleset cabang {branch} harus mengizinkan deploy key (kunci terbit) sebagai bypass — "
                   "jalankan 'jdih siapkan' dengan token admin, lalu jalankan ulang alur kerja.")


@dataclass
class PromotionReport:
    promoted: list[Promoted] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    pushed: bool | None = None  # None: nothing to push
    warning: str | None = None
    error: str | None = None  # the push was refused: nothing of this run may go live
    messages: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "promoted": [{k: v for k, v in asdict(p).items() if k != "draft"} | {"draft": p.draft}
                         for p in self.promoted],
            "refused": [asdict(r) for r in self.refused],
            "changed": [asdict(c) for c in self.changed],
            "pushed": self.pushed,
            "warning": self.warning,
            "error": self.error,
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.datetime) else None


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


def correction_note(body: str | None, title: str) -> str:
    """The correction note: the pull request's text under a heading "Ralat" (up to the next
    heading of the same or a higher level), HTML comments left out; else its title."""
    text = re.sub(r"<!--.*?-->", "", (body or "").replace("\r\n", "\n"), flags=re.DOTALL)
    taken: list[str] | None = None
    level = 0
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if taken is None:
            if heading and heading.group(2).strip().rstrip(":").lower() == CORRECTION_HEADING.lower():
                taken, level = [], len(heading.group(1))
            continue
        if heading and len(heading.group(1)) <= level:
            break
        taken.append(line)
    # Into the front matter, where `jdih periksa` refuses control characters (every CR: GitHub
    # keeps the CRLF a browser sends) and tag-like text: removed here, so the post stays valid.
    note = strip_markup(strip_unsafe_chars("\n".join(taken or []))).strip()
    return note or strip_markup(strip_unsafe_chars(title)).strip() or "Ralat"


class Promoter:
    def __init__(self, git: GitRepo, gh, settings: Settings, *, branch: str = "main", remote: str = "origin",
                 push: bool = True, echo: Callable[[str], None] = print, push_url: str | None = None,
                 push_env: dict[str, str] | None = None):
        self.git, self.gh, self.settings = git, gh, settings
        self.branch, self.remote, self.push_enabled, self.echo = branch, remote, push, echo
        # With the deploy key: its SSH address and GIT_SSH_COMMAND (jdih.github.deploykey).
        self.push_url, self.push_env = push_url, push_env
        # GitHub's answers about changes to published posts, per commit and per pull request:
        # many posts share one commit (an import), and each is asked about once a run.
        self._change_lookups: dict = {}
        self._roles: dict[str, bool] = {}

    def _is_kasubbag(self, login: str) -> bool:
        if login not in self._roles:
            self._roles[login] = self.gh.in_role(login, self.settings.roles.kasubbag)
        return self._roles[login]

    def find_pull(self, draft: str) -> PullInfo | None:
        """The merged pull request that last changed the draft (newest commit first).

        A pull request counts only if its own file list has the draft: a commit can be
        attributed to the wrong pull request (e.g. the grafted tip of a shallow clone)."""
        folder = str(Path(draft).parent) + "/" if draft.endswith("/index.md") else None
        seen: set[int] = set()
        for sha in self.git.commits_touching(draft, follow=True, limit=COMMITS_TO_SEARCH):
            merged = [p for p in self.gh.pulls_for_commit(sha)
                      if p.merged and p.base_ref == self.branch and p.number not in seen]
            for pull in sorted(merged, key=lambda p: p.merged_at or _EPOCH, reverse=True):
                seen.add(pull.number)
                files = self.gh.pull_files(pull.number)
                if draft in files or (folder and any(name.startswith(folder) for name in files)):
                    return pull
        return None

    def check_drafts(self, drafts: list[str]) -> dict[str, list[Problem]]:
        """Each draft's problems by the rules of `jdih periksa` (its own function, on the whole
        set at once: a slug must be unique among all drafts and posts), on the tree as it is
        before anything is promoted. A folder draft owns the problems of the files in its folder."""
        root = self.git.root
        problems = check_targets([root / draft for draft in drafts], self.settings, root)
        mine: dict[str, list[Problem]] = {draft: [] for draft in drafts}
        for problem in problems:
            for draft in drafts:
                folder = draft.removesuffix("index.md") if draft.endswith("/index.md") else None
                if problem.file == draft or (folder and problem.file.startswith(folder)):
                    mine[draft].append(problem)
                    break
        return mine

    def _one(self, draft: str, report: PromotionReport, problems: list[Problem]) -> None:
        root = self.git.root
        try:
            meta = parse_meta(read_source(root / draft, draft), self.settings)
        except ProblemsError as exc:
            report.refused.append(invalid(draft, problems or exc.problems))
            return
        pull = self.find_pull(draft)
        if pull is None:
            report.refused.append(Refused(
                draft, "tidak ditemukan pull request yang menggabungkan draf ini ke main",
                "draf hanya terbit lewat pull request yang disetujui Kasubbag; ajukan draf ini melalui pull "
                "request (jdih ajukan)"))
            return
        reviews = self.gh.reviews(pull.number)
        verdict = check_approval(pull, reviews, self._is_kasubbag, self.settings.roles.kasubbag)
        if isinstance(verdict, Refusal):
            report.refused.append(Refused(draft, verdict.reason, verdict.fix))
            return
        source, target, post_id = destination(draft, meta, self.settings)
        stem = str(POSTS / post_id.removeprefix("posts/").rstrip("/"))
        if (root / stem).exists() or (root / f"{stem}.md").exists():
            report.refused.append(Refused(
                draft, f"alamat {post_id} sudah dipakai oleh konten yang telah terbit",
                "alamat konten yang telah terbit tidak boleh berubah; ganti 'slug' draf ini lewat pull request baru"))
            return
        if problems:  # approved, yet not what `jdih periksa` lets through: nothing of it runs anywhere
            report.refused.append(invalid(draft, problems))
            return
        leaving = leaving_problems(root, draft, meta)  # the folder rule again, on its own: nothing escapes
        if leaving:
            report.refused.append(invalid(draft, leaving))
            return
        disposisi = meta.disposisi or disposisi_number_in(pull.body)
        provenance = provenance_of(pull, reviews, verdict, self.gh.pull_commit_authors(pull.number), disposisi,
                                   self.settings)
        self.git.move(source, target)
        post_file = root / target / "index.md" if not target.endswith(".md") else root / target
        moved_media = bring_image(root, draft, meta, post_file, self.git)
        post_file.write_bytes(stamp_provenance(post_file.read_text(encoding="utf-8"), provenance).encode("utf-8"))
        self.git.add([source, target, *moved_media])
        # Pushed with the deploy key, the commit would start the publish workflow again (only
        # GITHUB_TOKEN's pushes start nothing); this run builds and deploys it already.
        # "[skip ci]" in a pushed commit's message skips push workflows ("Skipping workflow runs").
        self.git.commit_staged(f"Terbitkan: {meta.title} (#{pull.number})\n\n{SKIP_CI}")
        live = meta.state(clock_now()) != "terjadwal"
        report.promoted.append(Promoted(post_id, str(Path(target) if target.endswith(".md") else Path(target) / "index.md"),
                                        meta.title, pull.number, disposisi, verdict.approver,
                                        _iso(provenance["approved_at"]), _iso(provenance["merged_at"]), draft,
                                        _iso(meta.publish_at), live))
        report.messages.append(f"Terbit: {draft} → {target} ({post_id}), PR #{pull.number}, disetujui "
                               f"@{verdict.approver}.")
        if not live:
            report.messages.append(f"Terjadwal: «{meta.title}» tayang {tanggal_jam(meta.live_from, self.settings)}; "
                                   "sampai waktu itu tidak tampil di situs dan tidak dikabarkan.")

    # -- corrections and withdrawals of published posts ---------------------------------------

    def _changing_pull(self, path: str, provenance_pull: int | None, last: str) -> tuple[str, PullInfo] | None:
        """(merge commit, pull request) of the reviewed change that last touched a published post
        (`last`, its newest commit), when it is not its own promotion or a stamp of this tool, and
        recent (ANNOUNCE_WINDOW_DAYS)."""
        commits = [last]
        commit = self.git.repo.commit(last)
        if SKIP_CI in commit.message:  # a promotion or a stamp pushed by this tool: nothing new (no API call)
            return None
        # A cheap bound before asking GitHub: the change's own commit may be older than its merge
        # (a pull request open for weeks), so this one is generous; the merge itself must be recent.
        if clock_now() - commit.committed_datetime > dt.timedelta(days=CHANGE_COMMIT_DAYS):
            return None
        cache = self._change_lookups
        if commits[0] not in cache:
            cache[commits[0]] = [p for p in self.gh.pulls_for_commit(commits[0])
                                 if p.merged and p.base_ref == self.branch]
        merged = cache[commits[0]]
        for pull in sorted(merged, key=lambda p: p.merged_at or _EPOCH, reverse=True):
            if pull.number == provenance_pull:
                return None
            if pull.merged_at is not None and clock_now() - pull.merged_at > dt.timedelta(days=ANNOUNCE_WINDOW_DAYS):
                return None
            if ("files", pull.number) not in cache:
                cache[("files", pull.number)] = set(self.gh.pull_files(pull.number))
            if path in cache[("files", pull.number)]:
                return commits[0], pull
        return None

    def _previous_text(self, commit: str, path: str) -> str | None:
        """The post before the change (the merge's first parent), or None."""
        try:
            return self.git.repo.git.show(f"{commit}^1:{path}")
        except Exception:  # noqa: BLE001 - no parent or no such file: nothing to compare with
            return None

    def _change(self, post_id: str, path: Path, report: PromotionReport, last: str) -> None:
        root = self.git.root
        relative = path.relative_to(root).as_posix()
        try:
            meta = parse_meta(read_source(path, relative), self.settings)
        except ProblemsError:
            return  # `jdih periksa` and the build say why; nothing to stamp on an unreadable post
        provenance_pull = meta.provenance.pull_request if meta.provenance else None
        found = self._changing_pull(relative, provenance_pull, last)
        if found is None:
            return
        commit, pull = found
        merged_at = _office_time(pull.merged_at, zone_of(self.settings)) or clock_now()
        if pull.number in {r.pull_request for r in meta.revisions}:
            return
        if meta.withdrawn is not None and meta.withdrawn.pull_request == pull.number:
            return
        if meta.publish_at is not None and merged_at < meta.publish_at:
            return  # a reschedule (or a cancel) before it went live: nothing published has changed
        reviews = self.gh.reviews(pull.number)
        verdict = check_approval(pull, reviews, self._is_kasubbag, self.settings.roles.kasubbag)
        if isinstance(verdict, Refusal):
            report.refused.append(Refused(relative, f"perubahan konten terbit ini: {verdict.reason}", verdict.fix))
            return
        text = path.read_text(encoding="utf-8")
        if meta.withdrawn is not None and meta.withdrawn.date is None:
            kind, note = "ditarik", meta.withdrawn.reason
            stamp = {"reason": meta.withdrawn.reason, "date": merged_at, "approver": verdict.approver,
                     "pull_request": pull.number}
            text = stamp_key(text, "withdrawn", stamp)
            substantive = False
        else:
            previous = self._previous_text(commit, relative)
            restored = meta.withdrawn is None and previous is not None and re.search(r"(?m)^withdrawn\s*:", previous)
            kind = "dipulihkan" if restored else "ralat"
            note = correction_note(pull.body, pull.title)
            substantive = LABEL_SUBSTANTIVE in pull.labels
            revisions = [r.model_dump(mode="python", exclude_none=True) for r in meta.revisions]
            revisions.append({"date": merged_at, "note": note, "pull_request": pull.number,
                              "approver": verdict.approver, "substantive": substantive})
            text = stamp_key(text, "revisions", revisions)
        path.write_bytes(text.encode("utf-8"))
        self.git.add([relative])
        label = {"ralat": "Ralat", "ditarik": "Tarik", "dipulihkan": "Pulihkan"}[kind]
        self.git.commit_staged(f"{label}: {meta.title} (#{pull.number})\n\n{SKIP_CI}")
        report.changed.append(Changed(post_id, relative, meta.title, pull.number, kind, verdict.approver,
                                      merged_at.isoformat(), note, substantive,
                                      meta.provenance.disposisi if meta.provenance else None))
        report.messages.append(f"{label}: {relative}, PR #{pull.number}, disetujui @{verdict.approver}"
                               + (" (ralat substantif: grup WhatsApp dikabari)" if substantive else "") + ".")

    def change_tree(self, report: PromotionReport) -> None:
        # Only posts a commit of the last CHANGE_COMMIT_DAYS touched are read (one `git log` for the
        # tree: a thousand posts must not cost a thousand git processes on every publish run).
        since = clock_now() - dt.timedelta(days=CHANGE_COMMIT_DAYS)
        latest = self.git.latest_commits_under(files.POSTS_ROOT, since)
        for post_id, path in files.published_posts(self.git.root):
            last = latest.get(path.relative_to(self.git.root).as_posix())
            if last is not None:
                self._change(post_id, path, report, last)

    def promote_tree(self) -> PromotionReport:
        report = PromotionReport()
        drafts = find_drafts(self.git.root)
        problems = self.check_drafts(drafts)  # every draft, before any is promoted
        for draft in drafts:
            self._one(draft, report, problems[draft])
        self.change_tree(report)
        return report

    def run(self, attempts: int = PUSH_ATTEMPTS) -> PromotionReport:
        if self.git.is_shallow():
            # actions/checkout fetches one commit by default; the draft's history is needed
            self.git.unshallow(self.remote)
        report = self.promote_tree()
        if not (report.promoted or report.changed) or not self.push_enabled:
            return self._finish(report)
        for _ in range(attempts):
            outcome = self.git.push(f"HEAD:refs/heads/{self.branch}", self.push_url or self.remote, env=self.push_env)
            if outcome.status in (PushStatus.PUSHED, PushStatus.UP_TO_DATE):
                report.pushed = True
                return self._finish(report)
            if outcome.status is PushStatus.REFUSED:
                report.pushed = False
                report.error = push_refused(self.branch, outcome.detail, with_key=self.push_env is not None)
                return self._finish(report)
            # main moved meanwhile: replay on top of it; if that conflicts, start again from it
            self.git.fetch(self.remote, self.branch, url=self.push_url, env=self.push_env)
            upstream = f"{self.remote}/{self.branch}"
            for promoted in list(report.promoted):
                if self.git.exists_at(upstream, promoted.path):
                    # another publish run got there first: it is that run's post to announce
                    report.promoted.remove(promoted)
                    report.messages.append(f"{promoted.draft} sudah diterbitkan oleh jalannya alur kerja lain.")
            if not self.git.rebase(upstream):
                self.git.reset_hard(f"{self.remote}/{self.branch}")
                report = self.promote_tree()
                if not (report.promoted or report.changed):
                    report.pushed = True  # someone else published them already
                    return self._finish(report)
            report.messages.append(f"Cabang {self.branch} berubah saat penerbitan; mencoba mendorong lagi.")
        report.pushed = False
        report.error = (f"cabang {self.branch} terus berubah; hasil penerbitan belum terdorong setelah {attempts} "
                        "percobaan, jadi tidak ada yang dipasang. Jalankan ulang alur kerja penerbitan (Actions → "
                        "Terbitkan → Re-run jobs); draf tetap aman di drafts/.")
        return self._finish(report)

    def _finish(self, report: PromotionReport) -> PromotionReport:
        for message in report.messages:
            self.echo(message)
        for refused in report.refused:
            self.echo(f"DITOLAK: {refused}")
        if report.warning:
            self.echo(report.warning)
        if report.error:
            self.echo(f"GAGAL: {report.error}")
        if not report.promoted and not report.refused and not report.changed:
            self.echo("Tidak ada draf di drafts/: tidak ada yang perlu diterbitkan.")
        return report
