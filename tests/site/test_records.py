"""The register page tells the truth: disposisi dates and WhatsApp send times from the register
data (`jdih agenda --github --simpan-data`, the plugin's `register_data`), "menunggu" for a notice
not sent yet, "—" where no data says anything; people instead of accounts; a table that shows it
scrolls (and is a list of cards on a phone)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jdih.content.files import post_files, post_id
from jdih.content.settings import load_settings
from jdih.reporting.register import PostFacts, dump_register_data
from jdih.site import records
from jdih.site.catalog import build_catalog
from jdih.site.config import REGISTER_DATA
from tests.sitebuild import build, copy_project

WIB = ZoneInfo("Asia/Jakarta")
UU = "posts/2026/uu-7-2017-pemilihan-umum/"
PKPU = "posts/2026/pkpu-tata-kerja-kpu-dan-sekretariat/"


def _without_kasubbag(settings: Path) -> None:
    text = settings.read_text(encoding="utf-8")
    block = re.search(r"^  kasubbag-kapuas:\n(?:    .*\n)+", text, flags=re.MULTILINE)
    assert block is not None
    settings.write_text(text.replace(block.group(0), ""), encoding="utf-8")


def _cells(html: str) -> dict[str, dict[str, str]]:
    """post id → {header: cell text} of the register table."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.DOTALL):
        cells = dict(re.findall(r'<td data-label="([^"]+)">(.*?)</td>', row, flags=re.DOTALL))
        if cells:
            link = re.search(r">(posts/[^<]+)</a>", cells["Tautan"])
            rows[link.group(1)] = {k: html_lib.unescape(re.sub(r"<[^>]+>", "", v)) for k, v in cells.items()}
    return rows


def test_the_register_page_shows_the_disposisi_date_the_send_time_and_waits_honestly(tmp_path):
    project = copy_project(tmp_path / "p")
    post = project / "content" / UU / "index.md"
    post.write_text(post.read_text(encoding="utf-8").replace("authors: [", "disposisi: 12\nauthors: [", 1),
                    encoding="utf-8")
    _without_kasubbag(project / "site_config" / "jdih.yml")
    data = project / REGISTER_DATA
    data.parent.mkdir(parents=True)
    data.write_text(dump_register_data({
        UU: PostFacts(12, dt.datetime(2026, 10, 29, 23, 30, tzinfo=dt.UTC), "sent",
                      dt.datetime(2026, 11, 2, 9, 17, tzinfo=WIB)),
        PKPU: PostFacts(None, None, "none", None, dt.datetime(2026, 11, 20, tzinfo=dt.UTC)),
    }, dt.datetime(2026, 11, 20, tzinfo=dt.UTC)), encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    html = (project / "site" / "agenda" / "index.html").read_text(encoding="utf-8")
    cells = _cells(html)
    assert cells[UU]["Tanggal Disposisi"] == "30 Okt 2026" and cells[UU]["No. Disposisi"] == "#12"
    assert cells[UU]["Kabar WhatsApp"] == "2 Nov 2026 09.17"
    assert cells[PKPU]["Kabar WhatsApp"] == "menunggu"  # asked: not sent yet
    others = [c for key, c in cells.items() if key not in (UU, PKPU)]
    assert others and all(c["Kabar WhatsApp"] == "—" for c in others)  # never asked: no claim either way
    assert "belum" not in html
    assert records.NOTE_PENDING in html and records.NOTE_MISSING not in html
    # people: the staf's person, and the account where no person is configured
    assert cells[UU]["Penyetuju"] == "kasubbag-kapuas"
    assert cells[UU]["Penyunting"] == "Budi Santoso, S.H., Staf Subbagian Hukum dan SDM"
    page = (project / "site" / UU / "index.html").read_text(encoding="utf-8")
    assert "Disetujui oleh</dt><dd>kasubbag-kapuas, 2 November 2026 pukul 08.40 WIB</dd>" in page
    # the table says it scrolls, can be scrolled from the keyboard, and every cell has its header
    assert records.SCROLL_HINT.format(count=12) in html
    assert re.search(r'<div class="jdih-register" role="region" aria-label="Tabel buku agenda" '
                     r'aria-describedby="jdih-register-hint" tabindex="0">', html)
    assert len(re.findall(r'<td data-label="', html)) == 12 * len(cells)


def test_without_register_data_the_register_says_it_does_not_know(tmp_path):
    project = copy_project(tmp_path / "p")
    settings = load_settings(project / "site_config" / "jdih.yml")
    content = project / "content"
    catalog = build_catalog(content, [p.relative_to(content).as_posix() for p in post_files(content)], settings)
    view = records.register_view(settings, catalog, ".", register_data=tmp_path / "tidak-ada.json")
    assert view["notes"] == [records.NOTE_MISSING]
    assert {row["cells"][-1] for row in view["table"]} == {"—"}
    assert {row["url"] for row in view["table"]} == {"./" + post_id(p.relative_to(content).as_posix())
                                                     for p in post_files(content)}
    broken = tmp_path / "rusak.json"
    broken.write_text("{", encoding="utf-8")  # e.g. half a file: as if there were none, never a failed build
    assert records.register_view(settings, catalog, ".", register_data=broken)["notes"] == [records.NOTE_MISSING]


@pytest.mark.browser
def test_the_register_shows_it_scrolls_on_a_wide_screen_and_is_cards_on_a_phone(tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser import browser, serve

    project = copy_project(tmp_path / "p")
    build(project, cache_dir=tmp_path / "cache")
    with serve(project / "site") as base, browser() as chromium:
        wide = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        wide.goto(base + "agenda/", wait_until="load")
        region = wide.locator(".jdih-register")
        # the columns do not fit: the region scrolls, and says so where it can be seen
        assert region.evaluate("e => e.scrollWidth > e.clientWidth + 50")
        assert wide.locator(".jdih-register__hint").is_visible()
        assert "geser ke samping" in wide.locator(".jdih-register__hint").inner_text()
        region.focus()  # the keyboard scrolls it too
        wide.keyboard.press("ArrowRight")
        wide.wait_for_timeout(200)
        assert region.evaluate("e => e.scrollLeft") > 0
        violations = [v["id"] for v in Axe().run(wide).response["violations"]]
        assert violations == []
        wide.context.close()

        phone = chromium.new_context(viewport={"width": 360, "height": 740}).new_page()
        phone.goto(base + "agenda/", wait_until="load")
        assert not phone.locator(".jdih-register__hint").is_visible()
        # every row a card, every cell with its header before it; nothing wider than the screen
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        cell = phone.locator(".jdih-register td").nth(3)
        assert cell.evaluate("e => getComputedStyle(e, '::before').content") == '"Judul"'
        assert phone.locator(".jdih-register tr").nth(1).evaluate("e => getComputedStyle(e).display") == "block"
        violations = [v["id"] for v in Axe().run(phone).response["violations"]]
        assert violations == []
        phone.context.close()
