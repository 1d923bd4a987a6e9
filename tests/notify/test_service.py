"""jdih.notify.service: notify_all against a real local gateway, with the ledger after each run."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import requests

from jdih.content.clock import office_zone
from jdih.content.settings import Notifier, load_settings
from jdih.notify import CommentLedger, JsonFileLedger, MemoryCommentStore, Notification, notify_all
from jdih.testing.receiver import Reply
from tests.conftest import ROOT  # noqa: E402

SETTINGS = load_settings(ROOT / "site_config" / "jdih.yml")
TEMPLATE = ROOT / "site_config" / "templates" / "whatsapp.txt.j2"
TOKEN = "tok-Rahasia-98765"
WIB = office_zone("Asia/Jakarta")
NOW = dt.datetime(2026, 11, 24, 10, 2, 0, tzinfo=WIB)

A = Notification(post_id="/jdih-medsos/posts/a/", title="Konten A", url="https://kpu-kapuas.github.io/jdih-medsos/posts/a/",
                 approver="kasubbag-kapuas", date=dt.date(2026, 11, 24), pull_request=12)
B = Notification(post_id="/jdih-medsos/posts/b/", title="Konten B", url="https://kpu-kapuas.github.io/jdih-medsos/posts/b/",
                 approver="kasubbag-kapuas", date=dt.date(2026, 11, 24), pull_request=12)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def settings_for(**notifier):
    return SETTINGS.model_copy(update={"notifier": Notifier(**notifier)})


def run(notifications, settings, ledger, env, sleeps=None):
    with requests.Session() as session:
        return notify_all(notifications, settings, ledger, session, env, sleeps if sleeps is not None else Sleeps(),
                          template=TEMPLATE, clock=lambda: NOW)


def states(ledger, *notifications):
    return [entry.state if (entry := ledger.get(n)) else None for n in notifications]


def events(ledger, notification):
    return [event["state"] for event in ledger.get(notification).events]


PROVIDERS = {
    "webhook": dict(provider="webhook", target="120363@g.us"),
    "fonnte": dict(provider="fonnte", target="120363@g.us"),
    "waha": dict(provider="waha", target="120363@g.us"),
    "whatsapp_cloud": dict(provider="whatsapp_cloud", target="6281234567890", phone_number_id="1065"),
}


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_each_post_sent_once_and_a_second_run_sends_nothing(receiver, tmp_path, provider):
    settings = settings_for(**PROVIDERS[provider])
    env = {"WHATSAPP_URL": receiver.url, "WHATSAPP_TOKEN": TOKEN}
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    result = run([A, B], settings, ledger, env)
    assert (result.sent, result.failed, result.pending, result.ok) == ([A, B], [], [], True)
    assert len(receiver.requests) == 2
    assert states(ledger, A, B) == ["sent", "sent"]
    assert ledger.get(A).events[-1] == {"state": "sent", "time": "2026-11-24T10:02:00+07:00", "provider": provider,
                                        "http_status": 200, "attempts": 1}

    again = run([A, B], settings, JsonFileLedger(tmp_path / "kabar.json"), env)
    assert (again.sent, again.already_sent, again.failed) == ([], [A, B], [])
    assert len(receiver.requests) == 2  # nothing new reached the gateway


def test_500_then_200(receiver, tmp_path):
    receiver.reply(Reply(status=500), Reply(status=200))
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    sleeps = Sleeps()
    result = run([A], settings_for(provider="webhook"), ledger, {"WHATSAPP_URL": receiver.url}, sleeps)
    assert result.sent == [A] and len(sleeps) == 1
    assert events(ledger, A) == ["sending", "sent"] and ledger.get(A).events[-1]["attempts"] == 2


def test_429_with_retry_after(receiver, tmp_path):
    receiver.reply(Reply(status=429, headers={"Retry-After": "2"}), Reply(status=200))
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    sleeps = Sleeps()
    result = run([A], settings_for(provider="webhook"), ledger, {"WHATSAPP_URL": receiver.url}, sleeps)
    assert result.sent == [A] and sleeps == [2.0]
    assert states(ledger, A) == ["sent"]


def test_timeout_leaves_the_post_pending_then_the_retry_sends_it(receiver, tmp_path):
    receiver.reply(Reply(delay=1.0), Reply(delay=1.0))
    settings = settings_for(provider="webhook", timeout_seconds=0.2, max_attempts=2)
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    env = {"WHATSAPP_URL": receiver.url}
    result = run([A], settings, ledger, env)
    reason = ("gagal setelah 2 percobaan: gerbang tidak menjawab dalam 0,2 detik — periksa gerbang, atau naikkan "
              "notifier.timeout_seconds")
    assert result.sent == [] and result.pending == [A] and result.failed[0].reason == reason
    assert events(ledger, A) == ["sending", "failed"]
    assert ledger.get(A).events[-1] == {"state": "failed", "time": "2026-11-24T10:02:00+07:00", "provider": "webhook",
                                        "reason": reason, "http_status": None, "attempts": 2}
    assert ledger.pending([A]) == [A]
    # The next run (the retry workflow) finds it pending and sends it, with the same key.
    retried = run([A], settings, ledger, env)
    assert retried.sent == [A] and states(ledger, A) == ["sent"]
    keys = {request.headers["idempotency-key"] for request in receiver.requests}
    assert len(receiver.requests) == 3 and len(keys) == 1


def test_connection_refused_keeps_every_post_pending(closed_port, tmp_path):
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    sleeps = Sleeps()
    result = run([A, B], settings_for(provider="webhook", max_attempts=2), ledger,
                 {"WHATSAPP_URL": f"http://127.0.0.1:{closed_port}/hook"}, sleeps)
    assert result.pending == [A, B] and len(sleeps) == 2
    assert result.failed[0].reason == (
        f"gagal setelah 2 percobaan: tidak dapat terhubung ke gerbang 127.0.0.1:{closed_port} — periksa apakah "
        "gerbang berjalan dan alamat pada secret yang namanya ada di notifier.url_env (WHATSAPP_URL)")
    assert states(ledger, A, B) == ["failed", "failed"]


def test_401_is_not_retried_and_names_the_token_setting(receiver, tmp_path):
    receiver.default = Reply(status=401, body={"error": f"invalid token {TOKEN}"})
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    sleeps = Sleeps()
    settings = settings_for(provider="fonnte", target="120363@g.us", token_env="FONNTE_TOKEN")
    result = run([A], settings, ledger, {"WHATSAPP_URL": receiver.url, "FONNTE_TOKEN": TOKEN}, sleeps)
    reason = ("token ditolak oleh penyedia (HTTP 401) — periksa secret yang namanya ada di notifier.token_env "
              "(FONNTE_TOKEN)")
    assert result.failed[0].reason == reason
    assert len(receiver.requests) == 1 and sleeps == []
    assert ledger.get(A).events[-1]["reason"] == reason and states(ledger, A) == ["failed"]


def test_token_echoed_by_the_gateway_is_redacted(receiver, tmp_path):
    receiver.default = Reply(status=400, body=f"bad request for token {TOKEN}")
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    result = run([A], settings_for(provider="webhook"), ledger,
                 {"WHATSAPP_URL": receiver.url + "/hook", "WHATSAPP_TOKEN": TOKEN})
    assert result.failed[0].reason == ("gerbang menolak isi pesan (HTTP 400: bad request for token ***) — periksa "
                                       "notifier.target (kosong) dan notifier.provider (webhook)")
    assert TOKEN not in (tmp_path / "kabar.json").read_text()


def test_missing_secret_fails_every_post_with_the_setting_to_fix(tmp_path):
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    result = run([A, B], settings_for(provider="webhook"), ledger, {})
    reason = "alamat gerbang webhook belum diisi — isi secret yang namanya ada di notifier.url_env (WHATSAPP_URL)"
    assert [failure.reason for failure in result.failed] == [reason, reason]
    assert states(ledger, A, B) == ["failed", "failed"]


def test_provider_none_does_nothing(tmp_path):
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    result = run([A], settings_for(provider="none"), ledger, {})
    assert result.disabled and result.ok and result.pending == []
    assert not (tmp_path / "kabar.json").exists()


class Died(BaseException):
    """Stands for the process being killed: nothing in notify_all may catch it."""


class DyingStore(MemoryCommentStore):
    """Dies when asked to record "sent", i.e. after the gateway accepted the message."""

    dead = True

    def edit_comment(self, comment_id: int, body: str) -> None:
        if self.dead and '"state": "sent"' in body:
            raise Died()
        super().edit_comment(comment_id, body)


def test_death_between_sending_and_recording_resends_with_the_same_key(receiver):
    store = DyingStore()
    settings = settings_for(provider="webhook")
    env = {"WHATSAPP_URL": receiver.url + "/hook"}
    with pytest.raises(Died):
        run([A], settings, CommentLedger(store), env)
    assert len(receiver.requests) == 1  # the message went out…
    assert states(CommentLedger(store), A) == ["sending"]  # …but only the intent was recorded

    store.dead = False  # the next run, on a healthy machine
    result = run([A], settings, CommentLedger(store), env)
    assert result.sent == [A]
    first, second = receiver.requests
    key = hashlib.sha256(b"/jdih-medsos/posts/a/\n12").hexdigest()
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == key
    assert first.json["idempotency_key"] == second.json["idempotency_key"] == key
    assert first.body == second.body
    assert events(CommentLedger(store), A) == ["sending", "sending", "sent"]
    assert len(store.list_comments(12)) == 1  # still one marker comment for the post

    third = run([A], settings, CommentLedger(store), env)
    assert third.already_sent == [A] and len(receiver.requests) == 2


class UnrecordableStore(MemoryCommentStore):
    def edit_comment(self, comment_id: int, body: str) -> None:
        if '"state": "sent"' in body:
            raise RuntimeError("GitHub sedang tidak dapat dihubungi")
        super().edit_comment(comment_id, body)


def test_sent_but_not_recorded_is_reported_pending(receiver):
    store = UnrecordableStore()
    result = run([A, B], settings_for(provider="webhook"), CommentLedger(store), {"WHATSAPP_URL": receiver.url})
    assert result.sent == [] and result.pending == [A, B] and len(receiver.requests) == 2
    assert result.failed[0].reason == ("terkirim (HTTP 200), tetapi tidak dapat dicatat: GitHub sedang tidak dapat "
                                       "dihubungi — kabar ini akan dikirim ulang dengan kunci idempoten yang sama")
    assert states(CommentLedger(store), A, B) == ["sending", "sending"]


def test_a_ledger_that_cannot_record_intent_sends_nothing(receiver):
    class ReadOnly(MemoryCommentStore):
        def create_comment(self, issue_number, body):
            raise RuntimeError("Resource not accessible by integration")

    result = run([A], settings_for(provider="webhook"), CommentLedger(ReadOnly()), {"WHATSAPP_URL": receiver.url})
    assert receiver.requests == []
    assert result.failed[0].reason == ("niat kirim tidak dapat dicatat: Resource not accessible by integration — kabar "
                                       "tidak dikirim agar tidak terkirim tanpa catatan")


def test_one_failure_does_not_stop_the_others(receiver, tmp_path):
    receiver.reply(Reply(status=403), Reply(status=200))
    ledger = JsonFileLedger(tmp_path / "kabar.json")
    result = run([A, B], settings_for(provider="webhook"), ledger, {"WHATSAPP_URL": receiver.url})
    assert result.pending == [A] and result.sent == [B]
    assert states(ledger, A, B) == ["failed", "sent"]


def test_the_key_recorded_in_the_ledger_is_the_one_sent(receiver, tmp_path):
    from jdih.notify import LedgerEntry

    ledger = JsonFileLedger(tmp_path / "kabar.json")
    ledger.put(A, LedgerEntry(post_id=A.post_id, idempotency_key="kunci-lama", state="sending", title="Konten A",
                              pull_request=12, events=[{"state": "sending", "time": "2026-11-23T09:00:00+07:00"}]))
    run([A], settings_for(provider="webhook"), ledger, {"WHATSAPP_URL": receiver.url})
    [got] = receiver.requests
    assert got.headers["idempotency-key"] == got.json["idempotency_key"] == "kunci-lama"
    assert ledger.get(A).idempotency_key == "kunci-lama" and events(ledger, A) == ["sending", "sending", "sent"]
