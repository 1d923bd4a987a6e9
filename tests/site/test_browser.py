"""The built sample site in a real browser at a phone's width: renders, share, copy link, axe."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import browser, serve, wait_until
from tests.sitebuild import ROOT, build, copy_project

pytestmark = pytest.mark.browser
POST = "posts/2026/uu-7-2017-pemilihan-umum/"
SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    with serve(project / "site") as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


def open_page(chromium, url, errors, requests):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.split("/", 3)[0] + "//" + url.split("/", 3)[2])
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize("path", ["", POST, "cari/", "kategori/peraturan/"])
def test_page_renders_at_360px_without_errors_or_outside_requests(site, chromium, path):
    errors, requests = [], []
    page = open_page(chromium, site + path, errors, requests)
    page.wait_for_timeout(300)
    assert errors == []
    assert all(url.startswith(site) for url in requests), [u for u in requests if not u.startswith(site)]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"horizontal scrolling at 360 px: {width}px"
    assert page.locator("h1").first.is_visible()
    page.context.close()


def test_share_links_and_copy_link_work(site, chromium):
    errors, requests = [], []
    page = open_page(chromium, site + POST, errors, requests)
    whatsapp = page.locator("a[data-platform=whatsapp]")
    assert whatsapp.is_visible()
    text = parse_qs(urlsplit(whatsapp.get_attribute("href")).query)["text"][0]
    assert text.endswith(SITE_URL + POST)
    page.locator("button.jdih-copy").click()
    status = page.locator(".jdih-copy__status")
    status.wait_for(state="visible")
    wait_until(page, "document.querySelector('.jdih-copy__status').textContent.length > 0")
    assert status.text_content() == f"Tautan disalin: {SITE_URL}{POST}"
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + POST
    assert errors == []
    page.context.close()


def test_search_loads_its_index_only_when_used(site, chromium):
    errors, requests = [], []
    page = open_page(chromium, site + "cari/", errors, requests)
    assert not any("indeks.json" in url for url in requests)
    page.fill("#jdih-search-input", "pemilihan umum")
    page.press("#jdih-search-input", "Enter")
    wait_until(page, "document.querySelectorAll('.jdih-search__results li').length > 0")
    assert any("indeks.json" in url for url in requests)
    assert "Mengenal UU Nomor 7 Tahun 2017" in page.locator(".jdih-search__results").inner_text()
    assert errors == []
    page.context.close()


def test_print_view_shows_the_qr_code_and_hides_share(site, chromium):
    errors, requests = [], []
    page = open_page(chromium, site + POST, errors, requests)
    page.emulate_media(media="print")
    assert page.locator(".jdih-qr svg").is_visible()
    assert not page.locator(".jdih-share").is_visible()
    page.context.close()


@pytest.mark.parametrize("path", ["", POST])
def test_no_axe_violations(site, chromium, path):
    from axe_playwright_python.sync_playwright import Axe

    errors, requests = [], []
    page = open_page(chromium, site + path, errors, requests)
    results = Axe().run(page)
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                  for v in results.response["violations"]]
    assert violations == []
    page.context.close()


def test_screenshot_for_the_readme(site, chromium, tmp_path):
    """Keeps the README's picture of the page current (written only when JDIH_SCREENSHOTS is set)."""
    import os

    errors, requests = [], []
    page = open_page(chromium, site + POST, errors, requests)
    shot = page.screenshot(full_page=False)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("JDIH_SCREENSHOTS"):
        target = ROOT / "content" / "assets" / "panduan"
        target.mkdir(parents=True, exist_ok=True)
        (target / "halaman-konten-360.png").write_bytes(shot)
        home = open_page(chromium, site, errors, requests)
        (target / "beranda-360.png").write_bytes(home.screenshot(full_page=False))
        home.context.close()
        desktop = chromium.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        wide = desktop.new_page()
        wide.goto(site, wait_until="load")
        (target / "beranda-1280.png").write_bytes(wide.screenshot(full_page=False))
        desktop.close()
    page.context.close()


# -- a draft's link and image titles stay text (Material's `content.tooltips` is off) --------------

TITLES_POST = """\
---
title: Konten uji judul tautan
date: 2026-11-20 10:00
description: Judul tautan dan gambar berisi HTML.
categories: [Peraturan]
tags: [Uji]
image:
  src: gambar.png
  alt: Gambar uji konten
caption: "Takarir uji #Uji"
---

[klik](https://example.org/ "&lt;img src=x onerror=alert(1)&gt;") dan
![foto](gambar.png "<img src=y onerror=alert(2)>") dan
<abbr title="&lt;img src=z onerror=alert(3)&gt;">KPU</abbr>
"""
TITLES = "posts/2026/judul-tautan/"
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


@pytest.fixture(scope="module")
def titles_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("titles"))
    folder = project / "content" / "posts" / "2026" / "judul-tautan"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(TITLES_POST, encoding="utf-8")
    (folder / "gambar.png").write_bytes(
        (project / "content/posts/2026/uu-7-2017-pemilihan-umum/gambar.png").read_bytes())
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    page = project / "site" / TITLES / "index.html"
    html = _CSP_META.sub("", page.read_text(encoding="utf-8"))  # the wall must hold without the CSP too
    page.write_text(html, encoding="utf-8")
    # A control copy with the feature forced back on in the theme's config, to show the test sees it.
    assert '"features": ["navigation.top"]' in html
    control = page.parent.parent / "judul-tautan-kontrol" / "index.html"  # same depth: same relative links
    control.parent.mkdir()
    control.write_text(html.replace('"features": ["navigation.top"]',
                                    '"features": ["navigation.top", "content.tooltips"]'), encoding="utf-8")
    with serve(project / "site") as base:
        yield base


def _hover_titles(chromium, url) -> tuple[list[str], int]:
    errors, requests, dialogs = [], [], []
    page = open_page(chromium, url, errors, requests)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.evaluate("() => { window.__fired = []; window.alert = m => { window.__fired.push(String(m)); }; }")
    for selector in ['.jdih-post__body a[href="https://example.org/"]', ".jdih-post__body img[title]",
                     ".jdih-post__body abbr"]:
        page.hover(selector)
        page.wait_for_timeout(400)  # Material shows a tooltip after a short delay
    page.mouse.move(0, 0)
    page.wait_for_timeout(200)
    fired = dialogs + page.evaluate("window.__fired")
    injected = page.evaluate("document.querySelectorAll('img[src=x], img[src=y], img[src=z]').length")
    page.context.close()
    return fired, injected


def test_link_and_image_titles_are_text_on_hover(titles_site, chromium):
    fired, injected = _hover_titles(chromium, titles_site + TITLES)
    assert fired == [] and injected == 0


def test_the_hover_test_sees_material_tooltips_when_they_are_on(titles_site, chromium):
    fired, injected = _hover_titles(chromium, titles_site + "posts/2026/judul-tautan-kontrol/")
    assert sorted(fired) == ["1", "2", "3"], "with content.tooltips each title is inserted as HTML and runs"
