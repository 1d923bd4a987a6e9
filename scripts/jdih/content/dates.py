"""Dates and times as the office writes them: Indonesian, in WIB."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date

WIB = ZoneInfo("Asia/Jakarta")


@lru_cache(maxsize=1)
def _locale() -> Locale:
    return Locale.parse("id")


@lru_cache(maxsize=4096)
def _tanggal(day: dt.date) -> str:
    return format_date(day, format="d MMMM y", locale=_locale())


def tanggal(value: dt.date | dt.datetime) -> str:
    """'24 November 2026'."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(WIB).date() if value.tzinfo else value.date()
    return _tanggal(value)


def tanggal_jam(value: dt.datetime) -> str:
    """'24 November 2026 pukul 09.15 WIB'."""
    local = value.astimezone(WIB) if value.tzinfo else value.replace(tzinfo=WIB)
    return f"{tanggal(local)} pukul {local:%H.%M} WIB"


@lru_cache(maxsize=256)
def bulan_tahun(year: int, month: int) -> str:
    """'November 2026'."""
    return format_date(dt.date(year, month, 1), format="MMMM y", locale=_locale())
