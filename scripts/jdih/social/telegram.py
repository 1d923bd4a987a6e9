"""The office's Telegram channel: the post goes up as a photo with its caption, or as an album
when it has several images; the link of the message is what the WhatsApp group gets.

Bot API (https://core.telegram.org/bots/api, sources beside each step):
- requests: `POST https://api.telegram.org/bot<token>/<method>` with a JSON body ("Making
  requests"); the answer is `{"ok": true, "result": …}` or `{"ok": false, "error_code",
  "description", "parameters": {"retry_after"}}`;
- one image: `sendPhoto` with `chat_id`, `photo` (the public URL on the deployed site: "pass an
  HTTP URL as a String for Telegram to get a photo from the Internet", at most 5 MB by URL) and
  `caption` ("0-1024 characters after entities parsing"); the answer is the Message;
- several: `sendMediaGroup` with `media`, 2 to 10 InputMediaPhoto, the caption on the first
  (clients show a single caption under the album); the answer is the list of Messages;
- the message's link (https://core.telegram.org/api/links, "Message links"): a public channel's
  `https://t.me/<username>/<message_id>`, a private one's `https://t.me/c/<channel id>/<id>`,
  the channel id being the Bot API id without its `-100` prefix.

The token is part of every URL, so it is added to `Http.secrets` before anything is sent, and
no exception text from requests (which quotes the URL) is ever passed on.

Not idempotent: the Bot API has no idempotency key, and a bot cannot read its channel's history.
If an answer is lost after Telegram posted (a timeout), the retry posts a second copy, which
the operator deletes; the ledger's "being sent" mark stops a later run from posting blindly.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import requests

from jdih.content.settings import TelegramAccount
from jdih.content.social_text import TELEGRAM_CAPTION_LIMIT, telegram_length
from jdih.social.base import Http, ProviderError, Published, SocialPost
from jdih.social.meta import ENVIRONMENT

DEFAULT_BASE = "https://api.telegram.org"
WHAT = "Bot API Telegram"
ALBUM_MAX = 10  # sendMediaGroup: "must include 2-10 items"
NUMERIC = re.compile(r"^-?\d+$")


def telegram_error(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) and body.get("ok") is False else None


def retry_after_of(response: requests.Response) -> float | None:
    """ResponseParameters.retry_after: "the number of seconds left to wait before the request
    can be repeated" (flood control)."""
    error = telegram_error(response) or {}
    parameters = error.get("parameters")
    value = parameters.get("retry_after") if isinstance(parameters, dict) else None
    return float(value) if isinstance(value, int | float) and value >= 0 else None


def message_link(chat: dict[str, Any], message_id: int | str) -> str:
    """t.me/<username>/<id> for a public channel, t.me/c/<id without -100>/<id> otherwise."""
    username = str(chat.get("username") or "").strip()
    if username:
        return f"https://t.me/{username}/{message_id}"
    chat_id = str(chat.get("id") or "")
    internal = chat_id[4:] if chat_id.startswith("-100") else chat_id.lstrip("-")
    return f"https://t.me/c/{internal}/{message_id}"


class TelegramChannel:
    platform: ClassVar[str] = "telegram"

    def __init__(self, account: TelegramAccount, token: str, base_url: str = DEFAULT_BASE, http: Http | None = None):
        self.account = account
        self.token = token.strip()
        self.base = (base_url or DEFAULT_BASE).rstrip("/")
        self.http = http or Http(requests.Session())
        if self.token and self.token not in self.http.secrets:
            self.http.secrets.append(self.token)

    # --- what each refusal means -------------------------------------------------------------

    def explain(self, response: requests.Response) -> tuple[str, bool] | None:
        error = telegram_error(response)
        if error is None:
            return None  # a success, or a bare 5xx/429 that Http handles itself
        code = error.get("error_code", response.status_code)
        said = " ".join(str(error.get("description") or "").split())[:200]
        low = said.lower()
        chat = self.account.chat_id.strip()
        tail = f" (Telegram: {said})" if said else ""
        parameters = error.get("parameters") if isinstance(error.get("parameters"), dict) else {}
        if code == 401 or response.status_code == 401:
            return (f"token bot Telegram di secret {self.account.token_env} ditolak (401 Unauthorized): token salah "
                    f"atau sudah dicabut — buka @BotFather, pilih bot kantor, buat token baru (API Token → Revoke "
                    f"current token), lalu simpan di secret {self.account.token_env} di lingkungan {ENVIRONMENT}"
                    + tail), True
        if code == 429 or response.status_code == 429:
            return "Telegram membatasi jumlah pesan (flood control); dicoba lagi" + tail, False
        if "migrate_to_chat_id" in parameters:
            return (f"grup Telegram {chat!r} sudah pindah ke id {parameters['migrate_to_chat_id']} — ganti "
                    f"posting.telegram.chat_id di site_config/jdih.yml dengan id itu" + tail), True
        if "chat not found" in low:
            return (f"Telegram tidak menemukan kanal {chat!r} — periksa posting.telegram.chat_id di "
                    f"site_config/jdih.yml (@namakanal untuk kanal publik, atau id angka -100… untuk kanal "
                    f"privat) dan pastikan bot kantor sudah ditambahkan ke kanal itu sebagai admin" + tail), True
        if code == 403 or "administrator rights" in low or "not enough rights" in low:
            return (f"bot Telegram belum menjadi admin kanal {chat!r} (posting.telegram.chat_id) atau tidak "
                    f"boleh mengirim pesan — buka kanal → Kelola Kanal → Administrator → tambahkan bot kantor dan "
                    f"nyalakan izin \"Kirim Pesan\" (Post Messages)" + tail), True
        if "caption is too long" in low:
            return (f"takarir Telegram lebih dari {TELEGRAM_CAPTION_LIMIT} karakter — pendekkan captions.telegram "
                    f"(atau caption) di front matter tulisan" + tail), True
        if "http url" in low or "web page content" in low or "file identifier" in low:
            # The image is not (yet) served as a picture at its public URL; may pass a moment later.
            return ("Telegram tidak dapat mengambil gambar dari alamat publiknya di situs — pastikan situs sudah "
                    "terbit lengkap dengan gambarnya" + tail), False
        if response.status_code >= 500:
            return None
        return "Telegram menolak unggahan" + tail, True

    # --- posting -----------------------------------------------------------------------------

    def publish(self, post: SocialPost) -> Published:
        if not self.token:
            raise ProviderError(f"secret {self.account.token_env} kosong atau belum dibuat — simpan token bot dari "
                                f"@BotFather di secret {self.account.token_env} di lingkungan {ENVIRONMENT}",
                                permanent=True)
        chat = self.account.chat_id.strip()
        if not chat:
            raise ProviderError("posting.telegram.chat_id kosong — isi @namakanal atau id kanal (-100…) di "
                                "site_config/jdih.yml", permanent=True)
        images = list(post.images) or ([post.link_image] if post.link_image else [])
        if not images:
            raise ProviderError("tulisan ini tidak punya gambar untuk Telegram (kartu tidak dibuat)", permanent=True)
        if len(images) > ALBUM_MAX:
            raise ProviderError(f"Telegram: paling banyak {ALBUM_MAX} gambar per album, ada {len(images)}",
                                permanent=True)
        length = telegram_length(post.caption)
        if length > TELEGRAM_CAPTION_LIMIT:
            raise ProviderError(f"takarir Telegram {length} karakter, batasnya {TELEGRAM_CAPTION_LIMIT} — pendekkan "
                                f"captions.telegram (atau caption) di front matter tulisan", permanent=True)
        chat_id: int | str = int(chat) if NUMERIC.match(chat) else chat
        if len(images) == 1:
            body: dict[str, Any] = {"chat_id": chat_id, "photo": images[0]}
            if post.caption:
                body["caption"] = post.caption
            result = self._call("sendPhoto", body)
            first = result if isinstance(result, dict) else None
        else:
            media: list[dict[str, Any]] = [{"type": "photo", "media": url} for url in images]
            if post.caption:
                media[0]["caption"] = post.caption
            result = self._call("sendMediaGroup", {"chat_id": chat_id, "media": media})
            first = result[0] if isinstance(result, list) and result and isinstance(result[0], dict) else None
        if first is None or "message_id" not in first or not isinstance(first.get("chat"), dict):
            raise ProviderError(f"{WHAT} menjawab tanpa pesan yang dikenal")
        return Published(remote_id=f"{first['chat'].get('id')}/{first['message_id']}",
                         url=message_link(first["chat"], first["message_id"]))

    def _call(self, method: str, body: dict[str, Any]) -> Any:
        request = requests.Request("POST", f"{self.base}/bot{self.token}/{method}", json=body)
        try:
            response = self.http.send(request, self.explain, what=WHAT, wait_of=retry_after_of)
        except requests.RequestException as error:
            # requests' own text quotes the URL, token included: only its kind is shown
            raise ProviderError(self.http.hide(f"{WHAT}: permintaan gagal ({type(error).__name__})")) from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or answer.get("ok") is not True:
            raise ProviderError(f"{WHAT} menjawab tanpa JSON yang dikenal (HTTP {response.status_code})")
        return answer.get("result")


PROVIDER = TelegramChannel
