"""A fake GitHub REST server on 127.0.0.1 for tests that drive PyGithub.

Start it, point PyGithub at it, act as users through the scenario helpers::

    from jdih.testing.fakegithub.server import FakeGitHub

    with FakeGitHub() as fake:                      # owner "kpu-kapuas", repo "jdih-medsos"
        gh = github.Github(auth=github.Auth.Token("test-token"), base_url=fake.base_url)
        repo = gh.get_repo(fake.full_name)

In tests, prefer the pytest fixtures in ``tests/doubles.py``: ``fake_github``
(started; users kasubbag-kapuas (admin), staf-hukum-kapuas and pengelola-jdih-kapuas
(write) added) and ``github_client`` (a PyGithub ``Github`` bound to it, as
"github-actions[bot]"). ``fake.client(login)`` gives one acting as another user. Build
your own clients with ``seconds_between_requests=None, seconds_between_writes=None``:
PyGithub otherwise sleeps up to 1 s before every write.

State is in memory: users, repositories (the default one plus ``add_repo``), branches,
issues and pull requests (one number sequence, like GitHub), comments, labels, issue
events and timeline, reviews, requested reviewers, branch protection, rulesets,
collaborator permissions, Pages, file contents and team memberships. Every path of
``jdih/testing/github/rest-api-subset.json`` is served, and every response body is meant to
validate against that schema (``tests/testing/test_fakegithub.py`` checks it).

Authentication
    ``Authorization: token X`` or ``Bearer X``. ``fake.tokens`` maps token → login;
    "test-token" is "github-actions[bot]", and ``add_user(login)`` also registers the
    token ``"<login>-token"`` so a test can call the API as that person. Unknown or
    missing token → 401 ``{"message": "Bad credentials", ...}``. Unknown things → 404
    ``{"message": "Not Found", "documentation_url": ...}``; invalid input → 422
    ``{"message": "Validation Failed", "errors": [...]}`` as GitHub does.
    "test-token" keeps every permission (today's bot); ``fake.workflow_token(permissions)``
    gives a GITHUB_TOKEN limited to a job's ``permissions:`` (None: GitHub's restricted
    default, contents and packages read) and ``fake.app_token(app_id, slug=...)`` a GitHub App
    installation token ("Integration"); the identities and scopes are in ``tokens.py``.

GitHub's rules that the HTTP side enforces (the scenario helpers skip them)
    the author cannot approve or request changes on their own pull request (422,
    ``{"message": "Unprocessable Entity", "errors": ["Can not approve your own pull
    request"]}``); review cannot be requested from the author (422); a submitted review
    answers that reviewer's request; merging a draft, closed or merged pull request → 405,
    a ``sha`` that is not the head → 409, too few approvals under branch protection or an
    active ruleset → 405; protection, rulesets and Pages need admin (403 for the bot, as
    for GITHUB_TOKEN); writing contents to a branch whose protection requires reviews →
    409; request bodies of protection, rulesets, Pages and team memberships are checked
    against the schema's requestBody (422 "Invalid request."). Labels added to an issue
    are created when missing, as on GitHub. ``GET /repos/{o}/{r}/commits/{ref}`` is served
    too (outside the subset: PyGithub fetches it in ``repo.get_commit(sha)``).

    Token scopes (``tokens.py``; "Controlling permissions for GITHUB_TOKEN", "GITHUB_TOKEN
    reference", "Permissions required for GitHub Apps"): an endpoint outside a workflow or
    app token's permissions → 403 "Resource not accessible by integration" (each route's
    permission is in ``tokens.ROUTE_PERMISSIONS``); GET /user with one → 403; organization
    team endpoints with the workflow token → 404, and a team review request with it → 422
    ("One or more of the teams you specified is not a collaborator", wg-access-server#335);
    review requested from someone who is not a collaborator, an invited one who has not
    accepted included (``fake.invite``) → 422 "Reviews may only be requested from
    collaborators. ..." (Dolibarr/dolibarr#32024).

    Writing contents to a branch that an active ruleset forbids direct changes to (pull
    request, update or status-check rules, unless the caller is a bypass actor) → 409
    "Repository rule violations found" and the rule lines (the schema's
    repository-rule-violation-error; satisfactory-factories/application#67), see
    ``pushrules.py``. Ruleset ``ref_name`` patterns match as File.fnmatch with FNM_PATHNAME
    ("Creating rulesets for a repository": ``*`` does not cross ``/``).

Git over smart HTTP and SSH (``gitserver.py``, ``jdih.testing.fakessh``)
    With ``git_dir``, the fake serves ``{fake.html_base}/{owner}/{repo}.git`` through
    ``git http-backend``: Basic auth with a token as the password (``x-access-token:<token>``
    or ``<login>:<token>``); a push without credentials → 401 ``WWW-Authenticate: Basic
    realm="GitHub"`` (warden#255), wrong ones → 401 "Invalid username or token. Password
    authentication is not supported for Git operations." (gitextensions#12876), no write
    access → 403 "Permission to owner/repo.git denied to <login>." (FediFetcher#91), a
    repository the caller cannot see → 404 "Repository not found." (mislav/hub#1402); a
    public repository reads anonymously. ``python -m jdih.testing.fakessh`` is an ssh for
    ``GIT_SSH_COMMAND`` (``JDIH_FAKE_SSH=fake.base_url``): it authenticates ``-i key`` against
    the repository's deploy keys (``fake.add_deploy_key`` or POST /keys): unknown key →
    "git@<host>: Permission denied (publickey)." exit 255 (h264-live-player#59), read-only
    key pushing → "ERROR: The key you are authenticating with has been marked as read only."
    (greenkeeper-lockfile#103), another repository's key → "ERROR: Permission to
    owner/repo.git denied to deploy key" (OpenCPN/plugins#1206).

    Every push over either goes through one check, a proc-receive hook that asks the fake
    (``pushhook.py``, ``pushrules.py``): active rulesets targeting the ref, with rules
    pull_request, non_fast_forward, deletion, creation, update, required_status_checks and
    required_linear_history, refused as GitHub prints it ("error: GH013: Repository rule
    violations found for refs/heads/main." + "- <rule>", "(push declined due to repository
    rule violations)", yshavit/mdq#255); bypass actors with bypass_mode "always": DeployKey,
    Integration (app id), RepositoryRole (2 maintain, 4 write, 5 admin;
    rest-api-description#7111), Team, OrganizationAdmin (``fake.add_org_owner``), User;
    rulesets bind admins too; the workflow token never bypasses; a bypass is reported
    ("Bypassed rule violations for ...", pAI-OS/paios#82). Classic protection: "error:
    GH006: Protected branch update failed for refs/heads/main." and "(protected branch hook
    declined)" (foundry-rs/block-explorers#110) for required reviews, status checks, force
    pushes, deletions and push restrictions; with enforce_admins false admins are exempt.
    Each accepted push is appended to ``fake.pushes`` (ref, before, after, pusher,
    actor_type "User" | "Integration" | "DeployKey" | "GitHubActions", transport, app_id,
    deploy_key_id, bypassed); pushes made with the workflow token trigger no workflow on
    GitHub, which the Actions simulator can read from ``actor_type``. File-path pushes
    straight into ``git_dir`` (the scenario side) are neither checked nor recorded.

Time
    ``fake.clock`` is an aware datetime (settable) or a callable returning one; it
    stamps created_at/updated_at/submitted_at/merged_at/closed_at and events. The default
    is 2026-11-02T01:00:00Z and does not move by itself: set ``fake.clock = ...`` or call
    ``fake.advance(minutes=5)``. Every helper also takes ``at=`` (a datetime) to stamp
    one action at an exact time without touching the clock.

Scenario helpers (act as a person in the web UI, no HTTP, no permission checks; they
act on the default repository):

``add_user(login, *, type="User", token=None) -> dict``
    a GitHub user (simple-user JSON); token defaults to ``"<login>-token"``.
``add_repo(owner, name, *, default_branch="main")``
    another repository (its owner is added as a user).
``open_issue(author, title, body="", labels=(), at=None) -> number``
    an issue (labels are created when missing; a "labeled" event is recorded for each).
``open_pull(author, head, base="main", title="", body="", draft=False, head_sha=None,
files=None, at=None) -> number``
    a pull request; the head branch is created (with a generated sha when ``head_sha`` is
    None) and one "committed" timeline entry is recorded. ``files`` is a list of file
    names or diff-entry dicts for ``get_files``; with ``git_dir`` and no ``files`` the
    real ``git diff --name-status base...head`` is used.
``push_to_pull(number, new_head_sha=None, at=None, message=..., author=None) -> sha``
    a push to the head branch (webhook "synchronize"): new head sha, "committed" entry;
    when the base branch's protection (dismiss_stale_reviews) or an active ruleset
    (dismiss_stale_reviews_on_push) says so, approvals become DISMISSED
    ("review_dismissed" event), as on GitHub.
``mark_ready(number, by=None, at=None)``
    draft → ready for review ("ready_for_review" event).
``convert_to_draft(number, by=None, at=None)``
``request_review(number, reviewers=(), by=None, teams=(), at=None)``
    "review_requested" events, like the web UI's Reviewers box.
``remove_review_request(number, reviewers=(), by=None, at=None)``
``submit_review(number, reviewer, state, body="", commit_id=None, at=None) -> review id``
    state "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED"; commit_id defaults to the current
    head sha; the reviewer leaves the requested reviewers (as on GitHub); "reviewed" entry.
``add_comment(number, author, body, at=None) -> comment id``
``add_labels(number, *names, by=None, at=None)`` / ``remove_label(number, name, by=None, at=None)``
``close_issue(number, by, at=None, reason="completed")`` / ``reopen_issue(number, by, at=None)``
``merge_pull(number, by, merge_commit_sha=None, at=None) -> merge sha``
    merged (+ "merged" and "closed" events); the base branch moves to the merge sha.
``set_permission(login, "admin"|"maintain"|"write"|"triage"|"read"|"none")``
    collaborator permission (default for known users: "read"; the owner: "admin").
``invite(login, permission="write")`` / ``accept_invitation(login)``
    a pending collaborator invitation (not a collaborator until accepted).
``add_deploy_key(title, public_key_openssh, read_only=False) -> id``
    a deploy key on the default repository (``repo.deploy_keys``: id, key, title, read_only,
    created_at), as in Settings → Deploy keys.
``workflow_token(permissions=None) -> token`` / ``app_token(app_id, slug=..., permissions=None) -> token``
    a GITHUB_TOKEN for one job's ``permissions:`` / a GitHub App installation token.
``add_org_owner(org, login)``
    an organization owner (the ruleset bypass actor "OrganizationAdmin").
``add_team_member(org, team, login, role="member")`` / ``add_team(org, team)``
    team memberships, read with the REST path /orgs/{org}/teams/{team_slug}/memberships/{username}
    (PyGithub: ``gh.requester.requestJsonAndCheck("GET", "/orgs/.../memberships/<login>")``;
    GET /orgs/{org}/teams/{slug} is not served, so ``get_team_by_slug`` does not work).
``set_branch_sha(branch, sha)``; ``pull(number)``, ``issue(number)`` (internal state, read-only use)
``event_payload(event, action, number, *, sender=None, review_id=None, comment_id=None,
label=None, requested_reviewer=None) -> dict``
    a webhook payload (exactly the keys of the real example ``<event>.<action>.<n>.json``
    in jdih/testing/github/webhook-examples/, or of the "opened"/"created"/"submitted" one when
    the action has none) for "issues", "issue_comment", "pull_request" or
    "pull_request_review", filled from the current state (sender: the actor of the latest
    matching event, the reviewer, the commenter, else the author; synchronize has
    before/after); ``write_event(path, event, action, number, ...)`` writes it as JSON for
    ``GITHUB_EVENT_PATH``.

``client(login="github-actions[bot]") -> github.Github``
    PyGithub bound to the fake as that user (no write throttling, no retries).

Inspection: ``fake.log`` holds a ``LogEntry(method, template, path, status, body,
request_body, login)`` for every request; ``fake.requests(method, template)`` filters it;
``fake.schema_errors()`` lists every logged response that breaks GitHub's schema.

With ``FakeGitHub(git_dir=path_to_bare_repo)``, branch heads come from that real
repository (``git rev-parse refs/heads/<branch>``) whenever the branch exists there.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import itertools
import json
import subprocess
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from jdih.testing.fakegithub.schema import load_schema
from jdih.testing.fakegithub.tokens import TokenScenarios, identity_of_header, scope_refusal

DEFAULT_OWNER = "kpu-kapuas"
DEFAULT_REPO = "jdih-medsos"
DEFAULT_TOKEN = "test-token"
BOT_LOGIN = "github-actions[bot]"
DEFAULT_TIME = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
# The SOP roles of site_config/jdih.yml, as the tests and the rehearsal seed them.
ROLE_USERS = {
    "kasubbag": "kasubbag-kapuas",
    "staf": "staf-hukum-kapuas",
    "pengelola": "pengelola-jdih-kapuas",
}

REVIEW_EVENTS = {"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED"}
PERMISSIONS = ("admin", "maintain", "write", "triage", "read", "none")
# GitHub's REST permission word for each role name.
_PERMISSION_OF_ROLE = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read", "read": "read", "none": "none"}

# Operations whose request bodies are validated against the schema's requestBody. Not all:
# GitHub accepts more than it documents elsewhere (a bare list of label names, for one).
STRICT_REQUESTS = {
    ("PUT", "/repos/{owner}/{repo}/branches/{branch}/protection"),
    ("POST", "/repos/{owner}/{repo}/rulesets"),
    ("POST", "/repos/{owner}/{repo}/pages"),
    ("PUT", "/repos/{owner}/{repo}/pages"),
    ("PUT", "/orgs/{org}/teams/{team_slug}/memberships/{username}"),
}

Clock = datetime | Callable[[], datetime]


def iso(moment: datetime) -> str:
    """GitHub's timestamp form: UTC, seconds, ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fake_sha(*parts: object) -> str:
    return hashlib.sha1("\0".join(map(str, parts)).encode()).hexdigest()


def _node_id(kind: str, number: int) -> str:
    # GitHub's legacy global ids are base64("<len>:<Type><id>").
    text = f"{len(kind):02d}:{kind}{number}"
    return base64.b64encode(text.encode()).decode()


class HttpError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors


def _not_found() -> HttpError:
    return HttpError(404, "Not Found")


def _invalid(resource: str, field_name: str, code: str = "invalid", message: str | None = None) -> HttpError:
    error: dict[str, Any] = {"resource": resource, "code": code, "field": field_name}
    if message:
        error["message"] = message
    return HttpError(422, "Validation Failed", [error])


@dataclass
class LogEntry:
    method: str
    template: str | None
    path: str
    status: int
    body: Any
    request_body: Any
    login: str | None


@dataclass
class _User:
    login: str
    id: int
    type: str = "User"
    name: str | None = None
    created_at: datetime = DEFAULT_TIME


@dataclass
class _Label:
    id: int
    name: str
    color: str
    description: str | None
    default: bool = False


@dataclass
class _Event:
    seq: int
    id: int
    event: str
    actor: str
    created_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Comment:
    seq: int
    id: int
    number: int
    user: str
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass
class _Review:
    seq: int
    id: int
    user: str
    state: str
    body: str
    commit_id: str
    submitted_at: datetime


@dataclass
class _Commit:
    seq: int
    sha: str
    message: str
    author: str
    at: datetime
    parent: str


@dataclass
class _Pull:
    id: int
    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    draft: bool
    files: list[dict[str, Any]] | None
    merged: bool = False
    merged_at: datetime | None = None
    merged_by: str | None = None
    merge_commit_sha: str | None = None
    requested_reviewers: list[str] = field(default_factory=list)
    requested_teams: list[str] = field(default_factory=list)
    reviews: list[_Review] = field(default_factory=list)
    commits: list[_Commit] = field(default_factory=list)


@dataclass
class _Issue:
    number: int
    id: int
    author: str
    title: str
    body: str | None
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None
    labels: list[str] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)
    pull: _Pull | None = None
    locked: bool = False


@dataclass
class _Repo:
    owner: str
    name: str
    id: int
    default_branch: str
    created_at: datetime
    description: str | None = "Konten media sosial JDIH"
    private: bool = False
    plan: str = "free"  # the owner's plan: "free" or "pro"/"team" (plan limits in routes_extra.py)
    branches: dict[str, str] = field(default_factory=dict)
    labels: dict[str, _Label] = field(default_factory=dict)
    issues: dict[int, _Issue] = field(default_factory=dict)
    comments: dict[int, _Comment] = field(default_factory=dict)
    protection: dict[str, dict[str, Any]] = field(default_factory=dict)
    rulesets: list[dict[str, Any]] = field(default_factory=list)
    permissions: dict[str, str] = field(default_factory=dict)
    pages: dict[str, Any] | None = None
    contents: dict[tuple[str, str], bytes] = field(default_factory=dict)
    pushed_at: datetime | None = None
    # Deploy keys (id, key, title, read_only, created_at) and environments (routes_setup.py).
    deploy_keys: list[dict[str, Any]] = field(default_factory=list)
    environments: dict[str, dict[str, Any]] = field(default_factory=dict)
    invitations: dict[str, str] = field(default_factory=dict)  # login → permission, not yet accepted (tokens.py)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def label(self, name: str) -> _Label | None:
        return self.labels.get(name.lower())


_LABEL_COLORS = ["0e8a16", "1d76db", "5319e7", "fbca04", "d93f0b", "c5def5", "bfd4f2", "006b75"]


class FakeGitHub(TokenScenarios):
    """In-memory GitHub with a real HTTP server on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        owner: str = DEFAULT_OWNER,
        repo: str = DEFAULT_REPO,
        *,
        git_dir: Path | str | None = None,
        clock: Clock | None = None,
        default_branch: str = "main",
    ) -> None:
        self.schema = load_schema()
        self.owner = owner
        self.repo_name = repo
        self.git_dir = Path(git_dir) if git_dir is not None else None
        self.clock: Clock = clock if clock is not None else DEFAULT_TIME
        self.tokens: dict[str, str] = {DEFAULT_TOKEN: BOT_LOGIN}
        self.users: dict[str, _User] = {}
        self.repos: dict[str, _Repo] = {}
        self.teams: dict[tuple[str, str], dict[str, str]] = {}
        self.log: list[LogEntry] = []
        self._lock = threading.RLock()
        self._ids = itertools.count(1001)
        self._seq = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""  # set by start(); URLs in bodies are built from it
        self._init_token_state()  # token identities, pushes, git sessions (tokens.py, gitserver.py)
        self.add_user(BOT_LOGIN, type="Bot", token=DEFAULT_TOKEN)
        self.add_repo(owner, repo, default_branch=default_branch)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(_Handler):
            pass

        Handler.fake = fake
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-github", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.repo_name}"

    def token_of(self, login: str) -> str:
        for token, owner in self.tokens.items():
            if owner == login:
                return token
        raise KeyError(f"no token for {login!r}: call add_user first")

    def client(self, login: str = BOT_LOGIN) -> Any:
        """A PyGithub ``Github`` acting as ``login``, without PyGithub's write throttling
        (it waits 1 s between writes by default, which only slows tests down)."""
        import github

        return github.Github(
            auth=github.Auth.Token(self.token_of(login)),
            base_url=self.base_url,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
        )

    @property
    def html_base(self) -> str:
        return self.base_url

    # ------------------------------------------------------------------ time

    def now(self) -> datetime:
        moment = self.clock() if callable(self.clock) else self.clock
        if moment.tzinfo is None:
            raise ValueError("fake.clock must be timezone-aware")
        return moment

    def advance(self, **delta: float) -> datetime:
        """Move a fixed clock forward (``advance(minutes=5)``) and return the new time."""
        if callable(self.clock):
            raise TypeError("advance() needs a fixed clock, not a callable")
        self.clock = self.clock + timedelta(**delta)
        return self.clock

    def _at(self, at: datetime | None) -> datetime:
        if at is None:
            return self.now()
        if at.tzinfo is None:
            raise ValueError("at= must be timezone-aware")
        return at

    # ------------------------------------------------------------------ scenario helpers

    def add_user(self, login: str, *, type: str = "User", token: str | None = None, name: str | None = None) -> dict[str, Any]:
        with self._lock:
            if login not in self.users:
                self.users[login] = _User(login=login, id=next(self._ids) * 7, type=type, name=name)
            self.tokens[token or f"{login}-token"] = login
            return self.user_json(login)

    def add_repo(self, owner: str, name: str, *, default_branch: str = "main") -> None:
        with self._lock:
            if owner not in self.users:
                self.add_user(owner, type="Organization")
            repo = _Repo(owner=owner, name=name, id=next(self._ids) * 11, default_branch=default_branch, created_at=self.now())
            repo.branches[default_branch] = fake_sha("initial", owner, name)
            repo.permissions[owner] = "admin"
            self.repos[repo.full_name.lower()] = repo

    @property
    def repo(self) -> _Repo:
        return self.repos[self.full_name.lower()]

    def issue(self, number: int) -> _Issue:
        issue = self.repo.issues.get(number)
        if issue is None:
            raise KeyError(f"no issue or pull request #{number}")
        return issue

    def pull(self, number: int) -> _Pull:
        pull = self.issue(number).pull
        if pull is None:
            raise KeyError(f"#{number} is an issue, not a pull request")
        return pull

    def set_permission(self, login: str, permission: str) -> None:
        if permission not in PERMISSIONS:
            raise ValueError(f"permission must be one of {PERMISSIONS}")
        self._need_user(login)
        self.repo.permissions[login] = permission

    def add_team(self, org: str, team: str) -> None:
        """An (empty) team ``org/team``; PUT memberships needs the team to exist."""
        self.teams.setdefault((org.lower(), team.lower()), {})

    def add_team_member(self, org: str, team: str, login: str, role: str = "member") -> None:
        self._need_user(login)
        self.add_team(org, team)
        self.teams[(org.lower(), team.lower())][login] = role

    def set_branch_sha(self, branch: str, sha: str) -> None:
        self.repo.branches[branch] = sha

    def open_issue(self, author: str, title: str, body: str = "", labels: Iterable[str] = (), at: datetime | None = None) -> int:
        with self._lock:
            return self._create_issue(self.repo, author, title, body, list(labels), [], self._at(at)).number

    def open_pull(
        self,
        author: str,
        head: str,
        base: str = "main",
        title: str = "",
        body: str = "",
        draft: bool = False,
        head_sha: str | None = None,
        files: list[str | dict[str, Any]] | None = None,
        at: datetime | None = None,
    ) -> int:
        with self._lock:
            repo = self.repo
            moment = self._at(at)
            sha = head_sha or self.branch_sha(repo, head) or fake_sha("head", head, moment, next(self._seq))
            repo.branches[head] = sha
            issue = self._create_pull(repo, author, head, sha, base, title or head, body, draft, moment)
            issue.pull.files = self._normalise_files(repo, files, base, sha)  # type: ignore[union-attr]
            return issue.number

    def push_to_pull(
        self,
        number: int,
        new_head_sha: str | None = None,
        at: datetime | None = None,
        message: str = "Perbarui draf",
        author: str | None = None,
    ) -> str:
        with self._lock:
            issue = self.issue(number)
            pull = self.pull(number)
            moment = self._at(at)
            sha = new_head_sha or fake_sha("push", number, moment, next(self._seq))
            pusher = author or issue.author
            pull.commits.append(_Commit(next(self._seq), sha, message, pusher, moment, pull.head_sha))
            pull.head_sha = sha
            if self.dismisses_stale_reviews(self.repo, pull.base_ref):
                # "Dismiss stale pull request approvals when new commits are pushed".
                for review in pull.reviews:
                    if review.state == "APPROVED":
                        review.state = "DISMISSED"
                        dismissed = {"state": "approved", "review_id": review.id, "dismissal_message": None, "dismissal_commit_id": sha}
                        self._event(issue, "review_dismissed", pusher, moment, dismissed_review=dismissed)
            self.repo.branches[pull.head_ref] = sha
            self.repo.pushed_at = moment
            issue.updated_at = moment
            return sha

    def mark_ready(self, number: int, by: str | None = None, at: datetime | None = None) -> None:
        with self._lock:
            issue = self.issue(number)
            self.pull(number).draft = False
            self._event(issue, "ready_for_review", by or issue.author, self._at(at))

    def convert_to_draft(self, number: int, by: str | None = None, at: datetime | None = None) -> None:
        with self._lock:
            issue = self.issue(number)
            self.pull(number).draft = True
            self._event(issue, "convert_to_draft", by or issue.author, self._at(at))

    def request_review(
        self, number: int, reviewers: Iterable[str] = (), by: str | None = None, teams: Iterable[str] = (), at: datetime | None = None
    ) -> None:
        with self._lock:
            issue = self.issue(number)
            self._request_reviews(self.repo, issue, list(reviewers), list(teams), by or issue.author, self._at(at))

    def remove_review_request(self, number: int, reviewers: Iterable[str] = (), by: str | None = None, at: datetime | None = None) -> None:
        with self._lock:
            issue = self.issue(number)
            self._remove_review_requests(issue, list(reviewers), [], by or issue.author, self._at(at))

    def submit_review(
        self, number: int, reviewer: str, state: str, body: str = "", commit_id: str | None = None, at: datetime | None = None
    ) -> int:
        if state not in ("APPROVED", "CHANGES_REQUESTED", "COMMENTED"):
            raise ValueError('state must be "APPROVED", "CHANGES_REQUESTED" or "COMMENTED"')
        with self._lock:
            return self._review(self.issue(number), reviewer, state, body, commit_id, self._at(at)).id

    def add_comment(self, number: int, author: str, body: str, at: datetime | None = None) -> int:
        with self._lock:
            return self._comment(self.repo, self.issue(number), author, body, self._at(at)).id

    def add_labels(self, number: int, *names: str, by: str | None = None, at: datetime | None = None) -> None:
        with self._lock:
            issue = self.issue(number)
            self._add_labels(self.repo, issue, list(names), by or issue.author, self._at(at))

    def remove_label(self, number: int, name: str, by: str | None = None, at: datetime | None = None) -> None:
        with self._lock:
            issue = self.issue(number)
            self._remove_label(self.repo, issue, name, by or issue.author, self._at(at))

    def close_issue(self, number: int, by: str, at: datetime | None = None, reason: str = "completed") -> None:
        with self._lock:
            self._set_state(self.issue(number), "closed", reason, by, self._at(at))

    def reopen_issue(self, number: int, by: str, at: datetime | None = None) -> None:
        with self._lock:
            self._set_state(self.issue(number), "open", None, by, self._at(at))

    def merge_pull(self, number: int, by: str, merge_commit_sha: str | None = None, at: datetime | None = None) -> str:
        with self._lock:
            return self._merge(self.repo, self.issue(number), by, merge_commit_sha, self._at(at))

    # ------------------------------------------------------------------ state changes

    def _need_user(self, login: str) -> _User:
        user = self.users.get(login)
        if user is None:
            raise KeyError(f"unknown user {login!r}: call add_user first")
        return user

    def _new_issue(self, repo: _Repo, author: str, title: str, body: str | None, moment: datetime) -> _Issue:
        self._need_user(author)
        number = max(repo.issues, default=0) + 1
        issue = _Issue(number=number, id=next(self._ids) * 13, author=author, title=title, body=body, created_at=moment, updated_at=moment)
        repo.issues[number] = issue
        return issue

    def _create_issue(
        self, repo: _Repo, author: str, title: str, body: str | None, labels: list[str], assignees: list[str], moment: datetime
    ) -> _Issue:
        issue = self._new_issue(repo, author, title, body, moment)
        issue.assignees = list(assignees)
        self._add_labels(repo, issue, labels, author, moment)
        return issue

    def _create_pull(
        self, repo: _Repo, author: str, head: str, head_sha: str, base: str, title: str, body: str | None, draft: bool, moment: datetime
    ) -> _Issue:
        issue = self._new_issue(repo, author, title, body, moment)
        base_sha = self.branch_sha(repo, base) or fake_sha("base", base)
        issue.pull = _Pull(id=next(self._ids) * 17, head_ref=head, head_sha=head_sha, base_ref=base, base_sha=base_sha, draft=draft, files=None)
        issue.pull.commits.append(_Commit(next(self._seq), head_sha, title, author, moment, base_sha))
        return issue

    def _event(self, issue: _Issue, kind: str, actor: str, moment: datetime, **data: Any) -> _Event:
        event = _Event(next(self._seq), next(self._ids) * 19, kind, actor, moment, data)
        issue.events.append(event)
        issue.updated_at = max(issue.updated_at, moment)
        return event

    def _ensure_label(self, repo: _Repo, name: str) -> _Label:
        label = repo.label(name)
        if label is None:
            color = _LABEL_COLORS[len(repo.labels) % len(_LABEL_COLORS)]
            label = _Label(id=next(self._ids) * 23, name=name, color=color, description=None)
            repo.labels[name.lower()] = label
        return label

    def _add_labels(self, repo: _Repo, issue: _Issue, names: list[str], actor: str, moment: datetime) -> None:
        for name in names:
            label = self._ensure_label(repo, name)
            if all(existing.lower() != label.name.lower() for existing in issue.labels):
                issue.labels.append(label.name)
                self._event(issue, "labeled", actor, moment, label={"name": label.name, "color": label.color})

    def _remove_label(self, repo: _Repo, issue: _Issue, name: str, actor: str, moment: datetime) -> None:
        for existing in list(issue.labels):
            if existing.lower() == name.lower():
                issue.labels.remove(existing)
                label = repo.label(existing)
                color = label.color if label else "ededed"
                self._event(issue, "unlabeled", actor, moment, label={"name": existing, "color": color})
                return
        raise HttpError(404, "Label does not exist")

    def _set_state(self, issue: _Issue, state: str, reason: str | None, actor: str, moment: datetime) -> None:
        if state == issue.state:
            return
        issue.state = state
        if state == "closed":
            issue.closed_at, issue.closed_by = moment, actor
            issue.state_reason = None if issue.pull else (reason or "completed")
            self._event(issue, "closed", actor, moment, state_reason=issue.state_reason)
        else:
            issue.closed_at, issue.closed_by = None, None
            issue.state_reason = None if issue.pull else "reopened"
            self._event(issue, "reopened", actor, moment, state_reason=issue.state_reason)

    def _request_reviews(self, repo: _Repo, issue: _Issue, reviewers: list[str], teams: list[str], actor: str, moment: datetime) -> None:
        pull = issue.pull
        assert pull is not None
        for login in reviewers:
            if login == issue.author:
                raise _invalid("PullRequest", "reviewers", "custom", "Review cannot be requested from pull request author.")
            if login not in self.users:
                raise _invalid("PullRequest", "reviewers", "custom", "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the " f"{repo.full_name} repository.")
        for login in reviewers:
            if login not in pull.requested_reviewers:
                pull.requested_reviewers.append(login)
            self._event(issue, "review_requested", actor, moment, requested_reviewer=login, review_requester=actor)
        for team in teams:
            if team not in pull.requested_teams:
                pull.requested_teams.append(team)
            self._event(issue, "review_requested", actor, moment, requested_team=team, review_requester=actor)

    def _remove_review_requests(self, issue: _Issue, reviewers: list[str], teams: list[str], actor: str, moment: datetime) -> None:
        pull = issue.pull
        assert pull is not None
        for login in reviewers:
            if login in pull.requested_reviewers:
                pull.requested_reviewers.remove(login)
                self._event(issue, "review_request_removed", actor, moment, requested_reviewer=login, review_requester=actor)
        for team in teams:
            if team in pull.requested_teams:
                pull.requested_teams.remove(team)
                self._event(issue, "review_request_removed", actor, moment, requested_team=team, review_requester=actor)

    def _review(self, issue: _Issue, reviewer: str, state: str, body: str, commit_id: str | None, moment: datetime) -> _Review:
        self._need_user(reviewer)
        pull = issue.pull
        if pull is None:
            raise KeyError(f"#{issue.number} is not a pull request")
        review = _Review(next(self._seq), next(self._ids) * 29, reviewer, state, body, commit_id or pull.head_sha, moment)
        pull.reviews.append(review)
        if state != "PENDING" and reviewer in pull.requested_reviewers:
            # A submitted review answers the request, as on GitHub.
            pull.requested_reviewers.remove(reviewer)
        issue.updated_at = max(issue.updated_at, moment)
        return review

    def _comment(self, repo: _Repo, issue: _Issue, author: str, body: str, moment: datetime) -> _Comment:
        self._need_user(author)
        comment = _Comment(next(self._seq), next(self._ids) * 31, issue.number, author, body, moment, moment)
        repo.comments[comment.id] = comment
        issue.updated_at = max(issue.updated_at, moment)
        return comment

    def _merge(self, repo: _Repo, issue: _Issue, actor: str, merge_sha: str | None, moment: datetime) -> str:
        pull = issue.pull
        if pull is None:
            raise KeyError(f"#{issue.number} is not a pull request")
        sha = merge_sha or fake_sha("merge", issue.number, pull.head_sha, moment)
        pull.merged, pull.merged_at, pull.merged_by, pull.merge_commit_sha = True, moment, actor, sha
        repo.branches[pull.base_ref] = sha
        repo.pushed_at = moment
        self._event(issue, "merged", actor, moment, commit_id=sha)
        issue.state, issue.closed_at, issue.closed_by = "closed", moment, actor
        self._event(issue, "closed", actor, moment, commit_id=sha)
        return sha

    # ------------------------------------------------------------------ branch rules

    def rulesets_for(self, repo: _Repo, branch: str) -> list[dict[str, Any]]:
        """The active rulesets whose ref_name condition takes in ``branch``."""
        ref = f"refs/heads/{branch}"
        found = []
        for ruleset in repo.rulesets:
            if ruleset.get("enforcement") != "active" or ruleset.get("target", "branch") != "branch":
                continue
            names = ((ruleset.get("conditions") or {}).get("ref_name")) or {}
            include = names.get("include") or []
            exclude = names.get("exclude") or []

            def hits(patterns: list[str]) -> bool:
                return any(
                    p == "~ALL" or (p == "~DEFAULT_BRANCH" and branch == repo.default_branch) or ref_matches(ref, p)
                    for p in patterns
                )

            if hits(include) and not hits(exclude):  # fnmatch with FNM_PATHNAME, as GitHub (pushrules.py)
                found.append(ruleset)
        return found

    def pull_request_rules(self, repo: _Repo, branch: str) -> list[dict[str, Any]]:
        """Parameters of every rule that governs merging into ``branch`` (protection or rulesets),
        in the rulesets' words (required_approving_review_count, dismiss_stale_reviews_on_push)."""
        rules = []
        reviews = (repo.protection.get(branch) or {}).get("required_pull_request_reviews")
        if reviews:
            rules.append(
                {
                    "required_approving_review_count": int(reviews.get("required_approving_review_count", 1)),
                    "dismiss_stale_reviews_on_push": bool(reviews.get("dismiss_stale_reviews", False)),
                    "require_code_owner_review": bool(reviews.get("require_code_owner_reviews", False)),
                }
            )
        for ruleset in self.rulesets_for(repo, branch):
            for rule in ruleset.get("rules") or []:
                if rule.get("type") == "pull_request":
                    rules.append(dict(rule.get("parameters") or {}))
        return rules

    def dismisses_stale_reviews(self, repo: _Repo, branch: str) -> bool:
        return any(rule.get("dismiss_stale_reviews_on_push") for rule in self.pull_request_rules(repo, branch))

    # ------------------------------------------------------------------ git link

    def branch_sha(self, repo: _Repo, branch: str) -> str | None:
        """The branch head: the real one from ``git_dir`` when it has it, else the fake's."""
        if self.git_dir is not None and repo is self.repo:
            found = subprocess.run(
                ["git", "--git-dir", str(self.git_dir), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}"],
                capture_output=True, text=True, check=False,
            )
            if found.returncode == 0:
                return found.stdout.strip()
        return repo.branches.get(branch)

    def git_commits(self, repo: _Repo, pull: _Pull) -> list[_Commit] | None:
        """A pull request's commits as they are in ``git_dir`` (real shas, authors and author
        dates), so timelines measured from commits see what was committed, when."""
        if self.git_dir is None or repo is not self.repo or not pull.base_sha or not pull.head_sha:
            return None
        found = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), "log", "--reverse", "--format=%H%x1f%P%x1f%aI%x1f%an%x1f%s",
             f"{pull.base_sha}..{pull.head_sha}"],
            capture_output=True, text=True, check=False,
        )
        if found.returncode != 0 or not found.stdout.strip():
            return None
        commits = []
        for seq, line in enumerate(found.stdout.splitlines()):
            sha, parents, date, name, subject = line.split("\x1f")
            commits.append(_Commit(seq, sha, subject, name, datetime.fromisoformat(date), (parents.split() or [""])[0]))
        return commits

    def _normalise_files(self, repo: _Repo, files: list[str | dict[str, Any]] | None, base: str, head_sha: str) -> list[dict[str, Any]]:
        if files is None:
            return self._git_files(repo, base, head_sha)
        result = []
        for item in files:
            entry = {"filename": item, "status": "added"} if isinstance(item, str) else dict(item)
            result.append(entry)
        return result

    def _git_files(self, repo: _Repo, base: str, head_sha: str) -> list[dict[str, Any]]:
        if self.git_dir is None or repo is not self.repo:
            return []
        found = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), "diff", "--name-status", "--no-renames", f"refs/heads/{base}...{head_sha}"],
            capture_output=True, text=True, check=False,
        )
        if found.returncode != 0:
            return []
        statuses = {"A": "added", "M": "modified", "D": "removed", "T": "changed"}
        files = []
        for line in found.stdout.splitlines():
            code, _, name = line.partition("\t")
            files.append({"filename": name, "status": statuses.get(code[:1], "modified")})
        return files

    # ------------------------------------------------------------------ JSON builders

    def _api(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def user_json(self, login: str) -> dict[str, Any]:
        user = self._need_user(login)
        api = self._api(f"/users/{quote(login)}")
        return {
            "login": user.login,
            "id": user.id,
            "node_id": _node_id("User" if user.type != "Organization" else "Organization", user.id),
            "avatar_url": f"{self.base_url}/avatars/u/{user.id}?v=4",
            "gravatar_id": "",
            "url": api,
            "html_url": f"{self.html_base}/{quote(login)}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": user.type,
            "user_view_type": "public",
            "site_admin": False,
        }

    def private_user_json(self, login: str) -> dict[str, Any]:
        user = self._need_user(login)
        body = self.user_json(login)
        body.update(
            {
                "user_view_type": "private",
                "name": user.name,
                "company": None,
                "blog": "",
                "location": None,
                "email": None,
                "hireable": None,
                "bio": None,
                "public_repos": sum(1 for repo in self.repos.values() if repo.owner == login),
                "public_gists": 0,
                "followers": 0,
                "following": 0,
                "created_at": iso(user.created_at),
                "updated_at": iso(user.created_at),
                "private_gists": 0,
                "total_private_repos": 0,
                "owned_private_repos": 0,
                "disk_usage": 0,
                "collaborators": 0,
                "two_factor_authentication": True,
            }
        )
        return body

    def repo_json(self, repo: _Repo, *, full: bool = True) -> dict[str, Any]:
        api = self._api(f"/repos/{repo.full_name}")
        html = f"{self.html_base}/{repo.full_name}"
        host = urlsplit(self.base_url).netloc
        open_issues = sum(1 for issue in repo.issues.values() if issue.state == "open")
        body: dict[str, Any] = {
            "id": repo.id,
            "node_id": _node_id("Repository", repo.id),
            "name": repo.name,
            "full_name": repo.full_name,
            "owner": self.user_json(repo.owner),
            "private": repo.private,
            "html_url": html,
            "description": repo.description,
            "fork": False,
            "url": api,
            "archive_url": f"{api}/{{archive_format}}{{/ref}}",
            "assignees_url": f"{api}/assignees{{/user}}",
            "blobs_url": f"{api}/git/blobs{{/sha}}",
            "branches_url": f"{api}/branches{{/branch}}",
            "collaborators_url": f"{api}/collaborators{{/collaborator}}",
            "comments_url": f"{api}/comments{{/number}}",
            "commits_url": f"{api}/commits{{/sha}}",
            "compare_url": f"{api}/compare/{{base}}...{{head}}",
            "contents_url": f"{api}/contents/{{+path}}",
            "contributors_url": f"{api}/contributors",
            "deployments_url": f"{api}/deployments",
            "downloads_url": f"{api}/downloads",
            "events_url": f"{api}/events",
            "forks_url": f"{api}/forks",
            "git_commits_url": f"{api}/git/commits{{/sha}}",
            "git_refs_url": f"{api}/git/refs{{/sha}}",
            "git_tags_url": f"{api}/git/tags{{/sha}}",
            "git_url": f"git://{host}/{repo.full_name}.git",
            "issue_comment_url": f"{api}/issues/comments{{/number}}",
            "issue_events_url": f"{api}/issues/events{{/number}}",
            "issues_url": f"{api}/issues{{/number}}",
            "keys_url": f"{api}/keys{{/key_id}}",
            "labels_url": f"{api}/labels{{/name}}",
            "languages_url": f"{api}/languages",
            "merges_url": f"{api}/merges",
            "milestones_url": f"{api}/milestones{{/number}}",
            "notifications_url": f"{api}/notifications{{?since,all,participating}}",
            "pulls_url": f"{api}/pulls{{/number}}",
            "releases_url": f"{api}/releases{{/id}}",
            "ssh_url": f"git@{host}:{repo.full_name}.git",
            "stargazers_url": f"{api}/stargazers",
            "statuses_url": f"{api}/statuses/{{sha}}",
            "subscribers_url": f"{api}/subscribers",
            "subscription_url": f"{api}/subscription",
            "tags_url": f"{api}/tags",
            "teams_url": f"{api}/teams",
            "trees_url": f"{api}/git/trees{{/sha}}",
            "clone_url": f"{html}.git",
            "mirror_url": None,
            "hooks_url": f"{api}/hooks",
            "svn_url": html,
            "homepage": None,
            "language": "Python",
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "size": 128,
            "default_branch": repo.default_branch,
            "open_issues_count": open_issues,
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": False,
            "has_wiki": False,
            "has_pages": repo.pages is not None,
            "has_downloads": True,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "visibility": "private" if repo.private else "public",
            "pushed_at": iso(repo.pushed_at or repo.created_at),
            "created_at": iso(repo.created_at),
            "updated_at": iso(repo.pushed_at or repo.created_at),
            "permissions": {"admin": True, "maintain": True, "push": True, "triage": True, "pull": True},
            "allow_rebase_merge": True,
            "allow_squash_merge": True,
            "allow_merge_commit": True,
            "delete_branch_on_merge": False,
            "license": None,
            "forks": 0,
            "open_issues": open_issues,
            "watchers": 0,
        }
        if full:
            body.update({"network_count": 0, "subscribers_count": 0, "temp_clone_token": None})
        return body

    def label_json(self, repo: _Repo, label: _Label) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": _node_id("Label", label.id),
            "url": self._api(f"/repos/{repo.full_name}/labels/{quote(label.name, safe='')}"),
            "name": label.name,
            "color": label.color,
            "default": label.default,
            "description": label.description,
        }

    def _issue_labels_json(self, repo: _Repo, issue: _Issue) -> list[dict[str, Any]]:
        return [self.label_json(repo, self._ensure_label(repo, name)) for name in issue.labels]

    def _author_association(self, repo: _Repo, login: str) -> str:
        if login == repo.owner:
            return "OWNER"
        if repo.permissions.get(login, "read") in ("admin", "maintain", "write"):
            return "COLLABORATOR"
        return "CONTRIBUTOR" if login in self.users else "NONE"

    def _reactions(self, url: str) -> dict[str, Any]:
        return {"url": f"{url}/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0, "confused": 0, "heart": 0, "rocket": 0, "eyes": 0}

    def issue_json(self, repo: _Repo, issue: _Issue) -> dict[str, Any]:
        api = self._api(f"/repos/{repo.full_name}/issues/{issue.number}")
        html_kind = "pull" if issue.pull else "issues"
        comments = sum(1 for c in repo.comments.values() if c.number == issue.number)
        body: dict[str, Any] = {
            "id": issue.id,
            "node_id": _node_id("PullRequest" if issue.pull else "Issue", issue.id),
            "url": api,
            "repository_url": self._api(f"/repos/{repo.full_name}"),
            "labels_url": f"{api}/labels{{/name}}",
            "comments_url": f"{api}/comments",
            "events_url": f"{api}/events",
            "html_url": f"{self.html_base}/{repo.full_name}/{html_kind}/{issue.number}",
            "number": issue.number,
            "state": issue.state,
            "state_reason": issue.state_reason,
            "title": issue.title,
            "body": issue.body,
            "user": self.user_json(issue.author),
            "labels": self._issue_labels_json(repo, issue),
            "assignee": self.user_json(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self.user_json(login) for login in issue.assignees],
            "milestone": None,
            "locked": issue.locked,
            "active_lock_reason": None,
            "comments": comments,
            "closed_at": iso(issue.closed_at) if issue.closed_at else None,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_by": self.user_json(issue.closed_by) if issue.closed_by else None,
            "author_association": self._author_association(repo, issue.author),
            "reactions": self._reactions(api),
            "timeline_url": f"{api}/timeline",
            "performed_via_github_app": None,
        }
        if issue.pull is not None:
            pulls = self._api(f"/repos/{repo.full_name}/pulls/{issue.number}")
            html = f"{self.html_base}/{repo.full_name}/pull/{issue.number}"
            body["draft"] = issue.pull.draft
            body["pull_request"] = {
                "url": pulls,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": iso(issue.pull.merged_at) if issue.pull.merged_at else None,
            }
        return body

    def comment_json(self, repo: _Repo, comment: _Comment) -> dict[str, Any]:
        url = self._api(f"/repos/{repo.full_name}/issues/comments/{comment.id}")
        issue = repo.issues[comment.number]
        kind = "pull" if issue.pull else "issues"
        return {
            "id": comment.id,
            "node_id": _node_id("IssueComment", comment.id),
            "url": url,
            "html_url": f"{self.html_base}/{repo.full_name}/{kind}/{comment.number}#issuecomment-{comment.id}",
            "body": comment.body,
            "user": self.user_json(comment.user),
            "created_at": iso(comment.created_at),
            "updated_at": iso(comment.updated_at),
            "issue_url": self._api(f"/repos/{repo.full_name}/issues/{comment.number}"),
            "author_association": self._author_association(repo, comment.user),
            "performed_via_github_app": None,
            "reactions": self._reactions(url),
        }

    def _branch_ref_json(self, repo: _Repo, ref: str, sha: str, login: str) -> dict[str, Any]:
        return {"label": f"{repo.owner}:{ref}", "ref": ref, "sha": sha, "user": self.user_json(repo.owner), "repo": self.repo_json(repo, full=False)}

    def pull_json(self, repo: _Repo, issue: _Issue, *, simple: bool = False) -> dict[str, Any]:
        pull = issue.pull
        assert pull is not None
        api = self._api(f"/repos/{repo.full_name}/pulls/{issue.number}")
        issue_api = self._api(f"/repos/{repo.full_name}/issues/{issue.number}")
        html = f"{self.html_base}/{repo.full_name}/pull/{issue.number}"
        statuses = self._api(f"/repos/{repo.full_name}/statuses/{pull.head_sha}")
        review_comment = self._api(f"/repos/{repo.full_name}/pulls/comments{{/number}}")
        body: dict[str, Any] = {
            "url": api,
            "id": pull.id,
            "node_id": _node_id("PullRequest", pull.id),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "issue_url": issue_api,
            "commits_url": f"{api}/commits",
            "review_comments_url": f"{api}/comments",
            "review_comment_url": review_comment,
            "comments_url": f"{issue_api}/comments",
            "statuses_url": statuses,
            "number": issue.number,
            "state": issue.state,
            "locked": issue.locked,
            "title": issue.title,
            "user": self.user_json(issue.author),
            "body": issue.body,
            # pull-request-simple types label descriptions as plain strings (no null).
            "labels": [dict(label, description=label["description"] or "") if simple else label for label in self._issue_labels_json(repo, issue)],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": iso(issue.created_at),
            "updated_at": iso(issue.updated_at),
            "closed_at": iso(issue.closed_at) if issue.closed_at else None,
            "merged_at": iso(pull.merged_at) if pull.merged_at else None,
            "merge_commit_sha": pull.merge_commit_sha,
            "assignee": self.user_json(issue.assignees[0]) if issue.assignees else None,
            "assignees": [self.user_json(login) for login in issue.assignees],
            "requested_reviewers": [self.user_json(login) for login in pull.requested_reviewers],
            "requested_teams": [self.team_json(repo.owner, slug) for slug in pull.requested_teams],
            "head": self._branch_ref_json(repo, pull.head_ref, pull.head_sha, issue.author),
            "base": self._branch_ref_json(repo, pull.base_ref, pull.base_sha, issue.author),
            "_links": {
                "self": {"href": api},
                "html": {"href": html},
                "issue": {"href": issue_api},
                "comments": {"href": f"{issue_api}/comments"},
                "review_comments": {"href": f"{api}/comments"},
                "review_comment": {"href": review_comment},
                "commits": {"href": f"{api}/commits"},
                "statuses": {"href": statuses},
            },
            "author_association": self._author_association(repo, issue.author),
            "auto_merge": None,
            "draft": pull.draft,
        }
        if not simple:
            files = pull.files or []
            body.update(
                {
                    "merged": pull.merged,
                    "mergeable": None if pull.merged or issue.state == "closed" else True,
                    "rebaseable": None if pull.merged or issue.state == "closed" else True,
                    "mergeable_state": "unknown" if pull.merged or issue.state == "closed" else ("draft" if pull.draft else "clean"),
                    "merged_by": self.user_json(pull.merged_by) if pull.merged_by else None,
                    "comments": sum(1 for c in repo.comments.values() if c.number == issue.number),
                    "review_comments": 0,
                    "maintainer_can_modify": False,
                    "commits": len(pull.commits),
                    "additions": sum(int(f.get("additions", 1)) for f in files),
                    "deletions": sum(int(f.get("deletions", 0)) for f in files),
                    "changed_files": len(files),
                }
            )
        return body

    def review_json(self, repo: _Repo, issue: _Issue, review: _Review) -> dict[str, Any]:
        api = self._api(f"/repos/{repo.full_name}/pulls/{issue.number}")
        html = f"{self.html_base}/{repo.full_name}/pull/{issue.number}#pullrequestreview-{review.id}"
        body: dict[str, Any] = {
            "id": review.id,
            "node_id": _node_id("PullRequestReview", review.id),
            "user": self.user_json(review.user),
            "body": review.body,
            "state": review.state,
            "html_url": html,
            "pull_request_url": api,
            "author_association": self._author_association(repo, review.user),
            "_links": {"html": {"href": html}, "pull_request": {"href": api}},
            "commit_id": review.commit_id,
        }
        if review.state != "PENDING":
            body["submitted_at"] = iso(review.submitted_at)
        return body

    def team_json(self, org: str, slug: str) -> dict[str, Any]:
        team_id = int(fake_sha("team", org, slug)[:6], 16)
        api = self._api(f"/orgs/{org}/teams/{slug}")
        return {
            "id": team_id,
            "node_id": _node_id("Team", team_id),
            "url": api,
            "html_url": f"{self.html_base}/orgs/{org}/teams/{slug}",
            "name": slug,
            "slug": slug,
            "description": None,
            "privacy": "closed",
            "notification_setting": "notifications_enabled",
            "permission": "push",
            "members_url": f"{api}/members{{/member}}",
            "repositories_url": f"{api}/repos",
            "type": "organization",
            "parent": None,
        }

    def commit_json(self, repo: _Repo, commit: _Commit) -> dict[str, Any]:
        api = self._api(f"/repos/{repo.full_name}")
        person = self._git_person(commit.author, commit.at)
        return {
            "url": f"{api}/commits/{commit.sha}",
            "sha": commit.sha,
            "node_id": _node_id("Commit", int(commit.sha[:8], 16)),
            "html_url": f"{self.html_base}/{repo.full_name}/commit/{commit.sha}",
            "comments_url": f"{api}/commits/{commit.sha}/comments",
            "commit": {
                "url": f"{api}/git/commits/{commit.sha}",
                "author": person,
                "committer": person,
                "message": commit.message,
                "tree": {"url": f"{api}/git/trees/{fake_sha('tree', commit.sha)}", "sha": fake_sha("tree", commit.sha)},
                "comment_count": 0,
                "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None, "verified_at": None},
            },
            "author": self.user_json(commit.author) if commit.author in self.users else None,
            "committer": self.user_json(commit.author) if commit.author in self.users else None,
            "parents": [{"url": f"{api}/commits/{commit.parent}", "sha": commit.parent, "html_url": f"{self.html_base}/{repo.full_name}/commit/{commit.parent}"}],
        }

    def _git_person(self, login: str, moment: datetime) -> dict[str, Any]:
        user = self.users.get(login)
        uid = user.id if user else 0
        return {"name": (user.name if user and user.name else login), "email": f"{uid}+{login}@users.noreply.github.com", "date": iso(moment)}

    def diff_entry_json(self, repo: _Repo, head_sha: str, entry: dict[str, Any]) -> dict[str, Any]:
        name = entry["filename"]
        additions = int(entry.get("additions", 0 if entry.get("status") == "removed" else 1))
        deletions = int(entry.get("deletions", 1 if entry.get("status") == "removed" else 0))
        api = self._api(f"/repos/{repo.full_name}")
        body = {
            "sha": entry.get("sha", fake_sha("blob", head_sha, name)),
            "filename": name,
            "status": entry.get("status", "added"),
            "additions": additions,
            "deletions": deletions,
            "changes": additions + deletions,
            "blob_url": f"{self.html_base}/{repo.full_name}/blob/{head_sha}/{quote(name)}",
            "raw_url": f"{self.html_base}/{repo.full_name}/raw/{head_sha}/{quote(name)}",
            "contents_url": f"{api}/contents/{quote(name)}?ref={head_sha}",
        }
        if "patch" in entry:
            body["patch"] = entry["patch"]
        if "previous_filename" in entry:
            body["previous_filename"] = entry["previous_filename"]
        return body

    def _event_common(self, repo: _Repo, issue: _Issue, event: _Event) -> dict[str, Any]:
        commit_id = event.data.get("commit_id")
        return {
            "id": event.id,
            "node_id": _node_id("IssueEvent", event.id),
            "url": self._api(f"/repos/{repo.full_name}/issues/events/{event.id}"),
            "actor": self.user_json(event.actor),
            "event": event.event,
            "commit_id": commit_id,
            "commit_url": self._api(f"/repos/{repo.full_name}/commits/{commit_id}") if commit_id else None,
            "created_at": iso(event.created_at),
            "performed_via_github_app": None,
        }

    def event_json(self, repo: _Repo, issue: _Issue, event: _Event) -> dict[str, Any]:
        body = self._event_common(repo, issue, event)
        data = event.data
        if "label" in data:
            body["label"] = dict(data["label"])
        if "review_requester" in data:
            body["review_requester"] = self.user_json(data["review_requester"])
            if "requested_reviewer" in data:
                body["requested_reviewer"] = self.user_json(data["requested_reviewer"])
            if "requested_team" in data:
                body["requested_team"] = self.team_json(repo.owner, data["requested_team"])
        if "dismissed_review" in data:
            body["dismissed_review"] = dict(data["dismissed_review"])
        if event.event in ("closed", "reopened"):
            body["state_reason"] = data.get("state_reason")
        return body

    def _timeline_items(self, repo: _Repo, issue: _Issue) -> list[tuple[datetime, int, dict[str, Any]]]:
        items = [(event.created_at, event.seq, self.event_json(repo, issue, event)) for event in issue.events]
        for comment in repo.comments.values():
            if comment.number == issue.number:
                body = self.comment_json(repo, comment)
                body.update({"event": "commented", "actor": self.user_json(comment.user)})
                items.append((comment.created_at, comment.seq, body))
        if issue.pull is not None:
            for review in issue.pull.reviews:
                body = self.review_json(repo, issue, review)
                body["event"] = "reviewed"
                items.append((review.submitted_at, review.seq, body))
            for commit in issue.pull.commits:
                items.append((commit.at, commit.seq, self.committed_json(repo, commit)))
        items.sort(key=lambda item: (item[0], item[1]))
        return items

    def committed_json(self, repo: _Repo, commit: _Commit) -> dict[str, Any]:
        api = self._api(f"/repos/{repo.full_name}")
        person = self._git_person(commit.author, commit.at)
        tree = fake_sha("tree", commit.sha)
        return {
            "event": "committed",
            "sha": commit.sha,
            "node_id": _node_id("Commit", int(commit.sha[:8], 16)),
            "url": f"{api}/git/commits/{commit.sha}",
            "html_url": f"{self.html_base}/{repo.full_name}/commit/{commit.sha}",
            "author": person,
            "committer": person,
            "tree": {"sha": tree, "url": f"{api}/git/trees/{tree}"},
            "message": commit.message,
            "parents": [{"sha": commit.parent, "url": f"{api}/git/commits/{commit.parent}", "html_url": f"{self.html_base}/{repo.full_name}/commit/{commit.parent}"}],
            "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None, "verified_at": None},
        }

    # ------------------------------------------------------------------ HTTP plumbing

    def schema_errors(self) -> list[str]:
        """Schema violations among every response logged so far (other tests may assert ``== []``)."""
        problems: list[str] = []
        for entry in self.log:
            if entry.template is not None:
                problems += self.schema.errors(entry.method, entry.template, entry.status, entry.body)
        return problems

    def requests(self, method: str | None = None, template: str | None = None) -> list[LogEntry]:
        return [e for e in self.log if (method is None or e.method == method) and (template is None or e.template == template)]

    def documentation_url(self, method: str, template: str | None) -> str:
        if template:
            op = self.schema.document["paths"].get(template, {}).get(method.lower(), {})
            url = op.get("externalDocs", {}).get("url")
            if url:
                return url
        return "https://docs.github.com/rest"

    def handle(self, method: str, raw_path: str, headers: dict[str, str], raw_body: bytes) -> tuple[int, Any, dict[str, str]]:
        split = urlsplit(raw_path)
        path = split.path
        query = {key: values[-1] for key, values in parse_qs(split.query, keep_blank_values=True).items()}
        request_body: Any = None
        if raw_body:
            try:
                request_body = json.loads(raw_body)
            except ValueError:
                request_body = None
        matched = self.schema.match(method, path)
        template = matched[0] if matched else None
        login = None
        extra_headers: dict[str, str] = {}
        try:
            login = self._authenticate(headers.get("authorization", ""))
            if matched is None:
                raise _not_found()
            params = {key: unquote(value) for key, value in matched[1].items()}
            route = _ROUTES.get((method, template))
            if route is None:
                raise _not_found()
            identity = identity_of_header(self, headers.get("authorization", ""))
            refusal = scope_refusal(identity, method, template)  # a token's permissions (tokens.py)
            if refusal is not None:
                raise refusal
            if request_body is not None and (method, template) in STRICT_REQUESTS:
                # Settings payloads are built by hand in the project: check them against
                # GitHub's documented request schema, as GitHub does before acting.
                problems = self.schema.request_errors(method, template, request_body)
                if problems:
                    raise HttpError(422, "Invalid request.\n\n" + "\n".join(problems))
            with self._lock:
                ctx = _Ctx(self, login, params, query, request_body, extra_headers, path, identity)
                status, body = route(ctx)
        except HttpError as error:
            status = error.status
            body = {"message": error.message, "documentation_url": self.documentation_url(method, template), "status": str(error.status)}
            if error.errors is not None:
                if template and self.schema.error_schema_name(method, template, status) == "validation-error-simple":
                    # These endpoints answer {"message": "Unprocessable Entity", "errors": ["..."]}.
                    body["message"] = "Unprocessable Entity"
                    body["errors"] = [e.get("message") or f"{e.get('field')} is {e.get('code')}" for e in error.errors]
                else:
                    body["errors"] = error.errors
        self.log.append(LogEntry(method, template, path, status, copy.deepcopy(body), request_body, login))
        return status, body, extra_headers

    def _authenticate(self, header: str) -> str:
        scheme, _, token = header.partition(" ")
        if scheme.lower() in ("token", "bearer") and token.strip() in self.tokens:
            return self.tokens[token.strip()]
        if not header:
            raise HttpError(401, "Requires authentication")
        raise HttpError(401, "Bad credentials")

    # ------------------------------------------------------------------ webhook payloads

    def event_payload(self, event: str, action: str, number: int, **options: Any) -> dict[str, Any]:
        """A webhook payload like GitHub's own examples, filled from the current state.

        Options: ``sender``, ``review_id`` (default: the latest review), ``comment_id``
        (default: the latest comment), ``label`` (default: the latest (un)labeled event's),
        ``requested_reviewer`` (default: the latest review request's).
        """
        from jdih.testing.fakegithub.payloads import build_payload

        with self._lock:
            return build_payload(self, event, action, number, **options)

    def write_event(self, path: Path, event: str, action: str, number: int, **kwargs: Any) -> Path:
        """Write ``event_payload(...)`` as JSON (for ``GITHUB_EVENT_PATH``) and return the path."""
        path.write_text(json.dumps(self.event_payload(event, action, number, **kwargs), indent=2), encoding="utf-8")
        return path


@dataclass
class _Ctx:
    fake: FakeGitHub
    login: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    path: str
    identity: Any = None  # tokens.Identity of the caller

    @property
    def repo(self) -> _Repo:
        repo = self.fake.repos.get(f"{self.params['owner']}/{self.params['repo']}".lower())
        if repo is None:
            raise _not_found()
        return repo

    def json_body(self) -> dict[str, Any]:
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise HttpError(400, "Problems parsing JSON")
        return self.body

    def issue(self, key: str = "issue_number") -> _Issue:
        try:
            number = int(self.params[key])
        except ValueError:
            raise _not_found() from None
        issue = self.repo.issues.get(number)
        if issue is None:
            raise _not_found()
        return issue

    def pull(self) -> _Issue:
        issue = self.issue("pull_number")
        if issue.pull is None:
            raise _not_found()
        return issue

    def page(self, items: list[Any]) -> list[Any]:
        """GitHub pagination: ``per_page`` (≤100, default 30), ``page``, ``Link`` header."""
        try:
            per_page = max(1, min(100, int(self.query.get("per_page", 30))))
            page = max(1, int(self.query.get("page", 1)))
        except ValueError:
            per_page, page = 30, 1
        last = max(1, -(-len(items) // per_page))
        links = []

        def url(number: int) -> str:
            query = dict(self.query, per_page=str(per_page), page=str(number))
            return f"{self.fake.base_url}{self.path}?" + "&".join(f"{k}={quote(str(v), safe='')}" for k, v in query.items())

        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links += [f'<{url(1)}>; rel="first"', f'<{url(page - 1)}>; rel="prev"']
        if links:
            self.headers["Link"] = ", ".join(links)
        return items[(page - 1) * per_page : page * per_page]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub
    protocol_version = "HTTP/1.1"
    server_version = "FakeGitHub/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # the fake keeps its own log

    def _serve(self) -> None:
        if gitserver.handles(self.path):  # git smart HTTP and the fake's /_fake/ routes
            gitserver.serve(self)
            return
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, body, extra = self.fake.handle(self.command, self.path, headers, raw)
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        self.send_header("X-RateLimit-Limit", "5000")
        self.send_header("X-RateLimit-Remaining", "4999")
        self.send_header("X-RateLimit-Reset", "4102444800")
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve


from jdih.testing.fakegithub import gitserver  # noqa: E402
from jdih.testing.fakegithub.pushrules import ref_matches  # noqa: E402
from jdih.testing.fakegithub.routes import ROUTES as _ROUTES  # noqa: E402  (routes need the classes above)
