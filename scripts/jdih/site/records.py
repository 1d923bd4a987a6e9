"""The SOP's records on the site: the agenda register and (when enabled) the SOP report.

Both come from the modules that also write them as CSV/xlsx (`register`, `report`), so the
site page and the office's spreadsheet never disagree.
"""

from __future__ import annotations

import os
from pathlib import Path

from jdih.site.catalog import Catalog
from zoneinfo import ZoneInfo

from jdih.reporting.register import HEADERS, LINK_COLUMN, display_cells, load_ledger, register_rows
from jdih.content.settings import Settings

REGISTER_INTRO = ("Buku agenda konten media sosial JDIH: setiap konten yang terbit, dengan nomor "
                  "agenda, disposisi, penyusun, penyunting, penyetuju, dan tanggal terbitnya. "
                  "Halaman ini dapat dicetak.")
ENV_LEDGER = "JDIH_LEDGER"            # JSON ledger of sent notifications (optional)
ENV_REPORT_DATA = "JDIH_REPORT_DATA"  # ItemEvents JSON written by `jdih laporan --simpan-data`


def _front(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n"


def register_view(settings: Settings, catalog: Catalog, base_url: str) -> dict:
    """The register as table rows for the site's template (Jinja escapes; no Markdown round trip,
    which took 1.5 s for 5,000 rows)."""
    ledger = os.environ.get(ENV_LEDGER)
    notified = load_ledger(Path(ledger)) if ledger and Path(ledger).exists() else None
    rows = register_rows(Path("."), settings, notified, posts=[(post.url, post.meta) for post in catalog.posts])
    zone = ZoneInfo(settings.sop.timezone)
    prefix = base_url.rstrip("/") + "/"
    return {
        "intro": REGISTER_INTRO,
        "headers": HEADERS,
        "link_column": LINK_COLUMN,
        "table": [{"cells": display_cells(row, zone), "url": prefix + row.post_id} for row in rows],
    }


def report_page(settings: Settings, project_root: Path) -> str:
    from jdih.reporting.report import report_markdown
    from jdih.reporting.timeline import load_events

    data = Path(os.environ.get(ENV_REPORT_DATA) or project_root / ".cache" / "jdih" / "laporan.json")
    if not data.exists():
        return _front("Laporan SOP") + "Data laporan belum tersedia untuk pembangunan ini.\n"
    return _front("Laporan SOP") + report_markdown(load_events(data), settings.sop)


def record_pages(settings: Settings, project_root: Path) -> dict[str, str]:
    pages = {}
    if settings.site.show_report:
        pages["laporan/index.md"] = report_page(settings, project_root)
    return pages
