"""`jdih.social.service.upload_all`: each post to each platform once, recorded as it goes.

The providers here are recording stand-ins for the collaborator (the real providers are tested
against the platform stand-ins in test_facebook/test_instagram/test_telegram/test_x); what is
under test is the exactly-once bookkeeping around them."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from jdih.content.settings import load_settings
from jdih.notify.ledger import MemoryCommentStore
from jdih.social.base import ProviderError, Published, SocialPost
from jdih.social.confirm import Confirmation
from jdih.social.ledger import CommentUploadLedger, JsonFileUploadLedger, comment_body, parse_comment
from jdih.social.manifest import PostMaterial
from jdih.social.service import ProviderSetupError, upload_all
from tests.conftest import ROOT

WIB = dt.timezone(dt.timedelta(hours=7))
POST = "posts/2026/uu-pemilu/"
ENTRY = {"post_id": POST, "title": "UU Pemilu", "url": "https://example.go.id/posts/2026/uu-pemilu/",
         "pull_request": 7}


def material() -> PostMaterial:
    base = "https://example.go.id/media/"
    return PostMaterial(
        post_id=POST, url=ENTRY["url"], title="UU Pemilu", live_url=ENTRY["url"],
        cards={"og": base + "a-og.jpg", "portrait": base + "a-portrait.jpg", "square": base + "a-square.jpg",
               "story": base + "a-story.jpg"},
        slides=(base + "a-portrait.jpg", base + "b-slide.jpg"), alts=("Sampul", "Foto kedua"),
        captions={"instagram": "Takarir IG #JDIHKPU", "facebook": "Takarir FB #JDIHKPU\n\n" + ENTRY["url"],
                  "telegram": "Takarir TG\n\n" + ENTRY["url"], "x": "Takarir X " + ENTRY["url"]})


class Recording:
    """A provider double: records each post, answers with a link, or raises what it is told."""

    def __init__(self, platform: str, fail: list[ProviderError] | None = None):
        self.platform = platform
        self.posts: list[SocialPost] = []
        self.fail = list(fail or [])

    def publish(self, post: SocialPost) -> Published:
        self.posts.append(post)
        if self.fail:
            raise self.fail.pop(0)
        return Published(remote_id=f"{self.platform}-{len(self.posts)}",
                         url=f"https://www.{self.platform}.com/p/{len(self.posts)}")


@pytest.fixture
def settings():
    base = load_settings(ROOT / "site_config" / "jdih.yml")
    posting = base.posting.model_copy(update={
        "instagram": base.posting.instagram.model_copy(update={"enabled": True, "user_id": "178"}),
        "facebook": base.posting.facebook.model_copy(update={"enabled": True, "page_id": "109"}),
    })
    return base.model_copy(update={"posting": posting})


def clock():
    return dt.datetime(2026, 12, 2, 10, 0, tzinfo=WIB)


def run(settings, ledger, providers, **kwargs):
    with requests.Session() as session:
        return upload_all([ENTRY], settings, ledger, {POST: material()}, providers, session, clock,
                          page_is_live=lambda s, url, t: True, **kwargs)


def test_each_enabled_platform_once_and_the_others_get_material(settings, tmp_path):
    ledger = JsonFileUploadLedger(tmp_path / "unggah.json")
    instagram, facebook = Recording("instagram"), Recording("facebook")
    result = run(settings, ledger, {"instagram": instagram, "facebook": facebook})
    assert result.ok
    assert [(o.platform, o.state) for o in result.outcomes] == [
        ("instagram", "sent"), ("facebook", "sent"), ("telegram", "manual"), ("x", "manual")]
    assert instagram.posts[0].caption == "Takarir IG #JDIHKPU"
    assert instagram.posts[0].images == material().slides
    recorded = ledger.get(POST, 7)
    assert recorded.links() == [("instagram", "https://www.instagram.com/p/1"),
                                ("facebook", "https://www.facebook.com/p/1")]
    assert recorded.waiting() == ["telegram", "x"]
    assert recorded.material["telegram"]["caption"] == "Takarir TG\n\n" + ENTRY["url"]
    # a second run (a re-run, or the retry workflow) posts nothing again
    again = run(settings, ledger, {"instagram": instagram, "facebook": facebook})
    assert len(instagram.posts) == len(facebook.posts) == 1
    assert [(o.platform, o.state) for o in again.outcomes][:2] == [("instagram", "already"), ("facebook", "already")]


def test_a_failure_stays_pending_and_the_retry_posts_it_once(settings, tmp_path):
    ledger = JsonFileUploadLedger(tmp_path / "unggah.json")
    down = ProviderError("Graph API sedang bermasalah (HTTP 503)", status=503, attempts=5)
    instagram, facebook = Recording("instagram", fail=[down]), Recording("facebook")
    first = run(settings, ledger, {"instagram": instagram, "facebook": facebook})
    assert not first.ok
    assert ledger.get(POST, 7).platforms["instagram"].state == "failed"
    assert ledger.get(POST, 7).waiting() == ["instagram", "telegram", "x"]
    second = run(settings, ledger, {"instagram": instagram, "facebook": facebook})
    assert second.ok
    assert len(instagram.posts) == 2 and len(facebook.posts) == 1
    assert ledger.get(POST, 7).platforms["instagram"].url == "https://www.instagram.com/p/2"


def test_an_interrupted_upload_is_never_posted_twice_until_the_operator_says(settings, tmp_path):
    ledger = JsonFileUploadLedger(tmp_path / "unggah.json")

    class Crash(Recording):
        def publish(self, post):
            super().publish(post)
            raise KeyboardInterrupt  # the runner is killed after the platform took the post

    with pytest.raises(KeyboardInterrupt):
        run(settings, ledger, {"instagram": Crash("instagram"), "facebook": Recording("facebook")})
    assert ledger.get(POST, 7).platforms["instagram"].state == "sending"
    instagram = Recording("instagram")
    result = run(settings, ledger, {"instagram": instagram, "facebook": Recording("facebook")})
    assert instagram.posts == []
    assert ("instagram", "interrupted") in [(o.platform, o.state) for o in result.outcomes]
    assert not result.ok
    # the operator looked: it is there — the link is recorded, nothing is posted
    seen = Confirmation("instagram", "https://www.instagram.com/p/ABC/", "pengelola-jdih-kapuas",
                        clock() + dt.timedelta(minutes=5))
    run(settings, ledger, {"instagram": instagram, "facebook": Recording("facebook")},
        confirmations={7: [seen]})
    entry = ledger.get(POST, 7).platforms["instagram"]
    assert (entry.state, entry.url, entry.mode, instagram.posts) == ("sent", "https://www.instagram.com/p/ABC/",
                                                                     "manual", [])


def test_upload_again_on_request_once(settings, tmp_path):
    ledger = JsonFileUploadLedger(tmp_path / "unggah.json")

    class Crash(Recording):
        def publish(self, post):
            raise SystemExit(1)

    with pytest.raises(SystemExit):
        run(settings, ledger, {"instagram": Crash("instagram"), "facebook": Recording("facebook")})
    again = Confirmation("instagram", None, "pengelola-jdih-kapuas", clock() + dt.timedelta(minutes=5))
    instagram = Recording("instagram")
    for _ in range(2):  # the command stays in the thread; it counts once
        run(settings, ledger, {"instagram": instagram, "facebook": Recording("facebook")},
            confirmations={7: [again]})
    assert len(instagram.posts) == 1
    assert ledger.get(POST, 7).platforms["instagram"].state == "sent"


def test_a_missing_secret_names_it_and_nothing_is_posted(settings, tmp_path):
    ledger = JsonFileUploadLedger(tmp_path / "unggah.json")
    missing = ProviderSetupError("secret INSTAGRAM_TOKEN kosong")
    result = run(settings, ledger, {"instagram": missing, "facebook": Recording("facebook")})
    failed = result.of("failed")
    assert [(o.platform, o.reason) for o in failed] == [("instagram", "secret INSTAGRAM_TOKEN kosong")]
    # the operator can still upload it by hand: the material is on the record
    assert ledger.get(POST, 7).material["instagram"]["images"] == list(material().slides)


def test_nothing_is_posted_while_the_page_is_not_live(settings, tmp_path):
    ledger = JsonFileUploadLedger(tmp_path / "unggah.json")
    instagram = Recording("instagram")
    with requests.Session() as session:
        result = upload_all([ENTRY], settings, ledger, {POST: material()}, {"instagram": instagram,
                            "facebook": Recording("facebook")}, session, clock,
                            page_is_live=lambda s, url, t: False)
    assert instagram.posts == []
    assert all("belum tayang" in o.reason for o in result.of("failed"))


def test_the_comment_ledger_round_trips_and_shows_what_people_need():
    store = MemoryCommentStore()
    ledger = CommentUploadLedger(store, "Asia/Jakarta")
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    with requests.Session() as session:
        upload_all([ENTRY], settings, ledger, {POST: material()}, {}, session, clock,
                   page_is_live=lambda s, url, t: True)
    [(comment_id, body)] = store.list_comments(7)
    found = parse_comment(body)
    assert found.waiting() == ["instagram", "facebook", "telegram", "x"]
    assert "**Unggahan media sosial** — UU Pemilu" in body
    assert "📋 **Instagram**: diunggah oleh pengelola" in body
    assert "`/diunggah instagram <tautan>`" in body
    # the caption in a fenced block (GitHub's copy button), images as links to the live site
    assert "```text\nTakarir IG #JDIHKPU\n```" in body
    assert "1. [Gambar 1](https://example.go.id/media/a-portrait.jpg)" in body
    assert comment_body(found, "Asia/Jakarta") == body


def test_a_caption_cannot_close_its_block_or_the_hidden_record():
    store = MemoryCommentStore()
    ledger = CommentUploadLedger(store, "Asia/Jakarta")
    hostile = material()
    hostile = PostMaterial(**{**hostile.__dict__, "captions": {**hostile.captions,
                                                                  "instagram": "a\n```\n<!-- x --> -->"}})
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    with requests.Session() as session:
        upload_all([ENTRY], settings, ledger, {POST: hostile}, {}, session, clock,
                   page_is_live=lambda s, url, t: True)
    [(_, body)] = store.list_comments(7)
    assert parse_comment(body).material["instagram"]["caption"] == "a\n```\n<!-- x --> -->"
    assert "````text\na\n```\n<!-- x --> -->\n````" in body


def test_switching_a_platform_on_never_posts_what_was_handed_to_the_operator(settings, tmp_path):
    ledger = JsonFileUploadLedger(tmp_path / "unggah.json")
    off = load_settings(ROOT / "site_config" / "jdih.yml")
    run(off, ledger, {})  # every platform by hand
    instagram = Recording("instagram")
    result = run(settings, ledger, {"instagram": instagram, "facebook": Recording("facebook")})
    assert instagram.posts == [] and ("instagram", "manual") in [(o.platform, o.state) for o in result.outcomes]
    # the operator had not posted it: `/unggah-ulang instagram` has it posted, once
    again = Confirmation("instagram", None, "pengelola-jdih-kapuas", clock() + dt.timedelta(minutes=5))
    for _ in range(2):
        run(settings, ledger, {"instagram": instagram, "facebook": Recording("facebook")}, confirmations={7: [again]})
    assert len(instagram.posts) == 1
