"""Publishing under GitHub's real rules, on the strict double: `jdih siapkan` sets the repository
up, the publish workflow runs in the Actions simulator against git served by the fake GitHub
(smart HTTP for the checkout, SSH for the push), and only the deploy key from the main-only
environment gets the promotion commit onto the protected main."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jdih.content.settings import load_settings
from jdih.github import deploykey
from jdih.github.client import GitHubRepo
from jdih.office import repo_setup
from jdih.testing import fakessh
from jdih.testing.actions_sim import Simulator, push_triggers_workflows
from jdih.testing.fakegithub.routes_setup import environment_secrets
from jdih.testing.fakessh import ENV as FAKE_SSH_ENV
from jdih.testing.pageshost import PagesHost
from tests.editorial_world import KASUBBAG, git
from tests.test_workflows import (
    SKIP_INSTALL,
    TOKEN,
    WORKFLOWS,
    all_logs,
    approved_merge,
    make_project_world,
    push_payload,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def image_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("jdih-cache")


@pytest.fixture
def world(tmp_path):
    made = make_project_world(tmp_path)
    made.pages_host = PagesHost()  # deploy-pages serves the site; step 6a fetches from it
    yield made
    made.pages_host.close()
    made.fake.stop()


def set_up(world, *, with_key: bool = True) -> None:
    """`jdih siapkan` with the Kasubbag's admin token, as the README says."""
    settings = load_settings(world.origin.parent / "seed" / "site_config" / "jdih.yml")
    gh = GitHubRepo(world.fake.token_of(KASUBBAG), world.fake.full_name, world.fake.base_url, write_pause=0)
    repo_setup.run(gh, settings, echo=lambda _: None)
    if not with_key:  # the set-up of an office that never had the key (or lost its secret)
        world.fake.repo.environments[deploykey.ENVIRONMENT]["secrets"].clear()


def http_checkout(world, name: str, sha: str) -> Path:
    """actions/checkout with persist-credentials: false: an anonymous HTTPS clone of the public
    repository, served by the fake (no credential left in .git/config)."""
    path = world.tmp / name
    url = f"{world.fake.html_base}/{world.fake.full_name}.git"
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
    subprocess.run(["git", "clone", "-q", url, str(path)], check=True, env=env, capture_output=True)
    git(path, "checkout", "-q", "-B", "main", sha)
    return path


def run_publish(world, receiver, cache: Path, sha: str, run_id: int, *, ref: str = "refs/heads/main",
                workflow: Path = WORKFLOWS / "terbitkan.yml", event: str = "push", payload: dict | None = None):
    workspaces: dict[str, Path] = {}

    def workspace_for(job: str) -> Path:
        workspaces[job] = http_checkout(world, f"ci-{run_id}-{job}", sha)
        return workspaces[job]

    run_dir = world.tmp / f"run-{run_id}"
    run_dir.mkdir()
    path = f"{fakessh.install_as_ssh(world.tmp / 'ssh-bin')}:{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    sim = Simulator(workflow, event_name=event, payload=payload or push_payload(world, sha), tmp=run_dir,
                    workspace_for=workspace_for, repository=world.fake.full_name, api_url=world.fake.base_url,
                    token=world.fake.workflow_token(), token_for=world.fake.workflow_token,
                    secrets={"WHATSAPP_URL": f"{receiver.url}/kirim", "WHATSAPP_TOKEN": TOKEN},
                    base_env={"JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_CACHE_DIR": str(cache), "PATH": path,
                              FAKE_SSH_ENV: world.fake.base_url, "GIT_TERMINAL_PROMPT": "0",
                              # the fake is not github.com: its host key line, as an Enterprise
                              # office would set it (the stand-in does not check it)
                              deploykey.KNOWN_HOSTS_ENV: "127.0.0.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"},
                    skip_steps=SKIP_INSTALL, sha=sha, ref=ref, run_id=run_id, server_url=world.fake.html_base,
                    environment_secrets=lambda name, r: environment_secrets(world.fake.repo, name, r),
                    pages_host=world.pages_host)
    return sim, sim.run(), workspaces


def test_the_promotion_reaches_protected_main_only_through_the_deploy_key(world, receiver, image_cache):
    set_up(world)
    _, pull, sha = approved_merge(world)
    sim, run, _ = run_publish(world, receiver, image_cache, sha, 5001)
    assert run.conclusion == "success", all_logs(run)
    # the promotion commit is on main, pushed by the deploy key past the rulesets
    subjects = world.origin_subjects()
    assert subjects[0] == f"Terbitkan: Uji Alur Terbit (#{pull})"
    [push] = [p for p in world.fake.pushes if p["ref"] == "refs/heads/main"]
    assert push["actor_type"] == "DeployKey" and push["bypassed"]
    assert push["after"] == git(world.origin, "rev-parse", "main")
    # deployed and announced once
    assert "deploy-pages" in all_logs(run) or run.jobs["terapkan"].result == "success"
    assert len(receiver.requests) == 1
    # the promotion push says [skip ci]: it starts no second publish run
    message = git(world.origin, "log", "-1", "--format=%B", "main")
    assert "[skip ci]" in message
    again = push_payload(world, push["after"])
    again["head_commit"] = again["head_commit"] | {"message": message}
    assert not Simulator(WORKFLOWS / "terbitkan.yml", event_name="push", payload=again, tmp=world.tmp,
                         workspace_for=lambda job: world.tmp, repository=world.fake.full_name,
                         api_url=world.fake.base_url, token="x").triggered()


def test_without_the_deploy_key_the_push_is_refused_and_the_run_is_red(world, receiver, image_cache):
    set_up(world, with_key=False)
    _, _, sha = approved_merge(world)
    before = git(world.origin, "rev-parse", "main")
    _, run, _ = run_publish(world, receiver, image_cache, sha, 5002)
    assert run.conclusion == "failure"
    assert run.jobs["bangun"].result == "failure"
    assert run.jobs["terapkan"].result == "skipped" and run.jobs["kabari"].result == "skipped"
    logs = all_logs(run)
    assert "::error::Penerbitan gagal: dorongan ke main ditolak GitHub (" in logs
    assert "jalankan 'jdih siapkan' dengan token admin" in logs
    assert git(world.origin, "rev-parse", "main") == before  # main untouched: the draft waits in drafts/
    assert receiver.requests == []  # nothing announced
    assert not [p for p in world.fake.pushes if p["ref"] == "refs/heads/main"]


def test_the_workflow_token_itself_can_never_push_to_main(world):
    set_up(world)
    work = world.ci("token")
    (work / "catatan.md").write_text("langsung ke main\n")
    git(work, "add", "-A")
    git(work, "-c", "user.name=bot", "-c", "user.email=bot@example.org", "commit", "-qm", "Langsung")
    token = world.fake.workflow_token({"contents": "write"})
    url = f"{world.fake.html_base}/{world.fake.full_name}.git".replace("://", f"://x-access-token:{token}@")
    pushed = subprocess.run(["git", "push", url, "HEAD:main"], cwd=work, capture_output=True, text=True,
                            env=dict(os.environ, GIT_TERMINAL_PROMPT="0"))
    assert pushed.returncode != 0
    assert "GH013: Repository rule violations found for refs/heads/main" in pushed.stderr
    assert "push declined due to repository rule violations" in pushed.stderr


def test_a_workflow_on_a_staff_branch_cannot_read_the_publish_credential(world, receiver, image_cache, tmp_path):
    set_up(world)
    _, _, sha = approved_merge(world)
    # 1. The real workflow started on a staff branch publishes nothing.
    payload = json.loads((WORKFLOWS.parent.parent / "scripts" / "jdih" / "testing" / "github" / "webhook-examples"
                          / "workflow_dispatch.event.0.json").read_text())
    payload["ref"] = "refs/heads/konsep/iseng"
    payload["repository"] = payload["repository"] | {"full_name": world.fake.full_name}
    _, run, _ = run_publish(world, receiver, image_cache, sha, 5003, ref="refs/heads/konsep/iseng",
                            event="workflow_dispatch", payload=payload)
    assert run.jobs["bangun"].result == "skipped"
    # 2. A copy whose author removed the `if:` (pushed on a branch, never reviewed): the
    #    environment's deployment branches refuse the job before any step, so no step sees the key.
    changed = yaml.safe_load((WORKFLOWS / "terbitkan.yml").read_text())
    del changed["jobs"]["bangun"]["if"]
    rogue = tmp_path / "terbitkan.yml"
    rogue.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False))
    _, run, _ = run_publish(world, receiver, image_cache, sha, 5004, ref="refs/heads/konsep/iseng",
                            workflow=rogue, event="workflow_dispatch", payload=payload)
    bangun = run.jobs["bangun"]
    assert bangun.result == "failure"
    assert [s.name for s in bangun.steps] == ["environment"]
    assert "is not allowed to deploy to jdih-terbitkan due to environment protection rules" in bangun.steps[0].note
    secret = world.fake.repo.environments[deploykey.ENVIRONMENT]["secrets"][deploykey.SECRET]["value"]
    assert secret not in all_logs(run)
    assert receiver.requests == []


def test_what_a_push_by_each_credential_triggers(world):
    """The workflow token's push starts nothing; the deploy key's does, unless it says [skip ci]."""
    set_up(world)
    work = world.ci("pemicu")
    (work / "catatan.md").write_text("cabang kerja\n")
    git(work, "add", "-A")
    git(work, "-c", "user.name=bot", "-c", "user.email=bot@example.org", "commit", "-qm", "Catatan")
    token = world.fake.workflow_token({"contents": "write"})
    url = f"{world.fake.html_base}/{world.fake.full_name}.git".replace("://", f"://x-access-token:{token}@")
    subprocess.run(["git", "push", "-q", url, "HEAD:refs/heads/catatan"], cwd=work, check=True, capture_output=True,
                   env=dict(os.environ, GIT_TERMINAL_PROMPT="0"))
    by_token = world.fake.pushes[-1]
    assert by_token["actor_type"] == "GitHubActions" and not push_triggers_workflows(by_token)
    key_file = world.tmp / "kunci"
    key_file.write_text(environment_secrets(world.fake.repo, deploykey.ENVIRONMENT, "refs/heads/main")[deploykey.SECRET])
    key_file.chmod(0o600)
    subprocess.run(["git", "push", "-q", fakessh.url(world.fake), "HEAD:refs/heads/catatan-2"], cwd=work, check=True,
                   capture_output=True, env={**os.environ, **fakessh.environment(world.fake, key_file)})
    by_key = world.fake.pushes[-1]
    assert by_key["actor_type"] == "DeployKey"
    assert push_triggers_workflows(by_key, "Catatan")
    assert not push_triggers_workflows(by_key, "Terbitkan: X (#1)\n\n[skip ci]")
