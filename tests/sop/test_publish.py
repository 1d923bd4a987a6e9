"""Approval check, provenance stamping and promotion (pure parts here; git + fake GitHub below)."""

from __future__ import annotations

import datetime as dt
import subprocess

import yaml

from jdih.content.post import PostMeta, parse_meta, read_source
from jdih.github.client import PullInfo, ReviewInfo
from jdih.sop.approval import Approval, Refusal, check_approval
from jdih.sop.publish import destination, find_drafts, stamp_provenance

UTC = dt.UTC
HEAD = "b" * 40
OLD = "a" * 40
KASUBBAG_ROLE = ["kasubbag-kapuas"]


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
    return check_approval(pull(**kwargs), reviews, is_kasubbag, KASUBBAG_ROLE)


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
        "drafts/uu-pemilu.md", "content/posts/2026/uu-pemilu/index.md", "posts/2026/uu-pemilu/")
    assert destination("drafts/uu-pemilu/index.md", meta) == (
        "drafts/uu-pemilu", "content/posts/2026/uu-pemilu", "posts/2026/uu-pemilu/")
    late = meta.model_copy(update={"date": dt.datetime(2026, 12, 31, 20, 0, tzinfo=UTC), "slug": "lain"})
    assert destination("drafts/uu-pemilu.md", late)[2] == "posts/2027/lain/"  # the year in WIB
    (tmp_path / "drafts" / "folder").mkdir(parents=True)
    for name in ("a.md", "README.md", "folder/index.md", "folder/gambar.jpg", ".gitkeep"):
        (tmp_path / "drafts" / name).write_text("x")
    assert find_drafts(tmp_path) == ["drafts/a.md", "drafts/folder/index.md"]
    assert find_drafts(tmp_path / "kosong") == []


def test_find_drafts_takes_the_one_rule(tmp_path):
    """Scratch, hidden and README files are no drafts, at the top or as folders (as for `jdih periksa`)."""
    for name in ("a.md", "_contoh.md", "Readme.md", ".tersembunyi/index.md", "_lama/index.md", "b/index.md",
                 "b/catatan.md", "media/catatan.md", "index.md"):
        (tmp_path / "drafts" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "drafts" / name).write_text("x")
    assert find_drafts(tmp_path) == ["drafts/a.md", "drafts/b/index.md"]


# -- with real git and the fake GitHub -------------------------------------------------------------

from jdih.github.git import GitRepo  # noqa: E402
from jdih.sop.check import check_paths  # noqa: E402
from jdih.sop.publish import Promoter  # noqa: E402
from tests.editorial_world import JPEG, KASUBBAG, PENGELOLA, STAF, draft_text, git  # noqa: E402


def submit(world, slug, title, *, disposisi=None, reviews=((STAF, "APPROVED"), (KASUBBAG, "APPROVED")),
           author=PENGELOLA, merge=True, branch=None):
    """A draft, with its own image beside it (so that `jdih periksa` passes it), through its pull
    request: branch, PR, reviews in order, merge."""
    branch = branch or f"konsep/{slug}"
    world.write_draft("operator", branch, f"drafts/{slug}.md",
                      draft_text(title, disposisi=disposisi, image=f"{slug}.jpg"), f"Konsep: {title}",
                      extra_files={f"drafts/{slug}.jpg": JPEG})
    number = world.open_pull(author, branch, f"Konsep: {title}", f"Menindaklanjuti #{disposisi}" if disposisi else "")
    for login, state in reviews:
        world.fake.advance(minutes=5)
        world.fake.submit_review(number, login, state)
    if merge:
        world.fake.advance(minutes=2)
        world.merge(number)
    return number


def promote(world, clone="ci", **kwargs):
    out: list[str] = []
    report = Promoter(GitRepo(world.ci(clone)), world.gh(), world.settings, echo=out.append, **kwargs).run()
    return report, out


def test_approved_draft_is_promoted_with_provenance_and_second_run_changes_nothing(world):
    disposisi = world.fake.open_issue(KASUBBAG, "Disposisi: UU Pemilu", labels=["disposisi"])
    number = submit(world, "uu-pemilu", "Mengenal UU Pemilu", disposisi=disposisi)
    merge_sha = git(world.origin, "rev-parse", "main")
    report, out = promote(world)
    assert report.refused == [] and report.pushed is True
    assert [(p.post_id, p.path, p.pull_request, p.disposisi, p.approver) for p in report.promoted] == [
        ("posts/2026/uu-pemilu/", "content/posts/2026/uu-pemilu/index.md", number, disposisi, KASUBBAG)]
    assert report.promoted[0].approved_at == "2026-11-02T08:10:00+07:00"
    assert report.promoted[0].merged_at == "2026-11-02T08:12:00+07:00"
    assert out == [f"Terbit: drafts/uu-pemilu.md → content/posts/2026/uu-pemilu/index.md (posts/2026/uu-pemilu/), "
                   f"PR #{number}, disetujui @{KASUBBAG}."]
    files = world.origin_files()
    assert "content/posts/2026/uu-pemilu/index.md" in files and "drafts/uu-pemilu.md" not in files
    assert "content/posts/2026/uu-pemilu/uu-pemilu.jpg" in files and "drafts/uu-pemilu.jpg" not in files
    assert world.origin_subjects()[0] == f"Terbitkan: Mengenal UU Pemilu (#{number})"
    published = git(world.origin, "show", "main:content/posts/2026/uu-pemilu/index.md")
    original = draft_text("Mengenal UU Pemilu", disposisi=disposisi, image="uu-pemilu.jpg")
    head, body = original.split("---\n\nIsi", 1)
    assert published.startswith(head.rstrip("\n"))
    assert published.endswith(("Isi" + body).rstrip("\n"))
    assert (
        "provenance:\n"
        f"  pull_request: {number}\n"
        f"  pull_request_url: {world.fake.base_url}/kpu-kapuas/jdih-medsos/pull/{number}\n"
        f"  disposisi: {disposisi}\n"
        f"  author: {PENGELOLA}\n"
        f"  editors:\n  - {STAF}\n"
        f"  approver: {KASUBBAG}\n"
        "  approved_at: 2026-11-02 08:10:00+07:00\n"
        "  merged_at: 2026-11-02 08:12:00+07:00\n"
        f"  merge_commit: {merge_sha}\n---\n") in published
    before = git(world.origin, "rev-parse", "main")
    again, out = promote(world, clone="ci-2")
    assert again.promoted == [] and again.refused == [] and again.pushed is None
    assert out == ["Tidak ada draf di drafts/: tidak ada yang perlu diterbitkan."]
    assert git(world.origin, "rev-parse", "main") == before


FIX = ("ajukan pull request baru yang mengubah draf ini (perbaikan kecil pun cukup) dan minta @kasubbag-kapuas "
       "menyetujuinya pada versi terakhir; setelah digabung, draf terbit otomatis")


def test_refusals_stay_in_drafts_and_the_approved_one_goes_on(world):
    unapproved = submit(world, "tanpa-setuju", "Tanpa Persetujuan", reviews=())
    staf_only = submit(world, "hanya-staf", "Hanya Staf", reviews=((STAF, "APPROVED"),))
    own = submit(world, "sendiri", "Disetujui Sendiri", author=KASUBBAG, reviews=((KASUBBAG, "APPROVED"),))
    # approved, then changed after the approval, then merged
    old = submit(world, "versi-lama", "Versi Lama", merge=False)
    old_head = world.fake.pull(old).head_sha
    new_head = world.write_draft("operator", "konsep/versi-lama", "drafts/versi-lama.md",
                                 draft_text("Versi Lama", extra="Tambahan."), "Ubah setelah disetujui")
    world.fake.push_to_pull(old, new_head)
    world.merge(old)
    good = submit(world, "baik", "Konten Baik")
    report, out = promote(world)
    assert [p.draft for p in report.promoted] == ["drafts/baik.md"]
    assert [(r.draft, r.reason, r.fix) for r in report.refused] == [
        ("drafts/hanya-staf.md", f"PR #{staf_only} hanya disetujui oleh @{STAF}, yang bukan Kasubbag (@{KASUBBAG})", FIX),
        ("drafts/sendiri.md", f"PR #{own} disetujui oleh penulisnya sendiri (@{KASUBBAG}); penulis tidak boleh "
                              "menyetujui konten sendiri",
         "minta Kasubbag lain menyetujui lewat pull request baru yang mengubah draf ini; bila Kasubbag menulis "
         "sendiri, ajukan atas nama pengelola JDIH"),
        ("drafts/tanpa-setuju.md", f"PR #{unapproved} digabung tanpa persetujuan Kasubbag (@{KASUBBAG})", FIX),
        ("drafts/versi-lama.md", f"persetujuan Kasubbag @{KASUBBAG} pada PR #{old} diberikan untuk versi "
                                 f"{old_head[:7]}, sedangkan yang digabung versi {new_head[:7]} (ada perubahan "
                                 "setelah disetujui)", FIX),
    ]
    assert out[1] == (f"DITOLAK: drafts/hanya-staf.md: PR #{staf_only} hanya disetujui oleh @{STAF}, yang bukan "
                      f"Kasubbag (@{KASUBBAG}) — {FIX}")
    files = world.origin_files()
    for slug in ("tanpa-setuju", "hanya-staf", "sendiri", "versi-lama"):
        assert f"drafts/{slug}.md" in files
    assert "content/posts/2026/baik/index.md" in files
    assert world.origin_subjects()[0] == f"Terbitkan: Konten Baik (#{good})"


def test_a_fix_pull_request_approved_later_publishes_a_refused_draft(world):
    submit(world, "susulan", "Susulan", reviews=())
    report, _ = promote(world)
    assert [r.draft for r in report.refused] == ["drafts/susulan.md"]
    world.write_draft("operator", "perbaikan/susulan", "drafts/susulan.md",
                      draft_text("Susulan", extra="Perbaikan.", image="susulan.jpg"), "Perbaikan kecil")
    fix = world.open_pull(PENGELOLA, "perbaikan/susulan", "Perbaikan: Susulan")
    world.fake.submit_review(fix, KASUBBAG, "APPROVED")
    world.merge(fix)
    report, _ = promote(world, clone="ci-2")
    assert report.refused == [] and [p.pull_request for p in report.promoted] == [fix]


def test_two_drafts_merged_one_after_the_other_are_each_promoted_once(world):
    first = submit(world, "pertama", "Pertama")
    ci_one = world.ci("ci-1")  # the publish run of the first merge checks out main now
    second = submit(world, "kedua", "Kedua")
    ci_two = world.ci("ci-2")  # the second run sees both drafts
    out_one, out_two = [], []
    one = Promoter(GitRepo(ci_one), world.gh(), world.settings, echo=out_one.append).run()
    two = Promoter(GitRepo(ci_two), world.gh(), world.settings, echo=out_two.append).run()
    assert [p.pull_request for p in one.promoted] == [first] and one.pushed
    assert two.pushed and "Cabang main berubah saat penerbitan; mencoba mendorong lagi." in out_two
    # each post is reported (and so announced) by one run only
    assert [p.pull_request for p in two.promoted] == [second]
    assert "drafts/pertama.md sudah diterbitkan oleh jalannya alur kerja lain." in out_two
    subjects = world.origin_subjects()
    assert subjects.count(f"Terbitkan: Pertama (#{first})") == 1
    assert subjects.count(f"Terbitkan: Kedua (#{second})") == 1
    files = world.origin_files()
    assert {"content/posts/2026/pertama/index.md", "content/posts/2026/kedua/index.md"} <= set(files)
    assert not [f for f in files if f.startswith("drafts/") and f.endswith(".md")]
    assert git(ci_two, "rev-parse", "HEAD") == git(world.origin, "rev-parse", "main")


def test_a_refused_push_is_an_error_and_nothing_goes_live(world):
    submit(world, "terlindungi", "Terlindungi")
    hook = world.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'GH006: Protected branch update failed for refs/heads/main.' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = git(world.origin, "rev-parse", "main")
    report, out = promote(world)
    assert report.pushed is False and report.warning is None
    assert git(world.origin, "rev-parse", "main") == before  # the draft is still in drafts/ on main
    assert report.error.startswith("dorongan ke main ditolak GitHub (")
    assert "pre-receive hook declined" in report.error
    assert report.error.endswith(
        "Tidak ada yang dipasang; draf tetap aman di drafts/ dan akan diterbitkan pada jalannya alur kerja "
        "berikutnya. Perbaikan: kunci terbit (secret JDIH_DEPLOY_KEY di environment jdih-terbitkan) tidak tersedia "
        "untuk langkah ini — jalankan 'jdih siapkan' dengan token admin, lalu jalankan ulang alur kerja.")
    assert out[-1] == f"GAGAL: {report.error}"
    assert report.as_json()["error"] == report.error


def test_folder_draft_moves_with_its_media(world):
    slug = "dengan-gambar"
    world.write_draft("operator", f"konsep/{slug}", f"drafts/{slug}/index.md",
                      draft_text("Dengan Gambar", date="2025-12-31").replace("media/gambar.jpg", "gambar.jpg"),
                      "Konsep folder", extra_files={f"drafts/{slug}/gambar.jpg": JPEG})
    number = world.open_pull(PENGELOLA, f"konsep/{slug}", "Konsep: Dengan Gambar")
    world.fake.submit_review(number, KASUBBAG, "APPROVED")
    world.merge(number)
    report, _ = promote(world)
    assert [(p.post_id, p.path) for p in report.promoted] == [
        ("posts/2025/dengan-gambar/", "content/posts/2025/dengan-gambar/index.md")]
    files = world.origin_files()
    assert {"content/posts/2025/dengan-gambar/index.md", "content/posts/2025/dengan-gambar/gambar.jpg"} <= set(files)
    blob = subprocess.run(["git", "show", "main:content/posts/2025/dengan-gambar/gambar.jpg"], cwd=world.origin,
                          capture_output=True, check=True).stdout
    assert blob == JPEG


def test_invalid_draft_and_taken_address_are_refused(world):
    world.write_draft("operator", "konsep/rusak", "drafts/rusak.md", "---\ntitle: Rusak\n---\nIsi\n", "rusak")
    number = world.open_pull(PENGELOLA, "konsep/rusak", "Konsep: Rusak")
    world.fake.submit_review(number, KASUBBAG, "APPROVED")
    world.merge(number)
    submit(world, "sama", "Sama")
    promote(world)
    submit(world, "sama", "Sama Lagi", branch="konsep/sama-lagi")  # the same slug and year again
    report, _ = promote(world, clone="ci-2")
    reasons = {r.draft: r.reason for r in report.refused}
    assert reasons["drafts/rusak.md"] == "draf tidak lolos pemeriksaan 'jdih periksa' (5 masalah)"
    [rusak] = [r for r in report.refused if r.draft == "drafts/rusak.md"]
    assert rusak.problems[0] == ("drafts/rusak.md:2: caption: wajib diisi tetapi tidak ada — tambahkan kunci ini "
                                 "beserta nilainya")
    assert reasons["drafts/sama.md"] == "alamat posts/2026/sama/ sudah dipakai oleh konten yang telah terbit"


def test_an_approved_draft_that_fails_the_check_is_not_promoted(world):
    """`jdih terbitkan` checks every draft with `jdih periksa`'s own rules before promoting any:
    an approved and merged draft that fails them stays in drafts/, with each problem and its line."""
    script = draft_text("Berskrip", image="berskrip.jpg", extra="Teks.\n\n<script>alert(1)</script>\n")
    script_line = script.splitlines().index("<script>alert(1)</script>") + 1
    no_caption = draft_text("Tanpa Takarir", image="tanpa-takarir.jpg").replace("caption: |\n  Tanpa Takarir.\n", "")
    for slug, text in (("berskrip", script), ("tanpa-takarir", no_caption)):
        world.write_draft("operator", f"konsep/{slug}", f"drafts/{slug}.md", text, f"Konsep: {slug}",
                          extra_files={f"drafts/{slug}.jpg": JPEG})
        number = world.open_pull(PENGELOLA, f"konsep/{slug}", f"Konsep: {slug}")
        world.fake.submit_review(number, STAF, "APPROVED")
        world.fake.submit_review(number, KASUBBAG, "APPROVED")
        world.merge(number)
    good = submit(world, "baik", "Konten Baik")
    report, out = promote(world)
    assert [p.pull_request for p in report.promoted] == [good]
    refused = {r.draft: r for r in report.refused}
    assert sorted(refused) == ["drafts/berskrip.md", "drafts/tanpa-takarir.md"]
    for refusal in refused.values():
        assert refusal.reason == "draf tidak lolos pemeriksaan 'jdih periksa' (1 masalah)"
        assert refusal.fix == ("perbaiki draf lewat pull request baru (jalankan 'jdih periksa' untuk memeriksanya) "
                               "dan minta Kasubbag menyetujuinya; setelah digabung, draf terbit otomatis")
    [problem] = refused["drafts/berskrip.md"].problems
    assert problem.startswith(f"drafts/berskrip.md:{script_line}: ") and "<script>" in problem
    [problem] = refused["drafts/tanpa-takarir.md"].problems
    assert problem.startswith("drafts/tanpa-takarir.md:2: caption: wajib diisi tetapi tidak ada")
    # the same lines as `jdih periksa` gives, in the run's output under the refusal
    lines = "\n".join(out).splitlines()
    at = lines.index(f"DITOLAK: drafts/berskrip.md: {refused['drafts/berskrip.md'].reason} — "
                     f"{refused['drafts/berskrip.md'].fix}")
    assert lines[at + 1] == f"    {refused['drafts/berskrip.md'].problems[0]}"
    ci = world.tmp / "ci"
    for draft, refusal in refused.items():
        assert [str(p) for p in check_paths([ci / draft], world.settings, ci)] == refusal.problems
    files = world.origin_files()
    assert {"drafts/berskrip.md", "drafts/tanpa-takarir.md", "content/posts/2026/baik/index.md"} <= set(files)
    assert not [f for f in files if f.startswith(("content/posts/2026/berskrip", "content/posts/2026/tanpa-takarir"))]
    assert report.as_json()["refused"][0]["problems"] == refused["drafts/berskrip.md"].problems


def test_shallow_ci_checkout_is_deepened_and_each_draft_gets_its_own_pull(world):
    first = submit(world, "satu", "Satu")
    second = submit(world, "dua", "Dua", reviews=((KASUBBAG, "APPROVED"),))
    shallow = world.tmp / "shallow"
    git(world.tmp, "clone", "-q", "--depth", "1", f"file://{world.origin}", str(shallow))
    git(shallow, "config", "user.name", "ci")
    git(shallow, "config", "user.email", "ci@example.org")
    repo = GitRepo(shallow)
    assert repo.is_shallow()
    promoter = Promoter(repo, world.gh(), world.settings, echo=lambda _: None)
    # in the shallow clone both drafts seem to come from the tip (the second merge); the file list check
    # keeps the first draft from being judged by the second pull request
    assert promoter.find_pull("drafts/satu.md") is None
    assert promoter.find_pull("drafts/dua.md").number == second
    report = promoter.run()
    assert not repo.is_shallow()
    assert sorted((p.draft, p.pull_request) for p in report.promoted) == [
        ("drafts/dua.md", second), ("drafts/satu.md", first)]


def test_conflicting_replay_starts_again_from_the_new_main(world):
    first = submit(world, "pertama", "Pertama")
    second = submit(world, "kedua", "Kedua")
    ci_two = world.ci("ci-2")  # the second run's checkout: both drafts
    world.fake.add_user("pembaca")
    one, _ = promote(world, clone="ci-1")
    assert sorted(p.pull_request for p in one.promoted) == [first, second]
    # a later comment makes the second run stamp the same post differently: its replay conflicts
    world.fake.submit_review(first, "pembaca", "COMMENTED", "Bagus.")
    out = []
    repo = GitRepo(ci_two)
    rebases = []
    original = repo.rebase
    repo.rebase = lambda onto: rebases.append(original(onto)) or rebases[-1]  # watch, do not change
    two = Promoter(repo, world.gh(), world.settings, echo=out.append).run()
    assert rebases == [False]  # the replay conflicted and was aborted
    assert two.pushed is True and two.promoted == [] and two.refused == []
    assert git(ci_two, "rev-parse", "HEAD") == git(world.origin, "rev-parse", "main")
    subjects = world.origin_subjects()
    assert subjects.count(f"Terbitkan: Pertama (#{first})") == 1 and subjects.count(f"Terbitkan: Kedua (#{second})") == 1
    assert "pembaca" not in git(world.origin, "show", "main:content/posts/2026/pertama/index.md")


def _repo_with_drafts(tmp_path, drafts: dict[str, str], image: bytes = b"\x89PNG fake") -> GitRepo:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "t")
    git(tmp_path, "config", "user.email", "t@example.org")
    (tmp_path / "drafts" / "media").mkdir(parents=True)
    (tmp_path / "drafts" / "media" / "sampul.png").write_bytes(image)
    for name, text in drafts.items():
        (tmp_path / "drafts" / name).write_text(text, encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "awal")
    return GitRepo(tmp_path)


def test_a_single_file_draft_takes_its_image_into_its_post_folder(tmp_path):
    from jdih.sop.publish import bring_image

    text = draft_text("Satu Berkas").replace("media/gambar.jpg", "media/sampul.png")
    repo = _repo_with_drafts(tmp_path, {"satu-berkas.md": text})
    meta = parse_meta(read_source(tmp_path / "drafts/satu-berkas.md"))
    source, target, post_id = destination("drafts/satu-berkas.md", meta)
    assert (target, post_id) == ("content/posts/2026/satu-berkas/index.md", "posts/2026/satu-berkas/")
    repo.move(source, target)
    moved = bring_image(tmp_path, "drafts/satu-berkas.md", meta, tmp_path / target, repo)
    assert moved == ["drafts/media/sampul.png", "content/posts/2026/satu-berkas/sampul.png"]
    assert (tmp_path / "content/posts/2026/satu-berkas/sampul.png").read_bytes() == b"\x89PNG fake"
    assert not (tmp_path / "drafts/media/sampul.png").exists()
    promoted = (tmp_path / target).read_text(encoding="utf-8")
    assert "  src: sampul.png\n" in promoted and promoted.replace("sampul.png", "media/sampul.png") == text.replace(
        "media/gambar.jpg", "media/sampul.png")


def test_an_image_shared_with_another_draft_is_copied_not_moved(tmp_path):
    from jdih.sop.publish import bring_image

    first = draft_text("Pertama").replace("media/gambar.jpg", "media/sampul.png")
    second = draft_text("Kedua").replace("media/gambar.jpg", "media/sampul.png")
    repo = _repo_with_drafts(tmp_path, {"pertama.md": first, "kedua.md": second})
    meta = parse_meta(read_source(tmp_path / "drafts/pertama.md"))
    source, target, _ = destination("drafts/pertama.md", meta)
    repo.move(source, target)
    bring_image(tmp_path, "drafts/pertama.md", meta, tmp_path / target, repo)
    assert (tmp_path / "drafts/media/sampul.png").exists()
    assert (tmp_path / "content/posts/2026/pertama/sampul.png").exists()


# -- nothing a draft carries escapes its folder (jdih.content.files.media_path, refused_below) ------


import pytest  # noqa: E402

from jdih.content.files import MediaError  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

OUT_OF_FOLDER_FIX = ("simpan gambar di repositori, di folder media/ di samping berkas ini, lalu tulis mis. "
                     "'media/nama-gambar.jpg'")


def _tree(root) -> dict[str, bytes]:
    """Every file of a work tree (links as their target's name), .git aside."""
    found = {}
    for path in sorted(root.rglob("*")):
        if ".git" in path.relative_to(root).parts:
            continue
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = f"-> {path.readlink()}".encode()
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def test_bring_image_refuses_a_path_out_of_its_folder_and_moves_or_copies_nothing(tmp_path):
    import shutil as _shutil

    from jdih.sop.publish import bring_image

    (tmp_path / "site_config").mkdir()
    _shutil.copy(ROOT / "site_config" / "jdih.yml", tmp_path / "site_config" / "jdih.yml")
    repo = _repo_with_drafts(tmp_path, {
        "curi.md": draft_text("Curi", image="../site_config/jdih.yml"),
        "salin.md": draft_text("Salin", image="/etc/passwd"),
        "salin-lagi.md": draft_text("Salin Lagi", image="/etc/passwd"),  # "shared": it would be copied
    })
    before = _tree(tmp_path)
    for draft, src in (("drafts/curi.md", "../site_config/jdih.yml"), ("drafts/salin.md", "/etc/passwd")):
        meta = parse_meta(read_source(tmp_path / draft))
        _, target, _ = destination(draft, meta)
        with pytest.raises(MediaError) as caught:
            bring_image(tmp_path, draft, meta, tmp_path / target, repo)
        assert (caught.value.what, caught.value.fix) == (
            f"jalur gambar '{src}' keluar dari folder konten", OUT_OF_FOLDER_FIX)
    assert _tree(tmp_path) == before
    assert git(tmp_path, "status", "--porcelain") == ""



@pytest.mark.parametrize("check_saw_it", [True, False])
def test_an_approved_draft_whose_image_leaves_its_folder_is_refused_and_nothing_moves(world, monkeypatch,
                                                                                      check_saw_it):
    """Whatever `jdih periksa` said (`check_saw_it=False`: as if it had missed it), promotion
    applies the folder rule on its own before anything moves."""
    hostile = {"curi": "../site_config/jdih.yml", "salin": "/etc/passwd", "salin-lagi": "/etc/passwd",
               "lain": "zaitun/zaitun.jpg"}
    for slug, image in hostile.items():
        world.write_draft("operator", f"konsep/{slug}", f"drafts/{slug}.md", draft_text(slug.title(), image=image),
                          f"Konsep: {slug}")
        number = world.open_pull(PENGELOLA, f"konsep/{slug}", f"Konsep: {slug}")
        world.fake.submit_review(number, KASUBBAG, "APPROVED")
        world.merge(number)
    # a folder draft whose image another draft names ("lain": another draft's folder), promoted after it
    world.write_draft("operator", "konsep/zaitun", "drafts/zaitun/index.md", draft_text("Zaitun", image="zaitun.jpg"),
                      "Konsep: zaitun", extra_files={"drafts/zaitun/zaitun.jpg": JPEG})
    good = world.open_pull(PENGELOLA, "konsep/zaitun", "Konsep: zaitun")
    world.fake.submit_review(good, KASUBBAG, "APPROVED")
    world.merge(good)
    if not check_saw_it:
        monkeypatch.setattr(Promoter, "check_drafts", lambda self, drafts: {draft: [] for draft in drafts})
    ci = world.ci("ci")
    before = {name: data for name, data in _tree(ci).items() if not name.startswith("drafts/zaitun/")}
    report, _ = promote(world)
    assert [p.draft for p in report.promoted] == ["drafts/zaitun/index.md"]
    refused = {r.draft: r for r in report.refused}
    assert sorted(refused) == sorted(f"drafts/{slug}.md" for slug in hostile)
    for slug, image in hostile.items():
        what = (f"gambar '{image}' ada di folder konten lain (zaitun/) — setiap konten memakai gambarnya sendiri: "
                "salin gambar ke folder media/ di samping berkas ini, lalu tulis mis. 'media/nama-gambar.jpg'"
                if slug == "lain" else f"jalur gambar '{image}' keluar dari folder konten — {OUT_OF_FOLDER_FIX}")
        assert refused[f"drafts/{slug}.md"].reason.startswith("draf tidak lolos pemeriksaan 'jdih periksa'")
        assert refused[f"drafts/{slug}.md"].problems == [f"drafts/{slug}.md:8: image.src: {what}"]
    after = _tree(ci)
    assert {name: data for name, data in after.items() if name in before} == before  # nothing else moved
    assert set(after) - set(before) == {"content/posts/2026/zaitun/index.md", "content/posts/2026/zaitun/zaitun.jpg"}
    assert git(ci, "status", "--porcelain") == ""
    files = world.origin_files()
    assert "site_config/jdih.yml" in files and not [f for f in files if "passwd" in f or f.endswith("jdih.yml")
                                                    and f.startswith("content/")]
    assert git(world.origin, "show", "main:site_config/jdih.yml") == (ROOT / "site_config/jdih.yml").read_text(
        encoding="utf-8").rstrip("\n")


def test_an_approved_folder_draft_holding_a_link_or_a_page_is_refused(world, monkeypatch):
    operator = world.clone("operator")
    (operator / "drafts/berkas").mkdir(parents=True)
    (operator / "drafts/berkas/rahasia.jpg").symlink_to("../../site_config/jdih.yml")
    world.write_draft("operator", "konsep/berkas", "drafts/berkas/index.md", draft_text("Berkas", image="gambar.jpg"),
                      "Konsep: berkas", extra_files={"drafts/berkas/gambar.jpg": JPEG,
                                                     "drafts/berkas/lampiran.html": b"<script>alert(1)</script>"})
    number = world.open_pull(PENGELOLA, "konsep/berkas", "Konsep: berkas")
    world.fake.submit_review(number, KASUBBAG, "APPROVED")
    world.merge(number)
    monkeypatch.setattr(Promoter, "check_drafts", lambda self, drafts: {draft: [] for draft in drafts})
    report, _ = promote(world)
    assert report.promoted == []
    [refusal] = report.refused
    assert refusal.problems == [
        "drafts/berkas/lampiran.html:1: jenis berkas ini tidak diterima sebagai lampiran konten (yang diterima: "
        ".jpg, .jpeg, .png, .webp, .gif, .pdf) — hapus berkas ini; untuk dokumen lain, simpan sebagai PDF atau "
        "cantumkan tautan https:// ke halamannya",
        "drafts/berkas/rahasia.jpg:1: tautan simbolik (symlink) tidak diterima di drafts/ dan content/posts/: "
        "tautan dapat menunjuk ke berkas di luar foldernya — ganti tautan ini dengan berkas aslinya (salin "
        "berkasnya ke sini), atau hapus"]
    assert not [f for f in world.origin_files() if f.startswith("content/posts/2026/berkas")]
    assert git(world.ci("ci"), "status", "--porcelain") == ""


def test_the_correction_note_is_the_text_under_ralat_else_the_title():
    from jdih.sop.publish import correction_note

    body = ("Menindaklanjuti masukan.\n\n<!-- petunjuk: tulis di bawah -->\n### Ralat:\n\nNomor PKPU diperbaiki "
            "(8 menjadi 9).\n\n#### Rincian\n\nParagraf kedua.\n\n## Lain-lain\n\nTidak ada.\n")
    assert correction_note(body, "Ralat PKPU") == "Nomor PKPU diperbaiki (8 menjadi 9).\n\n#### Rincian\n\nParagraf kedua."
    assert correction_note("Tanpa judul bagian.", " Ralat ejaan ") == "Ralat ejaan"
    assert correction_note("## Ralat\n\n<!-- kosong -->\n", "Judul") == "Judul"
    assert correction_note(None, "") == "Ralat"
    # what the front matter may not hold (`jdih periksa` refuses it) never gets there
    assert correction_note("## Ralat\r\n\r\nNomor\u202e diperbaiki <b>tebal</b>.\r\nBaris dua.\r\n", "x") == \
        "Nomor diperbaiki tebal . Baris dua."


def test_the_stamps_of_a_correction_and_a_withdrawal_read_back_and_pass_the_check(tmp_path):
    from jdih.content.settings import load_settings
    from jdih.sop.publish import correction_note, stamp_key

    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    shutil_root = tmp_path
    (shutil_root / "site_config").mkdir()
    (shutil_root / "site_config" / "jdih.yml").write_text((ROOT / "site_config" / "jdih.yml").read_text())
    post = shutil_root / "content" / "posts" / "2026" / "a" / "index.md"
    post.parent.mkdir(parents=True)
    (post.parent / "gambar.jpg").write_bytes(JPEG)
    text = draft_text("Konten A", image="gambar.jpg") + "\n"
    when = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    note = correction_note("## Ralat\r\n\r\nNomor diperbaiki.\r\nBaris dua.", "x")
    text = stamp_key(text, "revisions", [{"date": when, "note": note, "pull_request": 9, "approver": KASUBBAG,
                                         "substantive": True}])
    text = stamp_key(text, "withdrawn", {"reason": "Dicabut.", "date": when, "approver": KASUBBAG, "pull_request": 10})
    post.write_text(text, encoding="utf-8")
    meta = parse_meta(read_source(post), settings)
    assert meta.revisions[0].note == "Nomor diperbaiki.\nBaris dua." and meta.revisions[0].date == when
    assert meta.date_modified == when and meta.withdrawn.pull_request == 10 and meta.state(when) == "ditarik"
    assert check_paths(["content/posts/2026/a/index.md"], settings, shutil_root) == []
    # stamped again (the next correction): one key, replaced, every other line kept
    again = stamp_key(text, "revisions", [])
    assert again.count("revisions:") == 1 and "title: \"Konten A\"" in again
