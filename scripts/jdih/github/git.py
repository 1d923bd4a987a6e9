"""The one module that runs git (through GitPython): branches, commits, history, push."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import git
from git import GitCommandError, Repo


class GitError(Exception):
    """A git operation failed; the message is Indonesian and says what to do."""


class PushStatus(Enum):
    PUSHED = "terkirim"
    UP_TO_DATE = "sudah sama"
    BEHIND = "tertinggal"  # the remote moved on: fetch, rebase, try again
    REFUSED = "ditolak"  # hook or branch protection said no: retrying will not help


@dataclass(frozen=True)
class PushOutcome:
    status: PushStatus
    detail: str = ""


BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
REMOTE_URL = re.compile(r"(?:[:/])([^/:]+)/([^/]+?)(?:\.git)?/?$")


class GitRepo:
    def __init__(self, path: Path | str = "."):
        try:
            self.repo = Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(f"'{path}' bukan repositori git — jalankan perintah ini di dalam salinan "
                           "repositori JDIH (git clone …)") from None
        self.root = Path(self.repo.working_tree_dir)

    # -- state ----------------------------------------------------------------------------

    def current_branch(self) -> str | None:
        return None if self.repo.head.is_detached else self.repo.active_branch.name

    def head_sha(self) -> str:
        return self.repo.head.commit.hexsha

    def is_clean(self, paths: list[str] | None = None) -> bool:
        """No uncommitted change (untracked files included), in `paths` or anywhere."""
        return not self.repo.git.status("--porcelain", "--", *(paths or [])).strip()

    def branch_exists(self, name: str) -> bool:
        return name in (head.name for head in self.repo.heads)

    def remote_repository(self, remote: str = "origin") -> str | None:
        """'owner/name' from the remote's URL (GitHub style), for when GITHUB_REPOSITORY is unset."""
        try:
            url = self.repo.remote(remote).url
        except ValueError:
            return None
        match = REMOTE_URL.search(url)
        return f"{match.group(1)}/{match.group(2)}" if match else None

    def user_name(self) -> str:
        try:
            return self.repo.config_reader().get_value("user", "name", "")
        except Exception:  # noqa: BLE001 - no identity configured is an ordinary case
            return ""

    # -- changes ----------------------------------------------------------------------------

    def create_branch(self, name: str, start: str = "main") -> None:
        if self.branch_exists(name):
            raise GitError(f"cabang '{name}' sudah ada — pilih judul/slug lain, atau lanjutkan di cabang itu "
                           f"(git switch {name})")
        try:
            self.repo.git.switch("-c", name, start)
        except GitCommandError as exc:
            raise GitError(f"cabang '{name}' tidak dapat dibuat dari '{start}' ({_last_line(exc)}) — simpan atau "
                           "batalkan perubahan yang belum di-commit, lalu coba lagi") from None

    def switch(self, name: str) -> None:
        self.repo.git.switch(name)

    def commit(self, paths: list[str], message: str) -> str:
        """Stage exactly `paths` (additions, changes and removals) and commit them."""
        self.repo.git.add("--all", "--", *paths)
        self.repo.git.commit("-m", message, "--", *paths)
        return self.head_sha()

    def move(self, source: str, destination: str) -> None:
        (self.root / destination).parent.mkdir(parents=True, exist_ok=True)
        self.repo.git.mv(source, destination)

    def add(self, paths: list[str]) -> None:
        """Stage `paths`; a path already gone (e.g. moved with `move`) is staged as it is."""
        present = [path for path in paths if (self.root / path).exists()]
        if present:
            self.repo.git.add("--all", "--", *present)

    def commit_staged(self, message: str) -> str:
        """Commit the index; in CI without a git identity, commit as the Actions bot."""
        env = {}
        if not self.user_name():
            env = {"GIT_AUTHOR_NAME": BOT_NAME, "GIT_AUTHOR_EMAIL": BOT_EMAIL,
                   "GIT_COMMITTER_NAME": BOT_NAME, "GIT_COMMITTER_EMAIL": BOT_EMAIL}
        with self.repo.git.custom_environment(**env):
            self.repo.git.commit("-m", message)
        return self.head_sha()

    # -- history ----------------------------------------------------------------------------

    def commits_touching(self, path: str, follow: bool = True, limit: int = 50) -> list[str]:
        """Commits that changed `path`, newest first (with --follow: across renames too)."""
        args = ["--format=%H", f"-n{limit}"]
        if follow:
            args.append("--follow")
        out = self.repo.git.log(*args, "--", path)
        return [line for line in out.splitlines() if line]

    def latest_commits_under(self, folder: str, since: dt.datetime) -> dict[str, str]:
        """path → the newest commit since `since` that changed it, for every file below `folder`:
        one `git log` for the whole tree instead of one per file (what `commits_touching(path,
        follow=False, limit=1)` gives, for thousands of posts at once)."""
        out = self.repo.git.log(f"--since={since.isoformat()}", "--format=%x00%H", "--name-only", "--", folder)
        latest: dict[str, str] = {}
        for block in out.split("\x00")[1:]:
            sha, _, names = block.partition("\n")
            for name in names.splitlines():
                if name:
                    latest.setdefault(name, sha.strip())
        return latest

    def commit_adding(self, path: str) -> str | None:
        """The commit that first added `path` (following renames)."""
        out = self.repo.git.log("--follow", "--diff-filter=A", "--format=%H", "--", path)
        lines = [line for line in out.splitlines() if line]
        return lines[-1] if lines else None

    def is_ancestor(self, ancestor: str, descendant: str = "HEAD") -> bool:
        try:
            self.repo.git.merge_base("--is-ancestor", ancestor, descendant)
            return True
        except GitCommandError:
            return False

    # -- remote -----------------------------------------------------------------------------

    def fetch(self, remote: str = "origin", branch: str = "main", *, url: str | None = None,
              env: dict[str, str] | None = None) -> None:
        """Fetch `branch` into `<remote>/<branch>`; from `url` (e.g. the SSH address the push
        uses, with its `env`) instead of the remote's own URL when given."""
        args = [url, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"] if url else [remote, branch]
        try:
            with self.repo.git.custom_environment(**(env or {})):
                self.repo.git.fetch(*args)
        except GitCommandError as exc:
            raise GitError(f"gagal mengambil '{branch}' dari '{remote}' ({_last_line(exc)}) — periksa koneksi "
                           "dan hak akses ke repositori") from None

    def changed_files(self, base: str, path: str = ".") -> list[str]:
        """Files added, changed or renamed on this branch since it left `base` (three-dot diff)."""
        out = self.repo.git.diff("--name-only", "--diff-filter=AMR", f"{base}...HEAD", "--", path)
        return [line for line in out.splitlines() if line]

    def has_ref(self, ref: str) -> bool:
        try:
            self.repo.git.rev_parse("--verify", "--quiet", ref)
            return True
        except GitCommandError:
            return False

    def exists_at(self, ref: str, path: str) -> bool:
        try:
            self.repo.git.cat_file("-e", f"{ref}:{path}")
            return True
        except GitCommandError:
            return False

    def is_shallow(self) -> bool:
        return self.repo.git.rev_parse("--is-shallow-repository").strip() == "true"

    def unshallow(self, remote: str = "origin") -> None:
        try:
            self.repo.git.fetch("--unshallow", "--quiet", remote)
        except GitCommandError as exc:
            raise GitError(f"riwayat lengkap tidak dapat diambil dari '{remote}' ({_last_line(exc)}) — pakai "
                           "actions/checkout dengan 'fetch-depth: 0'") from None

    def rebase(self, onto: str) -> bool:
        """Rebase the current branch onto `onto`; on conflict abort and return False."""
        try:
            self.repo.git.rebase(onto)
            return True
        except GitCommandError:
            try:
                self.repo.git.rebase("--abort")
            except GitCommandError:
                pass
            return False

    def reset_hard(self, ref: str) -> None:
        self.repo.git.reset("--hard", ref)

    def push(self, refspec: str, remote: str = "origin", set_upstream: bool = False,
             env: dict[str, str] | None = None) -> PushOutcome:
        """Push to `remote` (a remote's name or a URL); `env` for this push only (GIT_SSH_COMMAND)."""
        args = ["--porcelain"]
        if set_upstream:
            args.append("--set-upstream")
        try:
            with self.repo.git.custom_environment(**(env or {})):
                out = self.repo.git.push(*args, remote, refspec)
        except GitCommandError as exc:
            text = f"{exc.stdout or ''}\n{exc.stderr or ''}"
            return _classify_failure(text)
        if "[up to date]" in out:
            return PushOutcome(PushStatus.UP_TO_DATE)
        return PushOutcome(PushStatus.PUSHED)


def _classify_failure(text: str) -> PushOutcome:
    detail = " ".join(line.strip() for line in text.splitlines()
                      if line.strip() and not line.startswith(("To ", "Done"))) or "push gagal"
    if "[remote rejected]" in text or "protected branch" in text or "hook declined" in text:
        return PushOutcome(PushStatus.REFUSED, detail)
    if "[rejected]" in text and ("fetch first" in text or "non-fast-forward" in text):
        return PushOutcome(PushStatus.BEHIND, detail)
    return PushOutcome(PushStatus.REFUSED, detail)


def _last_line(exc: GitCommandError) -> str:
    text = (exc.stderr or exc.stdout or str(exc)).strip()
    return text.splitlines()[-1].strip() if text else "kesalahan git"


__all__ = ["GitRepo", "GitError", "PushStatus", "PushOutcome"]
