"""Handlers for branches and protection, rulesets, permissions, Pages, contents and teams."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .routes import R, route
from .server import HttpError, _Commit, _not_found, fake_sha

if TYPE_CHECKING:
    from .server import _Ctx


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
