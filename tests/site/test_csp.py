"""The Content-Security-Policy meta: on every built page, hashing exactly the theme's inline
scripts, and enforced by a real Chromium (planted handlers do not run; the site's features do)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jdih.site import csp
from tests.browser import browser, serve, wait_until
from tests.sitebuild import build, copy_project

POST = "posts/2026/uu-7-2017-pemilihan-umum/"
SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"
OTHER_DIRECTIVES = ["object-src 'none'", "base-uri 'self'", "form-action 'self'"]
JS_TYPES = {None, "", "text/javascript", "application/javascript", "module"}

# Records violations before any of the page's own scripts run.
VIOLATIONS_SCRIPT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push({directive: e.effectiveDirective, blocked: e.blockedURI, line: e.lineNumber});
});
"""
# window.print() would open a dialog; counting the calls shows the button's handler ran.
PRINT_SCRIPT = "window.__printed = 0; window.print = function () { window.__printed += 1; };"


class Head(HTMLParser):
    """Start tags in order, and every <script> with its attributes and exact text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._text = dict(attrs), []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None



def parse(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def csp_of(head: Head) -> str:
    values = [a["content"] for t, a in head.tags
              if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(values) == 1, values
    return values[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    return project


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "site"


# -- the built HTML ----------------------------------------------------------------------
def test_every_page_has_the_policy_first_in_head_with_a_hash_for_each_inline_script(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20 and site / "404.html" in pages and site / POST / "index.html" in pages
    seen_hashes = set()
    for path in pages:
        head = parse(path)
        names = [t for t, _ in head.tags]
        assert names[:3] == ["html", "head", "meta"], path
        assert "charset" in head.tags[2][1], path
        assert head.tags[3][0] == "meta" and head.tags[3][1].get("http-equiv") == "Content-Security-Policy", path
        directives = [d.strip() for d in csp_of(head).split(";")]
        script_src = directives[0].split()
        assert script_src[:2] == ["script-src", "'self'"], path
        assert directives[1:] == OTHER_DIRECTIVES, path
        inline = [text for attrs, text in head.scripts
                  if "src" not in attrs and attrs.get("type") in JS_TYPES]
        data = [attrs.get("type") for attrs, text in head.scripts
                if "src" not in attrs and attrs.get("type") not in JS_TYPES]
        assert inline, path  # Material's own inline scripts are on every page
        assert set(data) <= {"application/json"}, path
        # Exactly the page's inline scripts: nothing missing, nothing allowed in addition.
        assert sorted(script_src[2:]) == sorted({sha256(text) for text in inline}), path
        seen_hashes.update(script_src[2:])
    # Material writes base_url into one script: a handful of variants, one per folder depth.
    assert 2 <= len(seen_hashes) <= 12


def test_no_inline_event_handlers_in_the_built_pages_or_our_templates(site):
    from tests.sitebuild import ROOT

    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
    for path in sorted(site.rglob("*.html")):
        assert not handler.search(path.read_text(encoding="utf-8")), path
    for path in sorted((ROOT / "site_config" / "overrides").rglob("*.html")):
        assert not handler.search(path.read_text(encoding="utf-8")), path
    javascript_url = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
    for path in sorted(site.rglob("*.html")):
        assert not javascript_url.search(path.read_text(encoding="utf-8")), path


def test_the_site_forms_post_to_the_site_itself(site):
    for path in sorted(site.rglob("*.html")):
        for tag, attrs in parse(path).tags:
            if tag == "form":
                action = attrs.get("action") or ""
                assert action == "#" or not re.match(r"[a-z][a-z0-9+.-]*:|//", action), (path, action)


# -- the module on its own ----------------------------------------------------------------
def test_data_scripts_external_scripts_and_content_scripts_get_no_hash():
    page = ('<!doctype html><html><head>\n<meta charset="utf-8">\n<title>t</title>'
            '<script>theme()</script><script type="application/json">{"a": 1}</script>'
            '<script type="application/ld+json">{}</script><script src="x.js"></script>'
            '<script type="module">mod()</script><script data-x="a>b">odd()</script>'
            '</head><body><div>BODY<script>planted()</script></div><script>theme()</script></body></html>')
    out = csp.add_policy(page, content="<div>BODY<script>planted()</script></div>")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', out).group(1)
    hashes = policy.split(";")[0].split()[2:]
    assert hashes == [sha256("theme()"), sha256("mod()"), sha256("odd()")]
    assert out.index("Content-Security-Policy") < out.index("<title>")
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy")


def test_the_meta_goes_before_the_first_script_even_without_a_charset():
    out = csp.add_policy("<html><head><script>a()</script><meta charset=utf-8></head></html>")
    assert out.index("Content-Security-Policy") < out.index("<script>")


def test_hashes_are_cached_by_script_text():
    csp.script_hash.cache_clear()
    page = '<html><head><meta charset="utf-8"><script>same()</script></head></html>'
    for _ in range(100):
        csp.add_policy(page)
    info = csp.script_hash.cache_info()
    assert (info.misses, info.hits) == (1, 99)


# -- in Chromium ----------------------------------------------------------------------------
def serve_as_published(site: Path, root: Path):
    """Serve the site under its GitHub Pages path, where 404.html's absolute URLs point."""
    prefix = SITE_URL.split("/", 3)[3]
    (root / prefix).parent.mkdir(parents=True, exist_ok=True)
    (root / prefix).symlink_to(site, target_is_directory=True)
    return serve(root), prefix


@pytest.fixture(scope="module")
def served(site, tmp_path_factory):
    server, prefix = serve_as_published(site, tmp_path_factory.mktemp("root"))
    with server as base:
        yield base + prefix


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


def open_page(chromium, url, console, dialogs=None):
    origin = "/".join(url.split("/", 3)[:3])
    context = chromium.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    context.add_init_script(VIOLATIONS_SCRIPT)
    context.add_init_script(PRINT_SCRIPT)
    page = context.new_page()
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    if dialogs is not None:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    return page


@pytest.fixture(scope="module")
def planted(site, tmp_path_factory):
    """A copy of the built site, to plant pages in without touching the one checked above."""
    copy = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(site, copy)
    server, prefix = serve_as_published(copy, tmp_path_factory.mktemp("root"))
    with server as base:
        yield copy, base + prefix


def plant(site: Path, name: str, with_policy: bool) -> str:
    """A copy of the built post page, beside it, with an inline handler and script planted."""
    html = (site / POST / "index.html").read_text(encoding="utf-8")
    if not with_policy:
        html, count = re.subn(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', "", html)
        assert count == 1
    bait = '<img src="x-missing.png" onerror="alert(1)" alt=""><script>alert(2)</script>'
    assert html.count('<div class="jdih-post__body"') == 1
    html = html.replace('<div class="jdih-post__body"', bait + '<div class="jdih-post__body"')
    (site / POST / name).write_text(html, encoding="utf-8")
    return POST + name


@pytest.mark.browser
def test_the_policy_blocks_a_handler_and_a_script_planted_in_a_built_page(planted, chromium):
    site, served = planted
    console, dialogs = [], []
    page = open_page(chromium, served + plant(site, "planted.html", with_policy=True), console, dialogs)
    wait_until(page, "window.__csp.length >= 2")
    page.wait_for_timeout(300)
    violations = page.evaluate("window.__csp")
    assert dialogs == []
    assert {v["directive"] for v in violations} == {"script-src-attr", "script-src-elem"}
    assert all(v["blocked"] == "inline" for v in violations)
    assert any("Content Security Policy" in line for line in console)
    # The theme's own scripts still ran: the copy-link button works on the planted page.
    page.locator("button.jdih-copy").click()
    wait_until(page, "document.querySelector('.jdih-copy__status').textContent.length > 0")
    page.context.close()


@pytest.mark.browser
def test_without_the_policy_the_planted_handler_and_script_do_run(planted, chromium):
    """The converse: the same page without the meta runs both, so the test above can fail."""
    site, served = planted
    console, dialogs = [], []
    page = open_page(chromium, served + plant(site, "planted-no-csp.html", with_policy=False),
                     console, dialogs)
    page.wait_for_timeout(500)
    assert sorted(dialogs) == ["1", "2"]
    assert page.evaluate("window.__csp") == []
    page.context.close()


def no_violations(page, console):
    assert page.evaluate("window.__csp") == []
    assert [line for line in console if "Content Security Policy" in line or line.startswith("error")
            or line.startswith("pageerror")] == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", POST, "cari/", "kategori/", "kategori/peraturan/", "tagar/",
                                  "arsip/", "tentang/", "sop/", "agenda/", "panduan/", "404.html"])
def test_the_theme_scripts_run_without_violations(served, chromium, path):
    console = []
    page = open_page(chromium, served + path, console)
    page.wait_for_timeout(300)
    no_violations(page, console)
    # Material's bundle ran (it swaps the no-js class on <html>).
    assert "no-js" not in (page.get_attribute("html", "class") or "")
    page.context.close()


@pytest.mark.browser
def test_search_works_with_the_policy(served, chromium):
    console = []
    page = open_page(chromium, served + "cari/", console)
    page.fill("#jdih-search-input", "pemilihan umum")
    page.press("#jdih-search-input", "Enter")
    wait_until(page, "document.querySelectorAll('.jdih-search__results li').length > 0")
    assert "Mengenal UU Nomor 7 Tahun 2017" in page.locator(".jdih-search__results").inner_text()
    page.context.close()
    # The query in the URL (a link to cari/?q=…) runs the search on load.
    page = open_page(chromium, served + "cari/?q=pemilihan", console)
    wait_until(page, "document.querySelectorAll('.jdih-search__results li').length > 0")
    no_violations(page, console)
    page.context.close()


@pytest.mark.browser
def test_copy_link_and_print_work_with_the_policy(served, chromium):
    console = []
    page = open_page(chromium, served + POST, console)
    page.locator("button.jdih-copy").click()
    wait_until(page, "document.querySelector('.jdih-copy__status').textContent.length > 0")
    assert page.locator(".jdih-copy__status").text_content() == f"Tautan disalin: {SITE_URL}{POST}"
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + POST
    page.locator("button.jdih-print").click()
    wait_until(page, "window.__printed === 1")
    page.emulate_media(media="print")
    assert page.locator(".jdih-qr svg").is_visible()
    assert not page.locator(".jdih-share").is_visible()
    no_violations(page, console)
    page.context.close()


@pytest.mark.browser
def test_palette_toggle_if_the_site_has_one(served, chromium):
    console = []
    page = open_page(chromium, served, console)
    toggles = page.locator("form[data-md-component=palette] label:visible")
    if toggles.count() == 0:
        assert page.locator("form[data-md-component=palette] input").count() <= 1  # one palette, no toggle
    else:
        # Automatic (the device's setting, light here), then light, then dark: the scheme changes
        # within as many clicks as there are palettes.
        before = page.get_attribute("body", "data-md-color-scheme")
        changed = f"document.body.getAttribute('data-md-color-scheme') !== {before!r}"
        for _ in range(page.locator("form[data-md-component=palette] input").count()):
            page.locator("form[data-md-component=palette] label:visible").first.click()
            page.wait_for_timeout(100)
            if page.evaluate(changed):
                break
        wait_until(page, changed)
    no_violations(page, console)
    page.context.close()
