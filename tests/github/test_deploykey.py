"""The publish credential's pieces: the key pair, the pinned host keys, the push environment."""

from __future__ import annotations

import base64
import hashlib
import shlex
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from jdih.github import deploykey

# "GitHub's SSH key fingerprints" (docs.github.com, authentication/keeping-your-account-and-data-secure).
PUBLISHED = {"ssh-ed25519": "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU",
             "ecdsa-sha2-nistp256": "SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM",
             "ssh-rsa": "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"}


def fingerprint(blob: str) -> str:
    return "SHA256:" + base64.b64encode(hashlib.sha256(base64.b64decode(blob)).digest()).decode().rstrip("=")


def test_the_pinned_host_keys_are_the_ones_github_publishes():
    lines = deploykey.KNOWN_HOSTS.read_text(encoding="ascii").splitlines()
    found = {}
    for line in lines:
        host, kind, blob = line.split()
        assert host == "github.com"
        found[kind] = fingerprint(blob)
    assert found == PUBLISHED


def test_a_generated_pair_belongs_together():
    private, public = deploykey.generate()
    assert private.startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert public.startswith("ssh-ed25519 ") and public.endswith(" jdih-terbitkan")
    loaded = serialization.load_ssh_private_key(private.encode(), None)
    derived = loaded.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    assert public.split()[:2] == derived.decode().split()
    assert deploykey.generate()[0] != private


def test_the_push_environment_keeps_the_key_private_and_checks_the_host(tmp_path):
    private, _ = deploykey.generate()
    env = deploykey.push_environment(private.replace("\n", "\r\n"), tmp_path / "ssh", "https://github.com")
    command = shlex.split(env["GIT_SSH_COMMAND"])
    key_file = tmp_path / "ssh" / "jdih-deploy-key"
    assert command[:3] == ["ssh", "-i", str(key_file)]
    assert "StrictHostKeyChecking=yes" in command and "BatchMode=yes" in command
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "\r" not in key_file.read_text()
    known = next(c for c in command if c.startswith("UserKnownHostsFile=")).split("=", 1)[1]
    assert Path(known).read_text() == deploykey.KNOWN_HOSTS.read_text()


def test_anything_but_a_private_key_is_refused_with_what_to_do(tmp_path):
    with pytest.raises(deploykey.DeployKeyError, match="secret JDIH_DEPLOY_KEY bukan kunci SSH privat — jalankan 'jdih siapkan'"):
        deploykey.push_environment("ghp_token", tmp_path, "https://github.com")


def test_an_enterprise_host_needs_its_host_keys(tmp_path, monkeypatch):
    private, _ = deploykey.generate()
    monkeypatch.delenv(deploykey.KNOWN_HOSTS_ENV, raising=False)
    with pytest.raises(deploykey.DeployKeyError, match="kunci host SSH untuk git.kpu.go.id tidak diketahui"):
        deploykey.push_environment(private, tmp_path, "https://git.kpu.go.id")
    monkeypatch.setenv(deploykey.KNOWN_HOSTS_ENV, "git.kpu.go.id ssh-ed25519 AAAA")
    env = deploykey.push_environment(private, tmp_path, "https://git.kpu.go.id")
    assert "UserKnownHostsFile=" in env["GIT_SSH_COMMAND"]
    assert deploykey.ssh_url("https://git.kpu.go.id", "kpu/jdih") == "git@git.kpu.go.id:kpu/jdih.git"
    assert deploykey.ssh_url("https://github.com", "kpu-kapuas/jdih-medsos") == "git@github.com:kpu-kapuas/jdih-medsos.git"


def test_the_workflow_uses_the_names_siapkan_sets_up():
    import yaml

    from tests.conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github/workflows/terbitkan.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["bangun"]
    assert job["environment"] == deploykey.ENVIRONMENT
    assert job["if"] == f"github.ref == 'refs/heads/{deploykey.BRANCH}'"
    assert job["permissions"]["contents"] == "read"  # the token never pushes
    step = next(s for s in job["steps"] if s.get("id") == "terbitkan")
    assert step["env"][deploykey.SECRET] == f"${{{{ secrets.{deploykey.SECRET} }}}}"
    assert "JDIH_BOT_TOKEN" not in (ROOT / ".github/workflows/terbitkan.yml").read_text(encoding="utf-8")
