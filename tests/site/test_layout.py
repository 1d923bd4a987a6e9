"""The public site as the office's official page, in Chromium: layout at phone, tablet and desktop
widths on every page type, accessibility in both colour schemes, and the printed archive copy."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from tests.browser import browser
from tests.sitebuild import build, copy_project

pytestmark = pytest.mark.browser

SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"
PREFIX = SITE_URL.split("/", 3)[3]  # "jdih-medsos/": 404.html links its assets below it
POST = "posts/2026/uu-7-2017-pemilihan-umum/"
PAGES = {
    "home": "",
    "post": POST,
    "category": "kategori/peraturan/",
    "tag": "tagar/uupemilu/",
    "archive": "arsip/",
    "month": "arsip/2026/11/",
    "search": "cari/",
    "register": "agenda/",
    "sop": "sop/",
    "guides": "panduan/",
    "about": "tentang/",
    "404": "tidak/ada/halaman-ini/",
}
WIDTHS = (320, 360, 768, 1280)
REGISTER_HEADERS = ["No. Agenda", "Tanggal Disposisi", "No. Disposisi", "Judul", "Penyusun", "Penyunting",
                    "Penyetuju", "Tanggal Persetujuan", "Tanggal Terbit", "Tautan", "Kabar WhatsApp",
                    "Unggahan Media Sosial"]
# A4 in PDF points, portrait (width × height).
A4 = (595, 842)


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages: the site below its path, and its own 404.html for any missing address."""

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / PREFIX / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve_as_published(site: Path, root: Path):
    (root / PREFIX).parent.mkdir(parents=True, exist_ok=True)
    (root / PREFIX).symlink_to(site, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    with serve_as_published(project / "site", tmp_path_factory.mktemp("root")) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@contextlib.contextmanager
def opened(chromium, url, width=360, scheme="light", errors=None):
    context = chromium.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1,
                                   color_scheme=scheme)
    page = context.new_page()
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


# Every visible element outside the viewport (an element in a scrolling box, such as the register's
# table, counts only where that box shows it; the navigation drawer, closed, is off-screen by design).
OUTSIDE = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const drawer = el.closest('.md-sidebar--primary');
    if (drawer && getComputedStyle(drawer).position === 'fixed') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let left = box.left, right = box.right;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') {
        const clip = up.getBoundingClientRect();
        left = Math.max(left, clip.left); right = Math.min(right, clip.right);
      }
    }
    if (right <= left) continue;
    if (left < -1 || right > width + 1) found.push([name(el), Math.round(left), Math.round(right)]);
  }
  return found.slice(0, 10);
}"""

# The page's main blocks and, inside the content, its parts: pairs whose boxes overlap.
OVERLAPS = """() => {
  const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
    el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0 &&
    !(el.closest('.md-sidebar--primary') && getComputedStyle(el.closest('.md-sidebar--primary')).position === 'fixed');
  const groups = [
    ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-content', '.md-footer'],
    ['.md-content__inner > *', '.jdih-listing > *', '.jdih-post > *'],
    ['.jdih-cards > li'], ['.jdih-share__list > li'], ['.jdih-footer__inner > *'], ['.md-header__inner > *'],
    ['.jdih-notfound__links > li'], ['.jdih-social > li'],
  ];
  const name = el => el.tagName.toLowerCase() + '.' + String(el.className).trim().split(/\\s+/).join('.');
  const found = [];
  for (const selectors of groups) {
    const boxes = [...document.querySelectorAll(selectors.join(','))].filter(visible)
      .filter(el => getComputedStyle(el).position !== 'absolute')
      .map(el => [el, el.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, r] = boxes[i], [b, s] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      if (w > 1 && h > 1) found.push([name(a), name(b), Math.round(w), Math.round(h)]);
    }
  }
  return found.slice(0, 10);
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_nothing_overflows_or_overlaps(site, chromium, kind, width):
    errors: list[str] = []
    with opened(chromium, site + PAGES[kind], width, errors=errors) as page:
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), \
            f"{kind} scrolls sideways at {width} px: {page.evaluate('document.documentElement.scrollWidth')} px"
        assert page.evaluate(OUTSIDE) == [], f"{kind} at {width} px: elements outside the viewport"
        assert page.evaluate(OVERLAPS) == [], f"{kind} at {width} px: overlapping blocks"
        assert page.locator("h1").first.is_visible()
        assert errors == []


def _share_boxes(page) -> list[dict]:
    return page.evaluate("""[...document.querySelectorAll('.jdih-share__list > li > *')].map(el => {
      const r = el.getBoundingClientRect(), icon = el.querySelector('.jdih-icon svg');
      return {top: Math.round(r.top), left: r.left, right: r.right, width: r.width, height: r.height,
              icon: !!icon && icon.getBoundingClientRect().width > 0, name: el.getAttribute('aria-label') || el.textContent.trim()};
    })""")


@pytest.mark.parametrize("width", WIDTHS)
def test_share_buttons_are_one_wrapping_row_of_icons_with_names(site, chromium, width):
    with opened(chromium, site + POST, width) as page:
        boxes = _share_boxes(page)
        assert len(boxes) == 7  # five platforms, copy link, print
        assert all(box["icon"] for box in boxes), "every button shows its icon (inline SVG)"
        assert all(box["width"] >= 44 and box["height"] >= 44 for box in boxes), boxes  # touch targets
        rows = sorted({box["top"] for box in boxes})
        if width >= 360:
            assert len(rows) <= 2, (width, rows)
        by_row = [sorted((b for b in boxes if b["top"] == top), key=lambda b: b["left"]) for top in rows]
        for row in by_row:  # side by side, never stacked or overlapping
            assert all(a["right"] <= b["left"] for a, b in zip(row[:-1], row[1:], strict=True)), row
        assert len(by_row[0]) >= 3
        # Accessible names (as a screen reader reads them), also when only the icon shows.
        share = page.locator(".jdih-share")
        for name in ["Bagikan ke WhatsApp (tab baru)", "Bagikan ke Facebook (tab baru)", "Bagikan ke X (tab baru)",
                     "Bagikan ke Telegram (tab baru)", "Kirim lewat surel (tab baru)"]:
            assert share.get_by_role("link", name=name, exact=True).count() == 1, name
        for name in ["Salin tautan", "Cetak"]:
            assert share.get_by_role("button", name=name, exact=True).count() == 1, name


@pytest.mark.parametrize(("width", "columns"), [(360, 1), (768, 2), (1024, 2), (1200, 3), (1280, 3)])
def test_cards_fill_a_grid(site, chromium, width, columns):
    with opened(chromium, site, width) as page:
        lefts = page.evaluate("[...document.querySelectorAll('.jdih-cards > li')].map(li => Math.round(li.getBoundingClientRect().left))")
        assert len(lefts) == 5
        assert len(set(lefts)) == columns, (width, lefts)


@pytest.mark.parametrize("width", WIDTHS)
def test_header_shows_the_title_whole_and_the_office_logo(site, chromium, width):
    with opened(chromium, site + POST, width) as page:
        title = page.evaluate("""(() => { const el = document.querySelector('.md-header__topic .md-ellipsis');
          return {text: el.textContent.trim(), cut: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1}; })()""")
        assert title == {"text": "JDIH Media Sosial KPU Kabupaten Kapuas", "cut": False}, width
        logo = page.locator(".md-header__button.md-logo img")
        assert logo.get_attribute("src").endswith("assets/logo-kantor.png")
        assert logo.get_attribute("alt") == "Logo KPU Kabupaten Kapuas"
        if width >= 360:
            assert logo.is_visible() and page.evaluate("document.querySelector('.md-header__button.md-logo img').naturalWidth") > 0


def test_footer_is_the_office_in_indonesian(site, chromium):
    with opened(chromium, site + POST, 1280) as page:
        footer = page.locator("footer.md-footer").inner_text()
        for text in ["Sekretariat KPU Kabupaten Kapuas", "Subbagian Hukum dan SDM",
                     "Jl. Tambun Bungai, Kuala Kapuas, Kalimantan Tengah", "Kalimantan Tengah", "(0513) 21055",
                     "jdih@kapuas.kpu.go.id", "Kontak", "Media sosial resmi", "Instagram"]:
            assert text in footer, text
        for english in ["Made with", "Material for MkDocs", "Not found"]:
            assert english not in page.content()
        links = page.eval_on_selector_all("footer a", "els => els.map(a => a.getAttribute('href'))")
        assert "tel:051321055" in links and "mailto:jdih@kapuas.kpu.go.id" in links
        assert "https://www.instagram.com/kpukabkapuas/" in links


def test_404_page_is_indonesian_with_a_way_back(site, chromium):
    errors: list[str] = []
    with opened(chromium, site + "posts/2026/tidak-ada/", 360, errors=errors) as page:
        assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
        assert page.title().startswith("Halaman tidak ditemukan")
        html = page.content()
        assert "Not found" not in html and "Made with" not in html
        home = page.locator(".jdih-notfound a", has_text="Beranda")
        search = page.locator(".jdih-notfound a", has_text="Cari")
        assert home.get_attribute("href") == "/" + PREFIX and search.get_attribute("href") == f"/{PREFIX}cari/"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(122, 12, 12)"
        search.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"/{PREFIX}cari/") and page.locator("#jdih-search-input").is_visible()
        assert errors == []


def test_about_page_lists_the_office_contacts_and_accounts(site, chromium):
    with opened(chromium, site + "tentang/", 1280) as page:
        about = page.locator(".jdih-about").all_inner_texts()
        assert "Kontak kantor" in about[0] and "Telepon" in about[0] and "(0513) 21055" in about[0]
        assert "Media sosial resmi" in about[1] and "YouTube" in about[1]
        hrefs = page.eval_on_selector_all(".jdih-social a", "els => els.map(a => a.href)")
        assert hrefs == ["https://www.instagram.com/kpukabkapuas/", "https://www.facebook.com/kpukabkapuas/",
                         "https://www.youtube.com/@kpukabkapuas"]


# -- colour schemes and axe ---------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_axe_violations_in_either_scheme(site, chromium, kind, scheme):
    from axe_playwright_python.sync_playwright import Axe

    for width in (360, 1280):
        with opened(chromium, site + PAGES[kind], width, scheme) as page:
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected  # the device's setting, followed
            results = Axe().run(page)
            violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                          for v in results.response["violations"]]
            assert violations == [], (kind, scheme, width)


# -- print ------------------------------------------------------------------------------------

def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox (width, height) in points, from the PDF's page objects."""
    boxes = re.findall(rb"/Type\s*/Page(?![a-zA-Z]).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]",
                       pdf, re.S)
    count = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    sizes = [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]
    assert len(sizes) == count, "one MediaBox per page"
    return sizes


def _printed(page) -> bytes:
    return page.pdf(prefer_css_page_size=True, print_background=True)


def test_a_post_prints_on_one_portrait_a4_page_as_the_archive_copy(site, chromium):
    with opened(chromium, site + POST, 1280) as page:
        page.clock.set_fixed_time(dt.datetime(2027, 1, 15, 3, 30, tzinfo=dt.UTC))
        pages = _pdf_pages(_printed(page))
        assert len(pages) == 1
        assert all(round(w) == A4[0] and round(h) == A4[1] for w, h in pages), pages
        # The print time is the time of printing, in the office's zone (10.30 WIB), not the publish time.
        assert page.locator(".jdih-printed").inner_text().strip() == "Dicetak 15 Januari 2027 pukul 10.30 WIB."
        page.emulate_media(media="print")
        letterhead = page.locator(".jdih-letterhead")
        assert letterhead.is_visible()
        text = letterhead.inner_text()
        assert "SEKRETARIAT KPU KABUPATEN KAPUAS" in text  # uppercase on paper
        assert "Jl. Tambun Bungai, Kuala Kapuas, Kalimantan Tengah" in text and "(0513) 21055" in text
        assert page.evaluate("document.querySelector('.jdih-letterhead img').naturalWidth") > 0
        assert page.locator("aside.jdih-qr svg").is_visible()
        assert page.locator(".jdih-qr__url").inner_text() == SITE_URL + POST
        assert page.locator(".jdih-provenance").is_visible()
        assert "Disetujui oleh" in page.locator(".jdih-provenance").inner_text()
        for hidden in (".jdih-share", ".md-header", ".md-sidebar--primary", ".md-footer"):
            assert not page.locator(hidden).is_visible(), hidden


def test_every_post_prints_on_at_most_two_portrait_pages(site, chromium):
    with opened(chromium, site, 1280) as home:
        posts = home.eval_on_selector_all(".jdih-card__title a", "els => els.map(a => a.href)")
    assert len(posts) == 5
    for url in posts:
        with opened(chromium, url, 1280) as page:
            pages = _pdf_pages(_printed(page))
            assert 1 <= len(pages) <= 2, (url, len(pages))
            assert all(round(w) == A4[0] and round(h) == A4[1] for w, h in pages), (url, pages)


def test_the_register_prints_every_column_on_landscape_a4(site, chromium):
    with opened(chromium, site + "agenda/", 1280) as page:
        pages = _pdf_pages(_printed(page))
        assert pages and all(round(w) == A4[1] and round(h) == A4[0] for w, h in pages), pages
        # At the landscape page's printable width (297 mm less 2 × 10 mm margins), every column shows.
        page.set_viewport_size({"width": round((297 - 20) / 25.4 * 96), "height": 800})
        page.emulate_media(media="print")
        headers = page.evaluate("""[...document.querySelectorAll('.jdih-register th')].map(th => {
          const r = th.getBoundingClientRect();
          return [th.textContent.trim(), th.checkVisibility() && r.left >= 0 && r.right <= document.documentElement.clientWidth + 1];
        })""")
        assert [name for name, _ in headers] == REGISTER_HEADERS
        assert all(shown for _, shown in headers), headers
        assert page.locator(".jdih-listing--register .jdih-letterhead").is_visible()


def test_other_pages_print_portrait(site, chromium):
    with opened(chromium, site + "tentang/", 1280) as page:
        pages = _pdf_pages(_printed(page))
        assert len(pages) == 1 and round(pages[0][0]) == A4[0], pages
