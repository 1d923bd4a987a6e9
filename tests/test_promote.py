"""Approval check, provenance stamping and promotion (pure parts here; git + fake GitHub below)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from jdih.github_api import PullInfo, ReviewInfo
from jdih.post import PostMeta, parse_meta, read_source
from jdih.promote import Approval, Refusal, check_approval, destination, find_drafts, stamp_provenance

UTC = dt.timezone.utc
HEAD = "b" * 40
OLD = "a" * 40
KASUBBAG = ["kasubbag-kapuas"]


def pull(author="pengelola-jdih-kapuas", head=HEAD, number=7) -> PullInfo:
    return PullInfo(number=number, title="t", body="Menindaklanjuti #3", author=author, draft=False, state="closed",
                    merged=True, merged_at=dt.datetime(2026, 11, 2, 3, 0, tzinfo=UTC), merge_commit_sha="c" * 40,
                    head_sha=head, head_ref="konsep/x", base_ref="main", html_url="http://h/pull/7",
                    created_at=None)


def review(user, state, commit=HEAD, minute=0, rid=1) -> ReviewInfo:
    return ReviewInfo(rid, user, state, commit, dt.datetime(2026, 11, 2, 2, minute, tzinfo=UTC))


def is_kasubbag(login: str) -> bool:
    return login in ("kasubbag-kapuas", "kasubbag-dua")


def verdict(reviews, **kwargs):
    return check_approval(pull(**kwargs), reviews, is_kasubbag, KASUBBAG)


FIX = ("ajukan pull request baru yang mengubah draf ini (perbaikan kecil pun cukup) dan minta @kasubbag-kapuas "
       "menyetujuinya pada versi terakhir; setelah digabung, draf terbit otomatis")


def test_approved_by_kasubbag_on_head():
    result = verdict([review("staf-hukum-kapuas", "APPROVED", minute=1), review("kasubbag-kapuas", "APPROVED", minute=5)])
    assert result == Approval("kasubbag-kapuas", dt.datetime(2026, 11, 2, 2, 5, tzinfo=UTC))


def test_comment_after_approval_does_not_undo_it():
    result = verdict([review("kasubbag-kapuas", "APPROVED", minute=5), review("kasubbag-kapuas", "COMMENTED", minute=6)])
    assert isinstance(result, Approval)


def test_merged_without_approval():
    assert verdict([]) == Refusal("PR #7 digabung tanpa persetujuan Kasubbag (@kasubbag-kapuas)", FIX)


def test_approved_only_by_non_kasubbag():
    assert verdict([review("staf-hukum-kapuas", "APPROVED")]) == Refusal(
        "PR #7 hanya disetujui oleh @staf-hukum-kapuas, yang bukan Kasubbag (@kasubbag-kapuas)", FIX)


def test_approved_by_the_author():
    result = verdict([review("kasubbag-kapuas", "APPROVED")], author="kasubbag-kapuas")
    assert isinstance(result, Refusal)
    assert result.reason == ("PR #7 disetujui oleh penulisnya sendiri (@kasubbag-kapuas); penulis tidak boleh "
                             "menyetujui konten sendiri")


def test_author_kasubbag_approved_by_another_kasubbag():
    result = verdict([review("kasubbag-kapuas", "APPROVED"), review("kasubbag-dua", "APPROVED", minute=3)],
                     author="kasubbag-kapuas")
    assert result == Approval("kasubbag-dua", dt.datetime(2026, 11, 2, 2, 3, tzinfo=UTC))


def test_approval_on_older_commit():
    assert verdict([review("kasubbag-kapuas", "APPROVED", commit=OLD)]) == Refusal(
        "persetujuan Kasubbag @kasubbag-kapuas pada PR #7 diberikan untuk versi aaaaaaa, sedangkan yang digabung "
        "versi bbbbbbb (ada perubahan setelah disetujui)", FIX)


def test_latest_kasubbag_review_requests_changes():
    result = verdict([review("kasubbag-kapuas", "APPROVED", minute=1),
                      review("kasubbag-kapuas", "CHANGES_REQUESTED", minute=2)])
    assert result == Refusal("ulasan terakhir Kasubbag @kasubbag-kapuas pada PR #7 adalah 'meminta perubahan', "
                             "bukan persetujuan", FIX)


def test_rejected_then_approved_on_head():
    result = verdict([review("kasubbag-kapuas", "CHANGES_REQUESTED", commit=OLD, minute=1),
                      review("kasubbag-kapuas", "APPROVED", minute=9)])
    assert isinstance(result, Approval)


DRAFT = """---
# petunjuk: biarkan
title: "Mengenal UU Pemilu"
date: 2026-11-24
description: Ringkasan UU Pemilu.
categories:
  - Peraturan
image:
  src: media/uu.jpg
  alt: Sampul buku UU Pemilu
caption: |
  Kenali UU Pemilu.
disposisi: 3
authors: [pengelola-jdih-kapuas]
---

Isi **konten** tetap sama.
"""

PROVENANCE = {
    "pull_request": 7, "pull_request_url": "http://h/pull/7", "disposisi": 3, "author": "pengelola-jdih-kapuas",
    "editors": ["staf-hukum-kapuas"], "approver": "kasubbag-kapuas",
    "approved_at": dt.datetime(2026, 11, 2, 9, 5, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    "merged_at": dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    "merge_commit": "c" * 40,
}


def test_stamp_keeps_everything_else_byte_identical(tmp_path):
    stamped = stamp_provenance(DRAFT, PROVENANCE)
    head, body = DRAFT.split("---\n\nIsi", 1)
    assert stamped.startswith(head)
    assert stamped.endswith("---\n\nIsi" + body)
    inserted = stamped[len(head):-len("---\n\nIsi" + body)]
    assert inserted == (
        "provenance:\n  pull_request: 7\n  pull_request_url: http://h/pull/7\n  disposisi: 3\n"
        "  author: pengelola-jdih-kapuas\n  editors:\n  - staf-hukum-kapuas\n  approver: kasubbag-kapuas\n"
        "  approved_at: 2026-11-02 09:05:00+07:00\n  merged_at: 2026-11-02 10:00:00+07:00\n"
        f"  merge_commit: {'c' * 40}\n")
    path = tmp_path / "x.md"
    path.write_text(stamped)
    meta = parse_meta(read_source(path))
    assert meta.provenance.approver == "kasubbag-kapuas"
    assert meta.provenance.approved_at.utcoffset() == dt.timedelta(hours=7)
    assert meta.provenance.editors == ["staf-hukum-kapuas"]


def test_stamp_replaces_an_old_provenance_and_is_idempotent():
    once = stamp_provenance(DRAFT, PROVENANCE)
    assert stamp_provenance(once, PROVENANCE) == once
    changed = stamp_provenance(once, PROVENANCE | {"editors": []})
    assert changed.count("provenance:") == 1 and "editors: []" in changed
    moved_first = DRAFT.replace("title:", "provenance:\n  author: lama\ntitle:", 1)
    restamped = stamp_provenance(moved_first, PROVENANCE)
    assert "lama" not in restamped and restamped.count("provenance:") == 1 and 'title: "Mengenal' in restamped


def test_stamp_keeps_crlf():
    crlf = DRAFT.replace("\n", "\r\n")
    stamped = stamp_provenance(crlf, PROVENANCE)
    assert "\n" not in stamped.replace("\r\n", "")
    assert yaml.safe_load(stamped.split("---\r\n")[1])["provenance"]["pull_request"] == 7


def test_destination_and_find_drafts(tmp_path):
    meta = PostMeta.model_validate(yaml.safe_load(DRAFT.split("---\n")[1]))
    assert destination("drafts/uu-pemilu.md", meta) == (
        "drafts/uu-pemilu.md", "content/posts/2026/uu-pemilu.md", "posts/2026/uu-pemilu/")
    assert destination("drafts/uu-pemilu/index.md", meta) == (
        "drafts/uu-pemilu", "content/posts/2026/uu-pemilu", "posts/2026/uu-pemilu/")
    late = meta.model_copy(update={"date": dt.datetime(2026, 12, 31, 20, 0, tzinfo=UTC), "slug": "lain"})
    assert destination("drafts/uu-pemilu.md", late)[2] == "posts/2027/lain/"  # the year in WIB
    (tmp_path / "drafts" / "folder").mkdir(parents=True)
    for name in ("a.md", "README.md", "folder/index.md", "folder/gambar.jpg", ".gitkeep"):
        (tmp_path / "drafts" / name).write_text("x")
    assert find_drafts(tmp_path) == ["drafts/a.md", "drafts/folder/index.md"]
    assert find_drafts(tmp_path / "kosong") == []
