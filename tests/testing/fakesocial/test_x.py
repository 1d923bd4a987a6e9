"""jdih.testing.fakesocial.x: the stand-in's own refusals, each as X documents it."""

from __future__ import annotations

import base64
import io

import pytest
import requests
from PIL import Image
from requests_oauthlib import OAuth1

from jdih.testing.fakesocial.x import FakeX, weighted_length

KEY, KEY_SECRET = "consumerkey0000000000001", "consumersecret00000000000000000000000000000001"
TOKEN, TOKEN_SECRET = "1500000000000000001-accesstoken0000000000000001", "accesssecret000000000000000000000000000001"


def image(fmt: str = "JPEG") -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 314), (9, 9, 9)).save(buffer, fmt)
    return base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def fx():
    with FakeX() as running:
        running.add_app(KEY, KEY_SECRET)
        running.add_user(TOKEN, TOKEN_SECRET, KEY)
        yield running


def auth(token_secret: str = TOKEN_SECRET, key_secret: str = KEY_SECRET, token: str = TOKEN) -> OAuth1:
    return OAuth1(KEY, key_secret, token, token_secret, signature_type="auth_header")


def post(fx: FakeX, path: str, body: dict, signer: OAuth1 | None = None) -> requests.Response:
    return requests.post(f"{fx.url}{path}", json=body, auth=signer if signer is not None else auth(), timeout=5)


def upload(fx: FakeX, **extra) -> requests.Response:
    return post(fx, "/2/media/upload", {"media": image(), "media_category": "tweet_image",
                                        "media_type": "image/jpeg", **extra})


def test_signature_is_checked_against_the_key_table(fx):
    unauthorized = {"title": "Unauthorized", "detail": "Unauthorized", "type": "about:blank", "status": 401}
    assert requests.post(f"{fx.url}/2/tweets", json={"text": "x"}, timeout=5).json() == unauthorized
    assert post(fx, "/2/tweets", {"text": "x"}, auth(token_secret="wrong-secret")).status_code == 401
    assert post(fx, "/2/tweets", {"text": "x"}, auth(key_secret="wrong-secret")).status_code == 401
    assert post(fx, "/2/tweets", {"text": "x"}, auth(token="1500000000000000001-unknown00000")).status_code == 401
    assert [c.authorized for c in fx.calls] == [False] * 4 and not fx.posts
    assert post(fx, "/2/tweets", {"text": "x"}).status_code == 201
    fx.revoke_user(TOKEN)
    assert post(fx, "/2/tweets", {"text": "y"}).status_code == 401


def test_a_replayed_request_is_refused(fx):
    session = requests.Session()
    prepared = session.prepare_request(requests.Request("POST", f"{fx.url}/2/tweets", json={"text": "sekali"},
                                                        auth=auth()))
    assert session.send(prepared, timeout=5).status_code == 201
    assert session.send(prepared, timeout=5).status_code == 401  # same nonce and timestamp


def test_upload_refusals(fx):
    assert post(fx, "/2/media/upload", {"media": image()}).status_code == 400  # media_category required
    assert post(fx, "/2/media/upload", {"media": "%%%", "media_category": "tweet_image"}).status_code == 400
    huge = base64.b64encode(b"\xff\xd8" + b"0" * (5 * 1024 * 1024)).decode()
    assert post(fx, "/2/media/upload", {"media": huge, "media_category": "tweet_image"}).status_code == 400
    assert upload(fx, media=image("PNG")).status_code == 400  # says JPEG, is PNG
    answer = upload(fx)
    assert answer.status_code == 200 and set(answer.json()["data"]) == {"id", "media_key", "size",
                                                                        "expires_after_secs"}
    assert [c.body.get("media", "")[:1] for c in fx.calls][-1] == "<"  # recorded by size, not content


def test_post_refusals_for_media(fx):
    ids = [upload(fx).json()["data"]["id"] for _ in range(5)]
    invalid = post(fx, "/2/tweets", {"text": "a", "media": {"media_ids": ["123"]}})
    assert invalid.status_code == 400 and invalid.json()["errors"][0]["message"] == "Your media IDs are invalid."
    assert post(fx, "/2/tweets", {"text": "b", "media": {"media_ids": ids}}).status_code == 400  # 5 > 4
    fx.add_user("1500000000000000002-other000000000000000000000", "othersecret0000000000000000000000000000000",
                KEY, name="other")
    other = OAuth1(KEY, KEY_SECRET, "1500000000000000002-other000000000000000000000",
                   "othersecret0000000000000000000000000000000", signature_type="auth_header")
    assert post(fx, "/2/tweets", {"text": "c", "media": {"media_ids": ids[:1]}}, other).status_code == 400
    made = post(fx, "/2/tweets", {"text": "d", "media": {"media_ids": ids[:4]}})
    assert made.status_code == 201 and set(made.json()["data"]) == {"id", "text", "edit_history_tweet_ids"}


def test_weighted_length_as_documented():
    assert weighted_length("a" * 280) == 280
    assert weighted_length("lihat https://jdih.example.go.id/posts/2026/sebuah-alamat-yang-panjang/") == 6 + 23
    assert weighted_length("法律") == 4  # CJK counts 2
    assert weighted_length("cafe\u0301") == 4  # NFC


def test_text_limit_and_duplicates(fx):
    assert post(fx, "/2/tweets", {"text": "a" * 281}).status_code == 400
    assert post(fx, "/2/tweets", {"text": "a" * 257 + " https://jdih.example.go.id/x"}).status_code == 400
    assert post(fx, "/2/tweets", {"text": "a" * 256 + " https://jdih.example.go.id/x"}).status_code == 201
    duplicate = post(fx, "/2/tweets", {"text": "a" * 256 + " https://jdih.example.go.id/x"})
    assert duplicate.status_code == 403
    assert duplicate.json()["detail"] == "You are not allowed to create a Tweet with duplicate content."


def test_read_only_app_rate_limit_and_faults(fx):
    fx.apps[KEY].can_write = False
    refused = post(fx, "/2/tweets", {"text": "z"})
    assert refused.status_code == 403 and refused.json()["type"].endswith("/oauth1-permissions")
    fx.apps[KEY].can_write = True
    fx.limit_next(1, reset_in=60)
    limited = post(fx, "/2/tweets", {"text": "z"})
    assert limited.status_code == 429 and limited.headers["x-rate-limit-remaining"] == "0"
    assert int(limited.headers["x-rate-limit-reset"]) >= int(fx.now()) + 59
    fx.fail_next(1, status=503)
    assert post(fx, "/2/tweets", {"text": "z"}).status_code == 503
    assert post(fx, "/2/tweets", {"text": "z"}).status_code == 201


def test_alt_text_metadata_refusals(fx):
    media_id = upload(fx).json()["data"]["id"]
    assert post(fx, "/2/media/metadata", {"id": "999", "metadata": {"alt_text": {"text": "a"}}}).status_code == 400
    assert post(fx, "/2/media/metadata", {"id": media_id, "metadata": {"alt_text": {"text": "a" * 1001}}}) \
        .status_code == 400
    done = post(fx, "/2/media/metadata", {"id": media_id, "metadata": {"alt_text": {"text": "Kartu"}}})
    assert done.status_code == 200 and done.json()["data"]["associated_metadata"] == {"alt_text": {"text": "Kartu"}}
