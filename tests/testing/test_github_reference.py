"""GitHub's reference data in jdih.testing/github is kept unmodified: every file matches SHA256SUMS.

The files are GitHub's own OpenAPI description (a subset) and real webhook payloads (octokit, MIT).
The stand-in for GitHub validates its responses against them, so an edited copy would make
the stand-in agree with itself instead of with GitHub.
"""

from __future__ import annotations

import hashlib

from tests.conftest import GITHUB_FIXTURES


def test_the_copy_has_the_schema_and_the_examples():
    assert (GITHUB_FIXTURES / "rest-api-subset.json").stat().st_size > 100_000
    assert len(list((GITHUB_FIXTURES / "webhook-examples").glob("*.json"))) >= 60
    assert (GITHUB_FIXTURES / "LICENSE-octokit-openapi").exists()


def test_every_file_matches_its_recorded_checksum():
    recorded = {}
    for line in (GITHUB_FIXTURES / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name.removeprefix("./")] = digest
    present = {p.relative_to(GITHUB_FIXTURES).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in GITHUB_FIXTURES.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    assert present == recorded


def test_the_setup_paths_come_from_the_same_release_as_the_subset():
    import json

    subset = json.loads((GITHUB_FIXTURES / "rest-api-subset.json").read_text(encoding="utf-8"))
    setup = json.loads((GITHUB_FIXTURES / "rest-api-setup.json").read_text(encoding="utf-8"))
    assert setup["info"] == subset["info"]
    assert not set(setup["paths"]) & set(subset["paths"])
    shared = [(kind, name) for kind, items in setup["components"].items() for name in items
              if name in subset["components"].get(kind, {})]
    assert len(shared) > 20
    assert all(setup["components"][kind][name] == subset["components"][kind][name] for kind, name in shared)
