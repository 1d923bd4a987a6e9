import datetime as dt

import pytest

from jdih.content.clock import now


def test_real_time_by_default(monkeypatch):
    monkeypatch.delenv("JDIH_NOW", raising=False)
    before = dt.datetime.now(dt.timezone.utc)
    assert before <= now() <= dt.datetime.now(dt.timezone.utc)


def test_a_rehearsal_fixes_the_time(monkeypatch):
    monkeypatch.setenv("JDIH_NOW", "2026-11-23T10:36:00+07:00")
    assert now() == dt.datetime(2026, 11, 23, 3, 36, tzinfo=dt.timezone.utc)


def test_a_time_without_zone_is_refused(monkeypatch):
    monkeypatch.setenv("JDIH_NOW", "2026-11-23T10:36:00")
    with pytest.raises(ValueError, match="harus memuat zona waktu"):
        now()
