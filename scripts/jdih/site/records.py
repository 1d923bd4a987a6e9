"""The SOP's records on the site: the agenda register and (when enabled) the SOP report.

Both come from the modules that also write them as CSV/xlsx (`register`, `report`), so the
site page and the office's spreadsheet never disagree.
"""

from __future__ import annotations

from pathlib import Path

from jdih.content.clock import zone_of
from jdih.content.settings import Settings
from jdih.reporting.register import HEADERS, LINK_COLUMN, display_cells, load_ledger, register_rows
from jdih.site.catalog import Catalog

REGISTER_INTRO = ("Buku agenda konten media sosial JDIH: setiap konten yang terbit, dengan nomor "
                  "agenda, disposisi, penyusun, penyunting, penyetuju, dan tanggal terbitnya. "
                  "Halaman ini dapat dicetak.")


def _front(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n"


def register_view(settings: Settings, catalog: Catalog, base_url: str, ledger: Path | None = None) -> dict:
    """The register as table rows for the site's template (Jinja escapes; no Markdown round trip,
    which took 1.5 s for 5,000 rows).

    `ledger`: the WhatsApp ledger (the plugin's `ledger` option); missing or None: no send times."""
    notified = load_ledger(ledger) if ledger is not None and ledger.exists() else None
    # The posts come from the catalog, so register_rows reads no content folder (hence Path()).
    rows = register_rows(Path(), settings, notified, posts=[(post.url, post.meta) for post in catalog.posts])
    zone = zone_of(settings)
    prefix = base_url.rstrip("/") + "/"
    return {
        "intro": REGISTER_INTRO,
        "headers": HEADERS,
        "link_column": LINK_COLUMN,
        "table": [{"cells": display_cells(row, zone), "url": prefix + row.post_id} for row in rows],
    }


def report_page(settings: Settings, data: Path | None) -> str:
    """`data`: the ItemEvents JSON written by `jdih laporan --simpan-data` (the plugin's
    `report_data` option)."""
    from jdih.reporting.report import report_markdown
    from jdih.reporting.timeline import load_events

    if data is None or not data.exists():
        return _front("Laporan SOP") + "Data laporan belum tersedia untuk pembangunan ini.\n"
    return _front("Laporan SOP") + report_markdown(load_events(data), settings.sop)


def record_pages(settings: Settings, report_data: Path | None = None) -> dict[str, str]:
    pages = {}
    if settings.site.show_report:
        pages["laporan/index.md"] = report_page(settings, report_data)
    return pages
