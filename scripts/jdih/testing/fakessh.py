"""An ``ssh`` stand-in for git, talking to the fake GitHub: ``GIT_SSH_COMMAND`` in tests.

git runs it as ``<command> [-o ...] [-i keyfile] [-p port] git@<host> "git-receive-pack 'owner/repo.git'"``.
It loads the private key given with ``-i`` (or ``-o IdentityFile=``), asks the fake over HTTP
who that key is (``POST /_fake/ssh-auth``: the repository's deploy keys, ``fake.add_deploy_key``
or POST /repos/{o}/{r}/keys), then runs ``git receive-pack``/``git upload-pack`` on the fake's
bare repository, through the same push rules as smart HTTP (gitserver.py, pushrules.py).

``JDIH_FAKE_SSH=http://127.0.0.1:<port>`` (``fake.base_url``) names the fake; every host maps
to it. In a test::

    env = fakessh.environment(fake, key_file)        # GIT_SSH_COMMAND and JDIH_FAKE_SSH
    subprocess.run(["git", "push", fakessh.url(fake), "main"], env={**os.environ, **env})

or, to run the project's own push environment (``deploykey.push_environment``) against the
fake, ``fakessh.instead_of_ssh(env["GIT_SSH_COMMAND"])``.

As OpenSSH does, a private key file readable by others is ignored ("WARNING: UNPROTECTED
PRIVATE KEY FILE!", quoted in jkbrzt/cloudtunes#46), and ``-G`` (print the configuration, which
git uses to recognise OpenSSH) succeeds. What GitHub answers, with sources, is in gitserver.py.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ENV = "JDIH_FAKE_SSH"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the fake is on loopback: never a proxy
# OpenSSH options that take an argument (ssh(1)).
_WITH_ARGUMENT = set("BbcDEeFIiJLlmOoPpQRSWw")
_UNPROTECTED = """@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
Permissions {mode:04o} for '{path}' are too open.
It is required that your private key files are NOT accessible by others.
This private key will be ignored.
Load key "{path}": bad permissions
"""


def command() -> str:
    """The stand-in as a shell command line (what GIT_SSH_COMMAND starts with)."""
    return shlex.join([sys.executable, "-m", "jdih.testing.fakessh"])


def environment(fake: Any, key_file: Path | str | None = None) -> dict[str, str]:
    """GIT_SSH_COMMAND (with ``-i key_file``) and JDIH_FAKE_SSH for a git command against ``fake``."""
    line = command() + " -o IdentitiesOnly=yes -o BatchMode=yes"
    if key_file is not None:
        line += f" -i {shlex.quote(str(key_file))}"
    return {"GIT_SSH_COMMAND": line, ENV: fake.base_url}


def url(fake: Any, full_name: str | None = None) -> str:
    """The repository's SSH address, ``git@<host>:owner/repo.git`` (as ``ssh_url`` in its JSON)."""
    return f"git@{urlsplit(fake.base_url).hostname}:{full_name or fake.full_name}.git"


def instead_of_ssh(ssh_command: str) -> str:
    """``ssh_command`` (e.g. from ``deploykey.push_environment``) with ``ssh`` replaced by the stand-in."""
    words = shlex.split(ssh_command)
    if not words or Path(words[0]).name != "ssh":
        raise ValueError(f"not an ssh command: {ssh_command!r}")
    return command() + " " + shlex.join(words[1:])


def install_as_ssh(folder: Path) -> Path:
    """An executable named ``ssh`` in ``folder`` that is this stand-in; put ``folder`` first on
    PATH (with JDIH_FAKE_SSH set) and a program's own ``ssh …`` command reaches the fake, e.g.
    `jdih terbitkan` in the Actions simulator."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "ssh"
    script.write_text(f"#!/bin/sh\nexec {command()} \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    return folder


def _parse(argv: list[str]) -> tuple[dict[str, list[str]], set[str], list[str]]:
    options: dict[str, list[str]] = {}
    flags: set[str] = set()
    index = 0
    while index < len(argv) and argv[index].startswith("-") and argv[index] != "--":
        word = argv[index]
        position = 1
        while position < len(word):
            letter = word[position]
            if letter in _WITH_ARGUMENT:
                value = word[position + 1:] or (argv[index + 1] if index + 1 < len(argv) else "")
                if not word[position + 1:]:
                    index += 1
                options.setdefault(letter, []).append(value)
                break
            flags.add(letter)
            position += 1
        index += 1
    if index < len(argv) and argv[index] == "--":
        index += 1
    return options, flags, argv[index:]


def _identity_files(options: dict[str, list[str]]) -> list[str]:
    files = list(options.get("i", []))
    for option in options.get("o", []):
        key, _, value = option.partition("=")
        if key.strip().lower() == "identityfile":
            files.append(value.strip())
    return files


def _public_keys(files: list[str]) -> list[str]:
    from cryptography.hazmat.primitives import serialization

    keys = []
    for name in files:
        path = Path(os.path.expanduser(name))
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            data = path.read_bytes()
        except OSError:
            continue  # ssh skips an identity file it cannot read
        if mode & 0o077:
            sys.stderr.write(_UNPROTECTED.format(mode=mode, path=name))
            continue
        try:
            private = serialization.load_ssh_private_key(data, password=None)
        except (ValueError, TypeError) as error:
            sys.stderr.write(f'Load key "{name}": {error}\n')
            continue
        public = private.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        keys.append(public.decode("ascii"))
    return keys


def main(argv: list[str] | None = None) -> int:
    options, flags, rest = _parse(list(sys.argv[1:] if argv is None else argv))
    if "G" in flags:
        return 0  # `ssh -G host`: git asks it to tell OpenSSH from other ssh programs
    if not rest:
        sys.stderr.write("usage: python -m jdih.testing.fakessh [options] [user@]host [command]\n")
        return 255
    fake_url = os.environ.get(ENV)
    if not fake_url:
        sys.stderr.write(f"fakessh: {ENV} is not set (the fake GitHub's base_url)\n")
        return 255
    destination, words = rest[0], shlex.split(" ".join(rest[1:]))
    user, _, host = destination.rpartition("@")
    user = user or (options.get("l") or [os.environ.get("USER", "")])[-1]
    service, path = (words + ["", ""])[:2]
    for public_key in _public_keys(_identity_files(options)):
        request = urllib.request.Request(
            f"{fake_url}/_fake/ssh-auth", headers={"Content-Type": "application/json"},
            data=json.dumps({"public_key": public_key, "user": user, "service": service, "path": path}).encode())
        with _OPENER.open(request, timeout=30) as response:
            answer = json.loads(response.read())
        if answer.get("publickey"):
            continue  # the server does not know this key: ssh offers the next one
        if not answer["ok"]:
            sys.stderr.write(answer["stderr"])
            return int(answer.get("exit", 1))
        env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_") or key == "GIT_PROTOCOL"}
        env.update(answer["env"])
        sys.stdout.flush()
        os.execvpe("git", ["git", service.removeprefix("git-"), answer["git_dir"]], env)
    sys.stderr.write(f"{user}@{host}: Permission denied (publickey).\n")
    return 255


if __name__ == "__main__":
    sys.exit(main())
