"""The upload ledger: what went up where, so each post reaches each platform exactly once.

Like the WhatsApp ledger (`notify.ledger`) it is one marker comment per post on the merged pull
request, written only by the bot (the same `CommentStore`, trusting bot comments only), edited
as the uploads go on. One comment holds every platform of the post, because it is also what
the operator reads: per platform the link of the post, why it is still pending, or — for a
platform the office uploads to by hand — the ready images and the caption to copy.

Per platform: "sending" (recorded before the request), "sent" (with the platform's link),
"failed" (with the reason, pending), "manual" (waiting for the operator's confirmation).

A crash between the platform's acceptance and "sent" leaves "sending". Unlike a WhatsApp
notice, such a post is NOT sent again by the next run: a public post twice on the office's
account is worse than a late one, and none of the four APIs takes an idempotency key. The
comment then asks the operator to look at the account and either confirm the post
(`/diunggah <platform> <link>`) or ask for it again (`/unggah-ulang <platform>`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from jdih.content.clock import Where, tanggal_jam, zone_of
from jdih.content.social_text import PLATFORM_NAMES, PLATFORMS
from jdih.notify.ledger import CommentStore, JsonPostsFile, LedgerError

State = Literal["sending", "sent", "failed", "manual"]
MARKER = "jdih-unggah"
MARKER_PATTERN = re.compile(r"<!-- " + MARKER + r" (\{.*?\}) -->", re.DOTALL)


@dataclass
class PlatformEntry:
    state: State
    url: str = ""  # the platform's public link, once sent
    remote_id: str = ""
    mode: Literal["auto", "manual"] = "auto"
    reason: str = ""  # Indonesian, secrets redacted
    permanent: bool = False  # a retry cannot help until the office fixes something
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sent_at(self) -> dt.datetime | None:
        times = [e["time"] for e in self.events if e.get("state") == "sent" and e.get("time")]
        return dt.datetime.fromisoformat(times[-1]) if times else None


@dataclass
class PostUploads:
    post_id: str
    title: str
    pull_request: int | None
    platforms: dict[str, PlatformEntry] = field(default_factory=dict)
    # What the operator needs for a platform uploaded by hand, kept so the comment can show it.
    material: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PostUploads:
        return cls(post_id=data["post_id"], title=data.get("title", ""), pull_request=data.get("pull_request"),
                   platforms={name: PlatformEntry(**entry) for name, entry in (data.get("platforms") or {}).items()},
                   material=dict(data.get("material") or {}))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def links(self) -> list[tuple[str, str]]:
        """(platform, link) of every platform the post is on, in PLATFORMS order."""
        return [(name, self.platforms[name].url) for name in PLATFORMS
                if name in self.platforms and self.platforms[name].state == "sent" and self.platforms[name].url]

    def waiting(self) -> list[str]:
        """Platforms the post is not on yet (failed, interrupted, or waiting for the operator)."""
        return [name for name in PLATFORMS if name in self.platforms and self.platforms[name].state != "sent"]


def record(uploads: PostUploads, platform: str, state: State, time: dt.datetime, **details: Any) -> PlatformEntry:
    """Move `platform` to `state`, appending the event; url/remote_id/mode/reason/permanent in
    `details` also set the entry's fields."""
    entry = uploads.platforms.get(platform) or PlatformEntry(state=state)
    entry.state = state
    for key in ("url", "remote_id", "mode", "reason", "permanent"):
        if key in details:
            setattr(entry, key, details[key])
    if state == "sent":
        entry.reason, entry.permanent = "", False
    entry.events.append({"state": state, "time": time.isoformat(timespec="seconds"),
                         **{k: v for k, v in details.items() if k not in ("permanent",)}})
    uploads.platforms[platform] = entry
    return entry


class UploadLedger:
    """Where `PostUploads` are kept; subclasses load and store one post's record."""

    def get(self, post_id: str, pull_request: int | None) -> PostUploads | None:
        raise NotImplementedError

    def put(self, uploads: PostUploads) -> None:
        raise NotImplementedError


class JsonFileUploadLedger(JsonPostsFile, UploadLedger):
    """The upload ledger as a JSON file (`notify.ledger.JsonPostsFile`), for local runs and tests."""

    def __init__(self, path: Path | str):
        super().__init__(path, "buku catatan unggahan")

    def get(self, post_id: str, pull_request: int | None) -> PostUploads | None:
        raw = self._load()["posts"].get(post_id)
        return PostUploads.from_dict(raw) if raw else None

    def put(self, uploads: PostUploads) -> None:
        self._store(uploads.post_id, uploads.to_dict())


def parse_comment(body: str) -> PostUploads | None:
    match = MARKER_PATTERN.search(body or "")
    if not match:
        return None
    try:
        return PostUploads.from_dict(json.loads(match.group(1)))
    except (ValueError, KeyError, TypeError):
        return None


def _fence(text: str) -> str:
    """A fenced block that no line of `text` can close (one backtick more than its longest run)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{text}\n{ticks}"


def comment_body(uploads: PostUploads, where: Where = None) -> str:
    """The marker comment: a hidden JSON record, and per platform what people need to know."""
    zone = zone_of(where)
    raw = json.dumps(uploads.to_dict(), ensure_ascii=False, sort_keys=True)
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("--", "-\\u002d")
    lines = [f"<!-- {MARKER} {raw} -->", f"**Unggahan media sosial** — {uploads.title}", ""]
    for name in PLATFORMS:
        entry = uploads.platforms.get(name)
        if entry is None:
            continue
        label = PLATFORM_NAMES[name]
        last = entry.events[-1]["time"] if entry.events else None
        when = tanggal_jam(dt.datetime.fromisoformat(last), zone) if last else ""
        if entry.state == "sent":
            how = "diunggah pengelola" if entry.mode == "manual" else "diunggah otomatis"
            lines.append(f"- ✅ **{label}**: {entry.url} ({how}, {when})")
        elif entry.state == "sending":
            lines.append(f"- ❓ **{label}**: pengunggahan terputus sejak {when}; belum diketahui apakah konten sudah "
                         f"tayang. Periksa akun {label} kantor: bila sudah tayang, balas `/diunggah {name} <tautan>`; "
                         f"bila belum, balas `/unggah-ulang {name}`.")
        elif entry.state == "failed":
            then = ("diunggah ulang setelah masalahnya diperbaiki" if entry.permanent
                    else "diunggah ulang otomatis oleh alur kerja \"Kirim ulang kabar\"")
            lines.append(f"- ⏳ **{label}**: belum terunggah ({when}): {entry.reason} — akan {then}.")
        else:
            lines.append(f"- 📋 **{label}**: diunggah oleh pengelola (unggah otomatis belum diaktifkan). Bahan siap "
                         f"unggah di bawah; setelah mengunggah, balas komentar ini dengan `/diunggah {name} <tautan>`.")
    for name in PLATFORMS:
        entry = uploads.platforms.get(name)
        material = uploads.material.get(name)
        if entry is None or material is None or entry.state == "sent":
            continue
        lines += ["", f"<details><summary>Bahan unggah {PLATFORM_NAMES[name]}</summary>", ""]
        for index, image in enumerate(material.get("images", []), start=1):
            lines.append(f"{index}. [Gambar {index}]({image})")
        lines += ["", "Takarir (tombol salin di pojok kanan):", "", _fence(material.get("caption", "")), "",
                  "</details>"]
    return "\n".join(lines).rstrip() + "\n"


class CommentUploadLedger(UploadLedger):
    """`PostUploads` as one marker comment on the merged pull request (bot comments only: the
    store decides whom it trusts, as for the WhatsApp ledger)."""

    def __init__(self, store: CommentStore, where: Where = None):
        self.store = store
        self.zone = zone_of(where)
        self._ids: dict[str, int] = {}

    def get(self, post_id: str, pull_request: int | None) -> PostUploads | None:
        if pull_request is None:
            raise LedgerError(f"konten {post_id} tidak punya nomor pull request, jadi unggahannya tidak dapat dicatat "
                              "— gunakan --ledger <berkas.json>")
        for comment_id, body in self.store.list_comments(pull_request):
            found = parse_comment(body)
            if found is not None and found.post_id == post_id:
                self._ids[post_id] = comment_id
                return found
        return None

    def put(self, uploads: PostUploads) -> None:
        body = comment_body(uploads, self.zone)
        comment_id = self._ids.get(uploads.post_id)
        if comment_id is None and self.get(uploads.post_id, uploads.pull_request) is not None:
            comment_id = self._ids[uploads.post_id]
        if comment_id is None:
            self._ids[uploads.post_id] = self.store.create_comment(uploads.pull_request, body)
        else:
            self.store.edit_comment(comment_id, body)
