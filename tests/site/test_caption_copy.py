"""The post page's caption (issue 12): the caption with the post's and the office's hashtags, as
`platform_caption` composes Instagram's, and a "Salin takarir" button that copies exactly that
text — in a real `mkdocs build`, then in Debian's Chromium at a phone's and a desktop's width."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from jdih.content.post import parse_meta, read_source
from jdih.content.settings import load_settings
from jdih.content.social_text import platform_caption
from tests.browser import browser, serve, wait_until
from tests.sitebuild import Elements, build, copy_project

SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"
SAMPLE = "posts/2026/uu-7-2017-pemilihan-umum/"
# A post of its own with an Instagram caption that is not `caption`, over several lines, with
# the characters an HTML attribute must carry through (quotes, <, &) and an emoji.
OWN = "posts/2026/takarir-khusus/"
OWN_POST = """\
---
title: Takarir Khusus Instagram
date: 2026-11-20 10:00
description: Konten uji takarir khusus per platform.
categories: [Informasi Hukum]
tags: [UUPemilu, Uji]
image:
  src: gambar.png
  alt: Ilustrasi sampul dokumen untuk uji takarir
caption: Takarir utama yang tidak tampil di halaman.
captions:
  instagram: |
    Baris pertama "dikutip" & <b>bukan tebal</b> 👋
    Baris kedua #UUPemilu

    Baris keempat setelah baris kosong.
  x: Takarir X pendek.
---

Isi konten uji.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    folder = project / "content" / OWN
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(OWN_POST, encoding="utf-8")
    shutil.copy2(project / "content" / SAMPLE / "gambar.png", folder / "gambar.png")
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    return project


def expected_caption(project: Path, post: str) -> str:
    settings = load_settings(project / "site_config" / "jdih.yml")
    meta = parse_meta(read_source(project / "content" / post / "index.md"), settings)
    return platform_caption(meta.platform_caption_text("instagram"), "instagram", meta.tags,
                            list(settings.share.hashtags), SITE_URL + post)


class CaptionParts(Elements):
    """The copy button's attributes and the caption paragraph's text (a <br> is the line break)."""

    def __init__(self) -> None:
        super().__init__()
        self.button: dict | None = None
        self.paragraph: list[str] | None = None
        self._in_paragraph = False

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        classes = (dict(attrs).get("class") or "").split()
        if tag == "button" and "jdih-caption__copy" in classes:
            self.button = dict(attrs)
        if tag == "p" and "jdih-caption__text" in classes:
            self.paragraph, self._in_paragraph = [], True

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag == "p":
            self._in_paragraph = False

    def handle_data(self, data):
        super().handle_data(data)
        if self._in_paragraph:
            self.paragraph.append(data)


def caption_parts(project: Path, post: str) -> CaptionParts:
    parser = CaptionParts()
    parser.feed((project / "site" / post / "index.html").read_text(encoding="utf-8"))
    return parser


# -- the built page --------------------------------------------------------------------------


@pytest.mark.parametrize("post", [SAMPLE, OWN])
def test_the_page_shows_and_copies_instagrams_whole_caption(project, post):
    expected = expected_caption(project, post)
    parts = caption_parts(project, post)
    assert parts.button is not None and parts.button["data-caption"] == expected
    assert "hidden" in parts.button and parts.button["type"] == "button"  # shown by jdih.js only
    assert not any(name.startswith("on") for name in parts.button)  # no inline handler (CSP)
    # The paragraph shows the same text (each line break written "<br>\n", a hashtag with a page a link).
    assert "".join(parts.paragraph) == expected


def test_the_office_hashtags_are_on_the_page_now(project):
    text = caption_parts(project, SAMPLE).button["data-caption"]
    # The sample's caption already carries #JDIHKPU and the post's tags; the office's #KPUKapuas is added.
    assert text.endswith("#JDIHKPU #UUPemilu #DasarHukum #KPUKapuas")
    assert SITE_URL not in text  # Instagram's caption has no link (it would not be one)


def test_an_instagram_override_replaces_the_caption_on_the_page(project):
    parts = caption_parts(project, OWN)
    assert parts.button["data-caption"] == ('Baris pertama "dikutip" & <b>bukan tebal</b> 👋\nBaris kedua #UUPemilu\n\n'
                                            "Baris keempat setelah baris kosong. #Uji #JDIHKPU #KPUKapuas")
    html = (project / "site" / OWN / "index.html").read_text(encoding="utf-8")
    assert "Takarir utama yang tidak tampil" not in html.split('class="jdih-caption"', 1)[1].split("</section>", 1)[0]
    assert "<b>bukan tebal</b>" not in html  # text, escaped, in the attribute and the paragraph alike


def test_the_x_share_link_carries_the_x_caption(project):
    from urllib.parse import parse_qs, urlsplit

    elements = Elements()
    elements.feed((project / "site" / OWN / "index.html").read_text(encoding="utf-8"))
    href = next(a["href"] for t, a in elements.elements if t == "a" and a.get("data-platform") == "x")
    query = parse_qs(urlsplit(href).query)
    assert query["text"] == ["Takarir X pendek. #UUPemilu #Uji #JDIHKPU #KPUKapuas"] and query["url"] == [SITE_URL + OWN]


# -- in the browser --------------------------------------------------------------------------

browser_test = pytest.mark.browser
SHOTS = os.environ.get("JDIH_CAPTION_SHOTS")  # a folder to keep the screenshots in, to look at them


@pytest.fixture(scope="module")
def site(project):
    with serve(project / "site") as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@contextlib.contextmanager
def opened(chromium, url: str, width: int = 360, clipboard: bool = True, javascript: bool = True,
           init_script: str | None = None):
    context = chromium.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1,
                                   java_script_enabled=javascript)
    if clipboard:
        origin = "/".join(url.split("/", 3)[:3])
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    if init_script:  # this page only: another page of the context reads the clipboard
        page.add_init_script(init_script)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(url, wait_until="load")
        yield page, errors
    finally:
        context.close()


def read_clipboard(page) -> str:
    """The clipboard as another page of the same context reads it (the tested page may lack the API)."""
    reader = page.context.new_page()
    reader.goto(page.url, wait_until="load")
    try:
        return reader.evaluate("navigator.clipboard.readText()")
    finally:
        reader.close()


def boxes(page) -> dict:
    return page.evaluate("""() => {
      const box = s => { const r = document.querySelector(s).getBoundingClientRect();
                         return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
      return {button: box('.jdih-caption__copy'), heading: box('#takarir'), text: box('.jdih-caption__text'),
              section: box('.jdih-caption'), width: document.documentElement.clientWidth,
              scroll: document.documentElement.scrollWidth};
    }""")


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@browser_test
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("post", [SAMPLE, OWN])
def test_salin_takarir_copies_the_caption_and_says_so(project, site, chromium, tmp_path, width, post):
    expected = expected_caption(project, post)
    with opened(chromium, site + post, width) as (page, errors):
        button = page.locator(".jdih-caption__copy")
        assert button.is_visible() and button.inner_text().strip() == "Salin takarir"
        page.locator(".jdih-caption").scroll_into_view_if_needed()
        before = page.locator(".jdih-caption").screenshot()
        button.click()
        wait_until(page, "document.querySelector('.jdih-caption__status').textContent.length > 0")
        status = page.locator(".jdih-caption__status")
        assert status.text_content() == "Takarir disalin" and status.is_visible()
        assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
        assert page.evaluate("navigator.clipboard.readText()") == expected
        assert page.locator(".jdih-copy__status").text_content() == ""  # the link's status is another one
        geometry = boxes(page)
        after = page.locator(".jdih-caption").screenshot()
        assert errors == []  # no CSP refusal, no script error
    assert geometry["scroll"] <= geometry["width"], f"horizontal scrolling at {width} px: {geometry}"
    for part in ("heading", "text"):
        assert not overlap(geometry["button"], geometry[part]), (part, geometry)
    assert geometry["section"]["left"] >= 0 and geometry["section"]["right"] <= geometry["width"]
    assert geometry["button"]["bottom"] - geometry["button"]["top"] >= 44  # a finger's target
    if width == 1280:  # beside the heading on a wide screen
        assert geometry["button"]["top"] < geometry["heading"]["bottom"]
    for name, shot in (("sebelum", before), ("sesudah", after)):
        folder = Path(SHOTS) if SHOTS else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"takarir-{post.rstrip('/').rsplit('/', 1)[1]}-{width}-{name}.png").write_bytes(shot)


@browser_test
def test_old_browsers_copy_through_a_textarea(project, site, chromium):
    """No Clipboard API (an old phone's browser): the selected textarea and execCommand('copy')."""
    expected = expected_caption(project, OWN)
    with opened(chromium, site + OWN, init_script="Object.defineProperty(Navigator.prototype, 'clipboard', "
                                                 "{get: () => undefined, configurable: true});") as (page, errors):
        assert page.evaluate("navigator.clipboard") is None
        page.locator(".jdih-caption__copy").click()
        wait_until(page, "document.querySelector('.jdih-caption__status').textContent.length > 0")
        assert page.locator(".jdih-caption__status").text_content() == "Takarir disalin"
        assert page.evaluate("document.querySelectorAll('textarea').length") == 0  # removed again
        assert page.evaluate("document.activeElement.className") == "jdih-caption__copy"  # focus kept
        assert read_clipboard(page) == expected
        assert errors == []


@browser_test
def test_when_nothing_can_copy_the_caption_is_selected_for_the_visitor(project, site, chromium):
    script = ("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true});"
              "Document.prototype.execCommand = function () { return false; };")
    with opened(chromium, site + SAMPLE, init_script=script) as (page, errors):
        page.locator(".jdih-caption__copy").click()
        wait_until(page, "document.querySelector('.jdih-caption__status').textContent.length > 0")
        assert page.locator(".jdih-caption__status").text_content().startswith(
            "Takarir tidak dapat disalin otomatis. Teksnya sudah dipilih")
        selected = page.evaluate("window.getSelection().toString()")
        assert selected.split()[:3] == ["Tahukah", "Anda?", "Undang-Undang"] and selected.rstrip().endswith("#KPUKapuas")
        assert errors == []


@browser_test
def test_without_javascript_there_is_no_button(site, chromium):
    with opened(chromium, site + SAMPLE, clipboard=False, javascript=False) as (page, _):
        assert page.locator(".jdih-caption__copy").count() == 1
        assert not page.locator(".jdih-caption__copy").is_visible()
        assert page.locator(".jdih-caption__text").is_visible()


@browser_test
def test_the_printed_page_has_the_caption_but_no_button(site, chromium):
    with opened(chromium, site + SAMPLE) as (page, _):
        assert page.locator(".jdih-caption__copy").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".jdih-caption__copy").is_visible()
        assert page.locator(".jdih-caption__text").is_visible()
