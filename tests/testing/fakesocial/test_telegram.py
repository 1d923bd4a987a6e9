"""jdih.testing.fakesocial.telegram: the stand-in's own refusals, each as the Bot API documents it."""

from __future__ import annotations

import io
import json

import pytest
import requests
from PIL import Image

from jdih.testing.fakesocial.server import MediaHost
from jdih.testing.fakesocial.telegram import FakeTelegram

TOKEN = "7000000001:AAH-stand-in-token"
CHANNEL = -1001111111111


def jpeg(width: int = 800, height: int = 800) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (1, 2, 3)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def host():
    with MediaHost() as running:
        yield running


@pytest.fixture
def tg():
    with FakeTelegram(per_minute=3) as running:
        running.add_bot(TOKEN, "jdih_bot")
        running.add_channel(CHANNEL, "JDIH", username="jdihkota", admins={"jdih_bot": True})
        yield running


def call(tg: FakeTelegram, method: str, token: str = TOKEN, **params) -> tuple[int, dict]:
    response = requests.post(f"{tg.url}/bot{token}/{method}", json=params, timeout=5)
    return response.status_code, response.json()


def test_unknown_and_revoked_tokens_are_401_and_never_recorded(tg, host):
    url = host.put("a.jpg", jpeg())
    assert call(tg, "sendPhoto", "123:nope", chat_id="@jdihkota", photo=url) == (
        401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    tg.revoke(TOKEN)
    assert call(tg, "getMe")[0] == 401
    assert [c.bot for c in tg.calls] == ["unknown", "jdih_bot"]
    assert TOKEN not in json.dumps([c.params for c in tg.calls]) and not host.fetched


def test_chat_membership_and_admin_rights(tg, host):
    url = host.put("a.jpg", jpeg())
    assert call(tg, "sendPhoto", chat_id="@nothere", photo=url)[1]["description"] == "Bad Request: chat not found"
    tg.add_channel(-1002, "Lain", username="lain")
    status, body = call(tg, "sendPhoto", chat_id="@lain", photo=url)
    assert (status, body["description"]) == (403, "Forbidden: bot is not a member of the channel chat")
    tg.add_channel(-1003, "Baca", admins={"jdih_bot": False})
    status, body = call(tg, "sendPhoto", chat_id=-1003, photo=url)
    assert (status, body["description"]) == (400, "Bad Request: need administrator rights in the channel chat")
    assert not host.fetched


def test_photo_is_downloaded_and_must_be_a_live_image_within_limits(tg, host):
    assert call(tg, "sendPhoto", chat_id=CHANNEL, photo=f"{host.url}/missing.jpg")[1]["description"] == \
        "Bad Request: failed to get HTTP URL content"
    page = host.put("page.html", b"<html></html>", "text/html")
    assert call(tg, "sendPhoto", chat_id=CHANNEL, photo=page)[1]["description"] == \
        "Bad Request: wrong type of the web page content"
    big = host.put("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "image/jpeg")
    assert call(tg, "sendPhoto", chat_id=CHANNEL, photo=big)[1]["description"] == \
        "Bad Request: failed to get HTTP URL content"
    thin = host.put("thin.jpg", jpeg(2100, 100))
    assert call(tg, "sendPhoto", chat_id=CHANNEL, photo=thin)[1]["description"] == \
        "Bad Request: PHOTO_INVALID_DIMENSIONS"
    assert call(tg, "sendPhoto", chat_id=CHANNEL, photo="AgACfileid")[0] == 400
    assert tg.posts(CHANNEL) == []


def test_caption_limit_counts_1024(tg, host):
    url = host.put("a.jpg", jpeg())
    assert call(tg, "sendPhoto", chat_id=CHANNEL, photo=url, caption="a" * 1025)[1]["description"] == \
        "Bad Request: message caption is too long"
    # an emoji is two UTF-16 units: 1023 + 1 emoji is over the stricter count
    assert call(tg, "sendPhoto", chat_id=CHANNEL, photo=url, caption="a" * 1023 + "😀")[0] == 400
    status, body = call(tg, "sendPhoto", chat_id=CHANNEL, photo=url, caption="a" * 1024)
    assert status == 200 and body["result"]["chat"] == {"id": CHANNEL, "title": "JDIH", "type": "channel",
                                                         "username": "jdihkota"}


def test_album_has_2_to_10_photos_captions_allowed_on_any(tg, host):
    url = host.put("a.jpg", jpeg())
    one = [{"type": "photo", "media": url}]
    assert call(tg, "sendMediaGroup", chat_id=CHANNEL, media=one)[0] == 400
    assert call(tg, "sendMediaGroup", chat_id=CHANNEL, media=one * 11)[0] == 400
    status, body = call(tg, "sendMediaGroup", chat_id=CHANNEL,
                        media=[{"type": "photo", "media": url}, {"type": "photo", "media": url, "caption": "dua"}])
    assert status == 200 and [m.get("caption") for m in body["result"]] == [None, "dua"]
    assert len({m["media_group_id"] for m in body["result"]}) == 1


def test_flood_control_per_chat(tg, host):
    url = host.put("a.jpg", jpeg())
    for _ in range(3):
        assert call(tg, "sendPhoto", chat_id=CHANNEL, photo=url)[0] == 200
    status, body = call(tg, "sendPhoto", chat_id=CHANNEL, photo=url)
    assert status == 429 and body["description"].startswith("Too Many Requests: retry after ")
    assert 1 <= body["parameters"]["retry_after"] <= 61 and len(tg.posts(CHANNEL)) == 3


def test_faults_and_unknown_method(tg):
    tg.fail_next(1, status=502)
    assert call(tg, "getMe")[0] == 502
    assert call(tg, "getMe")[0] == 200
    assert call(tg, "sendTelepathy") == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    tg.delay_next(1, seconds=1.0)
    with pytest.raises(requests.Timeout):
        requests.post(f"{tg.url}/bot{TOKEN}/getMe", timeout=0.3)
