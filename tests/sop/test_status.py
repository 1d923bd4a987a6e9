"""`jdih status`: the board of open drafts, from the fake GitHub's pull requests and label history."""

from __future__ import annotations

import datetime as dt

import pytest

from jdih.content.settings import load_settings
from jdih.github.client import GitHubRepo, PullInfo
from jdih.sop import status as board
from tests.conftest import ROOT  # noqa: E402

UTC = dt.UTC
MONDAY_0800_WIB = dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def settings():
    return load_settings(ROOT / "site_config" / "jdih.yml")


def info(**kwargs) -> PullInfo:
    base = dict(number=1, title="t", body="", author="pengelola-jdih-kapuas", draft=False, state="open", merged=False,
                merged_at=None, merge_commit_sha=None, head_sha="a" * 40, head_ref="b", base_ref="main",
                html_url="u", created_at=MONDAY_0800_WIB)
    return PullInfo(**(base | kwargs))


def test_step_and_holders(settings):
    assert board.step_of_pull(info(draft=True)) == 3
    assert board.step_of_pull(info()) == 4
    assert board.step_of_pull(info(labels=("tahap-5-persetujuan",))) == 5
    assert board.holders_of(info(), 3, settings) == ("pengelola-jdih-kapuas",)
    assert board.holders_of(info(requested_users=("staf-hukum-kapuas",)), 4, settings) == ("staf-hukum-kapuas",)
    assert board.holders_of(info(), 4, settings) == ("staf-hukum-kapuas",)  # nobody requested: the role
    assert board.holders_of(info(), 5, settings) == ("kasubbag-kapuas",)
    assert board.holders_of(info(), 6, settings) == ("pengelola-jdih-kapuas",)


def test_board_on_the_fake(fake_github, settings):
    fake = fake_github
    at = MONDAY_0800_WIB
    drafting = fake.open_pull("pengelola-jdih-kapuas", "konsep/a", title="Konsep: A", draft=True,
                              files=["drafts/a.md"], at=at)
    fake.add_labels(drafting, "tahap-3-konsep", at=at)
    editing = fake.open_pull("pengelola-jdih-kapuas", "konsep/b", title="Konsep: B", files=["drafts/b.md"], at=at)
    fake.add_labels(editing, "tahap-3-konsep", at=at)
    fake.remove_label(editing, "tahap-3-konsep", at=at + dt.timedelta(minutes=20))
    fake.add_labels(editing, "tahap-4-sunting", at=at + dt.timedelta(minutes=20))
    fake.request_review(editing, ["staf-hukum-kapuas"], at=at + dt.timedelta(minutes=20))
    approving = fake.open_pull("pengelola-jdih-kapuas", "konsep/c", title="Konsep: C", files=["drafts/c.md"], at=at)
    # Friday 15:55 WIB: the clock stops over the weekend
    fake.add_labels(approving, "tahap-5-persetujuan", at=dt.datetime(2026, 10, 30, 8, 55, tzinfo=UTC))
    tooling = fake.open_pull("pengelola-jdih-kapuas", "alat", title="Perbarui alat", files=["scripts/x.py"], at=at)
    gh = GitHubRepo(fake.token_of("github-actions[bot]"), fake.full_name, fake.base_url, write_pause=0)
    now = at + dt.timedelta(hours=1)  # Monday 09:00 WIB
    rows = board.build_board(gh, settings, now)
    assert [(r.number, r.step, r.holders, round(r.spent_minutes), r.standard_minutes, r.late) for r in rows] == [
        (approving, 5, ("kasubbag-kapuas",), 95, 10, True),
        (editing, 4, ("staf-hukum-kapuas",), 40, 30, True),
        (drafting, 3, ("pengelola-jdih-kapuas",), 60, 30, True),
    ]
    assert tooling not in [r.number for r in rows]
    out = []
    board.show(gh, settings, out.append, now)
    text = out[0].splitlines()
    assert text[0] == "Papan status konsep: 3 pull request terbuka."
    assert text[1:5] == [
        f"#{approving} Konsep: C",
        "    Tahap 5 (Persetujuan Kasubbag) · dipegang @kasubbag-kapuas",
        "    1 jam 35 menit dari waktu baku 10 menit — MELEWATI waktu baku",
        f"    {fake.base_url}/kpu-kapuas/jdih-medsos/pull/{approving}",
    ]
    assert text[6] == "    Tahap 4 (Menyunting) · dipegang @staf-hukum-kapuas"
    early = board.build_board(gh, settings, at + dt.timedelta(minutes=30))
    assert [(r.number, round(r.spent_minutes), r.late) for r in early][1:] == [(editing, 10, False), (drafting, 30, False)]


def test_empty_board(settings):
    assert board.render_board([], settings) == ("Tidak ada konsep yang sedang berjalan (tidak ada pull request draf "
                                                "yang terbuka).")


def test_a_scheduled_post_shows_as_terjadwal_with_its_time(settings, tmp_path):
    post = tmp_path / "content" / "posts" / "2027" / "jadwal" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: Tahapan Pemilu\ndate: 2027-06-01\ndescription: Jadwal tahapan.\n"
                    "categories: [Peraturan]\nimage: {src: gambar.png, alt: Sampul jadwal tahapan}\n"
                    "caption: Tahapan.\npublish_at: 2027-06-01 08:00\nprovenance: {pull_request: 12}\n---\n\nIsi.\n",
                    encoding="utf-8")
    before = dt.datetime(2027, 5, 31, 12, 0, tzinfo=dt.UTC)
    [row] = board.scheduled_posts(tmp_path, settings, before)
    assert row.publish_at == dt.datetime(2027, 6, 1, 1, 0, tzinfo=dt.UTC) and row.pull_request == 12
    assert board.render_scheduled([row], settings) == (
        "Konten terjadwal: 1 (sudah disetujui, tayang otomatis pada waktunya).\nTahapan Pemilu\n"
        "    terjadwal · tayang 1 Juni 2027 pukul 08.00 WIB · PR #12\n    posts/2027/jadwal/")
    assert board.scheduled_posts(tmp_path, settings, dt.datetime(2027, 6, 1, 1, 0, tzinfo=dt.UTC)) == []
