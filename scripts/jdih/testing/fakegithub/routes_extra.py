"""Handlers for branches and protection, rulesets, permissions, Pages, contents and teams."""

from __future__ import annotations

import base64
import hashlib
import subprocess
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jdih.testing.fakegithub.routes import R, route
from jdih.testing.fakegithub.server import _PERMISSION_OF_ROLE, HttpError, _Commit, _not_found, fake_sha, iso
from jdih.testing.fakegithub.tokens import is_integration

if TYPE_CHECKING:
    from jdih.testing.fakegithub.server import _Ctx


@route("GET", R + "/branches/{branch}")
def get_branch(ctx: _Ctx) -> tuple[int, Any]:
    repo, name, fake = ctx.repo, ctx.params["branch"], ctx.fake
    sha = fake.branch_sha(repo, name)
    if sha is None:
        raise HttpError(404, "Branch not found")
    api = fake._api(f"/repos/{repo.full_name}/branches/{name}")
    commit = fake.commit_json(repo, _Commit(0, sha, "Commit", repo.owner, repo.pushed_at or repo.created_at, fake_sha("parent", sha)))
    body = {
        "name": name,
        "commit": commit,
        "_links": {"self": api, "html": f"{fake.html_base}/{repo.full_name}/tree/{name}"},
        "protected": name in repo.protection,
        "protection": _protection_summary(ctx, name),
        "protection_url": f"{api}/protection",
    }
    return 200, body


def _protection_summary(ctx: _Ctx, branch: str) -> dict[str, Any]:
    stored = ctx.repo.protection.get(branch)
    if stored is None:
        return {"enabled": False, "required_status_checks": {"enforcement_level": "off", "contexts": [], "checks": []}}
    checks = stored.get("required_status_checks") or {}
    return {
        "enabled": True,
        "required_status_checks": {
            "enforcement_level": "everyone" if stored.get("enforce_admins") else "non_admins",
            "contexts": list(checks.get("contexts") or []),
            "checks": [{"context": c, "app_id": None} for c in checks.get("contexts") or []],
        },
    }


# ---------------------------------------------------------------- plan limits

# A private repository on GitHub Free has neither rulesets nor branch protection: both APIs
# answer 403 with this message (quoted in SoftEtherApp/SoftEther-Web#37 and
# F-U-S-E-E/FuseDevelopmentGroup#58, for GET and POST alike), nor GitHub Pages: 422 (quoted in
# camilochs/exacttex#111). "GitHub's plans" (https://docs.github.com/en/get-started/learning-about-github/githubs-plans).
PLAN_RULES = "Upgrade to GitHub Pro or make this repository public to enable this feature."
PLAN_PAGES = "Your current plan does not support GitHub Pages for this repository."


def plan_limit(repo: Any, feature: str) -> None:
    if not (repo.private and repo.plan == "free"):
        return
    if feature == "pages":
        raise HttpError(422, PLAN_PAGES)
    raise HttpError(403, PLAN_RULES)


# ---------------------------------------------------------------- branch protection


_PROTECTION_KEYS = ("required_status_checks", "enforce_admins", "required_pull_request_reviews", "restrictions")
_ENABLED_FLAGS = (
    "required_linear_history",
    "allow_force_pushes",
    "allow_deletions",
    "block_creations",
    "required_conversation_resolution",
    "lock_branch",
    "allow_fork_syncing",
)


def _protection_json(ctx: _Ctx, branch: str) -> dict[str, Any]:
    fake, repo = ctx.fake, ctx.repo
    stored = repo.protection[branch]
    url = fake._api(f"/repos/{repo.full_name}/branches/{branch}/protection")
    body: dict[str, Any] = {
        "url": url,
        "required_signatures": {"url": f"{url}/required_signatures", "enabled": bool(stored.get("required_signatures", False))},
        "enforce_admins": {"url": f"{url}/enforce_admins", "enabled": bool(stored.get("enforce_admins"))},
    }
    for flag in _ENABLED_FLAGS:
        body[flag] = {"enabled": bool(stored.get(flag, flag == "allow_fork_syncing" and False))}
    checks = stored.get("required_status_checks")
    if checks:
        contexts = list(checks.get("contexts") or [c["context"] for c in checks.get("checks") or []])
        body["required_status_checks"] = {
            "url": f"{url}/required_status_checks",
            "strict": bool(checks.get("strict")),
            "contexts": contexts,
            "contexts_url": f"{url}/required_status_checks/contexts",
            "checks": [{"context": c, "app_id": None} for c in contexts],
        }
    reviews = stored.get("required_pull_request_reviews")
    if reviews:
        review_body: dict[str, Any] = {
            "url": f"{url}/required_pull_request_reviews",
            "dismiss_stale_reviews": bool(reviews.get("dismiss_stale_reviews", False)),
            "require_code_owner_reviews": bool(reviews.get("require_code_owner_reviews", False)),
            "required_approving_review_count": int(reviews.get("required_approving_review_count", 1)),
            "require_last_push_approval": bool(reviews.get("require_last_push_approval", False)),
        }
        restrictions = reviews.get("dismissal_restrictions")
        if restrictions:
            review_body["dismissal_restrictions"] = {
                "url": f"{url}/dismissal_restrictions",
                "users_url": f"{url}/dismissal_restrictions/users",
                "teams_url": f"{url}/dismissal_restrictions/teams",
                "users": [fake.user_json(login) for login in restrictions.get("users", []) if login in fake.users],
                "teams": [fake.team_json(repo.owner, slug) for slug in restrictions.get("teams", [])],
                "apps": [],
            }
        body["required_pull_request_reviews"] = review_body
    restrictions = stored.get("restrictions")
    if restrictions:
        body["restrictions"] = {
            "url": f"{url}/restrictions",
            "users_url": f"{url}/restrictions/users",
            "teams_url": f"{url}/restrictions/teams",
            "apps_url": f"{url}/restrictions/apps",
            "users": [fake.user_json(login) for login in restrictions.get("users", []) if login in fake.users],
            "teams": [fake.team_json(repo.owner, slug) for slug in restrictions.get("teams", [])],
            "apps": [],
        }
    return body


def _need_branch(ctx: _Ctx) -> str:
    name = ctx.params["branch"]
    if ctx.fake.branch_sha(ctx.repo, name) is None:
        raise HttpError(404, "Branch not found")
    return name


def _need_admin(ctx: _Ctx) -> None:
    if ctx.repo.permissions.get(ctx.login) != "admin":
        # GITHUB_TOKEN cannot administer a repository; a person's token without admin neither.
        raise HttpError(403, "Resource not accessible by integration" if ctx.login.endswith("[bot]") else "Must have admin rights to Repository.")


@route("GET", R + "/branches/{branch}/protection")
def get_protection(ctx: _Ctx) -> tuple[int, Any]:
    plan_limit(ctx.repo, "rules")
    name = _need_branch(ctx)
    if name not in ctx.repo.protection:
        raise HttpError(404, "Branch not protected")
    return 200, _protection_json(ctx, name)


@route("PUT", R + "/branches/{branch}/protection")
def put_protection(ctx: _Ctx) -> tuple[int, Any]:
    plan_limit(ctx.repo, "rules")
    name = _need_branch(ctx)
    _need_admin(ctx)
    body = ctx.json_body()
    for key in _PROTECTION_KEYS:
        if key not in body:
            raise HttpError(422, f'Invalid request.\n\n"{key}" wasn\'t supplied.')
    stored = {key: value for key, value in body.items()}
    stored["enforce_admins"] = bool(body.get("enforce_admins"))
    ctx.repo.protection[name] = stored
    return 200, _protection_json(ctx, name)


@route("DELETE", R + "/branches/{branch}/protection")
def delete_protection(ctx: _Ctx) -> tuple[int, Any]:
    name = _need_branch(ctx)
    _need_admin(ctx)
    if ctx.repo.protection.pop(name, None) is None:
        raise HttpError(404, "Branch not protected")
    return 204, None


# ---------------------------------------------------------------- rulesets


def _ruleset_json(ctx: _Ctx, stored: dict[str, Any]) -> dict[str, Any]:
    repo, fake = ctx.repo, ctx.fake
    body = dict(stored)
    body.update(
        {
            "source_type": "Repository",
            "source": repo.full_name,
            "node_id": fake_sha("ruleset", stored["id"])[:16],
            "_links": {
                "self": {"href": fake._api(f"/repos/{repo.full_name}/rulesets/{stored['id']}")},
                "html": {"href": f"{fake.html_base}/{repo.full_name}/rules/{stored['id']}"},
            },
        }
    )
    return body


# What GitHub lists of each ruleset: no rules, conditions or bypass actors (the example
# `repository-ruleset-items` of GET /repos/{owner}/{repo}/rulesets in rest-api-subset.json);
# those come only with the ruleset itself.
_RULESET_SUMMARY = ("id", "name", "source_type", "source", "enforcement", "node_id", "_links", "created_at",
                    "updated_at")


@route("GET", R + "/rulesets")
def list_rulesets(ctx: _Ctx) -> tuple[int, Any]:
    plan_limit(ctx.repo, "rules")
    return 200, ctx.page([{key: body[key] for key in _RULESET_SUMMARY if key in body}
                          for body in (_ruleset_json(ctx, stored) for stored in ctx.repo.rulesets)])


# The rule `required_status_checks` in the one shape GitHub documents for it (REST "Create a
# repository ruleset", https://docs.github.com/en/rest/repos/rules#create-a-repository-ruleset;
# the schema `repository-rule-required-status-checks` in jdih/testing/github/rest-api-subset.json):
#   {"type": "required_status_checks",
#    "parameters": {"required_status_checks": [{"context": str, "integration_id": int (optional)}, …],
#                   "strict_required_status_checks_policy": bool,
#                   "do_not_enforce_on_create": bool (optional)}}
# The request-schema check (STRICT_REQUESTS in server.py) refuses wrong types and a missing
# parameter or `context` before this handler runs. Refused here, as GitHub refuses them, is what
# that schema lets through: a rule without `parameters` (both are required); an empty list of
# checks — GitHub: "Invalid rule 'required_status_checks': Invalid parameter required_status_checks:
# Expected at least 1 elements, got 0" (quoted in eclipse-csi/otterdog#562); and a key the shape
# does not have, e.g. `contexts` of classic branch protection — GitHub: "Invalid property
# /rules/N: data matches no possible input." (quoted in apache/lucenenet#1321).
_STATUS_CHECK_KEYS = ({"type", "parameters"},
                      {"required_status_checks", "strict_required_status_checks_policy", "do_not_enforce_on_create"},
                      {"context", "integration_id"})


def _check_status_check_rules(rules: list[Any]) -> None:
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict) or rule.get("type") != "required_status_checks":
            continue
        parameters = rule.get("parameters")
        checks = parameters.get("required_status_checks") if isinstance(parameters, dict) else None
        items = checks if isinstance(checks, list) else []
        rule_keys, parameter_keys, check_keys = _STATUS_CHECK_KEYS
        if (set(rule) - rule_keys or set(parameters or {}) - parameter_keys
                or any(isinstance(item, dict) and set(item) - check_keys for item in items)):
            raise HttpError(422, f"Invalid request.\n\nInvalid property /rules/{index}: data matches no possible input.")
        if parameters is None:
            message = ("Invalid rule 'required_status_checks': Invalid parameters: required_status_checks and "
                       "strict_required_status_checks_policy are required")
        elif not items:
            message = ("Invalid rule 'required_status_checks': Invalid parameter required_status_checks: "
                       "Expected at least 1 elements, got 0")
        else:
            continue
        raise HttpError(422, "Validation Failed", [{"resource": "Ruleset", "code": "invalid", "field": "rules",
                                                    "message": message}])


@route("POST", R + "/rulesets")
def create_ruleset(ctx: _Ctx) -> tuple[int, Any]:
    plan_limit(ctx.repo, "rules")
    _need_admin(ctx)
    body = ctx.json_body()
    for key in ("name", "enforcement"):
        if key not in body:
            raise HttpError(422, f'Invalid request.\n\n"{key}" wasn\'t supplied.')
    _check_status_check_rules(list(body.get("rules") or []))
    if any(r["name"] == body["name"] for r in ctx.repo.rulesets):
        raise HttpError(422, "Validation Failed", [{"resource": "Ruleset", "code": "custom", "field": "name", "message": "Name must be unique"}])
    now = iso(ctx.fake.now())
    stored = {
        "id": next(ctx.fake._ids),
        "name": body["name"],
        "target": body.get("target", "branch"),
        "enforcement": body["enforcement"],
        "bypass_actors": list(body.get("bypass_actors") or []),
        "conditions": body.get("conditions"),
        "rules": list(body.get("rules") or []),
        "current_user_can_bypass": "never",
        "created_at": now,
        "updated_at": now,
    }
    ctx.repo.rulesets.append(stored)
    return 201, _ruleset_json(ctx, stored)


# ---------------------------------------------------------------- collaborator permission


@route("GET", R + "/collaborators/{username}/permission")
def collaborator_permission(ctx: _Ctx) -> tuple[int, Any]:
    repo, fake, login = ctx.repo, ctx.fake, ctx.params["username"]
    if login not in fake.users:
        raise _not_found()
    role = repo.permissions.get(login, "read")
    permission = _PERMISSION_OF_ROLE[role]
    user = fake.user_json(login)
    user["role_name"] = role
    user["permissions"] = {
        "admin": role == "admin",
        "maintain": role in ("admin", "maintain"),
        "push": role in ("admin", "maintain", "write"),
        "triage": role in ("admin", "maintain", "write", "triage"),
        "pull": role != "none",
    }
    return 200, {"permission": permission, "role_name": role, "user": user}


# ---------------------------------------------------------------- Pages


def _page_json(ctx: _Ctx) -> dict[str, Any]:
    repo, fake = ctx.repo, ctx.fake
    pages = repo.pages
    assert pages is not None
    cname = pages.get("cname")
    html = f"https://{cname}/" if cname else f"https://{repo.owner.lower()}.github.io/{repo.name}/"
    # Where the hosting stand-in (`jdih.testing.pageshost`) serves the site, when one does: the
    # address this machine reaches the "live" site at, as GitHub's html_url is for the world.
    html = pages.get("served_at") or html
    body: dict[str, Any] = {
        "url": fake._api(f"/repos/{repo.full_name}/pages"),
        "status": pages.get("status", "built"),
        "cname": cname,
        "custom_404": False,
        "html_url": html,
        "build_type": pages.get("build_type", "workflow"),
        "public": not repo.private,
        "protected_domain_state": None,
        "pending_domain_unverified_at": None,
        "https_enforced": bool(pages.get("https_enforced", True)),
    }
    if pages.get("source"):
        body["source"] = {"branch": pages["source"].get("branch", repo.default_branch), "path": pages["source"].get("path", "/")}
    return body


@route("GET", R + "/pages")
def get_pages(ctx: _Ctx) -> tuple[int, Any]:
    if ctx.repo.pages is None:
        raise _not_found()
    return 200, _page_json(ctx)


def _pages_settings(ctx: _Ctx, body: dict[str, Any]) -> dict[str, Any]:
    build_type = body.get("build_type")
    if build_type is not None and build_type not in ("legacy", "workflow"):
        raise HttpError(422, "Validation Failed", [{"resource": "Page", "code": "invalid", "field": "build_type"}])
    source = body.get("source")
    if source is not None and (not isinstance(source, dict)
                               or ctx.fake.branch_sha(ctx.repo, source.get("branch", "")) is None):
        raise HttpError(422, "Validation Failed", [{"resource": "Page", "code": "invalid", "field": "source"}])
    return {key: body[key] for key in ("build_type", "source", "cname", "https_enforced") if key in body}


@route("POST", R + "/pages")
def create_pages(ctx: _Ctx) -> tuple[int, Any]:
    plan_limit(ctx.repo, "pages")
    _need_admin(ctx)
    if ctx.repo.pages is not None:
        raise HttpError(409, "GitHub Pages is already enabled.")
    body = ctx.json_body()
    if "build_type" not in body and "source" not in body:
        raise HttpError(422, "Validation Failed", [{"resource": "Page", "code": "missing_field", "field": "source"}])
    settings = _pages_settings(ctx, body)
    settings.setdefault("build_type", "legacy" if "source" in settings else "workflow")
    settings["status"] = None
    ctx.repo.pages = settings
    return 201, _page_json(ctx)


@route("PUT", R + "/pages")
def update_pages(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    if ctx.repo.pages is None:
        raise _not_found()
    ctx.repo.pages.update(_pages_settings(ctx, ctx.json_body()))
    return 204, None


@route("DELETE", R + "/pages")
def delete_pages(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    if ctx.repo.pages is None:
        raise _not_found()
    ctx.repo.pages = None
    return 204, None


# ---------------------------------------------------------------- contents


def _git_blob(ctx: _Ctx, ref: str, path: str) -> bytes | None:
    fake = ctx.fake
    if fake.git_dir is None or ctx.repo is not fake.repo:
        return None
    found = subprocess.run(["git", "--git-dir", str(fake.git_dir), "cat-file", "blob", f"{ref}:{path}"], capture_output=True, check=False)
    return found.stdout if found.returncode == 0 else None


def _git_tree(ctx: _Ctx, ref: str, path: str) -> list[tuple[str, str]] | None:
    fake = ctx.fake
    if fake.git_dir is None or ctx.repo is not fake.repo:
        return None
    spec = f"{ref}:{path}" if path else f"{ref}:"
    found = subprocess.run(["git", "--git-dir", str(fake.git_dir), "ls-tree", spec], capture_output=True, text=True, check=False)
    if found.returncode != 0:
        return None
    entries = []
    for line in found.stdout.splitlines():
        meta, _, name = line.partition("\t")
        entries.append((name, "dir" if meta.split()[1] == "tree" else "file"))
    return entries


def _blob_sha(data: bytes) -> str:
    # Git's blob id, so that a sha from the fake matches the real one.
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _read_file(ctx: _Ctx, ref: str, path: str) -> bytes | None:
    stored = ctx.repo.contents.get((ref, path))
    if stored is not None:
        return stored
    return _git_blob(ctx, ref, path)


def _content_json(ctx: _Ctx, ref: str, path: str, data: bytes | None, kind: str = "file") -> dict[str, Any]:
    repo, fake = ctx.repo, ctx.fake
    api = fake._api(f"/repos/{repo.full_name}/contents/{quote(path)}?ref={quote(ref, safe='')}")
    sha = _blob_sha(data) if data is not None else fake_sha("tree", ref, path)
    git = fake._api(f"/repos/{repo.full_name}/git/{'blobs' if kind == 'file' else 'trees'}/{sha}")
    html = f"{fake.html_base}/{repo.full_name}/{'blob' if kind == 'file' else 'tree'}/{ref}/{quote(path)}"
    body: dict[str, Any] = {
        "type": kind,
        "size": len(data) if data is not None else 0,
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": sha,
        "url": api,
        "git_url": git,
        "html_url": html,
        "download_url": f"{fake.base_url}/raw/{repo.full_name}/{ref}/{quote(path)}" if kind == "file" else None,
        "_links": {"self": api, "git": git, "html": html},
    }
    if data is not None:
        encoded = base64.encodebytes(data).decode()
        body.update({"content": encoded, "encoding": "base64"})
    return body


@route("GET", R + "/contents/{path}")
def get_contents(ctx: _Ctx) -> tuple[int, Any]:
    repo = ctx.repo
    path = ctx.params["path"].strip("/")
    ref = ctx.query.get("ref") or repo.default_branch
    data = _read_file(ctx, ref, path)
    if data is not None:
        return 200, _content_json(ctx, ref, path, data)
    entries: dict[str, str] = {}
    for name, kind in _git_tree(ctx, ref, path) or []:
        entries[f"{path}/{name}" if path else name] = kind
    prefix = f"{path}/" if path else ""
    for (stored_ref, stored_path) in repo.contents:
        if stored_ref == ref and stored_path.startswith(prefix):
            rest = stored_path[len(prefix):]
            head, sep, _ = rest.partition("/")
            entries[prefix + head] = "dir" if sep else "file"
    if not entries:
        raise _not_found()
    listing = []
    for entry_path, kind in sorted(entries.items()):
        item = _content_json(ctx, ref, entry_path, _read_file(ctx, ref, entry_path) if kind == "file" else None, kind)
        item.pop("content", None)
        item.pop("encoding", None)
        listing.append(item)
    return 200, listing


def _file_commit_json(ctx: _Ctx, ref: str, path: str, data: bytes | None, message: str) -> dict[str, Any]:
    repo, fake = ctx.repo, ctx.fake
    moment = fake.now()
    parent = fake.branch_sha(repo, ref) or fake_sha("parent", ref)
    sha = fake_sha("contents", ref, path, moment, next(fake._seq))
    repo.branches[ref] = sha
    repo.pushed_at = moment
    person = fake._git_person(ctx.login, moment)
    api = fake._api(f"/repos/{repo.full_name}")
    tree = fake_sha("tree", sha)
    content = None
    if data is not None:
        content = _content_json(ctx, ref, path, data)
        content.pop("content")
        content.pop("encoding")
    return {
        "content": content,
        "commit": {
            "sha": sha,
            "node_id": fake_sha("node", sha)[:20],
            "url": f"{api}/git/commits/{sha}",
            "html_url": f"{fake.html_base}/{repo.full_name}/commit/{sha}",
            "author": person,
            "committer": person,
            "message": message,
            "tree": {"url": f"{api}/git/trees/{tree}", "sha": tree},
            "parents": [{"url": f"{api}/git/commits/{parent}", "html_url": f"{fake.html_base}/{repo.full_name}/commit/{parent}", "sha": parent}],
            "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None, "verified_at": None},
        },
    }


def _write_checks(ctx: _Ctx, body: dict[str, Any]) -> tuple[str, str]:
    if ctx.repo.permissions.get(ctx.login, "read") not in ("admin", "maintain", "write") and not is_integration(ctx.identity):
        raise _not_found()
    if not isinstance(body.get("message"), str) or not body["message"]:
        raise HttpError(422, "Invalid request.\n\n\"message\" wasn't supplied.")
    ref = body.get("branch") or ctx.repo.default_branch
    if ctx.fake.branch_sha(ctx.repo, ref) is None:
        raise HttpError(404, f"Branch {ref} not found")
    if ref in ctx.repo.protection and ctx.repo.protection[ref].get("required_pull_request_reviews"):
        raise HttpError(409, "Changes must be made through a pull request.")
    from jdih.testing.fakegithub.pushrules import contents_refusal

    refusal = contents_refusal(ctx.fake, ctx.repo, ctx.identity, ref)  # active rulesets, their bypass actors
    if refusal is not None:
        raise refusal
    return ref, ctx.params["path"].strip("/")


@route("PUT", R + "/contents/{path}")
def put_contents(ctx: _Ctx) -> tuple[int, Any]:
    body = ctx.json_body()
    ref, path = _write_checks(ctx, body)
    try:
        data = base64.b64decode(body.get("content", ""), validate=True)
    except ValueError:
        raise HttpError(422, "content is not valid Base64") from None
    existing = _read_file(ctx, ref, path)
    if existing is not None and body.get("sha") != _blob_sha(existing):
        raise HttpError(409 if body.get("sha") else 422, f"{path} does not match {body.get('sha')}" if body.get("sha") else 'Invalid request.\n\n"sha" wasn\'t supplied.')
    ctx.repo.contents[(ref, path)] = data
    return (200 if existing is not None else 201), _file_commit_json(ctx, ref, path, data, body["message"])


@route("DELETE", R + "/contents/{path}")
def delete_contents(ctx: _Ctx) -> tuple[int, Any]:
    body = ctx.json_body()
    ref, path = _write_checks(ctx, body)
    existing = _read_file(ctx, ref, path)
    if existing is None:
        raise _not_found()
    if body.get("sha") != _blob_sha(existing):
        raise HttpError(409, f"{path} does not match {body.get('sha')}")
    if (ref, path) in ctx.repo.contents:
        del ctx.repo.contents[(ref, path)]
    if _git_blob(ctx, ref, path) is not None:
        raise HttpError(422, "The fake cannot delete a file that lives in the real git repository.")
    return 200, _file_commit_json(ctx, ref, path, None, body["message"])


# ---------------------------------------------------------------- team memberships


def _team(ctx: _Ctx) -> dict[str, str]:
    team = ctx.fake.teams.get((ctx.params["org"].lower(), ctx.params["team_slug"].lower()))
    if team is None:
        raise _not_found()
    return team


def _membership_json(ctx: _Ctx, role: str) -> dict[str, Any]:
    org, slug, login = ctx.params["org"], ctx.params["team_slug"], ctx.params["username"]
    return {"url": ctx.fake._api(f"/orgs/{org}/teams/{slug}/memberships/{login}"), "role": role, "state": "active"}


@route("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}")
def get_membership(ctx: _Ctx) -> tuple[int, Any]:
    team = _team(ctx)
    role = team.get(ctx.params["username"])
    if role is None:
        raise _not_found()
    return 200, _membership_json(ctx, role)


@route("PUT", "/orgs/{org}/teams/{team_slug}/memberships/{username}")
def put_membership(ctx: _Ctx) -> tuple[int, Any]:
    team = _team(ctx)
    role = ctx.json_body().get("role", "member")
    if role not in ("member", "maintainer"):
        raise HttpError(422, "Validation Failed", [{"resource": "TeamMember", "code": "invalid", "field": "role"}])
    if ctx.params["username"] not in ctx.fake.users:
        raise _not_found()
    team[ctx.params["username"]] = role
    return 200, _membership_json(ctx, role)


@route("DELETE", "/orgs/{org}/teams/{team_slug}/memberships/{username}")
def delete_membership(ctx: _Ctx) -> tuple[int, Any]:
    team = _team(ctx)
    if team.pop(ctx.params["username"], None) is None:
        raise _not_found()
    return 204, None
