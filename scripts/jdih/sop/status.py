"""`jdih status`: every open draft pull request with its SOP step, who holds it, and time spent
against the standard time (in working minutes of the office calendar)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jdih.content.clock import now as clock_now
from jdih.content.clock import tanggal_jam
from jdih.content.files import published_posts
from jdih.content.post import parse_meta, read_source
from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings
from jdih.github.client import PullInfo
from jdih.reporting.worktime import format_minutes, standard_minutes, working_minutes_between
from jdih.sop.review import STEP_3, label_for_step, step_of_labels, touches_drafts


@dataclass(frozen=True)
class BoardRow:
    number: int
    title: str
    url: str
    step: int
    step_name: str
    holders: tuple[str, ...]
    since: dt.datetime
    spent_minutes: float
    standard_minutes: int

    @property
    def late(self) -> bool:
        return self.spent_minutes > self.standard_minutes


def step_of_pull(pull: PullInfo) -> int:
    return step_of_labels(pull.labels) or (3 if pull.draft else 4)


def holders_of(pull: PullInfo, step: int, settings: Settings) -> tuple[str, ...]:
    """Who must act now: the author while drafting, the requested staf while editing, Kasubbag to approve."""
    roles = settings.roles
    if step == 3:
        return (pull.author,)
    if step == 4:
        staf = {name.lower() for name in roles.staf}
        requested = [u for u in pull.requested_users if u.lower() in staf]
        requested += [t for t in roles.staf if "/" in t and t.split("/", 1)[1] in pull.requested_teams]
        return tuple(requested or [s for s in roles.staf if s.lower() != pull.author.lower()])
    if step == 5:
        return tuple(k for k in roles.kasubbag if k.lower() != pull.author.lower()) or tuple(roles.kasubbag)
    if step == 6:
        return tuple(roles.pengelola)
    return tuple(roles.kasubbag)


def step_started(gh, pull: PullInfo, step: int) -> dt.datetime:
    """When the current step's label was last put on; the pull request's opening otherwise."""
    label = label_for_step(step) if step in (1, 3, 4, 5, 6) else STEP_3
    times = [e.created_at for e in gh.label_events(pull.number) if e.action == "labeled" and e.label == label]
    return max(times) if times else (pull.created_at or clock_now())


def build_board(gh, settings: Settings, now: dt.datetime | None = None) -> list[BoardRow]:
    now = now or clock_now()
    rows = []
    for pull in gh.open_pulls():
        if step_of_labels(pull.labels) is None and not touches_drafts(gh.pull_files(pull.number)):
            continue  # not content (e.g. a change to the tool itself)
        step = step_of_pull(pull)
        since = step_started(gh, pull, step)
        rows.append(BoardRow(
            number=pull.number, title=pull.title, url=pull.html_url, step=step,
            step_name=settings.sop.step(step).name, holders=holders_of(pull, step, settings), since=since,
            spent_minutes=working_minutes_between(since, now, settings.sop),
            standard_minutes=standard_minutes(step, settings.sop)))
    return sorted(rows, key=lambda r: (-r.step, r.number))


@dataclass(frozen=True)
class ScheduledRow:
    """A merged post waiting for its time (its state "terjadwal"): SOP step 6 is done, the
    scheduled run puts it live."""

    post_id: str
    title: str
    publish_at: dt.datetime
    pull_request: int | None


def scheduled_posts(root: Path, settings: Settings, now: dt.datetime | None = None) -> list[ScheduledRow]:
    """The posts in content/posts/ that are "terjadwal" at `now`, soonest first."""
    now = now or clock_now()
    rows = []
    for post_id, path in published_posts(root):
        try:
            meta = parse_meta(read_source(path), settings)
        except ProblemsError:
            continue  # `jdih periksa` says why
        if meta.state(now) == "terjadwal" and meta.publish_at is not None:
            rows.append(ScheduledRow(post_id, meta.title, meta.publish_at,
                                     meta.provenance.pull_request if meta.provenance else None))
    return sorted(rows, key=lambda row: (row.publish_at, row.post_id))


def render_scheduled(rows: list[ScheduledRow], settings: Settings) -> str:
    if not rows:
        return ""
    lines = [f"Konten terjadwal: {len(rows)} (sudah disetujui, tayang otomatis pada waktunya)."]
    for row in rows:
        pull = f" · PR #{row.pull_request}" if row.pull_request else ""
        lines.append(f"{row.title}")
        lines.append(f"    terjadwal · tayang {tanggal_jam(row.publish_at, settings)}{pull}")
        lines.append(f"    {row.post_id}")
    return "\n".join(lines)


def render_board(rows: list[BoardRow], settings: Settings) -> str:
    if not rows:
        return "Tidak ada konsep yang sedang berjalan (tidak ada pull request draf yang terbuka)."
    lines = [f"Papan status konsep: {len(rows)} pull request terbuka."]
    for row in rows:
        spent = format_minutes(row.spent_minutes, settings.sop)
        standard = format_minutes(row.standard_minutes, settings.sop)
        state = "MELEWATI waktu baku" if row.late else "dalam waktu baku"
        holders = ", ".join(f"@{h}" for h in row.holders)
        lines.append(f"#{row.number} {row.title}")
        lines.append(f"    Tahap {row.step} ({row.step_name}) · dipegang {holders}")
        lines.append(f"    {spent} dari waktu baku {standard} — {state}")
        lines.append(f"    {row.url}")
    return "\n".join(lines)


def show(gh, settings: Settings, echo: Callable[[str], None] = print, now: dt.datetime | None = None,
         root: Path | None = None) -> list[BoardRow]:
    """The board; with `root` (the repository), the scheduled posts after it."""
    rows = build_board(gh, settings, now)
    echo(render_board(rows, settings))
    if root is not None:
        scheduled = render_scheduled(scheduled_posts(root, settings, now), settings)
        if scheduled:
            echo(scheduled)
    return rows
