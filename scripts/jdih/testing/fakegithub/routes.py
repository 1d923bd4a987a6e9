"""Request handlers of the fake GitHub, one per (method, path template) of the schema."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jdih.testing.fakegithub.server import REVIEW_EVENTS, HttpError, _Commit, _invalid, _Label, _not_found, fake_sha
from jdih.testing.fakegithub.tokens import is_integration

if TYPE_CHECKING:
    from jdih.testing.fakegithub.server import _Ctx, _Issue

Route = Callable[["_Ctx"], tuple[int, Any]]
ROUTES: dict[tuple[str, str], Route] = {}
R = "/repos/{owner}/{repo}"


def route(method: str, template: str) -> Callable[[Route], Route]:
    def register(func: Route) -> Route:
        ROUTES[(method, template)] = func
        return func

    return register


def _str_list(value: Any, resource: str, field_name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _invalid(resource, field_name)
    return value


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _invalid("Issue", "since") from None


# ---------------------------------------------------------------- users and repositories


@route("GET", "/user")
def get_user(ctx: _Ctx) -> tuple[int, Any]:
    return 200, ctx.fake.private_user_json(ctx.login)


@route("PATCH", "/user")
def patch_user(ctx: _Ctx) -> tuple[int, Any]:
    body = ctx.json_body()
    user = ctx.fake.users[ctx.login]
    if "name" in body:
        user.name = body["name"]
    return 200, ctx.fake.private_user_json(ctx.login)


@route("GET", R)
def get_repo(ctx: _Ctx) -> tuple[int, Any]:
    return 200, ctx.fake.repo_json(ctx.repo)


@route("PATCH", R)
def patch_repo(ctx: _Ctx) -> tuple[int, Any]:
    repo, body = ctx.repo, ctx.json_body()
    if "description" in body:
        repo.description = body["description"]
    if "private" in body:
        repo.private = bool(body["private"])
    if "default_branch" in body:
        if ctx.fake.branch_sha(repo, body["default_branch"]) is None:
            raise _invalid("Repository", "default_branch")
        repo.default_branch = body["default_branch"]
    return 200, ctx.fake.repo_json(repo)


@route("DELETE", R)
def delete_repo(ctx: _Ctx) -> tuple[int, Any]:
    repo = ctx.repo
    if repo.permissions.get(ctx.login) != "admin":
        raise HttpError(403, "Must have admin rights to Repository.")
    del ctx.fake.repos[repo.full_name.lower()]
    return 204, None


# ---------------------------------------------------------------- labels


@route("GET", R + "/labels")
def list_labels(ctx: _Ctx) -> tuple[int, Any]:
    repo = ctx.repo
    return 200, ctx.page([ctx.fake.label_json(repo, label) for label in repo.labels.values()])


def _color(value: Any) -> str:
    color = str(value).lstrip("#").lower()
    if len(color) != 6 or any(ch not in "0123456789abcdef" for ch in color):
        raise _invalid("Label", "color")
    return color


@route("POST", R + "/labels")
def create_label(ctx: _Ctx) -> tuple[int, Any]:
    repo, body = ctx.repo, ctx.json_body()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _invalid("Label", "name", "missing_field")
    if repo.label(name) is not None:
        raise _invalid("Label", "name", "already_exists")
    label = _Label(id=next(ctx.fake._ids) * 23, name=name, color=_color(body.get("color", "ededed")), description=body.get("description"))
    repo.labels[name.lower()] = label
    return 201, ctx.fake.label_json(repo, label)


@route("GET", R + "/labels/{name}")
def get_label(ctx: _Ctx) -> tuple[int, Any]:
    label = ctx.repo.label(ctx.params["name"])
    if label is None:
        raise _not_found()
    return 200, ctx.fake.label_json(ctx.repo, label)


@route("PATCH", R + "/labels/{name}")
def edit_label(ctx: _Ctx) -> tuple[int, Any]:
    repo, body = ctx.repo, ctx.json_body()
    label = repo.label(ctx.params["name"])
    if label is None:
        raise _not_found()
    new_name = body.get("new_name") or body.get("name")
    if new_name and new_name.lower() != label.name.lower() and repo.label(new_name) is not None:
        raise _invalid("Label", "name", "already_exists")
    if "color" in body:
        label.color = _color(body["color"])
    if "description" in body:
        label.description = body["description"]
    if new_name and new_name != label.name:
        old = label.name
        del repo.labels[old.lower()]
        label.name = new_name
        repo.labels[new_name.lower()] = label
        for issue in repo.issues.values():
            issue.labels = [new_name if existing.lower() == old.lower() else existing for existing in issue.labels]
    return 200, ctx.fake.label_json(repo, label)


@route("DELETE", R + "/labels/{name}")
def delete_label(ctx: _Ctx) -> tuple[int, Any]:
    repo = ctx.repo
    label = repo.label(ctx.params["name"])
    if label is None:
        raise _not_found()
    del repo.labels[label.name.lower()]
    for issue in repo.issues.values():
        issue.labels = [name for name in issue.labels if name.lower() != label.name.lower()]
    return 204, None


def _labels_from_body(ctx: _Ctx) -> list[str]:
    body = ctx.body
    if isinstance(body, dict):
        body = body.get("labels", [])
    if isinstance(body, list):
        # Either ["name", ...] or [{"name": ...}, ...], both accepted by GitHub.
        names = [item["name"] if isinstance(item, dict) else item for item in body]
        if all(isinstance(name, str) for name in names):
            return names
    raise _invalid("Label", "labels")


def _issue_labels(ctx: _Ctx, issue: _Issue) -> list[dict[str, Any]]:
    return ctx.fake._issue_labels_json(ctx.repo, issue)


@route("GET", R + "/issues/{issue_number}/labels")
def list_issue_labels(ctx: _Ctx) -> tuple[int, Any]:
    return 200, ctx.page(_issue_labels(ctx, ctx.issue()))


@route("POST", R + "/issues/{issue_number}/labels")
def add_issue_labels(ctx: _Ctx) -> tuple[int, Any]:
    issue = ctx.issue()
    ctx.fake._add_labels(ctx.repo, issue, _labels_from_body(ctx), ctx.login, ctx.fake.now())
    return 200, _issue_labels(ctx, issue)


@route("PUT", R + "/issues/{issue_number}/labels")
def set_issue_labels(ctx: _Ctx) -> tuple[int, Any]:
    issue, names = ctx.issue(), _labels_from_body(ctx)
    moment = ctx.fake.now()
    wanted = {name.lower() for name in names}
    for existing in list(issue.labels):
        if existing.lower() not in wanted:
            ctx.fake._remove_label(ctx.repo, issue, existing, ctx.login, moment)
    ctx.fake._add_labels(ctx.repo, issue, names, ctx.login, moment)
    return 200, _issue_labels(ctx, issue)


@route("DELETE", R + "/issues/{issue_number}/labels")
def clear_issue_labels(ctx: _Ctx) -> tuple[int, Any]:
    issue = ctx.issue()
    for existing in list(issue.labels):
        ctx.fake._remove_label(ctx.repo, issue, existing, ctx.login, ctx.fake.now())
    return 204, None


@route("DELETE", R + "/issues/{issue_number}/labels/{name}")
def remove_issue_label(ctx: _Ctx) -> tuple[int, Any]:
    issue = ctx.issue()
    ctx.fake._remove_label(ctx.repo, issue, ctx.params["name"], ctx.login, ctx.fake.now())
    return 200, _issue_labels(ctx, issue)


# ---------------------------------------------------------------- issues


@route("GET", R + "/issues")
def list_issues(ctx: _Ctx) -> tuple[int, Any]:
    repo, q = ctx.repo, ctx.query
    state = q.get("state", "open")
    if state not in ("open", "closed", "all"):
        raise _invalid("Issue", "state")
    issues = [issue for issue in repo.issues.values() if state == "all" or issue.state == state]
    if q.get("labels"):
        wanted = {name.strip().lower() for name in q["labels"].split(",") if name.strip()}
        issues = [i for i in issues if wanted <= {name.lower() for name in i.labels}]
    if q.get("creator"):
        issues = [i for i in issues if i.author.lower() == q["creator"].lower()]
    if q.get("assignee") and q["assignee"] not in ("*", "none"):
        issues = [i for i in issues if q["assignee"] in i.assignees]
    elif q.get("assignee") == "none":
        issues = [i for i in issues if not i.assignees]
    elif q.get("assignee") == "*":
        issues = [i for i in issues if i.assignees]
    if q.get("since"):
        since = _parse_time(q["since"])
        issues = [i for i in issues if i.updated_at >= since]
    sort = q.get("sort", "created")
    key = {"created": lambda i: (i.created_at, i.number), "updated": lambda i: (i.updated_at, i.number)}.get(
        sort, lambda i: (sum(1 for c in repo.comments.values() if c.number == i.number), i.number)
    )
    issues.sort(key=key, reverse=q.get("direction", "desc") == "desc")
    return 200, ctx.page([ctx.fake.issue_json(repo, issue) for issue in issues])


@route("POST", R + "/issues")
def create_issue(ctx: _Ctx) -> tuple[int, Any]:
    repo, body = ctx.repo, ctx.json_body()
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _invalid("Issue", "title", "missing_field")
    assignees = _str_list(body.get("assignees"), "Issue", "assignees")
    if body.get("assignee"):
        assignees = [body["assignee"], *assignees]
    for login in assignees:
        if login not in ctx.fake.users:
            raise _invalid("Issue", "assignees")
    labels = [item["name"] if isinstance(item, dict) else item for item in body.get("labels") or []]
    issue = ctx.fake._create_issue(repo, ctx.login, title, body.get("body"), labels, assignees, ctx.fake.now())
    return 201, ctx.fake.issue_json(repo, issue)


@route("GET", R + "/issues/{issue_number}")
def get_issue(ctx: _Ctx) -> tuple[int, Any]:
    return 200, ctx.fake.issue_json(ctx.repo, ctx.issue())


@route("PATCH", R + "/issues/{issue_number}")
def edit_issue(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue, body = ctx.repo, ctx.issue(), ctx.json_body()
    moment = ctx.fake.now()
    if "title" in body:
        if not isinstance(body["title"], str) or not body["title"].strip():
            raise _invalid("Issue", "title")
        issue.title = body["title"]
    if "body" in body:
        issue.body = body["body"]
    if "assignees" in body:
        issue.assignees = list(_str_list(body["assignees"], "Issue", "assignees"))
    if "labels" in body:
        wanted = [item["name"] if isinstance(item, dict) else item for item in body["labels"] or []]
        for existing in list(issue.labels):
            if existing.lower() not in {name.lower() for name in wanted}:
                ctx.fake._remove_label(repo, issue, existing, ctx.login, moment)
        ctx.fake._add_labels(repo, issue, wanted, ctx.login, moment)
    if "state" in body:
        if body["state"] not in ("open", "closed"):
            raise _invalid("Issue", "state")
        if issue.pull is not None and issue.pull.merged and body["state"] == "open":
            raise _invalid("Issue", "state", "custom", "Cannot reopen a merged pull request")
        ctx.fake._set_state(issue, body["state"], body.get("state_reason"), ctx.login, moment)
    issue.updated_at = moment
    return 200, ctx.fake.issue_json(repo, issue)


# ---------------------------------------------------------------- comments


def _comment(ctx: _Ctx):  # type: ignore[no-untyped-def]
    try:
        comment = ctx.repo.comments.get(int(ctx.params["comment_id"]))
    except ValueError:
        comment = None
    if comment is None:
        raise _not_found()
    return comment


@route("GET", R + "/issues/{issue_number}/comments")
def list_comments(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue = ctx.repo, ctx.issue()
    comments = sorted((c for c in repo.comments.values() if c.number == issue.number), key=lambda c: (c.created_at, c.seq))
    if ctx.query.get("since"):
        since = _parse_time(ctx.query["since"])
        comments = [c for c in comments if c.updated_at >= since]
    return 200, ctx.page([ctx.fake.comment_json(repo, c) for c in comments])


@route("POST", R + "/issues/{issue_number}/comments")
def create_comment(ctx: _Ctx) -> tuple[int, Any]:
    body = ctx.json_body()
    text = body.get("body")
    if not isinstance(text, str) or not text:
        raise _invalid("IssueComment", "body", "missing_field")
    if len(text) > 65536:
        raise _invalid("IssueComment", "body", "custom", "Body is too long (maximum is 65536 characters)")
    comment = ctx.fake._comment(ctx.repo, ctx.issue(), ctx.login, text, ctx.fake.now())
    return 201, ctx.fake.comment_json(ctx.repo, comment)


@route("GET", R + "/issues/comments/{comment_id}")
def get_comment(ctx: _Ctx) -> tuple[int, Any]:
    return 200, ctx.fake.comment_json(ctx.repo, _comment(ctx))


@route("PATCH", R + "/issues/comments/{comment_id}")
def edit_comment(ctx: _Ctx) -> tuple[int, Any]:
    comment, body = _comment(ctx), ctx.json_body()
    if not isinstance(body.get("body"), str) or not body["body"]:
        raise _invalid("IssueComment", "body", "missing_field")
    comment.body = body["body"]
    comment.updated_at = ctx.fake.now()
    return 200, ctx.fake.comment_json(ctx.repo, comment)


@route("DELETE", R + "/issues/comments/{comment_id}")
def delete_comment(ctx: _Ctx) -> tuple[int, Any]:
    comment = _comment(ctx)
    del ctx.repo.comments[comment.id]
    return 204, None


# ---------------------------------------------------------------- events and timeline


@route("GET", R + "/issues/{issue_number}/events")
def list_events(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue = ctx.repo, ctx.issue()
    events = sorted(issue.events, key=lambda e: (e.created_at, e.seq))
    return 200, ctx.page([ctx.fake.event_json(repo, issue, e) for e in events])


@route("GET", R + "/issues/{issue_number}/timeline")
def list_timeline(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue = ctx.repo, ctx.issue()
    return 200, ctx.page([body for _, _, body in ctx.fake._timeline_items(repo, issue)])


# ---------------------------------------------------------------- pull requests


def _head_ref(ctx: _Ctx, head: str) -> str:
    owner, sep, branch = head.partition(":")
    if sep and owner.lower() != ctx.repo.owner.lower():
        raise _invalid("PullRequest", "head", "invalid")
    return branch if sep else head


@route("GET", R + "/pulls")
def list_pulls(ctx: _Ctx) -> tuple[int, Any]:
    repo, q = ctx.repo, ctx.query
    state = q.get("state", "open")
    if state not in ("open", "closed", "all"):
        raise _invalid("PullRequest", "state")
    issues = [i for i in repo.issues.values() if i.pull is not None and (state == "all" or i.state == state)]
    if q.get("head") and ":" in q["head"]:
        # Like GitHub, a head without "owner:" is silently ignored (every pull request comes back).
        owner, _, branch = q["head"].partition(":")
        issues = [i for i in issues if owner.lower() == repo.owner.lower() and i.pull.head_ref == branch]  # type: ignore[union-attr]
    if q.get("base"):
        issues = [i for i in issues if i.pull.base_ref == q["base"]]  # type: ignore[union-attr]
    sort = q.get("sort", "created")
    key = (lambda i: (i.updated_at, i.number)) if sort in ("updated", "popularity", "long-running") else (lambda i: (i.created_at, i.number))
    issues.sort(key=key, reverse=q.get("direction", "desc" if sort == "created" or "sort" not in q else "desc") == "desc")
    return 200, ctx.page([ctx.fake.pull_json(repo, i, simple=True) for i in issues])


@route("POST", R + "/pulls")
def create_pull(ctx: _Ctx) -> tuple[int, Any]:
    repo, body, fake = ctx.repo, ctx.json_body(), ctx.fake
    head, base = body.get("head"), body.get("base")
    if not isinstance(head, str) or not head:
        raise _invalid("PullRequest", "head", "missing_field")
    if not isinstance(base, str) or not base:
        raise _invalid("PullRequest", "base", "missing_field")
    branch = _head_ref(ctx, head)
    head_sha = fake.branch_sha(repo, branch)
    if head_sha is None:
        raise _invalid("PullRequest", "head", "invalid")
    if fake.branch_sha(repo, base) is None:
        raise _invalid("PullRequest", "base", "invalid")
    if head_sha == fake.branch_sha(repo, base):
        raise _invalid("PullRequest", "base", "custom", f"No commits between {base} and {branch}")
    for other in repo.issues.values():
        if other.pull and other.state == "open" and other.pull.head_ref == branch and other.pull.base_ref == base:
            raise _invalid("PullRequest", "base", "custom", f"A pull request already exists for {repo.owner}:{branch}.")
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _invalid("PullRequest", "title", "missing_field")
    moment = fake.now()
    issue = fake._create_pull(repo, ctx.login, branch, head_sha, base, title, body.get("body"), bool(body.get("draft", False)), moment)
    issue.pull.files = fake._git_files(repo, base, head_sha)  # type: ignore[union-attr]
    return 201, fake.pull_json(repo, issue)


@route("GET", R + "/pulls/{pull_number}")
def get_pull(ctx: _Ctx) -> tuple[int, Any]:
    return 200, ctx.fake.pull_json(ctx.repo, ctx.pull())


@route("PATCH", R + "/pulls/{pull_number}")
def edit_pull(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue, body, fake = ctx.repo, ctx.pull(), ctx.json_body(), ctx.fake
    pull = issue.pull
    assert pull is not None
    moment = fake.now()
    if "title" in body:
        if not isinstance(body["title"], str) or not body["title"].strip():
            raise _invalid("PullRequest", "title")
        issue.title = body["title"]
    if "body" in body:
        issue.body = body["body"]
    if "base" in body:
        if fake.branch_sha(repo, body["base"]) is None:
            raise _invalid("PullRequest", "base")
        pull.base_ref = body["base"]
        pull.base_sha = fake.branch_sha(repo, body["base"]) or pull.base_sha
    if "state" in body:
        if body["state"] not in ("open", "closed"):
            raise _invalid("PullRequest", "state")
        if pull.merged and body["state"] == "open":
            raise _invalid("PullRequest", "state", "custom", "Cannot reopen a merged pull request")
        fake._set_state(issue, body["state"], None, ctx.login, moment)
    issue.updated_at = moment
    return 200, fake.pull_json(repo, issue)


@route("GET", R + "/pulls/{pull_number}/commits")
def list_pull_commits(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue = ctx.repo, ctx.pull()
    commits = ctx.fake.git_commits(repo, issue.pull) or issue.pull.commits  # type: ignore[union-attr, arg-type]
    return 200, ctx.page([ctx.fake.commit_json(repo, c) for c in commits])


@route("GET", R + "/pulls/{pull_number}/files")
def list_pull_files(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue = ctx.repo, ctx.pull()
    pull = issue.pull
    assert pull is not None
    return 200, ctx.page([ctx.fake.diff_entry_json(repo, pull.head_sha, entry) for entry in pull.files or []])


@route("GET", R + "/pulls/{pull_number}/merge")
def is_merged(ctx: _Ctx) -> tuple[int, Any]:
    if not ctx.pull().pull.merged:  # type: ignore[union-attr]
        raise _not_found()
    return 204, None


def _approvals_missing(ctx: _Ctx, issue: _Issue) -> str | None:
    """Why branch protection or an active ruleset forbids this merge, if it does."""
    repo, pull = ctx.repo, issue.pull
    assert pull is not None
    rules = ctx.fake.pull_request_rules(repo, pull.base_ref)
    needed = max((int(rule.get("required_approving_review_count", 0)) for rule in rules), default=0)
    if not rules:
        return None
    latest: dict[str, str] = {}
    for review in pull.reviews:
        if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[review.user] = review.state
    if "CHANGES_REQUESTED" in latest.values():
        return "Changes must be made through a pull request. Changes have been requested."
    approvals = sum(1 for state in latest.values() if state == "APPROVED")
    if approvals < needed:
        noun = "review is" if needed == 1 else "reviews are"
        return f"At least {needed} approving {noun} required by reviewers with write access."
    if any(rule.get("require_code_owner_review") for rule in rules):
        missing = _code_owners_missing(ctx, pull, {user for user, state in latest.items() if state == "APPROVED"})
        if missing:
            # GitHub's merge box says "Waiting on code owner review from …" (About code owners).
            return f"Waiting on code owner review from {', '.join('@' + o for o in missing)}."
    return None


def _code_owners_missing(ctx: _Ctx, pull: Any, approved: set[str]) -> list[str]:
    """Owners (from the base branch's CODEOWNERS) of changed files none of whose owners approved."""
    from jdih.testing.fakegithub import codeowners
    from jdih.testing.fakegithub.routes_extra import _read_file

    text = next((data.decode("utf-8") for location in codeowners.LOCATIONS
                 if (data := _read_file(ctx, pull.base_ref, location)) is not None), "")
    rules = codeowners.parse(text)
    paths = [entry.get("filename", "") for entry in ctx.fake._normalise_files(ctx.repo, pull.files, pull.base_ref,
                                                                             pull.head_sha)]
    approved = {login.lower() for login in approved}
    missing: list[str] = []
    for path in paths:
        owners = codeowners.owners_of(rules, path)
        if owners and not approved & set(owners):
            missing += [o for o in owners if o not in missing]
    return missing


@route("PUT", R + "/pulls/{pull_number}/merge")
def merge(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue, body, fake = ctx.repo, ctx.pull(), ctx.json_body(), ctx.fake
    pull = issue.pull
    assert pull is not None
    if repo.permissions.get(ctx.login, "read") not in ("admin", "maintain", "write") and not is_integration(ctx.identity):
        raise HttpError(403, "Resource not accessible by integration")
    if pull.merged or issue.state != "open" or pull.draft:
        raise HttpError(405, "Pull Request is not mergeable")
    if body.get("sha") and body["sha"] != pull.head_sha:
        raise HttpError(409, "Head branch was modified. Review and try the merge again.")
    method = body.get("merge_method", "merge")
    if method not in ("merge", "squash", "rebase"):
        raise _invalid("PullRequest", "merge_method")
    reason = _approvals_missing(ctx, issue)
    if reason:
        raise HttpError(405, reason)
    sha = fake._merge(repo, issue, ctx.login, None, fake.now())
    return 200, {"sha": sha, "merged": True, "message": "Pull Request successfully merged"}


@route("GET", R + "/commits/{commit_sha}/pulls")
def commit_pulls(ctx: _Ctx) -> tuple[int, Any]:
    repo, sha = ctx.repo, ctx.params["commit_sha"]
    if len(sha) < 4:
        raise _invalid("Commit", "sha")

    def has(full: str | None) -> bool:
        return bool(full) and full.startswith(sha)  # type: ignore[union-attr]

    merged, open_ = [], []
    for issue in repo.issues.values():
        pull = issue.pull
        if pull is None:
            continue
        if pull.merged and (has(pull.merge_commit_sha) or any(has(c.sha) for c in pull.commits)):
            merged.append(issue)
        elif not pull.merged and issue.state == "open" and any(has(c.sha) for c in pull.commits):
            open_.append(issue)
    # GitHub lists the merged pull request that brought the commit in; otherwise open ones.
    found = merged or open_
    found.sort(key=lambda i: i.number, reverse=True)
    return 200, ctx.page([ctx.fake.pull_json(repo, i, simple=True) for i in found])


@route("GET", R + "/commits/{ref}")
def get_commit(ctx: _Ctx) -> tuple[int, Any]:
    """Outside the shared subset; PyGithub's ``repo.get_commit(sha)`` fetches it first."""
    repo, ref, fake = ctx.repo, ctx.params["ref"], ctx.fake
    sha = fake.branch_sha(repo, ref) or ref
    for issue in repo.issues.values():
        pull = issue.pull
        if pull is None:
            continue
        for commit in pull.commits:
            if commit.sha.startswith(sha):
                return 200, fake.commit_json(repo, commit)
        if pull.merge_commit_sha and pull.merge_commit_sha.startswith(sha):
            merge = _Commit(0, pull.merge_commit_sha, f"Merge pull request #{issue.number} from {repo.owner}/{pull.head_ref}", pull.merged_by or issue.author, pull.merged_at or fake.now(), pull.base_sha)
            return 200, fake.commit_json(repo, merge)
    if sha in repo.branches.values() or fake.branch_sha(repo, ref):
        return 200, fake.commit_json(repo, _Commit(0, sha, "Commit", repo.owner, repo.pushed_at or repo.created_at, fake_sha("parent", sha)))
    raise HttpError(422, f"No commit found for SHA: {ref}")


# ---------------------------------------------------------------- reviews and review requests


@route("GET", R + "/pulls/{pull_number}/reviews")
def list_reviews(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue = ctx.repo, ctx.pull()
    reviews = [r for r in issue.pull.reviews if r.state != "PENDING" or r.user == ctx.login]  # type: ignore[union-attr]
    return 200, ctx.page([ctx.fake.review_json(repo, issue, r) for r in reviews])


@route("POST", R + "/pulls/{pull_number}/reviews")
def create_review(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue, body, fake = ctx.repo, ctx.pull(), ctx.json_body(), ctx.fake
    pull = issue.pull
    assert pull is not None
    event = body.get("event")
    text = body.get("body") or ""
    if event is None:
        state = "PENDING"
    elif event in REVIEW_EVENTS:
        state = REVIEW_EVENTS[event]
    else:
        raise _invalid("PullRequestReview", "event")
    if issue.state != "open" and state != "COMMENTED":
        raise _invalid("PullRequestReview", "event", "custom", "Can not approve or request changes on a closed pull request.")
    if ctx.login == issue.author and state in ("APPROVED", "CHANGES_REQUESTED"):
        word = "approve" if state == "APPROVED" else "request changes on"
        raise _invalid("PullRequestReview", "event", "custom", f"Can not {word} your own pull request")
    if state in ("CHANGES_REQUESTED", "COMMENTED") and not text:
        raise _invalid("PullRequestReview", "body", "custom", f"Review Can not {'request changes' if state == 'CHANGES_REQUESTED' else 'comment'} without a body")
    commit_id = body.get("commit_id") or pull.head_sha
    if commit_id not in {c.sha for c in pull.commits}:
        raise _invalid("PullRequestReview", "commit_id", "custom", "Commit not found in pull request")
    review = fake._review(issue, ctx.login, state, text, commit_id, fake.now())
    return 200, fake.review_json(repo, issue, review)


@route("GET", R + "/pulls/{pull_number}/requested_reviewers")
def list_review_requests(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue = ctx.repo, ctx.pull()
    pull = issue.pull
    assert pull is not None
    return 200, {
        "users": [ctx.fake.user_json(login) for login in pull.requested_reviewers],
        "teams": [ctx.fake.team_json(repo.owner, slug) for slug in pull.requested_teams],
    }


@route("POST", R + "/pulls/{pull_number}/requested_reviewers")
def request_reviewers(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue, body = ctx.repo, ctx.pull(), ctx.json_body()
    reviewers = _str_list(body.get("reviewers"), "PullRequest", "reviewers")
    teams = _str_list(body.get("team_reviewers"), "PullRequest", "team_reviewers")
    if issue.state != "open":
        raise _invalid("PullRequest", "reviewers", "custom", "Reviews may only be requested on open pull requests.")
    _check_collaborators(ctx, issue, reviewers, teams)
    ctx.fake._request_reviews(repo, issue, reviewers, teams, ctx.login, ctx.fake.now())
    return 201, ctx.fake.pull_json(repo, issue, simple=True)


def _check_collaborators(ctx: _Ctx, issue: _Issue, reviewers: list[str], teams: list[str]) -> None:
    """Reviews only from collaborators (an invitation not yet accepted is not one), and no team
    for the workflow token, which cannot see the organization's teams: 422 with GitHub's message
    (quoted in Dolibarr/dolibarr#32024; for a team asked by an integration,
    freifunkMUC/wg-access-server#335). See tokens.py."""
    repo, fake = ctx.repo, ctx.fake
    for login in reviewers:
        if login != issue.author and login in fake.users and not fake.is_collaborator(repo, login):
            raise HttpError(422, "Reviews may only be requested from collaborators. One or more of the users or teams "
                                 f"you specified is not a collaborator of the {repo.full_name} repository.")
    if teams and ctx.identity is not None and ctx.identity.actor_type == "GitHubActions":
        raise HttpError(422, "Reviews may only be requested from collaborators. One or more of the teams you specified "
                             f"is not a collaborator of the {repo.full_name} repository.")


@route("DELETE", R + "/pulls/{pull_number}/requested_reviewers")
def remove_reviewers(ctx: _Ctx) -> tuple[int, Any]:
    repo, issue, body = ctx.repo, ctx.pull(), ctx.json_body()
    if "reviewers" not in body:
        raise _invalid("PullRequest", "reviewers", "missing_field")
    reviewers = _str_list(body.get("reviewers"), "PullRequest", "reviewers")
    teams = _str_list(body.get("team_reviewers"), "PullRequest", "team_reviewers")
    ctx.fake._remove_review_requests(issue, reviewers, teams, ctx.login, ctx.fake.now())
    return 200, ctx.fake.pull_json(repo, issue, simple=True)


# The other handler modules register themselves (protection, rulesets, pages, contents, teams;
# deploy keys, environments, secrets, refs).
from jdih.testing.fakegithub import routes_extra, routes_setup  # noqa: E402,F401
