"""jdih.social.x against the X API stand-in: OAuth 1.0a signing, media upload then the post, refusals."""

from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from jdih.content.settings import XAccount as XSettings
from jdih.social.base import Http, ProviderError, SocialPost
from jdih.social.x import XAccount, parse_credentials
from jdih.testing.fakesocial.server import MediaHost
from jdih.testing.fakesocial.x import FakeX

API_KEY, API_SECRET = "xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
ACCESS, ACCESS_SECRET = "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
CREDENTIALS = f"api_key: {API_KEY}\napi_key_secret: {API_SECRET}\naccess_token: {ACCESS}\naccess_token_secret: {ACCESS_SECRET}\n"
SECRETS = (API_SECRET, ACCESS_SECRET)


def jpeg(width: int = 1200, height: int = 630) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 20, 20)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def host():
    with MediaHost() as running:
        yield running


@pytest.fixture
def fx():
    with FakeX() as running:
        running.add_app(API_KEY, API_SECRET)
        running.add_user(ACCESS, ACCESS_SECRET, API_KEY)
        yield running


@pytest.fixture
def sleeps():
    return []


def account(fx: FakeX, sleeps: list, credentials: str = CREDENTIALS, timeout: float = 5.0) -> XAccount:
    http = Http(requests.Session(), timeout=timeout, max_attempts=3, sleep=sleeps.append)
    return XAccount(XSettings(enabled=True), credentials, fx.url, http)


def post(host: MediaHost, count: int = 1, caption: str = "Perda baru #JDIH https://jdih.example.go.id/p/") -> SocialPost:
    images = tuple(host.put(f"posts/2026/perda/card-{i}.jpg", jpeg()) for i in range(1, count + 1))
    return SocialPost(post_id="posts/2026/perda/", url="https://jdih.example.go.id/p/", title="Perda",
                      caption=caption, images=images)


def test_card_is_downloaded_uploaded_then_posted_with_its_media_id(fx, host, sleeps):
    item = post(host)
    published = account(fx, sleeps).publish(item)
    assert host.fetched == ["/posts/2026/perda/card-1.jpg"]
    upload, tweet = fx.calls
    assert (upload.method, upload.path, upload.authorized, upload.app, upload.user) == (
        "POST", "/2/media/upload", True, "jdih-app", "jdih-user")
    size = len(jpeg())
    assert upload.body == {"media": f"<{4 * ((size + 2) // 3)} base64 characters>", "media_category": "tweet_image",
                           "media_type": "image/jpeg"}
    (media_id,) = fx.media
    assert (tweet.path, tweet.authorized, tweet.body) == (
        "/2/tweets", True, {"text": item.caption, "media": {"media_ids": [media_id]}})
    (post_id,) = fx.posts
    assert published.remote_id == post_id and published.url == f"https://x.com/i/web/status/{post_id}"


def test_at_most_four_images(fx, host, sleeps):
    account(fx, sleeps).publish(post(host, 6))
    assert len(fx.calls_to("/2/media/upload")) == 4
    assert len(fx.calls_to("/2/tweets")[0].body["media"]["media_ids"]) == 4


def test_wrong_secret_is_refused_by_the_signature_check_and_names_the_secret(fx, host, sleeps):
    wrong = CREDENTIALS.replace(ACCESS_SECRET, "NotTheRightSecretAtAll0000000000000000000000")
    with pytest.raises(ProviderError) as caught:
        account(fx, sleeps, wrong).publish(post(host))
    error = caught.value
    assert error.permanent and error.status == 401 and error.attempts == 1 and sleeps == []
    assert "X_CREDENTIALS" in error.reason and "Regenerate" in error.reason
    assert all(secret not in error.reason for secret in (*SECRETS, "NotTheRightSecretAtAll"))
    assert [c.authorized for c in fx.calls] == [False]


def test_regenerated_access_token_is_401(fx, host, sleeps):
    fx.revoke_user(ACCESS)
    with pytest.raises(ProviderError) as caught:
        account(fx, sleeps).publish(post(host))
    assert caught.value.status == 401 and "X_CREDENTIALS" in caught.value.reason


@pytest.mark.parametrize("text, missing", [
    ("api_key: a1b2c3d4\napi_key_secret: s1s2s3s4\naccess_token: t1t2t3t4\n", "access_token_secret"),
    ("", "api_key, api_key_secret, access_token, access_token_secret"),
])
def test_credentials_name_the_missing_lines_never_the_values(text, missing):
    with pytest.raises(ProviderError) as caught:
        parse_credentials(text, "X_CREDENTIALS")
    assert f"baris {missing} tidak ada" in caught.value.reason and caught.value.permanent
    assert all(value not in caught.value.reason for value in ("a1b2c3d4", "s1s2s3s4", "t1t2t3t4"))


def test_credentials_line_of_unknown_form_is_named_by_number():
    with pytest.raises(ProviderError) as caught:
        parse_credentials(f"api_key {API_KEY}\n", "X_CREDENTIALS")
    assert "baris ke-1" in caught.value.reason and API_KEY not in caught.value.reason


def test_read_only_app_and_duplicate_text_say_which(fx, host, sleeps):
    item = post(host)
    account(fx, sleeps).publish(item)
    with pytest.raises(ProviderError) as caught:
        account(fx, sleeps).publish(item)
    assert caught.value.permanent and caught.value.status == 403
    assert "duplicate content" in caught.value.reason and "/diunggah x" in caught.value.reason
    fx.apps[API_KEY].can_write = False
    with pytest.raises(ProviderError) as caught:
        account(fx, sleeps).publish(post(host, caption="Teks lain"))
    assert caught.value.status == 403 and "Read and write" in caught.value.reason


def test_rate_limit_waits_until_the_reset(fx, host, sleeps):
    fx.limit_next(1, reset_in=30)
    account(fx, sleeps).publish(post(host))
    assert len(sleeps) == 1 and 27 <= sleeps[0] <= 30
    assert len(fx.posts) == 1


def test_rate_limit_beyond_the_run_is_left_for_the_next_run(fx, host, sleeps):
    fx.limit_next(1, reset_in=900)
    with pytest.raises(ProviderError) as caught:
        account(fx, sleeps).publish(post(host))
    assert not caught.value.permanent and 890 <= caught.value.retry_after <= 900 and not fx.posts


def test_5xx_then_success_and_each_attempt_signed_afresh(fx, host, sleeps):
    fx.fail_next(2)
    account(fx, sleeps).publish(post(host))
    assert len(fx.calls_to("/2/media/upload")) == 3 and len(sleeps) == 2
    assert all(call.authorized for call in fx.calls)  # a resent nonce would be a replay (401)


def test_timeout_then_success(fx, host, sleeps):
    fx.delay_next(1, seconds=1.5)
    published = account(fx, sleeps, timeout=0.5).publish(post(host))
    assert len(fx.calls_to("/2/media/upload")) == 2 and len(sleeps) == 1
    assert published.url.startswith("https://x.com/i/web/status/")


def test_image_not_on_the_site_posts_nothing(fx, host, sleeps):
    item = post(host)
    host.remove("posts/2026/perda/card-1.jpg")
    with pytest.raises(ProviderError) as caught:
        account(fx, sleeps).publish(item)
    assert not caught.value.permanent and "belum ada di situs" in caught.value.reason and fx.calls == []


def test_too_long_text_is_refused_before_anything(fx, host, sleeps):
    with pytest.raises(ProviderError) as caught:
        account(fx, sleeps).publish(post(host, caption="a" * 258 + " https://jdih.example.go.id/p/"))
    assert caught.value.permanent and "280" in caught.value.reason and fx.calls == [] and not host.fetched


def test_alternative_text_goes_with_each_image(fx, host, sleeps):
    item = post(host, 2)
    item = SocialPost(post_id=item.post_id, url=item.url, title=item.title, caption=item.caption, images=item.images,
                      alts=("Kartu: Perda baru tentang pajak daerah", "x" * 1200))
    account(fx, sleeps).publish(item)
    assert [c.path for c in fx.calls] == ["/2/media/upload", "/2/media/metadata"] * 2 + ["/2/tweets"]
    first, second = fx.calls_to("/2/media/metadata")
    assert first.body == {"id": first.body["id"],
                          "metadata": {"alt_text": {"text": "Kartu: Perda baru tentang pajak daerah"}}}
    assert second.body["metadata"]["alt_text"]["text"] == "x" * 1000  # X's limit
    assert [m.get("alt_text") for m in fx.media.values()] == ["Kartu: Perda baru tentang pajak daerah", "x" * 1000]
