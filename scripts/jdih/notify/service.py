"""`notify_all`: send every pending notification once, record each step, never raise on a
gateway failure (the caller decides the exit status; the deploy is never blocked)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import requests

from jdih.content.clock import office_now
from jdih.content.settings import Settings, settings_path
from jdih.notify.ledger import Ledger
from jdih.notify.message import MessageTemplateError, Notification, idempotency_key, render_message, template_path
from jdih.notify.providers import NotifierConfigError, build_request, gateway_from_env
from jdih.notify.secrets import error_secrets, redact
from jdih.notify.transport import Delivery, DeliveryError, deliver


@dataclass(frozen=True)
class Failure:
    notification: Notification
    reason: str  # Indonesian, secrets already redacted


@dataclass
class NotifyResult:
    sent: list[Notification] = field(default_factory=list)
    already_sent: list[Notification] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    disabled: bool = False  # notifier.provider is "none": nothing to do, nothing pending

    @property
    def pending(self) -> list[Notification]:
        return [failure.notification for failure in self.failed]

    @property
    def ok(self) -> bool:
        return not self.failed


def notify_all(notifications: list[Notification], settings: Settings, store: Ledger,
               session: requests.Session, env: Mapping[str, str], sleep: Callable[[float], None], *,
               template: Path | None = None, rng: random.Random | None = None,
               clock: Callable[[], dt.datetime] | None = None,
               transport: Callable[..., Delivery] = deliver) -> NotifyResult:
    """Try every notification the ledger does not record as sent; see the package docstring
    for the exactly-once protocol (sending → sent, or failed and still pending).

    `transport` sends one prepared request, with the signature and errors of
    `jdih.notify.transport.deliver` (the default); `jdih kabari --dry-run` passes one that only
    records the request, so its plan comes from this very loop."""
    notifier = settings.notifier
    result = NotifyResult()
    if notifier.provider == "none":
        result.disabled = True
        return result
    clock = clock or (lambda: office_now(settings))
    template = template or template_path(settings_path())
    secrets = error_secrets(env.get(notifier.token_env), env.get(notifier.url_env))

    def fail(notification: Notification, reason: str, *, status: int | None = None,
             attempts: int | None = None, record: bool = True) -> None:
        reason = redact(reason, secrets)
        if record:
            try:
                store.record(notification, "failed", clock(), provider=notifier.provider, reason=reason,
                             http_status=status, attempts=attempts)
            except Exception:  # noqa: BLE001 - the entry stays "sending" or absent: still pending
                pass
        result.failed.append(Failure(notification, reason))

    config_error = ""
    try:
        gateway = gateway_from_env(notifier, env)
    except NotifierConfigError as exc:
        gateway, config_error = None, str(exc)

    for notification in notifications:
        try:
            entry = store.get(notification)
        except Exception as exc:  # noqa: BLE001 - a ledger we cannot read must not send blindly
            fail(notification, f"buku catatan kiriman tidak dapat dibaca: {exc} — kabar tidak dikirim "
                               "agar tidak terkirim dua kali", record=False)
            continue
        if entry is not None and entry.state == "sent":
            result.already_sent.append(notification)
            continue
        if gateway is None:
            fail(notification, config_error)
            continue
        try:
            message = render_message(notification, settings, template)
        except MessageTemplateError as exc:
            fail(notification, str(exc))
            continue
        # Same key on every attempt and every run: a crash after sending resends with it.
        key = entry.idempotency_key if entry is not None else idempotency_key(notification)
        try:
            prepared = session.prepare_request(build_request(notifier, gateway, notification, message, key))
        except (requests.RequestException, ValueError) as exc:
            fail(notification, f"permintaan tidak dapat disusun: {exc} — periksa secret yang namanya ada di "
                               f"notifier.url_env ({notifier.url_env})")
            continue
        try:
            store.record(notification, "sending", clock(), provider=notifier.provider, idempotency_key=key)
        except Exception as exc:  # noqa: BLE001
            fail(notification, f"niat kirim tidak dapat dicatat: {exc} — kabar tidak dikirim agar tidak "
                               "terkirim tanpa catatan", record=False)
            continue
        try:
            delivery = transport(session, prepared, notifier, sleep=sleep, rng=rng)
        except DeliveryError as exc:
            fail(notification, exc.reason, status=exc.status, attempts=exc.attempts)
            continue
        except Exception as exc:  # noqa: BLE001 - e.g. an invalid URL; must not stop the others
            fail(notification, f"kesalahan tak terduga saat mengirim: {type(exc).__name__}: {exc}")
            continue
        try:
            store.record(notification, "sent", clock(), provider=notifier.provider,
                         http_status=delivery.status, attempts=delivery.attempts)
        except Exception as exc:  # noqa: BLE001
            fail(notification, f"terkirim (HTTP {delivery.status}), tetapi tidak dapat dicatat: {exc} — "
                               "kabar ini akan dikirim ulang dengan kunci idempoten yang sama", record=False)
            continue
        result.sent.append(notification)
    return result
