"""The operator's `/diunggah` and `/unggah-ulang` on the pull request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jdih.content.settings import load_settings
from jdih.social.confirm import confirmations
from tests.conftest import ROOT

SETTINGS = load_settings(ROOT / "site_config" / "jdih.yml")
WHEN = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)


@dataclass
class Comment:
    body: str
    author: str
    created_at: dt.datetime = WHEN


def test_a_role_member_confirms_with_a_link_on_the_platform():
    found, refused = confirmations([Comment("Sudah.\n/diunggah instagram https://www.instagram.com/p/C0dE/\n",
                                            "pengelola-jdih-kapuas")], SETTINGS)
    assert [(c.platform, c.url, c.login, c.time) for c in found] == [
        ("instagram", "https://www.instagram.com/p/C0dE/", "pengelola-jdih-kapuas", WHEN)]
    assert refused == []


def test_upload_again_has_no_link():
    found, _ = confirmations([Comment("/unggah-ulang facebook", "kasubbag-kapuas")], SETTINGS)
    assert [(c.platform, c.url) for c in found] == [("facebook", None)]


def test_refusals_say_why():
    found, refused = confirmations([
        Comment("/diunggah instagram https://www.instagram.com/p/x/", "orang-luar"),
        Comment("/diunggah instagram https://evil.example/instagram.com/p/x/", "pengelola-jdih-kapuas"),
        Comment("/diunggah instagram http://www.instagram.com/p/x/", "pengelola-jdih-kapuas"),
        Comment("/diunggah tiktok https://www.tiktok.com/@kpu/video/1", "pengelola-jdih-kapuas"),
        Comment("/diunggah telegram", "pengelola-jdih-kapuas"),
    ], SETTINGS)
    assert found == []
    assert refused == [
        "@orang-luar: `/diunggah` diabaikan — hanya akun dalam roles yang dapat mengonfirmasi unggahan",
        "`/diunggah instagram` diabaikan — sertakan tautan https unggahan di instagram.com",
        "`/diunggah instagram` diabaikan — sertakan tautan https unggahan di instagram.com",
        "`/diunggah tiktok` diabaikan — platform dikenal: instagram, facebook, telegram, x",
        "`/diunggah telegram` diabaikan — sertakan tautan https unggahan di t.me atau telegram.me",
    ]


def test_a_command_must_stand_on_its_own_line():
    found, _ = confirmations([Comment("tolong jalankan /diunggah x https://x.com/a/status/1 nanti",
                                      "pengelola-jdih-kapuas")], SETTINGS)
    assert found == []
