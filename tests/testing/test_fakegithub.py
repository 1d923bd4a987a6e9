"""The fake GitHub: PyGithub drives it, and every response it gives validates against
GitHub's own schema (jdih/testing/github/rest-api-subset.json)."""

from __future__ import annotations

import base64
import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import github
import pytest
import requests

from jdih.testing import WEBHOOK_EXAMPLES
from jdih.testing.fakegithub.schema import SETUP_SPEC_PATH, load_schema
from jdih.testing.fakegithub.server import FakeGitHub

KASUBBAG, STAF, PENGELOLA = "kasubbag-kapuas", "staf-hukum-kapuas", "pengelola-jdih-kapuas"
T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def schema_errors(fake: FakeGitHub) -> list[str]:
    """Every schema violation among all the responses the fake gave so far."""
    schema = load_schema()
    problems = []
    for entry in fake.log:
        if entry.template is None:
            assert entry.status == 404, entry
            continue
        problems += schema.errors(entry.method, entry.template, entry.status, entry.body)
    return problems


def assert_all_valid(fake: FakeGitHub) -> None:
    assert fake.log, "the fake logged no response"
    problems = schema_errors(fake)
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------- the validator itself


def test_schema_is_openapi_30_and_nullable_is_rewritten() -> None:
    schema = load_schema()
    assert schema.version.startswith("3.0")
    text = json.dumps(schema.document)
    assert '"nullable"' not in text


def test_validator_rejects_broken_bodies(fake_github: FakeGitHub) -> None:
    schema = load_schema()
    number = fake_github.open_issue(KASUBBAG, "Disposisi", "isi")
    good = fake_github.issue_json(fake_github.repo, fake_github.issue(number))
    template = "/repos/{owner}/{repo}/issues/{issue_number}"
    assert schema.errors("GET", template, 200, good) == []

    missing = dict(good)
    del missing["user"]
    assert schema.errors("GET", template, 200, missing) == [f"GET {template} 200: <root>: 'user' is a required property"]

    wrong_type = dict(good, number="1")
    assert schema.errors("GET", template, 200, wrong_type) == [f"GET {template} 200: number: '1' is not of type 'integer'"]

    bad_time = dict(good, created_at="2026-11-02 08:00")
    assert schema.errors("GET", template, 200, bad_time) == [f"GET {template} 200: created_at: '2026-11-02 08:00' is not a 'date-time'"]

    # null is accepted only where the schema says nullable.
    assert schema.errors("GET", template, 200, dict(good, closed_at=None)) == []
    assert schema.errors("GET", template, 200, dict(good, title=None)) == [f"GET {template} 200: title: None is not of type 'string'"]

    # A body where none is documented, and an undocumented success status.
    assert schema.errors("DELETE", "/repos/{owner}/{repo}/labels/{name}", 204, {"x": 1}) != []
    assert schema.errors("GET", template, 201, good) == [f"GET {template}: status 201 is not documented"]

    # A broken entry in the log makes the whole-log check fail.
    fake_github.log.clear()
    fake_github.client().get_repo(fake_github.full_name).get_issue(number)
    assert schema_errors(fake_github) == []
    fake_github.log[-1].body["state"] = 3
    assert schema_errors(fake_github) == [f"GET {template} 200: state: 3 is not of type 'string'"]


# ---------------------------------------------------------------- authentication and errors


def test_unknown_token_gets_401_in_github_shape(fake_github: FakeGitHub) -> None:
    response = requests.get(f"{fake_github.base_url}/repos/{fake_github.full_name}", headers={"Authorization": "token nope"}, timeout=5)
    assert response.status_code == 401
    assert response.json() == {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository", "status": "401"}
    bare = requests.get(f"{fake_github.base_url}/user", timeout=5)
    assert bare.status_code == 401
    assert bare.json()["message"] == "Requires authentication"
    bearer = requests.get(f"{fake_github.base_url}/user", headers={"Authorization": "Bearer test-token"}, timeout=5)
    assert bearer.status_code == 200
    assert bearer.json()["login"] == "github-actions[bot]"
    with pytest.raises(github.BadCredentialsException):
        github.Github(auth=github.Auth.Token("wrong"), base_url=fake_github.base_url, retry=None).get_repo(fake_github.full_name)
    assert_all_valid(fake_github)


def test_not_found_and_validation_failed(fake_github: FakeGitHub, github_client: github.Github) -> None:
    with pytest.raises(github.UnknownObjectException) as missing_repo:
        github_client.get_repo("kpu-kapuas/tidak-ada")
    assert missing_repo.value.data == {
        "message": "Not Found",
        "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
        "status": "404",
    }
    repo = github_client.get_repo(fake_github.full_name)
    with pytest.raises(github.UnknownObjectException):
        repo.get_issue(99)
    with pytest.raises(github.UnknownObjectException):
        repo.get_pull(1)
    repo.create_label("tahap-4-sunting", "1d76db", "Tahap 4: sunting")
    with pytest.raises(github.GithubException) as duplicate:
        repo.create_label("Tahap-4-Sunting", "1d76db")
    assert duplicate.value.status == 422
    assert duplicate.value.data == {
        "message": "Validation Failed",
        "errors": [{"resource": "Label", "code": "already_exists", "field": "name"}],
        "documentation_url": "https://docs.github.com/rest/issues/labels#create-a-label",
        "status": "422",
    }
    # A path GitHub does not have.
    response = requests.get(f"{fake_github.base_url}/nothing/here", headers={"Authorization": "token test-token"}, timeout=5)
    assert response.status_code == 404
    assert response.json()["message"] == "Not Found"
    assert_all_valid(fake_github)


# ---------------------------------------------------------------- issues, comments, labels


def test_issue_comment_and_label_lifecycle(fake_github: FakeGitHub, github_client: github.Github) -> None:
    fake_github.clock = T0
    repo = github_client.get_repo(fake_github.full_name)
    assert repo.full_name == "kpu-kapuas/jdih-medsos"
    assert repo.default_branch == "main"
    assert github_client.get_user().login == "github-actions[bot]"

    kasubbag = fake_github.client(KASUBBAG).get_repo(fake_github.full_name)
    issue = kasubbag.create_issue(title="Disposisi: infografis PKPU 8/2026", body="Mohon dibuat", labels=["disposisi"])
    assert issue.number == 1
    assert issue.user.login == KASUBBAG
    assert issue.created_at == T0
    assert [label.name for label in issue.labels] == ["disposisi"]

    fake_github.advance(minutes=10)
    comment = repo.get_issue(1).create_comment("Tautan draf: ...")
    assert comment.user.login == "github-actions[bot]"
    comment.edit("Tautan draf (diperbarui)")
    assert [c.body for c in repo.get_issue(1).get_comments()] == ["Tautan draf (diperbarui)"]
    assert repo.get_issue(1).get_comment(comment.id).body == "Tautan draf (diperbarui)"

    label = repo.create_label("tahap-1-disposisi", "5319e7", "Tahap 1")
    label.edit("tahap-1-disposisi", "0e8a16", "Tahap 1: disposisi")
    assert repo.get_label("tahap-1-disposisi").color == "0e8a16"
    issue = repo.get_issue(1)
    issue.add_to_labels("tahap-1-disposisi")
    assert sorted(label.name for label in issue.get_labels()) == ["disposisi", "tahap-1-disposisi"]
    issue.remove_from_labels("disposisi")
    issue.set_labels("tahap-1-disposisi", "baru")
    assert sorted(label.name for label in repo.get_issue(1).labels) == ["baru", "tahap-1-disposisi"]
    assert "baru" in [label.name for label in repo.get_labels()]  # created on first use, as GitHub does
    issue.delete_labels()
    assert repo.get_issue(1).labels == []

    with pytest.raises(github.GithubException) as gone:
        issue.remove_from_labels("tidak-ada")
    assert gone.value.status == 404
    assert gone.value.data["message"] == "Label does not exist"

    comment.delete()
    assert repo.get_issue(1).comments == 0

    issue.edit(title="Disposisi: infografis PKPU 8/2026 (revisi)")
    fake_github.advance(hours=1)
    issue.edit(state="closed", state_reason="completed")
    closed = repo.get_issue(1)
    assert closed.state == "closed"
    assert closed.closed_at == T0 + timedelta(minutes=10, hours=1)
    assert closed.closed_by.login == "github-actions[bot]"
    assert [i.number for i in repo.get_issues(state="open")] == []
    assert [i.number for i in repo.get_issues(state="closed")] == [1]

    events = [(e.event, e.actor.login) for e in repo.get_issue(1).get_events()]
    assert events == [
        ("labeled", KASUBBAG),
        ("labeled", "github-actions[bot]"),
        ("unlabeled", "github-actions[bot]"),
        ("labeled", "github-actions[bot]"),
        ("unlabeled", "github-actions[bot]"),
        ("unlabeled", "github-actions[bot]"),
        ("closed", "github-actions[bot]"),
    ]
    repo.get_label("baru").delete()
    assert "baru" not in [label.name for label in repo.get_labels()]
    assert_all_valid(fake_github)


def test_issue_list_filters_and_pagination(fake_github: FakeGitHub, github_client: github.Github) -> None:
    for index in range(35):
        fake_github.open_issue(STAF, f"Isu {index + 1}", labels=["disposisi"] if index % 2 == 0 else [], at=T0 + timedelta(minutes=index))
    repo = github_client.get_repo(fake_github.full_name)
    numbers = [issue.number for issue in repo.get_issues(state="open")]
    assert numbers == list(range(35, 0, -1))  # newest first, across two pages
    pages = fake_github.requests("GET", "/repos/{owner}/{repo}/issues")
    assert [len(entry.body) for entry in pages] == [30, 5]
    labelled = [issue.number for issue in repo.get_issues(labels=["disposisi"], direction="asc")]
    assert labelled == list(range(1, 36, 2))
    assert_all_valid(fake_github)


# ---------------------------------------------------------------- the SOP flow on a pull request


def test_pull_request_review_flow_and_timeline(fake_github: FakeGitHub, github_client: github.Github) -> None:
    fake = fake_github
    fake.clock = T0
    disposisi = fake.open_issue(KASUBBAG, "Disposisi: infografis", "Mohon dibuat", labels=["disposisi"])
    fake.advance(hours=1)
    number = fake.open_pull(PENGELOLA, "draf/infografis", title="Draf: infografis", body=f"Disposisi #{disposisi}",
                            draft=True, head_sha="a" * 40, files=["drafts/infografis.md"])
    assert number == 2
    repo = github_client.get_repo(fake.full_name)
    pull = repo.get_pull(number)
    assert pull.draft is True
    assert pull.head.sha == "a" * 40
    assert pull.head.ref == "draf/infografis"
    assert pull.base.ref == "main"
    assert pull.user.login == PENGELOLA
    assert [f.filename for f in pull.get_files()] == ["drafts/infografis.md"]

    fake.advance(minutes=5)
    fake.mark_ready(number)
    pull = repo.get_pull(number)
    assert pull.draft is False
    pull.create_review_request(reviewers=[STAF])
    pull.as_issue().add_to_labels("tahap-4-sunting")
    users, teams = pull.get_review_requests()
    assert [u.login for u in users] == [STAF]
    assert list(teams) == []
    with pytest.raises(github.GithubException) as own:
        pull.create_review_request(reviewers=[PENGELOLA])
    assert own.value.status == 422
    assert own.value.data["errors"][0]["message"] == "Review cannot be requested from pull request author."

    fake.advance(minutes=30)
    fake.submit_review(number, STAF, "CHANGES_REQUESTED", "Judul terlalu panjang")
    assert [u.login for u in repo.get_pull(number).get_review_requests()[0]] == []  # answered
    fake.advance(minutes=30)
    new_head = fake.push_to_pull(number, "b" * 40)
    assert new_head == "b" * 40
    fake.advance(minutes=10)
    staf_pull = fake.client(STAF).get_repo(fake.full_name).get_pull(number)
    staf_review = staf_pull.create_review(body="Sudah baik", event="APPROVE")
    assert staf_review.state == "APPROVED"
    assert staf_review.commit_id == "b" * 40
    assert staf_review.submitted_at == T0 + timedelta(hours=2, minutes=15)

    pull.delete_review_request(reviewers=[STAF])  # no longer requested: nothing happens
    pull.create_review_request(reviewers=[KASUBBAG])
    pull.delete_review_request(reviewers=[KASUBBAG])
    pull.create_review_request(reviewers=[KASUBBAG])

    # The author cannot approve their own pull request.
    with pytest.raises(github.GithubException) as self_approval:
        fake.client(PENGELOLA).get_repo(fake.full_name).get_pull(number).create_review(event="APPROVE")
    assert self_approval.value.status == 422
    assert self_approval.value.data == {
        "message": "Unprocessable Entity",
        "errors": ["Can not approve your own pull request"],
        "documentation_url": "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
        "status": "422",
    }

    fake.advance(minutes=20)
    kasubbag_pull = fake.client(KASUBBAG).get_repo(fake.full_name).get_pull(number)
    kasubbag_pull.create_review(body="Setuju", event="APPROVE")
    reviews = [(r.user.login, r.state, r.commit_id) for r in repo.get_pull(number).get_reviews()]
    assert reviews == [
        (STAF, "CHANGES_REQUESTED", "a" * 40),
        (STAF, "APPROVED", "b" * 40),
        (KASUBBAG, "APPROVED", "b" * 40),
    ]
    assert not kasubbag_pull.is_merged()
    fake.advance(minutes=1)
    result = kasubbag_pull.merge(merge_method="merge", sha="b" * 40)
    assert result.merged is True
    merged = repo.get_pull(number)
    assert merged.is_merged()
    assert merged.merged_by.login == KASUBBAG
    assert merged.merged_at == T0 + timedelta(hours=2, minutes=36)
    assert merged.merge_commit_sha == result.sha
    assert merged.state == "closed"
    assert repo.get_branch("main").commit.sha == result.sha

    assert [p.number for p in repo.get_commit(result.sha).get_pulls()] == [number]
    assert [p.number for p in repo.get_commit("b" * 40).get_pulls()] == [number]
    assert [c.sha for c in merged.get_commits()] == ["a" * 40, "b" * 40]
    assert [p.number for p in repo.get_pulls(state="closed", head="kpu-kapuas:draf/infografis", base="main")] == [number]
    assert list(repo.get_pulls(state="open")) == []
    # As on GitHub, a head filter without "owner:" is ignored.
    assert [p.number for p in repo.get_pulls(state="all", head="tidak-ada")] == [number]

    timeline = [
        (e.event, (e.actor.login if e.actor else None), e.created_at)
        for e in repo.get_issue(number).get_timeline()
        if e.event not in ("committed", "reviewed")
    ]
    assert timeline == [
        ("ready_for_review", PENGELOLA, T0 + timedelta(hours=1, minutes=5)),
        ("review_requested", "github-actions[bot]", T0 + timedelta(hours=1, minutes=5)),
        ("labeled", "github-actions[bot]", T0 + timedelta(hours=1, minutes=5)),
        ("review_requested", "github-actions[bot]", T0 + timedelta(hours=2, minutes=15)),
        ("review_request_removed", "github-actions[bot]", T0 + timedelta(hours=2, minutes=15)),
        ("review_requested", "github-actions[bot]", T0 + timedelta(hours=2, minutes=15)),
        ("merged", KASUBBAG, T0 + timedelta(hours=2, minutes=36)),
        ("closed", KASUBBAG, T0 + timedelta(hours=2, minutes=36)),
    ]
    raw = fake.requests("GET", "/repos/{owner}/{repo}/issues/{issue_number}/timeline")[-1].body
    assert [(e["event"], e.get("sha") or e.get("state")) for e in raw if e["event"] in ("committed", "reviewed")] == [
        ("committed", "a" * 40),
        ("reviewed", "CHANGES_REQUESTED"),
        ("committed", "b" * 40),
        ("reviewed", "APPROVED"),
        ("reviewed", "APPROVED"),
    ]
    requested = [e for e in raw if e["event"] == "review_requested"]
    assert [e["requested_reviewer"]["login"] for e in requested] == [STAF, KASUBBAG, KASUBBAG]
    assert_all_valid(fake)


def test_create_pull_through_the_api_and_edit(fake_github: FakeGitHub, github_client: github.Github) -> None:
    fake_github.set_branch_sha("draf/satu", "c" * 40)
    repo = github_client.get_repo(fake_github.full_name)
    pull = repo.create_pull(base="main", head="draf/satu", title="Draf satu", body="Disposisi #1", draft=True)
    assert pull.number == 1
    assert pull.head.sha == "c" * 40
    with pytest.raises(github.GithubException) as again:
        repo.create_pull(base="main", head="draf/satu", title="Lagi")
    assert again.value.data["errors"][0]["message"] == "A pull request already exists for kpu-kapuas:draf/satu."
    with pytest.raises(github.GithubException) as no_branch:
        repo.create_pull(base="main", head="tidak-ada", title="X")
    assert no_branch.value.status == 422
    pull.edit(title="Draf satu (revisi)", body="Disposisi #1\n\nRevisi")
    assert repo.get_pull(1).title == "Draf satu (revisi)"
    with pytest.raises(github.GithubException) as draft_merge:
        pull.merge()
    assert draft_merge.value.status == 405
    pull.edit(state="closed")
    assert repo.get_pull(1).state == "closed"
    pull.edit(state="open")
    assert [(e.event) for e in repo.get_issue(1).get_events()] == ["closed", "reopened"]
    assert_all_valid(fake_github)


def test_helpers_use_exact_times_and_refuse_unknown_users(fake_github: FakeGitHub, github_client: github.Github) -> None:
    at = datetime(2026, 11, 3, 2, 30, tzinfo=UTC)
    number = fake_github.open_pull(PENGELOLA, "draf/x", title="X", at=at)
    review_id = fake_github.submit_review(number, KASUBBAG, "APPROVED", at=at + timedelta(minutes=3))
    reviews = list(github_client.get_repo(fake_github.full_name).get_pull(number).get_reviews())
    assert [(r.id, r.submitted_at) for r in reviews] == [(review_id, at + timedelta(minutes=3))]
    with pytest.raises(KeyError):
        fake_github.open_issue("orang-asing", "X")
    with pytest.raises(ValueError):
        fake_github.submit_review(number, KASUBBAG, "APPROVE")
    fake_github.clock = lambda: at + timedelta(days=1)
    later = fake_github.open_issue(STAF, "Nanti")
    assert github_client.get_repo(fake_github.full_name).get_issue(later).created_at == at + timedelta(days=1)
    assert_all_valid(fake_github)


# ---------------------------------------------------------------- git link


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_branch_heads_come_from_a_real_bare_repository(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    work = tmp_path / "work"
    _git("init", "--bare", "-b", "main", str(origin), cwd=tmp_path)
    _git("init", "-b", "main", str(work), cwd=tmp_path)
    for key, value in (("user.name", "Operator"), ("user.email", "op@example.invalid")):
        _git("config", key, value, cwd=work)
    (work / "README.md").write_text("halo\n", encoding="utf-8")
    _git("add", ".", cwd=work)
    _git("commit", "-m", "awal", cwd=work)
    _git("push", str(origin), "main", cwd=work)
    _git("checkout", "-b", "draf/satu", cwd=work)
    (work / "drafts").mkdir()
    (work / "drafts" / "satu.md").write_text("draf\n", encoding="utf-8")
    _git("add", ".", cwd=work)
    _git("commit", "-m", "draf satu", cwd=work)
    _git("push", str(origin), "draf/satu", cwd=work)
    main_sha = _git("rev-parse", "main", cwd=work)
    draft_sha = _git("rev-parse", "draf/satu", cwd=work)

    with FakeGitHub(git_dir=origin) as fake:
        fake.add_user(PENGELOLA)
        repo = fake.client().get_repo(fake.full_name)
        assert repo.get_branch("main").commit.sha == main_sha
        assert repo.get_branch("draf/satu").commit.sha == draft_sha
        pull = fake.client(PENGELOLA).get_repo(fake.full_name).create_pull(base="main", head="draf/satu", title="Draf satu")
        assert pull.head.sha == draft_sha
        assert pull.base.sha == main_sha
        assert [(f.filename, f.status) for f in pull.get_files()] == [("drafts/satu.md", "added")]
        # the pull request's commits are the real ones, with their real author dates
        committed = _git("log", "-1", "--format=%aI", "draf/satu", cwd=work)
        assert [(c.sha, c.commit.message, c.commit.author.date) for c in pull.get_commits()] == [
            (draft_sha, "draf satu", datetime.fromisoformat(committed).astimezone(UTC))]
        with pytest.raises(github.UnknownObjectException):
            repo.get_branch("tidak-ada")
        assert_all_valid(fake)


# ---------------------------------------------------------------- repository settings


def test_protection_rulesets_permission_pages_contents_teams(fake_github: FakeGitHub, github_client: github.Github) -> None:
    fake = fake_github
    admin = fake.client(KASUBBAG)
    repo = admin.get_repo(fake.full_name)
    main = repo.get_branch("main")
    assert main.protected is False
    with pytest.raises(github.GithubException) as unprotected:
        main.get_protection()
    assert unprotected.value.status == 404
    assert unprotected.value.data["message"] == "Branch not protected"

    main.edit_protection(required_approving_review_count=1, require_code_owner_reviews=True, dismiss_stale_reviews=True, enforce_admins=False)
    protection = repo.get_branch("main").get_protection()
    reviews = protection.required_pull_request_reviews
    assert (reviews.required_approving_review_count, reviews.require_code_owner_reviews, reviews.dismiss_stale_reviews) == (1, True, True)
    assert repo.get_branch("main").protected is True

    # The bot token cannot administer the repository, as GITHUB_TOKEN cannot.
    with pytest.raises(github.GithubException) as forbidden:
        github_client.get_repo(fake.full_name).get_branch("main").remove_protection()
    assert forbidden.value.status == 403

    # Merging now needs an approval on the head commit.
    number = fake.open_pull(PENGELOLA, "draf/dua", title="Draf dua", head_sha="d" * 40)
    with pytest.raises(github.GithubException) as blocked:
        repo.get_pull(number).merge()
    assert blocked.value.status == 405
    assert blocked.value.data["message"] == "At least 1 approving review is required by reviewers with write access."
    fake.submit_review(number, KASUBBAG, "APPROVED")
    fake.push_to_pull(number, "e" * 40)  # dismiss_stale_reviews: the approval is dismissed
    assert [(r.state, r.commit_id) for r in repo.get_pull(number).get_reviews()] == [("DISMISSED", "d" * 40)]
    events = fake.client().get_repo(fake.full_name).get_issue(number).get_events()
    assert [(e.event, e.actor.login) for e in events] == [("review_dismissed", PENGELOLA)]
    with pytest.raises(github.GithubException):
        repo.get_pull(number).merge()
    fake.submit_review(number, KASUBBAG, "APPROVED")
    assert repo.get_pull(number).merge().merged is True

    repo.get_branch("main").remove_protection()
    with pytest.raises(github.GithubException):
        repo.get_branch("main").get_protection()

    # Rulesets through the requester (PyGithub has no ruleset API).
    ruleset = {
        "name": "Lindungi main",
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "rules": [
            {"type": "pull_request", "parameters": {
                "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": True,
                "require_code_owner_review": True, "require_last_push_approval": False,
                "required_review_thread_resolution": False}},
        ],
    }
    _, created = admin.requester.requestJsonAndCheck("POST", f"/repos/{fake.full_name}/rulesets", input=ruleset)
    assert created["name"] == "Lindungi main"
    assert created["source"] == fake.full_name
    _, listed = admin.requester.requestJsonAndCheck("GET", f"/repos/{fake.full_name}/rulesets")
    assert [r["id"] for r in listed] == [created["id"]]
    # The active ruleset governs main: merging needs an approval, a push dismisses it.
    ruled = fake.open_pull(PENGELOLA, "draf/empat", title="Draf empat", head_sha="4" * 40)
    with pytest.raises(github.GithubException) as by_ruleset:
        repo.get_pull(ruled).merge()
    assert by_ruleset.value.data["message"] == "At least 1 approving review is required by reviewers with write access."
    fake.submit_review(ruled, KASUBBAG, "APPROVED")
    fake.push_to_pull(ruled, "5" * 40)
    assert fake.pull(ruled).reviews[0].state == "DISMISSED"
    fake.submit_review(ruled, KASUBBAG, "APPROVED")
    assert repo.get_pull(ruled).merge().merged is True
    with pytest.raises(github.GithubException) as bad_rule:
        admin.requester.requestJsonAndCheck("POST", f"/repos/{fake.full_name}/rulesets", input={"name": "x", "enforcement": "nyala"})
    assert bad_rule.value.status == 422
    assert bad_rule.value.data["message"].startswith("Invalid request.\n\nenforcement: 'nyala' is not one of")

    assert repo.get_collaborator_permission(KASUBBAG) == "admin"
    assert repo.get_collaborator_permission(STAF) == "write"
    fake.set_permission(STAF, "triage")
    assert repo.get_collaborator_permission(STAF) == "read"
    with pytest.raises(github.UnknownObjectException):
        repo.get_collaborator_permission("orang-asing")

    # Pages served from Actions.
    with pytest.raises(github.UnknownObjectException):
        admin.requester.requestJsonAndCheck("GET", f"/repos/{fake.full_name}/pages")
    status, page = admin.requester.requestJsonAndCheck("POST", f"/repos/{fake.full_name}/pages", input={"build_type": "workflow"})
    assert page["build_type"] == "workflow"
    assert page["html_url"] == "https://kpu-kapuas.github.io/jdih-medsos/"
    with pytest.raises(github.GithubException) as twice:
        admin.requester.requestJsonAndCheck("POST", f"/repos/{fake.full_name}/pages", input={"build_type": "workflow"})
    assert twice.value.status == 409
    admin.requester.requestJsonAndCheck("PUT", f"/repos/{fake.full_name}/pages", input={"https_enforced": True, "build_type": "workflow"})
    assert repo.has_pages is False or admin.get_repo(fake.full_name).has_pages is True
    admin.requester.requestJsonAndCheck("DELETE", f"/repos/{fake.full_name}/pages")

    # Contents under the active ruleset: a direct write to main is refused as GitHub refuses it.
    with pytest.raises(github.GithubException) as ruled_write:
        repo.create_file("CODEOWNERS", "Tambah CODEOWNERS", "/drafts/ @kasubbag-kapuas\n")
    assert ruled_write.value.status == 409
    assert ruled_write.value.data["message"].startswith("Repository rule violations found")
    fake.repo.rulesets.clear()  # the rest of the contents API on an unprotected main

    # Contents: create, read, update, delete.
    created_file = repo.create_file("CODEOWNERS", "Tambah CODEOWNERS", "/drafts/ @kasubbag-kapuas\n")
    assert created_file["content"].path == "CODEOWNERS"
    read = repo.get_contents("CODEOWNERS")
    assert read.decoded_content == b"/drafts/ @kasubbag-kapuas\n"
    assert read.sha == created_file["content"].sha
    repo.update_file("CODEOWNERS", "Ubah", "/content/ @kasubbag-kapuas\n", read.sha)
    with pytest.raises(github.GithubException) as stale:
        repo.update_file("CODEOWNERS", "Ubah lagi", "x", read.sha)
    assert stale.value.status == 409
    fresh = repo.get_contents("CODEOWNERS")
    assert [item.path for item in repo.get_contents("")] == ["CODEOWNERS"]
    repo.delete_file("CODEOWNERS", "Hapus", fresh.sha)
    with pytest.raises(github.UnknownObjectException):
        repo.get_contents("CODEOWNERS")

    # Team memberships through the REST paths.
    fake.add_team_member("kpu-kapuas", "kasubbag", KASUBBAG, role="maintainer")
    path = "/orgs/kpu-kapuas/teams/kasubbag/memberships"
    _, membership = admin.requester.requestJsonAndCheck("GET", f"{path}/{KASUBBAG}")
    assert (membership["role"], membership["state"]) == ("maintainer", "active")
    with pytest.raises(github.UnknownObjectException):
        admin.requester.requestJsonAndCheck("GET", f"{path}/{STAF}")
    admin.requester.requestJsonAndCheck("PUT", f"{path}/{STAF}", input={"role": "member"})
    assert fake.teams[("kpu-kapuas", "kasubbag")] == {KASUBBAG: "maintainer", STAF: "member"}
    admin.requester.requestJsonAndCheck("DELETE", f"{path}/{STAF}")
    with pytest.raises(github.UnknownObjectException):
        admin.requester.requestJsonAndCheck("GET", f"{path}/{STAF}")
    assert_all_valid(fake)


STATUS_CHECKS = {"required_status_checks": [{"context": "Periksa dan pratinjau draf"}],
                 "strict_required_status_checks_policy": False}


@pytest.mark.parametrize("rule, message", [
    # the classic protection's shape, not the ruleset's: a list of names
    ({"type": "required_status_checks", "parameters": {"required_status_checks": ["Periksa dan pratinjau draf"],
                                                       "strict_required_status_checks_policy": False}},
     "Invalid request.\n\nrules/0: {'type': 'required_status_checks', 'parameters': {'required_status_checks': "
     "['Periksa dan pratinjau draf'], 'strict_required_status_checks_policy': False}} is not valid under any of "
     "the given schemas"),
    ({"type": "required_status_checks", "parameters": {"required_status_checks": [{"context": "x"}]}},
     "Invalid request.\n\nrules/0: {'type': 'required_status_checks', 'parameters': {'required_status_checks': "
     "[{'context': 'x'}]}} is not valid under any of the given schemas"),
    ({"type": "required_status_checks"}, "Validation Failed"),
    ({"type": "required_status_checks", "parameters": {**STATUS_CHECKS, "required_status_checks": []}},
     "Validation Failed"),
    ({"type": "required_status_checks", "parameters": {**STATUS_CHECKS, "contexts": ["x"]}},
     "Invalid request.\n\nInvalid property /rules/0: data matches no possible input."),
    ({"type": "required_status_checks", "parameters": {**STATUS_CHECKS, "required_status_checks": [
        {"context": "x", "app_id": 15368}]}},
     "Invalid request.\n\nInvalid property /rules/0: data matches no possible input."),
])
def test_a_required_status_checks_rule_only_in_its_documented_shape(fake_github: FakeGitHub, rule, message) -> None:
    admin = fake_github.client(KASUBBAG)
    path = f"/repos/{fake_github.full_name}/rulesets"
    base = {"name": "Periksa", "target": "branch", "enforcement": "active",
            "conditions": {"ref_name": {"include": ["refs/heads/main"], "exclude": []}}}
    with pytest.raises(github.GithubException) as refused:
        admin.requester.requestJsonAndCheck("POST", path, input=base | {"rules": [rule]})
    assert refused.value.status == 422
    assert refused.value.data["message"] == message
    if message == "Validation Failed":
        assert refused.value.data["errors"][0]["message"].startswith("Invalid rule 'required_status_checks': ")
    assert fake_github.repo.rulesets == []
    documented = {"type": "required_status_checks",
                  "parameters": {**STATUS_CHECKS, "do_not_enforce_on_create": True,
                                 "required_status_checks": [{"context": "x", "integration_id": 15368}]}}
    _, created = admin.requester.requestJsonAndCheck("POST", path, input=base | {"rules": [documented]})
    assert created["rules"] == [documented]
    assert_all_valid(fake_github)


def test_every_schema_operation_is_served_and_valid(fake_github: FakeGitHub) -> None:
    """Walk every path of the shared subset through HTTP; each answer validates."""
    fake = fake_github
    fake.clock = T0
    fake.add_team("kpu-kapuas", "staf")
    fake.open_issue(KASUBBAG, "Disposisi", labels=["disposisi"])
    fake.open_pull(PENGELOLA, "draf/semua", title="Draf", head_sha="f" * 40, files=["drafts/semua.md"])
    fake.submit_review(2, STAF, "COMMENTED", "Catatan")
    fake.add_comment(1, STAF, "Siap")
    fake.set_branch_sha("draf/api", "9" * 40)
    comment_id = next(iter(fake.repo.comments))
    token = {"Authorization": "token kasubbag-kapuas-token"}
    base = f"{fake.base_url}/repos/{fake.full_name}"
    calls = [
        ("GET", f"{fake.base_url}/user", None),
        ("PATCH", f"{fake.base_url}/user", {"name": "Kasubbag Hukum"}),
        ("GET", base, None),
        ("PATCH", base, {"description": "JDIH"}),
        ("GET", f"{base}/pulls?state=all", None),
        ("GET", f"{base}/pulls/2", None),
        ("PATCH", f"{base}/pulls/2", {"body": "Disposisi #1"}),
        ("GET", f"{base}/pulls/2/reviews", None),
        ("POST", f"{base}/pulls/2/reviews", {"event": "APPROVE", "body": "Setuju"}),
        ("GET", f"{base}/pulls/2/requested_reviewers", None),
        ("POST", f"{base}/pulls/2/requested_reviewers", {"reviewers": [STAF], "team_reviewers": ["staf"]}),
        ("DELETE", f"{base}/pulls/2/requested_reviewers", {"reviewers": [STAF], "team_reviewers": ["staf"]}),
        ("GET", f"{base}/pulls/2/files", None),
        ("GET", f"{base}/pulls/2/commits", None),
        ("GET", f"{base}/pulls/2/merge", None),
        ("PUT", f"{base}/pulls/2/merge", {"merge_method": "squash"}),
        ("GET", f"{base}/pulls/2/merge", None),
        ("GET", f"{base}/commits/{'f' * 40}", None),
        ("POST", f"{base}/pulls", {"head": "kpu-kapuas:draf/api", "base": "main", "title": "Draf lewat API", "draft": True}),
        ("GET", f"{base}/commits/{'f' * 40}/pulls", None),
        ("GET", f"{base}/issues?state=all", None),
        ("POST", f"{base}/issues", {"title": "Disposisi baru", "labels": ["disposisi"], "assignees": [STAF]}),
        ("GET", f"{base}/issues/1", None),
        ("PATCH", f"{base}/issues/1", {"state": "closed", "state_reason": "not_planned"}),
        ("GET", f"{base}/issues/1/comments", None),
        ("POST", f"{base}/issues/1/comments", {"body": "Terima kasih"}),
        ("GET", f"{base}/issues/comments/{comment_id}", None),
        ("PATCH", f"{base}/issues/comments/{comment_id}", {"body": "Siap, Bu"}),
        ("DELETE", f"{base}/issues/comments/{comment_id}", None),
        ("GET", f"{base}/issues/1/labels", None),
        ("POST", f"{base}/issues/1/labels", {"labels": ["tahap-1"]}),
        ("PUT", f"{base}/issues/1/labels", {"labels": ["tahap-2"]}),
        ("DELETE", f"{base}/issues/1/labels/tahap-2", None),
        ("DELETE", f"{base}/issues/1/labels", None),
        ("GET", f"{base}/issues/2/timeline", None),
        ("GET", f"{base}/issues/2/events", None),
        ("GET", f"{base}/labels", None),
        ("POST", f"{base}/labels", {"name": "tahap-3-konsep", "color": "fbca04", "description": "Tahap 3"}),
        ("GET", f"{base}/labels/tahap-3-konsep", None),
        ("PATCH", f"{base}/labels/tahap-3-konsep", {"new_name": "tahap-3", "color": "fbca04"}),
        ("DELETE", f"{base}/labels/tahap-3", None),
        ("GET", f"{base}/branches/main", None),
        ("PUT", f"{base}/branches/main/protection", {"required_status_checks": {"strict": True, "contexts": ["periksa"]}, "enforce_admins": True,
                                                      "required_pull_request_reviews": {"required_approving_review_count": 1, "dismissal_restrictions": {"users": [KASUBBAG], "teams": ["staf"]}},
                                                      "restrictions": {"users": [KASUBBAG], "teams": []}}),
        ("GET", f"{base}/branches/main/protection", None),
        ("GET", f"{base}/branches/main", None),
        ("DELETE", f"{base}/branches/main/protection", None),
        ("POST", f"{base}/rulesets", {"name": "main", "enforcement": "evaluate"}),
        ("GET", f"{base}/rulesets", None),
        ("GET", f"{base}/collaborators/{STAF}/permission", None),
        ("POST", f"{base}/pages", {"source": {"branch": "main", "path": "/"}}),
        ("GET", f"{base}/pages", None),
        ("PUT", f"{base}/pages", {"cname": "jdih.kpu-kapuas.example"}),
        ("GET", f"{base}/pages", None),
        ("DELETE", f"{base}/pages", None),
        ("PUT", f"{base}/contents/notes/a.md", {"message": "Tambah", "content": "aGFsbw=="}),
        ("GET", f"{base}/contents/notes/a.md", None),
        ("GET", f"{base}/contents/notes", None),
        ("GET", f"{fake.base_url}/orgs/kpu-kapuas/teams/staf/memberships/{STAF}", None),
        ("PUT", f"{fake.base_url}/orgs/kpu-kapuas/teams/staf/memberships/{STAF}", {"role": "maintainer"}),
        ("GET", f"{fake.base_url}/orgs/kpu-kapuas/teams/staf/memberships/{STAF}", None),
        ("DELETE", f"{fake.base_url}/orgs/kpu-kapuas/teams/staf/memberships/{STAF}", None),
    ]
    with requests.Session() as session:
        for method, url, body in calls:
            response = session.request(method, url, json=body, headers=token, timeout=5)
            assert response.status_code < 400 or (method, response.status_code) == ("GET", 404), (method, url, response.text)
        sha = session.get(f"{base}/contents/notes/a.md", headers=token, timeout=5).json()["sha"]
        assert session.delete(f"{base}/contents/notes/a.md", json={"message": "Hapus", "sha": sha}, headers=token, timeout=5).status_code == 200
        assert session.delete(base, headers=token, timeout=5).status_code == 204
        assert session.get(base, headers=token, timeout=5).status_code == 404

    served = {(entry.method, entry.template) for entry in fake.log if entry.status < 400}
    missing = set(load_schema().templates()) - served - SETUP_TEMPLATES
    assert missing == set()
    assert_all_valid(fake)


SETUP_TEMPLATES = {(method.upper(), template)
                   for template, item in json.loads(SETUP_SPEC_PATH.read_text(encoding="utf-8"))["paths"].items()
                   for method in item if method in ("get", "post", "put", "patch", "delete")}


def test_every_setup_operation_is_served_and_valid(fake_github: FakeGitHub) -> None:
    """The set-up paths (rest-api-setup.json) through HTTP, as `jdih siapkan` uses them."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from nacl.public import PublicKey, SealedBox

    fake = fake_github
    token = {"Authorization": "token kasubbag-kapuas-token"}
    base = f"{fake.base_url}/repos/{fake.full_name}"
    public = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    fake.repo.rulesets.append({"id": 77, "name": "r", "target": "branch", "enforcement": "active",
                               "bypass_actors": [], "conditions": None, "rules": [],
                               "current_user_can_bypass": "never", "created_at": "2026-11-02T01:00:00Z",
                               "updated_at": "2026-11-02T01:00:00Z"})
    fake.set_branch_sha("main", "a" * 40)
    env = f"{base}/environments/jdih-terbitkan"
    with requests.Session() as s:
        def call(method, url, body=None, expect=(200, 201, 204)):
            response = s.request(method, url, json=body, headers=token, timeout=5)
            assert response.status_code in expect, (method, url, response.text)
            return response
        key = call("POST", f"{base}/keys", {"title": "jdih-terbitkan", "key": f"{public} komentar", "read_only": False}).json()
        assert key["key"] == public  # GitHub keeps the key without its comment
        call("POST", f"{base}/keys", {"title": "lagi", "key": public}, expect=(422,))  # already in use
        call("POST", f"{base}/keys", {"title": "rusak", "key": "ssh-ed25519 bukan-base64"}, expect=(422,))
        call("GET", f"{base}/keys")
        call("GET", f"{base}/keys/{key['id']}")
        call("PUT", env, {"deployment_branch_policy": {"protected_branches": True, "custom_branch_policies": True}},
             expect=(422,))  # exactly one of the two
        call("PUT", env, {"deployment_branch_policy": {"protected_branches": False, "custom_branch_policies": True}})
        call("GET", env)
        call("POST", f"{env}/deployment-branch-policies", {"name": "main", "type": "branch"})
        call("POST", f"{env}/deployment-branch-policies", {"name": "main", "type": "branch"}, expect=(303,))
        call("GET", f"{env}/deployment-branch-policies")
        sealed = call("GET", f"{env}/secrets/public-key").json()
        box = SealedBox(PublicKey(base64.b64decode(sealed["key"])))
        value = base64.b64encode(box.encrypt(b"rahasia")).decode()
        call("PUT", f"{env}/secrets/JDIH_DEPLOY_KEY", {"encrypted_value": value, "key_id": "lain"}, expect=(422,))
        call("PUT", f"{env}/secrets/JDIH_DEPLOY_KEY", {"encrypted_value": value, "key_id": sealed["key_id"]})
        assert call("PUT", f"{env}/secrets/JDIH_DEPLOY_KEY", {"encrypted_value": value, "key_id": sealed["key_id"]}).status_code == 204
        assert fake.repo.environments["jdih-terbitkan"]["secrets"]["JDIH_DEPLOY_KEY"]["value"] == "rahasia"
        call("GET", f"{env}/secrets/JDIH_DEPLOY_KEY")
        call("DELETE", f"{env}/secrets/JDIH_DEPLOY_KEY")
        call("GET", f"{base}/rulesets/77")
        call("PUT", f"{base}/rulesets/77", {"bypass_actors": [{"actor_id": None, "actor_type": "DeployKey", "bypass_mode": "always"}]})
        call("DELETE", f"{base}/rulesets/77")
        call("POST", f"{base}/git/refs", {"ref": "refs/heads/jdih-siapkan/codeowners", "sha": "a" * 40})
        call("POST", f"{base}/git/refs", {"ref": "refs/heads/jdih-siapkan/codeowners", "sha": "a" * 40}, expect=(422,))
        call("DELETE", env)
        call("DELETE", f"{base}/keys/{key['id']}")
        # the workflow token administers nothing
        bot = {"Authorization": "token test-token"}
        assert s.get(f"{base}/keys", headers=bot, timeout=5).status_code == 403
    served = {(entry.method, entry.template) for entry in fake.log if entry.status < 400}
    assert SETUP_TEMPLATES - served == set()
    assert_all_valid(fake)


# ---------------------------------------------------------------- webhook payloads


def _keys(value: object) -> object:
    return sorted(value) if isinstance(value, dict) else None


def test_event_payloads_have_the_examples_keys_and_the_fakes_state(fake_github: FakeGitHub, tmp_path: Path) -> None:
    fake = fake_github
    fake.clock = T0
    examples = WEBHOOK_EXAMPLES
    issue = fake.open_issue(KASUBBAG, "Disposisi", "Mohon dibuat", labels=["disposisi"])
    number = fake.open_pull(PENGELOLA, "draf/tiga", title="Draf tiga", body=f"Disposisi #{issue}", draft=True, head_sha="1" * 40)

    opened = fake.event_payload("pull_request", "opened", number)
    example = json.loads((examples / "pull_request.opened.0.json").read_text())
    assert sorted(opened) == sorted(example)
    assert _keys(opened["pull_request"]) == _keys(example["pull_request"])
    assert _keys(opened["repository"]) == _keys(example["repository"])
    assert opened["action"] == "opened"
    assert opened["number"] == number
    assert opened["pull_request"]["draft"] is True
    assert opened["pull_request"]["head"]["sha"] == "1" * 40
    assert opened["pull_request"]["body"] == "Disposisi #1"
    assert opened["repository"]["full_name"] == "kpu-kapuas/jdih-medsos"
    assert opened["sender"]["login"] == PENGELOLA

    fake.advance(minutes=5)
    fake.mark_ready(number)
    ready = fake.event_payload("pull_request", "ready_for_review", number)
    assert ready["pull_request"]["draft"] is False
    assert sorted(ready) == sorted(json.loads((examples / "pull_request.ready_for_review.15.json").read_text()))

    fake.request_review(number, [STAF], by="github-actions[bot]")
    requested = fake.event_payload("pull_request", "review_requested", number)
    assert requested["requested_reviewer"]["login"] == STAF
    assert requested["sender"]["login"] == "github-actions[bot]"

    fake.advance(minutes=30)
    review_id = fake.submit_review(number, KASUBBAG, "CHANGES_REQUESTED", "Perbaiki judul")
    submitted = fake.event_payload("pull_request_review", "submitted", number)
    example = json.loads((examples / "pull_request_review.submitted.0.json").read_text())
    assert sorted(submitted) == sorted(example)
    assert _keys(submitted["review"]) == _keys(example["review"])
    assert (submitted["review"]["id"], submitted["review"]["state"], submitted["review"]["user"]["login"]) == (review_id, "CHANGES_REQUESTED", KASUBBAG)
    assert submitted["review"]["commit_id"] == "1" * 40
    assert submitted["review"]["submitted_at"] == "2026-11-02T01:35:00Z"
    assert submitted["sender"]["login"] == KASUBBAG

    fake.push_to_pull(number, "2" * 40)
    pushed = fake.event_payload("pull_request", "synchronize", number)
    assert (pushed["before"], pushed["after"]) == ("1" * 40, "2" * 40)

    fake.add_labels(number, "tahap-4-sunting", by="github-actions[bot]")
    labeled = fake.event_payload("pull_request", "labeled", number)
    assert labeled["label"]["name"] == "tahap-4-sunting"
    assert [label["name"] for label in labeled["pull_request"]["labels"]] == ["tahap-4-sunting"]

    fake.merge_pull(number, KASUBBAG, "3" * 40)
    closed = fake.event_payload("pull_request", "closed", number)
    closed_example = json.loads((examples / "pull_request.closed.3.json").read_text())
    assert "installation" in closed_example
    assert sorted(closed) == sorted(set(closed_example) - {"installation"})  # no GitHub App in Actions payloads
    assert (closed["pull_request"]["merged"], closed["pull_request"]["merge_commit_sha"]) == (True, "3" * 40)
    assert closed["pull_request"]["merged_by"]["login"] == KASUBBAG
    assert closed["sender"]["login"] == KASUBBAG

    issue_opened = fake.event_payload("issues", "opened", issue)
    assert sorted(issue_opened) == sorted(json.loads((examples / "issues.opened.15.json").read_text()))
    assert (issue_opened["issue"]["title"], issue_opened["issue"]["user"]["login"]) == ("Disposisi", KASUBBAG)

    fake.add_comment(number, STAF, "Sudah saya sunting")
    commented = fake.event_payload("issue_comment", "created", number)
    assert commented["comment"]["body"] == "Sudah saya sunting"
    assert commented["issue"]["pull_request"]["url"].endswith(f"/pulls/{number}")
    assert commented["sender"]["login"] == STAF

    # Nothing of the examples' own repositories or people is left in a payload.
    for payload in (opened, ready, requested, submitted, pushed, labeled, closed, issue_opened, commented):
        text = json.dumps(payload)
        for leftover in ("Codertocat", "octocat", "Hello-World", "api.github.com"):
            assert leftover not in text, leftover

    written = fake.write_event(tmp_path / "event.json", "pull_request", "closed", number)
    assert json.loads(written.read_text()) == fake.event_payload("pull_request", "closed", number)
    with pytest.raises(ValueError):
        fake.event_payload("pull_request", "opened", issue)


def test_fake_reports_its_own_schema_errors(fake_github: FakeGitHub, github_client: github.Github) -> None:
    assert github_client.get_repo(fake_github.full_name).get_labels().totalCount >= 0
    fake_github.open_issue(STAF, "Isu")
    github_client.get_repo(fake_github.full_name).get_issue(1)
    assert fake_github.schema_errors() == []
    fake_github.log[-1].body["user"] = {"login": STAF}
    assert fake_github.schema_errors() != []
    assert fake_github.schema_errors()[0].startswith("GET /repos/{owner}/{repo}/issues/{issue_number} 200: user: ")
