import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from jdih.content.settings import Sop
from jdih.reporting.worktime import (
    format_minutes,
    holiday_name,
    is_working_day,
    office_day_minutes,
    standard_minutes,
    working_minutes_between,
)

WIB = ZoneInfo("Asia/Jakarta")
UTC = dt.UTC
SOP = Sop()


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def test_friday_afternoon_to_monday_morning_is_one_hour():
    # Friday 20 Nov 2026 15:30 → Monday 23 Nov 08:00: 30 minutes each side of the weekend.
    assert working_minutes_between(wib(2026, 11, 20, 15, 30), wib(2026, 11, 23, 8, 0), SOP) == 60.0


def test_within_one_office_day():
    assert working_minutes_between(wib(2026, 11, 24, 9, 0), wib(2026, 11, 24, 9, 25, 30), SOP) == 25.5


def test_outside_office_hours_does_not_count():
    # 16:30 → 07:00 next day: the office is closed the whole time.
    assert working_minutes_between(wib(2026, 11, 24, 16, 30), wib(2026, 11, 25, 7, 0), SOP) == 0.0
    # 15:50 → 07:40 next day: 10 minutes before closing, 10 after opening.
    assert working_minutes_between(wib(2026, 11, 24, 15, 50), wib(2026, 11, 25, 7, 40), SOP) == 20.0


def test_utc_input_is_converted_to_office_time():
    # 08:50 UTC = 15:50 WIB; 00:40 UTC next day = 07:40 WIB.
    start = dt.datetime(2026, 11, 24, 8, 50, tzinfo=UTC)
    end = dt.datetime(2026, 11, 25, 0, 40, tzinfo=UTC)
    assert working_minutes_between(start, end, SOP) == 20.0


def test_christmas_and_collective_leave_are_not_working_days():
    # 24 Dec 2026 (Thursday) is cuti bersama, 25 Dec (Friday) Christmas, then the weekend.
    assert holiday_name(dt.date(2026, 12, 25), SOP) == "Christmas Day"
    assert holiday_name(dt.date(2026, 12, 24), SOP) == "Christmas Joint Holiday"
    assert not is_working_day(dt.date(2026, 12, 24), SOP)
    assert is_working_day(dt.date(2026, 12, 23), SOP)
    # Wednesday 23 Dec 15:00 → Monday 28 Dec 08:00 = 60 + 30 minutes.
    assert working_minutes_between(wib(2026, 12, 23, 15, 0), wib(2026, 12, 28, 8, 0), SOP) == 90.0


def test_extra_office_holiday_and_working_days_from_settings():
    sop = Sop(extra_holidays=[dt.date(2026, 11, 24)], working_days=[1, 2, 3, 4, 5, 6])
    assert holiday_name(dt.date(2026, 11, 24), sop) == "Libur kantor"
    # Monday 15:00 → Wednesday 08:00 skips the office holiday on Tuesday.
    assert working_minutes_between(wib(2026, 11, 23, 15, 0), wib(2026, 11, 25, 8, 0), sop) == 90.0
    # Saturday counts when it is a working day.
    assert working_minutes_between(wib(2026, 11, 28, 7, 30), wib(2026, 11, 28, 8, 30), sop) == 60.0
    assert working_minutes_between(wib(2026, 11, 28, 7, 30), wib(2026, 11, 28, 8, 30), SOP) == 0.0


def test_reversed_or_empty_interval_is_zero():
    assert working_minutes_between(wib(2026, 11, 24, 10, 0), wib(2026, 11, 24, 9, 0), SOP) == 0.0


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        working_minutes_between(dt.datetime(2026, 11, 24, 9), wib(2026, 11, 24, 10), SOP)


def test_one_day_is_one_office_day():
    assert office_day_minutes(SOP) == 510
    assert [standard_minutes(n, SOP) for n in range(1, 7)] == [10, 510, 30, 30, 10, 15]
    assert sum(standard_minutes(n, SOP) for n in range(1, 7)) == 605  # "1 hari 95 menit"
    short = Sop(office_hours_start=dt.time(8, 0), office_hours_end=dt.time(15, 0))
    assert standard_minutes(2, short) == 420


def test_format_minutes():
    assert format_minutes(605, SOP) == "1 hari 1 jam 35 menit"
    assert format_minutes(0, SOP) == "0 menit"
    assert format_minutes(45.4, SOP) == "45 menit"
    assert format_minutes(4.5, SOP) == "5 menit"  # half up, as the timeline rounds
    assert format_minutes(120, SOP) == "2 jam"
    assert format_minutes(1020, SOP) == "2 hari"


def test_other_countries_use_their_public_holidays_and_unknown_ones_are_refused():
    dutch = Sop(holidays_country="NL")
    assert holiday_name(dt.date(2026, 12, 25), dutch) == "Christmas Day"
    assert holiday_name(dt.date(2026, 12, 24), dutch) is None  # no collective leave there
    with pytest.raises(ValueError) as error:
        is_working_day(dt.date(2026, 12, 24), Sop(holidays_country="XX"))
    assert str(error.value) == ("kode negara hari libur 'XX' tidak dikenal — periksa sop.holidays_country "
                                "(untuk Indonesia: ID)")
