"""The office's clock and calendar: the current time, the office time zone, Indonesian dates.

* `now()` is the real time, which a rehearsal can set: `make demo` replays the SOP on a
  simulated day, and setting `JDIH_NOW` (ISO 8601 with an offset) makes every "now" the
  commands record — sending time, publish record — follow that day.
* The office time zone is `sop.timezone` in the settings (an IANA name, Asia/Jakarta by
  default). Its abbreviation comes from the time zone database, never from a literal:
  WIB for Asia/Jakarta (and Asia/Pontianak), WITA for Asia/Makassar, WIT for Asia/Jayapura.
* Texts for people are Indonesian ('24 November 2026', '24 November 2026 pukul 09.15 WIB',
  'November 2026'). This is the only module that imports Babel.

The helpers take `where`: the settings, their `sop` section, a time zone, an IANA name, or
None for the default zone (Asia/Jakarta) — whatever the caller has at hand.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from typing import TYPE_CHECKING, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.numbers import format_decimal as _babel_format_decimal

if TYPE_CHECKING:
    from jdih.content.settings import Settings, Sop

ENV_NOW = "JDIH_NOW"
DEFAULT_TIMEZONE = "Asia/Jakarta"
LOCALE = "id"

Where = Union["Settings", "Sop", dt.tzinfo, str, None]


# -- now ------------------------------------------------------------------------------------


def now(tz: dt.tzinfo = dt.UTC) -> dt.datetime:
    fixed = os.environ.get(ENV_NOW)
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        if moment.tzinfo is None:
            raise ValueError(f"{ENV_NOW}={fixed!r} harus memuat zona waktu, mis. 2026-11-23T10:36:00+07:00")
        return moment.astimezone(tz)
    return dt.datetime.now(tz)


def office_now(where: Where = None) -> dt.datetime:
    """`now()` in the office time zone."""
    return now(zone_of(where))


def today(where: Where = None, at: dt.datetime | None = None) -> dt.date:
    """The office's date now (or at `at`)."""
    return local(at or now(), where).date()


# -- the office time zone -------------------------------------------------------------------


@lru_cache(maxsize=32)
def office_zone(timezone: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """The zone of an IANA name (`sop.timezone`); an unknown name is a ValueError for people."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"zona waktu '{timezone}' tidak dikenal — tulis nama zona IANA, mis. Asia/Jakarta (WIB), "
                         "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)") from None


def zone_of(where: Where = None) -> dt.tzinfo:
    """The office time zone of the settings (or their `sop`), a zone itself, or an IANA name."""
    if where is None:
        return office_zone()
    if isinstance(where, dt.tzinfo):
        return where
    if isinstance(where, str):
        return office_zone(where)
    sop = getattr(where, "sop", where)
    return office_zone(sop.timezone)


def local(moment: dt.datetime, where: Where = None) -> dt.datetime:
    """`moment` on the office's clock; a naive moment is taken as office time already."""
    zone = zone_of(where)
    return moment.astimezone(zone) if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def abbreviation(where: Where = None, at: dt.datetime | None = None) -> str:
    """The zone's own abbreviation at `at` (default: now): WIB, WITA, WIT; 'UTC+04' for a zone
    the database gives no letters."""
    return _abbreviation(local(at or now(), where))


def _abbreviation(moment: dt.datetime) -> str:
    name = moment.tzname() or "UTC"
    return f"UTC{name}" if name[:1] in "+-" else name


# -- Indonesian texts -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _locale() -> Locale:
    return Locale.parse(LOCALE)


def format_date(value: dt.date, pattern: str = "d MMMM y") -> str:
    """A date with a Babel (CLDR) pattern, in Indonesian: 'd MMM y' → '24 Nov 2026'."""
    return _babel_format_date(value, format=pattern, locale=_locale())


def format_datetime(value: dt.datetime, pattern: str, where: Where = None) -> str:
    """A moment on the office's clock with a Babel (CLDR) pattern, in Indonesian."""
    return _babel_format_datetime(local(value, where), format=pattern, locale=_locale())


def format_decimal(value: float) -> str:
    """A number as Indonesians write it: 1,5 (decimal comma), 1.500 (dot for thousands)."""
    return _babel_format_decimal(value, locale=_locale())


@lru_cache(maxsize=4096)
def _tanggal(day: dt.date) -> str:
    return format_date(day, "d MMMM y")


def tanggal(value: dt.date | dt.datetime, where: Where = None) -> str:
    """'24 November 2026' (a moment: its date on the office's clock)."""
    if isinstance(value, dt.datetime):
        value = local(value, where).date()
    return _tanggal(value)


def tanggal_jam(value: dt.datetime, where: Where = None) -> str:
    """'24 November 2026 pukul 09.15 WIB', with the office zone's own abbreviation."""
    moment = local(value, where)
    return f"{_tanggal(moment.date())} pukul {moment:%H.%M} {_abbreviation(moment)}"


@lru_cache(maxsize=256)
def bulan_tahun(year: int, month: int) -> str:
    """'November 2026'."""
    return format_date(dt.date(year, month, 1), "MMMM y")
