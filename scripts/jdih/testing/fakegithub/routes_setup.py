"""Handlers for the set-up endpoints: deploy keys, environments with their deployment branch
policies and secrets, one ruleset by id, and git refs (``rest-api-setup.json``).

GitHub's rules kept here, each with its source:

* Deploy keys, environments, environment secrets and rulesets need admin rights: "Deploy
  keys" (REST, https://docs.github.com/en/rest/deploy-keys) and "Deployment environments"
  ("you must be a repository admin", https://docs.github.com/en/rest/deployments/environments);
  the workflow token answers 403 "Resource not accessible by integration".
* A deploy key is unique on GitHub: POST /keys answers 422 "Validation Failed" with the error
  {"resource": "PublicKey", "code": "custom", "field": "key", "message": "key is already in
  use"} (quoted in jcabi/jcabi-github#608 and ansible-collections/community.general#6718). A
  key that is not an OpenSSH public key also gets 422 (the schema's only error for this
  operation; GitHub's exact wording was not found, so the fake says "key is invalid").
* An environment's ``deployment_branch_policy`` is null or both booleans, and exactly one is
  true: "If protected_branches is true, custom_branch_policies must be false; if
  protected_branches is false, custom_branch_policies must be true" (schema
  ``deployment-branch-policy-settings``). Otherwise 422.
* Deployment branch policies can be added only when ``custom_branch_policies`` is true: 404
  "Not Found or deployment_branch_policy.custom_branch_policies property for the environment
  is set to false" (schema, POST .../deployment-branch-policies); the same pattern twice → 303.
* Secrets are sealed with the environment's public key (LibSodium sealed box, "Encrypting
  secrets for the REST API"); the ``key_id`` must be that key's, and the value must open with
  it (422 otherwise). The fake keeps the opened value so the Actions simulator can hand it to
  a job whose environment admits the ref, as GitHub does ("Using environments for deployment":
  a job's access to environment secrets follows the environment's deployment branches).
* Private repositories on GitHub Free cannot have rulesets or branch protection (403 "Upgrade
  to GitHub Pro or make this repository public to enable this feature.", quoted in e.g.
  SoftEtherApp/SoftEther-Web#37) nor Pages (422 "Your current plan does not support GitHub Pages
  for this repository.", quoted in camilochs/exacttex#111); see ``plan_limit`` below, used by
  the ruleset, protection and Pages handlers (it lives in routes_extra.py).
"""

from __future__ import annotations

import base64
import itertools
from typing import TYPE_CHECKING, Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from jdih.testing.fakegithub.routes import R, route
from jdih.testing.fakegithub.routes_extra import _check_status_check_rules, _need_admin, _ruleset_json
from jdih.testing.fakegithub.server import HttpError, _not_found, fake_sha, iso

if TYPE_CHECKING:
    from jdih.testing.fakegithub.server import _Ctx, _Repo

_KEY_TYPES = ("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
              "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com")
_ids = itertools.count(7_000_000)

def key_body(public_key: str) -> str:
    """The 'type base64' part of an OpenSSH public key line (its comment is not part of it)."""
    parts = public_key.split()
    return " ".join(parts[:2])


def _valid_public_key(text: Any) -> bool:
    if not isinstance(text, str):
        return False
    parts = text.split()
    if len(parts) < 2 or parts[0] not in _KEY_TYPES:
        return False
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        return False
    return blob[4:4 + len(parts[0])] == parts[0].encode()


# ---------------------------------------------------------------- deploy keys


def _key_json(ctx: _Ctx, key: dict[str, Any]) -> dict[str, Any]:
    repo = ctx.repo
    return {
        "id": key["id"], "key": key["key"], "title": key["title"], "read_only": key["read_only"],
        "url": ctx.fake._api(f"/repos/{repo.full_name}/keys/{key['id']}"), "verified": True,
        "created_at": key["created_at"], "added_by": key.get("added_by"), "last_used": key.get("last_used"),
        "enabled": True,
    }


@route("GET", R + "/keys")
def list_keys(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    return 200, ctx.page([_key_json(ctx, key) for key in ctx.repo.deploy_keys])


@route("POST", R + "/keys")
def create_key(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    body = ctx.json_body()
    if not _valid_public_key(body.get("key")):
        raise HttpError(422, "Validation Failed", [{"resource": "PublicKey", "code": "custom", "field": "key",
                                                    "message": "key is invalid"}])
    wanted = key_body(body["key"])
    for repo in ctx.fake.repos.values():
        if any(key_body(key["key"]) == wanted for key in repo.deploy_keys):
            raise HttpError(422, "Validation Failed", [{"resource": "PublicKey", "code": "custom", "field": "key",
                                                        "message": "key is already in use"}])
    key = {"id": next(_ids), "key": wanted, "title": body.get("title") or "", "read_only": bool(body.get("read_only", False)),
           "created_at": iso(ctx.fake.now()), "added_by": ctx.login, "last_used": None}
    ctx.repo.deploy_keys.append(key)
    return 201, _key_json(ctx, key)


def _key(ctx: _Ctx) -> dict[str, Any]:
    wanted = ctx.params["key_id"]
    for key in ctx.repo.deploy_keys:
        if str(key["id"]) == wanted:
            return key
    raise _not_found()


@route("GET", R + "/keys/{key_id}")
def get_key(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    return 200, _key_json(ctx, _key(ctx))


@route("DELETE", R + "/keys/{key_id}")
def delete_key(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    ctx.repo.deploy_keys.remove(_key(ctx))
    return 204, None


# ---------------------------------------------------------------- environments


def _environment(ctx: _Ctx) -> dict[str, Any]:
    env = ctx.repo.environments.get(ctx.params["environment_name"])
    if env is None:
        raise _not_found()
    return env


def _environment_json(ctx: _Ctx, env: dict[str, Any]) -> dict[str, Any]:
    repo, name = ctx.repo, env["name"]
    return {
        "id": env["id"], "node_id": fake_sha("environment", env["id"])[:20], "name": name,
        "url": ctx.fake._api(f"/repos/{repo.full_name}/environments/{name}"),
        "html_url": f"{ctx.fake.html_base}/{repo.full_name}/deployments/activity_log?environments_filter={name}",
        "created_at": env["created_at"], "updated_at": env["updated_at"], "protection_rules": [],
        "deployment_branch_policy": env["deployment_branch_policy"],
    }


@route("GET", R + "/environments/{environment_name}")
def get_environment(ctx: _Ctx) -> tuple[int, Any]:
    return 200, _environment_json(ctx, _environment(ctx))


@route("PUT", R + "/environments/{environment_name}")
def put_environment(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    body = ctx.json_body() if ctx.body is not None else {}
    policy = body.get("deployment_branch_policy")
    if policy is not None and (not isinstance(policy, dict)
                               or {type(policy.get(k)) for k in ("protected_branches", "custom_branch_policies")} != {bool}
                               or policy["protected_branches"] == policy["custom_branch_policies"]):
        raise HttpError(422, "Validation Failed", [{"resource": "Environment", "code": "invalid",
                                                    "field": "deployment_branch_policy"}])
    name, now = ctx.params["environment_name"], iso(ctx.fake.now())
    env = ctx.repo.environments.get(name)
    if env is None:
        private = PrivateKey.generate()
        env = ctx.repo.environments[name] = {
            "id": next(_ids), "name": name, "created_at": now, "updated_at": now, "branch_policies": [],
            "secrets": {}, "private_key": private, "key_id": str(next(_ids)), "deployment_branch_policy": None}
    env["deployment_branch_policy"] = dict(policy) if policy else None
    if not (policy or {}).get("custom_branch_policies"):
        env["branch_policies"] = []  # GitHub drops custom policies when they are switched off
    env["updated_at"] = now
    return 200, _environment_json(ctx, env)


@route("DELETE", R + "/environments/{environment_name}")
def delete_environment(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    _environment(ctx)
    del ctx.repo.environments[ctx.params["environment_name"]]
    return 204, None


def _policy_json(env: dict[str, Any], policy: dict[str, Any]) -> dict[str, Any]:
    return {"id": policy["id"], "node_id": fake_sha("policy", policy["id"])[:20], "name": policy["name"],
            "type": policy["type"]}


@route("GET", R + "/environments/{environment_name}/deployment-branch-policies")
def list_branch_policies(ctx: _Ctx) -> tuple[int, Any]:
    env = _environment(ctx)
    policies = [_policy_json(env, p) for p in env["branch_policies"]]
    return 200, {"total_count": len(policies), "branch_policies": ctx.page(policies)}


@route("POST", R + "/environments/{environment_name}/deployment-branch-policies")
def create_branch_policy(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    env = _environment(ctx)
    if not (env["deployment_branch_policy"] or {}).get("custom_branch_policies"):
        raise _not_found()
    body = ctx.json_body()
    name, kind = body.get("name"), body.get("type", "branch")
    if not isinstance(name, str) or not name or kind not in ("branch", "tag"):
        raise HttpError(422, "Validation Failed", [{"resource": "DeploymentBranchPolicy", "code": "invalid", "field": "name"}])
    if any(p["name"] == name and p["type"] == kind for p in env["branch_policies"]):
        return 303, None
    policy = {"id": next(_ids), "name": name, "type": kind}
    env["branch_policies"].append(policy)
    return 200, _policy_json(env, policy)


def environment_admits(repo: _Repo, name: str, ref: str) -> bool:
    """Whether a job on `ref` may use environment `name` (and so read its secrets).

    "Deployment branches and tags" (https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/manage-environments):
    no policy → any branch; protected branches only → branches with protection or a ruleset;
    selected branches → the name patterns (fnmatch-like, as GitHub's are)."""
    import fnmatch

    env = repo.environments.get(name)
    if env is None:
        return True  # GitHub creates it on first use, without rules
    policy = env["deployment_branch_policy"]
    if policy is None:
        return True
    if ref.startswith("refs/tags/"):
        kind, short = "tag", ref.removeprefix("refs/tags/")
    else:
        kind, short = "branch", ref.removeprefix("refs/heads/")
    if policy.get("protected_branches"):
        return kind == "branch" and (short in repo.protection or bool(repo.rulesets))
    return any(p["type"] == kind and fnmatch.fnmatchcase(short, p["name"]) for p in env["branch_policies"])


def environment_secrets(repo: _Repo, name: str, ref: str) -> dict[str, str] | None:
    """The secrets a job on `ref` gets from environment `name`; None when the environment's
    deployment branches refuse the ref (GitHub then fails the job before it starts)."""
    if not environment_admits(repo, name, ref):
        return None
    env = repo.environments.get(name)
    return {key: secret["value"] for key, secret in (env or {}).get("secrets", {}).items()}


# ---------------------------------------------------------------- environment secrets


@route("GET", R + "/environments/{environment_name}/secrets/public-key")
def environment_public_key(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    env = _environment(ctx)
    public = bytes(env["private_key"].public_key)
    return 200, {"key_id": env["key_id"], "key": base64.b64encode(public).decode()}


@route("GET", R + "/environments/{environment_name}/secrets/{secret_name}")
def get_environment_secret(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    secret = _environment(ctx)["secrets"].get(ctx.params["secret_name"].upper())
    if secret is None:
        raise _not_found()
    return 200, {"name": ctx.params["secret_name"].upper(), "created_at": secret["created_at"],
                 "updated_at": secret["updated_at"]}


@route("PUT", R + "/environments/{environment_name}/secrets/{secret_name}")
def put_environment_secret(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    env, body = _environment(ctx), ctx.json_body()
    if body.get("key_id") != env["key_id"]:
        raise HttpError(422, "Validation Failed", [{"resource": "Secret", "code": "invalid", "field": "key_id"}])
    try:
        value = SealedBox(env["private_key"]).decrypt(base64.b64decode(body.get("encrypted_value", ""), validate=True))
    except (ValueError, CryptoError):
        raise HttpError(422, "Validation Failed", [{"resource": "Secret", "code": "invalid", "field": "encrypted_value"}]) from None
    name, now = ctx.params["secret_name"].upper(), iso(ctx.fake.now())
    existing = env["secrets"].get(name)
    env["secrets"][name] = {"value": value.decode("utf-8"), "created_at": existing["created_at"] if existing else now,
                            "updated_at": now}
    return (204, None) if existing else (201, {})  # "Response when creating a secret": an empty object


@route("DELETE", R + "/environments/{environment_name}/secrets/{secret_name}")
def delete_environment_secret(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    if _environment(ctx)["secrets"].pop(ctx.params["secret_name"].upper(), None) is None:
        raise _not_found()
    return 204, None


# ---------------------------------------------------------------- one ruleset


def _ruleset(ctx: _Ctx) -> dict[str, Any]:
    for stored in ctx.repo.rulesets:
        if str(stored["id"]) == ctx.params["ruleset_id"]:
            return stored
    raise _not_found()


@route("GET", R + "/rulesets/{ruleset_id}")
def get_ruleset(ctx: _Ctx) -> tuple[int, Any]:
    stored = _ruleset(ctx)
    body = _ruleset_json(ctx, stored)
    if ctx.repo.permissions.get(ctx.login) != "admin":
        # "bypass_actors": only shown to those who can edit the ruleset (schema `repository-ruleset`).
        body.pop("bypass_actors", None)
    return 200, body


@route("PUT", R + "/rulesets/{ruleset_id}")
def update_ruleset(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    stored, body = _ruleset(ctx), ctx.json_body()
    if "rules" in body:
        _check_status_check_rules(list(body.get("rules") or []))
    for key in ("name", "target", "enforcement", "conditions", "rules", "bypass_actors"):
        if key in body:
            stored[key] = body[key] if key != "bypass_actors" else list(body[key] or [])
    stored["updated_at"] = iso(ctx.fake.now())
    return 200, _ruleset_json(ctx, stored)


@route("DELETE", R + "/rulesets/{ruleset_id}")
def delete_ruleset(ctx: _Ctx) -> tuple[int, Any]:
    _need_admin(ctx)
    ctx.repo.rulesets.remove(_ruleset(ctx))
    return 204, None


# ---------------------------------------------------------------- git refs


@route("POST", R + "/git/refs")
def create_ref(ctx: _Ctx) -> tuple[int, Any]:
    body = ctx.json_body()
    # The workflow token's own scope (contents: write) is checked before any handler (tokens.py).
    if ctx.repo.permissions.get(ctx.login, "read") not in ("admin", "maintain", "write") and not ctx.login.endswith("[bot]"):
        raise HttpError(403, "Must have push access to repository")
    ref, sha = body.get("ref"), body.get("sha")
    # "If it doesn't start with 'refs' and have at least two slashes, it will be rejected." (schema)
    if not isinstance(ref, str) or not ref.startswith("refs/") or ref.count("/") < 2 or not isinstance(sha, str):
        raise HttpError(422, "Reference update failed")
    if not ref.startswith("refs/heads/"):
        raise HttpError(422, "The fake serves branch refs only.")
    branch = ref.removeprefix("refs/heads/")
    if ctx.fake.branch_sha(ctx.repo, branch) is not None:
        raise HttpError(422, "Reference already exists")
    ctx.fake.set_branch_sha(branch, sha) if ctx.repo is ctx.fake.repo else ctx.repo.branches.__setitem__(branch, sha)
    return 201, {"ref": ref, "node_id": fake_sha("ref", ref)[:20], "url": ctx.fake._api(f"/repos/{ctx.repo.full_name}/git/{ref}"),
                 "object": {"type": "commit", "sha": sha, "url": ctx.fake._api(f"/repos/{ctx.repo.full_name}/git/commits/{sha}")}}
