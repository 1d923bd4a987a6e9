"""jdih.social.telegram against the Bot API stand-in: the exact requests, albums, links, and each refusal."""

from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from jdih.content.settings import TelegramAccount
from jdih.social.base import Http, ProviderError, SocialPost
from jdih.social.telegram import TelegramChannel, message_link
from jdih.testing.fakesocial.server import MediaHost
from jdih.testing.fakesocial.telegram import FakeTelegram

TOKEN = "7000000001:AAH-secret-bot-token-value_123"
PUBLIC, PRIVATE = -1001111111111, -1002222222222


def jpeg(width: int = 1080, height: int = 1350) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 60, 120)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def host():
    with MediaHost() as running:
        yield running


@pytest.fixture
def tg():
    with FakeTelegram() as running:
        running.add_bot(TOKEN, "jdih_bot")
        running.add_channel(PUBLIC, "JDIH Kota", username="jdihkota", admins={"jdih_bot": True})
        running.add_channel(PRIVATE, "JDIH Internal", admins={"jdih_bot": True})
        yield running


@pytest.fixture
def sleeps():
    return []


def channel(tg: FakeTelegram, sleeps: list, chat_id: str = "@jdihkota", token: str = TOKEN,
            timeout: float = 5.0) -> TelegramChannel:
    http = Http(requests.Session(), timeout=timeout, max_attempts=3, sleep=sleeps.append)
    return TelegramChannel(TelegramAccount(enabled=True, chat_id=chat_id), token, tg.url, http)


def post(host: MediaHost, count: int = 1, caption: str = "Perda baru tentang pajak daerah") -> SocialPost:
    images = tuple(host.put(f"posts/2026/perda/slide-{i}.jpg", jpeg()) for i in range(1, count + 1))
    return SocialPost(post_id="posts/2026/perda/", url="https://jdih.example.go.id/posts/2026/perda/",
                      title="Perda", caption=caption, images=images)


def test_one_image_is_one_send_photo_with_the_public_link(tg, host, sleeps):
    item = post(host)
    published = channel(tg, sleeps).publish(item)
    assert [(c.method, c.params, c.bot, c.content_type) for c in tg.calls] == [
        ("sendPhoto", {"chat_id": "@jdihkota", "photo": item.images[0], "caption": item.caption}, "jdih_bot",
         "application/json")]
    assert host.fetched == ["/posts/2026/perda/slide-1.jpg"]  # Telegram downloaded it from the site
    assert published.url == "https://t.me/jdihkota/1"
    assert published.remote_id == f"{PUBLIC}/1"
    assert tg.posts(PUBLIC)[0]["caption"] == item.caption


def test_several_images_are_one_album_with_the_caption_on_the_first(tg, host, sleeps):
    item = post(host, 3)
    published = channel(tg, sleeps, chat_id=str(PRIVATE)).publish(item)
    (call,) = tg.calls
    assert call.method == "sendMediaGroup"
    assert call.params == {"chat_id": PRIVATE, "media": [
        {"type": "photo", "media": item.images[0], "caption": item.caption},
        {"type": "photo", "media": item.images[1]},
        {"type": "photo", "media": item.images[2]}]}
    messages = tg.posts(PRIVATE)
    assert len(messages) == 3 and len({m["media_group_id"] for m in messages}) == 1
    assert [m.get("caption") for m in messages] == [item.caption, None, None]
    assert published.url == "https://t.me/c/2222222222/1"  # private: the id without -100


def test_message_link_forms():
    assert message_link({"id": -1001234567890, "username": "jdihkota"}, 42) == "https://t.me/jdihkota/42"
    assert message_link({"id": -1001234567890}, 42) == "https://t.me/c/1234567890/42"


def test_revoked_token_names_the_secret_and_botfather_never_the_token(tg, host, sleeps):
    tg.revoke(TOKEN)
    with pytest.raises(ProviderError) as caught:
        channel(tg, sleeps).publish(post(host))
    error = caught.value
    assert error.permanent and error.status == 401 and error.attempts == 1
    assert "TELEGRAM_BOT_TOKEN" in error.reason and "@BotFather" in error.reason
    assert TOKEN not in error.reason and "AAH-secret" not in str(error)
    assert not host.fetched and tg.calls[0].bot == "jdih_bot"


def test_unknown_channel_and_bot_not_admin_name_the_setting(tg, host, sleeps):
    with pytest.raises(ProviderError) as caught:
        channel(tg, sleeps, chat_id="@tidakada").publish(post(host))
    assert caught.value.permanent and "posting.telegram.chat_id" in caught.value.reason
    assert "chat not found" in caught.value.reason
    tg.add_channel(-1003333333333, "Lain", username="lain")  # the bot is not in it
    with pytest.raises(ProviderError) as caught:
        channel(tg, sleeps, chat_id="@lain").publish(post(host))
    assert caught.value.permanent and caught.value.status == 403
    assert "admin" in caught.value.reason and "posting.telegram.chat_id" in caught.value.reason
    tg.add_channel(-1004444444444, "Baca saja", username="bacasaja", admins={"jdih_bot": False})
    with pytest.raises(ProviderError) as caught:
        channel(tg, sleeps, chat_id="@bacasaja").publish(post(host))
    assert caught.value.status == 400 and "Kirim Pesan" in caught.value.reason
    assert sleeps == []  # none of these is retried


def test_5xx_then_success(tg, host, sleeps):
    tg.fail_next(2, status=502)
    published = channel(tg, sleeps).publish(post(host))
    assert published.url == "https://t.me/jdihkota/1"
    assert len(tg.calls_to("sendPhoto")) == 3 and len(sleeps) == 2
    assert len(tg.posts(PUBLIC)) == 1


def test_timeout_is_retried_and_may_leave_a_second_copy(tg, host, sleeps):
    tg.delay_next(1, seconds=1.5)
    published = channel(tg, sleeps, timeout=0.5).publish(post(host))
    assert len(tg.calls_to("sendPhoto")) == 2 and len(sleeps) == 1
    # The Bot API has no idempotency key: the slow request was carried out too (see the module).
    assert len(tg.posts(PUBLIC)) == 2 and published.url == "https://t.me/jdihkota/2"


def test_flood_control_waits_the_seconds_telegram_asks(tg, host, sleeps):
    tg.flood_next(1, retry_after=7)
    channel(tg, sleeps).publish(post(host))
    assert sleeps == [7.0] and len(tg.posts(PUBLIC)) == 1


def test_flood_control_longer_than_a_run_waits_for_the_next_run(tg, host, sleeps):
    tg.flood_next(1, retry_after=900)
    with pytest.raises(ProviderError) as caught:
        channel(tg, sleeps).publish(post(host))
    assert not caught.value.permanent and caught.value.retry_after == 900 and sleeps == []
    assert "900" in caught.value.reason


def test_caption_over_1024_is_refused_before_sending(tg, host, sleeps):
    with pytest.raises(ProviderError) as caught:
        channel(tg, sleeps).publish(post(host, caption="a" * 1025))
    assert caught.value.permanent and "1024" in caught.value.reason and tg.calls == []


def test_requests_own_error_text_with_the_url_never_shows(tg, host, sleeps):
    http = Http(requests.Session(), timeout=1, max_attempts=1, sleep=sleeps.append)
    provider = TelegramChannel(TelegramAccount(enabled=True, chat_id="@jdihkota"), TOKEN, "http://", http)
    with pytest.raises(ProviderError) as caught:
        provider.publish(post(host))
    assert "InvalidURL" in caught.value.reason and TOKEN not in caught.value.reason
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_unreachable_api_reason_has_no_token(host, sleeps):
    http = Http(requests.Session(), timeout=1, max_attempts=2, sleep=sleeps.append)
    provider = TelegramChannel(TelegramAccount(enabled=True, chat_id="@jdihkota"), TOKEN, "http://127.0.0.1:9", http)
    with pytest.raises(ProviderError) as caught:
        provider.publish(post(host))
    assert not caught.value.permanent and TOKEN not in caught.value.reason
