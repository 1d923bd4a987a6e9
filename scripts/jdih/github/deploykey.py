"""The publish credential: a write deploy key, usable only by the publish job on `main`.

Why a deploy key (the decision, in full in scripts/README.md, "Publishing under GitHub's
rules"): the ruleset on `main` lets exactly one actor push without a pull request, the
repository's deploy keys (`actor_type: DeployKey`; GitHub has no per-key bypass, so
`jdih siapkan` keeps one write key). Its private half is a secret of the environment
`ENVIRONMENT`, whose deployment branches are `main` only, so a workflow started on any other
branch cannot read it ("Using environments for deployment": a job gets an environment's
secrets only once the environment's deployment branch rules admit its ref). Nothing
expires, no personal token, no GitHub App to register per office.

This module holds the names every side agrees on (the workflow, `jdih siapkan`,
`jdih terbitkan`) and the small pieces around the key: generating it, and the environment
for one `git push` over SSH with it, checked against GitHub's published host keys.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ENVIRONMENT = "jdih-terbitkan"  # the environment of the publish job (terbitkan.yml, job `bangun`)
SECRET = "JDIH_DEPLOY_KEY"  # the environment secret holding the private key
KEY_TITLE = "jdih-terbitkan"  # the deploy key's title on GitHub, how `jdih siapkan` finds it
BRANCH = "main"  # the only branch the environment admits

# GitHub's SSH host keys as GitHub publishes them for ~/.ssh/known_hosts ("GitHub's SSH key
# fingerprints", https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/githubs-ssh-key-fingerprints).
# Pinned here so the push never trusts a key on first use; tests/github/test_deploykey.py
# checks each against the SHA256 fingerprints on that page.
KNOWN_HOSTS = Path(__file__).with_name("known_hosts")
GITHUB_HOST = "github.com"
# For GitHub Enterprise Server: its host keys in known_hosts form (the site admin has them).
KNOWN_HOSTS_ENV = "JDIH_SSH_KNOWN_HOSTS"


class DeployKeyError(Exception):
    """The publish credential is missing or unusable; the message is Indonesian."""


def generate() -> tuple[str, str]:
    """A new Ed25519 key pair: (private key in OpenSSH PEM form, public key line)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                serialization.NoEncryption()).decode("ascii")
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode("ascii")
    return private, f"{public} {KEY_TITLE}"


def ssh_url(server_url: str, repository: str) -> str:
    """`git@host:owner/name.git` for the web host in GITHUB_SERVER_URL."""
    host = urlsplit(server_url).hostname or GITHUB_HOST
    return f"git@{host}:{repository}.git"


def push_environment(private_key: str, workdir: Path, server_url: str) -> dict[str, str]:
    """Environment variables for one `git push` with `private_key` over SSH.

    The key goes to a file only this user can read, in `workdir` (the runner's temporary
    folder, removed with the job); host keys are GitHub's own, never accepted blindly."""
    text = private_key.strip().replace("\r\n", "\n") + "\n"
    if "PRIVATE KEY-----" not in text:
        raise DeployKeyError(f"secret {SECRET} bukan kunci SSH privat — jalankan 'jdih siapkan' lagi "
                             "untuk membuat kunci terbit yang baru")
    workdir.mkdir(parents=True, exist_ok=True)
    key_file = workdir / "jdih-deploy-key"
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(text)
    host = urlsplit(server_url).hostname or GITHUB_HOST
    known = workdir / "jdih-known-hosts"
    if os.environ.get(KNOWN_HOSTS_ENV):
        known.write_text(os.environ[KNOWN_HOSTS_ENV].strip() + "\n", encoding="ascii")
    elif host == GITHUB_HOST:
        known.write_text(KNOWN_HOSTS.read_text(encoding="ascii"), encoding="ascii")
    else:
        raise DeployKeyError(f"kunci host SSH untuk {host} tidak diketahui — isi variabel {KNOWN_HOSTS_ENV} "
                             "dengan baris known_hosts server GitHub Enterprise Anda")
    command = ["ssh", "-i", str(key_file), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
               "-o", "StrictHostKeyChecking=yes", "-o", f"UserKnownHostsFile={known}"]
    return {"GIT_SSH_COMMAND": shlex.join(command)}
