"""The SOP's records on the site: the agenda register and (when enabled) the SOP report.

Both come from the modules that also write them as CSV/xlsx (`register`, `report`), so the
site page and the office's spreadsheet never disagree.
"""

from __future__ import annotations

from pathlib import Path

from jdih.content.clock import zone_of
from jdih.content.settings import Settings
from jdih.reporting.register import (
    HEADERS,
    LINK_COLUMN,
    WAITING,
    RegisterError,
    display_cells,
    load_ledger,
    load_register_data,
    register_rows,
)
from jdih.site.catalog import Catalog

REGISTER_INTRO = ("Buku agenda konten media sosial JDIH: setiap konten yang terbit, dengan nomor "
                  "agenda, disposisi, penyusun, penyunting, penyetuju, dan tanggal terbitnya. "
                  "Halaman ini dapat dicetak.")


def _front(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n"


NOTE_PENDING = ("Kabar WhatsApp dikirim sesudah situs diperbarui, jadi konten yang baru terbit bertanda "
                "«menunggu» sampai pembaruan situs berikutnya menampilkan waktu kirimnya.")
NOTE_MISSING = ("Tanggal disposisi dan waktu kabar WhatsApp diambil dari GitHub saat situs diperbarui; untuk "
                "pembaruan ini datanya tidak tersedia, jadi kolom itu bertanda «—».")
SCROLL_HINT = "Tabel ini lebar: geser ke samping untuk melihat semua {count} kolom."


def register_view(settings: Settings, catalog: Catalog, base_url: str, ledger: Path | None = None,
                  register_data: Path | None = None) -> dict:
    """The register as table rows for the site's template (Jinja escapes; no Markdown round trip,
    which took 1.5 s for 5,000 rows).

    `register_data`: the register's data from GitHub (the plugin's `register_data` option, written
    by `jdih agenda --github --simpan-data` in the publish workflow): disposisi dates and send
    times. `ledger`: a WhatsApp ledger file (the plugin's `ledger` option, local runs). Missing or
    unreadable: the cells only they could fill show "—", and a note says why."""
    facts = None
    if register_data is not None and register_data.exists():
        try:
            facts = load_register_data(register_data)
        except RegisterError:
            facts = None  # e.g. a file of an older format in the cache: as if there were none
    notified = load_ledger(ledger) if ledger is not None and ledger.exists() else None
    # The posts come from the catalog, so register_rows reads no content folder (hence Path()).
    # Every post the catalog read (register_rows leaves out the scheduled, marks the withdrawn), at the build's moment.
    rows = register_rows(Path(), settings, notified, posts=[(post.url, post.meta) for post in catalog.registered],
                         facts=facts, moment=catalog.moment)
    zone = zone_of(settings)
    prefix = base_url.rstrip("/") + "/"
    notes = []
    if any(row.notification == WAITING for row in rows):
        notes.append(NOTE_PENDING)
    if facts is None and notified is None and rows:
        notes.append(NOTE_MISSING)
    return {
        "intro": REGISTER_INTRO,
        "headers": HEADERS,
        "link_column": LINK_COLUMN,
        "scroll_hint": SCROLL_HINT.format(count=len(HEADERS)),
        "notes": notes,
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
