"""Send one prepared request: a timeout on every attempt, retries only where they can help.

Retried (exponential backoff with jitter, at most `notifier.max_attempts` attempts):
timeouts, connection errors, 408, 425, 429 (waiting exactly `Retry-After` when given, in
seconds or as an HTTP date, at most `MAX_RETRY_AFTER`) and 5xx. Not retried: other 4xx and
3xx, which a second try cannot fix; they fail at once with a message naming the setting.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from jdih.content.clock import format_decimal
from jdih.content.settings import Notifier
from jdih.notify.providers import rejection_in_body

BACKOFF_BASE = 1.0  # seconds before the 2nd attempt; doubles each time
BACKOFF_CAP = 30.0
MAX_RETRY_AFTER = 120.0  # a gateway asking for longer is retried by the next run instead
RETRYABLE_STATUS = {408, 425, 429}
DETAIL_MAX = 200


@dataclass(frozen=True)
class Delivery:
    status: int
    attempts: int


class DeliveryError(Exception):
    """The message was not accepted. `reason` is Indonesian and names what to fix; it may
    still contain secrets: redact before showing (the service does)."""

    def __init__(self, reason: str, *, attempts: int, status: int | None = None, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts
        self.status = status
        self.permanent = permanent


def _seconds(value: float) -> str:
    return format_decimal(value)


def backoff_delay(attempt: int, rng: random.Random) -> float:
    """Wait before attempt `attempt + 1`: half fixed, half random ("equal jitter"), so many
    runners retrying at once do not hit the gateway in step."""
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1))
    return delay / 2 + rng.uniform(0, delay / 2)


def retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - now).total_seconds()
    return max(0.0, seconds)


def _detail(response: requests.Response) -> str:
    text = " ".join((response.text or "").split())
    return text[:DETAIL_MAX]


def _permanent_reason(status: int, notifier: Notifier, detail: str) -> str:
    said = f": {detail}" if detail else ""
    if status == 400:
        return (f"gerbang menolak isi pesan (HTTP 400{said}) — periksa notifier.target ({notifier.target or 'kosong'}) "
                f"dan notifier.provider ({notifier.provider})")
    if status == 401:
        return (f"token ditolak oleh penyedia (HTTP 401) — periksa secret yang namanya ada di "
                f"notifier.token_env ({notifier.token_env})")
    if status == 403:
        return (f"token tidak berhak mengirim ke tujuan ini (HTTP 403) — periksa secret yang namanya ada di "
                f"notifier.token_env ({notifier.token_env}) dan notifier.target ({notifier.target or 'kosong'})")
    if status == 404:
        where = f"secret yang namanya ada di notifier.url_env ({notifier.url_env})"
        if notifier.provider == "whatsapp_cloud":
            where += ", notifier.phone_number_id dan notifier.api_version"
        elif notifier.provider == "waha":
            where += " dan notifier.session"
        return f"alamat gerbang tidak ditemukan (HTTP 404) — periksa {where}"
    if 300 <= status < 400:
        return (f"alamat gerbang dialihkan (HTTP {status}) — tulis alamat yang baru di secret yang namanya ada di "
                f"notifier.url_env ({notifier.url_env})")
    return (f"gerbang menolak permintaan (HTTP {status}{said}) — periksa pengaturan notifier.provider "
            f"({notifier.provider})")


def deliver(session: requests.Session, prepared: requests.PreparedRequest, notifier: Notifier, *,
            sleep: Callable[[float], None], rng: random.Random | None = None,
            now: Callable[[], dt.datetime] | None = None) -> Delivery:
    """Send until the gateway accepts (2xx) or a failure is final; raises DeliveryError."""
    rng = rng or random.Random()
    now = now or (lambda: dt.datetime.now(dt.UTC))
    timeout = notifier.timeout_seconds
    parts = urlsplit(prepared.url or "")
    host = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)  # never the user:password@
    # requests' own Session.request merges proxy/TLS settings from the environment; do the same.
    options = session.merge_environment_settings(prepared.url, {}, None, None, None)
    reason = ""
    for attempt in range(1, notifier.max_attempts + 1):
        wait: float | None = None
        status: int | None = None
        try:
            response = session.send(prepared, timeout=(timeout, timeout), allow_redirects=False, **options)
        except requests.Timeout:
            reason = (f"gerbang tidak menjawab dalam {_seconds(timeout)} detik — periksa gerbang, "
                      f"atau naikkan notifier.timeout_seconds")
        except requests.ConnectionError:
            reason = (f"tidak dapat terhubung ke gerbang {host} — periksa apakah gerbang berjalan dan alamat "
                      f"pada secret yang namanya ada di notifier.url_env ({notifier.url_env})")
        else:
            with response:
                status = response.status_code
                if 200 <= status < 300:
                    refused = rejection_in_body(notifier.provider, response)
                    if refused is None:
                        return Delivery(status=status, attempts=attempt)
                    raise DeliveryError(
                        f"{notifier.provider} menolak pesan: {refused} — periksa notifier.target "
                        f"({notifier.target or 'kosong'}) dan secret yang namanya ada di notifier.token_env "
                        f"({notifier.token_env})", attempts=attempt, status=status, permanent=True)
                if status == 429:
                    reason = "gerbang membatasi jumlah kiriman (HTTP 429)"
                    wait = retry_after(response.headers.get("Retry-After"), now())
                    if wait is not None and wait > MAX_RETRY_AFTER:
                        raise DeliveryError(f"{reason}; gerbang meminta menunggu {_seconds(round(wait))} detik — "
                                            "pesan dikirim pada jalankan berikutnya",
                                            attempts=attempt, status=status)
                elif status >= 500 or status in RETRYABLE_STATUS:
                    reason = f"gerbang sedang bermasalah (HTTP {status})"
                else:
                    raise DeliveryError(_permanent_reason(status, notifier, _detail(response)),
                                        attempts=attempt, status=status, permanent=True)
        if attempt < notifier.max_attempts:
            sleep(wait if wait is not None else backoff_delay(attempt, rng))
    raise DeliveryError(f"gagal setelah {notifier.max_attempts} percobaan: {reason}",
                        attempts=notifier.max_attempts, status=status)
