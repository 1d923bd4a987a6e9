"""The fake's code-owner rule: a pull request touching what the Kasubbag owns needs the Kasubbag."""

from __future__ import annotations

import pytest
from github import GithubException

from jdih.content.settings import load_settings
from jdih.office import repo_setup
from jdih.testing.fakegithub import codeowners
from tests.conftest import ROOT

KASUBBAG, STAF, PENGELOLA = "kasubbag-kapuas", "staf-hukum-kapuas", "pengelola-jdih-kapuas"


def test_the_last_matching_line_wins_and_patterns_read_like_gitignore():
    rules = codeowners.parse("* @semua\n/docs/ @penulis\n*.yml @ops\n/mkdocs.yml @kasubbag # inline\napps/ @app\n"
                             "/site/* @web\n")
    assert codeowners.owners_of(rules, "README.md") == ["semua"]
    assert codeowners.owners_of(rules, "docs/a/b.md") == ["penulis"]
    assert codeowners.owners_of(rules, "x/docs/a.md") == ["semua"]  # anchored
    assert codeowners.owners_of(rules, ".github/workflows/terbitkan.yml") == ["ops"]
    assert codeowners.owners_of(rules, "mkdocs.yml") == ["kasubbag"]
    assert codeowners.owners_of(rules, "src/apps/x.py") == ["app"]  # unanchored directory: anywhere
    assert codeowners.owners_of(rules, "site/index.html") == ["web"]
    assert codeowners.owners_of(rules, "site/a/index.html") == ["semua"]  # * does not cross /
    assert codeowners.owners_of(codeowners.parse("/drafts/ @k\n"), "content/a.md") == []


@pytest.fixture
def protected(fake_github):
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    fake_github.repo.contents[("main", ".github/CODEOWNERS")] = repo_setup.codeowners_text(settings).encode()
    assert fake_github.client(KASUBBAG).get_repo(fake_github.full_name) is not None
    fake_github.repo.rulesets.append({"id": 1, "name": repo_setup.RULESET_NAME, "target": "branch",
                                      "enforcement": "active", "bypass_actors": [],
                                      **{k: v for k, v in repo_setup.ruleset_payload("main").items()
                                         if k in ("conditions", "rules")}})
    return fake_github


@pytest.mark.parametrize("path", [".github/workflows/terbitkan.yml", "scripts/jdih/sop/approval.py",
                                  "site_config/jdih.yml", "mkdocs.yml", "pyproject.toml", "drafts/a.md"])
def test_a_change_to_what_the_kasubbag_owns_cannot_merge_with_a_staff_approval(protected, path):
    number = protected.open_pull(PENGELOLA, "ubah/alur", title="Ubah", files=[path])
    protected.submit_review(number, STAF, "APPROVED")
    pull = protected.client(STAF).get_repo(protected.full_name).get_pull(number)
    with pytest.raises(GithubException) as refused:
        pull.merge()
    assert refused.value.status == 405
    assert refused.value.data["message"] == "Waiting on code owner review from @kasubbag-kapuas."
    protected.submit_review(number, KASUBBAG, "APPROVED")
    assert pull.merge().merged
    assert protected.schema_errors() == []


def test_a_file_nobody_owns_merges_with_any_approval(protected):
    number = protected.open_pull(PENGELOLA, "ubah/readme", title="README", files=["README.md"])
    protected.submit_review(number, STAF, "APPROVED")
    assert protected.client(STAF).get_repo(protected.full_name).get_pull(number).merge().merged
