"""The one module that talks to GitHub (through PyGithub).

Everything else gets small typed results from here, so the SOP logic can be tested
without GitHub and the same code runs against github.com, GitHub Enterprise and the
test fake: the API base URL is always an argument (or `GITHUB_API_URL`).

`connect()` is the only way the package gets a GitHub client: one timeout and retry
policy (`TIMEOUT_SECONDS`, `RETRIES`), one reading of `GITHUB_TOKEN`, `GITHUB_REPOSITORY`
and `GITHUB_API_URL`, one error when they are missing. Code that needs PyGithub objects
itself (the WhatsApp ledger's comment store, the report's history) takes
`GitHubRepo.pygithub_repo` from the same client.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from github import Auth, Github, GithubException, UnknownObjectException
from github.Repository import Repository

DEFAULT_API_URL = "https://api.github.com"
WRITE_PAUSE_ENV = "JDIH_GITHUB_WRITE_PAUSE"  # seconds between write requests (default 1)
# The one policy for every request to GitHub: a request that gets no answer within
# TIMEOUT_SECONDS fails; a connection error (any request) or a read error (GET/PUT/DELETE,
# which are safe to repeat) is retried RETRIES times (PyGithub's int retry = urllib3 Retry).
TIMEOUT_SECONDS = 30
RETRIES = 2


ApiError = GithubException  # what a failed request raises (for callers' error handling)


class GitHubError(Exception):
    """A GitHub call failed; the message is Indonesian and says what to do."""


class GitHubConfigError(GitHubError):
    """No token or no repository was given (argument or environment variable)."""


def web_url_from_api(api_url: str) -> str:
    """The web host for links people click: api.github.com → github.com, GHE /api/v3 → host."""
    api_url = api_url.rstrip("/")
    parts = urlsplit(api_url)
    if parts.netloc == "api.github.com":
        return f"{parts.scheme}://github.com"
    if parts.path.endswith("/api/v3"):
        return f"{parts.scheme}://{parts.netloc}{parts.path[: -len('/api/v3')]}"
    return api_url  # the test fake serves web and API from one base URL


def connect(token: str | None = None, repository: str | None = None, api_url: str | None = None, *,
            write_pause: float | None = None) -> GitHubRepo:
    """The GitHub client every command uses. A missing argument is read from GITHUB_TOKEN,
    GITHUB_REPOSITORY and GITHUB_API_URL (default `DEFAULT_API_URL`); raises
    `GitHubConfigError` (Indonesian) when there is no token or no 'owner/name' repository.
    No request is made until the first call."""
    return GitHubRepo(token, repository, api_url, write_pause=write_pause)


def split_principals(names: list[str]) -> tuple[list[str], list[str]]:
    """Split role entries into (user logins, team slugs as 'org/team')."""
    users = [name for name in names if "/" not in name]
    teams = [name for name in names if "/" in name]
    return users, teams


@dataclass(frozen=True)
class IssueInfo:
    number: int
    title: str
    body: str
    author: str
    labels: tuple[str, ...]
    html_url: str
    state: str
    created_at: dt.datetime | None


@dataclass(frozen=True)
class CommentInfo:
    id: int
    body: str
    author: str
    created_at: dt.datetime | None


@dataclass(frozen=True)
class PullInfo:
    number: int
    title: str
    body: str
    author: str
    draft: bool
    state: str
    merged: bool
    merged_at: dt.datetime | None
    merge_commit_sha: str | None
    head_sha: str
    head_ref: str
    base_ref: str
    html_url: str
    created_at: dt.datetime | None
    labels: tuple[str, ...] = ()
    requested_users: tuple[str, ...] = ()
    requested_teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    user: str
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    commit_id: str | None
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class LabelInfo:
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class LabelEvent:
    label: str
    action: str  # labeled / unlabeled
    created_at: dt.datetime


@dataclass
class RepoState:
    """What `jdih siapkan` needs to know to plan (read once)."""

    labels: dict[str, LabelInfo] = field(default_factory=dict)
    codeowners: str | None = None
    codeowners_sha: str | None = None
    rulesets: list[dict[str, Any]] = field(default_factory=list)
    rulesets_available: bool = True
    rulesets_detail: str = ""  # GitHub's answer when the rulesets could not be read
    protection: dict[str, Any] | None = None
    pages: dict[str, Any] | None = None
    default_branch: str = "main"


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _pull_info(pull) -> PullInfo:
    return PullInfo(
        number=pull.number,
        title=pull.title or "",
        body=pull.body or "",
        author=pull.user.login if pull.user else "",
        draft=bool(pull.draft),
        state=pull.state,
        merged=pull.merged_at is not None,  # "simple" pull JSON (commit → pulls) has no `merged`
        merged_at=_aware(pull.merged_at),
        merge_commit_sha=pull.merge_commit_sha,
        head_sha=pull.head.sha,
        head_ref=pull.head.ref,
        base_ref=pull.base.ref,
        html_url=pull.html_url,
        created_at=_aware(pull.created_at),
        labels=tuple(label.name for label in pull.labels or []),
        requested_users=tuple(user.login for user in pull.requested_reviewers or []),
        requested_teams=tuple(team.slug for team in pull.requested_teams or []),
    )


def _issue_info(issue) -> IssueInfo:
    return IssueInfo(
        number=issue.number,
        title=issue.title or "",
        body=issue.body or "",
        author=issue.user.login if issue.user else "",
        labels=tuple(label.name for label in issue.labels or []),
        html_url=issue.html_url,
        state=issue.state,
        created_at=_aware(issue.created_at),
    )


class GitHubRepo:
    """One repository, through one authenticated PyGithub client (build it with `connect`)."""

    def __init__(self, token: str | None = None, repository: str | None = None,
                 api_url: str | None = None, *, write_pause: float | None = None):
        token = token or os.environ.get("GITHUB_TOKEN")
        repository = repository or os.environ.get("GITHUB_REPOSITORY")
        api_url = (api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
        if not token:
            raise GitHubConfigError("token GitHub tidak ada — isi variabel lingkungan GITHUB_TOKEN "
                                    "(di GitHub Actions: secrets.GITHUB_TOKEN) atau berikan --token")
        if not repository or "/" not in repository:
            raise GitHubConfigError("repositori GitHub tidak diketahui — isi GITHUB_REPOSITORY dengan "
                                    "'pemilik/nama', mis. 'kpu-kapuas/jdih-medsos', atau berikan --repo")
        self.api_url = api_url
        self.web_url = web_url_from_api(api_url)
        self.full_name = repository
        self.owner, self.name = repository.split("/", 1)
        if write_pause is None:
            # GitHub asks for a pause between writes (secondary rate limits); tests set 0
            write_pause = float(os.environ.get(WRITE_PAUSE_ENV, "1"))
        # The only PyGithub client the package builds (outside jdih.testing).
        self._gh = Github(auth=Auth.Token(token), base_url=api_url, timeout=TIMEOUT_SECONDS, retry=RETRIES,
                          seconds_between_requests=None, seconds_between_writes=write_pause or None)
        self._repo_obj: Repository | None = None
        self.default_branch_name = "main"

    # -- plumbing -----------------------------------------------------------------------

    @property
    def _repo(self) -> Repository:
        if self._repo_obj is None:
            # fetched on first use: no network in the constructor
            self._repo_obj = self._gh.get_repo(self.full_name)
        return self._repo_obj

    @property
    def pygithub_repo(self) -> Repository:
        """The PyGithub `Repository` behind this wrapper, for code that works on PyGithub objects
        (`PyGithubCommentStore`, `sop.history`). Fetched on first use; raises `ApiError` when the
        token cannot open the repository."""
        return self._repo

    def _raw(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """A REST call PyGithub has no method for (rulesets, Pages); returns (status, json)."""
        url = f"/repos/{self.full_name}{path}"
        try:
            _, data = self._gh.requester.requestJsonAndCheck(method, url, input=body)
        except GithubException as exc:
            return exc.status, exc.data
        return 200, data

    @property
    def repo_web_url(self) -> str:
        return f"{self.web_url}/{self.full_name}"

    # -- issues and comments --------------------------------------------------------------

    def create_issue(self, title: str, body: str, labels: list[str] | None = None,
                     assignees: list[str] | None = None) -> IssueInfo:
        issue = self._repo.create_issue(title=title, body=body, labels=labels or [],
                                        assignees=assignees or [])
        return _issue_info(issue)

    def issue(self, number: int) -> IssueInfo:
        return _issue_info(self._repo.get_issue(number))

    def comments(self, number: int) -> list[CommentInfo]:
        return [CommentInfo(c.id, c.body or "", c.user.login if c.user else "", _aware(c.created_at))
                for c in self._repo.get_issue(number).get_comments()]

    def comment(self, number: int, body: str) -> CommentInfo:
        c = self._repo.get_issue(number).create_comment(body)
        return CommentInfo(c.id, c.body or "", c.user.login if c.user else "", _aware(c.created_at))

    def edit_comment(self, number: int, comment_id: int, body: str) -> None:
        self._repo.get_issue(number).get_comment(comment_id).edit(body)

    def upsert_comment(self, number: int, marker: str, body: str) -> str:
        """Create or update in place the one comment that contains `marker`; 'dibuat'/'diperbarui'/'sama'."""
        for existing in self.comments(number):
            if marker in existing.body:
                if existing.body == body:
                    return "sama"
                self.edit_comment(number, existing.id, body)
                return "diperbarui"
        self.comment(number, body)
        return "dibuat"

    def close_issue(self, number: int) -> None:
        self._repo.get_issue(number).edit(state="closed")

    # -- labels -----------------------------------------------------------------------------

    def labels_of(self, number: int) -> list[str]:
        return [label.name for label in self._repo.get_issue(number).get_labels()]

    def add_labels(self, number: int, names: list[str]) -> None:
        if names:
            self._repo.get_issue(number).add_to_labels(*names)

    def remove_label(self, number: int, name: str) -> None:
        try:
            self._repo.get_issue(number).remove_from_labels(name)
        except GithubException as exc:
            if exc.status != 404:
                raise  # 404 "Label does not exist": already gone, the goal is reached

    def repo_labels(self) -> dict[str, LabelInfo]:
        return {label.name: LabelInfo(label.name, label.color, label.description or "")
                for label in self._repo.get_labels()}

    def create_label(self, name: str, color: str, description: str) -> None:
        self._repo.create_label(name=name, color=color, description=description)

    def update_label(self, name: str, color: str, description: str) -> None:
        self._repo.get_label(name).edit(name=name, color=color, description=description)

    def label_events(self, number: int) -> list[LabelEvent]:
        """Label history of an issue / pull request (for time spent in a step); [] if unavailable."""
        try:
            events = list(self._repo.get_issue(number).get_events())
        except GithubException:
            return []
        return [LabelEvent(e.label.name, e.event, _aware(e.created_at))
                for e in events if e.event in ("labeled", "unlabeled") and e.label is not None]

    # -- pull requests ----------------------------------------------------------------------

    def pull(self, number: int) -> PullInfo:
        return _pull_info(self._repo.get_pull(number))

    def open_pulls(self, base: str | None = None) -> list[PullInfo]:
        kwargs = {"state": "open"}
        if base:
            kwargs["base"] = base
        return [_pull_info(p) for p in self._repo.get_pulls(**kwargs)]

    def merged_pulls_since(self, since: dt.datetime, base: str | None = None) -> list[PullInfo]:
        """Merged pull requests updated at or after `since` (newest first), into `base` if given.

        Closed pull requests are listed by last update, newest first, and the listing stops at
        the first one older than `since` (a merge, and any comment after it, updates it)."""
        kwargs: dict[str, Any] = {"state": "closed", "sort": "updated", "direction": "desc"}
        if base:
            kwargs["base"] = base
        found = []
        for pull in self._repo.get_pulls(**kwargs):
            updated = _aware(pull.updated_at)
            if updated is not None and updated < since:
                break
            if pull.merged_at is not None:
                found.append(_pull_info(pull))
        return found

    def pull_files(self, number: int) -> list[str]:
        return [f.filename for f in self._repo.get_pull(number).get_files()]

    def pull_commit_authors(self, number: int) -> list[str]:
        """GitHub logins of the pull request's commit authors (unknown emails are skipped)."""
        logins: list[str] = []
        for commit in self._repo.get_pull(number).get_commits():
            author = commit.author
            if author is not None and author.login and author.login not in logins:
                logins.append(author.login)
        return logins

    def reviews(self, number: int) -> list[ReviewInfo]:
        return [ReviewInfo(r.id, r.user.login if r.user else "", (r.state or "").upper(), r.commit_id,
                           _aware(r.submitted_at))
                for r in self._repo.get_pull(number).get_reviews()]

    def request_reviewers(self, number: int, principals: list[str]) -> list[str]:
        """Ask `principals` for a review; returns those GitHub refused, the others are asked.

        GitHub answers 422 ("Reviews may only be requested from collaborators", REST "Request
        reviewers for a pull request") for a login that is not a collaborator yet, e.g. one
        whose invitation is not accepted, and then refuses the whole request: on a 422 each
        is asked alone, so the refused ones are known and the others still get the request.
        Any other error is raised."""
        users, teams = split_principals(principals)
        if not (users or teams):
            return []
        pull = self._repo.get_pull(number)

        def ask(users: list[str], teams: list[str]) -> bool:
            try:
                pull.create_review_request(reviewers=users, team_reviewers=[team.split("/", 1)[1] for team in teams])
            except GithubException as exc:
                if exc.status != 422:
                    raise
                return False
            return True

        if ask(users, teams):
            return []
        if len(users) + len(teams) == 1:
            return users + teams
        return ([user for user in users if not ask([user], [])]
                + [team for team in teams if not ask([], [team])])

    def remove_review_request(self, number: int, principals: list[str]) -> None:
        users, teams = split_principals(principals)
        if users or teams:
            self._repo.get_pull(number).delete_review_request(
                reviewers=users, team_reviewers=[team.split("/", 1)[1] for team in teams])

    def create_pull(self, title: str, body: str, head: str, base: str = "main",
                    draft: bool = False) -> PullInfo:
        try:
            pull = self._repo.create_pull(title=title, body=body, head=head, base=base, draft=draft)
        except GithubException as exc:
            message = (exc.data or {}).get("message", "") if isinstance(exc.data, dict) else ""
            raise GitHubError(f"pull request tidak dapat dibuat ({exc.status} {message}) — pastikan cabang "
                              f"'{head}' sudah didorong dan belum punya pull request terbuka") from None
        return _pull_info(pull)

    def pulls_for_commit(self, sha: str) -> list[PullInfo]:
        try:
            return [_pull_info(p) for p in self._repo.get_commit(sha).get_pulls()]
        except GithubException as exc:
            if exc.status in (404, 422):  # a commit GitHub does not have (e.g. made only locally)
                return []
            raise

    def is_team_member(self, team: str, login: str) -> bool:
        """Whether `login` is an active member of 'org/team'."""
        org, slug = team.split("/", 1)
        try:
            _, data = self._gh.requester.requestJsonAndCheck(
                "GET", f"/orgs/{quote(org)}/teams/{quote(slug)}/memberships/{quote(login)}")
        except GithubException:
            return False
        return isinstance(data, dict) and data.get("state") == "active"

    def in_role(self, login: str, principals: list[str]) -> bool:
        """Whether a login is one of the role's users or a member of one of its teams."""
        users, teams = split_principals(principals)
        if login.lower() in (user.lower() for user in users):
            return True
        return any(self.is_team_member(team, login) for team in teams)

    # -- repository setup -------------------------------------------------------------------

    def default_branch(self) -> str:
        return self._repo.default_branch or "main"

    def read_state(self, branch: str = "main") -> RepoState:
        state = RepoState(labels=self.repo_labels(), default_branch=branch)
        try:
            contents = self._repo.get_contents(".github/CODEOWNERS", ref=branch)
            state.codeowners = contents.decoded_content.decode("utf-8")
            state.codeowners_sha = contents.sha
        except UnknownObjectException:
            pass
        except GithubException as exc:
            if exc.status != 404:
                raise
        status, data = self._raw("GET", "/rulesets")
        if status == 200 and isinstance(data, list):
            state.rulesets = data
        else:
            state.rulesets_available = False
            state.rulesets_detail = _detail(status, data)
        status, data = self._raw("GET", f"/branches/{quote(branch)}/protection")
        state.protection = data if status == 200 else None
        status, data = self._raw("GET", "/pages")
        state.pages = data if status == 200 else None
        return state

    def pages_url(self) -> str | None:
        """Where GitHub Pages serves the site (`html_url` of GET /repos/{owner}/{repo}/pages), or
        None when Pages is off or the token may not read it (`pages: read`)."""
        status, data = self._raw("GET", "/pages")
        return str(data["html_url"]) if status == 200 and isinstance(data, dict) and data.get("html_url") else None

    def put_file(self, path: str, content: str, message: str, branch: str, sha: str | None) -> None:
        if sha:
            self._repo.update_file(path, message, content, sha, branch=branch)
        else:
            self._repo.create_file(path, message, content, branch=branch)

    def create_ruleset(self, payload: dict[str, Any]) -> tuple[bool, str]:
        status, data = self._raw("POST", "/rulesets", payload)
        return status == 200, _detail(status, data)

    def protect_branch(self, branch: str, payload: dict[str, Any]) -> tuple[bool, str]:
        status, data = self._raw("PUT", f"/branches/{quote(branch)}/protection", payload)
        return status == 200, _detail(status, data)

    def enable_pages(self, exists: bool) -> tuple[bool, str]:
        status, data = self._raw("PUT" if exists else "POST", "/pages", {"build_type": "workflow"})
        return status in (200, 201, 204), _detail(status, data)

    # -- publishing credential (jdih siapkan; see jdih.github.deploykey) ---------------------

    def is_private(self) -> bool:
        return bool(self._repo.private)

    def deploy_keys(self) -> list[dict[str, Any]]:
        status, data = self._raw("GET", "/keys")
        return data if status == 200 and isinstance(data, list) else []

    def add_deploy_key(self, title: str, public_key: str) -> tuple[bool, str]:
        status, data = self._raw("POST", "/keys", {"title": title, "key": public_key, "read_only": False})
        return status == 200, _detail(status, data)

    def delete_deploy_key(self, key_id: int) -> None:
        self._raw("DELETE", f"/keys/{key_id}")

    def environment(self, name: str) -> dict[str, Any] | None:
        status, data = self._raw("GET", f"/environments/{quote(name)}")
        return data if status == 200 else None

    def put_environment(self, name: str, branch_policy: dict[str, bool]) -> tuple[bool, str]:
        status, data = self._raw("PUT", f"/environments/{quote(name)}", {"deployment_branch_policy": branch_policy})
        return status == 200, _detail(status, data)

    def environment_branches(self, name: str) -> list[str]:
        status, data = self._raw("GET", f"/environments/{quote(name)}/deployment-branch-policies")
        policies = data.get("branch_policies", []) if status == 200 and isinstance(data, dict) else []
        return [p["name"] for p in policies if p.get("type", "branch") == "branch"]

    def add_environment_branch(self, name: str, branch: str) -> tuple[bool, str]:
        status, data = self._raw("POST", f"/environments/{quote(name)}/deployment-branch-policies",
                                 {"name": branch, "type": "branch"})
        return status == 200, _detail(status, data)

    def has_environment_secret(self, environment: str, secret: str) -> bool:
        status, _ = self._raw("GET", f"/environments/{quote(environment)}/secrets/{quote(secret)}")
        return status == 200

    def put_environment_secret(self, environment: str, secret: str, value: str) -> None:
        # PyGithub seals the value with the environment's public key (LibSodium sealed box).
        self._repo.get_environment(environment).create_secret(secret, value)

    def ruleset(self, ruleset_id: int) -> dict[str, Any] | None:
        status, data = self._raw("GET", f"/rulesets/{ruleset_id}")
        return data if status == 200 else None

    def update_ruleset(self, ruleset_id: int, payload: dict[str, Any]) -> tuple[bool, str]:
        status, data = self._raw("PUT", f"/rulesets/{ruleset_id}", payload)
        return status == 200, _detail(status, data)

    def create_branch(self, name: str, from_branch: str) -> None:
        sha = self._repo.get_branch(from_branch).commit.sha
        self._repo.create_git_ref(f"refs/heads/{name}", sha)

    def branch_exists(self, name: str) -> bool:
        status, _ = self._raw("GET", f"/branches/{quote(name)}")
        return status == 200

    def file_sha(self, path: str, branch: str) -> str | None:
        try:
            return self._repo.get_contents(path, ref=branch).sha
        except UnknownObjectException:
            return None

    def set_pages_domain(self, domain: str | None) -> tuple[bool, str]:
        status, data = self._raw("PUT", "/pages", {"cname": domain})
        return status == 200, _detail(status, data)


def _detail(status: int, data: Any) -> str:
    message = data.get("message", "") if isinstance(data, dict) else ""
    return f"{status} {message}".strip()
