"""The Telegram Bot API on 127.0.0.1: a bot posting photos to channels.

At least as strict as Telegram where we rely on it; each rule carries its source. What it models:

- bots (`add_bot`, `revoke`): a table of tokens; an unknown or revoked token answers 401
  `{"ok": false, "error_code": 401, "description": "Unauthorized"}` on every method;
- channels (`add_channel`): a chat is found by its numeric id or its `@username` (else 400
  "chat not found"); the bot must be in the channel (else 403 "bot is not a member of the
  channel chat") and an administrator allowed to post (else 400 "need administrator rights in
  the channel chat");
- `sendPhoto` and `sendMediaGroup` with photos by HTTP URL: each photo is really downloaded
  (at most 5 MB, an image; width + height at most 10000, ratio at most 20), the caption at
  most 1024 characters after entity parsing, an album 2 to 10 photos;
- flood control: more than `per_minute` messages to one chat in a minute (20 by default)
  answers 429 with `parameters.retry_after`; `flood_next` forces it;
- faults for tests: `fail_next` (5xx), `delay_next` (an answer slower than the client's
  timeout; the message is still sent, as on the real service: the server does not know the
  client gave up);
- every request is recorded (`calls`) with the bot's name in place of the token.

Sources (Bot API reference, https://core.telegram.org/bots/api):
- "Making requests": https://api.telegram.org/bot<token>/METHOD_NAME, GET or POST, parameters
  as query string, application/x-www-form-urlencoded, application/json or multipart/form-data;
  the answer is a JSON object with `ok`, `result` or `description`, `error_code` and optional
  `parameters` (ResponseParameters: `retry_after`, "the number of seconds left to wait before
  the request can be repeated", in case of exceeding flood control);
- #sendphoto: `chat_id` "Integer or String — unique identifier for the target chat or username
  of the target channel (in the format @channelusername)", `photo` "pass an HTTP URL as a
  String for Telegram to get a photo from the Internet … The photo must be at most 10 MB in
  size. The photo's width and height must not exceed 10000 in total. Width and height ratio
  must be at most 20", `caption` "0-1024 characters after entities parsing";
- #sending-files: by URL, "5 MB max size for photos";
- #sendmediagroup: `media` "A JSON-serialized array describing messages to be sent, must
  include 2-10 items"; "On success, an array of Messages that were sent is returned";
- #inputmediaphoto: `type` "must be photo", `media`, optional `caption` (0-1024) — on any
  item, not only the first;
- bots in channels must be administrators to post: https://core.telegram.org/bots/faq and the
  errors seen from the API ("Bad Request: chat not found", "Forbidden: bot is not a member of
  the channel chat", "Bad Request: need administrator rights in the channel chat",
  "Bad Request: message caption is too long"; e.g. teloxide/teloxide#450, grammyjs/grammY#309);
- limits: "bots are not be able to send more than 20 messages per minute to the same group",
  https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this; the 429
  answer is "Too Many Requests: retry after N" with `parameters.retry_after`.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jdih.testing.fakesocial.server import StandIn, fetch

CAPTION_MAX = 1024  # sendPhoto / InputMediaPhoto: "0-1024 characters after entities parsing"
ALBUM_MIN, ALBUM_MAX = 2, 10  # sendMediaGroup: "must include 2-10 items"
PHOTO_URL_MAX_BYTES = 5 * 1024 * 1024  # "Sending files": by URL, "5 MB max size for photos"
PHOTO_MAX_SIDES = 10000  # "width and height must not exceed 10000 in total"
PHOTO_MAX_RATIO = 20  # "Width and height ratio must be at most 20"
PER_MINUTE = 20  # FAQ: at most 20 messages per minute to the same group
PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")


@dataclass
class Bot:
    token: str
    name: str  # how calls record it (the token never appears)
    id: int
    username: str
    revoked: bool = False


@dataclass
class Channel:
    id: int  # -100…
    title: str
    username: str = ""  # public channels have one (without the @)
    admins: dict[str, bool] = field(default_factory=dict)  # bot name → may post messages
    members: set[str] = field(default_factory=set)  # bots in the channel without admin rights
    messages: list[dict[str, Any]] = field(default_factory=list)
    sent_at: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Call:
    method: str  # "sendPhoto"
    params: dict[str, Any]  # the parameters as decoded (JSON values kept as sent)
    bot: str  # the bot's name, "unknown" for a token not in the table
    content_type: str


class TelegramError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def caption_length(text: str) -> int:
    """In UTF-16 code units, the stricter of the two counts reported for Telegram's limit."""
    return len(text.encode("utf-16-le")) // 2


class FakeTelegram(StandIn):
    def __init__(self, *, per_minute: int = PER_MINUTE, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__()
        self.per_minute = per_minute
        self.clock = clock
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.bots: dict[str, Bot] = {}
        self.channels: dict[int, Channel] = {}
        self.calls: list[Call] = []
        self.faults: list[tuple[str, Any]] = []
        self._ids = itertools.count(1)
        self._lock = threading.RLock()

    # --- the table ---------------------------------------------------------------------------

    def add_bot(self, token: str, name: str = "jdih_bot") -> Bot:
        bot = Bot(token, name, 7000000000 + len(self.bots) + 1, name)
        self.bots[token] = bot
        return bot

    def revoke(self, token: str) -> None:
        """@BotFather's /revoke: the old token stops working at once."""
        self.bots[token].revoked = True

    def add_channel(self, chat_id: int, title: str = "Kanal JDIH", *, username: str = "",
                    admins: dict[str, bool] | None = None, members: set[str] | None = None) -> Channel:
        channel = Channel(chat_id, title, username.lstrip("@"), dict(admins or {}), set(members or ()))
        self.channels[chat_id] = channel
        return channel

    def posts(self, chat_id: int) -> list[dict[str, Any]]:
        return list(self.channels[chat_id].messages)

    # --- faults ------------------------------------------------------------------------------

    def fail_next(self, count: int = 1, status: int = 502) -> None:
        """The next `count` requests answer `status` without doing anything."""
        self.faults += [("status", status)] * count

    def delay_next(self, count: int = 1, seconds: float = 2.0) -> None:
        """The next `count` requests are answered `seconds` late (they still take effect)."""
        self.faults += [("delay", seconds)] * count

    def flood_next(self, count: int = 1, retry_after: int = 3) -> None:
        """The next `count` requests hit flood control."""
        self.faults += [("flood", retry_after)] * count

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    # --- the server --------------------------------------------------------------------------

    def make_handler(self) -> type[BaseHTTPRequestHandler]:
        telegram = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                self._answer()

            def do_POST(self) -> None:  # noqa: N802
                self._answer()

            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type", "")
                status, body, delay = telegram.handle(parts.path, parts.query, raw, kind)
                if delay:
                    time.sleep(delay)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def handle(self, path: str, query: str, raw: bytes, kind: str) -> tuple[int, Any, float]:
        """One request → (status, body, delay)."""
        match = PATH.match(path)
        if match is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}, 0.0
        bot = self.bots.get(match["token"])
        try:
            params = self._params(query, raw, kind)
        except TelegramError as error:
            params, problem = {}, error
        else:
            problem = None
        with self._lock:
            self.calls.append(Call(match["method"], params, bot.name if bot else "unknown", kind.split(";")[0]))
            fault = self.faults.pop(0) if self.faults else None
        delay = 0.0
        if fault is not None:
            what, arg = fault
            if what == "status":
                return arg, {"ok": False, "error_code": arg, "description": "Bad Gateway"}, 0.0
            if what == "flood":
                return 429, TelegramError(429, f"Too Many Requests: retry after {arg}", arg).body(), 0.0
            delay = arg
        try:
            if bot is None or bot.revoked:
                raise TelegramError(401, "Unauthorized")
            if problem is not None:
                raise problem
            method = {"sendPhoto": self._send_photo, "sendMediaGroup": self._send_media_group,
                      "getMe": self._get_me}.get(match["method"])
            if method is None:
                raise TelegramError(404, "Not Found")
            with self._lock:
                result = method(bot, params)
        except TelegramError as error:
            return error.code, error.body(), delay
        return 200, {"ok": True, "result": result}, delay

    @staticmethod
    def _params(query: str, raw: bytes, kind: str) -> dict[str, Any]:
        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        if not raw:
            return params
        if "application/json" in kind:
            try:
                body = json.loads(raw)
            except ValueError:
                raise TelegramError(400, "Bad Request: can't parse JSON object") from None
            if not isinstance(body, dict):
                raise TelegramError(400, "Bad Request: can't parse JSON object")
            params.update(body)
        elif "application/x-www-form-urlencoded" in kind:
            params.update(parse_qsl(raw.decode(), keep_blank_values=True))
        else:
            # multipart uploads are real in the Bot API but not modelled here: we send URLs only
            raise TelegramError(400, "Bad Request: stand-in models query, form and JSON requests only")
        return params

    # --- methods -----------------------------------------------------------------------------

    def _get_me(self, bot: Bot, params: dict[str, Any]) -> dict[str, Any]:
        return {"id": bot.id, "is_bot": True, "first_name": bot.name, "username": bot.username}

    def _channel(self, bot: Bot, chat_id: Any) -> Channel:
        if chat_id in (None, ""):
            raise TelegramError(400, "Bad Request: chat_id is empty")
        text = str(chat_id).strip()
        found = None
        if text.startswith("@"):
            found = next((c for c in self.channels.values() if c.username and c.username.lower() == text[1:].lower()),
                         None)
        elif re.fullmatch(r"-?\d+", text):
            found = self.channels.get(int(text))
        if found is None:
            raise TelegramError(400, "Bad Request: chat not found")
        if bot.name not in found.admins and bot.name not in found.members:
            raise TelegramError(403, "Forbidden: bot is not a member of the channel chat")
        if not found.admins.get(bot.name, False):
            raise TelegramError(400, "Bad Request: need administrator rights in the channel chat")
        return found

    def _flood(self, channel: Channel, count: int) -> None:
        now = self.clock()
        channel.sent_at = [t for t in channel.sent_at if now - t < 60]
        if len(channel.sent_at) + count > self.per_minute:
            wait = max(1, int(60 - (now - channel.sent_at[0])) + 1) if channel.sent_at else 60
            raise TelegramError(429, f"Too Many Requests: retry after {wait}", wait)

    @staticmethod
    def _caption(value: Any, parse_mode: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise TelegramError(400, "Bad Request: caption must be a string")
        if parse_mode not in (None, ""):
            # entity parsing is not modelled; the project sends plain captions
            raise TelegramError(400, "Bad Request: stand-in does not model parse_mode")
        if caption_length(value) > CAPTION_MAX:
            raise TelegramError(400, "Bad Request: message caption is too long")
        return value

    def _photo(self, url: Any) -> list[dict[str, Any]]:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            # file_id and attach:// uploads are real but not modelled: we send public URLs only
            raise TelegramError(400, "Bad Request: wrong remote file identifier specified")
        got = fetch(url, max_bytes=PHOTO_URL_MAX_BYTES)
        if not got.ok or len(got.body) > PHOTO_URL_MAX_BYTES:
            raise TelegramError(400, "Bad Request: failed to get HTTP URL content")
        if not got.content_type.startswith("image/"):
            raise TelegramError(400, "Bad Request: wrong type of the web page content")
        from PIL import Image  # noqa: PLC0415 (only the photo checks need it)

        try:
            with Image.open(io.BytesIO(got.body)) as image:
                width, height = image.size
        except Exception:  # noqa: BLE001 (anything Pillow cannot read is not a photo)
            raise TelegramError(400, "Bad Request: IMAGE_PROCESS_FAILED") from None
        if width + height > PHOTO_MAX_SIDES or max(width, height) / max(1, min(width, height)) > PHOTO_MAX_RATIO:
            raise TelegramError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        unique = f"AQAD{next(self._ids)}"
        return [{"file_id": f"AgAC{unique}", "file_unique_id": unique, "width": width, "height": height,
                 "file_size": len(got.body)}]

    def _message(self, channel: Channel, photo: list[dict[str, Any]], caption: str,
                 group: str = "") -> dict[str, Any]:
        chat: dict[str, Any] = {"id": channel.id, "title": channel.title, "type": "channel"}
        if channel.username:
            chat["username"] = channel.username
        message: dict[str, Any] = {"message_id": len(channel.messages) + 1, "sender_chat": chat, "chat": chat,
                                   "date": int(self.now().timestamp()), "photo": photo}
        if caption:
            message["caption"] = caption
        if group:
            message["media_group_id"] = group
        channel.messages.append(message)
        channel.sent_at.append(self.clock())
        return message

    def _send_photo(self, bot: Bot, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(bot, params.get("chat_id"))
        if not params.get("photo"):
            raise TelegramError(400, "Bad Request: there is no photo in the request")
        caption = self._caption(params.get("caption"), params.get("parse_mode"))
        self._flood(channel, 1)
        photo = self._photo(params["photo"])
        return self._message(channel, photo, caption)

    def _send_media_group(self, bot: Bot, params: dict[str, Any]) -> list[dict[str, Any]]:
        channel = self._channel(bot, params.get("chat_id"))
        media = params.get("media")
        if isinstance(media, str):  # form and query requests carry it JSON-serialized
            try:
                media = json.loads(media)
            except ValueError:
                raise TelegramError(400, "Bad Request: can't parse media JSON object") from None
        if not isinstance(media, list):
            raise TelegramError(400, "Bad Request: media must be an array")
        if not ALBUM_MIN <= len(media) <= ALBUM_MAX:
            raise TelegramError(400, f"Bad Request: media group must include {ALBUM_MIN}-{ALBUM_MAX} items")
        items = []
        for item in media:
            if not isinstance(item, dict) or item.get("type") != "photo":
                raise TelegramError(400, "Bad Request: stand-in models InputMediaPhoto only")
            items.append((item.get("media"), self._caption(item.get("caption"), item.get("parse_mode"))))
        self._flood(channel, len(items))
        photos = [self._photo(url) for url, _ in items]  # all downloaded before anything is sent
        group = str(13000000000000000 + next(self._ids))
        return [self._message(channel, photo, caption, group) for photo, (_, caption) in zip(photos, items, strict=True)]
