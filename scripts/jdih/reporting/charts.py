"""Small accessible SVG charts for the SOP report, written as text (no plotting library).

Each chart is a standalone ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that
states every value in words, and every bar carries a text label, so the chart reads the
same without colour, without sight, and when printed. Output is deterministic (same data,
same bytes), which keeps builds reproducible and tests exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

LATE = "#b71c1c"  # red 900: contrast ≥ 4.5:1 on white
WITHIN = "#1b5e20"  # green 900
NEUTRAL = "#455a64"
MARKER = "#111111"
TEXT = "#111111"
GRID = "#cfd8dc"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'


@dataclass(frozen=True)
class StepBar:
    label: str  # "2. Menghimpun bahan dan mengarahkan konsep"
    actual: float | None  # mean working minutes; None when never measured
    standard: float  # working minutes
    actual_text: str  # "3 jam 10 menit"
    standard_text: str  # "1 hari"
    note: str  # "2 dari 3 konten sesuai waktu baku" / "tidak terukur"


@dataclass(frozen=True)
class MonthBar:
    label: str  # "November 2026"
    within: int
    measured: int


def _n(value: float) -> str:
    """Coordinates with at most one decimal, no trailing zeros: stable text output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(name: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{name}-judul {name}-uraian" '
        f'style="max-width:100%;height:auto" {FONT}>',
        f'<title id="{name}-judul">{escape(title)}</title>',
        f'<desc id="{name}-uraian">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def step_chart(bars: list[StepBar], name: str = "grafik-langkah") -> str:
    """Mean time per SOP step as a bar, with the standard as a vertical marker (a bullet chart).

    Each row has its own scale (1 day and 10 minutes cannot share one axis); the marker
    shows where the standard lies on that row's scale and the text gives both values.
    """
    width, left, bar_width, row = 720, 16, 600, 64
    height = 40 + row * len(bars) + 16
    title = "Rata-rata waktu kerja per langkah SOP dibanding waktu baku"
    desc = " ".join(
        f"{bar.label}: " + (f"rata-rata {bar.actual_text}, waktu baku {bar.standard_text}, {bar.note}."
                           if bar.actual is not None else f"{bar.note}, waktu baku {bar.standard_text}.")
        for bar in bars)
    out = _open(name, width, height, title, desc)
    out.append(f'<text x="{left}" y="24" font-size="15" font-weight="bold" fill="{TEXT}">{escape(title)}</text>')
    for index, bar in enumerate(bars):
        top = 40 + index * row
        out.append(f'<text x="{left}" y="{top + 14}" font-size="13" fill="{TEXT}">{escape(bar.label)}</text>')
        scale = max(bar.actual or 0.0, bar.standard, 1.0) * 1.25
        bar_y = top + 22
        if bar.actual is not None:
            late = bar.actual > bar.standard + 1e-9
            length = bar.actual / scale * bar_width
            out.append(f'<rect x="{left}" y="{bar_y}" width="{_n(length)}" height="16" '
                       f'fill="{LATE if late else WITHIN}"/>')
            status = "melewati waktu baku" if late else "sesuai waktu baku"
            value = f"rata-rata {bar.actual_text} ({status}); baku {bar.standard_text}; {bar.note}"
        else:
            out.append(f'<rect x="{left}" y="{bar_y}" width="{bar_width}" height="16" fill="none" '
                       f'stroke="{GRID}" stroke-dasharray="4 3"/>')
            value = f"{bar.note}; baku {bar.standard_text}"
        marker = left + bar.standard / scale * bar_width
        out.append(f'<line x1="{_n(marker)}" y1="{bar_y - 4}" x2="{_n(marker)}" y2="{bar_y + 20}" '
                   f'stroke="{MARKER}" stroke-width="3"/>')
        out.append(f'<text x="{left}" y="{bar_y + 34}" font-size="12" fill="{NEUTRAL}">{escape(value)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def monthly_chart(months: list[MonthBar], name: str = "grafik-bulanan") -> str:
    """Share of items per month whose measured steps all met the standard."""
    slot, left, top, plot = 110, 56, 48, 160
    width = max(360, left + slot * len(months) + 24)
    height = top + plot + 56
    title = "Kepatuhan waktu baku per bulan (persentase konten yang seluruh langkah terukurnya sesuai)"
    if months:
        desc = " ".join(f"{m.label}: {_percent(m)} ({m.within} dari {m.measured} konten)." for m in months)
    else:
        desc = "Belum ada konten yang terukur."
    out = _open(name, width, height, title, desc)
    out.append(f'<text x="16" y="24" font-size="15" font-weight="bold" fill="{TEXT}">'
               f'Kepatuhan waktu baku per bulan</text>')
    base = top + plot
    for share in (0, 50, 100):
        y = base - plot * share / 100
        out.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - 16}" y2="{_n(y)}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 8}" y="{_n(y + 4)}" font-size="12" text-anchor="end" '
                   f'fill="{NEUTRAL}">{share}%</text>')
    for index, month in enumerate(months):
        x = left + 16 + index * slot
        share = month.within / month.measured if month.measured else 0.0
        bar_height = plot * share
        centre = x + 36
        if month.measured:
            out.append(f'<rect x="{x}" y="{_n(base - bar_height)}" width="72" height="{_n(bar_height)}" '
                       f'fill="{WITHIN}"/>')
        out.append(f'<text x="{centre}" y="{_n(base - bar_height - 8)}" font-size="12" text-anchor="middle" '
                   f'fill="{TEXT}">{_percent(month)} ({month.within}/{month.measured})</text>')
        out.append(f'<text x="{centre}" y="{base + 20}" font-size="12" text-anchor="middle" '
                   f'fill="{TEXT}">{escape(month.label)}</text>')
    if not months:
        out.append(f'<text x="{left + 16}" y="{base - 8}" font-size="13" fill="{NEUTRAL}">'
                   f'Belum ada konten yang terukur.</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _percent(month: MonthBar) -> str:
    if not month.measured:
        return "tidak terukur"
    return f"{round(month.within * 100 / month.measured)}%"
