"""jdih.notify.ledger: JSON file and pull-request marker comments."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jdih.content.clock import office_zone
from jdih.notify.ledger import (
    CommentLedger,
    JsonFileLedger,
    LedgerError,
    MemoryCommentStore,
    comment_body,
    parse_comment,
)
from jdih.notify.message import Notification, idempotency_key

WIB = office_zone("Asia/Jakarta")
A = Notification(post_id="/posts/a/", title="Konten A", url="https://x.test/posts/a/", approver="kasubbag-kapuas",
                 date=dt.date(2026, 11, 24), pull_request=12)
B = Notification(post_id="/posts/b/", title="Konten B", url="https://x.test/posts/b/", approver="kasubbag-kapuas",
                 date=dt.date(2026, 11, 24), pull_request=12)
T1 = dt.datetime(2026, 11, 24, 10, 2, 5, tzinfo=WIB)
T2 = dt.datetime(2026, 11, 24, 10, 2, 9, tzinfo=WIB)


def test_json_file_ledger_states_and_pending(tmp_path):
    ledger = JsonFileLedger(tmp_path / "catatan" / "kabar.json")
    assert ledger.pending([A, B]) == [A, B]
    ledger.record(A, "sending", T1, idempotency_key=idempotency_key(A))
    assert ledger.pending([A, B]) == [A, B]  # "sending" is not "sent"
    ledger.record(A, "sent", T2, provider="fonnte", http_status=200)
    assert ledger.pending([A, B]) == [B]
    # A fresh object on the same file (the next run) sees the same thing.
    again = JsonFileLedger(tmp_path / "catatan" / "kabar.json")
    entry = again.get(A)
    assert entry.state == "sent" and entry.idempotency_key == idempotency_key(A)
    assert entry.events == [
        {"state": "sending", "time": "2026-11-24T10:02:05+07:00", "idempotency_key": idempotency_key(A)},
        {"state": "sent", "time": "2026-11-24T10:02:09+07:00", "provider": "fonnte", "http_status": 200},
    ]
    assert again.pending([A, B]) == [B]


def test_json_file_ledger_corrupt(tmp_path):
    path = tmp_path / "kabar.json"
    path.write_text("{ rusak")
    with pytest.raises(LedgerError) as caught:
        JsonFileLedger(path).pending([A])
    assert str(caught.value) == (f"{path}:1: buku catatan kiriman rusak (Expecting property name enclosed in double "
                                 "quotes) — perbaiki atau hapus berkas itu (semua kabar akan dianggap belum terkirim)")


def test_comment_ledger_one_comment_per_post_edited_in_place():
    store = MemoryCommentStore()
    store.create_comment(12, "Terima kasih, sudah saya setujui.")  # ordinary comments are ignored
    ledger = CommentLedger(store)
    ledger.record(A, "sending", T1, idempotency_key=idempotency_key(A))
    ledger.record(B, "sending", T1, idempotency_key=idempotency_key(B))
    ledger.record(A, "sent", T2, provider="waha", http_status=201)
    comments = store.list_comments(12)
    assert len(comments) == 3
    # A new ledger object (the next run) reads the state back from the comments alone.
    fresh = CommentLedger(store)
    assert fresh.pending([A, B]) == [B]
    assert fresh.get(A).state == "sent" and fresh.get(B).state == "sending"
    body_a = comments[1][1]
    assert body_a.startswith("<!-- jdih-kabar {")
    assert body_a.endswith("\n**Kabar WhatsApp** — Konten A\n\n"
                           "✅ Terkirim ke grup WhatsApp pada 24 November 2026 pukul 10.02 WIB melalui waha (HTTP 201).\n")


def test_comment_text_for_each_state():
    ledger = CommentLedger(MemoryCommentStore())
    entry = ledger.record(A, "sending", T1)
    assert comment_body(entry).split(" -->\n", 1)[1] == (
        "**Kabar WhatsApp** — Konten A\n\n⏳ Sedang dikirim sejak 24 November 2026 pukul 10.02 WIB. Bila status ini "
        "tidak berubah, pengiriman terputus dan kabar akan dikirim ulang pada jalankan berikutnya.\n")
    entry = ledger.record(A, "failed", T2, reason="token ditolak <b>--> (HTTP 401)")
    body = comment_body(entry)
    assert body.split(" -->\n", 1)[1] == (
        "**Kabar WhatsApp** — Konten A\n\n⚠️ Belum terkirim (24 November 2026 pukul 10.02 WIB): token ditolak <b>--> "
        "(HTTP 401)\n\nKabar ini tertunda dan akan dikirim ulang oleh jalankan berikutnya (alur kerja pengiriman "
        "ulang).\n")
    # The hidden record survives text that looks like the end of an HTML comment.
    assert body.count("-->") == 2
    assert parse_comment(body).events[-1]["reason"] == "token ditolak <b>--> (HTTP 401)"


def test_comment_ledger_needs_a_pull_request_number():
    orphan = Notification(post_id="/posts/c/", title="Konten C", url="https://x.test/c/", approver="k",
                          date=dt.date(2026, 11, 24))
    with pytest.raises(LedgerError) as caught:
        CommentLedger(MemoryCommentStore()).pending([orphan])
    assert str(caught.value) == ("kabar 'Konten C' tidak punya nomor pull request, jadi tidak dapat dicatat di pull "
                                 "request — isi pull_request, atau gunakan --ledger <berkas.json>")


def test_marker_json_is_plain_json():
    entry = CommentLedger(MemoryCommentStore()).record(A, "sent", T2, provider="webhook", http_status=200)
    record = comment_body(entry).split("<!-- jdih-kabar ", 1)[1].split(" -->", 1)[0]
    assert json.loads(record)["state"] == "sent"
