"""Who a token (or an SSH key) is, and what it may do: token identities and their scopes.

A token the fake knows is one of:

* a person's token (``add_user`` registers ``"<login>-token"``): actor type "User", limited
  only by the person's role on the repository;
* "test-token": "github-actions[bot]" with every permission (actor type "GitHubActions"), as
  the existing tests expect;
* ``fake.workflow_token(permissions)``: GITHUB_TOKEN of one job, "github-actions[bot]" limited
  to the job's ``permissions:``;
* ``fake.app_token(app_id, slug=...)``: a GitHub App installation token, "<slug>[bot]",
  actor type "Integration" with that app id (a ruleset may name it as a bypass actor);
* over SSH, a deploy key (actor type "DeployKey", see ``jdih.testing.fakessh``).

GitHub's rules kept here, each with its source:

* GITHUB_TOKEN's permissions: "If you specify the access for any of these permissions, all of
  those that are not specified are set to none"; the restricted default is contents read and
  packages read; metadata is always read ("Controlling permissions for GITHUB_TOKEN",
  https://docs.github.com/en/actions/using-jobs/assigning-permissions-to-jobs, and "GITHUB_TOKEN
  reference", https://docs.github.com/en/actions/reference/github_token-reference). A job
  cannot ask for administration, secrets, environments or organization permissions: they are
  not among the job's permission keys, so every endpoint needing them is refused.
* An endpoint outside a token's permissions answers 403 {"message": "Resource not accessible
  by integration"} (quoted in einaregilsson/build-number#23 for POST /git/refs).
* The permission each endpoint needs: ``ROUTE_PERMISSIONS`` below, copied from "Permissions
  required for GitHub Apps" (https://docs.github.com/en/rest/overview/permissions-required-for-github-apps,
  read from the cached page in octokit/app-permissions, cache/api.github.com.html). Where the
  page lists an endpoint under two permissions with "additional permissions", either one
  suffices, except Pages writes, which need administration and pages.
* Installation tokens (GITHUB_TOKEN and apps) have no user: GET /user is not listed for them
  on that page, so 403; organization team endpoints are not listed either: GITHUB_TOKEN reads
  them as 404 (the team does not exist for it), and a team review request made with it is
  refused 422 "Reviews may only be requested from collaborators. One or more of the teams you
  specified is not a collaborator of the owner/repo repository." (quoted in
  freifunkMUC/wg-access-server#335 and github/entitlements-config#25).
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jdih.testing.fakegithub.server import FakeGitHub, _Repo

BOT_LOGIN = "github-actions[bot]"
LEVELS = {"none": 0, "read": 1, "write": 2}
# The keys of a job's `permissions:` ("Controlling permissions for GITHUB_TOKEN").
WORKFLOW_PERMISSIONS = ("actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token",
                        "issues", "models", "packages", "pages", "pull-requests", "repository-projects",
                        "security-events", "statuses")
# "Default access (restricted)" in the GITHUB_TOKEN reference; metadata is always read.
RESTRICTED_DEFAULT = {"contents": "read", "packages": "read", "metadata": "read"}
NOT_ACCESSIBLE = "Resource not accessible by integration"

# (method, path template) → alternatives; each alternative is a tuple of (permission, access),
# all of which are needed. From "Permissions required for GitHub Apps" (see the module docstring).
_R = "/repos/{owner}/{repo}"
_PR_OR_ISSUES_READ = ((("issues", "read"),), (("pull_requests", "read"),))
_PR_OR_ISSUES_WRITE = ((("issues", "write"),), (("pull_requests", "write"),))
ROUTE_PERMISSIONS: dict[tuple[str, str], tuple[tuple[tuple[str, str], ...], ...]] = {
    # No installation token may: the page lists /user only for user access tokens (UAT).
    ("GET", "/user"): (),
    ("PATCH", "/user"): (),
    ("GET", _R): ((("metadata", "read"),),),
    ("PATCH", _R): ((("administration", "write"),),),
    ("DELETE", _R): ((("administration", "write"),),),
    ("GET", _R + "/pulls"): ((("pull_requests", "read"),),),
    ("POST", _R + "/pulls"): ((("pull_requests", "write"),),),
    ("GET", _R + "/pulls/{pull_number}"): ((("pull_requests", "read"),), (("contents", "read"),)),
    ("PATCH", _R + "/pulls/{pull_number}"): ((("pull_requests", "write"),),),
    ("GET", _R + "/pulls/{pull_number}/reviews"): ((("pull_requests", "read"),),),
    ("POST", _R + "/pulls/{pull_number}/reviews"): ((("pull_requests", "write"),),),
    ("GET", _R + "/pulls/{pull_number}/requested_reviewers"): ((("pull_requests", "read"),),),
    ("POST", _R + "/pulls/{pull_number}/requested_reviewers"): ((("pull_requests", "write"),),),
    ("DELETE", _R + "/pulls/{pull_number}/requested_reviewers"): ((("pull_requests", "write"),),),
    ("GET", _R + "/pulls/{pull_number}/files"): ((("pull_requests", "read"),),),
    ("GET", _R + "/pulls/{pull_number}/commits"): ((("pull_requests", "read"),),),
    ("GET", _R + "/pulls/{pull_number}/merge"): ((("pull_requests", "read"),),),
    ("PUT", _R + "/pulls/{pull_number}/merge"): ((("contents", "write"),),),
    ("GET", _R + "/commits/{commit_sha}/pulls"): ((("pull_requests", "read"),),),
    ("GET", _R + "/commits/{ref}"): ((("contents", "read"),),),
    ("GET", _R + "/issues"): ((("issues", "read"),),),
    ("POST", _R + "/issues"): ((("issues", "write"),),),
    ("GET", _R + "/issues/{issue_number}"): ((("issues", "read"),),),
    ("PATCH", _R + "/issues/{issue_number}"): _PR_OR_ISSUES_WRITE,
    ("GET", _R + "/issues/{issue_number}/comments"): _PR_OR_ISSUES_READ,
    ("POST", _R + "/issues/{issue_number}/comments"): _PR_OR_ISSUES_WRITE,
    ("GET", _R + "/issues/comments/{comment_id}"): _PR_OR_ISSUES_READ,
    ("PATCH", _R + "/issues/comments/{comment_id}"): _PR_OR_ISSUES_WRITE,
    ("DELETE", _R + "/issues/comments/{comment_id}"): _PR_OR_ISSUES_WRITE,
    ("GET", _R + "/issues/{issue_number}/labels"): _PR_OR_ISSUES_READ,
    ("POST", _R + "/issues/{issue_number}/labels"): _PR_OR_ISSUES_WRITE,
    ("PUT", _R + "/issues/{issue_number}/labels"): _PR_OR_ISSUES_WRITE,
    ("DELETE", _R + "/issues/{issue_number}/labels"): _PR_OR_ISSUES_WRITE,
    ("DELETE", _R + "/issues/{issue_number}/labels/{name}"): _PR_OR_ISSUES_WRITE,
    ("GET", _R + "/issues/{issue_number}/timeline"): _PR_OR_ISSUES_READ,
    ("GET", _R + "/issues/{issue_number}/events"): _PR_OR_ISSUES_READ,
    ("GET", _R + "/labels"): _PR_OR_ISSUES_READ,
    ("POST", _R + "/labels"): _PR_OR_ISSUES_WRITE,
    ("GET", _R + "/labels/{name}"): _PR_OR_ISSUES_READ,
    ("PATCH", _R + "/labels/{name}"): _PR_OR_ISSUES_WRITE,
    ("DELETE", _R + "/labels/{name}"): _PR_OR_ISSUES_WRITE,
    ("GET", _R + "/branches/{branch}"): ((("contents", "read"),),),
    ("GET", _R + "/branches/{branch}/protection"): ((("administration", "read"),),),
    ("PUT", _R + "/branches/{branch}/protection"): ((("administration", "write"),),),
    ("DELETE", _R + "/branches/{branch}/protection"): ((("administration", "write"),),),
    ("GET", _R + "/rulesets"): ((("metadata", "read"),),),
    ("POST", _R + "/rulesets"): ((("administration", "write"),),),
    ("GET", _R + "/rulesets/{ruleset_id}"): ((("metadata", "read"),),),
    ("PUT", _R + "/rulesets/{ruleset_id}"): ((("administration", "write"),),),
    ("DELETE", _R + "/rulesets/{ruleset_id}"): ((("administration", "write"),),),
    ("GET", _R + "/collaborators/{username}/permission"): ((("metadata", "read"),),),
    ("GET", _R + "/pages"): ((("pages", "read"),),),
    ("POST", _R + "/pages"): ((("administration", "write"), ("pages", "write")),),
    ("PUT", _R + "/pages"): ((("administration", "write"), ("pages", "write")),),
    ("DELETE", _R + "/pages"): ((("administration", "write"), ("pages", "write")),),
    ("GET", _R + "/contents/{path}"): ((("contents", "read"),),),
    ("PUT", _R + "/contents/{path}"): ((("contents", "write"),),),
    ("DELETE", _R + "/contents/{path}"): ((("contents", "write"),),),
    ("POST", _R + "/git/refs"): ((("contents", "write"),),),
    ("GET", _R + "/keys"): ((("administration", "read"),),),
    ("POST", _R + "/keys"): ((("administration", "write"),),),
    ("GET", _R + "/keys/{key_id}"): ((("administration", "read"),),),
    ("DELETE", _R + "/keys/{key_id}"): ((("administration", "write"),),),
    ("GET", _R + "/environments/{environment_name}"): ((("actions", "read"),),),
    ("PUT", _R + "/environments/{environment_name}"): ((("administration", "write"),),),
    ("DELETE", _R + "/environments/{environment_name}"): ((("administration", "write"),),),
    ("GET", _R + "/environments/{environment_name}/deployment-branch-policies"): ((("actions", "read"),),),
    ("POST", _R + "/environments/{environment_name}/deployment-branch-policies"): ((("administration", "write"),),),
    # Environment secrets: the page lists them under the "Environments"/"Secrets" permissions,
    # which a job cannot be given.
    ("GET", _R + "/environments/{environment_name}/secrets/public-key"): ((("environments", "read"),),),
    ("GET", _R + "/environments/{environment_name}/secrets/{secret_name}"): ((("environments", "read"),),),
    ("PUT", _R + "/environments/{environment_name}/secrets/{secret_name}"): ((("environments", "write"),),),
    ("DELETE", _R + "/environments/{environment_name}/secrets/{secret_name}"): ((("environments", "write"),),),
    # Organization "Members" permission.
    ("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}"): ((("members", "read"),),),
    ("PUT", "/orgs/{org}/teams/{team_slug}/memberships/{username}"): ((("members", "write"),),),
    ("DELETE", "/orgs/{org}/teams/{team_slug}/memberships/{username}"): ((("members", "write"),),),
}
_ALL = "*"  # a scope that grants every permission (the all-permission bot, an app without limits)


@dataclass(frozen=True)
class Identity:
    """Who is calling: a person, the workflow bot, a GitHub App installation or a deploy key."""

    login: str | None
    actor_type: str  # "User" | "GitHubActions" | "Integration" | "DeployKey"
    permissions: Mapping[str, str] | None = None  # token scopes; None: the account's own role decides
    app_id: int | None = None
    deploy_key_id: int | None = None
    read_only: bool = False
    repo: str | None = None  # the one repository (lower-case "owner/name") a deploy key works on

    def grants(self, permission: str, access: str) -> bool:
        if self.permissions is None or _ALL in self.permissions:
            return True
        have = self.permissions.get(permission, "none")
        return LEVELS.get(have, 0) >= LEVELS[access]


def normalise_permissions(permissions: Mapping[str, str] | str | None) -> dict[str, str]:
    """A job's `permissions:` as the token gets them (keys with underscores, metadata read)."""
    if permissions is None:
        return dict(RESTRICTED_DEFAULT)
    if isinstance(permissions, str):
        if permissions not in ("read-all", "write-all"):
            raise ValueError('permissions must be a mapping, "read-all" or "write-all"')
        level = permissions.removesuffix("-all")
        chosen = {name: level for name in WORKFLOW_PERMISSIONS if not (name == "id-token" and level == "read")}
    else:
        chosen = dict(permissions)
    result = {"metadata": "read"}
    for name, level in chosen.items():
        if name not in WORKFLOW_PERMISSIONS:
            raise ValueError(f"{name!r} is not a permission a job can ask for ({', '.join(WORKFLOW_PERMISSIONS)})")
        if level not in LEVELS:
            raise ValueError(f"{name}: {level!r} must be read, write or none")
        result[name.replace("-", "_")] = level
    return result


def identity_of_token(fake: FakeGitHub, token: str) -> Identity | None:
    login = fake.tokens.get(token)
    if login is None:
        return None
    known = fake.token_identities.get(token)
    if known is not None:
        return known
    if login == BOT_LOGIN:
        return Identity(BOT_LOGIN, "GitHubActions", {_ALL: "write"})
    return Identity(login, "User")


def identity_of_header(fake: FakeGitHub, header: str) -> Identity | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("token", "bearer"):
        return None
    return identity_of_token(fake, token.strip())


def scope_refusal(identity: Identity | None, method: str, template: str) -> Any:
    """The HttpError a scoped token gets for this endpoint, or None when its scopes allow it."""
    from jdih.testing.fakegithub.server import HttpError

    if identity is None or identity.actor_type not in ("GitHubActions", "Integration"):
        return None
    if identity.permissions is not None and _ALL in identity.permissions:
        return None
    if template.startswith("/orgs/") and identity.actor_type == "GitHubActions":
        return HttpError(404, "Not Found")
    needed = ROUTE_PERMISSIONS.get((method, template))
    if needed is None or not any(all(identity.grants(p, a) for p, a in option) for option in needed):
        return HttpError(403, NOT_ACCESSIBLE)
    return None


def is_integration(identity: Identity | None) -> bool:
    """The workflow token or an app: what it may do is its token's permissions (checked before
    the route runs, ``scope_refusal``), not a collaborator role."""
    return identity is not None and identity.actor_type in ("GitHubActions", "Integration")


def can_push(fake: FakeGitHub, repo: _Repo, identity: Identity) -> bool:
    """Write access to the repository's git data."""
    if identity.actor_type == "DeployKey":
        return identity.repo == repo.full_name.lower() and not identity.read_only
    if identity.actor_type in ("GitHubActions", "Integration"):
        return identity.grants("contents", "write")
    return repo.permissions.get(identity.login or "", "read") in ("admin", "maintain", "write")


def can_read(fake: FakeGitHub, repo: _Repo, identity: Identity | None) -> bool:
    if identity is not None and identity.actor_type == "DeployKey":
        return identity.repo == repo.full_name.lower()
    if identity is not None and identity.actor_type in ("GitHubActions", "Integration"):
        return identity.grants("contents", "read") or not repo.private
    if not repo.private:
        return True
    return identity is not None and repo.permissions.get(identity.login or "", "none") != "none"


_serial = itertools.count(1)


class TokenScenarios:
    """Scenario helpers of FakeGitHub for tokens, apps, invitations and deploy keys (mixed in)."""

    tokens: dict[str, str]
    token_identities: dict[str, Identity]
    org_owners: dict[str, set[str]]
    pushes: list[dict[str, Any]]

    def _init_token_state(self) -> None:
        self.token_identities = {}
        self.org_owners = {}
        self.pushes = []  # every accepted git push over HTTP or SSH (see gitserver.py)
        self.git_sessions: dict[str, dict[str, Any]] = {}  # push session → identity, repository, transport
        self.git_log: list[tuple[str, str, int]] = []  # (method, path, status) of each git HTTP request

    def workflow_token(self: Any, permissions: Mapping[str, str] | str | None = None) -> str:
        """A new GITHUB_TOKEN for one job: "github-actions[bot]" limited to ``permissions``
        (the job's ``permissions:``, e.g. ``{"contents": "write", "pull-requests": "write"}``;
        None: GitHub's restricted default, contents and packages read)."""
        token = f"ghs_workflow{next(_serial)}_{secrets.token_hex(8)}"
        self.tokens[token] = BOT_LOGIN
        self.token_identities[token] = Identity(BOT_LOGIN, "GitHubActions", normalise_permissions(permissions))
        return token

    def app_token(self: Any, app_id: int, *, slug: str = "jdih-app",
                  permissions: Mapping[str, str] | None = None) -> str:
        """A GitHub App installation token: "<slug>[bot]", actor type "Integration" with
        ``app_id``; ``permissions`` as the app was granted them ("contents": "write", ...,
        with underscores), None for every permission."""
        login, token = f"{slug}[bot]", f"ghs_app{app_id}_{secrets.token_hex(8)}"
        self.add_user(login, type="Bot", token=token)
        granted = {name.replace("-", "_"): level for name, level in (permissions or {}).items()}
        scopes = {_ALL: "write"} if permissions is None else {"metadata": "read", **granted}
        self.token_identities[token] = Identity(login, "Integration", scopes, app_id=app_id)
        return token

    def invite(self: Any, login: str, permission: str = "write") -> None:
        """Invite ``login`` as a collaborator; until accepted they are not one (a review cannot
        be requested from them, they cannot push). ``accept_invitation`` makes it so."""
        self._need_user(login)
        self.repo.invitations[login] = permission

    def accept_invitation(self: Any, login: str) -> None:
        self.set_permission(login, self.repo.invitations.pop(login))

    def add_org_owner(self: Any, org: str, login: str) -> None:
        """An owner of organization ``org`` (the ruleset bypass actor "OrganizationAdmin")."""
        self._need_user(login)
        self.org_owners.setdefault(org.lower(), set()).add(login)

    def add_deploy_key(self: Any, title: str, public_key_openssh: str, read_only: bool = False) -> int:
        """A deploy key on the default repository, as added in Settings → Deploy keys; returns its id."""
        from jdih.testing.fakegithub import routes_setup

        body = routes_setup.key_body(public_key_openssh)
        for repo in self.repos.values():
            if any(routes_setup.key_body(key["key"]) == body for key in repo.deploy_keys):
                raise ValueError("key is already in use")  # GitHub's answer to the same key twice
        from jdih.testing.fakegithub.server import iso

        key = {"id": next(routes_setup._ids), "key": body, "title": title, "read_only": bool(read_only),
               "created_at": iso(self.now())}
        self.repo.deploy_keys.append(key)
        return key["id"]

    def is_collaborator(self: Any, repo: _Repo, login: str) -> bool:
        """An accepted collaborator (or the owner): someone a review can be requested from."""
        return login == repo.owner or repo.permissions.get(login, "none") != "none"
