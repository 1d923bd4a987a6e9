"""The office's X account: the post goes up with its card (and up to three more slides) as
images, signed with OAuth 1.0a user context (requests-oauthlib).

X API v2 (sources beside each step):
- the secret `posting.x.token_env` (X_CREDENTIALS) holds four lines, `api_key: …`,
  `api_key_secret: …`, `access_token: …`, `access_token_secret: …` — the "Consumer Keys" and
  the "Access Token and Secret" of the office's app in the developer portal
  (https://docs.x.com/resources/fundamentals/authentication/oauth-1-0a/api-key-and-secret);
- each image is downloaded from its public URL on the deployed site (which also proves the
  page is live), then `POST /2/media/upload` with JSON `{"media": <base64>, "media_category":
  "tweet_image", "media_type": "image/jpeg"}` → `{"data": {"id", "media_key", …}}`
  (https://docs.x.com/x-api/media/upload-media); images at most 5 MB
  (https://docs.x.com/x-api/media), at most 4 per post
  (https://docs.x.com/x-api/media/quickstart/best-practices); its alternative text by
  `POST /2/media/metadata` with `{"id", "metadata": {"alt_text": {"text"}}}`, at most 1000
  characters (https://docs.x.com/x-api/media/create-media-metadata);
- `POST /2/tweets` with `{"text", "media": {"media_ids": [...]}}` → 201 `{"data": {"id", "text"}}`
  (https://docs.x.com/x-api/posts/create-post); the link is https://x.com/i/web/status/<id>;
- refusals: 401 (keys wrong or regenerated), 403 `oauth1-permissions` (the app is read-only),
  403 "duplicate content", 429 with `x-rate-limit-reset`, the Unix time the limit resets
  (https://docs.x.com/fundamentals/rate-limits); 5xx are retried by `Http`.

Not idempotent: there is no idempotency key. A lost answer (a timeout) on `POST /2/tweets` is
retried; if X had already posted, the retry is refused as duplicate content, which the reason
names so the operator can record the existing post with `/diunggah x <link>`.
"""

from __future__ import annotations

import base64
from typing import Any, ClassVar

import requests
from requests_oauthlib import OAuth1

from jdih.content.settings import XAccount as XSettings
from jdih.content.social_text import X_LIMIT, x_length
from jdih.social.base import Http, ProviderError, Published, SocialPost
from jdih.social.meta import ENVIRONMENT

DEFAULT_BASE = "https://api.x.com"
WHAT = "API X"
KEYS = ("api_key", "api_key_secret", "access_token", "access_token_secret")
MEDIA_PER_POST = 4  # best practices: "up to 4 photos … in a Post"
IMAGE_MAX_BYTES = 5 * 1024 * 1024  # media introduction: "Image: 5 MB"
ALT_TEXT_MAX = 1000  # create-media-metadata: "Max length: 1000 characters"
PORTAL = "developer.x.com → Projects & Apps → aplikasi kantor"


def parse_credentials(text: str, env_name: str) -> dict[str, str]:
    """The four `name: value` lines; every error names the line, never a value."""
    how = (f"isi secret {env_name} dengan empat baris: api_key: …, api_key_secret: …, access_token: …, "
           f"access_token_secret: … (dari {PORTAL} → Keys and tokens), di lingkungan {ENVIRONMENT}")
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, colon, value = line.partition(":")
        name = name.strip().lower()
        if not colon or name not in KEYS:
            raise ProviderError(f"secret {env_name}: baris ke-{number} bukan salah satu dari {', '.join(KEYS)} "
                                f"dalam bentuk 'nama: nilai' — {how}", permanent=True)
        if name in values:
            raise ProviderError(f"secret {env_name}: baris {name} tertulis dua kali — {how}", permanent=True)
        if not value.strip():
            raise ProviderError(f"secret {env_name}: baris {name} kosong — {how}", permanent=True)
        values[name] = value.strip()
    missing = [key for key in KEYS if key not in values]
    if missing:
        raise ProviderError(f"secret {env_name}: baris {', '.join(missing)} tidak ada — {how}", permanent=True)
    return values


def x_problem(response: requests.Response) -> tuple[str, str]:
    """(type, what X said) from a problem-details or `errors` body."""
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    kind = str(body.get("type") or "")
    said = str(body.get("detail") or body.get("title") or "")
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = str(errors[0].get("message") or errors[0].get("detail") or "")
        said = f"{said} {first}".strip() if first and first not in said else (said or first)
    return kind, " ".join(said.split())[:200]


class XAccount:
    platform: ClassVar[str] = "x"

    def __init__(self, account: XSettings, token: str, base_url: str = DEFAULT_BASE, http: Http | None = None):
        self.account = account
        self.raw = token or ""
        self.base = (base_url or DEFAULT_BASE).rstrip("/")
        self.http = http or Http(requests.Session())
        for secret in [self.raw.strip()] + [line.split(":", 1)[1].strip() for line in self.raw.splitlines()
                                            if ":" in line and len(line.split(":", 1)[1].strip()) >= 4]:
            if secret and secret not in self.http.secrets:
                self.http.secrets.append(secret)

    # --- what each refusal means -------------------------------------------------------------

    def explain(self, response: requests.Response) -> tuple[str, bool] | None:
        status = response.status_code
        if 200 <= status < 300:
            return None
        kind, said = x_problem(response)
        tail = f" (X: {said})" if said else ""
        env = self.account.token_env
        if status == 401:
            return (f"kunci X di secret {env} ditolak (401 Unauthorized): salah satu kunci salah, atau kunci/token "
                    f"sudah dibuat ulang atau dicabut — buka {PORTAL} → Keys and tokens, buat ulang (Regenerate) "
                    f"Access Token and Secret (dan API Key and Secret bila perlu), lalu simpan keempat baris di "
                    f"secret {env} di lingkungan {ENVIRONMENT}" + tail), True
        if status == 403 and "duplicate" in said.lower():
            return ("X menolak kiriman karena teksnya sama persis dengan kiriman akun ini sebelumnya (duplicate "
                    "content) — bila kiriman itu memang tulisan ini, catat tautannya dengan komentar /diunggah x "
                    "<tautan> di pull request; bila bukan, ubah captions.x di front matter" + tail), True
        if status == 403 and ("oauth1-permissions" in kind or "permission" in said.lower()):
            return (f"aplikasi X kantor hanya boleh membaca, belum boleh menulis — buka {PORTAL} → User "
                    f"authentication settings → App permissions: Read and write, lalu buat ulang Access Token and "
                    f"Secret (token lama tetap hanya-baca) dan simpan di secret {env}" + tail), True
        if status == 403:
            return (f"X menolak akses aplikasi kantor (403) — periksa di {PORTAL} bahwa aplikasi terpasang pada "
                    f"sebuah Project dan paket API-nya mengizinkan kiriman" + tail), True
        if status == 429:
            return "X membatasi jumlah permintaan (HTTP 429)" + tail, False
        if status >= 500:
            return None
        return "X menolak unggahan" + tail, True

    def wait_of(self, response: requests.Response) -> float | None:
        """Seconds until `x-rate-limit-reset` (Unix time); the 24-hour limits when exhausted."""
        resets = []
        for prefix in ("x-user-limit-24hour", "x-app-limit-24hour"):
            if response.headers.get(f"{prefix}-remaining") == "0" and response.headers.get(f"{prefix}-reset"):
                resets.append(response.headers[f"{prefix}-reset"])
        if not resets and response.headers.get("x-rate-limit-reset"):
            resets.append(response.headers["x-rate-limit-reset"])
        try:
            reset = max(float(value) for value in resets)
        except ValueError:
            return None
        return max(0.0, reset - self.http.now().timestamp())

    # --- posting -----------------------------------------------------------------------------

    def publish(self, post: SocialPost) -> Published:
        env = self.account.token_env
        if not self.raw.strip():
            raise ProviderError(f"secret {env} kosong atau belum dibuat — simpan empat kunci OAuth 1.0a aplikasi X "
                                f"kantor di secret {env} di lingkungan {ENVIRONMENT}", permanent=True)
        keys = parse_credentials(self.raw, env)
        length = x_length(post.caption)
        if length > X_LIMIT:
            raise ProviderError(f"teks X {length} karakter (tautan dihitung 23), batasnya {X_LIMIT} — pendekkan "
                                f"captions.x di front matter tulisan", permanent=True)
        auth = OAuth1(keys["api_key"], keys["api_key_secret"], keys["access_token"], keys["access_token_secret"],
                      signature_type="auth_header")
        images = (list(post.images) or ([post.link_image] if post.link_image else []))[:MEDIA_PER_POST]
        media_ids = []
        for index, url in enumerate(images):
            media_id = self._upload(self._download(url), auth)
            alt = (post.alts[index] if index < len(post.alts) and post.images else "").strip()
            if alt:
                self._json(self._send(requests.Request(
                    "POST", f"{self.base}/2/media/metadata", auth=auth,
                    json={"id": media_id, "metadata": {"alt_text": {"text": alt[:ALT_TEXT_MAX]}}})))
            media_ids.append(media_id)
        body: dict[str, Any] = {"text": post.caption}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        answer = self._json(self._send(requests.Request("POST", f"{self.base}/2/tweets", json=body, auth=auth)))
        post_id = str((answer.get("data") or {}).get("id") or "")
        if not post_id:
            raise ProviderError(f"{WHAT} tidak mengembalikan id kiriman")
        return Published(remote_id=post_id, url=f"https://x.com/i/web/status/{post_id}")

    def _download(self, url: str) -> tuple[bytes, str]:
        def explain(response: requests.Response) -> tuple[str, bool] | None:
            if 200 <= response.status_code < 300:
                kind = response.headers.get("Content-Type", "")
                if not kind.startswith("image/"):
                    return f"{url} bukan gambar ({kind or 'tanpa Content-Type'})", True
                return None
            if response.status_code >= 500:
                return None
            # Not (yet) on the live site: maybe a moment from being deployed.
            return f"gambar {url} belum ada di situs (HTTP {response.status_code})", False

        response = self._send(requests.Request("GET", url), explain, what="situs")
        data = response.content
        if len(data) > IMAGE_MAX_BYTES:
            raise ProviderError(f"gambar {url} {len(data)} bita, X menerima paling besar 5 MB", permanent=True)
        kind = response.headers.get("Content-Type", "image/jpeg").split(";")[0].strip()
        return data, kind

    def _upload(self, image: tuple[bytes, str], auth: OAuth1) -> str:
        data, kind = image
        body = {"media": base64.b64encode(data).decode("ascii"), "media_category": "tweet_image",
                "media_type": kind}
        answer = self._json(self._send(requests.Request("POST", f"{self.base}/2/media/upload", json=body, auth=auth)))
        media_id = str((answer.get("data") or {}).get("id") or "")
        if not media_id:
            raise ProviderError(f"{WHAT} tidak mengembalikan id gambar yang diunggah")
        return media_id

    def _send(self, request: requests.Request, explain=None, *, what: str = WHAT) -> requests.Response:
        try:
            return self.http.send(request, explain or self.explain, what=what, wait_of=self.wait_of)
        except requests.RequestException as error:
            raise ProviderError(self.http.hide(f"{what}: permintaan gagal ({type(error).__name__})")) from None

    def _json(self, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ProviderError(f"{WHAT} menjawab tanpa JSON yang dikenal (HTTP {response.status_code})")
        return body


PROVIDER = XAccount
