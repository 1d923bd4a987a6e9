"""Webhook payloads (as in ``GITHUB_EVENT_PATH``) built from the fake's current state.

Each payload starts from one of GitHub's real examples in jdih/testing/github/webhook-examples/
for that event and action, keeps exactly its keys, and fills every value the fake knows
(repository, pull_request, issue, review, comment, sender, ...) from the fake's state.
Values the fake has no state for (e.g. a repository's ``allow_forking``) keep the
example's value. ``installation`` is dropped: Actions payloads for GITHUB_TOKEN runs have
none, and the fake has no GitHub App.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jdih.testing.fakegithub.server import FakeGitHub, _Issue

# When no example exists for an action, the nearest one with the same shape.
_FALLBACK_ACTION = {"pull_request": "opened", "issues": "opened", "issue_comment": "created", "pull_request_review": "submitted"}


def example_path(examples: Path, event: str, action: str) -> Path:
    """The lowest-numbered real example for ``event.action`` (or the event's fallback action)."""

    def find(wanted: str) -> list[Path]:
        found = [p for p in examples.glob(f"{event}.{wanted}.*.json") if re.fullmatch(rf"{re.escape(event)}\.{re.escape(wanted)}\.\d+\.json", p.name)]
        return sorted(found, key=lambda p: int(p.name.rsplit(".", 2)[1]))

    candidates = find(action) or find(_FALLBACK_ACTION.get(event, action))
    if not candidates:
        raise ValueError(f"no webhook example for {event}.{action} in {examples}")
    return candidates[0]


def overlay(example: Any, ours: Any) -> Any:
    """The example's shape with our values: dicts keep the example's keys, recursively."""
    if isinstance(example, dict) and isinstance(ours, dict):
        return {key: overlay(value, ours[key]) if key in ours else value for key, value in example.items()}
    return ours


def build_payload(
    fake: FakeGitHub,
    event: str,
    action: str,
    number: int,
    *,
    sender: str | None = None,
    review_id: int | None = None,
    comment_id: int | None = None,
    label: str | None = None,
    requested_reviewer: str | None = None,
) -> dict[str, Any]:
    from jdih.testing import WEBHOOK_EXAMPLES

    if event not in _FALLBACK_ACTION:
        raise ValueError(f"event_payload supports {sorted(_FALLBACK_ACTION)}, not {event!r}")
    repo = fake.repo
    issue = fake.issue(number)
    base = json.loads(example_path(WEBHOOK_EXAMPLES, event, action).read_text(encoding="utf-8"))
    base.pop("installation", None)
    ours: dict[str, Any] = {"action": action, "repository": fake.repo_json(repo, full=False)}
    if "organization" in base:
        owner = fake.user_json(repo.owner)
        org_api = fake._api(f"/orgs/{repo.owner}")
        ours["organization"] = {
            "login": owner["login"], "id": owner["id"], "node_id": owner["node_id"], "url": org_api,
            "repos_url": f"{org_api}/repos", "events_url": f"{org_api}/events", "hooks_url": f"{org_api}/hooks",
            "issues_url": f"{org_api}/issues", "members_url": f"{org_api}/members{{/member}}",
            "public_members_url": f"{org_api}/public_members{{/member}}", "avatar_url": owner["avatar_url"], "description": None,
        }
    if event in ("pull_request", "pull_request_review"):
        if issue.pull is None:
            raise ValueError(f"#{number} is an issue, not a pull request")
        pull_body = fake.pull_json(repo, issue)
        ours["pull_request"] = pull_body
        ours["number"] = number
    if event in ("issues", "issue_comment"):
        ours["issue"] = fake.issue_json(repo, issue)

    actor = sender or _default_sender(fake, event, action, issue)
    if event == "pull_request_review":
        reviews = issue.pull.reviews  # type: ignore[union-attr]
        review = next((r for r in reviews if r.id == review_id), None) if review_id else (reviews[-1] if reviews else None)
        if review is None:
            raise ValueError(f"pull request #{number} has no review {review_id or ''}".strip())
        ours["review"] = fake.review_json(repo, issue, review)
        actor = sender or review.user
    if event == "issue_comment":
        comments = [c for c in repo.comments.values() if c.number == number]
        comment = next((c for c in comments if c.id == comment_id), None) if comment_id else (comments[-1] if comments else None)
        if comment is None:
            raise ValueError(f"#{number} has no comment {comment_id or ''}".strip())
        ours["comment"] = fake.comment_json(repo, comment)
        actor = sender or comment.user
    if action in ("labeled", "unlabeled"):
        name = label or _last_event_data(issue, action, "label", {}).get("name")
        if not name:
            raise ValueError(f"#{number} has no {action} event; pass label=")
        found = repo.label(name)
        ours["label"] = fake.label_json(repo, found) if found else {"name": name}
    if action in ("review_requested", "review_request_removed"):
        login = requested_reviewer or _last_event_data(issue, action, "requested_reviewer", None)
        if login:
            ours["requested_reviewer"] = fake.user_json(login)
    if action == "synchronize" and issue.pull is not None:
        commits = issue.pull.commits
        ours["before"] = commits[-2].sha if len(commits) > 1 else issue.pull.base_sha
        ours["after"] = issue.pull.head_sha
    ours["sender"] = fake.user_json(actor)

    payload = overlay(base, ours)
    if event == "issue_comment" and issue.pull is not None:
        # A comment on a pull request: GitHub marks its issue with "pull_request".
        payload["issue"]["pull_request"] = ours["issue"]["pull_request"]
    return payload


def _last_event_data(issue: _Issue, kind: str, key: str, default: Any) -> Any:
    for event in reversed(issue.events):
        if event.event == kind and key in event.data:
            return event.data[key]
    return default


def _default_sender(fake: FakeGitHub, event: str, action: str, issue: _Issue) -> str:
    """Who GitHub would name as sender: the actor of the latest matching event, else the author."""
    kinds = {"closed": "merged" if issue.pull is not None and issue.pull.merged else "closed"}
    wanted = kinds.get(action, action)
    for recorded in reversed(issue.events):
        if recorded.event == wanted or (wanted == "ready_for_review" and recorded.event == "ready_for_review"):
            return recorded.actor
    return issue.author
