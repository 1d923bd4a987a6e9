"""jdih.notify.transport: timeouts, retries with backoff, Retry-After, no retry on client errors."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time

import pytest
import requests

from jdih.content.settings import Notifier
from jdih.notify.transport import BACKOFF_CAP, DeliveryError, backoff_delay, deliver, retry_after
from jdih.testing.receiver import Reply


class Sleeps(list):
    """Records the waits instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def send(url: str, notifier: Notifier, sleeps: Sleeps, **kwargs):
    with requests.Session() as session:
        prepared = session.prepare_request(requests.Request("POST", url, json={"text": "halo"},
                                                            headers={"Idempotency-Key": "k1"}))
        return deliver(session, prepared, notifier, sleep=sleeps, **kwargs)


WEBHOOK = Notifier(provider="webhook", max_attempts=3, timeout_seconds=2)


def test_500_then_200_is_delivered_after_one_retry(receiver):
    receiver.reply(Reply(status=500, body="Internal Server Error"), Reply(status=200))
    sleeps = Sleeps()
    delivery = send(receiver.url + "/hook", WEBHOOK, sleeps)
    assert (delivery.status, delivery.attempts) == (200, 2)
    assert len(sleeps) == 1 and 0.5 <= sleeps[0] <= 1.0  # first backoff: 1 s with jitter
    first, second = receiver.requests
    assert first.body == second.body and first.headers["idempotency-key"] == second.headers["idempotency-key"] == "k1"


def test_429_honours_retry_after_seconds(receiver):
    receiver.reply(Reply(status=429, headers={"Retry-After": "2"}), Reply(status=200))
    sleeps = Sleeps()
    assert send(receiver.url, WEBHOOK, sleeps).attempts == 2
    assert sleeps == [2.0]


def test_429_honours_retry_after_http_date(receiver):
    now = dt.datetime(2026, 11, 24, 3, 0, 0, tzinfo=dt.UTC)
    later = email.utils.format_datetime(now + dt.timedelta(seconds=7), usegmt=True)
    receiver.reply(Reply(status=429, headers={"Retry-After": later}), Reply(status=200))
    sleeps = Sleeps()
    send(receiver.url, WEBHOOK, sleeps, now=lambda: now)
    assert sleeps == [7.0]


def test_429_asking_too_long_is_left_to_the_next_run(receiver):
    receiver.reply(Reply(status=429, headers={"Retry-After": "3600"}))
    sleeps = Sleeps()
    with pytest.raises(DeliveryError) as caught:
        send(receiver.url, WEBHOOK, sleeps)
    assert caught.value.reason == ("gerbang membatasi jumlah kiriman (HTTP 429); gerbang meminta menunggu 3.600 detik"
                                   " — pesan dikirim pada jalankan berikutnya")
    assert sleeps == [] and len(receiver.requests) == 1


def test_5xx_every_time_gives_up_after_max_attempts(receiver):
    receiver.default = Reply(status=503, body="sibuk")
    sleeps = Sleeps()
    with pytest.raises(DeliveryError) as caught:
        send(receiver.url, WEBHOOK, sleeps, rng=random.Random(7))
    assert caught.value.reason == "gagal setelah 3 percobaan: gerbang sedang bermasalah (HTTP 503)"
    assert (caught.value.attempts, caught.value.status, caught.value.permanent) == (3, 503, False)
    assert len(receiver.requests) == 3
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0  # doubling, with jitter


def test_timeout_is_retried_then_given_up(receiver):
    receiver.default = Reply(delay=1.0)
    notifier = Notifier(provider="webhook", max_attempts=2, timeout_seconds=0.2)
    sleeps = Sleeps()
    started = time.monotonic()
    with pytest.raises(DeliveryError) as caught:
        send(receiver.url, notifier, sleeps)
    assert time.monotonic() - started < 1.0  # the client did not wait for the slow answers
    assert caught.value.reason == ("gagal setelah 2 percobaan: gerbang tidak menjawab dalam 0,2 detik — periksa "
                                   "gerbang, atau naikkan notifier.timeout_seconds")
    assert len(receiver.requests) == 2 and len(sleeps) == 1


def test_timeout_then_answer_is_delivered(receiver):
    receiver.reply(Reply(delay=1.0), Reply(status=200))
    notifier = Notifier(provider="webhook", max_attempts=2, timeout_seconds=0.2)
    assert send(receiver.url, notifier, Sleeps()).attempts == 2


def test_connection_refused_is_retried_then_given_up(closed_port):
    sleeps = Sleeps()
    with pytest.raises(DeliveryError) as caught:
        send(f"http://127.0.0.1:{closed_port}/hook", WEBHOOK, sleeps)
    assert caught.value.reason == (f"gagal setelah 3 percobaan: tidak dapat terhubung ke gerbang 127.0.0.1:{closed_port}"
                                   " — periksa apakah gerbang berjalan dan alamat pada secret yang namanya ada di "
                                   "notifier.url_env (WHATSAPP_URL)")
    assert len(sleeps) == 2


@pytest.mark.parametrize("status, reason", [
    (400, "gerbang menolak isi pesan (HTTP 400: chatId tidak sah) — periksa notifier.target (kosong) dan "
          "notifier.provider (webhook)"),
    (401, "token ditolak oleh penyedia (HTTP 401) — periksa secret yang namanya ada di notifier.token_env "
          "(WHATSAPP_TOKEN)"),
    (403, "token tidak berhak mengirim ke tujuan ini (HTTP 403) — periksa secret yang namanya ada di "
          "notifier.token_env (WHATSAPP_TOKEN) dan notifier.target (kosong)"),
    (404, "alamat gerbang tidak ditemukan (HTTP 404) — periksa secret yang namanya ada di notifier.url_env "
          "(WHATSAPP_URL)"),
    (301, "alamat gerbang dialihkan (HTTP 301) — tulis alamat yang baru di secret yang namanya ada di "
          "notifier.url_env (WHATSAPP_URL)"),
])
def test_client_errors_are_not_retried(receiver, status, reason):
    receiver.default = Reply(status=status, body="chatId tidak sah", headers={"Location": "/lain"})
    sleeps = Sleeps()
    with pytest.raises(DeliveryError) as caught:
        send(receiver.url, WEBHOOK, sleeps)
    assert caught.value.reason == reason
    assert caught.value.permanent and caught.value.status == status
    assert len(receiver.requests) == 1 and sleeps == []


def test_404_names_the_cloud_api_settings(receiver):
    receiver.default = Reply(status=404)
    notifier = Notifier(provider="whatsapp_cloud", target="62811", phone_number_id="1")
    with pytest.raises(DeliveryError) as caught:
        send(receiver.url, notifier, Sleeps())
    assert caught.value.reason == ("alamat gerbang tidak ditemukan (HTTP 404) — periksa secret yang namanya ada di "
                                   "notifier.url_env (WHATSAPP_URL), notifier.phone_number_id dan notifier.api_version")


def test_backoff_doubles_with_jitter_and_is_capped():
    rng = random.Random(1)
    for attempt, full in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, BACKOFF_CAP)]:
        for _ in range(20):
            assert full / 2 <= backoff_delay(attempt, rng) <= full
    assert len({backoff_delay(3, rng) for _ in range(10)}) > 1  # jitter: not the same every time


@pytest.mark.parametrize("value, seconds", [("2", 2.0), ("0", 0.0), (None, None), ("soon", None),
                                            ("Tue, 24 Nov 2026 03:00:05 GMT", 5.0),
                                            ("Tue, 24 Nov 2026 02:59:00 GMT", 0.0)])
def test_retry_after_values(value, seconds):
    assert retry_after(value, dt.datetime(2026, 11, 24, 3, 0, 0, tzinfo=dt.UTC)) == seconds
