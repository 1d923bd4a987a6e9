"""The SOP performance report (`jdih laporan`): actual working time per step against the standard.

Pure functions over :class:`jdih.reporting.timeline.Timeline` lists; the CLI and the site plugin only
choose the source (GitHub or a JSON file of ItemEvents) and the output.

* An item belongs to a period by the office date (in `sop.timezone`) of its first recorded
  event — normally the disposisi — so the report for November covers the work ordered in
  November.
* A step is *within standard* when it was measured and did not exceed its standard; steps
  that could not be measured or are still running are counted apart, never as late.
* Monthly compliance is the share of items (with at least one measured step) whose
  measured steps were all within standard.
* Step 6a (uploading to each social platform) is shown per platform under step 6, against
  step 6's standard; it runs alongside step 6, so it is not part of an item's total or of
  its compliance (`jdih.reporting.timeline`). A platform still waiting is counted apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jdih.content.clock import abbreviation, format_date, local
from jdih.content.safety import markdown_text, spreadsheet_text
from jdih.content.settings import Sop
from jdih.content.social_text import PLATFORM_NAMES, PLATFORMS
from jdih.reporting.charts import MonthBar, StepBar, monthly_chart, step_chart
from jdih.reporting.timeline import (
    MODE_NAMES,
    PENDING,
    ItemEvents,
    StepTiming,
    Timeline,
    UploadTiming,
    build_timelines,
    duration_cell,
    short_time,
    waits_for_schedule,
)
from jdih.reporting.worktime import format_minutes, office_day_minutes, standard_minutes

DAY_NAMES = {1: "Senin", 2: "Selasa", 3: "Rabu", 4: "Kamis", 5: "Jumat", 6: "Sabtu", 7: "Minggu"}


@dataclass(frozen=True)
class StepSummary:
    step: int
    name: str
    standard: int  # working minutes per pass
    items: int
    measured: int
    within: int
    mean_minutes: float | None
    mean_standard: float | None  # mean of the items' standards (passes differ)
    platform: str = ""  # step 6a: the platform (content.social_text.PLATFORMS); "" for a step
    waiting: int = 0  # step 6a: items whose post is not up on the platform yet

    @property
    def label(self) -> str:
        return f"6a. Unggah ke {PLATFORM_NAMES[self.platform]}" if self.platform else f"{self.step}. {self.name}"

    @property
    def share(self) -> float | None:
        return self.within / self.measured if self.measured else None


@dataclass(frozen=True)
class MonthSummary:
    year: int
    month: int
    items: int
    measured: int
    within: int


def as_timelines(items: Iterable[ItemEvents | Timeline], sop: Sop) -> list[Timeline]:
    items = list(items)
    events = [i for i in items if isinstance(i, ItemEvents)]
    built = iter(build_timelines(events, sop))
    return [i if isinstance(i, Timeline) else next(built) for i in items]


def local_date(value: dt.datetime, sop: Sop) -> dt.date:
    return local(value, sop).date()


def in_period(timelines: Iterable[Timeline], sop: Sop, start: dt.date | None = None,
              end: dt.date | None = None) -> list[Timeline]:
    """Items whose first recorded event falls in [start, end] (dates in the office time zone)."""
    chosen = []
    for timeline in timelines:
        when = timeline.reference_time
        if when is None:
            continue
        day = local_date(when, sop)
        if (start is None or day >= start) and (end is None or day <= end):
            chosen.append(timeline)
    return sorted(chosen, key=_order)


def _order(timeline: Timeline) -> tuple:
    when = timeline.reference_time
    return (when.timestamp() if when else 0.0, timeline.item.pull_request_number or 0, timeline.item.title)


def summarize(timelines: Sequence[Timeline], sop: Sop) -> list[StepSummary]:
    summaries = []
    for number in range(1, 7):
        steps = [t.step(number) for t in timelines]
        measured = [s for s in steps if s.measured]
        summaries.append(StepSummary(
            step=number, name=sop.step(number).name, standard=standard_minutes(number, sop), items=len(steps),
            measured=len(measured), within=sum(1 for s in measured if not s.late),
            mean_minutes=sum(s.minutes for s in measured) / len(measured) if measured else None,
            mean_standard=sum(s.standard for s in measured) / len(measured) if measured else None))
    return summaries


def upload_platforms(timelines: Sequence[Timeline]) -> list[str]:
    """The platforms any item has an upload record for, in PLATFORMS order."""
    present = {u.platform for t in timelines for u in t.uploads}
    return [p for p in PLATFORMS if p in present]


def upload_of(timeline: Timeline, platform: str) -> UploadTiming | None:
    return next((u for u in timeline.uploads if u.platform == platform), None)


def summarize_uploads(timelines: Sequence[Timeline], sop: Sop) -> list[StepSummary]:
    """Step 6a per platform (only platforms with a record), against step 6's standard."""
    summaries = []
    for platform in upload_platforms(timelines):
        uploads = [u for t in timelines if (u := upload_of(t, platform)) is not None]
        measured = [u for u in uploads if u.measured]
        summaries.append(StepSummary(
            step=6, name=uploads[0].name, standard=standard_minutes(6, sop), items=len(uploads),
            measured=len(measured), within=sum(1 for u in measured if not u.late),
            mean_minutes=sum(u.minutes for u in measured) / len(measured) if measured else None,
            mean_standard=float(standard_minutes(6, sop)) if measured else None, platform=platform,
            waiting=sum(1 for u in uploads if u.reason.startswith(PENDING))))
    return summaries


def monthly(timelines: Sequence[Timeline], sop: Sop) -> list[MonthSummary]:
    months: dict[tuple[int, int], list[Timeline]] = {}
    for timeline in timelines:
        when = timeline.reference_time
        if when is not None:
            day = local_date(when, sop)
            months.setdefault((day.year, day.month), []).append(timeline)
    result = []
    for (year, month), group in sorted(months.items()):
        verdicts = [t.within_standard for t in group]
        result.append(MonthSummary(year, month, len(group), sum(v is not None for v in verdicts),
                                   sum(v is True for v in verdicts)))
    return result


def percent(part: int, whole: int) -> str:
    return f"{round(part * 100 / whole)}%" if whole else "—"


def month_label(year: int, month: int) -> str:
    return format_date(dt.date(year, month, 1), "MMMM y")


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    def day(value: dt.date) -> str:
        return format_date(value, "d MMMM y")

    if start and end:
        return f"{day(start)} s.d. {day(end)}"
    if start:
        return f"sejak {day(start)}"
    if end:
        return f"sampai {day(end)}"
    return "seluruh konten"


def method_text(sop: Sop) -> str:
    days = [d for d in range(1, 8) if d in sop.working_days]
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
        day_text = f"{DAY_NAMES[days[0]]}–{DAY_NAMES[days[-1]]}"
    else:
        day_text = ", ".join(DAY_NAMES[d] for d in days)
    return (f"Waktu dihitung sebagai waktu kerja {abbreviation(sop)}: pukul {sop.office_hours_start:%H.%M}–"
            f"{sop.office_hours_end:%H.%M}, {day_text}, di luar hari libur nasional dan cuti bersama; "
            f"1 hari = {office_day_minutes(sop)} menit kerja.")


# --- cells ---------------------------------------------------------------------------------

def _cell(step: StepTiming, sop: Sop, late_mark: str) -> str:
    text = duration_cell(step, sop)
    return f"{text} {late_mark}" if step.late else text


def _upload_cell(timeline: Timeline, platform: str, sop: Sop, late_mark: str, short: bool = False) -> str:
    """Step 6a on one platform for one item: its time and how it went up; "—" without a record."""
    upload = upload_of(timeline, platform)
    if upload is None:
        return "—"
    text = duration_cell(upload, sop)
    text = f"{text} ({'a' if upload.mode == 'auto' else 'p'})" if short else f"{text}, {MODE_NAMES[upload.mode]}"
    return f"{text} {late_mark}" if upload.late else text


def _item_label(timeline: Timeline) -> str:
    number = timeline.item.pull_request_number
    return f"#{number} {timeline.item.title}" if number else timeline.item.title


def _mean_text(summary: StepSummary, sop: Sop) -> str:
    return format_minutes(summary.mean_minutes, sop) if summary.mean_minutes is not None else "—"


def _within_text(summary: StepSummary) -> str:
    text = (f"{summary.within} dari {summary.measured} ({percent(summary.within, summary.measured)})"
            if summary.measured else "—")
    # Step 6a: a platform not up yet is waiting, counted apart (never late).
    if not summary.waiting:
        return text
    return f"{text}; {summary.waiting} belum selesai" if summary.measured else f"{summary.waiting} belum selesai"


def _overall(timelines: Sequence[Timeline]) -> tuple[int, int]:
    verdicts = [t.within_standard for t in timelines]
    return sum(v is True for v in verdicts), sum(v is not None for v in verdicts)


# --- CSV -----------------------------------------------------------------------------------

CSV_HEADER = ["pull_request", "disposisi", "judul", "langkah", "nama_langkah", "pelaksana", "mulai", "selesai",
              "menit_kerja", "menit_baku", "putaran", "terlambat", "keterangan"]


def _csv_time(value: dt.datetime | None, sop: Sop) -> str:
    return local(value, sop).strftime("%Y-%m-%d %H:%M") if value else ""


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def report_csv(items: Iterable[ItemEvents | Timeline], sop: Sop) -> str:
    """One row per item and step, for spreadsheets (office times, durations in working minutes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for timeline in as_timelines(items, sop):
        item = timeline.item
        for step in timeline.steps:
            late = "" if step.late is None else ("ya" if step.late else "tidak")
            writer.writerow([item.pull_request_number or "", item.disposisi_number or "", spreadsheet_text(item.title),
                             step.step, step.name, step.role, _csv_time(step.start, sop), _csv_time(step.end, sop),
                             _number(step.minutes), _number(step.standard), step.passes, late, step.reason])
        for upload in timeline.uploads:  # step 6a, one row per platform
            late = "" if upload.late is None else ("ya" if upload.late else "tidak")
            writer.writerow([item.pull_request_number or "", item.disposisi_number or "", spreadsheet_text(item.title),
                             "6a", f"{upload.name} ({MODE_NAMES[upload.mode]})", upload.role, _csv_time(upload.start, sop),
                             _csv_time(upload.end, sop), _number(upload.minutes), _number(upload.standard),
                             upload.passes, late, upload.reason])
    return buffer.getvalue()


# --- terminal table ------------------------------------------------------------------------

def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def report_table(items: Iterable[ItemEvents | Timeline], sop: Sop, start: dt.date | None = None,
                 end: dt.date | None = None) -> str:
    timelines = as_timelines(items, sop)
    lines = [f"Laporan mutu baku SOP — {period_text(start, end)} ({len(timelines)} konten)", method_text(sop), ""]
    lines += _table(["Langkah", "Waktu baku", "Rata-rata", "Sesuai waktu baku"],
                    [[s.label, format_minutes(s.standard, sop), _mean_text(s, sop), _within_text(s)]
                     for s in [*summarize(timelines, sop), *summarize_uploads(timelines, sop)]])
    within, measured = _overall(timelines)
    lines += ["", f"Konten yang seluruh langkah terukurnya sesuai waktu baku: {within} dari {measured} "
                  f"({percent(within, measured)}).", ""]
    header = ["Konten", *(f"L{n}" for n in range(1, 7)), "Ditolak", "Jumlah"]
    rows = [[_item_label(t), *(_cell(s, sop, "*") for s in t.steps), str(t.rejections),
             format_minutes(t.total_minutes, sop)] for t in timelines]
    lines += _table(header, rows)
    platforms = upload_platforms(timelines)
    if platforms:
        lines += ["", "Langkah 6a, unggah ke media sosial per platform (sejak penggabungan; a = otomatis, "
                      "p = oleh pengelola):", ""]
        lines += _table(["Konten", *(PLATFORM_NAMES[p] for p in platforms)],
                        [[_item_label(t), *(_upload_cell(t, p, sop, "*", short=True) for p in platforms)]
                         for t in timelines if t.uploads])
    lines += ["", "* melewati waktu baku. Jumlah = waktu kerja seluruh langkah yang terukur"
                  + (" (tanpa langkah 6a, yang berjalan bersamaan dengan langkah 6)." if platforms else ".")]
    return "\n".join(lines) + "\n"


# --- Markdown and charts -------------------------------------------------------------------

def chart_svgs(items: Iterable[ItemEvents | Timeline], sop: Sop) -> dict[str, str]:
    """The report's charts as SVG text, by file stem: time per step, compliance per month."""
    timelines = as_timelines(items, sop)
    bars = []
    for summary in summarize(timelines, sop):
        standard = summary.mean_standard if summary.mean_standard is not None else summary.standard
        note = (f"{summary.within} dari {summary.measured} konten sesuai waktu baku" if summary.measured
                else "tidak terukur")
        bars.append(StepBar(label=f"{summary.step}. {summary.name}", actual=summary.mean_minutes,
                            standard=standard, actual_text=_mean_text(summary, sop),
                            standard_text=_standard_text(standard, summary, sop), note=note))
    months = [MonthBar(month_label(m.year, m.month), m.within, m.measured)
              for m in monthly(timelines, sop) if m.measured]
    return {"laporan-waktu-per-langkah": step_chart(bars, "laporan-waktu-per-langkah"),
            "laporan-kepatuhan-per-bulan": monthly_chart(months, "laporan-kepatuhan-per-bulan")}


def _standard_text(standard: float, summary: StepSummary, sop: Sop) -> str:
    if abs(standard - summary.standard) < 1e-9:
        return format_minutes(standard, sop)
    # Rejections add passes, and each pass has its own standard.
    return f"{format_minutes(standard, sop)} (rata-rata, {format_minutes(summary.standard, sop)} per putaran)"


def _md(text: str) -> str:
    """A data string (a title, a name) as Markdown text: shown as written, never as markup."""
    return markdown_text(text)


CHART_CAPTIONS = {
    "laporan-waktu-per-langkah": "Rata-rata waktu kerja per langkah; garis tegak menandai waktu baku.",
    "laporan-kepatuhan-per-bulan": "Persentase konten per bulan yang seluruh langkah terukurnya sesuai waktu baku.",
}


def report_markdown(items: Iterable[ItemEvents | Timeline], sop: Sop, start: dt.date | None = None,
                    end: dt.date | None = None, charts: bool = True,
                    chart_links: dict[str, str] | None = None) -> str:
    """The report as Markdown (level-2 headings).

    Charts are inline, accessible SVG figures (for the site page); with ``chart_links``
    (name → URL of the SVG file) they are images instead, for Markdown viewers that strip
    inline SVG (GitHub's README view).
    """
    timelines = as_timelines(items, sop)
    within, measured = _overall(timelines)
    lines = [f"Periode: {period_text(start, end)} ({len(timelines)} konten). {method_text(sop)}", "",
             "## Ringkasan per langkah", "",
             "| Langkah | Waktu baku | Rata-rata waktu kerja | Sesuai waktu baku |",
             "| --- | --- | --- | --- |"]
    for s in [*summarize(timelines, sop), *summarize_uploads(timelines, sop)]:
        lines.append(f"| {_md(s.label)} | {format_minutes(s.standard, sop)} | {_mean_text(s, sop)} | "
                     f"{_within_text(s)} |")
    lines += ["", f"Konten yang seluruh langkah terukurnya sesuai waktu baku: {within} dari {measured} "
                  f"({percent(within, measured)}).", ""]
    if chart_links:
        lines += ["## Grafik", ""]
        for name, url in chart_links.items():
            lines += [f"![{CHART_CAPTIONS[name]}]({url})", ""]
    elif charts:
        lines += ["## Grafik", ""]
        for name, svg in chart_svgs(timelines, sop).items():
            # One raw HTML block (no blank lines inside) so Markdown passes the SVG through untouched.
            lines += [f'<figure class="jdih-grafik" id="{name}">', svg.rstrip("\n"),
                      f"<figcaption>{CHART_CAPTIONS[name]}</figcaption>", "</figure>", ""]
    lines += ["## Rincian per konten", "",
              "| Konten | " + " | ".join(f"Langkah {n}" for n in range(1, 7)) + " | Ditolak | Jumlah |",
              "| --- " * 9 + "|"]
    for t in timelines:
        cells = [_cell(s, sop, "(melewati waktu baku)") for s in t.steps]
        lines.append(f"| {_md(_item_label(t))} | " + " | ".join(cells) +
                     f" | {t.rejections} | {format_minutes(t.total_minutes, sop)} |")
    platforms = upload_platforms(timelines)
    if platforms:
        lines += ["", "## Unggah ke media sosial (langkah 6a)", "",
                  f"Per platform, sejak penggabungan sampai konten tayang di akun kantor: otomatis sampai unggahan "
                  f"lewat API, oleh pengelola sampai konfirmasi /diunggah. Waktu bakunya waktu baku langkah 6 "
                  f"({format_minutes(standard_minutes(6, sop), sop)}); berjalan bersamaan dengan langkah 6, jadi tidak "
                  "ditambahkan ke jumlah. Platform yang belum tayang bertanda belum selesai, bukan terlambat.", "",
                  "| Konten | " + " | ".join(PLATFORM_NAMES[p] for p in platforms) + " |",
                  "| --- " * (len(platforms) + 1) + "|"]
        for t in (t for t in timelines if t.uploads):
            lines.append(f"| {_md(_item_label(t))} | "
                         + " | ".join(_upload_cell(t, p, sop, "(melewati waktu baku)") for p in platforms) + " |")
    notes: dict[tuple[int, str, str], list[str]] = {}
    for t in timelines:
        for s in t.steps:
            if not s.measured:
                notes.setdefault((s.step, "", s.reason), []).append(_item_label(t))
        for u in t.uploads:
            if not u.measured:
                notes.setdefault((6, u.platform, u.reason), []).append(_item_label(t))
    if notes:
        lines += ["", "## Langkah yang tidak terukur atau belum selesai", ""]
        order = {p: i for i, p in enumerate(("", *PLATFORMS))}
        for (number, platform, reason), labels in sorted(notes.items(), key=lambda n: (n[0][0], order[n[0][1]],
                                                                                        n[0][2])):
            step = f"Langkah 6a ({PLATFORM_NAMES[platform]})" if platform else f"Langkah {number}"
            lines.append(f"- {step} — {reason}. Konten: {', '.join(_md(label) for label in labels)}.")
    waiting = [t for t in timelines if waits_for_schedule(t.item)]
    if waiting:
        lines += ["", "## Menunggu jadwal", "",
                  "Konten berikut disetujui sebelum waktu tayang terjadwalnya. Waktu dari penggabungan sampai "
                  "jadwal tayang adalah \"menunggu jadwal\", bukan keterlambatan: langkah 6 dihitung sejak "
                  "waktu tayang.", ""]
        for t in waiting:
            lines.append(f"- {_md(_item_label(t))}: digabung {short_time(t.item.merged_at, sop)}, tayang terjadwal "
                         f"{short_time(t.item.scheduled_at, sop)}.")
    return "\n".join(lines) + "\n"
