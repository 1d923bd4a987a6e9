"""A small world for the editorial workflow tests: a bare `origin` in tmp_path, clones for
the operator, "GitHub" (which merges) and CI, and the fake GitHub reading branch heads
from the real origin."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from jdih.content.settings import load_settings
from jdih.github.client import GitHubRepo
from jdih.testing.fakegithub.server import FakeGitHub

ROOT = Path(__file__).resolve().parent.parent
KASUBBAG = "kasubbag-kapuas"
STAF = "staf-hukum-kapuas"
PENGELOLA = "pengelola-jdih-kapuas"
BOT = "github-actions[bot]"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def jpeg(width: int = 400, height: int = 300) -> bytes:
    """A real JPEG, as `jdih periksa` (and so `jdih terbitkan`) wants a draft's image."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


JPEG = jpeg()


def draft_text(title: str, date: str = "2026-11-24", disposisi: int | None = None, extra: str = "",
               image: str = "media/gambar.jpg") -> str:
    lines = ["---", f'title: "{title}"', f"date: {date}", "description: Ringkasan singkat konten ini.",
             "categories:", "  - Peraturan", "image:", f"  src: {image}",
             "  alt: Sampul dokumen peraturan", "caption: |", f"  {title}."]
    if disposisi:
        lines.append(f"disposisi: {disposisi}")
    lines += [f"authors: [{PENGELOLA}]", "---", "", f"Isi konten {title}.", extra]
    return "\n".join(lines)


@dataclass
class World:
    tmp: Path
    origin: Path
    fake: FakeGitHub

    def clone(self, name: str) -> Path:
        path = self.tmp / name
        if not path.exists():
            git(self.tmp, "clone", "-q", str(self.origin), str(path))
            git(path, "config", "user.name", name)
            git(path, "config", "user.email", f"{name}@example.org")
        return path

    def gh(self, login: str = BOT) -> GitHubRepo:
        return GitHubRepo(self.fake.token_of(login), self.fake.full_name, self.fake.base_url, write_pause=0)

    def env(self, login: str = BOT) -> dict[str, str]:
        return {"GITHUB_TOKEN": self.fake.token_of(login), "GITHUB_REPOSITORY": self.fake.full_name,
                "GITHUB_API_URL": self.fake.base_url, "JDIH_GITHUB_WRITE_PAUSE": "0"}

    @property
    def settings(self):
        return load_settings(ROOT / "site_config" / "jdih.yml")

    def write_draft(self, clone: str, branch: str, relative: str, text: str, message: str,
                    extra_files: dict[str, bytes] | None = None) -> str:
        """Commit a draft on `branch` (created from origin/main when new) and push it; returns the sha."""
        path = self.clone(clone)
        git(path, "fetch", "-q", "origin")
        remote = git(path, "branch", "-r", "--list", f"origin/{branch}")
        if git(path, "branch", "--list", branch):
            git(path, "switch", "-q", branch)
            if remote:
                git(path, "merge", "-q", "--ff-only", f"origin/{branch}")
        else:
            git(path, "switch", "-q", "-c", branch, f"origin/{branch}" if remote else "origin/main")
        target = path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        for name, data in (extra_files or {}).items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(data)
        git(path, "add", "-A")
        git(path, "commit", "-qm", message)
        git(path, "push", "-q", "origin", branch)
        return git(path, "rev-parse", "HEAD")

    def open_pull(self, author: str, branch: str, title: str, body: str = "", draft: bool = False) -> int:
        sha = git(self.origin, "rev-parse", f"refs/heads/{branch}")
        return self.fake.open_pull(author, branch, title=title, body=body, draft=draft, head_sha=sha)

    def merge(self, number: int, by: str = KASUBBAG) -> str:
        """Merge on "GitHub": a real merge commit on origin's main, then the fake records it."""
        path = self.clone("github")
        branch = self.fake.pull(number).head_ref
        git(path, "fetch", "-q", "origin")
        git(path, "checkout", "-q", "-B", "main", "origin/main")
        git(path, "merge", "-q", "--no-ff", "-m", f"Merge pull request #{number}", f"origin/{branch}")
        git(path, "push", "-q", "origin", "main")
        sha = git(path, "rev-parse", "HEAD")
        self.fake.merge_pull(number, by, merge_commit_sha=sha)
        return sha

    def ci(self, name: str = "ci") -> Path:
        """A CI checkout of origin's main as it is now."""
        path = self.clone(name)
        git(path, "fetch", "-q", "origin")
        git(path, "checkout", "-q", "-B", "main", "origin/main")
        return path

    def origin_files(self, ref: str = "main") -> list[str]:
        return git(self.origin, "ls-tree", "-r", "--name-only", ref).splitlines()

    def origin_subjects(self, ref: str = "main") -> list[str]:
        return git(self.origin, "log", "--format=%s", ref).splitlines()


def settings_only(seed: Path) -> None:
    """The default first commit: the office settings and empty drafts/ and content/posts/."""
    shutil.copytree(ROOT / "site_config", seed / "site_config")
    for folder in ("drafts", "content/posts"):
        (seed / folder).mkdir(parents=True)
        (seed / folder / ".gitkeep").write_text("")


def make_world(tmp: Path, fill: Callable[[Path], None] = settings_only) -> World:
    origin = tmp / "origin.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp / "seed"
    git(tmp, "clone", "-q", str(origin), str(seed))
    git(seed, "config", "user.name", "seed")
    git(seed, "config", "user.email", "seed@example.org")
    fill(seed)
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "Awal")
    git(seed, "push", "-q", "origin", "main")
    fake = FakeGitHub(git_dir=origin)
    for login in (KASUBBAG, STAF, PENGELOLA):
        fake.add_user(login)
    fake.set_permission(KASUBBAG, "admin")
    fake.set_permission(STAF, "write")
    fake.set_permission(PENGELOLA, "write")
    fake.start()
    return World(tmp, origin, fake)


@pytest.fixture
def world(tmp_path):
    """A started world (origin, clones, fake GitHub); stopped after the test."""
    w = make_world(tmp_path)
    try:
        yield w
    finally:
        w.fake.stop()
