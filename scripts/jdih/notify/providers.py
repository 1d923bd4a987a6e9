"""The HTTP request each WhatsApp gateway expects (README.md, "Jaminan pengiriman kabar WhatsApp").

| provider         | request                                                                   |
| ---------------- | ------------------------------------------------------------------------- |
| `webhook`        | `POST <url>`; JSON body below; `Idempotency-Key: <key>`; `Authorization:  |
|                  | Bearer <token>` only when a token is set                                  |
| `fonnte`         | `POST <base>/send`, `Authorization: <token>` (no "Bearer"), form fields   |
|                  | `target`, `message`                                                       |
| `waha`           | `POST <base>/api/sendText`, `X-Api-Key: <token>` (when set), JSON         |
|                  | `{"session", "chatId", "text"}`                                           |
| `whatsapp_cloud` | `POST <base>/<api_version>/<phone_number_id>/messages`, `Authorization:   |
|                  | Bearer <token>`, JSON `{"messaging_product": "whatsapp", "to", "type":    |
|                  | "text", "text": {"preview_url": true, "body"}}`                           |

The URL comes from the environment variable named by `notifier.url_env`: for the webhook
it is the whole URL, for the others the base URL. Fonnte and the Cloud API have public
defaults (`https://api.fonnte.com`, `https://graph.facebook.com`) used when it is unset;
WAHA runs on the office's own server, so its base URL is required. Every provider thus
takes a base URL, which is how the tests point them at a local receiver.

Generic webhook body (JSON object):

    text             the rendered WhatsApp message
    title            the post title
    url              the post's public link
    approver         who approved it
    date             publication date, ISO (YYYY-MM-DD)
    post_id          the post's stable id
    pull_request     the merged pull request number, or null
    target           notifier.target (the group id), may be ""
    idempotency_key  same value as the Idempotency-Key header

Idempotency: only the generic webhook carries a key. Fonnte, WAHA and the Cloud API accept
none (as of their public documentation), so a re-send after a crash can reach the group twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import requests

from jdih.content.settings import Notifier
from jdih.notify.message import Notification, idempotency_key
from jdih.notify.secrets import redact, url_secrets

DEFAULT_BASE = {"fonnte": "https://api.fonnte.com", "whatsapp_cloud": "https://graph.facebook.com"}
TOKEN_REQUIRED = {"fonnte", "whatsapp_cloud"}


class NotifierConfigError(ValueError):
    """The notifier cannot be used as configured; the message names the setting to fix."""


@dataclass(frozen=True)
class Gateway:
    provider: str
    url: str  # whole URL (webhook) or base URL (others), without trailing slash for bases
    token: str
    url_from_env: str | None  # the secret URL as given, for redaction; None when a default is used


def gateway_from_env(notifier: Notifier, env: Mapping[str, str]) -> Gateway:
    provider = notifier.provider
    if provider == "none":
        raise NotifierConfigError("pengiriman WhatsApp tidak diaktifkan — isi notifier.provider "
                                  "dengan webhook, fonnte, waha atau whatsapp_cloud")
    url = (env.get(notifier.url_env) or "").strip()
    token = (env.get(notifier.token_env) or "").strip()
    if not url and provider not in DEFAULT_BASE:
        raise NotifierConfigError(f"alamat gerbang {provider} belum diisi — isi secret yang namanya ada di "
                                  f"notifier.url_env ({notifier.url_env})")
    if url and not url.startswith(("http://", "https://")):
        raise NotifierConfigError(f"alamat gerbang harus diawali http:// atau https:// — periksa secret yang "
                                  f"namanya ada di notifier.url_env ({notifier.url_env})")
    if not token and provider in TOKEN_REQUIRED:
        raise NotifierConfigError(f"token {provider} belum diisi — isi secret yang namanya ada di "
                                  f"notifier.token_env ({notifier.token_env})")
    if provider == "whatsapp_cloud" and not notifier.phone_number_id:
        raise NotifierConfigError("WhatsApp Cloud API memerlukan phone number ID — isi notifier.phone_number_id")
    base = url or DEFAULT_BASE[provider]
    if provider != "webhook":
        base = base.rstrip("/")
    return Gateway(provider=provider, url=base, token=token, url_from_env=url or None)


def build_request(notifier: Notifier, gateway: Gateway, notification: Notification,
                  message: str, key: str | None = None) -> requests.Request:
    """The request for one message, not yet prepared (the session adds its own headers).
    `key` is the idempotency key recorded in the ledger (by default computed from the post)."""
    provider = gateway.provider
    if provider == "webhook":
        key = key or idempotency_key(notification)
        headers = {"Idempotency-Key": key}
        if gateway.token:
            headers["Authorization"] = f"Bearer {gateway.token}"
        body = {
            "text": message, "title": notification.title, "url": notification.url,
            "approver": notification.approver, "date": notification.date.isoformat(),
            "post_id": notification.post_id, "pull_request": notification.pull_request,
            "target": notifier.target, "idempotency_key": key,
        }
        return requests.Request("POST", gateway.url, headers=headers, json=body)
    if provider == "fonnte":
        return requests.Request("POST", f"{gateway.url}/send", headers={"Authorization": gateway.token},
                                data={"target": notifier.target, "message": message})
    if provider == "waha":
        headers = {"X-Api-Key": gateway.token} if gateway.token else {}
        return requests.Request("POST", f"{gateway.url}/api/sendText", headers=headers,
                                json={"session": notifier.session, "chatId": notifier.target, "text": message})
    if provider == "whatsapp_cloud":
        version = notifier.api_version if notifier.api_version.startswith("v") else f"v{notifier.api_version}"
        return requests.Request(
            "POST", f"{gateway.url}/{version}/{notifier.phone_number_id}/messages",
            headers={"Authorization": f"Bearer {gateway.token}"},
            json={"messaging_product": "whatsapp", "to": notifier.target, "type": "text",
                  "text": {"preview_url": True, "body": message}})
    raise NotifierConfigError(f"penyedia '{provider}' tidak dikenal — isi notifier.provider dengan "
                              "webhook, fonnte, waha atau whatsapp_cloud")


def display_secrets(gateway: Gateway) -> list[str]:
    """What `--dry-run` hides: the token and credentials inside the URL (not the host or path,
    which the office needs to see where the message would go)."""
    return [gateway.token] + url_secrets(gateway.url_from_env)


def describe_request(prepared: requests.PreparedRequest, secrets: list[str]) -> str:
    """The request as it would go on the wire: method and URL, headers, body; secrets hidden."""
    lines = [f"{prepared.method} {redact(prepared.url or '', secrets)}"]
    for name, value in prepared.headers.items():
        lines.append(f"{name}: {redact(value, secrets)}")  # "Bearer ***": the shape, not the token
    body = prepared.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    lines += ["", redact(body or "", secrets)]
    return "\n".join(lines)


def rejection_in_body(provider: str, response: requests.Response) -> str | None:
    """Fonnte answers HTTP 200 with {"status": false, "reason": …} when it refuses a message."""
    if provider != "fonnte":
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("status") is False:
        return str(data.get("reason") or "tanpa alasan")
    return None
