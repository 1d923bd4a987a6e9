import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from jdih.content.settings import Sop
from jdih.reporting.timeline import ItemEvents, Review, build_timeline, dump_events, load_events, timeline_markdown

WIB = ZoneInfo("Asia/Jakarta")
SOP = Sop()


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def review(role: str, state: str, *when: int) -> Review:
    login = {"kasubbag": "kasubbag-kapuas", "staf": "staf-hukum-kapuas", "pengelola": "pengelola-jdih-kapuas"}[role]
    return Review(login=login, role=role, state=state, submitted_at=wib(*when))


def minutes(timeline) -> list[float | None]:
    return [step.minutes for step in timeline.steps]


def late(timeline) -> list[bool | None]:
    return [step.late for step in timeline.steps]


def test_across_a_weekend():
    item = ItemEvents(
        title="UU 7/2017", disposisi_number=3, disposisi_created_at=wib(2026, 11, 20, 14, 0),
        first_commit_at=wib(2026, 11, 23, 9, 0),  # Monday
        pull_request_number=4, pull_request_created_at=wib(2026, 11, 23, 9, 20),
        ready_for_review_at=wib(2026, 11, 23, 9, 20),
        reviews=[review("staf", "APPROVED", 2026, 11, 23, 9, 50),
                 review("kasubbag", "APPROVED", 2026, 11, 23, 10, 5)],
        merged_at=wib(2026, 11, 23, 10, 6), published_at=wib(2026, 11, 23, 10, 9),
        notified_at=wib(2026, 11, 23, 10, 10))
    timeline = build_timeline(item, SOP)
    # Step 2: Friday 14:00–16:00 (120) + Monday 07:30–09:00 (90), not 67 hours.
    assert minutes(timeline) == [None, 210.0, 20.0, 30.0, 15.0, 4.0]
    assert late(timeline) == [None, False, False, False, True, False]
    assert timeline.step(1).reason == ("tidak terukur: hanya waktu pembuatan issue disposisi yang tercatat, "
                                       "saat perintah diberikan tidak tercatat")
    assert timeline.rejections == 0
    assert timeline.late_steps == [5]
    assert timeline.within_standard is False
    assert timeline.total_minutes == 279.0
    assert timeline.total_standard == 605


def test_across_a_public_holiday_and_collective_leave():
    # 24 Dec 2026 is cuti bersama, 25 Dec Christmas (both from the holidays package), then the weekend.
    item = ItemEvents(
        title="Natal", disposisi_number=7, disposisi_ordered_at=wib(2026, 12, 23, 14, 55),
        disposisi_created_at=wib(2026, 12, 23, 15, 0), first_commit_at=wib(2026, 12, 28, 8, 0),
        pull_request_number=8, ready_for_review_at=wib(2026, 12, 28, 8, 25))
    timeline = build_timeline(item, SOP)
    assert minutes(timeline)[:3] == [5.0, 90.0, 25.0]
    assert late(timeline)[:3] == [False, False, False]
    assert timeline.step(4).reason == "belum selesai: menunggu persetujuan staf"
    assert timeline.step(5).reason == "belum selesai: menunggu persetujuan staf"
    assert timeline.step(6).reason == "belum selesai: belum digabung (merge)"
    assert timeline.within_standard is True


def test_across_office_closing_time():
    item = ItemEvents(
        title="PKPU 8/2019", disposisi_number=1, disposisi_created_at=wib(2026, 11, 24, 8, 0),
        first_commit_at=wib(2026, 11, 24, 15, 0), pull_request_number=2,
        ready_for_review_at=wib(2026, 11, 24, 15, 45),
        reviews=[review("staf", "COMMENTED", 2026, 11, 24, 15, 55),
                 review("staf", "APPROVED", 2026, 11, 25, 7, 50),  # 15 min Tuesday + 20 min Wednesday
                 review("kasubbag", "APPROVED", 2026, 11, 25, 7, 55)],
        merged_at=wib(2026, 11, 25, 15, 50), notified_at=wib(2026, 11, 25, 16, 20))
    timeline = build_timeline(item, SOP)
    assert minutes(timeline) == [None, 420.0, 45.0, 35.0, 5.0, 10.0]
    assert late(timeline) == [None, False, True, True, False, False]


def test_two_rejections_loop_back_to_editing():
    item = ItemEvents(
        title="Keputusan KPU", disposisi_number=5, disposisi_created_at=wib(2026, 11, 24, 8, 0),
        first_commit_at=wib(2026, 11, 24, 8, 30), pull_request_number=6,
        pull_request_created_at=wib(2026, 11, 24, 8, 40), ready_for_review_at=wib(2026, 11, 24, 9, 0),
        reviews=[
            review("staf", "APPROVED", 2026, 11, 24, 9, 10),
            review("staf", "APPROVED", 2026, 11, 24, 9, 20),   # the last staf approval counts
            review("kasubbag", "CHANGES_REQUESTED", 2026, 11, 24, 9, 25),
            review("pengelola", "COMMENTED", 2026, 11, 24, 9, 30),
            review("staf", "APPROVED", 2026, 11, 24, 9, 50),
            review("kasubbag", "CHANGES_REQUESTED", 2026, 11, 24, 10, 0),
            review("staf", "APPROVED", 2026, 11, 24, 10, 10),
            review("kasubbag", "APPROVED", 2026, 11, 24, 10, 12),
        ],
        merged_at=wib(2026, 11, 24, 10, 13), notified_at=wib(2026, 11, 24, 10, 20))
    timeline = build_timeline(item, SOP)
    assert timeline.rejections == 2
    # Step 4: 20 + 25 + 10; step 5: 5 + 10 + 2; both against three passes of the standard.
    assert minutes(timeline) == [None, 30.0, 30.0, 55.0, 17.0, 7.0]
    assert [s.passes for s in timeline.steps] == [1, 1, 1, 3, 3, 1]
    assert timeline.step(4).standard == 90
    assert timeline.step(5).standard == 30
    assert timeline.step(4).start == wib(2026, 11, 24, 9, 0)
    assert timeline.step(4).end == wib(2026, 11, 24, 10, 10)
    assert timeline.step(5).end == wib(2026, 11, 24, 10, 12)
    assert late(timeline) == [None, False, False, False, False, False]


def test_steps_that_cannot_be_measured_say_why():
    item = ItemEvents(
        title="Tanpa disposisi", first_commit_at=wib(2026, 11, 24, 9, 0), pull_request_number=9,
        ready_for_review_at=wib(2026, 11, 24, 9, 10),
        reviews=[review("kasubbag", "APPROVED", 2026, 11, 24, 9, 30)],
        merged_at=wib(2026, 11, 24, 9, 31))
    timeline = build_timeline(item, SOP)
    assert minutes(timeline) == [None, None, 10.0, None, None, None]
    assert [s.reason for s in timeline.steps] == [
        "tidak terukur: tidak ada issue disposisi yang tertaut",
        "tidak terukur: tidak ada issue disposisi yang tertaut",
        "",
        "tidak terukur: tidak ada persetujuan staf sebelum keputusan Kasubbag pada putaran ke-1",
        "tidak terukur: tidak ada persetujuan staf sebelum keputusan Kasubbag pada putaran ke-1",
        "belum selesai: belum ada catatan kabar WhatsApp terkirim",
    ]
    assert timeline.late_steps == []
    assert timeline.within_standard is True


def test_merged_without_a_kasubbag_review_and_reversed_times():
    item = ItemEvents(
        title="Aneh", disposisi_number=2, disposisi_created_at=wib(2026, 11, 24, 10, 0),
        first_commit_at=wib(2026, 11, 24, 9, 0),  # before the disposisi
        pull_request_number=3, ready_for_review_at=wib(2026, 11, 24, 10, 30),
        reviews=[review("staf", "APPROVED", 2026, 11, 24, 10, 40)], merged_at=wib(2026, 11, 24, 11, 0),
        notified_at=wib(2026, 11, 24, 11, 5))
    timeline = build_timeline(item, SOP)
    assert minutes(timeline) == [None, None, 90.0, 10.0, None, 5.0]
    assert timeline.step(2).reason == "tidak terukur: urutan waktu tidak wajar (selesai lebih awal daripada mulai)"
    assert timeline.step(5).reason == ("tidak terukur: digabung tanpa keputusan Kasubbag yang tercatat "
                                       "pada pull request")


def test_draft_pull_request_and_no_pull_request():
    draft = build_timeline(ItemEvents(title="Draf", disposisi_number=1, disposisi_created_at=wib(2026, 11, 24, 8, 0),
                                      first_commit_at=wib(2026, 11, 24, 9, 0), pull_request_number=2), SOP)
    assert draft.step(3).reason == "belum selesai: pull request masih berupa draf"
    assert draft.step(4).reason == "belum selesai: pull request masih berupa draf"
    nothing = build_timeline(ItemEvents(title="Baru", disposisi_number=1,
                                        disposisi_created_at=wib(2026, 11, 24, 8, 0)), SOP)
    assert [s.reason for s in nothing.steps][1:] == [
        "belum selesai: belum ada commit konsep",
        "tidak terukur: commit pertama konsep tidak tercatat",
        "belum selesai: belum ada pull request",
        "belum selesai: belum ada pull request",
        "belum selesai: belum digabung (merge)",
    ]
    assert nothing.within_standard is None


def test_events_round_trip_through_json(tmp_path):
    item = ItemEvents(title="UU", post_id="uu-7", disposisi_number=1, disposisi_created_at=wib(2026, 11, 24, 8, 0),
                      reviews=[review("staf", "APPROVED", 2026, 11, 24, 9, 0)])
    path = tmp_path / "events.json"
    path.write_text(dump_events([item]), encoding="utf-8")
    assert load_events(path) == [item]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data[0]["disposisi_created_at"] == "2026-11-24T08:00:00+07:00"
    path.write_text(json.dumps([{"title": "x", "merged_at": "2026-11-24T08:00:00"}]), encoding="utf-8")
    with pytest.raises(ValueError, match="tanpa zona waktu"):
        load_events(path)
    path.write_text(json.dumps([{"title": "x", "judul": "y"}]), encoding="utf-8")
    with pytest.raises(ValueError, match="kunci tidak dikenal: judul"):
        load_events(path)


def test_timeline_markdown_for_the_publish_record():
    item = ItemEvents(
        title="Keputusan KPU", disposisi_number=5, disposisi_created_at=wib(2026, 11, 24, 8, 0),
        first_commit_at=wib(2026, 11, 24, 8, 30), pull_request_number=6, ready_for_review_at=wib(2026, 11, 24, 9, 0),
        reviews=[review("staf", "APPROVED", 2026, 11, 24, 9, 20),
                 review("kasubbag", "CHANGES_REQUESTED", 2026, 11, 24, 9, 25),
                 review("staf", "APPROVED", 2026, 11, 24, 10, 30),
                 review("kasubbag", "APPROVED", 2026, 11, 24, 10, 32)],
        merged_at=wib(2026, 11, 24, 10, 33))
    assert timeline_markdown(item, SOP) == """\
#### Linimasa SOP (waktu kerja WIB)

| Langkah | Mulai | Selesai | Waktu kerja | Waktu baku | Keterangan |
| --- | --- | --- | --- | --- | --- |
| 1. Disposisi | — | 24 Nov 2026 08.00 | tidak terukur | 10 menit | tidak terukur: hanya waktu pembuatan issue disposisi yang tercatat, saat perintah diberikan tidak tercatat |
| 2. Menghimpun bahan dan mengarahkan konsep | 24 Nov 2026 08.00 | 24 Nov 2026 08.30 | 30 menit | 1 hari | sesuai waktu baku |
| 3. Membuat dan menyerahkan konsep | 24 Nov 2026 08.30 | 24 Nov 2026 09.00 | 30 menit | 30 menit | sesuai waktu baku |
| 4. Menyunting (2 putaran) | 24 Nov 2026 09.00 | 24 Nov 2026 10.30 | 1 jam 25 menit | 1 jam | melewati waktu baku |
| 5. Persetujuan Kasubbag (2 putaran) | 24 Nov 2026 09.20 | 24 Nov 2026 10.32 | 7 menit | 20 menit | sesuai waktu baku |
| 6. Mengunggah dan mengirim tautan ke grup WhatsApp | 24 Nov 2026 10.33 | — | belum selesai | 15 menit | belum selesai: belum ada catatan kabar WhatsApp terkirim |

Dikembalikan oleh Kasubbag: 1 kali. Jumlah waktu kerja yang terukur: 2 jam 32 menit (waktu baku seluruh langkah: 1 hari 2 jam 15 menit).
Langkah yang melewati waktu baku: 4.
"""


# --- on the fake GitHub server ---------------------------------------------------------------

from jdih.content.settings import load_settings  # noqa: E402
from jdih.notify.ledger import LedgerEntry, comment_body  # noqa: E402
from jdih.sop.history import events_from_github  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

SETTINGS = load_settings(ROOT / "site_config" / "jdih.yml")
KASUBBAG, STAF, PENGELOLA = "kasubbag-kapuas", "staf-hukum-kapuas", "pengelola-jdih-kapuas"


def office_scenarios(fake) -> dict[str, int]:
    numbers = {}
    # 1. Across a weekend, with two rejections; notified after the merge.
    numbers["uu"] = fake.open_issue(KASUBBAG, "Disposisi: UU 7/2017", labels=["disposisi"], at=wib(2026, 11, 20, 14, 0))
    numbers["uu_pr"] = pr = fake.open_pull(PENGELOLA, "konsep/uu-7-2017", title="UU 7/2017", draft=True,
                                           body=f"Menindaklanjuti #{numbers['uu']}", files=["drafts/uu-7-2017.md"],
                                           at=wib(2026, 11, 23, 9, 0))
    fake.mark_ready(pr, at=wib(2026, 11, 23, 9, 20))
    fake.submit_review(pr, STAF, "COMMENTED", at=wib(2026, 11, 23, 9, 30))
    fake.submit_review(pr, STAF, "APPROVED", at=wib(2026, 11, 23, 9, 40))
    fake.submit_review(pr, KASUBBAG, "CHANGES_REQUESTED", at=wib(2026, 11, 23, 9, 45))
    fake.push_to_pull(pr, at=wib(2026, 11, 23, 9, 55), author=PENGELOLA)
    fake.submit_review(pr, STAF, "APPROVED", at=wib(2026, 11, 23, 10, 0))
    fake.submit_review(pr, KASUBBAG, "CHANGES_REQUESTED", at=wib(2026, 11, 23, 10, 5))
    fake.submit_review(pr, STAF, "APPROVED", at=wib(2026, 11, 23, 10, 20))
    fake.submit_review(pr, KASUBBAG, "APPROVED", at=wib(2026, 11, 23, 10, 22))
    fake.merge_pull(pr, KASUBBAG, at=wib(2026, 11, 23, 10, 25))
    entry = LedgerEntry(post_id="posts/2026/uu-7-2017/", idempotency_key="k", state="sent", title="UU 7/2017",
                        pull_request=pr, events=[{"state": "sending", "time": "2026-11-23T03:29:00+00:00"},
                                                 {"state": "sent", "time": "2026-11-23T03:30:00+00:00"}])
    fake.add_comment(pr, "github-actions[bot]", comment_body(entry), at=wib(2026, 11, 23, 10, 30))
    # 2. Across Christmas and its collective leave, and across office closing time; opened ready.
    numbers["natal"] = fake.open_issue(KASUBBAG, "Disposisi: Natal", labels=["disposisi"], at=wib(2026, 12, 23, 15, 0))
    numbers["natal_pr"] = pr = fake.open_pull(PENGELOLA, "konsep/natal", title="Natal", body=f"Closes #{numbers['natal']}",
                                              files=["drafts/natal.md"], at=wib(2026, 12, 28, 8, 0))
    fake.submit_review(pr, STAF, "APPROVED", at=wib(2026, 12, 28, 15, 50))
    fake.submit_review(pr, KASUBBAG, "APPROVED", at=wib(2026, 12, 29, 7, 40))
    # 3. No disposisi, Kasubbag approved without the staf: steps that cannot be measured.
    numbers["tanpa"] = pr = fake.open_pull(PENGELOLA, "konsep/tanpa", title="Tanpa disposisi",
                                           files=["drafts/tanpa.md"], at=wib(2026, 11, 24, 9, 0))
    fake.submit_review(pr, KASUBBAG, "APPROVED", at=wib(2026, 11, 24, 9, 30))
    fake.merge_pull(pr, KASUBBAG, at=wib(2026, 11, 24, 9, 31))
    # 4. A disposisi nobody has followed up yet; 5. a code change that is not content.
    numbers["baru"] = fake.open_issue(KASUBBAG, "Disposisi: Konten baru", labels=["disposisi"],
                                      at=wib(2026, 11, 25, 8, 0))
    fake.open_pull(PENGELOLA, "perbaiki-skrip", title="Perbaiki skrip", files=["scripts/jdih/cli.py"],
                   at=wib(2026, 11, 25, 9, 0))
    return numbers


def test_timelines_from_the_fake_github(fake_github, github_client):
    numbers = office_scenarios(fake_github)
    repo = github_client.get_repo(fake_github.full_name)
    items = events_from_github(repo, None, SETTINGS)
    assert [(i.title, i.pull_request_number, i.disposisi_number) for i in items] == [
        ("UU 7/2017", numbers["uu_pr"], numbers["uu"]), ("Tanpa disposisi", numbers["tanpa"], None),
        ("Natal", numbers["natal_pr"], numbers["natal"]), ("Konten baru", None, numbers["baru"])]
    uu, tanpa, natal, baru = (build_timeline(i, SOP) for i in items)

    assert items[0].post_id == "posts/2026/uu-7-2017/"
    assert items[0].notified_at == wib(2026, 11, 23, 10, 30)
    assert items[0].disposisi_author == KASUBBAG
    # Weekend: Fri 14:00–16:00 + Mon 07:30–09:00; rejected twice: 20 + 15 + 15 and 5 + 5 + 2.
    assert minutes(uu) == [None, 210.0, 20.0, 50.0, 12.0, 5.0]
    assert uu.rejections == 2
    assert [s.standard for s in uu.steps] == [10, 510, 30, 90, 30, 15]
    assert late(uu) == [None, False, False, False, False, False]

    # Christmas Eve (cuti bersama), Christmas, the weekend: 60 + 30 minutes; 15:50 → 07:40 = 10 + 10.
    assert minutes(natal) == [None, 90.0, 0.0, 470.0, 20.0, None]
    assert late(natal) == [None, False, False, True, True, None]
    assert natal.step(6).reason == "belum selesai: belum digabung (merge)"

    assert minutes(tanpa) == [None, None, 0.0, None, None, None]
    assert tanpa.step(4).reason == ("tidak terukur: tidak ada persetujuan staf sebelum keputusan Kasubbag "
                                    "pada putaran ke-1")
    assert tanpa.step(6).reason == "belum selesai: belum ada catatan kabar WhatsApp terkirim"

    assert baru.item.disposisi_created_at == wib(2026, 11, 25, 8, 0)
    assert baru.step(2).reason == "belum selesai: belum ada commit konsep"

    # By number: a disposisi gives the item of its pull request; a pull request its own.
    chosen = events_from_github(repo, [numbers["uu"], numbers["natal_pr"], numbers["uu_pr"]], SETTINGS)
    assert [i.pull_request_number for i in chosen] == [numbers["uu_pr"], numbers["natal_pr"]]
    assert chosen[0] == items[0]


def test_a_disposisi_opened_outside_the_roles_is_not_counted(fake_github, github_client):
    fake_github.add_user("pengunjung-umum")
    outsider = fake_github.open_issue("pengunjung-umum", "Disposisi: Promosi", labels=["disposisi"],
                                      at=wib(2026, 11, 25, 8, 0))
    ordered = fake_github.open_issue(KASUBBAG, "Disposisi: PKPU 8/2019", labels=["disposisi"], at=wib(2026, 11, 25, 9, 0))
    # a staff pull request that cites the outsider's issue still counts, without steps 1–2
    pr = fake_github.open_pull(PENGELOLA, "konsep/promosi", title="Promosi", body=f"Menindaklanjuti #{outsider}",
                               files=["drafts/promosi.md"], at=wib(2026, 11, 25, 10, 0))
    repo = github_client.get_repo(fake_github.full_name)
    items = events_from_github(repo, None, SETTINGS)
    assert [(i.title, i.pull_request_number, i.disposisi_number) for i in items] == [
        ("Promosi", pr, None), ("PKPU 8/2019", None, ordered)]
    assert events_from_github(repo, [outsider], SETTINGS) == [items[0]]


def test_approvals_dismissed_by_a_later_push_still_measure_their_round(fake_github, github_client):
    """With the ruleset's "dismiss stale approvals on push", the staff approval of round 1 reads
    DISMISSED after the fix is pushed; the report still knows it was an approval, and when."""
    fake_github.repo.rulesets.append({"id": 9, "name": "r", "target": "branch", "enforcement": "active",
                                      "bypass_actors": [], "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"],
                                                                                         "exclude": []}},
                                      "rules": [{"type": "pull_request", "parameters": {
                                          "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": True,
                                          "require_code_owner_review": False, "require_last_push_approval": False,
                                          "required_review_thread_resolution": False}}]})
    pr = fake_github.open_pull(PENGELOLA, "konsep/x", title="X", files=["drafts/x.md"], at=wib(2026, 11, 23, 9, 0))
    fake_github.submit_review(pr, STAF, "APPROVED", at=wib(2026, 11, 23, 9, 30))
    fake_github.submit_review(pr, KASUBBAG, "CHANGES_REQUESTED", at=wib(2026, 11, 23, 9, 40))
    fake_github.push_to_pull(pr, at=wib(2026, 11, 23, 10, 0), author=PENGELOLA)
    fake_github.submit_review(pr, STAF, "APPROVED", at=wib(2026, 11, 23, 10, 10))
    fake_github.submit_review(pr, KASUBBAG, "APPROVED", at=wib(2026, 11, 23, 10, 15))
    fake_github.merge_pull(pr, KASUBBAG, at=wib(2026, 11, 23, 10, 20))
    assert fake_github.pull(pr).reviews[0].state == "DISMISSED"
    repo = github_client.get_repo(fake_github.full_name)
    [item] = events_from_github(repo, [pr], SETTINGS)
    assert [r.state for r in item.reviews] == ["APPROVED", "CHANGES_REQUESTED", "APPROVED", "APPROVED"]
    timeline = build_timeline(item, SOP)
    assert timeline.rejections == 1
    assert timeline.step(4).minutes is not None and timeline.step(5).minutes is not None


# --- step 6a: per platform ------------------------------------------------------------------------

from jdih.reporting.timeline import Upload  # noqa: E402


def uploaded_item() -> ItemEvents:
    """Merged Tuesday 15.50: Instagram by the API at 15.58; Facebook by hand, confirmed Wednesday
    08.00 (10 minutes before closing + 30 after opening); Telegram waiting for the operator; X failed."""
    return ItemEvents(
        title="PKPU 8/2019", post_id="posts/2026/pkpu-8-2019/", pull_request_number=2,
        ready_for_review_at=wib(2026, 11, 24, 15, 0),
        reviews=[review("staf", "APPROVED", 2026, 11, 24, 15, 20), review("kasubbag", "APPROVED", 2026, 11, 24, 15, 30)],
        merged_at=wib(2026, 11, 24, 15, 50), published_at=wib(2026, 11, 24, 15, 55),
        notified_at=wib(2026, 11, 24, 16, 0),
        uploads=[Upload("instagram", "sent", "auto", "https://www.instagram.com/p/DAbc/", wib(2026, 11, 24, 15, 58)),
                 Upload("facebook", "sent", "manual", "https://www.facebook.com/kpukapuas/posts/1",
                        wib(2026, 11, 25, 8, 0)),
                 Upload("telegram", "manual", "manual"), Upload("x", "failed", "auto")])


def test_step_6a_per_platform_from_the_merge_in_working_time():
    timeline = build_timeline(uploaded_item(), SOP)
    assert timeline.step(6).minutes == 10.0  # step 6 (WhatsApp) as before
    assert [(u.platform, u.mode, u.minutes, u.late, u.standard) for u in timeline.uploads] == [
        ("instagram", "auto", 8.0, False, 15), ("facebook", "manual", 40.0, True, 15),
        ("telegram", "manual", None, None, 15), ("x", "auto", None, None, 15)]
    assert [u.reason for u in timeline.uploads[2:]] == [
        "belum selesai: menunggu pengelola mengunggah dan mengonfirmasi dengan /diunggah telegram",
        "belum selesai: unggahan otomatis belum berhasil, dicoba ulang"]
    # beside step 6, not in the item's total or verdict
    assert timeline.late_steps == [] and timeline.late_uploads == ["facebook"]
    assert timeline.total_minutes == sum(s.minutes for s in timeline.steps if s.minutes is not None)
    unmerged = build_timeline(ItemEvents(title="x", uploads=[Upload("instagram", "manual", "manual")]), SOP)
    assert unmerged.uploads[0].reason == "belum selesai: belum digabung (merge)"


def test_timeline_markdown_shows_each_platform_under_step_6():
    text = timeline_markdown(uploaded_item(), SOP)
    rows = [line for line in text.splitlines() if line.startswith("| 6")]
    assert rows == [
        "| 6. Mengunggah dan mengirim tautan ke grup WhatsApp | 24 Nov 2026 15.50 | 24 Nov 2026 16.00 | 10 menit | "
        "15 menit | sesuai waktu baku |",
        "| 6a. Unggah ke Instagram (otomatis) | 24 Nov 2026 15.50 | 24 Nov 2026 15.58 | 8 menit | 15 menit | "
        "sesuai waktu baku |",
        "| 6a. Unggah ke Facebook (oleh pengelola) | 24 Nov 2026 15.50 | 25 Nov 2026 08.00 | 40 menit | 15 menit | "
        "melewati waktu baku |",
        "| 6a. Unggah ke Telegram (oleh pengelola) | 24 Nov 2026 15.50 | — | belum selesai | 15 menit | "
        "belum selesai: menunggu pengelola mengunggah dan mengonfirmasi dengan /diunggah telegram |",
        "| 6a. Unggah ke X (otomatis) | 24 Nov 2026 15.50 | — | belum selesai | 15 menit | "
        "belum selesai: unggahan otomatis belum berhasil, dicoba ulang |"]
    assert text.endswith(
        "Langkah yang melewati waktu baku: tidak ada.\n"
        "Unggahan media sosial (6a) dihitung per platform sejak penggabungan, berjalan bersamaan dengan langkah 6, "
        "jadi tidak ditambahkan ke jumlah; yang melewati waktu baku: Facebook.\n")


def test_uploads_round_trip_through_json_and_bad_ones_say_what_to_write(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(dump_events([uploaded_item()]), encoding="utf-8")
    assert load_events(path) == [uploaded_item()]
    assert json.loads(path.read_text(encoding="utf-8"))[0]["uploads"][0] == {
        "platform": "instagram", "state": "sent", "mode": "auto", "url": "https://www.instagram.com/p/DAbc/",
        "sent_at": "2026-11-24T15:58:00+07:00"}
    path.write_text(json.dumps([{"title": "x", "uploads": [{"platform": "myspace", "state": "sent"}]}]),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="unggahan tidak sah"):
        load_events(path)


def test_step_6a_from_the_fake_github_with_a_confirmation_comment(fake_github, github_client):
    """On GitHub: the bot's upload ledger comment, the operator's /diunggah folded in by the upload
    service; the report measures Facebook to the operator's comment time."""
    from jdih.notify.ledger import PyGithubCommentStore
    from jdih.social import ledger as uploads_ledger
    from jdih.social.confirm import confirmations
    from jdih.social.service import apply_confirmations

    pr = fake_github.open_pull(PENGELOLA, "konsep/pkpu", title="PKPU", files=["drafts/pkpu.md"],
                               at=wib(2026, 11, 24, 15, 0))
    fake_github.merge_pull(pr, KASUBBAG, at=wib(2026, 11, 24, 15, 50))
    repo = github_client.get_repo(fake_github.full_name)
    ledger = uploads_ledger.CommentUploadLedger(PyGithubCommentStore(repo), SETTINGS)
    record = uploads_ledger.PostUploads(post_id="posts/2026/pkpu/", title="PKPU", pull_request=pr)
    uploads_ledger.record(record, "instagram", "sending", wib(2026, 11, 24, 15, 57), mode="auto")
    uploads_ledger.record(record, "instagram", "sent", wib(2026, 11, 24, 15, 58),
                          url="https://www.instagram.com/p/DAbc/", mode="auto")
    uploads_ledger.record(record, "facebook", "manual", wib(2026, 11, 24, 15, 57), mode="manual")
    ledger.put(record)
    fake_github.add_comment(pr, PENGELOLA, "/diunggah facebook https://www.facebook.com/kpukapuas/posts/1",
                            at=wib(2026, 11, 25, 8, 0))
    comments = [type("C", (), {"body": c.body, "author": c.user.login, "created_at": c.created_at})()
                for c in repo.get_issue(pr).get_comments()]
    found, refused = confirmations(comments, SETTINGS)
    assert refused == [] and apply_confirmations(record, found)
    ledger.put(record)
    [item] = events_from_github(repo, [pr], SETTINGS)
    timeline = build_timeline(item, SOP)
    assert [(u.platform, u.mode, u.minutes) for u in timeline.uploads] == [
        ("instagram", "auto", 8.0), ("facebook", "manual", 40.0)]
