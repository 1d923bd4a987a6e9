"""The GitHub reference data in tests/fixtures/github is an unmodified copy of shared/github."""

from __future__ import annotations


import pytest

from tests.conftest import GITHUB_FIXTURES, ROOT

SHARED = ROOT.parent / "shared" / "github"


def test_the_copy_has_the_schema_and_the_examples():
    assert (GITHUB_FIXTURES / "rest-api-subset.json").stat().st_size > 100_000
    assert len(list((GITHUB_FIXTURES / "webhook-examples").glob("*.json"))) >= 60
    assert (GITHUB_FIXTURES / "LICENSE-octokit-openapi").exists()


@pytest.mark.skipif(not SHARED.exists(), reason="no shared/github beside the repository to compare with")
def test_the_copy_matches_shared():
    ours = {p.relative_to(GITHUB_FIXTURES): p.read_bytes() for p in GITHUB_FIXTURES.rglob("*") if p.is_file()}
    theirs = {p.relative_to(SHARED): p.read_bytes() for p in SHARED.rglob("*") if p.is_file()}
    assert ours == theirs
