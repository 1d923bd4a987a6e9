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
