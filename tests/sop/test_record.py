"""The retry list finds every live post whose WhatsApp notice is not sent, wherever its trace is:
in content/posts/ with its provenance (also when the links in it name the repository's old name),
or only in the publish record on the merged pull request (the post built and deployed while its
draft is still in drafts/ on the branch)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from jdih.cli.main import main
from jdih.content.clock import office_now
from jdih.github.client import GitHubRepo
from jdih.notify import CommentLedger, PyGithubCommentStore
from jdih.notify.message import Notification
from jdih.sop import record
from jdih.testing.fakegithub.server import ROLE_USERS
from tests.cli.test_publish import CLEAN, ENTRY, NOW, SETTINGS, SITE, draft_text, project

KASUBBAG, PENGELOLA, STAF = ROLE_USERS["kasubbag"], ROLE_USERS["pengelola"], ROLE_USERS["staf"]


def test_a_record_reads_back_what_record_comment_wrote():
    body = record.record_comment(ENTRY, NOW, record.whatsapp_status("failed", None), "#### Linimasa\n")
    assert record.parse_record(body) == record.PublishedRecord("posts/2026/uu-pemilu/", NOW, "Mengenal UU Pemilu",
                                                               "kasubbag-kapuas", 3)
    without = record.record_comment(ENTRY | {"approver": "", "disposisi": None}, NOW, "x", None)
    assert record.parse_record(without) == record.PublishedRecord("posts/2026/uu-pemilu/", NOW, "Mengenal UU Pemilu",
                                                                  "", None)
    assert record.parse_record("<!-- jdih:terbit post=../../etc waktu=2026-11-25T10:05:00+07:00 -->\n"
                               "### ✅ Telah terbit: x\n") is None
    assert record.parse_record("tanpa penanda") is None


def test_records_count_only_posts_still_in_the_tree(tmp_path):
    root = project(tmp_path, {"masih-draf": draft_text("Masih Draf")})
    found = [(11, record.PublishedRecord("posts/2026/masih-draf/", NOW - dt.timedelta(hours=3), "Masih Draf",
                                         KASUBBAG, 4)),
             (12, record.PublishedRecord("posts/2026/sudah-dihapus/", NOW - dt.timedelta(hours=3), "Dihapus",
                                         KASUBBAG, None)),
             (13, record.PublishedRecord("posts/2026/uu-7-2017-pemilihan-umum/", NOW - dt.timedelta(hours=3),
                                         "Di content", KASUBBAG, None)),
             (14, record.PublishedRecord("posts/2026/masih-draf/", NOW - dt.timedelta(days=20), "Lama", KASUBBAG,
                                         None)),
             (15, record.PublishedRecord("posts/2026/lain/", NOW - dt.timedelta(minutes=5), "Terlalu baru", KASUBBAG,
                                         None))]
    said: list[str] = []
    entries = record.notifications_from_records(found, root, SETTINGS, NOW, known={"posts/2026/lain-lagi/"},
                                                echo=said.append)
    assert entries == [
        {"post_id": "posts/2026/masih-draf/", "title": "Masih Draf", "url": SITE + "posts/2026/masih-draf/",
         "approver": KASUBBAG, "date": "2026-11-25", "pull_request": 11, "disposisi": 4},
        {"post_id": "posts/2026/uu-7-2017-pemilihan-umum/", "title": "Di content",
         "url": SITE + "posts/2026/uu-7-2017-pemilihan-umum/", "approver": KASUBBAG, "date": "2026-11-25",
         "pull_request": 13, "disposisi": None}]
    assert said == [
        "Catatan terbit «Masih Draf» di PR #11: konten ini sudah tayang tetapi masih di drafts/ pada cabang ini "
        "(pemindahannya belum terdorong ke main); kabarnya ikut diperiksa.",
        "Catatan terbit «Dihapus» di PR #12: kontennya tidak ada lagi di content/posts/ maupun drafts/, jadi tidak "
        "dikabarkan."]
    known = record.notifications_from_records(found[:1], root, SETTINGS, NOW, known={"posts/2026/masih-draf/"},
                                              echo=said.append)
    assert known == []


def _merged(fake, slug: str, *, merge_sha: str | None = None) -> int:
    number = fake.open_pull(PENGELOLA, f"konsep/{slug}", title=f"Konsep: {slug}")
    fake.merge_pull(number, KASUBBAG, merge_commit_sha=merge_sha)
    return number


def _write_post(root, slug: str, merged: dt.datetime, url: str, number: int, merge_commit: str) -> None:
    folder = root / "content" / "posts" / "2026" / slug
    folder.mkdir(parents=True)
    front = {"title": slug.title(), "provenance": {
        "pull_request": number, "pull_request_url": url, "approver": KASUBBAG, "disposisi": None,
        "merged_at": merged.isoformat(), "merge_commit": merge_commit}}
    (folder / "index.md").write_text(f"---\n{yaml.safe_dump(front)}---\n\nIsi.\n", encoding="utf-8")


def test_daftar_kabar_finds_pending_posts_wherever_their_trace_is(tmp_path, fake_github, monkeypatch):
    now = office_now(SETTINGS).replace(microsecond=0)
    fake_github.clock = (now - dt.timedelta(hours=3)).astimezone(dt.UTC)  # merges and comments: hours ago
    root = project(tmp_path / "repo", {"tertahan": draft_text("Tertahan")})
    bot = GitHubRepo("test-token", fake_github.full_name, fake_github.base_url, write_pause=0)
    ledger = CommentLedger(PyGithubCommentStore(fake_github.client().get_repo(fake_github.full_name)), SETTINGS)

    # 1. Live, its draft still in drafts/ here: only the publish record on the pull request says so.
    held = _merged(fake_github, "tertahan")
    entry = {"post_id": "posts/2026/tertahan/", "title": "Tertahan", "url": SITE + "posts/2026/tertahan/",
             "approver": KASUBBAG, "date": now.date().isoformat(), "pull_request": held, "disposisi": None}
    bot.comment(held, record.record_comment(entry, now - dt.timedelta(hours=2), record.whatsapp_status(None, None),
                                            None))
    ledger.record(Notification.from_dict(entry), "failed", now - dt.timedelta(hours=2), reason="HTTP 500")
    # 2. A forged record by someone else: never counted (it would send a message to the group).
    forged = _merged(fake_github, "palsu")
    GitHubRepo(fake_github.token_of(STAF), fake_github.full_name, fake_github.base_url, write_pause=0).comment(
        forged, record.record_comment(entry | {"post_id": "posts/2026/tertahan-palsu/", "title": "Palsu",
                                               "pull_request": forged}, now - dt.timedelta(hours=2), "x", None))
    # 3. In content/ but its links name the repository's old name; the merge commit is this repository's.
    renamed_sha = "c" * 40
    renamed = _merged(fake_github, "nama-lama", merge_sha=renamed_sha)
    _write_post(root, "nama-lama", now - dt.timedelta(hours=5), f"https://github.com/kpu-kapuas/jdih-lama/pull/{renamed}",
                renamed, renamed_sha)
    # 4. A post from another repository entirely (its merge commit is not that pull request's): left out.
    _write_post(root, "repo-lain", now - dt.timedelta(hours=5), f"https://github.com/lain/repo/pull/{renamed}",
                renamed, "d" * 40)

    monkeypatch.chdir(root)
    env = CLEAN | {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
                   "GITHUB_API_URL": fake_github.base_url, "JDIH_GITHUB_WRITE_PAUSE": "0"}
    args = ["daftar-kabar", "--semua", "--hanya-tertunda", "--berkas", str(tmp_path / "kabar.json")]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    listed = json.loads((tmp_path / "kabar.json").read_text())
    assert sorted(e["post_id"] for e in listed) == ["posts/2026/nama-lama/", "posts/2026/tertahan/"]
    assert next(e for e in listed if e["post_id"] == "posts/2026/tertahan/") == entry
    assert "Palsu" not in result.output and result.output.endswith("2 kabar disiapkan.\n")

    # Once sent, neither is pending any more.
    for item in listed:
        ledger.record(Notification.from_dict(item), "sent", now, provider="webhook", http_status=200)
    again = CliRunner().invoke(main, args, env=env)
    assert again.exit_code == 0 and again.output.endswith("0 kabar disiapkan.\n"), again.output


# -- a post's life (issue 13): scheduled, corrected, withdrawn, expired ------------------------

LIFE_FRONT = ("title: {title}\ndate: 2026-11-24\ndescription: Ringkasan.\ncategories: [Peraturan]\n"
              "image: {{src: gambar.png, alt: Sampul dokumen peraturan}}\ncaption: Takarir.\n{extra}"
              "provenance:\n  pull_request: {number}\n  pull_request_url: https://github.com/o/r/pull/{number}\n"
              "  approver: kasubbag-kapuas\n  merged_at: 2026-11-24T09:00:00+07:00\n")


def _life_post(root, slug: str, number: int, extra: str = "") -> str:
    folder = root / "content" / "posts" / "2026" / slug
    folder.mkdir(parents=True)
    text = LIFE_FRONT.format(title=slug.title(), extra=extra, number=number)
    (folder / "index.md").write_text(f"---\n{text}---\n\nIsi.\n", encoding="utf-8")
    return f"posts/2026/{slug}/"


def test_a_scheduled_promotion_is_not_announced_until_its_time():
    promoted = {"post_id": "posts/2026/a/", "title": "A", "approver": "k", "pull_request": 3, "disposisi": None,
                "merged_at": "2026-11-24T09:00:00+07:00", "publish_at": "2026-11-26T08:00:00+07:00", "live": False}
    result = {"promoted": [promoted]}
    assert record.notifications_from_result(result, SETTINGS, now=NOW) == []
    later = dt.datetime(2026, 11, 26, 8, 0, tzinfo=NOW.tzinfo)
    [entry] = record.notifications_from_result(result, SETTINGS, now=later)
    assert entry["date"] == "2026-11-26"  # the day it went live, not the merge
    [scheduled] = record.records_from_result(result, SETTINGS)
    body = record.change_comment(scheduled, SETTINGS)
    assert body.splitlines()[:3] == [
        "<!-- jdih:terjadwal post=posts/2026/a/ pr=3 -->", "<!-- jdih:jadwal waktu=2026-11-26T08:00:00+07:00 -->",
        "### ⏰ Terjadwal tayang 26 November 2026 pukul 08.00 WIB: A"]


def test_only_substantive_corrections_become_ralat_notices():
    changed = [{"post_id": "posts/2026/a/", "path": "x", "title": "A", "pull_request": 4, "kind": "ralat",
                "approver": "k", "date": "2026-11-25T10:00:00+07:00", "note": "Nomor diperbaiki.",
                "substantive": True},
               {"post_id": "posts/2026/b/", "path": "y", "title": "B", "pull_request": 5, "kind": "ralat",
                "approver": "k", "date": "2026-11-25T10:00:00+07:00", "note": "Salah ketik.", "substantive": False},
               {"post_id": "posts/2026/c/", "path": "z", "title": "C", "pull_request": 6, "kind": "ditarik",
                "approver": "k", "date": "2026-11-25T10:00:00+07:00", "note": "Dicabut.", "substantive": False}]
    [notice] = record.corrections_from_result({"changed": changed}, SETTINGS)
    assert notice["correction"] == "Nomor diperbaiki." and notice["pull_request"] == 4
    first = Notification(post_id="posts/2026/a/", title="A", url="u", approver="k", date=dt.date(2026, 11, 24),
                         pull_request=4)
    from jdih.notify.message import idempotency_key

    assert idempotency_key(Notification.from_dict(notice)) != idempotency_key(first)  # its own ledger key
    records = record.records_from_result({"changed": changed}, SETTINGS)
    assert [r["kind"] for r in records] == ["ralat", "ralat", "ditarik"]
    unmarked = record.change_comment(records[1], SETTINGS)
    assert "### ✏️ Ralat dicatat: B" in unmarked and "- Catatan ralat: Salah ketik." in unmarked
    assert "- Kabar ralat WhatsApp: tidak dikirim (ralat tidak ditandai substantif" in unmarked
    withdrawn = record.change_comment(records[2], SETTINGS)
    assert "### Ditarik: C" in withdrawn and "- Alasan: Dicabut." in withdrawn and "tidak dikirim" in withdrawn


def test_the_site_lists_only_live_posts_with_the_window_from_going_live(tmp_path):
    live = _life_post(tmp_path, "biasa", 1)
    _life_post(tmp_path, "terjadwal", 2, "publish_at: 2026-12-20 08:00\n")
    gone = _life_post(tmp_path, "lama-terjadwal", 3, "publish_at: 2026-12-01 08:00\n")
    _life_post(tmp_path, "ditarik", 4, "withdrawn: {reason: Dicabut.}\n")
    _life_post(tmp_path, "habis", 5, "expires_at: 2026-11-30 08:00\n")
    now = dt.datetime(2026, 12, 2, 10, 0, tzinfo=NOW.tzinfo)
    # merged on 24 Nov: "biasa" is past the 7-day window; the one live since 1 Dec is inside it
    listed = record.notifications_from_site(tmp_path, SETTINGS, now=now, days=7)
    assert [e["post_id"] for e in listed] == [gone] and listed[0]["date"] == "2026-12-01"
    assert [e["post_id"] for e in record.notifications_from_site(tmp_path, SETTINGS, now=now, days=30)] == [
        live, gone]
    assert [e["post_id"] for e in record.scheduled_from_site(tmp_path, SETTINGS, now=now)] == [gone]
    [expired] = record.expired_from_site(tmp_path, SETTINGS, now=now)
    assert expired["post_id"] == "posts/2026/habis/" and expired["pull_request"] == 5


def test_the_scheduled_run_builds_only_for_what_became_due_and_is_not_recorded(tmp_path):
    scheduled = _life_post(tmp_path, "terjadwal", 2, "publish_at: 2026-12-01 08:00\n")
    _life_post(tmp_path, "habis", 5, "expires_at: 2026-12-01 09:00\n")
    comments: dict[int, list[str]] = {2: [], 5: []}
    asked: list[int] = []

    def bot_comments(number: int) -> list[str]:
        asked.append(number)
        return comments[number]

    before = dt.datetime(2026, 12, 1, 7, 59, tzinfo=NOW.tzinfo)
    assert record.schedule_due(tmp_path, SETTINGS, bot_comments, now=before) == [] and asked == []
    after = dt.datetime(2026, 12, 1, 9, 30, tzinfo=NOW.tzinfo)
    assert record.schedule_due(tmp_path, SETTINGS, bot_comments, now=after) == [
        "«Habis» kedaluwarsa 1 Desember 2026 pukul 09.00 WIB: situs perlu dibangun ulang",
        "«Terjadwal» terjadwal tayang 1 Desember 2026 pukul 08.00 WIB: waktunya sudah tiba"]
    # once recorded (after a deploy), nothing is due again
    entry = {"post_id": scheduled, "title": "Terjadwal", "url": SITE + scheduled, "approver": "kasubbag-kapuas"}
    comments[2].append(record.record_comment(entry, after, "✅", None))
    comments[5].append(record.change_comment({"kind": "kedaluwarsa", "post_id": "posts/2026/habis/", "title": "Habis",
                                              "url": "u", "pull_request": 5, "time": "2026-12-01T09:00:00+07:00"},
                                             SETTINGS))
    assert record.schedule_due(tmp_path, SETTINGS, bot_comments, now=after) == []


SETTINGS_FILE = Path(__file__).resolve().parents[2] / "site_config" / "jdih.yml"


def test_the_schedule_check_sets_its_output_and_says_plainly_when_github_refuses(tmp_path, fake_github, monkeypatch):
    number = _merged(fake_github, "terjadwal")
    _life_post(tmp_path, "terjadwal", number, "publish_at: 2026-12-01 08:00\n")
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "github-output"
    base = CLEAN | {"GITHUB_REPOSITORY": fake_github.full_name, "GITHUB_API_URL": fake_github.base_url,
                    "JDIH_GITHUB_WRITE_PAUSE": "0", "GITHUB_OUTPUT": str(output),
                    "JDIH_SETTINGS": str(SETTINGS_FILE)}
    allowed = fake_github.workflow_token({"contents": "read", "pull-requests": "read", "issues": "read"})
    for now, due in (("2026-12-01T07:50:00+07:00", "false"), ("2026-12-01T08:20:00+07:00", "true")):
        output.write_text("")
        result = CliRunner().invoke(main, ["daftar-kabar", "--cek-jadwal"],
                                    env=base | {"GITHUB_TOKEN": allowed, "JDIH_NOW": now})
        assert result.exit_code == 0, result.output
        assert output.read_text().strip().endswith(f"perlu={due}"), output.read_text()
    assert "Jadwal: «Terjadwal» terjadwal tayang 1 Desember 2026 pukul 08.00 WIB: waktunya sudah tiba." in result.output
    # Without `issues: read` GitHub refuses to list the comments ("List issue comments": issues read)
    narrow = fake_github.workflow_token({"contents": "read"})
    refused = CliRunner().invoke(main, ["daftar-kabar", "--cek-jadwal"],
                                 env=base | {"GITHUB_TOKEN": narrow, "JDIH_NOW": "2026-12-01T08:20:00+07:00"})
    assert refused.exit_code == 1
    assert "catatan di pull request tidak dapat dibaca (HTTP 403)" in refused.output and narrow not in refused.output
