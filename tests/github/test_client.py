"""The GitHub layer against the fake GitHub (PyGithub by base_url), and its pure helpers."""

from __future__ import annotations

import github
import pytest
from click.testing import CliRunner

from jdih.cli.main import main
from jdih.github import client as client_module
from jdih.github.client import (
    RETRIES,
    TIMEOUT_SECONDS,
    GitHubConfigError,
    GitHubError,
    GitHubRepo,
    connect,
    split_principals,
    web_url_from_api,
)
from tests.conftest import ROOT

BOT = "github-actions[bot]"
SETTINGS = ROOT / "site_config" / "jdih.yml"


@pytest.mark.parametrize(("api", "web"), [
    ("https://api.github.com", "https://github.com"),
    ("https://api.github.com/", "https://github.com"),
    ("https://ghe.kpu.go.id/api/v3", "https://ghe.kpu.go.id"),
    ("https://ghe.kpu.go.id/api/v3/", "https://ghe.kpu.go.id"),
    ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
])
def test_web_url_from_api(api, web):
    assert web_url_from_api(api) == web


def test_split_principals():
    assert split_principals(["a", "org/tim", "b"]) == (["a", "b"], ["org/tim"])


def test_missing_token_and_repository(monkeypatch):
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(GitHubError, match=r"^token GitHub tidak ada — isi variabel lingkungan GITHUB_TOKEN"):
        GitHubRepo(repository="a/b")
    with pytest.raises(GitHubError, match=r"^repositori GitHub tidak diketahui — isi GITHUB_REPOSITORY"):
        GitHubRepo(token="x")


def test_reads_the_actions_variables(monkeypatch, fake_github):
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token_of(BOT))
    monkeypatch.setenv("GITHUB_REPOSITORY", fake_github.full_name)
    monkeypatch.setenv("GITHUB_API_URL", fake_github.base_url)
    monkeypatch.setenv("JDIH_GITHUB_WRITE_PAUSE", "0")
    gh = GitHubRepo()
    assert (gh.full_name, gh.api_url, gh.web_url) == (fake_github.full_name, fake_github.base_url, fake_github.base_url)
    assert gh.repo_web_url == f"{fake_github.base_url}/kpu-kapuas/jdih-medsos"
    number = fake_github.open_issue("kasubbag-kapuas", "Disposisi: A")
    assert gh.issue(number).title == "Disposisi: A"
    assert fake_github.log[-1].login == BOT


def test_connect_is_the_one_client_with_one_timeout_and_retry_policy(monkeypatch, fake_github):
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token_of(BOT))
    monkeypatch.setenv("GITHUB_REPOSITORY", fake_github.full_name)
    monkeypatch.setenv("GITHUB_API_URL", fake_github.base_url)
    gh = connect()
    # the raw PyGithub repository (for the ledger, the report history) comes from the same client
    policy = gh.pygithub_repo.requester.kwargs
    assert (policy["timeout"], policy["retry"], policy["base_url"]) == (30, 2, fake_github.base_url)
    assert (TIMEOUT_SECONDS, RETRIES) == (30, 2)
    assert gh.pygithub_repo.full_name == fake_github.full_name
    monkeypatch.delenv("GITHUB_TOKEN")
    with pytest.raises(GitHubConfigError, match=r"^token GitHub tidak ada"):
        connect()


def test_every_command_gets_the_one_client(monkeypatch, fake_github, tmp_path):
    """Each command that talks to GitHub builds exactly one PyGithub client, through `connect`,
    with the one timeout and retry policy (a client built anywhere else would be recorded too)."""
    built: list[github.Github] = []

    class Recording(github.Github):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self)

    monkeypatch.setattr(github, "Github", Recording)
    monkeypatch.setattr(client_module, "Github", Recording)
    empty = tmp_path / "kosong.json"
    empty.write_text("[]", encoding="utf-8")
    env = {"GITHUB_TOKEN": fake_github.token_of(BOT), "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url, "JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_SETTINGS": None,
           "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "GITHUB_OUTPUT": None,
           "WHATSAPP_URL": "http://127.0.0.1:1/"}
    commands = [["disposisi", "Konten uji"], ["catat", "--berkas", str(empty)], ["laporan"],
                ["agenda", "--github", "--konten", str(tmp_path)],
                ["kabari", "--berkas", str(empty), "--github", "--dry-run"]]
    for args in commands:
        before = len(built)
        result = CliRunner().invoke(main, [*args, "--pengaturan", str(SETTINGS)], env=env)
        assert result.exit_code == 0, (args, result.output)
        assert len(built) == before + 1, args
    policies = [(client.requester.kwargs["timeout"], client.requester.kwargs["retry"]) for client in built]
    assert policies == [(TIMEOUT_SECONDS, RETRIES)] * len(commands)


@pytest.fixture
def gh(fake_github):
    return GitHubRepo(fake_github.token_of(BOT), fake_github.full_name, fake_github.base_url, write_pause=0)


def test_issues_labels_and_comments(gh, fake_github):
    issue = gh.create_issue("Disposisi: B", "isi", ["disposisi"])
    assert (issue.number, issue.author, issue.labels, issue.state) == (1, BOT, ("disposisi",), "open")
    gh.add_labels(issue.number, ["tahap-1-disposisi"])
    gh.remove_label(issue.number, "disposisi")
    gh.remove_label(issue.number, "tidak-ada")  # already gone: no error
    assert gh.labels_of(issue.number) == ["tahap-1-disposisi"]
    assert [(e.label, e.action) for e in gh.label_events(issue.number)] == [
        ("disposisi", "labeled"), ("tahap-1-disposisi", "labeled"), ("disposisi", "unlabeled")]
    assert gh.upsert_comment(issue.number, "<!-- m -->", "<!-- m --> satu") == "dibuat"
    assert gh.upsert_comment(issue.number, "<!-- m -->", "<!-- m --> satu") == "sama"
    assert gh.upsert_comment(issue.number, "<!-- m -->", "<!-- m --> dua") == "diperbarui"
    gh.comment(issue.number, "lain")
    assert [c.body for c in gh.comments(issue.number)] == ["<!-- m --> dua", "lain"]
    gh.close_issue(issue.number)
    assert gh.issue(issue.number).state == "closed"


def test_pull_requests_reviews_and_requests(gh, fake_github):
    fake_github.add_team_member("kpu-kapuas", "staf", "staf-hukum-kapuas")
    number = fake_github.open_pull("pengelola-jdih-kapuas", "konsep/a", title="Konsep: A", body="Menindaklanjuti #1",
                                   files=["drafts/a.md"])
    pull = gh.pull(number)
    assert (pull.author, pull.head_ref, pull.base_ref, pull.draft, pull.merged) == (
        "pengelola-jdih-kapuas", "konsep/a", "main", False, False)
    assert gh.pull_files(number) == ["drafts/a.md"]
    # The workflow token cannot ask a team (422); the user is asked all the same, the team is returned.
    assert gh.request_reviewers(number, ["staf-hukum-kapuas", "kpu-kapuas/staf"]) == ["kpu-kapuas/staf"]
    pull = gh.pull(number)
    assert (pull.requested_users, pull.requested_teams) == (("staf-hukum-kapuas",), ())
    fake_github.add_user("baru-diundang")
    fake_github.invite("baru-diundang")  # not a collaborator until the invitation is accepted: 422
    assert gh.request_reviewers(number, ["baru-diundang"]) == ["baru-diundang"]
    fake_github.accept_invitation("baru-diundang")
    assert gh.request_reviewers(number, ["baru-diundang"]) == []
    assert "baru-diundang" in gh.pull(number).requested_users
    fake_github.submit_review(number, "staf-hukum-kapuas", "APPROVED")
    [review] = gh.reviews(number)
    assert (review.user, review.state, review.commit_id) == ("staf-hukum-kapuas", "APPROVED", pull.head_sha)
    sha = fake_github.merge_pull(number, "kasubbag-kapuas")
    merged = gh.pulls_for_commit(sha)
    assert [(p.number, p.merged, p.merge_commit_sha) for p in merged] == [(number, True, sha)]
    assert gh.pulls_for_commit("0" * 40) == []
    assert [p.number for p in gh.open_pulls()] == []
    assert gh.in_role("staf-hukum-kapuas", ["kpu-kapuas/staf"])
    assert not gh.in_role("pengelola-jdih-kapuas", ["kpu-kapuas/staf"])
    assert gh.in_role("Kasubbag-Kapuas", ["kasubbag-kapuas"])


def test_create_pull_error_is_indonesian(gh):
    with pytest.raises(GitHubError) as caught:
        gh.create_pull("Konsep: X", "", "konsep/tidak-ada")
    assert str(caught.value) == ("pull request tidak dapat dibuat (422 Validation Failed) — pastikan cabang "
                                 "'konsep/tidak-ada' sudah didorong dan belum punya pull request terbuka")
