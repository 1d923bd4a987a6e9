"""`jdih.sop.draft`: the library behind `jdih mulai` and `jdih ajukan`, without Click."""

from __future__ import annotations

import pytest

from jdih.content.settings import load_settings
from jdih.github.git import GitRepo
from jdih.sop.draft import DraftError, prepare_submission, start_draft
from tests.editorial_world import git


def test_start_draft_commits_the_template_on_its_own_branch(world):
    clone = world.clone("operator")
    repo = GitRepo(clone)
    settings = load_settings(clone / "site_config" / "jdih.yml")
    started = start_draft(repo, settings, "Mengenal UU Pemilu", disposisi=12)
    assert (started.branch, started.path) == ("konsep/mengenal-uu-pemilu", "drafts/mengenal-uu-pemilu/index.md")
    assert git(clone, "log", "-1", "--format=%s") == "Konsep: Mengenal UU Pemilu (disposisi #12)"
    assert "disposisi: 12" in (clone / started.path).read_text(encoding="utf-8")
    submission = prepare_submission(repo)
    assert (submission.branch, submission.drafts, submission.disposisi) == (
        "konsep/mengenal-uu-pemilu", ["drafts/mengenal-uu-pemilu/index.md"], 12)


def test_refusals_say_how_to_fix(world):
    clone = world.clone("operator")
    repo = GitRepo(clone)
    settings = load_settings(clone / "site_config" / "jdih.yml")
    with pytest.raises(DraftError, match=r"^slug 'UU_7' tidak sah — gunakan huruf kecil"):
        start_draft(repo, settings, "UU 7", slug="UU_7")
    with pytest.raises(DraftError, match=r"^Anda sedang di cabang 'main' — pindah ke cabang konsep"):
        prepare_submission(repo)
