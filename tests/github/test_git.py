"""The git layer on real repositories: a bare origin in tmp_path and separate clones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from jdih.github.git import GitError, GitRepo, PushStatus


def run(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def clone(origin: Path, path: Path, name: str) -> Path:
    run(origin.parent, "clone", "-q", str(origin), str(path))
    run(path, "config", "user.name", name)
    run(path, "config", "user.email", f"{name}@example.org")
    return path


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    bare = tmp_path / "origin.git"
    run(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = clone(bare, tmp_path / "seed", "seed")
    (seed / "README.md").write_text("JDIH\n")
    run(seed, "add", "README.md")
    run(seed, "commit", "-qm", "awal")
    run(seed, "push", "-q", "origin", "main")
    return bare


def test_not_a_repository(tmp_path):
    with pytest.raises(GitError, match="bukan repositori git"):
        GitRepo(tmp_path / "tidak-ada")


def test_branch_commit_push_and_remote_name(origin, tmp_path):
    repo = GitRepo(clone(origin, tmp_path / "op", "op"))
    assert repo.current_branch() == "main"
    repo.create_branch("konsep/uu-pemilu")
    (repo.root / "drafts").mkdir()
    (repo.root / "drafts" / "uu-pemilu.md").write_text("---\ntitle: x\n---\n")
    sha = repo.commit(["drafts/uu-pemilu.md"], "Konsep: UU Pemilu")
    assert repo.is_clean() and repo.current_branch() == "konsep/uu-pemilu"
    assert repo.push("konsep/uu-pemilu", set_upstream=True).status is PushStatus.PUSHED
    assert run(origin, "rev-parse", "refs/heads/konsep/uu-pemilu") == sha
    assert repo.push("konsep/uu-pemilu").status is PushStatus.UP_TO_DATE
    with pytest.raises(GitError, match="cabang 'konsep/uu-pemilu' sudah ada"):
        repo.create_branch("konsep/uu-pemilu")
    assert repo.remote_repository() == f"{origin.parent.name}/origin"
    for url in ("https://github.com/kpu-kapuas/jdih-medsos.git", "git@github.com:kpu-kapuas/jdih-medsos.git",
                "https://ghe.example.go.id/kpu-kapuas/jdih-medsos"):
        run(repo.root, "remote", "set-url", "origin", url)
        assert repo.remote_repository() == "kpu-kapuas/jdih-medsos"


def test_history_follows_renames(origin, tmp_path):
    repo = GitRepo(clone(origin, tmp_path / "op", "op"))
    (repo.root / "drafts").mkdir()
    (repo.root / "drafts" / "a.md").write_text("satu\ndua\ntiga\nempat\n")
    first = repo.commit(["drafts/a.md"], "tambah")
    (repo.root / "drafts" / "a.md").write_text("satu\ndua\ntiga\nempat\nlima\n")
    second = repo.commit(["drafts/a.md"], "ubah")
    repo.move("drafts/a.md", "content/posts/2026/a.md")
    repo.add(["drafts/a.md", "content/posts/2026/a.md"])
    third = repo.commit_staged("pindah")
    assert repo.commits_touching("content/posts/2026/a.md") == [third, second, first]
    assert repo.commit_adding("content/posts/2026/a.md") == first
    assert repo.is_ancestor(first) and not repo.is_ancestor(third, first)


def test_push_behind_then_rebase(origin, tmp_path):
    one = GitRepo(clone(origin, tmp_path / "one", "one"))
    two = GitRepo(clone(origin, tmp_path / "two", "two"))
    (one.root / "a.txt").write_text("a\n")
    one.commit(["a.txt"], "a")
    assert one.push("HEAD:refs/heads/main").status is PushStatus.PUSHED
    (two.root / "b.txt").write_text("b\n")
    two.commit(["b.txt"], "b")
    outcome = two.push("HEAD:refs/heads/main")
    assert outcome.status is PushStatus.BEHIND
    two.fetch()
    assert two.rebase("origin/main")
    assert two.push("HEAD:refs/heads/main").status is PushStatus.PUSHED
    assert run(origin, "log", "--format=%s", "main").splitlines() == ["b", "a", "awal"]


def test_rebase_conflict_is_aborted(origin, tmp_path):
    one = GitRepo(clone(origin, tmp_path / "one", "one"))
    two = GitRepo(clone(origin, tmp_path / "two", "two"))
    (one.root / "README.md").write_text("satu\n")
    one.commit(["README.md"], "satu")
    one.push("HEAD:refs/heads/main")
    (two.root / "README.md").write_text("dua\n")
    two.commit(["README.md"], "dua")
    two.fetch()
    assert not two.rebase("origin/main")
    assert two.is_clean() and (two.root / "README.md").read_text() == "dua\n"


def test_push_refused_by_hook(origin, tmp_path):
    hook = origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'GH006: Protected branch update failed' >&2\nexit 1\n")
    hook.chmod(0o755)
    repo = GitRepo(clone(origin, tmp_path / "op", "op"))
    (repo.root / "a.txt").write_text("a\n")
    repo.commit(["a.txt"], "a")
    outcome = repo.push("HEAD:refs/heads/main")
    assert outcome.status is PushStatus.REFUSED
    assert "pre-receive hook declined" in outcome.detail


def test_commit_without_identity_uses_the_bot(origin, tmp_path, monkeypatch):
    path = tmp_path / "ci"
    run(tmp_path, "clone", "-q", str(origin), str(path))
    monkeypatch.setenv("HOME", str(tmp_path))  # no global identity
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key, raising=False)
    repo = GitRepo(path)
    (path / "a.txt").write_text("a\n")
    repo.add(["a.txt"])
    repo.commit_staged("a")
    assert run(path, "log", "-1", "--format=%an <%ae>") == \
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"


def test_changed_files_refs_and_paths_at_a_ref(origin, tmp_path):
    repo = GitRepo(clone(origin, tmp_path / "op", "op"))
    repo.create_branch("konsep/a")
    (repo.root / "drafts").mkdir()
    (repo.root / "drafts" / "a.md").write_text("a\n")
    (repo.root / "catatan.txt").write_text("c\n")
    repo.commit(["drafts/a.md", "catatan.txt"], "a")
    assert repo.changed_files("origin/main", "drafts/") == ["drafts/a.md"]
    assert repo.changed_files("origin/main") == ["catatan.txt", "drafts/a.md"]
    assert repo.has_ref("origin/main") and not repo.has_ref("origin/tidak-ada")
    assert repo.exists_at("HEAD", "drafts/a.md") and not repo.exists_at("origin/main", "drafts/a.md")
    assert not repo.is_shallow()
    assert repo.is_clean()
    (repo.root / "drafts" / "b.md").write_text("b\n")
    assert not repo.is_clean(["drafts"]) and repo.is_clean(["content"])
