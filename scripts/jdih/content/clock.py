"""The current time, which a rehearsal can set.

`make demo` replays the SOP on a simulated day; setting `JDIH_NOW` (ISO 8601 with an offset)
makes every "now" the commands record — sending time, publish record — follow that day.
Unset, it is the real time.
"""

from __future__ import annotations

import datetime as dt
import os

ENV_NOW = "JDIH_NOW"


def now(tz: dt.tzinfo = dt.timezone.utc) -> dt.datetime:
    fixed = os.environ.get(ENV_NOW)
    if fixed:
        moment = dt.datetime.fromisoformat(fixed)
        if moment.tzinfo is None:
            raise ValueError(f"{ENV_NOW}={fixed!r} harus memuat zona waktu, mis. 2026-11-23T10:36:00+07:00")
        return moment.astimezone(tz)
    return dt.datetime.now(tz)
