"""Each content item's SOP timeline: when every step started and ended, in working minutes.

The timeline is built from :class:`ItemEvents`, a plain record of what GitHub and the
publish run recorded for one item, so it can be tested without GitHub and stored as JSON
(``jdih laporan --data``). :func:`events_from_github` fills it from PyGithub objects.

Step boundaries (all durations are working minutes, see :mod:`jdih.reporting.worktime`):

1. **Disposisi** (Kasubbag, 10 minutes): ends when the disposisi issue is created. Its
   start (the moment the order was given) is only known when recorded separately
   (``disposisi_ordered_at``); otherwise the step is *tidak terukur* — the office's
   10 minutes are spent before anything reaches GitHub.
2. **Menghimpun bahan** (staf, 1 day): disposisi issue created → first commit on the
   draft branch.
3. **Membuat dan menyerahkan konsep** (pengelola, 30 minutes): first commit → pull
   request ready for review (opened as a non-draft, or marked ready).
4. **Menyunting** (staf, 30 minutes per pass): start of the pass → the last staf
   approval before the Kasubbag's decision. The first pass starts when the pull request
   is ready; after each rejection (Kasubbag *changes requested*, the SOP's "Tidak") a new
   pass starts at the rejection. The passes are summed and so is the standard
   (30 minutes × passes): every pass is a fresh step 4 in the SOP's flowchart.
5. **Persetujuan** (Kasubbag, 10 minutes per pass): the staf approval → the Kasubbag's
   decision (approval, or a rejection that sends the draft back to step 4), summed
   over passes like step 4.
6. **Unggah dan kabar** (pengelola, 15 minutes): merge → the WhatsApp notice was sent
   (and the page was live, whichever is later).

   **6a, per platform** (the office's Instagram, Facebook, Telegram, X), against step 6's
   standard: merge → the platform's "sent" in the upload ledger — the API's post when
   automatic, the operator's ``/diunggah`` confirmation when uploaded by hand. These run
   alongside step 6, so they are shown beside it and never added to the item's total or its
   verdict; a platform still waiting is "belum selesai", never late.

Durations are rounded to whole minutes (half up) before they are compared with the
standard, so the number shown and the late flag always agree.

A step whose boundaries are missing or out of order is not given a time: it carries the
reason instead ("tidak terukur" or "belum selesai").
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jdih.content.clock import abbreviation, format_datetime
from jdih.content.settings import Sop
from jdih.content.social_text import PLATFORM_NAMES, PLATFORMS
from jdih.reporting.worktime import format_minutes, standard_minutes, working_minutes_between

APPROVED = "APPROVED"
CHANGES_REQUESTED = "CHANGES_REQUESTED"
NOT_MEASURED = "tidak terukur"
PENDING = "belum selesai"


@dataclass
class Review:
    login: str
    role: str | None  # kasubbag / staf / pengelola from the settings; None for anyone else
    state: str  # GitHub review state: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
    submitted_at: dt.datetime


@dataclass
class Upload:
    """Step 6a on one platform, as the upload ledger (`jdih.social.ledger`) recorded it; plain data,
    since reporting sits below the social layer."""

    platform: str  # one of content.social_text.PLATFORMS
    state: str  # sending / sent / failed / manual
    mode: str = "auto"  # auto: by the platform's API; manual: by the operator, confirmed with /diunggah
    url: str = ""  # the post's link on the platform, once sent
    sent_at: dt.datetime | None = None  # the "sent" event: the API's post, or the operator's confirmation

    @property
    def sent(self) -> bool:
        return self.state == "sent"

    @classmethod
    def from_dict(cls, data: Any) -> Upload:
        if not isinstance(data, dict) or data.get("platform") not in PLATFORMS or not isinstance(data.get("state"), str):
            raise ValueError(f"unggahan tidak sah: {data!r} — tulis mis. {{\"platform\": \"instagram\", "
                             "\"state\": \"sent\", \"mode\": \"auto\", \"url\": \"https://…\", "
                             "\"sent_at\": \"2026-11-24T09:00:00+07:00\"}")
        return cls(platform=data["platform"], state=data["state"], mode=str(data.get("mode") or "auto"),
                   url=str(data.get("url") or ""), sent_at=aware(data["sent_at"]) if data.get("sent_at") else None)


@dataclass
class ItemEvents:
    """What was recorded for one content item, as plain data."""

    title: str
    post_id: str | None = None
    disposisi_number: int | None = None
    disposisi_created_at: dt.datetime | None = None
    disposisi_author: str | None = None
    disposisi_ordered_at: dt.datetime | None = None
    first_commit_at: dt.datetime | None = None
    pull_request_number: int | None = None
    pull_request_created_at: dt.datetime | None = None
    ready_for_review_at: dt.datetime | None = None  # None while the pull request is still a draft
    pull_request_author: str | None = None
    pull_request_url: str | None = None
    reviews: list[Review] = field(default_factory=list)
    merged_at: dt.datetime | None = None
    # A scheduled post's time (`publish_at`): from the merge up to it the item is "menunggu
    # jadwal" (waiting, never late); step 6 is measured from it.
    scheduled_at: dt.datetime | None = None
    published_at: dt.datetime | None = None
    notified_at: dt.datetime | None = None
    uploads: list[Upload] = field(default_factory=list)  # step 6a, from the upload ledger

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                return value.isoformat()
            if isinstance(value, list):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value

        return plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemEvents:
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"kunci tidak dikenal: {', '.join(unknown)}")
        values = dict(data)
        for key, value in values.items():
            if key.endswith("_at") and value is not None:
                values[key] = aware(value)
        values["reviews"] = [Review(login=r["login"], role=r.get("role"), state=r["state"],
                                    submitted_at=aware(r["submitted_at"])) for r in data.get("reviews", [])]
        values["uploads"] = [Upload.from_dict(u) for u in data.get("uploads") or []]
        return cls(**values)


def aware(value: str | dt.datetime) -> dt.datetime:
    parsed = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"waktu '{value}' tanpa zona waktu — tulis mis. '2026-11-24T09:00:00+07:00'")
    return parsed


def load_events(path: Path) -> list[ItemEvents]:
    """Read a JSON list of ItemEvents (the offline source for `jdih laporan --data`)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("items", [])
    return [ItemEvents.from_dict(entry) for entry in data]


def dump_events(items: Iterable[ItemEvents]) -> str:
    return json.dumps([item.to_dict() for item in items], ensure_ascii=False, indent=2) + "\n"


@dataclass
class StepTiming:
    step: int
    name: str
    role: str
    standard: float  # working minutes, for all passes
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    minutes: float | None = None
    passes: int = 1
    reason: str = ""  # why there is no time

    @property
    def measured(self) -> bool:
        return self.minutes is not None

    @property
    def late(self) -> bool | None:
        if self.minutes is None:
            return None
        return self.minutes > self.standard + 1e-9


@dataclass
class UploadTiming(StepTiming):
    """Step 6a on one platform: against step 6's standard, beside step 6 (not one of `steps`)."""

    platform: str = ""
    mode: str = "auto"


@dataclass
class Timeline:
    item: ItemEvents
    steps: list[StepTiming]
    rejections: int
    uploads: list[UploadTiming] = field(default_factory=list)  # step 6a per platform, PLATFORMS order

    def step(self, number: int) -> StepTiming:
        return self.steps[number - 1]

    @property
    def total_minutes(self) -> float:
        return sum(s.minutes for s in self.steps if s.minutes is not None)

    @property
    def total_standard(self) -> float:
        return sum(s.standard for s in self.steps)

    @property
    def late_steps(self) -> list[int]:
        return [s.step for s in self.steps if s.late]

    @property
    def late_uploads(self) -> list[str]:
        """Platforms (PLATFORMS names) whose upload took longer than step 6's standard."""
        return [u.platform for u in self.uploads if u.late]

    @property
    def within_standard(self) -> bool | None:
        """Every measured step within its standard; None when nothing could be measured."""
        measured = [s for s in self.steps if s.measured]
        if not measured:
            return None
        return not any(s.late for s in measured)

    @property
    def reference_time(self) -> dt.datetime | None:
        """The first recorded event: what dates an item in a report period."""
        item = self.item
        for value in (item.disposisi_ordered_at, item.disposisi_created_at, item.first_commit_at,
                      item.pull_request_created_at, item.merged_at):
            if value is not None:
                return value
        return None


def whole_minutes(minutes: float) -> float:
    """Round half up to whole minutes: the SOP counts minutes, GitHub records seconds."""
    return float(math.floor(minutes + 0.5))


def _span(step: StepTiming, start: dt.datetime | None, end: dt.datetime | None, sop: Sop,
          missing_start: str, missing_end: str) -> StepTiming:
    step.start, step.end = start, end
    if start is None:
        step.reason = missing_start
    elif end is None:
        step.reason = missing_end
    elif end < start:
        step.reason = f"{NOT_MEASURED}: urutan waktu tidak wajar (selesai lebih awal daripada mulai)"
    else:
        step.minutes = whole_minutes(working_minutes_between(start, end, sop))
    return step


def _blank(number: int, sop: Sop, passes: int = 1) -> StepTiming:
    spec = sop.step(number)
    return StepTiming(step=number, name=spec.name, role=spec.role,
                      standard=standard_minutes(spec, sop) * passes, passes=passes)


def build_timeline(item: ItemEvents, sop: Sop) -> Timeline:
    no_disposisi = f"{NOT_MEASURED}: tidak ada issue disposisi yang tertaut"
    no_pr = f"{PENDING}: belum ada pull request"
    steps: list[StepTiming] = []

    steps.append(_span(_blank(1, sop), item.disposisi_ordered_at, item.disposisi_created_at, sop,
                       f"{NOT_MEASURED}: hanya waktu pembuatan issue disposisi yang tercatat, "
                       "saat perintah diberikan tidak tercatat" if item.disposisi_created_at else no_disposisi,
                       no_disposisi))
    steps.append(_span(_blank(2, sop), item.disposisi_created_at, item.first_commit_at, sop,
                       no_disposisi, f"{PENDING}: belum ada commit konsep"))
    steps.append(_span(_blank(3, sop), item.first_commit_at, item.ready_for_review_at, sop,
                       f"{NOT_MEASURED}: commit pertama konsep tidak tercatat",
                       no_pr if item.pull_request_number is None
                       else f"{PENDING}: pull request masih berupa draf"))

    step4, step5, rejections = _review_loops(item, sop)
    steps += [step4, step5]

    done = item.notified_at
    if done is not None and item.published_at is not None:
        done = max(done, item.published_at)
    start = item.merged_at
    if start is not None and waits_for_schedule(item):
        start = item.scheduled_at
    steps.append(_span(_blank(6, sop), start, done, sop,
                       f"{PENDING}: belum digabung (merge)", f"{PENDING}: belum ada catatan kabar WhatsApp terkirim"))
    return Timeline(item=item, steps=steps, rejections=rejections, uploads=upload_timings(item, sop))


WAITING = "menunggu jadwal"


def waits_for_schedule(item: ItemEvents) -> bool:
    """The item was merged before its scheduled time: the span between is "menunggu jadwal"."""
    return item.scheduled_at is not None and item.merged_at is not None and item.scheduled_at > item.merged_at


MODE_NAMES = {"auto": "otomatis", "manual": "oleh pengelola"}


def _waiting_reason(upload: Upload) -> str:
    """Why a platform is not up yet: always "belum selesai" (waiting is never late)."""
    if upload.state == "manual":
        return f"{PENDING}: menunggu pengelola mengunggah dan mengonfirmasi dengan /diunggah {upload.platform}"
    if upload.state == "sending":
        return f"{PENDING}: pengunggahan terputus, menunggu pemeriksaan pengelola"
    if upload.state == "sent":
        return f"{NOT_MEASURED}: waktu unggah tidak tercatat"
    return f"{PENDING}: unggahan otomatis belum berhasil, dicoba ulang"


def upload_timings(item: ItemEvents, sop: Sop) -> list[UploadTiming]:
    """Step 6a per platform: merge → the platform's "sent" event (API post or operator's confirmation)."""
    spec = sop.step(6)
    by_platform = {u.platform: u for u in item.uploads}
    timings = []
    for platform in PLATFORMS:
        upload = by_platform.get(platform)
        if upload is None:
            continue
        timing = UploadTiming(step=6, name=f"Unggah ke {PLATFORM_NAMES[platform]}", role=spec.role,
                              standard=standard_minutes(spec, sop), platform=platform,
                              mode=upload.mode if upload.mode in MODE_NAMES else "auto")
        end = upload.sent_at if upload.sent else None
        timings.append(_span(timing, item.merged_at, end, sop, f"{PENDING}: belum digabung (merge)",
                             _waiting_reason(upload)))
    return timings


def _review_loops(item: ItemEvents, sop: Sop) -> tuple[StepTiming, StepTiming, int]:
    """Steps 4 and 5 over every pass of the SOP's "Tidak → back to step 4" loop."""
    ready = item.ready_for_review_at
    reviews = sorted(item.reviews, key=lambda r: r.submitted_at)
    if ready is None:
        reason = (f"{PENDING}: belum ada pull request" if item.pull_request_number is None
                  else f"{PENDING}: pull request masih berupa draf")
        step4, step5 = _blank(4, sop), _blank(5, sop)
        step4.reason = step5.reason = reason
        return step4, step5, 0

    decisions = [r for r in reviews if r.role == "kasubbag" and r.state in (APPROVED, CHANGES_REQUESTED)
                 and r.submitted_at >= ready]
    edits: list[tuple[dt.datetime, dt.datetime]] = []
    approvals: list[tuple[dt.datetime, dt.datetime]] = []
    problem = ""
    rejections = 0
    approved = False
    round_start = ready
    for decision in decisions:
        staff = [r for r in reviews if r.role == "staf" and r.state == APPROVED
                 and round_start <= r.submitted_at <= decision.submitted_at]
        if staff:
            edits.append((round_start, staff[-1].submitted_at))
            approvals.append((staff[-1].submitted_at, decision.submitted_at))
        elif not problem:
            problem = (f"{NOT_MEASURED}: tidak ada persetujuan staf sebelum keputusan Kasubbag "
                       f"pada putaran ke-{rejections + 1}")
        if decision.state == CHANGES_REQUESTED:
            rejections += 1
            round_start = decision.submitted_at
        else:
            approved = True
            break

    passes = rejections + 1
    step4, step5 = _blank(4, sop, passes), _blank(5, sop, passes)
    if not approved:
        # Still under review, or merged without a recorded Kasubbag decision.
        merged = item.merged_at is not None
        open_staff = [r for r in reviews if r.role == "staf" and r.state == APPROVED
                      and r.submitted_at >= round_start]
        if problem:
            step4.reason = problem
        elif open_staff:
            edits.append((round_start, open_staff[-1].submitted_at))
            _sum(step4, edits, sop)
        else:
            step4.reason = (f"{NOT_MEASURED}: digabung tanpa persetujuan staf yang tercatat" if merged
                            else f"{PENDING}: menunggu persetujuan staf")
        if merged:
            step5.reason = f"{NOT_MEASURED}: digabung tanpa keputusan Kasubbag yang tercatat pada pull request"
        elif open_staff or problem:
            step5.reason = f"{PENDING}: menunggu keputusan Kasubbag"
        else:
            step5.reason = step4.reason  # step 5 starts only after the staf approval
        return step4, step5, rejections
    if problem:
        step4.reason = step5.reason = problem
        return step4, step5, rejections
    _sum(step4, edits, sop)
    _sum(step5, approvals, sop)
    return step4, step5, rejections


def _sum(step: StepTiming, spans: list[tuple[dt.datetime, dt.datetime]], sop: Sop) -> None:
    step.start, step.end = spans[0][0], spans[-1][1]
    step.minutes = whole_minutes(sum(working_minutes_between(a, b, sop) for a, b in spans))
    step.reason = ""


def build_timelines(items: Iterable[ItemEvents], sop: Sop) -> list[Timeline]:
    return [build_timeline(item, sop) for item in items]


# --- rendering -----------------------------------------------------------------------

def short_time(value: dt.datetime | None, sop: Sop) -> str:
    """'24 Nov 2026 09.15' in the office time zone; '—' when unknown."""
    if value is None:
        return "—"
    return format_datetime(value, "d MMM y HH.mm", sop)


def step_label(step: StepTiming) -> str:
    label = f"{step.step}. {step.name}"
    return f"{label} ({step.passes} putaran)" if step.passes > 1 else label


def upload_label(upload: UploadTiming) -> str:
    """'6a. Unggah ke Instagram (otomatis)'."""
    return f"6a. {upload.name} ({MODE_NAMES[upload.mode]})"


def verdict(step: StepTiming) -> str:
    if not step.measured:
        return step.reason
    return "melewati waktu baku" if step.late else "sesuai waktu baku"


def duration_cell(step: StepTiming, sop: Sop) -> str:
    if not step.measured:
        return NOT_MEASURED if step.reason.startswith(NOT_MEASURED) else PENDING
    return format_minutes(step.minutes, sop)


def timeline_markdown(item: ItemEvents | Timeline, sop: Sop) -> str:
    """The item's timeline for the publish record comment on its pull request."""
    timeline = item if isinstance(item, Timeline) else build_timeline(item, sop)
    lines = [
        f"#### Linimasa SOP (waktu kerja {abbreviation(sop)})",
        "",
        "| Langkah | Mulai | Selesai | Waktu kerja | Waktu baku | Keterangan |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    rows = [(step_label(step), step) for step in timeline.steps]
    rows += [(upload_label(upload), upload) for upload in timeline.uploads]  # after step 6, which they belong to
    for label, step in rows:
        if step.step == 6 and label.startswith("6.") and waits_for_schedule(timeline.item):
            lines.append(f"| {WAITING.capitalize()} | {short_time(timeline.item.merged_at, sop)} | "
                         f"{short_time(timeline.item.scheduled_at, sop)} | — | — | {WAITING} tayang (disetujui "
                         "lebih awal; tidak dihitung sebagai keterlambatan) |")
        lines.append(f"| {label} | {short_time(step.start, sop)} | {short_time(step.end, sop)} | "
                     f"{duration_cell(step, sop)} | {format_minutes(step.standard, sop)} | {verdict(step)} |")
    late = timeline.late_steps
    lines += [
        "",
        f"Dikembalikan oleh Kasubbag: {timeline.rejections} kali. "
        f"Jumlah waktu kerja yang terukur: {format_minutes(timeline.total_minutes, sop)} "
        f"(waktu baku seluruh langkah: {format_minutes(timeline.total_standard, sop)}).",
        "Langkah yang melewati waktu baku: " + (", ".join(str(n) for n in late) if late else "tidak ada") + ".",
    ]
    if timeline.uploads:
        late_uploads = [PLATFORM_NAMES[p] for p in timeline.late_uploads]
        lines.append("Unggahan media sosial (6a) dihitung per platform sejak penggabungan, berjalan bersamaan "
                     "dengan langkah 6, jadi tidak ditambahkan ke jumlah; yang melewati waktu baku: "
                     + (", ".join(late_uploads) if late_uploads else "tidak ada") + ".")
    lines.append("")
    return "\n".join(lines)
