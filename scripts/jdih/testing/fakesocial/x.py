"""X API v2 on 127.0.0.1: media upload and posts, signed with OAuth 1.0a user context.

At least as strict as X where we rely on it; each rule carries its source. What it models:

- keys (`add_app`, `add_user`, `revoke_user`): every request must carry a valid OAuth 1.0a
  HMAC-SHA1 signature, checked by oauthlib's server side (`ResourceEndpoint`) against the
  table of API keys and access tokens; a wrong secret, an unknown or revoked key, a stale
  timestamp or a reused nonce answers 401 (https://docs.x.com/resources/fundamentals/authentication/oauth-1-0a/authorizing-a-request);
- an app without write permission answers 403 `oauth1-permissions` on every POST
  (e.g. plhery/node-twitter-api-v2#493);
- `POST /2/media/upload` (https://docs.x.com/x-api/media/upload-media): a JSON body with
  `media` (base64), `media_category` (required: tweet_image, dm_image, subtitles) and
  `media_type`; images at most 5 MB (https://docs.x.com/x-api/media, "Size restrictions");
  answers `{"data": {"id", "media_key", "size", "expires_after_secs"}}`;
- `POST /2/media/metadata` (https://docs.x.com/x-api/media/create-media-metadata): `{"id",
  "metadata": {"alt_text": {"text"}}}`, the alt text at most 1000 characters, on media the user
  uploaded;
- `POST /2/tweets` (https://docs.x.com/x-api/posts/create-post): `text` at most 280 weighted
  characters (https://docs.x.com/fundamentals/counting-characters: URLs 23, code points in the
  light ranges 1, others 2, NFC), at most 4 images ("up to 4 photos … in a Post",
  https://docs.x.com/x-api/media/quickstart/best-practices), media ids the same user uploaded
  (else 400 "Your media IDs are invalid.", e.g. tweepy/tweepy#2016); the same text as an earlier
  post of the user answers 403 "You are not allowed to create a Tweet with duplicate content."
  (akrherz/iembot#163); success is 201 `{"data": {"id", "text", "edit_history_tweet_ids"}}`;
- rate limits (https://docs.x.com/fundamentals/rate-limits): `limit_next` answers 429 with
  `x-rate-limit-limit`, `x-rate-limit-remaining: 0` and `x-rate-limit-reset` (Unix time);
- faults for tests: `fail_next` (5xx), `delay_next` (a slow answer; the request still takes
  effect);
- every request is recorded (`calls`), the keys replaced by their names and the media by its size.
"""

from __future__ import annotations

import base64
import binascii
import io
import itertools
import json
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from oauthlib.oauth1 import RequestValidator, ResourceEndpoint

from jdih.testing.fakesocial.server import StandIn

TEXT_MAX = 280
URL_WEIGHT = 23  # counting-characters: "All URLs are wrapped with t.co … count as 23 characters"
IMAGE_MAX_BYTES = 5 * 1024 * 1024  # media introduction: "Image: 5 MB"
MEDIA_PER_POST = 4
ALT_TEXT_MAX = 1000  # create-media-metadata: alt_text.text "Max length: 1000 characters"
CATEGORIES = {"tweet_image", "dm_image", "subtitles"}  # upload-media: media_category options
MEDIA_TYPES = {"image/jpeg", "image/bmp", "image/png", "image/webp", "image/pjpeg", "image/tiff"}
# twitter-text's v3 configuration (linked from counting-characters as "Configuration file"):
# weight 100 (one character) for these code point ranges, 200 (two) for everything else.
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
URL = re.compile(r"https?://[^\s]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s]*)?", re.IGNORECASE)


def weighted_length(text: str) -> int:
    """X's count: NFC, each URL 23, light code points 1, others 2 (stricter than twitter-text
    for emoji sequences, which X counts 2 as a whole)."""
    text = unicodedata.normalize("NFC", text)
    length = URL_WEIGHT * len(URL.findall(text))
    for char in URL.sub("", text):
        code = ord(char)
        length += 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2
    return length


@dataclass
class App:
    api_key: str
    secret: str
    name: str
    can_write: bool = True


@dataclass
class User:
    token: str
    secret: str
    api_key: str  # the app the token was made for
    name: str
    id: str
    username: str
    revoked: bool = False
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: dict[str, Any]  # the JSON body, `media` replaced by "<N bytes>"
    app: str  # the app's name, "unknown", or "" when unsigned
    user: str
    authorized: bool


def problem(status: int, title: str, detail: str, kind: str = "about:blank", **extra: Any) -> dict[str, Any]:
    return {"title": title, "detail": detail, "type": kind, "status": status, **extra}


class _Validator(RequestValidator):
    """The key table as oauthlib asks for it. X's keys are longer than oauthlib's default 20–30
    characters and access tokens contain "-", so the format checks are X's, not oauthlib's."""

    def __init__(self, fake: FakeX) -> None:
        super().__init__()
        self.fake = fake

    enforce_ssl = False

    @property
    def dummy_client(self) -> str:
        return "dummy-client"

    @property
    def dummy_access_token(self) -> str:
        return "dummy-token"

    def check_client_key(self, client_key: str) -> bool:
        return bool(re.fullmatch(r"[A-Za-z0-9_-]{8,100}", client_key))

    def check_access_token(self, request_token: str) -> bool:
        return bool(re.fullmatch(r"[A-Za-z0-9_-]{8,100}", request_token))

    def check_nonce(self, nonce: str) -> bool:
        return bool(re.fullmatch(r"[A-Za-z0-9]{8,64}", nonce))

    def validate_client_key(self, client_key: str, request) -> bool:
        return client_key in self.fake.apps

    def get_client_secret(self, client_key: str, request) -> str:
        app = self.fake.apps.get(client_key)
        return app.secret if app else "dummy-secret"

    def validate_access_token(self, client_key: str, token: str, request) -> bool:
        user = self.fake.users.get(token)
        return user is not None and not user.revoked and user.api_key == client_key

    def get_access_token_secret(self, client_key: str, token: str, request) -> str:
        user = self.fake.users.get(token)
        return user.secret if user else "dummy-secret"

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None) -> bool:
        key = (client_key, timestamp, nonce, access_token)
        with self.fake._lock:
            if key in self.fake.nonces:
                return False  # a replayed request
            self.fake.nonces.add(key)
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None) -> bool:
        return True


class FakeX(StandIn):
    def __init__(self, *, now: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.now = now
        self.apps: dict[str, App] = {}
        self.users: dict[str, User] = {}
        self.media: dict[str, dict[str, Any]] = {}  # media id → {owner, size, type}
        self.posts: dict[str, dict[str, Any]] = {}  # post id → {user, text, media_ids}
        self.calls: list[Call] = []
        self.faults: list[tuple[str, Any]] = []
        self.nonces: set[tuple] = set()
        self._ids = itertools.count(1860000000000000001)
        self._lock = threading.RLock()
        self._endpoint = ResourceEndpoint(_Validator(self))

    # --- the table ---------------------------------------------------------------------------

    def add_app(self, api_key: str, secret: str, *, name: str = "jdih-app", can_write: bool = True) -> App:
        app = App(api_key, secret, name, can_write)
        self.apps[api_key] = app
        return app

    def add_user(self, token: str, secret: str, api_key: str, *, name: str = "jdih-user",
                 user_id: str = "1500000000000000001", username: str = "jdihkantor") -> User:
        user = User(token, secret, api_key, name, user_id, username)
        self.users[token] = user
        return user

    def revoke_user(self, token: str) -> None:
        """Regenerating the access token in the developer portal invalidates the old one."""
        self.users[token].revoked = True

    # --- faults ------------------------------------------------------------------------------

    def fail_next(self, count: int = 1, status: int = 503) -> None:
        self.faults += [("status", status)] * count

    def delay_next(self, count: int = 1, seconds: float = 2.0) -> None:
        self.faults += [("delay", seconds)] * count

    def limit_next(self, count: int = 1, reset_in: int = 60) -> None:
        """The next `count` requests are over the rate limit, which resets `reset_in` seconds on."""
        self.faults += [("limit", reset_in)] * count

    def calls_to(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    # --- the server --------------------------------------------------------------------------

    def make_handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._answer("POST")

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                uri = f"http://{self.headers.get('Host', '')}{self.path}"
                status, body, headers, delay = fake.handle(method, uri, raw, dict(self.headers.items()))
                if delay:
                    time.sleep(delay)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        return Handler

    def handle(self, method: str, uri: str, raw: bytes,
               headers: dict[str, str]) -> tuple[int, Any, dict[str, str], float]:
        """One request → (status, body, headers, delay)."""
        path = urlsplit(uri).path
        authorization = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        try:
            valid, request = self._endpoint.validate_protected_resource_request(
                uri, http_method=method, body=raw.decode("utf-8", "replace"), headers=headers)
        except Exception:  # noqa: BLE001 (oauthlib raises on malformed headers: X answers 401 too)
            valid, request = False, None
        app = self.apps.get(getattr(request, "client_key", "") or "")
        user = self.users.get(getattr(request, "resource_owner_key", "") or "")
        try:
            body = json.loads(raw) if raw and "application/json" in kind else {}
        except ValueError:
            body = None
        recorded = dict(body) if isinstance(body, dict) else {}
        if isinstance(recorded.get("media"), str):
            recorded["media"] = f"<{len(recorded['media'])} base64 characters>"
        with self._lock:
            self.calls.append(Call(method, path, recorded, app.name if app else ("unknown" if authorization else ""),
                                   user.name if user else "", bool(valid)))
            fault = self.faults.pop(0) if self.faults else None
        delay = 0.0
        if fault is not None:
            what, arg = fault
            if what == "status":
                return arg, problem(arg, "Service Unavailable", "Service Unavailable"), {}, 0.0
            if what == "limit":
                reset = int(self.now()) + arg
                return 429, problem(429, "Too Many Requests", "Too Many Requests"), {
                    "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)}, 0.0
            delay = arg
        if not valid or app is None or user is None:
            return 401, problem(401, "Unauthorized", "Unauthorized"), {}, delay
        if method == "POST" and not app.can_write:
            return 403, problem(403, "Forbidden", "Your client app is not configured with the appropriate oauth1 "
                                "app permissions for this endpoint.",
                                "https://api.twitter.com/2/problems/oauth1-permissions"), {}, delay
        if body is None:
            return 400, problem(400, "Invalid Request", "Request body is not valid JSON.",
                                "https://api.twitter.com/2/problems/invalid-request"), {}, delay
        route = {("POST", "/2/media/upload"): self._upload, ("POST", "/2/media/metadata"): self._metadata,
                 ("POST", "/2/tweets"): self._tweet}.get((method, path))
        if route is None:
            return 404, {"errors": [{"message": "Sorry, that page does not exist", "code": 34}]}, {}, delay
        with self._lock:
            status, answer = route(user, body, kind)
        return status, answer, {}, delay

    @staticmethod
    def _invalid(message: str, parameter: str, value: Any) -> tuple[int, dict[str, Any]]:
        return 400, {"errors": [{"parameters": {parameter: [value]}, "message": message}],
                     "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
                     "type": "https://api.twitter.com/2/problems/invalid-request"}

    def _upload(self, user: User, body: dict[str, Any], kind: str) -> tuple[int, dict[str, Any]]:
        if "application/json" not in kind:
            # multipart uploads are real but not modelled: the project sends JSON with base64
            return self._invalid("stand-in models JSON uploads only", "media", "")
        category = body.get("media_category")
        if category not in CATEGORIES:
            return self._invalid("media_category must be one of " + ", ".join(sorted(CATEGORIES)),
                                 "media_category", str(category))
        media_type = body.get("media_type")
        if media_type is not None and media_type not in MEDIA_TYPES:
            return self._invalid("unsupported media_type", "media_type", str(media_type))
        try:
            data = base64.b64decode(str(body.get("media") or ""), validate=True)
        except (binascii.Error, ValueError):
            return self._invalid("media is not valid base64", "media", "")
        if not data:
            return self._invalid("media is required", "media", "")
        if len(data) > IMAGE_MAX_BYTES:
            return self._invalid(f"image larger than {IMAGE_MAX_BYTES} bytes", "media", str(len(data)))
        from PIL import Image  # noqa: PLC0415

        try:
            with Image.open(io.BytesIO(data)) as image:
                found = f"image/{image.format.lower()}"
        except Exception:  # noqa: BLE001
            return self._invalid("media is not a supported image", "media", "")
        if media_type and media_type.replace("pjpeg", "jpeg") != found:
            return self._invalid(f"media_type {media_type} does not match the file ({found})", "media_type",
                                 str(media_type))
        media_id = str(next(self._ids))
        self.media[media_id] = {"owner": user.token, "size": len(data), "type": found}
        return 200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(data),
                              "expires_after_secs": 86400}}

    def _metadata(self, user: User, body: dict[str, Any], kind: str) -> tuple[int, dict[str, Any]]:
        media_id = str(body.get("id") or "")
        if media_id not in self.media or self.media[media_id]["owner"] != user.token:
            return self._invalid("Your media IDs are invalid.", "id", media_id)
        metadata = body.get("metadata")
        alt = metadata.get("alt_text") if isinstance(metadata, dict) else None
        text = alt.get("text") if isinstance(alt, dict) else None
        if not isinstance(text, str) or not text:
            return self._invalid("metadata.alt_text.text is required", "metadata.alt_text.text", "")
        if len(text) > ALT_TEXT_MAX:
            return self._invalid(f"alt text longer than {ALT_TEXT_MAX} characters", "metadata.alt_text.text",
                                 str(len(text)))
        self.media[media_id]["alt_text"] = text
        return 200, {"data": {"id": media_id, "associated_metadata": {"alt_text": {"text": text}}}}

    def _tweet(self, user: User, body: dict[str, Any], kind: str) -> tuple[int, dict[str, Any]]:
        text = body.get("text")
        media = body.get("media")
        ids = media.get("media_ids") if isinstance(media, dict) else None
        if text is not None and not isinstance(text, str):
            return self._invalid("text must be a string", "text", str(text))
        if not text and not ids:
            return self._invalid("Post text or media is required", "text", "")
        if ids is not None:
            if not isinstance(ids, list) or not 1 <= len(ids) <= MEDIA_PER_POST:
                return self._invalid(f"media.media_ids must have 1 to {MEDIA_PER_POST} ids", "media.media_ids",
                                     json.dumps(ids))
            if any(str(i) not in self.media or self.media[str(i)]["owner"] != user.token for i in ids):
                return self._invalid("Your media IDs are invalid.", "media.media_ids", ",".join(map(str, ids)))
        if text and weighted_length(text) > TEXT_MAX:
            # the exact answer is not documented; refused like any invalid parameter
            return self._invalid("Your Tweet text is too long.", "text", text[:40])
        if text and text in user.texts:
            return 403, problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
        post_id = str(next(self._ids))
        self.posts[post_id] = {"user": user.name, "text": text or "", "media_ids": list(ids or [])}
        if text:
            user.texts.append(text)
        return 201, {"data": {"id": post_id, "text": text or "", "edit_history_tweet_ids": [post_id]}}
