"""The fake GitHub's git side: smart HTTP, the ssh stand-in, and the push rules GitHub enforces
(rulesets, bypass actors, classic branch protection), with real repositories and real pushes."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jdih.github import deploykey
from jdih.github.git import GitRepo, PushStatus
from jdih.office import repo_setup
from jdih.testing import fakessh
from jdih.testing.fakegithub import pushrules
from jdih.testing.fakegithub.server import FakeGitHub

KASUBBAG, STAF, PENGELOLA = "kasubbag-kapuas", "staf-hukum-kapuas", "pengelola-jdih-kapuas"
BOT = "github-actions[bot]"
REPO = "kpu-kapuas/jdih-medsos"


def git(cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_AUTHOR_NAME": "Uji", "GIT_AUTHOR_EMAIL": "uji@example.org",
            "GIT_COMMITTER_NAME": "Uji", "GIT_COMMITTER_EMAIL": "uji@example.org", **(env or {})}
    done = subprocess.run(["git", *args], cwd=cwd, env=full, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def commit(work: Path, name: str, text: str = "isi\n", message: str | None = None) -> str:
    (work / name).parent.mkdir(parents=True, exist_ok=True)
    (work / name).write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-qm", message or f"Tambah {name}")
    return git(work, "rev-parse", "HEAD").stdout.strip()


def http_url(fake: FakeGitHub, token: str | None = None, user: str = "x-access-token") -> str:
    url = f"{fake.html_base}/{fake.full_name}.git"
    return url.replace("http://", f"http://{user}:{token}@") if token else url


def remote_lines(stderr: str) -> list[str]:
    """What the server printed, without git's "remote: " prefix and sideband padding."""
    return [line.removeprefix("remote:").strip() for line in stderr.splitlines() if line.startswith("remote:")]


def ssh_key(folder: Path, name: str = "kunci") -> tuple[Path, str]:
    """A new ed25519 key: its private half in OpenSSH form (mode 600) and its public line."""
    key = Ed25519PrivateKey.generate()
    path = folder / name
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                       serialization.NoEncryption()))
    path.chmod(0o600)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return path, public.decode() + f" {name}"


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeGitHub]:
    """A fake GitHub whose default repository is a real bare repository with one commit on main."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "init", "-q", "-b", "main", str(seed))
    commit(seed, "README.md", "JDIH\n", "Awal")
    git(seed, "push", "-q", str(origin), "main")
    running = FakeGitHub(git_dir=origin)
    for login in (KASUBBAG, STAF, PENGELOLA):
        running.add_user(login)
    running.set_permission(KASUBBAG, "admin")
    running.set_permission(STAF, "write")
    running.set_permission(PENGELOLA, "write")
    running.start()
    try:
        yield running
        assert running.schema_errors() == []
    finally:
        running.stop()


@pytest.fixture
def work(fake: FakeGitHub, tmp_path: Path) -> Path:
    """A clone over smart HTTP (anonymous: the repository is public)."""
    git(tmp_path, "clone", "-q", http_url(fake), str(tmp_path / "work"))
    return tmp_path / "work"


def add_ruleset(fake: FakeGitHub, payload: dict) -> dict:
    """A ruleset created as the admin through the REST API (its body checked against the schema)."""
    response = requests.post(f"{fake.base_url}/repos/{REPO}/rulesets", json=payload, timeout=10,
                             headers={"Authorization": f"token {fake.token_of(KASUBBAG)}"})
    assert response.status_code == 201, response.text
    return response.json()


def ruleset(rules: list[dict], include: list[str] | None = None, exclude: list[str] | None = None,
            bypass: list[dict] | None = None, enforcement: str = "active", name: str = "aturan") -> dict:
    return {"name": name, "target": "branch", "enforcement": enforcement, "bypass_actors": bypass or [],
            "conditions": {"ref_name": {"include": include or ["~DEFAULT_BRANCH"], "exclude": exclude or []}},
            "rules": rules}


def office_rulesets(fake: FakeGitHub) -> None:
    """What `jdih siapkan` creates on main: approval + code owners, no force push, no deletion;
    the draft check as a required status check; deploy keys as the only bypass actor."""
    add_ruleset(fake, repo_setup.ruleset_payload("main"))
    add_ruleset(fake, repo_setup.check_ruleset_payload("main"))


def push(work: Path, url: str, *refspecs: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return git(work, "push", url, *refspecs, env=env, check=False)


# ---------------------------------------------------------------- smart HTTP: transport and auth


def test_a_public_repository_is_cloned_and_fetched_anonymously(fake: FakeGitHub, work: Path) -> None:
    assert git(work, "log", "--format=%s").stdout.strip() == "Awal"
    assert git(work, "fetch", "origin").returncode == 0
    assert [status for method, path, status in fake.git_log] and all(s == 200 for _, _, s in fake.git_log)
    assert fake.log == []  # git requests are not REST requests: they stay out of the schema log


def test_a_push_without_credentials_is_challenged_with_basic_realm_github(fake: FakeGitHub, work: Path) -> None:
    answer = requests.get(f"{http_url(fake)}/info/refs?service=git-receive-pack", timeout=10)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == 'Basic realm="GitHub"'
    commit(work, "drafts/a.md")
    refused = push(work, http_url(fake), "HEAD:draf/a")
    assert refused.returncode != 0 and "terminal prompts disabled" in refused.stderr
    assert fake.pushes == []


def test_wrong_credentials_get_githubs_401_message(fake: FakeGitHub, work: Path) -> None:
    commit(work, "drafts/a.md")
    refused = push(work, http_url(fake, "ghp_salah"), "HEAD:draf/a")
    assert remote_lines(refused.stderr) == [
        "Invalid username or token. Password authentication is not supported for Git operations."]
    assert "Authentication failed" in refused.stderr


def test_a_writer_pushes_a_branch_with_login_and_token_and_it_is_recorded(fake: FakeGitHub, work: Path) -> None:
    sha = commit(work, "drafts/a.md")
    done = push(work, http_url(fake, fake.token_of(PENGELOLA), user=PENGELOLA), "HEAD:draf/a")
    assert done.returncode == 0, done.stderr
    assert fake.pushes == [{"ref": "refs/heads/draf/a", "before": pushrules.ZERO, "after": sha, "pusher": PENGELOLA,
                            "actor_type": "User", "transport": "http", "app_id": None, "deploy_key_id": None,
                            "bypassed": []}]
    assert fake.branch_sha(fake.repo, "draf/a") == sha
    # and GitHub's REST side sees the branch
    assert requests.get(f"{fake.base_url}/repos/{REPO}/branches/draf/a", timeout=10,
                        headers={"Authorization": "token test-token"}).json()["commit"]["sha"] == sha


def test_a_read_only_collaborator_is_denied_with_githubs_403(fake: FakeGitHub, work: Path) -> None:
    fake.set_permission(STAF, "read")
    commit(work, "drafts/a.md")
    refused = push(work, http_url(fake, fake.token_of(STAF)), "HEAD:draf/a")
    assert remote_lines(refused.stderr) == [f"Permission to {REPO}.git denied to {STAF}."]
    assert "The requested URL returned error: 403" in refused.stderr
    assert fake.pushes == []


def test_a_workflow_token_pushes_only_with_contents_write(fake: FakeGitHub, work: Path) -> None:
    sha = commit(work, "drafts/a.md")
    default = fake.workflow_token()  # GitHub's restricted default: contents read
    refused = push(work, http_url(fake, default), "HEAD:draf/a")
    assert remote_lines(refused.stderr) == [f"Permission to {REPO}.git denied to {BOT}."]
    # ... but reading is fine
    assert git(work, "ls-remote", http_url(fake, default)).returncode == 0

    writer = fake.workflow_token({"contents": "write"})
    assert push(work, http_url(fake, writer), "HEAD:draf/a").returncode == 0
    assert [(p["pusher"], p["actor_type"], p["after"]) for p in fake.pushes] == [(BOT, "GitHubActions", sha)]


def test_a_private_repository_needs_credentials_even_to_read(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.repo.private = True
    anonymous = git(tmp_path, "ls-remote", http_url(fake), check=False)
    assert anonymous.returncode != 0
    assert requests.get(f"{http_url(fake)}/info/refs?service=git-upload-pack", timeout=10).status_code == 401
    outsider = fake.add_user("orang-luar") and fake.token_of("orang-luar")
    fake.set_permission("orang-luar", "none")
    hidden = git(tmp_path, "ls-remote", http_url(fake, outsider), check=False)
    assert remote_lines(hidden.stderr) == ["Repository not found."] and "not found" in hidden.stderr
    assert git(tmp_path, "ls-remote", http_url(fake, fake.token_of(STAF))).returncode == 0


def test_an_unknown_repository_is_not_found(fake: FakeGitHub, tmp_path: Path) -> None:
    missing = git(tmp_path, "ls-remote", f"{fake.html_base}/kpu-kapuas/tidak-ada.git", check=False)
    assert remote_lines(missing.stderr) == ["Repository not found."]


# ---------------------------------------------------------------- rulesets


def test_the_office_rulesets_refuse_a_direct_push_to_main_as_github_prints_it(fake: FakeGitHub, work: Path) -> None:
    office_rulesets(fake)
    commit(work, "content/posts/langsung.md")
    refused = push(work, http_url(fake, fake.token_of(KASUBBAG)), "HEAD:main")  # an admin: rulesets bind admins too
    assert remote_lines(refused.stderr) == [
        "error: GH013: Repository rule violations found for refs/heads/main.",
        f"Review all repository rules at {fake.html_base}/{REPO}/rules?ref=refs%2Fheads%2Fmain",
        "",
        "- Changes must be made through a pull request.",
        "",
        f'- Required status check "{repo_setup.DRAFT_CHECK}" is expected.',
        "",
    ]
    assert "! [remote rejected] HEAD -> main (push declined due to repository rule violations)" in refused.stderr
    assert fake.pushes == []
    # The project's own push classifies the refusal as such (jdih.github.git).
    outcome = GitRepo(work).push("HEAD:main", remote=http_url(fake, fake.token_of(KASUBBAG)),
                                 env={"GIT_TERMINAL_PROMPT": "0"})
    assert outcome.status is PushStatus.REFUSED and "push declined due to repository rule violations" in outcome.detail
    # A branch the rulesets do not target is pushed as before.
    assert push(work, http_url(fake, fake.token_of(KASUBBAG)), "HEAD:draf/langsung").returncode == 0


def test_non_fast_forward_and_deletion_rules(fake: FakeGitHub, work: Path, tmp_path: Path) -> None:
    writer = http_url(fake, fake.token_of(PENGELOLA))
    commit(work, "drafts/a.md")
    assert push(work, writer, "HEAD:draf/a").returncode == 0
    add_ruleset(fake, ruleset([{"type": "non_fast_forward"}, {"type": "deletion"}], include=["refs/heads/draf/*"]))
    git(work, "commit", "-q", "--amend", "-m", "Ditulis ulang")
    forced = push(work, writer, "+HEAD:draf/a")
    assert "- Cannot force-push to this branch" in remote_lines(forced.stderr)
    assert "(push declined due to repository rule violations)" in forced.stderr
    deleted = push(work, writer, ":draf/a")
    assert "- Cannot delete this branch" in remote_lines(deleted.stderr)
    commit(work, "drafts/b.md")
    assert push(work, writer, "HEAD:draf/a").returncode != 0  # still diverged from the amended history
    git(work, "fetch", "-q", writer, "draf/a")
    git(work, "reset", "-q", "--hard", "FETCH_HEAD")
    commit(work, "drafts/b.md")
    assert push(work, writer, "HEAD:draf/a").returncode == 0  # a fast-forward is fine
    assert [p["ref"] for p in fake.pushes] == ["refs/heads/draf/a", "refs/heads/draf/a"]


def test_creation_and_update_rules_with_pathname_patterns(fake: FakeGitHub, work: Path) -> None:
    writer = http_url(fake, fake.token_of(PENGELOLA))
    add_ruleset(fake, ruleset([{"type": "creation"}], include=["refs/heads/rilis/*"], name="buat"))
    commit(work, "drafts/a.md")
    created = push(work, writer, "HEAD:rilis/1")
    assert "- Cannot create ref due to creations being restricted." in remote_lines(created.stderr)
    # GitHub matches with File::FNM_PATHNAME: "rilis/*" does not reach "rilis/a/b".
    assert push(work, writer, "HEAD:rilis/a/b").returncode == 0
    add_ruleset(fake, ruleset([{"type": "update"}], include=["refs/heads/rilis/**/*"], name="ubah"))
    commit(work, "drafts/b.md")
    updated = push(work, writer, "HEAD:rilis/a/b")
    assert "- Cannot update this protected ref." in remote_lines(updated.stderr)


def test_required_linear_history_refuses_merge_commits(fake: FakeGitHub, work: Path) -> None:
    writer = http_url(fake, fake.token_of(PENGELOLA))
    add_ruleset(fake, ruleset([{"type": "required_linear_history"}], include=["~ALL"], exclude=["refs/heads/draf/**/*"]))
    git(work, "switch", "-q", "-c", "draf/samping")
    commit(work, "drafts/samping.md")
    git(work, "switch", "-q", "main")
    commit(work, "drafts/utama.md")
    git(work, "merge", "-q", "--no-ff", "-m", "Gabung", "draf/samping")
    refused = push(work, writer, "HEAD:kerja")
    assert "- This branch must not contain merge commits." in remote_lines(refused.stderr)
    assert push(work, writer, "HEAD:draf/x/gabungan").returncode == 0  # excluded
    assert push(work, writer, "HEAD~1:refs/heads/kerja").returncode == 0  # linear


def test_an_evaluate_ruleset_refuses_nothing(fake: FakeGitHub, work: Path) -> None:
    add_ruleset(fake, ruleset([{"type": "pull_request"}], enforcement="evaluate"))
    commit(work, "drafts/a.md")
    assert push(work, http_url(fake, fake.token_of(KASUBBAG)), "HEAD:main").returncode == 0


# ---------------------------------------------------------------- bypass actors


def test_a_deploy_key_bypasses_the_office_rulesets_over_ssh(fake: FakeGitHub, work: Path, tmp_path: Path) -> None:
    office_rulesets(fake)
    key_file, public = ssh_key(tmp_path)
    key_id = fake.add_deploy_key(deploykey.KEY_TITLE, public)
    assert fake.repo.deploy_keys[0] == {"id": key_id, "key": public.rsplit(" ", 1)[0], "title": deploykey.KEY_TITLE,
                                        "read_only": False, "created_at": "2026-11-02T01:00:00Z"}
    sha = commit(work, "content/posts/terbit.md")
    done = push(work, fakessh.url(fake), "HEAD:main", env=fakessh.environment(fake, key_file))
    assert done.returncode == 0, done.stderr
    assert remote_lines(done.stderr) == [
        "Bypassed rule violations for refs/heads/main:", "",
        "- Changes must be made through a pull request.", "",
        f'- Required status check "{repo_setup.DRAFT_CHECK}" is expected.', ""]
    assert fake.pushes[-1] | {"before": None} == {
        "ref": "refs/heads/main", "before": None, "after": sha, "pusher": None, "actor_type": "DeployKey",
        "transport": "ssh", "app_id": None, "deploy_key_id": key_id,
        "bypassed": ["Changes must be made through a pull request.",
                     f'Required status check "{repo_setup.DRAFT_CHECK}" is expected.']}
    assert fake.branch_sha(fake.repo, "main") == sha
    # A ruleset that does not name deploy keys as bypass actors binds them too.
    add_ruleset(fake, ruleset([{"type": "non_fast_forward"}], name="tanpa-paksa"))
    git(work, "commit", "-q", "--amend", "-m", "Ditulis ulang")
    forced = push(work, fakessh.url(fake), "+HEAD:main", env=fakessh.environment(fake, key_file))
    assert "- Cannot force-push to this branch" in remote_lines(forced.stderr)


def test_the_projects_own_ssh_push_environment_runs_against_the_stand_in(fake: FakeGitHub, work: Path,
                                                                          tmp_path: Path, monkeypatch) -> None:
    office_rulesets(fake)
    private, public = deploykey.generate()
    fake.add_deploy_key(deploykey.KEY_TITLE, public)
    monkeypatch.setenv(deploykey.KNOWN_HOSTS_ENV, "127.0.0.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeHostKeyForTests")
    env = deploykey.push_environment(private, tmp_path / "runner-temp", fake.html_base)
    env = {**env, "GIT_SSH_COMMAND": fakessh.instead_of_ssh(env["GIT_SSH_COMMAND"]), fakessh.ENV: fake.base_url}
    commit(work, "content/posts/terbit.md")
    outcome = GitRepo(work).push("HEAD:main", remote=deploykey.ssh_url(fake.html_base, fake.full_name), env=env)
    assert outcome.status is PushStatus.PUSHED, outcome.detail
    assert fake.pushes[-1]["actor_type"] == "DeployKey"


def test_an_app_bypasses_by_its_app_id_only(fake: FakeGitHub, work: Path) -> None:
    add_ruleset(fake, ruleset([{"type": "pull_request"}],
                              bypass=[{"actor_id": 4242, "actor_type": "Integration", "bypass_mode": "always"}]))
    commit(work, "content/posts/app.md")
    other = push(work, http_url(fake, fake.app_token(9999, slug="lain")), "HEAD:main")
    assert "- Changes must be made through a pull request." in remote_lines(other.stderr)
    done = push(work, http_url(fake, fake.app_token(4242, slug="jdih-terbit")), "HEAD:main")
    assert done.returncode == 0, done.stderr
    assert (fake.pushes[-1]["pusher"], fake.pushes[-1]["actor_type"], fake.pushes[-1]["app_id"]) == (
        "jdih-terbit[bot]", "Integration", 4242)


@pytest.mark.parametrize("role_id, allowed, refused", [(5, KASUBBAG, STAF), (4, STAF, KASUBBAG)])
def test_a_repository_role_bypasses_for_exactly_that_role(fake: FakeGitHub, work: Path, role_id: int,
                                                          allowed: str, refused: str) -> None:
    add_ruleset(fake, ruleset([{"type": "pull_request"}],
                              bypass=[{"actor_id": role_id, "actor_type": "RepositoryRole", "bypass_mode": "always"}]))
    commit(work, "content/posts/peran.md")
    denied = push(work, http_url(fake, fake.token_of(refused)), "HEAD:main")
    assert "(push declined due to repository rule violations)" in denied.stderr
    assert push(work, http_url(fake, fake.token_of(allowed)), "HEAD:main").returncode == 0
    assert fake.pushes[-1]["pusher"] == allowed


def test_team_org_admin_and_user_bypass_actors(fake: FakeGitHub, work: Path) -> None:
    fake.add_team_member("kpu-kapuas", "redaksi", STAF)
    team_id = fake.team_json("kpu-kapuas", "redaksi")["id"]
    add_ruleset(fake, ruleset([{"type": "pull_request"}], bypass=[
        {"actor_id": team_id, "actor_type": "Team", "bypass_mode": "always"},
        {"actor_id": 1, "actor_type": "OrganizationAdmin", "bypass_mode": "always"},
        {"actor_id": fake.users[KASUBBAG].id, "actor_type": "User", "bypass_mode": "always"}]))
    fake.add_user("pemilik-org")
    fake.set_permission("pemilik-org", "write")
    fake.add_org_owner("kpu-kapuas", "pemilik-org")
    for login in (STAF, "pemilik-org", KASUBBAG):
        commit(work, f"content/posts/{login}.md")
        assert push(work, http_url(fake, fake.token_of(login)), "HEAD:main").returncode == 0, login
    commit(work, "content/posts/pengelola.md")
    refused = push(work, http_url(fake, fake.token_of(PENGELOLA)), "HEAD:main")
    assert "- Changes must be made through a pull request." in remote_lines(refused.stderr)


def test_pull_request_bypass_mode_and_the_workflow_token_never_bypass(fake: FakeGitHub, work: Path) -> None:
    add_ruleset(fake, ruleset([{"type": "pull_request"}], bypass=[
        {"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "pull_request"},
        {"actor_id": 15368, "actor_type": "Integration", "bypass_mode": "always"},  # GitHub Actions' own app
        {"actor_id": None, "actor_type": "DeployKey", "bypass_mode": "always"}]))
    commit(work, "content/posts/bot.md")
    admin = push(work, http_url(fake, fake.token_of(KASUBBAG)), "HEAD:main")
    assert "(push declined due to repository rule violations)" in admin.stderr
    for token in (fake.workflow_token({"contents": "write"}), "test-token"):
        refused = push(work, http_url(fake, token), "HEAD:main")
        assert "- Changes must be made through a pull request." in remote_lines(refused.stderr)
    assert fake.pushes == []


# ---------------------------------------------------------------- classic branch protection


def protect(fake: FakeGitHub, payload: dict) -> None:
    response = requests.put(f"{fake.base_url}/repos/{REPO}/branches/main/protection", json=payload, timeout=10,
                            headers={"Authorization": f"token {fake.token_of(KASUBBAG)}"})
    assert response.status_code == 200, response.text


def test_classic_protection_refuses_with_gh006_and_lets_admins_through(fake: FakeGitHub, work: Path,
                                                                       tmp_path: Path) -> None:
    protect(fake, repo_setup.protection_payload())
    commit(work, "content/posts/langsung.md")
    refused = push(work, http_url(fake, fake.token_of(STAF)), "HEAD:main")
    assert remote_lines(refused.stderr) == [
        "error: GH006: Protected branch update failed for refs/heads/main.", "",
        "- Changes must be made through a pull request.", "",
        f'- Required status check "{repo_setup.DRAFT_CHECK}" is expected.']
    assert "! [remote rejected] HEAD -> main (protected branch hook declined)" in refused.stderr
    outcome = GitRepo(work).push("HEAD:main", remote=http_url(fake, fake.token_of(STAF)), env={"GIT_TERMINAL_PROMPT": "0"})
    assert outcome.status is PushStatus.REFUSED
    # No deploy key passes classic protection (why `jdih siapkan` prefers rulesets).
    key_file, public = ssh_key(tmp_path)
    fake.add_deploy_key("terbit", public)
    by_key = push(work, fakessh.url(fake), "HEAD:main", env=fakessh.environment(fake, key_file))
    assert "(protected branch hook declined)" in by_key.stderr
    # enforce_admins false: the admin may push directly.
    assert push(work, http_url(fake, fake.token_of(KASUBBAG)), "HEAD:main").returncode == 0


def test_classic_protection_force_push_deletion_restrictions_and_enforced_admins(fake: FakeGitHub, work: Path) -> None:
    payload = {**repo_setup.protection_payload(), "required_pull_request_reviews": None, "required_status_checks": None,
               "enforce_admins": True, "restrictions": {"users": [PENGELOLA], "teams": []}}
    protect(fake, payload)
    pengelola, staf = http_url(fake, fake.token_of(PENGELOLA)), http_url(fake, fake.token_of(STAF))
    commit(work, "content/posts/a.md")
    assert push(work, pengelola, "HEAD:main").returncode == 0
    commit(work, "content/posts/b.md")
    not_listed = push(work, staf, "HEAD:main")
    assert remote_lines(not_listed.stderr)[-1] == f"- {pushrules.NOT_AUTHORIZED}"
    admin = push(work, http_url(fake, fake.token_of(KASUBBAG)), "HEAD:main")  # enforce_admins: admins too
    assert "(protected branch hook declined)" in admin.stderr
    forced = push(work, pengelola, "+HEAD~2:main")  # main back to the first commit
    assert "- Cannot force-push to a protected branch" in remote_lines(forced.stderr)
    deleted = push(work, pengelola, ":main")
    assert "- Cannot delete this protected branch" in remote_lines(deleted.stderr)


# ---------------------------------------------------------------- the ssh stand-in


def run_fakessh(fake: FakeGitHub, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*shlex.split(fakessh.command()), *args],
                          env={**os.environ, fakessh.ENV: fake.base_url}, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False)


def test_an_unknown_key_is_denied_publickey_with_exit_255(fake: FakeGitHub, work: Path, tmp_path: Path) -> None:
    key_file, _ = ssh_key(tmp_path)
    direct = run_fakessh(fake, "-i", str(key_file), "git@github.com", "git-receive-pack 'kpu-kapuas/jdih-medsos.git'")
    assert (direct.returncode, direct.stderr) == (255, "git@github.com: Permission denied (publickey).\n")
    commit(work, "drafts/a.md")
    refused = push(work, fakessh.url(fake), "HEAD:draf/a", env=fakessh.environment(fake, key_file))
    assert refused.stderr.startswith("git@127.0.0.1: Permission denied (publickey).\nfatal: Could not read from remote")
    no_key = push(work, fakessh.url(fake), "HEAD:draf/a", env=fakessh.environment(fake))
    assert "Permission denied (publickey)." in no_key.stderr


def test_a_read_only_deploy_key_fetches_but_cannot_push(fake: FakeGitHub, work: Path, tmp_path: Path) -> None:
    key_file, public = ssh_key(tmp_path)
    fake.add_deploy_key("baca", public, read_only=True)
    env = fakessh.environment(fake, key_file)
    assert "refs/heads/main" in git(work, "ls-remote", fakessh.url(fake), env=env).stdout
    commit(work, "drafts/a.md")
    refused = push(work, fakessh.url(fake), "HEAD:draf/a", env=env)
    assert refused.stderr.startswith("ERROR: The key you are authenticating with has been marked as read only.\n")
    assert fake.pushes == []


def test_deploy_keys_belong_to_one_repository_and_unprotected_keys_are_ignored(fake: FakeGitHub, work: Path,
                                                                                tmp_path: Path) -> None:
    fake.add_repo("kpu-kapuas", "lain")
    key_file, public = ssh_key(tmp_path)
    fake.repos["kpu-kapuas/lain"].deploy_keys.append({"id": 1, "key": public, "title": "lain", "read_only": False,
                                                      "created_at": "2026-11-02T01:00:00Z"})
    env = fakessh.environment(fake, key_file)
    commit(work, "drafts/a.md")
    refused = push(work, fakessh.url(fake), "HEAD:draf/a", env=env)
    assert refused.stderr.startswith(f"ERROR: Permission to {REPO}.git denied to deploy key\n")
    missing = git(work, "ls-remote", fakessh.url(fake, "kpu-kapuas/tidak-ada"), env=env, check=False)
    assert missing.stderr.startswith("ERROR: Repository not found.\n")
    greeting = run_fakessh(fake, "-i", str(key_file), "git@github.com")
    assert greeting.stderr == ("Hi kpu-kapuas/lain! You've successfully authenticated, but GitHub does not provide "
                               "shell access.\n")
    key_file.chmod(0o644)
    loose = push(work, fakessh.url(fake), "HEAD:draf/a", env=env)
    assert "WARNING: UNPROTECTED PRIVATE KEY FILE!" in loose.stderr and "Permission denied (publickey)." in loose.stderr


def test_a_deploy_key_added_through_the_rest_api_pushes(fake: FakeGitHub, work: Path, tmp_path: Path) -> None:
    key_file, public = ssh_key(tmp_path)
    response = requests.post(f"{fake.base_url}/repos/{REPO}/keys", json={"title": "terbit", "key": public}, timeout=10,
                             headers={"Authorization": f"token {fake.token_of(KASUBBAG)}"})
    assert response.status_code == 201, response.text
    sha = commit(work, "drafts/a.md")
    assert push(work, fakessh.url(fake), "HEAD:draf/a", env=fakessh.environment(fake, key_file)).returncode == 0
    assert (fake.pushes[-1]["deploy_key_id"], fake.pushes[-1]["after"]) == (response.json()["id"], sha)


def test_file_path_pushes_into_the_bare_repository_are_the_scenario_side(fake: FakeGitHub, work: Path) -> None:
    office_rulesets(fake)
    commit(work, "content/posts/lewat-berkas.md")
    assert git(work, "push", "-q", str(fake.git_dir), "HEAD:main").returncode == 0  # as GitHub's own merge would
    assert fake.pushes == []


# ---------------------------------------------------------------- the Contents API


def put_file(fake: FakeGitHub, token: str, path: str, branch: str = "main") -> requests.Response:
    return requests.put(f"{fake.base_url}/repos/{REPO}/contents/{path}", timeout=10,
                        json={"message": "Tambah", "content": "aXNp", "branch": branch},
                        headers={"Authorization": f"token {token}"})


def test_contents_writes_follow_the_rulesets(fake: FakeGitHub) -> None:
    add_ruleset(fake, ruleset([{"type": "pull_request"}, {"type": "non_fast_forward"}],
                              bypass=[{"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"}]))
    refused = put_file(fake, fake.token_of(STAF), "CODEOWNERS")
    assert refused.status_code == 409
    assert refused.json()["message"] == "Repository rule violations found\n\nChanges must be made through a pull request.\n\n"
    assert put_file(fake, fake.workflow_token({"contents": "write"}), "CODEOWNERS").status_code == 409
    assert put_file(fake, fake.token_of(KASUBBAG), "CODEOWNERS").status_code == 201  # the admin role bypasses
    fake.set_branch_sha("draf/a", fake.branch_sha(fake.repo, "main"))
    assert put_file(fake, fake.token_of(STAF), "drafts/a.md", branch="draf/a").status_code == 201  # not targeted


def test_contents_writes_under_classic_protection_requiring_reviews(fake: FakeGitHub) -> None:
    protect(fake, repo_setup.protection_payload())
    refused = put_file(fake, fake.token_of(KASUBBAG), "CODEOWNERS")
    assert (refused.status_code, refused.json()["message"]) == (409, "Changes must be made through a pull request.")


# ---------------------------------------------------------------- pattern matching


@pytest.mark.parametrize("ref, pattern, matches", [
    ("refs/heads/main", "refs/heads/main", True),
    ("refs/heads/draf/a", "refs/heads/draf/*", True),
    ("refs/heads/draf/a/b", "refs/heads/draf/*", False),
    ("refs/heads/draf/a/b", "refs/heads/draf/**/*", True),
    ("refs/heads/draf/a", "refs/heads/draf/**/*", True),
    ("refs/heads/rilis-1", "refs/heads/rilis-?", True),
    ("refs/heads/rilis-12", "refs/heads/rilis-[0-9]", False),
    ("refs/heads/main", "refs/heads/*", True),
])
def test_ref_patterns_match_like_file_fnmatch_with_pathname(ref: str, pattern: str, matches: bool) -> None:
    assert pushrules.ref_matches(ref, pattern) is matches
