"""The SOP's records on the site: the agenda register and (when enabled) the SOP report.

Both come from the modules that also write them as CSV/xlsx (`register`, `report`), so the
site page and the office's spreadsheet never disagree.
"""

from __future__ import annotations

import os
from pathlib import Path

from .catalog import Catalog
from .register import load_ledger, register_markdown, register_rows
from .settings import Settings

REGISTER_INTRO = ("Buku agenda konten media sosial JDIH: setiap konten yang terbit, dengan nomor "
                  "agenda, disposisi, penyusun, penyunting, penyetuju, dan tanggal terbitnya. "
                  "Halaman ini dapat dicetak.")
ENV_LEDGER = "JDIH_LEDGER"            # JSON ledger of sent notifications (optional)
ENV_REPORT_DATA = "JDIH_REPORT_DATA"  # ItemEvents JSON written by `jdih laporan --simpan-data`


def _front(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n"


def register_page(docs_dir: Path, settings: Settings, catalog: Catalog) -> str:
    ledger = os.environ.get(ENV_LEDGER)
    notified = load_ledger(Path(ledger)) if ledger and Path(ledger).exists() else None
    rows = register_rows(docs_dir, settings, notified, posts=[(post.url, post.meta) for post in catalog.posts])
    body = register_markdown(rows, settings.sop.timezone) if rows else "Belum ada konten yang terbit.\n"
    return _front("Buku Agenda") + REGISTER_INTRO + "\n\n" + body


def report_page(settings: Settings, project_root: Path) -> str:
    from .report import report_markdown
    from .timeline import load_events

    data = Path(os.environ.get(ENV_REPORT_DATA) or project_root / ".cache" / "jdih" / "laporan.json")
    if not data.exists():
        return _front("Laporan SOP") + "Data laporan belum tersedia untuk pembangunan ini.\n"
    return _front("Laporan SOP") + report_markdown(load_events(data), settings.sop)


def record_pages(docs_dir: Path, settings: Settings, project_root: Path, catalog: Catalog) -> dict[str, str]:
    pages = {}
    if settings.site.show_register:
        pages["agenda/index.md"] = register_page(docs_dir, settings, catalog)
    if settings.site.show_report:
        pages["laporan/index.md"] = report_page(settings, project_root)
    return pages
