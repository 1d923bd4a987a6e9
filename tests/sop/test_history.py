"""The register's data read back from GitHub (`register_facts`): newest first, a bounded number
of posts a run, what is final kept, only a bot's ledger comment counts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from jdih.content.settings import load_settings
from jdih.notify.ledger import LedgerEntry, comment_body
from jdih.reporting.register import PostFacts
from jdih.sop.history import register_facts
from tests.conftest import ROOT

SETTINGS = load_settings(ROOT / "site_config" / "jdih.yml")
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def post(day: int, pull: int | None, disposisi: int | None, url: str | None = None):
    merged = dt.datetime(2026, 11, day, 2, 0, tzinfo=dt.UTC)
    provenance = SimpleNamespace(pull_request=pull, disposisi=disposisi, merged_at=merged, approved_at=merged,
                                 pull_request_url=url)
    return f"posts/2026/p{day}/", SimpleNamespace(provenance=provenance, disposisi=None)


class Repo:
    def __init__(self):
        self.asked: list[int] = []

    def get_issue(self, number: int):
        self.asked.append(number)
        return SimpleNamespace(pull_request=None, user=SimpleNamespace(login="kasubbag-kapuas"),
                               created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(days=number))


class Store:
    """The bot's comments only (as `PyGithubCommentStore` lists them)."""

    def __init__(self, sent: dict[int, str]):
        self.sent, self.asked = sent, []

    def list_comments(self, number: int):
        self.asked.append(number)
        post_id = self.sent.get(number)
        if post_id is None:
            return []
        entry = LedgerEntry(post_id, "k", "sent", "Judul", number, [{"state": "sent", "time": "2026-11-20T09:00:00+07:00"}])
        return [(1, comment_body(entry))]


def test_newest_first_at_most_limit_posts_then_the_rest_next_run():
    posts = [post(day, pull=100 + day, disposisi=day) for day in range(1, 6)]
    repo, store = Repo(), Store({105: "posts/2026/p5/"})
    first = register_facts(repo, posts, SETTINGS, store, now=NOW, limit=2)
    assert store.asked == [105, 104] and repo.asked == [5, 4]  # the newest two
    assert first["posts/2026/p5/"].sent and first["posts/2026/p5/"].disposisi_created_at.day == 6
    assert first["posts/2026/p4/"].notification == "none"  # asked: no notice yet
    assert first["posts/2026/p1/"] == PostFacts(1, None, None, None, None)  # not asked yet
    repo.asked, store.asked = [], []
    second = register_facts(repo, posts, SETTINGS, store, previous=first, now=NOW, limit=2)
    # p5 is final; p4's notice may still come; then the two not asked yet
    assert store.asked == [104, 103] and repo.asked == [3]
    assert second["posts/2026/p3/"].disposisi_created_at is not None and second["posts/2026/p5/"] == first["posts/2026/p5/"]


def test_a_changed_disposisi_number_is_asked_again_and_foreign_pull_requests_are_not_asked():
    repo, store = Repo(), Store({})
    previous = {"posts/2026/p3/": PostFacts(7, dt.datetime(2026, 11, 8, tzinfo=dt.UTC), "sent",
                                            dt.datetime(2026, 11, 3, tzinfo=dt.UTC), NOW)}
    posts = [post(3, pull=9, disposisi=8),
             post(2, pull=5, disposisi=None, url="https://github.com/lain/repo/pull/5")]
    facts = register_facts(repo, posts, SETTINGS, store, previous=previous, now=NOW,
                           repository="kpu-kapuas/jdih-medsos")
    assert repo.asked == [8] and facts["posts/2026/p3/"].disposisi_number == 8
    assert facts["posts/2026/p3/"].sent  # a sent notice stays sent
    assert store.asked == []  # p3: sent already; p2: another repository's pull request
    assert facts["posts/2026/p2/"] == PostFacts()


# --- step 6a: the upload ledger comment ------------------------------------------------------------

from jdih.content.settings import Settings  # noqa: E402
from jdih.notify.ledger import MemoryCommentStore  # noqa: E402
from jdih.reporting.timeline import Upload  # noqa: E402
from jdih.social import ledger as uploads_ledger  # noqa: E402
from jdih.social.confirm import Confirmation  # noqa: E402
from jdih.social.service import apply_confirmations  # noqa: E402

MERGED = dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC)  # post(5, …): 09.00 WIB


def upload_record(post_id: str, pull: int, settings: Settings = SETTINGS) -> uploads_ledger.PostUploads:
    """What `jdih unggah` and the operator leave on the pull request: Instagram posted by the API,
    Facebook uploaded by hand and confirmed with /diunggah, Telegram waiting for the operator, X failed."""
    uploads = uploads_ledger.PostUploads(post_id=post_id, title="Judul", pull_request=pull)
    at = MERGED + dt.timedelta(minutes=6)
    uploads_ledger.record(uploads, "instagram", "sending", at, mode="auto")
    uploads_ledger.record(uploads, "instagram", "sent", at + dt.timedelta(minutes=1),
                          url="https://www.instagram.com/p/DAbc123/", remote_id="1789", mode="auto")
    uploads_ledger.record(uploads, "facebook", "manual", at, mode="manual")
    uploads_ledger.record(uploads, "telegram", "manual", at, mode="manual")
    uploads_ledger.record(uploads, "x", "failed", at, reason="token X ditolak", permanent=True)
    confirmed = Confirmation("facebook", "https://www.facebook.com/kpukapuas/posts/pfbid02X", "pengelola-jdih-kapuas",
                             MERGED + dt.timedelta(hours=2))
    assert apply_confirmations(uploads, [confirmed])
    return uploads


class CountingStore(MemoryCommentStore):
    """The bot's comments (as `PyGithubCommentStore` lists them), counting what is asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[int] = []

    def list_comments(self, issue_number: int):
        self.asked.append(issue_number)
        return super().list_comments(issue_number)


def store_with(*comments: tuple[int, str]) -> CountingStore:
    store = CountingStore()
    for number, body in comments:
        store.create_comment(number, body)
    return store


def whatsapp_sent(post_id: str, number: int) -> str:
    return comment_body(LedgerEntry(post_id, "k", "sent", "Judul", number,
                                    [{"state": "sent", "time": "2026-11-05T09:20:00+07:00"}]))


def test_the_register_reads_each_platforms_upload_from_the_upload_ledger_comment():
    post_id, meta = post(5, pull=105, disposisi=None)
    record = upload_record(post_id, 105)
    store = store_with((105, whatsapp_sent(post_id, 105)), (105, uploads_ledger.comment_body(record, SETTINGS)))
    facts = register_facts(Repo(), [(post_id, meta)], SETTINGS, store, now=NOW)[post_id]
    assert facts.sent and facts.uploads == (
        Upload("instagram", "sent", "auto", "https://www.instagram.com/p/DAbc123/", MERGED + dt.timedelta(minutes=7)),
        Upload("facebook", "sent", "manual", "https://www.facebook.com/kpukapuas/posts/pfbid02X",
               MERGED + dt.timedelta(hours=2)),
        Upload("telegram", "manual", "manual"),
        Upload("x", "failed", "auto"))
    assert not facts.final  # Telegram and X are not up yet: asked again in the next run
    assert store.asked == [105]  # one listing gives both ledgers
    again = register_facts(Repo(), [(post_id, meta)], SETTINGS, store, previous={post_id: facts}, now=NOW)[post_id]
    assert store.asked == [105, 105] and again.uploads == facts.uploads
    # …but not after PENDING_RECHECK_DAYS, like a notice never sent
    late = NOW + dt.timedelta(days=40)
    kept = register_facts(Repo(), [(post_id, meta)], SETTINGS, store, previous={post_id: facts}, now=late)[post_id]
    assert store.asked == [105, 105] and kept == facts


def test_every_platform_up_makes_the_post_final_and_it_is_not_asked_again():
    post_id, meta = post(5, pull=105, disposisi=None)
    record = upload_record(post_id, 105)
    for platform in ("telegram", "x"):
        uploads_ledger.record(record, platform, "sent", MERGED + dt.timedelta(hours=3), mode="manual",
                              url=f"https://t.me/kpukapuas/{platform}" if platform == "telegram"
                              else "https://x.com/kpukapuas/status/1")
    store = store_with((105, whatsapp_sent(post_id, 105)), (105, uploads_ledger.comment_body(record, SETTINGS)))
    facts = register_facts(Repo(), [(post_id, meta)], SETTINGS, store, now=NOW)[post_id]
    assert facts.final and [u.state for u in facts.uploads] == ["sent"] * 4
    assert register_facts(Repo(), [(post_id, meta)], SETTINGS, store, previous={post_id: facts},
                          now=NOW)[post_id] == facts
    assert store.asked == [105]  # only the first run asked


def test_another_posts_upload_comment_is_not_this_posts():
    post_id, meta = post(5, pull=105, disposisi=None)
    other = upload_record("posts/2026/lain/", 105)
    store = store_with((105, whatsapp_sent(post_id, 105)), (105, uploads_ledger.comment_body(other, SETTINGS)))
    facts = register_facts(Repo(), [(post_id, meta)], SETTINGS, store, now=NOW)[post_id]
    assert facts.uploads == () and facts.final  # read: no upload record for this post


def test_events_from_the_pull_request_carry_the_bots_upload_record_only(fake_github, github_client):
    """The SOP report's step 6a comes from the bot's upload ledger comment; the same comment
    written by anyone else is no proof."""
    from jdih.sop.history import events_from_github

    pr = fake_github.open_pull("pengelola-jdih-kapuas", "konsep/a", title="A", files=["drafts/a.md"], at=MERGED)
    fake_github.merge_pull(pr, "kasubbag-kapuas", at=MERGED)
    forged = upload_record("posts/2026/a/", pr)
    uploads_ledger.record(forged, "telegram", "sent", MERGED, url="https://t.me/palsu/1", mode="manual")
    fake_github.add_comment(pr, "staf-hukum-kapuas", uploads_ledger.comment_body(forged, SETTINGS))
    repo = github_client.get_repo(fake_github.full_name)
    [item] = events_from_github(repo, [pr], SETTINGS)
    assert item.uploads == [] and item.post_id is None
    uploads_ledger.CommentUploadLedger(uploads_ledger_store(repo), SETTINGS).put(upload_record("posts/2026/a/", pr))
    [item] = events_from_github(repo, [pr], SETTINGS)
    assert item.post_id == "posts/2026/a/"
    assert [(u.platform, u.state, u.mode, u.sent_at) for u in item.uploads] == [
        ("instagram", "sent", "auto", MERGED + dt.timedelta(minutes=7)),
        ("facebook", "sent", "manual", MERGED + dt.timedelta(hours=2)),
        ("telegram", "manual", "manual", None), ("x", "failed", "auto", None)]


def uploads_ledger_store(repo):
    from jdih.notify.ledger import PyGithubCommentStore

    return PyGithubCommentStore(repo)


def test_a_scheduled_item_waits_for_its_time_and_step_6_counts_from_it():
    from jdih.reporting.timeline import ItemEvents, build_timeline, timeline_markdown
    from jdih.sop.history import scheduled_from_comments

    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    bot, person = SimpleNamespace(type="Bot"), SimpleNamespace(type="User")
    record = "<!-- jdih:terjadwal post=posts/2026/a/ pr=3 -->\n<!-- jdih:jadwal waktu=2026-11-26T08:00:00+07:00 -->\n"
    comments = [SimpleNamespace(user=person, body=record.replace("26T08", "20T08")),  # anyone can write one
                SimpleNamespace(user=bot, body=record)]
    scheduled = scheduled_from_comments(comments)
    assert scheduled == dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.UTC)
    merged = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # Tuesday 10.00 WIB
    item = ItemEvents(title="A", merged_at=merged, scheduled_at=scheduled,
                      notified_at=scheduled + dt.timedelta(minutes=10))
    step6 = build_timeline(item, settings.sop).step(6)
    assert step6.start == scheduled and step6.minutes == 10 and not step6.late
    text = timeline_markdown(item, settings.sop)
    assert ("| Menunggu jadwal | 24 Nov 2026 10.00 | 26 Nov 2026 08.00 | — | — | menunggu jadwal tayang (disetujui "
            "lebih awal; tidak dihitung sebagai keterlambatan) |") in text
    from jdih.reporting.report import report_markdown

    report = report_markdown([item], settings.sop)
    assert "## Menunggu jadwal" in report and "- A: digabung 24 Nov 2026 10.00, tayang terjadwal 26 Nov 2026 08.00." \
        in report
    # not scheduled (or scheduled before the merge): no waiting row, step 6 from the merge
    unscheduled = ItemEvents(title="B", merged_at=merged, notified_at=merged + dt.timedelta(minutes=5))
    assert "Menunggu jadwal" not in timeline_markdown(unscheduled, settings.sop)
    assert build_timeline(unscheduled, settings.sop).step(6).start == merged
