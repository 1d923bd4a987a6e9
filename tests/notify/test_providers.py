"""jdih.notify.providers: the exact request each gateway receives (on a real local receiver)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from urllib.parse import urlencode

import pytest
import requests

from jdih.content.settings import Notifier
from jdih.notify.message import Notification
from jdih.notify.providers import (
    NotifierConfigError,
    build_request,
    describe_request,
    display_secrets,
    gateway_from_env,
)
from jdih.notify.transport import DeliveryError, deliver
from jdih.testing.receiver import Reply

TOKEN = "tok-Rahasia-12345"
GROUP = "120363025246125244@g.us"
MESSAGE = "*Konten baru*\n\nSosialisasi PKPU\n\nhttps://kpu-kapuas.github.io/jdih-medsos/posts/a/\n"
POST = Notification(post_id="/jdih-medsos/posts/a/", title="Sosialisasi PKPU",
                    url="https://kpu-kapuas.github.io/jdih-medsos/posts/a/", approver="kasubbag-kapuas",
                    date=dt.date(2026, 11, 24), pull_request=12)
KEY = hashlib.sha256(b"/jdih-medsos/posts/a/\n12").hexdigest()


def send(notifier: Notifier, env: dict[str, str]):
    gateway = gateway_from_env(notifier, env)
    with requests.Session() as session:
        prepared = session.prepare_request(build_request(notifier, gateway, POST, MESSAGE))
        return deliver(session, prepared, notifier, sleep=lambda s: None)


def test_webhook_request(receiver):
    notifier = Notifier(provider="webhook", target=GROUP)
    delivery = send(notifier, {"WHATSAPP_URL": f"{receiver.url}/hooks/jdih?channel=kapuas", "WHATSAPP_TOKEN": TOKEN})
    assert (delivery.status, delivery.attempts) == (200, 1)
    [got] = receiver.requests
    assert (got.method, got.path) == ("POST", "/hooks/jdih?channel=kapuas")
    assert got.headers["authorization"] == f"Bearer {TOKEN}"
    assert got.headers["idempotency-key"] == KEY
    assert got.headers["content-type"] == "application/json"
    assert got.json == {
        "text": MESSAGE, "title": "Sosialisasi PKPU", "url": "https://kpu-kapuas.github.io/jdih-medsos/posts/a/",
        "approver": "kasubbag-kapuas", "date": "2026-11-24", "post_id": "/jdih-medsos/posts/a/",
        "pull_request": 12, "target": GROUP, "idempotency_key": KEY,
    }


def test_webhook_without_token_sends_no_authorization(receiver):
    send(Notifier(provider="webhook"), {"WHATSAPP_URL": receiver.url + "/"})
    [got] = receiver.requests
    assert "authorization" not in got.headers
    assert got.json["target"] == ""


def test_fonnte_request(receiver):
    receiver.reply(Reply(body={"detail": "success! message in queue", "id": ["80367170"], "status": True}))
    notifier = Notifier(provider="fonnte", target=GROUP)
    send(notifier, {"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN})
    [got] = receiver.requests
    assert (got.method, got.path) == ("POST", "/send")
    assert got.headers["authorization"] == TOKEN  # Fonnte: the bare token, no "Bearer"
    assert got.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "idempotency-key" not in got.headers
    assert got.body == urlencode({"target": GROUP, "message": MESSAGE}).encode()
    assert got.form == {"target": GROUP, "message": MESSAGE}


def test_fonnte_refusal_in_a_200_body_is_a_failure(receiver):
    receiver.reply(Reply(body={"reason": "token invalid", "status": False}))
    with pytest.raises(DeliveryError) as caught:
        send(Notifier(provider="fonnte", target=GROUP), {"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN})
    assert caught.value.reason == ("fonnte menolak pesan: token invalid — periksa notifier.target "
                                   f"({GROUP}) dan secret yang namanya ada di notifier.token_env (WHATSAPP_TOKEN)")
    assert caught.value.permanent and len(receiver.requests) == 1


def test_waha_request(receiver):
    receiver.reply(Reply(status=201, body={"id": "true_120363025246125244@g.us_3EB0"}))
    notifier = Notifier(provider="waha", target=GROUP, session="kantor", url_env="WAHA_URL", token_env="WAHA_KEY")
    delivery = send(notifier, {"WAHA_URL": receiver.url + "/", "WAHA_KEY": TOKEN})
    assert delivery.status == 201
    [got] = receiver.requests
    assert (got.method, got.path) == ("POST", "/api/sendText")
    assert got.headers["x-api-key"] == TOKEN
    assert "authorization" not in got.headers
    assert got.headers["content-type"] == "application/json"
    assert got.json == {"session": "kantor", "chatId": GROUP, "text": MESSAGE}


def test_whatsapp_cloud_request(receiver):
    receiver.reply(Reply(body={"messaging_product": "whatsapp", "messages": [{"id": "wamid.X"}]}))
    notifier = Notifier(provider="whatsapp_cloud", target="6281234567890", phone_number_id="106540352242922",
                        api_version="v21.0")
    send(notifier, {"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN})
    [got] = receiver.requests
    assert (got.method, got.path) == ("POST", "/v21.0/106540352242922/messages")
    assert got.headers["authorization"] == f"Bearer {TOKEN}"
    assert got.headers["content-type"] == "application/json"
    assert got.json == {"messaging_product": "whatsapp", "to": "6281234567890", "type": "text",
                        "text": {"preview_url": True, "body": MESSAGE}}


@pytest.mark.parametrize("notifier, url", [
    (Notifier(provider="fonnte", target=GROUP), "https://api.fonnte.com/send"),
    (Notifier(provider="whatsapp_cloud", target="62811", phone_number_id="99", api_version="20.0"),
     "https://graph.facebook.com/v20.0/99/messages"),
])
def test_public_default_base_urls(notifier, url):
    gateway = gateway_from_env(notifier, {"WHATSAPP_TOKEN": TOKEN})
    assert build_request(notifier, gateway, POST, MESSAGE).prepare().url == url


@pytest.mark.parametrize("notifier, env, message", [
    (Notifier(provider="webhook"), {}, "alamat gerbang webhook belum diisi — isi secret yang namanya ada di "
                                       "notifier.url_env (WHATSAPP_URL)"),
    (Notifier(provider="waha", target=GROUP, url_env="WAHA_URL"), {},
     "alamat gerbang waha belum diisi — isi secret yang namanya ada di notifier.url_env (WAHA_URL)"),
    (Notifier(provider="fonnte", target=GROUP), {}, "token fonnte belum diisi — isi secret yang namanya ada di "
                                                    "notifier.token_env (WHATSAPP_TOKEN)"),
    (Notifier(provider="whatsapp_cloud", target="62811"), {"WHATSAPP_TOKEN": TOKEN},
     "WhatsApp Cloud API memerlukan phone number ID — isi notifier.phone_number_id"),
    (Notifier(provider="webhook"), {"WHATSAPP_URL": "127.0.0.1:80/hook"},
     "alamat gerbang harus diawali http:// atau https:// — periksa secret yang namanya ada di notifier.url_env "
     "(WHATSAPP_URL)"),
])
def test_configuration_errors_name_the_setting(notifier, env, message):
    with pytest.raises(NotifierConfigError) as caught:
        gateway_from_env(notifier, env)
    assert str(caught.value) == message


def test_description_hides_the_token_and_url_credentials():
    notifier = Notifier(provider="webhook", target=GROUP)
    gateway = gateway_from_env(notifier, {"WHATSAPP_URL": "https://hooks.example.org/kabar?key=kunci-rahasia",
                                          "WHATSAPP_TOKEN": TOKEN})
    prepared = requests.Session().prepare_request(build_request(notifier, gateway, POST, MESSAGE))
    text = describe_request(prepared, display_secrets(gateway))
    assert TOKEN not in text and "kunci-rahasia" not in text
    lines = text.splitlines()
    assert lines[0] == "POST https://hooks.example.org/kabar?key=***"
    assert "Authorization: Bearer ***" in lines
    assert f"Idempotency-Key: {KEY}" in lines
    assert json.loads(lines[-1])["text"] == MESSAGE
