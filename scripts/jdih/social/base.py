"""What every provider module shares: the post as a platform receives it, the result, the
error, and `Http`, the one way a provider talks to its API (timeouts, retries, redaction).

A provider module (`facebook`, `instagram`, `telegram`, `x`) is a class with
`platform`, built from its settings (`content.settings.Posting.<platform>`), the token read
from the secret its settings name, the API's base URL (the real one by default; the tests
point it at a stand-in on 127.0.0.1) and an `Http`; `publish(post)` posts once and returns a
`Published` or raises `ProviderError`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import requests

from jdih.notify.secrets import redact
from jdih.notify.transport import MAX_RETRY_AFTER, RETRYABLE_STATUS, backoff_delay, retry_after

DETAIL_MAX = 300


@dataclass(frozen=True)
class SocialPost:
    """One post as one platform gets it (from the deployed site's upload manifest)."""

    post_id: str  # "posts/2026/<slug>/", the ledger's key with the platform
    url: str  # the page's public link
    title: str
    caption: str  # the platform's whole caption: text, hashtags, and the link where it links
    images: tuple[str, ...]  # public https URLs of the JPEG slides, the card first (1 to 10)
    alts: tuple[str, ...] = ()  # the alternative text of each slide, same order
    link_image: str = ""  # the 1200x630 card (Open Graph), for link posts


@dataclass(frozen=True)
class Published:
    remote_id: str  # the platform's id of the post
    url: str  # the public link of the post on the platform (what the WhatsApp group gets)


class ProviderError(Exception):
    """The platform did not take the post. `reason` is Indonesian and names what to fix (the
    secret or the setting); `permanent` when trying again cannot help (an expired token, a
    refused caption); `retry_after` (seconds) when the platform says when to come back."""

    def __init__(self, reason: str, *, status: int | None = None, permanent: bool = False,
                 attempts: int = 1, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.permanent = permanent
        self.attempts = attempts
        self.retry_after = retry_after


# Explains a refused answer (a 4xx, or a 2xx whose body says it failed): (reason, permanent),
# or None for "not a refusal". Each provider has its own, since each API words errors its way.
Explain = Callable[[requests.Response], "tuple[str, bool] | None"]


@dataclass
class Http:
    """Sends a provider's requests: a timeout on each, retries with backoff (equal jitter) on
    timeouts, connection errors, 408/425/429 (honouring Retry-After up to MAX_RETRY_AFTER) and
    5xx; every other refusal is final at once. The same rules as the WhatsApp transport
    (`notify.transport`), whose backoff and Retry-After reading it reuses."""

    session: requests.Session
    timeout: float = 20.0
    max_attempts: int = 5
    sleep: Callable[[float], None] = field(default=lambda seconds: None)
    rng: random.Random = field(default_factory=random.Random)
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    secrets: list[str] = field(default_factory=list)  # hidden from every reason

    def send(self, request: requests.Request, explain: Explain, *, what: str,
             wait_of: Callable[[requests.Response], float | None] | None = None) -> requests.Response:
        """Send until a 2xx that `explain` does not call a refusal; raise ProviderError.
        `what` names the API in messages ("Graph API Facebook"). `wait_of` reads how long a
        refused answer asks to wait when the API says so elsewhere than Retry-After (Telegram's
        `parameters.retry_after`, X's `x-rate-limit-reset`)."""
        options = self.session.merge_environment_settings(request.url, {}, None, None, None)
        reason, status = "", None
        for attempt in range(1, self.max_attempts + 1):
            wait: float | None = None
            status = None
            # Prepared again on each attempt: a signed request (OAuth 1.0a) needs a fresh nonce
            # and timestamp, or the API takes the retry for a replay.
            prepared = self.session.prepare_request(request)
            try:
                response = self.session.send(prepared, timeout=(self.timeout, self.timeout),
                                             allow_redirects=False, **options)
            except requests.Timeout:
                reason = f"{what} tidak menjawab dalam {self.timeout:g} detik"
            except requests.ConnectionError:
                reason = f"tidak dapat terhubung ke {what}"
            else:
                status = response.status_code
                refused = explain(response)
                if 200 <= status < 300 and refused is None:
                    return response
                if refused is not None and refused[1]:
                    raise ProviderError(self.hide(refused[0]), status=status, permanent=True, attempts=attempt)
                if status == 429 or (refused is not None and not refused[1]):
                    reason = refused[0] if refused is not None else f"{what} membatasi jumlah permintaan (HTTP 429)"
                    wait = wait_of(response) if wait_of is not None else None
                    if wait is None:
                        wait = retry_after(response.headers.get("Retry-After"), self.now())
                    if wait is not None and wait > MAX_RETRY_AFTER:
                        raise ProviderError(self.hide(f"{reason}; diminta menunggu {round(wait)} detik — diunggah "
                                                      "pada jalankan berikutnya"),
                                            status=status, attempts=attempt, retry_after=wait)
                elif status >= 500 or status in RETRYABLE_STATUS:
                    reason = f"{what} sedang bermasalah (HTTP {status})"
                else:
                    detail = " ".join((response.text or "").split())[:DETAIL_MAX]
                    raise ProviderError(self.hide(f"{what} menolak permintaan (HTTP {status}: {detail})"),
                                        status=status, permanent=True, attempts=attempt)
            if attempt < self.max_attempts:
                self.sleep(wait if wait is not None else backoff_delay(attempt, self.rng))
        raise ProviderError(self.hide(f"gagal setelah {self.max_attempts} percobaan: {reason}"),
                            status=status, attempts=self.max_attempts)

    def hide(self, text: str) -> str:
        return redact(text, self.secrets)


class Provider(Protocol):
    platform: ClassVar[str]

    def publish(self, post: SocialPost) -> Published: ...
