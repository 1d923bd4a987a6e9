"""Push rules: which ref updates GitHub refuses, under rulesets and classic branch protection.

One evaluation serves every way a branch moves: a push over smart HTTP or SSH (called from the
fake's proc-receive hook, see gitserver.py) and a Contents API write (routes_extra.py).

GitHub's rules kept here, each with its source:

* Ruleset targets: ``conditions.ref_name.include``/``exclude``, with ``~DEFAULT_BRANCH`` and
  ``~ALL`` (schema ``repository-ruleset-conditions``) and fnmatch patterns matched with
  File::FNM_PATHNAME, "so the * wildcard does not match directory separators (/)" and
  ``**/`` spans directories ("Creating rulesets for a repository", Using fnmatch syntax,
  https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository).
  Only ``enforcement: active`` rulesets refuse (``evaluate`` only reports).
* Rulesets apply to everyone, admins included, except their bypass actors with
  ``bypass_mode`` "always" (or "exempt"; "pull_request" bypasses only in a pull request)
  (schema ``repository-ruleset-bypass-actor``): ``DeployKey`` (``actor_id`` null: any deploy
  key of the repository), ``Integration`` (a GitHub App id), ``RepositoryRole`` (role ids
  maintain 2, write 4, admin 5: not documented by GitHub, established in
  github/rest-api-description#7111 and #4406 and integrations/terraform-provider-github#1916;
  the role must be exactly that one), ``Team`` (a team id), ``OrganizationAdmin`` (an owner of
  the organization, ``actor_id`` ignored) and ``User`` (a user id). The workflow token
  (github-actions[bot]) is none of them and never bypasses.
* Rule lines, each quoted from a real refusal: ``pull_request`` "Changes must be made through a
  pull request." (yshavit/mdq#255); ``non_fast_forward`` "Cannot force-push to this branch"
  (YumaInaura/YumaInaura#3715); ``deletion`` "Cannot delete this branch" (pAI-OS/paios#82);
  ``creation`` "Cannot create ref due to creations being restricted."
  (open-city-ai/haidian#1148); ``update`` "Cannot update this protected ref." (the Stack
  Overflow question quoted in DefangLabs/defang#2280); ``required_status_checks`` "N of N
  required status checks are expected." (gleam-lang/gleam#6080, dshakes/distil#130) or, for
  one check, 'Required status check "X" is expected.' (supportpal/github-gh-cli#47). A pushed
  commit has no status yet, so a direct push under that rule is refused (as dshakes/distil#130
  found). ``required_linear_history``: merge commits are refused ("Require linear history",
  About protected branches); GitHub's wording was not found, the fake says "This branch must
  not contain merge commits." A ``pull_request`` rule governs updates; creating a branch is the
  ``creation`` rule's business.
* The refusal, as git shows it (yshavit/mdq#255, gleam-lang/gleam#6080)::

      remote: error: GH013: Repository rule violations found for refs/heads/main.
      remote: Review all repository rules at https://github.com/o/r/rules?ref=refs%2Fheads%2Fmain
      remote:
      remote: - Changes must be made through a pull request.
      remote:
       ! [remote rejected] main -> main (push declined due to repository rule violations)

  and a bypass is reported, the push accepted: "Bypassed rule violations for refs/heads/x:" and
  the rule lines (pAI-OS/paios#82).
* Classic branch protection refuses with "error: GH006: Protected branch update failed for
  refs/heads/main." and "(protected branch hook declined)" (foundry-rs/block-explorers#110,
  cloudfoundry/app-autoscaler#857): required_pull_request_reviews "Changes must be made through
  a pull request."; required_status_checks as above; force pushes unless allow_force_pushes
  "Cannot force-push to a protected branch" (hexojs/hexo#2817); deletions unless
  allow_deletions "Cannot delete this protected branch" (OSGeo/grass#1286); ``restrictions``
  "You're not authorized to push to this branch. Visit https://docs.github.com/... for more
  information." (az-digital/arizona-bootstrap#1524). With ``enforce_admins`` false, repository
  admins are exempt ("Do not allow bypassing the above settings", About protected branches);
  deploy keys, apps and the workflow token are not admins.
* A Contents API write to a branch that refuses direct changes answers 409 (the schema's
  ``repository-rule-violation-error`` for PUT .../contents/{path}) with "Repository rule
  violations found" and the rule lines, the REST form of GH013 (quoted in
  satisfactory-factories/application#67).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from jdih.testing.fakegithub.server import FakeGitHub, _Repo
    from jdih.testing.fakegithub.tokens import Identity

ZERO = "0" * 40
ROLE_IDS = {2: "maintain", 4: "write", 5: "admin"}

PULL_REQUEST = "Changes must be made through a pull request."
FORCE_PUSH = "Cannot force-push to this branch"
DELETION = "Cannot delete this branch"
CREATION = "Cannot create ref due to creations being restricted."
UPDATE = "Cannot update this protected ref."
LINEAR = "This branch must not contain merge commits."
CLASSIC_FORCE_PUSH = "Cannot force-push to a protected branch"
CLASSIC_DELETION = "Cannot delete this protected branch"
NOT_AUTHORIZED = ("You're not authorized to push to this branch. Visit https://docs.github.com/repositories/"
                  "configuring-branches-and-merges-in-your-repository/managing-protected-branches/"
                  "about-protected-branches for more information.")
RULES_REASON = "push declined due to repository rule violations"
PROTECTION_REASON = "protected branch hook declined"


def status_checks_line(contexts: list[str]) -> str:
    if len(contexts) == 1:
        return f'Required status check "{contexts[0]}" is expected.'
    return f"{len(contexts)} of {len(contexts)} required status checks are expected."


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            out.append("[" + pattern[i + 1:end].replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def ref_matches(ref: str, pattern: str) -> bool:
    """Ruby's File.fnmatch(pattern, ref, File::FNM_PATHNAME), as GitHub matches ruleset targets."""
    return _pattern(pattern).match(ref) is not None


@dataclass
class Update:
    old: str
    new: str
    ref: str
    non_fast_forward: bool = False
    merge_commits: bool = False

    @property
    def kind(self) -> str:
        return "create" if self.old == ZERO else "delete" if self.new == ZERO else "update"

    @property
    def branch(self) -> str | None:
        return self.ref.removeprefix("refs/heads/") if self.ref.startswith("refs/heads/") else None


@dataclass
class Decision:
    update: Update
    ok: bool
    reason: str = ""
    bypassed: list[str] = field(default_factory=list)


def _git(git_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, text=True, check=False)


def inspect(git_dir: Path | None, update: Update) -> Update:
    """Fill in what the new commits are: a force push? merge commits among them?"""
    if git_dir is None or update.kind == "delete":
        return update
    if update.kind == "update":
        update.non_fast_forward = _git(git_dir, "merge-base", "--is-ancestor", update.old, update.new).returncode != 0
        listed = _git(git_dir, "rev-list", "--min-parents=2", f"{update.old}..{update.new}")
    else:
        listed = _git(git_dir, "rev-list", "--min-parents=2", update.new, "--not", "--all")
    update.merge_commits = bool(listed.stdout.strip())
    return update


# ---------------------------------------------------------------- rulesets


def _team_ids(fake: FakeGitHub, login: str) -> set[int]:
    return {fake.team_json(org, slug)["id"] for (org, slug), members in fake.teams.items() if login in members}


def is_bypass_actor(fake: FakeGitHub, repo: _Repo, actor: dict[str, Any], identity: Identity) -> bool:
    if actor.get("bypass_mode", "always") not in ("always", "exempt"):
        return False
    kind, actor_id = actor.get("actor_type"), actor.get("actor_id")
    if identity.actor_type == "GitHubActions":
        return False
    if kind == "DeployKey":
        return identity.actor_type == "DeployKey"
    if kind == "Integration":
        return identity.actor_type == "Integration" and identity.app_id == actor_id
    if identity.actor_type != "User" or identity.login not in fake.users:
        return False
    login = identity.login
    if kind == "User":
        return fake.users[login].id == actor_id
    if kind == "RepositoryRole":
        return ROLE_IDS.get(actor_id) == repo.permissions.get(login)  # type: ignore[arg-type]
    if kind == "Team":
        return actor_id in _team_ids(fake, login)
    if kind == "OrganizationAdmin":
        return login in getattr(fake, "org_owners", {}).get(repo.owner.lower(), set())
    return False


def ruleset_lines(ruleset: dict[str, Any], update: Update) -> list[str]:
    lines: list[str] = []
    kind = update.kind
    for rule in ruleset.get("rules") or []:
        rule_type, parameters = rule.get("type"), rule.get("parameters") or {}
        if rule_type == "pull_request" and kind == "update":
            lines.append(PULL_REQUEST)
        elif rule_type == "non_fast_forward" and kind == "update" and update.non_fast_forward:
            lines.append(FORCE_PUSH)
        elif rule_type == "deletion" and kind == "delete":
            lines.append(DELETION)
        elif rule_type == "creation" and kind == "create":
            lines.append(CREATION)
        elif rule_type == "update" and kind == "update":
            lines.append(UPDATE)
        elif rule_type == "required_status_checks" and kind != "delete":
            if kind == "create" and parameters.get("do_not_enforce_on_create"):
                continue
            contexts = [check.get("context", "") for check in parameters.get("required_status_checks") or []]
            if contexts:
                lines.append(status_checks_line(contexts))
        elif rule_type == "required_linear_history" and kind != "delete" and update.merge_commits:
            lines.append(LINEAR)
    return lines


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def ruleset_verdict(fake: FakeGitHub, repo: _Repo, identity: Identity, update: Update) -> tuple[list[str], list[str]]:
    """(violations, bypassed violations) of the active rulesets targeting the branch."""
    violations: list[str] = []
    bypassed: list[str] = []
    if update.branch is None:
        return [], []
    for ruleset in fake.rulesets_for(repo, update.branch):
        lines = ruleset_lines(ruleset, update)
        if not lines:
            continue
        if any(is_bypass_actor(fake, repo, actor, identity) for actor in ruleset.get("bypass_actors") or []):
            bypassed += lines
        else:
            violations += lines
    return _unique(violations), _unique(bypassed)


# ---------------------------------------------------------------- classic branch protection


def _may_push_restricted(fake: FakeGitHub, repo: _Repo, restrictions: dict[str, Any], identity: Identity) -> bool:
    if identity.actor_type in ("GitHubActions", "Integration"):
        slug = (identity.login or "").removesuffix("[bot]")
        return slug in (restrictions.get("apps") or [])
    if identity.actor_type != "User":
        return False
    if identity.login in (restrictions.get("users") or []):
        return True
    teams = {slug.lower() for slug in restrictions.get("teams") or []}
    return any(org == repo.owner.lower() and slug in teams and identity.login in members
               for (org, slug), members in fake.teams.items())


def protection_lines(fake: FakeGitHub, repo: _Repo, identity: Identity, update: Update) -> list[str]:
    stored = repo.protection.get(update.branch or "") if update.branch else None
    if not stored or update.kind == "create":
        return []
    admin = identity.actor_type == "User" and repo.permissions.get(identity.login or "") == "admin"
    if admin and not stored.get("enforce_admins"):
        return []
    lines: list[str] = []
    restrictions = stored.get("restrictions")
    if restrictions and not _may_push_restricted(fake, repo, restrictions, identity):
        lines.append(NOT_AUTHORIZED)
    if update.kind == "delete":
        if not stored.get("allow_deletions"):
            lines.append(CLASSIC_DELETION)
        return lines
    if stored.get("required_pull_request_reviews"):
        lines.append(PULL_REQUEST)
    checks = stored.get("required_status_checks") or {}
    contexts = list(checks.get("contexts") or [c.get("context", "") for c in checks.get("checks") or []])
    if contexts:
        lines.append(status_checks_line(contexts))
    if update.non_fast_forward and not stored.get("allow_force_pushes"):
        lines.append(CLASSIC_FORCE_PUSH)
    if update.merge_commits and stored.get("required_linear_history"):
        lines.append(LINEAR)
    return lines


# ---------------------------------------------------------------- a push


def _items(lines: list[str]) -> list[str]:
    return [text for line in lines for text in ("", f"- {line}")]


def decide(fake: FakeGitHub, repo: _Repo, identity: Identity, updates: list[Update],
           git_dir: Path | None) -> tuple[list[Decision], str]:
    """Each update's verdict and the text for the pusher's terminal (git prefixes it with "remote: ")."""
    decisions: list[Decision] = []
    text: list[str] = []
    for update in updates:
        inspect(git_dir, update)
        protection = protection_lines(fake, repo, identity, update)
        violations, bypassed = ruleset_verdict(fake, repo, identity, update)
        if protection:
            text += [f"error: GH006: Protected branch update failed for {update.ref}.", *_items(protection)]
        if violations:
            rules_url = f"{fake.html_base}/{repo.full_name}/rules?ref={quote(update.ref, safe='')}"
            text += [f"error: GH013: Repository rule violations found for {update.ref}.",
                     f"Review all repository rules at {rules_url}", *_items(violations), ""]
        if protection or violations:
            reason = PROTECTION_REASON if protection else RULES_REASON
            decisions.append(Decision(update, False, reason))
            continue
        if bypassed:
            text += [f"Bypassed rule violations for {update.ref}:", *_items(bypassed), ""]
        decisions.append(Decision(update, True, bypassed=bypassed))
    return decisions, "".join(line + "\n" for line in text)


def contents_refusal(fake: FakeGitHub, repo: _Repo, identity: Identity | None, branch: str) -> Any:
    """The 409 a Contents API write to ``branch`` gets under an active ruleset, or None."""
    from jdih.testing.fakegithub.server import HttpError
    from jdih.testing.fakegithub.tokens import Identity as _Identity

    who = identity or _Identity(None, "User")
    sha = fake.branch_sha(repo, branch) or ZERO
    violations, _ = ruleset_verdict(fake, repo, who, Update(sha, "f" * 40, f"refs/heads/{branch}"))
    if violations:
        return HttpError(409, "Repository rule violations found\n\n" + "".join(f"{line}\n\n" for line in violations))
    return None
