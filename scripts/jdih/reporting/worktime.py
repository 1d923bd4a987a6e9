"""Working time in the office's calendar: office hours, working days, holidays and collective leave.

Durations in the SOP report count only working time in the office time zone (`sop.timezone`):

* a minute counts when it falls on a working day (``sop.working_days``, 1 = Monday …
  7 = Sunday), inside office hours (``sop.office_hours_start`` … ``sop.office_hours_end``),
  and the day is not a holiday;
* holidays come from the maintained ``holidays`` package for ``sop.holidays_country``
  (Indonesia by default) plus the office's own ``sop.extra_holidays``. For Indonesia the
  package has two categories: ``public`` (libur nasional) and ``government`` (cuti bersama,
  the collective leave of civil servants, e.g. 24 December 2026). An office of the state
  observes both, so both are used whenever the country offers them;
* "1 hari" in a standard time is one working day, i.e. the length of the office day in
  working minutes (510 minutes for 07:30–16:00). The SOP's "1 hari 95 menit" is therefore
  605 working minutes with the default hours.

So a draft handed in on Friday at 15:30 and picked up on Monday at 08:00 has taken
60 working minutes (30 on Friday, 30 on Monday), not 64 hours.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

import holidays

from jdih.content.clock import zone_of
from jdih.content.settings import Sop, SopStep

# Categories that close a government office; a country without them gets its public holidays.
OFFICE_CLOSED_CATEGORIES = ("public", "government")


@lru_cache(maxsize=64)
def _country_holidays(country: str, year: int) -> dict[dt.date, str]:
    try:
        supported = set(holidays.country_holidays(country).supported_categories)
    except NotImplementedError:
        raise ValueError(f"kode negara hari libur '{country}' tidak dikenal — periksa sop.holidays_country "
                         "(untuk Indonesia: ID)") from None
    categories = tuple(c for c in OFFICE_CLOSED_CATEGORIES if c in supported) or ("public",)
    return dict(holidays.country_holidays(country, years=year, categories=categories))


def holiday_name(day: dt.date, sop: Sop) -> str | None:
    """The holiday's name (English, from the package) or 'Libur kantor' for an extra holiday."""
    if day in sop.extra_holidays:
        return "Libur kantor"
    return _country_holidays(sop.holidays_country, day.year).get(day)


def is_working_day(day: dt.date, sop: Sop) -> bool:
    return day.isoweekday() in sop.working_days and holiday_name(day, sop) is None


def office_day_minutes(sop: Sop) -> int:
    """Working minutes in one office day: what "1 hari" means in a standard time."""
    start = sop.office_hours_start
    end = sop.office_hours_end
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def standard_minutes(step: SopStep | int, sop: Sop) -> int:
    """A step's standard time (mutu baku) in working minutes."""
    if isinstance(step, int):
        step = sop.step(step)
    return step.minutes + step.days * office_day_minutes(sop)


def working_minutes_between(start: dt.datetime, end: dt.datetime, sop: Sop) -> float:
    """Working minutes from ``start`` to ``end`` (aware datetimes; 0 when end is not after start)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("working_minutes_between needs timezone-aware datetimes")
    zone = zone_of(sop)
    start = start.astimezone(zone)
    end = end.astimezone(zone)
    if end <= start:
        return 0.0
    total = 0.0
    day = start.date()
    while day <= end.date():
        if is_working_day(day, sop):
            opens = dt.datetime.combine(day, sop.office_hours_start, tzinfo=zone)
            closes = dt.datetime.combine(day, sop.office_hours_end, tzinfo=zone)
            overlap = (min(end, closes) - max(start, opens)).total_seconds()
            if overlap > 0:
                total += overlap / 60
        day += dt.timedelta(days=1)
    return total


def format_minutes(minutes: float, sop: Sop) -> str:
    """'1 hari 2 jam 5 menit' with 1 hari = one office day; '0 menit' for nothing."""
    whole = math.floor(minutes + 0.5)  # half up, like the timeline (Python's round() is half-even)
    day_length = office_day_minutes(sop)
    days, rest = divmod(whole, day_length)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} hari")
    if hours:
        parts.append(f"{hours} jam")
    if mins or not parts:
        parts.append(f"{mins} menit")
    return " ".join(parts)
