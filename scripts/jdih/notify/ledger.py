"""The ledger: what was sent, so each post is announced exactly once (see the package
docstring for why it is a pull request comment, and what a crash mid-send means).

Per notification the ledger holds one entry: the idempotency key, the current state
("sending", "sent" or "failed") and the events that led there, each with its time.
A post is pending unless its state is "sent".
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from jdih.content.clock import Where, tanggal_jam, zone_of
from jdih.notify.message import Notification, idempotency_key

State = Literal["sending", "sent", "failed"]
MARKER = "jdih-kabar"
MARKER_PATTERN = re.compile(r"<!-- " + MARKER + r" (\{.*?\}) -->", re.DOTALL)


class LedgerError(RuntimeError):
    """The ledger cannot be read or written; the message is for the user (Indonesian)."""


@dataclass
class LedgerEntry:
    post_id: str
    idempotency_key: str
    state: State
    title: str = ""
    pull_request: int | None = None
    events: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LedgerEntry:
        return cls(post_id=data["post_id"], idempotency_key=data["idempotency_key"], state=data["state"],
                   title=data.get("title", ""), pull_request=data.get("pull_request"),
                   events=list(data.get("events", [])))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def last(self) -> dict[str, Any]:
        return self.events[-1] if self.events else {}


class Ledger(ABC):
    """Where entries are kept; subclasses only load and store one entry."""

    @abstractmethod
    def get(self, notification: Notification) -> LedgerEntry | None: ...

    @abstractmethod
    def put(self, notification: Notification, entry: LedgerEntry) -> None: ...

    def record(self, notification: Notification, state: State, time: dt.datetime, **details: Any) -> LedgerEntry:
        """Append an event and move the entry to `state`; the key never changes once recorded."""
        entry = self.get(notification) or LedgerEntry(
            post_id=notification.post_id, idempotency_key=idempotency_key(notification), state=state,
            title=notification.title, pull_request=notification.pull_request)
        entry.state = state
        entry.events.append({"state": state, "time": time.isoformat(timespec="seconds"), **details})
        self.put(notification, entry)
        return entry

    def starting_with(self, pull_request: int | None, prefix: str) -> list[LedgerEntry]:
        """Every entry whose post id starts with `prefix` (a post's follow-up notices)."""
        return []

    def pending(self, notifications: list[Notification]) -> list[Notification]:
        """Those not recorded as sent: never sent, failed, or interrupted while sending."""
        return [n for n in notifications if (entry := self.get(n)) is None or entry.state != "sent"]


class JsonPostsFile:
    """A ledger kept as a JSON file {"version": 1, "posts": {post_id: record}}, for local runs and
    the demo; `name` is how messages call it ("buku catatan kiriman"), `lost` what deleting it means."""

    def __init__(self, path: Path | str, name: str, lost: str = ""):
        self.path, self.name, self.lost = Path(path), name, lost

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": 1, "posts": {}}
        except json.JSONDecodeError as exc:
            raise LedgerError(f"{self.path}:{exc.lineno}: {self.name} rusak ({exc.msg}) — "
                              f"perbaiki atau hapus berkas itu{self.lost}") from None
        if not isinstance(data, dict) or not isinstance(data.get("posts"), dict):
            raise LedgerError(f"{self.path}: {self.name} tidak berisi 'posts' — perbaiki atau hapus berkas itu")
        return data

    def _store(self, post_id: str, record: dict[str, Any]) -> None:
        data = self._load()
        data["posts"][post_id] = record
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a crash never leaves half a ledger behind.
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        os.replace(temporary, self.path)


class JsonFileLedger(JsonPostsFile, Ledger):
    """The WhatsApp ledger as a JSON file (`JsonPostsFile`)."""

    def __init__(self, path: Path | str):
        super().__init__(path, "buku catatan kiriman", " (semua kabar akan dianggap belum terkirim)")

    def get(self, notification: Notification) -> LedgerEntry | None:
        raw = self._load()["posts"].get(notification.post_id)
        return LedgerEntry.from_dict(raw) if raw else None

    def starting_with(self, pull_request: int | None, prefix: str) -> list[LedgerEntry]:
        return [LedgerEntry.from_dict(raw) for key, raw in self._load()["posts"].items() if key.startswith(prefix)]

    def put(self, notification: Notification, entry: LedgerEntry) -> None:
        self._store(notification.post_id, entry.to_dict())


class CommentStore(Protocol):
    """The few comment operations the ledger needs (GitHub issue/pull request comments)."""

    def list_comments(self, issue_number: int) -> list[tuple[int, str]]: ...

    def create_comment(self, issue_number: int, body: str) -> int: ...

    def edit_comment(self, comment_id: int, body: str) -> None: ...


class MemoryCommentStore:
    """A CommentStore in memory, for tests: {issue_number: [[comment_id, body], …]}."""

    def __init__(self) -> None:
        self.comments: dict[int, list[list[Any]]] = {}
        self._next_id = 1

    def list_comments(self, issue_number: int) -> list[tuple[int, str]]:
        return [(comment_id, body) for comment_id, body in self.comments.get(issue_number, [])]

    def create_comment(self, issue_number: int, body: str) -> int:
        comment_id = self._next_id
        self._next_id += 1
        self.comments.setdefault(issue_number, []).append([comment_id, body])
        return comment_id

    def edit_comment(self, comment_id: int, body: str) -> None:
        for comments in self.comments.values():
            for comment in comments:
                if comment[0] == comment_id:
                    comment[1] = body
                    return
        raise KeyError(comment_id)


class PyGithubCommentStore:
    """A CommentStore over a PyGithub `Repository`."""

    def __init__(self, repo: Any, trusted_logins: set[str] | None = None):
        self.repo = repo
        # Only bot accounts (GITHUB_TOKEN acts as github-actions[bot]) and logins named here
        # may write ledger entries: anyone who can comment must not be able to forge "sent".
        self.trusted_logins = {login.lower() for login in trusted_logins or ()}
        self._comments: dict[int, Any] = {}  # PyGithub edits through the comment object

    def _trusted(self, comment: Any) -> bool:
        user = comment.user
        return user is not None and (user.type == "Bot" or user.login.lower() in self.trusted_logins)

    def list_comments(self, issue_number: int) -> list[tuple[int, str]]:
        found = []
        for comment in self.repo.get_issue(issue_number).get_comments():
            if not self._trusted(comment):
                continue
            self._comments[comment.id] = comment
            found.append((comment.id, comment.body or ""))
        return found

    def create_comment(self, issue_number: int, body: str) -> int:
        comment = self.repo.get_issue(issue_number).create_comment(body)
        self._comments[comment.id] = comment
        return comment.id

    def edit_comment(self, comment_id: int, body: str) -> None:
        self._comments[comment_id].edit(body)


def comment_body(entry: LedgerEntry, where: Where = None) -> str:
    """The marker comment: a hidden JSON record for the ledger, a plain line for people (times
    in the office time zone of `where`: the settings or a zone; default Asia/Jakarta)."""
    zone = zone_of(where)

    def _when(iso: str) -> str:
        return tanggal_jam(dt.datetime.fromisoformat(iso), zone)

    # "<" and ">" escaped so no text inside can close the HTML comment early.
    record = json.dumps(entry.to_dict(), ensure_ascii=False, sort_keys=True)
    record = record.replace("<", "\\u003c").replace(">", "\\u003e")
    last = entry.last
    if entry.state == "sent":
        status = (f"✅ Terkirim ke grup WhatsApp pada {_when(last['time'])} melalui {last.get('provider')} "
                  f"(HTTP {last.get('http_status')}).")
    elif entry.state == "sending":
        status = (f"⏳ Sedang dikirim sejak {_when(last['time'])}. Bila status ini tidak berubah, "
                  "pengiriman terputus dan kabar akan dikirim ulang pada jalankan berikutnya.")
    else:
        status = (f"⚠️ Belum terkirim ({_when(last['time'])}): {last.get('reason', '')}\n\n"
                  "Kabar ini tertunda dan akan dikirim ulang oleh jalankan berikutnya "
                  "(alur kerja pengiriman ulang).")
    return f"<!-- {MARKER} {record} -->\n**Kabar WhatsApp** — {entry.title}\n\n{status}\n"


def parse_comment(body: str) -> LedgerEntry | None:
    match = MARKER_PATTERN.search(body or "")
    if not match:
        return None
    try:
        return LedgerEntry.from_dict(json.loads(match.group(1)))
    except (ValueError, KeyError, TypeError):
        return None


class CommentLedger(Ledger):
    """Entries as marker comments on the merged pull request, one comment per post.

    `where` (the settings, or a zone): the office time zone the comments show times in."""

    def __init__(self, store: CommentStore, where: Where = None):
        self.store = store
        self.zone = zone_of(where)
        self._comment_ids: dict[str, int] = {}

    def _number(self, notification: Notification) -> int:
        if notification.pull_request is None:
            raise LedgerError(f"kabar '{notification.title}' tidak punya nomor pull request, jadi tidak dapat "
                              "dicatat di pull request — isi pull_request, atau gunakan --ledger <berkas.json>")
        return notification.pull_request

    def get(self, notification: Notification) -> LedgerEntry | None:
        for comment_id, body in self.store.list_comments(self._number(notification)):
            entry = parse_comment(body)
            if entry is not None and entry.post_id == notification.post_id:
                self._comment_ids[notification.post_id] = comment_id
                return entry
        return None

    def starting_with(self, pull_request: int | None, prefix: str) -> list[LedgerEntry]:
        if pull_request is None:
            return []
        found = [parse_comment(body) for _, body in self.store.list_comments(pull_request)]
        return [entry for entry in found if entry is not None and entry.post_id.startswith(prefix)]

    def put(self, notification: Notification, entry: LedgerEntry) -> None:
        body = comment_body(entry, self.zone)
        comment_id = self._comment_ids.get(notification.post_id)
        if comment_id is None and self.get(notification) is not None:
            comment_id = self._comment_ids[notification.post_id]
        if comment_id is None:
            self._comment_ids[notification.post_id] = self.store.create_comment(self._number(notification), body)
        else:
            self.store.edit_comment(comment_id, body)
