"""Git over smart HTTP at ``{fake.html_base}/{owner}/{repo}.git``, and the fake's own
``/_fake/`` routes (not GitHub's: the SSH stand-in and the push hook call them).

Smart HTTP is ``git http-backend`` run as CGI on the bare repository ``FakeGitHub(git_dir=...)``
(GIT_PROJECT_ROOT, GIT_HTTP_EXPORT_ALL, PATH_INFO, QUERY_STRING, CONTENT_TYPE, REQUEST_METHOD,
REMOTE_USER; request and response bodies are streamed, a chunked request body too). Every
push, over HTTP or SSH, goes through one enforcement point: the proc-receive hook
(pushhook.py), which hands the ref updates and the pusher's session to ``POST /_fake/push``;
the fake answers with pushrules.py and records each accepted update in ``fake.pushes``.

GitHub's rules kept here, each with its source:

* HTTP authentication is Basic, the password a token; the user name is "x-access-token" for
  app and Actions tokens and anything for a person's token (yc-software/qm#1235: GitHub's git
  endpoint needs Basic ``x-access-token:<token>``, not Bearer). Without credentials a push is
  challenged: 401 with ``WWW-Authenticate: Basic realm="GitHub"`` (stephnangue/warden#255); a
  public repository can be read anonymously.
* Wrong credentials: 401, "Invalid username or token. Password authentication is not
  supported for Git operations." (gitextensions/gitextensions#12876; git shows it as a
  "remote:" line, then "Authentication failed").
* A token without write access: 403, "Permission to owner/repo.git denied to <login>." (e.g.
  acdh-oeaw/dse-static-cookiecutter#57, nanos/FediFetcher#91 for github-actions[bot]).
* A repository the caller may not see: 404, "Repository not found." (mislav/hub#1402).
* Over SSH (fakessh.py): an unknown key "git@github.com: Permission denied (publickey)."
  (131/h264-live-player#59); a read-only deploy key pushing "ERROR: The key you are
  authenticating with has been marked as read only." (greenkeeperio/greenkeeper-lockfile#103);
  another repository's deploy key pushing "ERROR: Permission to owner/repo.git denied to deploy
  key" (OpenCPN/plugins#1206); an unknown repository "ERROR: Repository not found."
  (nilbuild/developer-roadmap#1644); no command: "Hi owner/repo! You've successfully
  authenticated, but GitHub does not provide shell access." (jkbrzt/cloudtunes#46).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import parse_qs, urlsplit

from jdih.testing.fakegithub import pushrules, tokens

if TYPE_CHECKING:
    from jdih.testing.fakegithub.server import FakeGitHub, _Repo
    from jdih.testing.fakegithub.tokens import Identity

GIT_PATH = re.compile(r"^/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/"
                      r"(?P<rest>info/refs|git-upload-pack|git-receive-pack)$")
REALM = 'Basic realm="GitHub"'
BAD_CREDENTIALS = "Invalid username or token. Password authentication is not supported for Git operations."
NOT_FOUND = "Repository not found."


def handles(path: str) -> bool:
    path = urlsplit(path).path
    return path.startswith("/_fake/") or GIT_PATH.match(path) is not None


# ---------------------------------------------------------------- the fake's git workspace


def workspace(fake: FakeGitHub) -> Path:
    """A temporary folder with the proc-receive hook and the CGI project root (removed with the fake)."""
    existing = getattr(fake, "_git_workspace", None)
    if existing is not None:
        return existing
    root = Path(tempfile.mkdtemp(prefix="fakegithub-git-"))
    hooks = root / "hooks"
    hooks.mkdir()
    hook = hooks / "proc-receive"
    script = Path(__file__).with_name("pushhook.py")
    hook.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{script}'\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    (root / "repos").mkdir()
    fake._git_workspace = root  # type: ignore[attr-defined]
    weakref.finalize(fake, shutil.rmtree, root, True)
    return root


def hook_environment(fake: FakeGitHub, session: str, *, http: bool = False) -> dict[str, str]:
    """What receive-pack/upload-pack run for the fake add to their environment: the proc-receive
    hook for every ref, passed as configuration (so the bare repository itself is left as it is),
    and the push's session."""
    config = {"core.hooksPath": str(workspace(fake) / "hooks"), "receive.procReceiveRefs": "refs/"}
    if http:
        config["http.receivepack"] = "true"
    env = {"GIT_CONFIG_COUNT": str(len(config)), "JDIH_FAKE_URL": fake.base_url, "JDIH_FAKE_PUSH": session}
    for index, (key, value) in enumerate(config.items()):
        env[f"GIT_CONFIG_KEY_{index}"], env[f"GIT_CONFIG_VALUE_{index}"] = key, value
    return env


def clean_environment(environ: dict[str, str]) -> dict[str, str]:
    """``environ`` without the caller's git variables (GIT_DIR and the like), GIT_PROTOCOL kept."""
    return {key: value for key, value in environ.items() if not key.startswith("GIT_") or key == "GIT_PROTOCOL"}


def new_session(fake: FakeGitHub, identity: Identity, repo: _Repo, transport: str) -> str:
    session = secrets.token_hex(16)
    fake.git_sessions[session] = {"identity": identity, "repo": repo.full_name.lower(), "transport": transport}
    return session


def git_dir_of(fake: FakeGitHub, repo: _Repo) -> Path | None:
    return fake.git_dir if fake.git_dir is not None and repo is fake.repo else None


# ---------------------------------------------------------------- HTTP plumbing


class _Body:
    """The request body as a stream: Content-Length bytes, or a chunked body decoded."""

    def __init__(self, handler: Any) -> None:
        self.rfile: BinaryIO = handler.rfile
        self.chunked = "chunked" in (handler.headers.get("Transfer-Encoding") or "").lower()
        self.left = int(handler.headers.get("Content-Length") or 0)

    def chunks(self):  # type: ignore[no-untyped-def]
        if not self.chunked:
            while self.left > 0:
                data = self.rfile.read(min(65536, self.left))
                if not data:
                    return
                self.left -= len(data)
                yield data
            return
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline().strip():  # trailers, then the empty line
                    pass
                return
            yield self.rfile.read(size)
            self.rfile.readline()

    def read_all(self) -> bytes:
        return b"".join(self.chunks())


def _plain(handler: Any, status: int, text: str, extra: dict[str, str] | None = None) -> None:
    """A refusal; git shows a text/plain body as "remote:" lines. The connection is closed, as
    the request body (if any) is left unread."""
    payload = (text + "\n").encode() if text else b""
    handler.send_response(status)
    if payload:
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
    handler.send_header("Content-Length", str(len(payload)))
    handler.send_header("Connection", "close")
    for key, value in (extra or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(payload)
    handler.close_connection = True


def _json(handler: Any, status: int, body: Any) -> None:
    payload = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


def serve(handler: Any) -> None:
    fake: FakeGitHub = handler.fake
    split = urlsplit(handler.path)
    if split.path.startswith("/_fake/"):
        route = _INTERNAL.get((handler.command, split.path))
        body = _Body(handler).read_all()
        if route is None:
            _json(handler, 404, {"message": "Not Found"})
            return
        _json(handler, 200, route(fake, json.loads(body or b"{}")))
        return
    match = GIT_PATH.match(split.path)
    assert match is not None
    status = _serve_git(handler, fake, match, split.query)
    fake.git_log.append((handler.command, handler.path, status))


def _serve_git(handler: Any, fake: FakeGitHub, match: re.Match[str], query: str) -> int:
    rest = match["rest"]
    service = rest if rest != "info/refs" else parse_qs(query).get("service", [""])[0]
    if service not in ("git-upload-pack", "git-receive-pack"):
        _plain(handler, 403, "Only smart HTTP is served.")  # the dumb protocol is not
        return 403
    repo = fake.repos.get(f"{match['owner']}/{match['repo']}".lower())
    git_dir = git_dir_of(fake, repo) if repo is not None else None
    identity, bad = _identify(fake, handler.headers.get("Authorization") or "")
    if bad:
        _plain(handler, 401, BAD_CREDENTIALS, {"WWW-Authenticate": REALM})
        return 401
    if repo is None or git_dir is None:
        _plain(handler, 404, NOT_FOUND)
        return 404
    if identity is None and (service == "git-receive-pack" or repo.private):
        _plain(handler, 401, "", {"WWW-Authenticate": REALM})
        return 401
    if not tokens.can_read(fake, repo, identity):
        _plain(handler, 404, NOT_FOUND)
        return 404
    if service == "git-receive-pack" and not tokens.can_push(fake, repo, identity):  # type: ignore[arg-type]
        login = identity.login if identity is not None else ""
        _plain(handler, 403, f"Permission to {repo.full_name}.git denied to {login}.")
        return 403
    session = new_session(fake, identity, repo, "http") if identity is not None else ""
    try:
        return _run_backend(handler, fake, repo, git_dir, rest, query, identity, session)
    finally:
        fake.git_sessions.pop(session, None)


def _identify(fake: FakeGitHub, header: str) -> tuple[Identity | None, bool]:
    """(identity, credentials were given but are wrong)."""
    if not header:
        return None, False
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None, True
    try:
        _user, _, password = base64.b64decode(value.strip()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None, True
    identity = tokens.identity_of_token(fake, password)
    return identity, identity is None


def _run_backend(handler: Any, fake: FakeGitHub, repo: _Repo, git_dir: Path, rest: str, query: str,
                 identity: Identity | None, session: str) -> int:
    root = workspace(fake) / "repos"
    link = root / repo.owner / f"{repo.name}.git"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(git_dir.resolve(), target_is_directory=True)
    env = clean_environment(dict(os.environ))
    env.update(hook_environment(fake, session, http=True))
    env.update({
        "GIT_PROJECT_ROOT": str(root), "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": f"/{repo.owner}/{repo.name}.git/{rest}",
        "QUERY_STRING": query, "REQUEST_METHOD": handler.command,
        "CONTENT_TYPE": handler.headers.get("Content-Type") or "",
        "REMOTE_USER": (identity.login or "") if identity else "", "REMOTE_ADDR": "127.0.0.1",
    })
    for header, variable in (("Content-Encoding", "HTTP_CONTENT_ENCODING"), ("Git-Protocol", "HTTP_GIT_PROTOCOL")):
        if handler.headers.get(header):
            env[variable] = handler.headers[header]
    body = _Body(handler)
    if not body.chunked and body.left:
        env["CONTENT_LENGTH"] = str(body.left)
    # http-backend's own complaints go to the test's stderr (pytest shows them with a failure).
    process = subprocess.Popen(["git", "http-backend"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def feed() -> None:
        assert process.stdin is not None
        try:
            for chunk in body.chunks():
                process.stdin.write(chunk)
        except BrokenPipeError:
            pass
        finally:
            process.stdin.close()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    assert process.stdout is not None
    status, headers = 200, []
    while (line := process.stdout.readline().rstrip(b"\r\n")):
        key, _, value = line.decode("latin-1").partition(":")
        if key.lower() == "status":
            status = int(value.strip().split()[0])
        else:
            headers.append((key, value.strip()))
    handler.send_response(status)
    for key, value in headers:
        handler.send_header(key, value)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    while chunk := process.stdout.read1(65536):  # type: ignore[attr-defined]
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    handler.wfile.write(b"0\r\n\r\n")
    handler.wfile.flush()
    process.wait()
    feeder.join(timeout=5)
    return status


# ---------------------------------------------------------------- the fake's internal routes


def _push(fake: FakeGitHub, body: dict[str, Any]) -> dict[str, Any]:
    """The proc-receive hook's question: may these ref updates happen? (see pushhook.py)"""
    session = fake.git_sessions.get(body.get("session") or "")
    updates = [pushrules.Update(u["old"], u["new"], u["ref"]) for u in body.get("updates") or []]
    if session is None:
        return {"stderr": "error: unknown push session\n",
                "results": [{"ref": u.ref, "ok": False, "reason": "unknown push session"} for u in updates]}
    identity: Identity = session["identity"]
    with fake._lock:
        repo = fake.repos[session["repo"]]
        decisions, text = pushrules.decide(fake, repo, identity, updates, git_dir_of(fake, repo))
        for decision in decisions:
            if decision.ok:
                _record(fake, repo, identity, decision, session["transport"])
    return {"stderr": text, "results": [{"ref": d.update.ref, "ok": d.ok, "reason": d.reason} for d in decisions]}


def _record(fake: FakeGitHub, repo: _Repo, identity: Identity, decision: pushrules.Decision, transport: str) -> None:
    update = decision.update
    fake.pushes.append({
        "ref": update.ref, "before": update.old, "after": update.new,
        "pusher": identity.login if identity.actor_type != "DeployKey" else None,
        "actor_type": identity.actor_type, "transport": transport, "app_id": identity.app_id,
        "deploy_key_id": identity.deploy_key_id, "bypassed": list(decision.bypassed),
    })
    branch = update.branch
    if branch is not None:
        if update.kind == "delete":
            repo.branches.pop(branch, None)
        else:
            repo.branches[branch] = update.new
    repo.pushed_at = fake.now()


def _ssh_auth(fake: FakeGitHub, body: dict[str, Any]) -> dict[str, Any]:
    """The SSH stand-in's question: whose key is this, and may it run this service here?"""
    from jdih.testing.fakegithub.routes_setup import key_body

    wanted = key_body(body.get("public_key") or "")
    with fake._lock:
        found = next(((repo, key) for repo in fake.repos.values() for key in repo.deploy_keys
                      if key_body(key["key"]) == wanted), None)
        if found is None or body.get("user") != "git":
            return {"ok": False, "publickey": True}
        key_repo, key = found
        service, path = body.get("service") or "", (body.get("path") or "").strip("/").removesuffix(".git")
        if not service:
            return _refuse(f"Hi {key_repo.full_name}! You've successfully authenticated, but GitHub does not provide "
                           "shell access.")
        target = fake.repos.get(path.lower())
        if service not in ("git-upload-pack", "git-receive-pack"):
            return _refuse(f"Invalid command: {service}")
        if target is None or git_dir_of(fake, target) is None or (target is not key_repo and target.private):
            return _refuse("ERROR: Repository not found.")
        if service == "git-receive-pack":
            if target is not key_repo:
                return _refuse(f"ERROR: Permission to {target.full_name}.git denied to deploy key")
            if key["read_only"]:
                return _refuse("ERROR: The key you are authenticating with has been marked as read only.")
        identity = tokens.Identity(None, "DeployKey", deploy_key_id=key["id"], read_only=bool(key["read_only"]),
                                   repo=key_repo.full_name.lower())
        session = new_session(fake, identity, target, "ssh")
        return {"ok": True, "git_dir": str(git_dir_of(fake, target)), "env": hook_environment(fake, session)}


def _refuse(message: str) -> dict[str, Any]:
    return {"ok": False, "stderr": message + "\n", "exit": 1}


_INTERNAL = {("POST", "/_fake/push"): _push, ("POST", "/_fake/ssh-auth"): _ssh_auth}
