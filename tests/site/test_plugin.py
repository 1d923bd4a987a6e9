"""The public page: a real `mkdocs build --strict` of the sample content, checked in its HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from tests.sitebuild import build, copy_project, meta, parse

SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"
POST = "posts/2026/uu-7-2017-pemilihan-umum/"
POST_TITLE = "Mengenal UU Nomor 7 Tahun 2017 tentang Pemilihan Umum"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    return project / "site"


def post_html(site: Path, url: str = POST):
    return parse(site / url / "index.html")


def test_every_sample_post_is_built_with_open_graph_meta(sample_site):
    posts = sorted(p.parent.relative_to(sample_site).as_posix() + "/"
                   for p in (sample_site / "posts").glob("*/*/index.html"))
    assert len(posts) == 5
    for url in posts:
        tags = meta(post_html(sample_site, url))
        assert tags["og:type"] == "article"
        assert tags["og:url"] == SITE_URL + url
        assert tags["og:title"] and tags["og:description"]
        assert tags["twitter:card"] == "summary_large_image"
        image_path = sample_site / tags["og:image"].removeprefix(SITE_URL)
        assert tags["og:image"].startswith(SITE_URL + "media/")
        with Image.open(image_path) as image:
            assert image.size == (1200, 630)
        assert image_path.stat().st_size < 300_000
        canonical = [a["href"] for t, a in post_html(sample_site, url).elements
                     if t == "link" and a.get("rel") == "canonical"]
        assert canonical == [SITE_URL + url]


def test_open_graph_comes_early_in_head(sample_site):
    html = (sample_site / POST / "index.html").read_text(encoding="utf-8")
    # WhatsApp's preview reads only the start of the page.
    assert html.index('property="og:image"') < 4096
    assert html.index('property="og:image"') < html.index("</head>")


def test_post_page_shows_indonesian_date_caption_documents_and_provenance(sample_site):
    html = (sample_site / POST / "index.html").read_text(encoding="utf-8")
    assert '<html lang="id"' in html
    assert "2 November 2026" in html
    assert "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum" in html
    assert '<a href="../../../tagar/uupemilu/">#UUPemilu</a>' in html
    # people instead of accounts: the sample settings name each role's person (`people`)
    assert ("Disetujui oleh</dt><dd>Dra. Siti Rahmawati, M.H., Kasubbag Hukum dan SDM, 2 November 2026 pukul "
            "08.40 WIB</dd>") in html
    assert "Disunting oleh</dt><dd>Budi Santoso, S.H., Staf Subbagian Hukum dan SDM</dd>" in html
    assert "Disusun oleh</dt><dd>Rina Oktaviani, S.Kom., Pengelola JDIH</dd>" in html
    assert "kasubbag-kapuas" not in html.split('class="jdih-provenance"', 1)[1].split("</section>", 1)[0]


def test_post_image_is_responsive_eager_webp_with_explicit_size(sample_site):
    elements = post_html(sample_site).elements
    figure_img = next(a for t, a in elements if t == "img" and a.get("itemprop") == "image")
    # The cover is the post's largest paint: never lazy, fetched first, its box reserved.
    assert "loading" not in figure_img and figure_img["fetchpriority"] == "high"
    assert int(figure_img["width"]) > 0 and int(figure_img["height"]) > 0
    assert figure_img["alt"].startswith("Ilustrasi sampul dokumen")
    source = next(a for t, a in elements if t == "source" and a.get("type") == "image/webp")
    candidates = [part.split() for part in source["srcset"].split(", ")]
    assert [int(w.rstrip("w")) for _, w in candidates] == [320, 640, 960, 1280]
    for url, width in candidates:
        file = (sample_site / POST / url).resolve()
        with Image.open(file) as image:
            assert image.format == "WEBP" and image.width == int(width.rstrip("w"))


def test_share_links_decode_to_the_post_text_and_url(sample_site):
    links = {a["data-platform"]: a["href"] for t, a in post_html(sample_site).elements
             if t == "a" and a.get("data-platform")}
    assert list(links) == ["whatsapp", "facebook", "x", "telegram", "email"]
    url = SITE_URL + POST

    whatsapp = parse_qs(urlsplit(links["whatsapp"]).query)["text"][0]
    assert whatsapp.startswith(f"*{POST_TITLE}*\n") and whatsapp.endswith(url)
    assert urlsplit(links["whatsapp"]).netloc == "wa.me"
    assert parse_qs(urlsplit(links["facebook"]).query)["u"] == [url]
    x = parse_qs(urlsplit(links["x"]).query)
    assert x["url"] == [url] and "#UUPemilu" in x["text"][0]
    telegram = parse_qs(urlsplit(links["telegram"]).query)
    assert telegram["url"] == [url] and telegram["text"][0].startswith(POST_TITLE)
    email = parse_qs(urlsplit(links["email"]).query)
    assert email["subject"] == [f"[JDIH KPU Kabupaten Kapuas] {POST_TITLE}"]
    assert url in email["body"][0]
    # Spaces are %20 (not '+', which mail clients show literally) and nothing is left raw.
    assert "+" not in links["email"] and " " not in "".join(links.values())

    copy = next(a for t, a in post_html(sample_site).elements if t == "button" and "jdih-copy" in a.get("class", ""))
    assert copy["data-url"] == url


def test_print_view_has_a_qr_code_to_the_post(sample_site):
    html = (sample_site / POST / "index.html").read_text(encoding="utf-8")
    block = html[html.index('class="jdih-print-only jdih-qr"'):]
    assert "<svg" in block[:5000] and f"Kode QR menuju {SITE_URL}{POST}" in block


def test_home_lists_newest_first_with_cards(sample_site):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="jdih-card__title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles[0].startswith("Keputusan KPU Nomor 10/HK.04/08/2022")
    assert titles[-1] == POST_TITLE and len(titles) == 5
    assert "24 November 2026" in html


def test_category_tag_and_archive_pages(sample_site):
    category = (sample_site / "kategori" / "peraturan" / "index.html").read_text(encoding="utf-8")
    assert "4 konten." in category and POST_TITLE in category
    tag = (sample_site / "tagar" / "dasarhukum" / "index.html").read_text(encoding="utf-8")
    assert "5 konten." in tag
    archive = (sample_site / "arsip" / "index.html").read_text(encoding="utf-8")
    assert "November 2026" in archive and "(5)" in archive
    assert (sample_site / "arsip" / "2026" / "11" / "index.html").exists()


def test_feeds_and_sitemap(sample_site):
    feed = json.loads((sample_site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["items"][-1]["url"] == SITE_URL + POST
    assert feed["items"][-1]["date_published"] == "2026-11-02T09:00:00+07:00"
    rss = ET.parse(sample_site / "feed.xml").getroot()
    links = [item.findtext("link") for item in rss.iter("item")]
    assert SITE_URL + POST in links and len(links) == 5
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}{POST}</loc>" in sitemap


def test_search_index_is_small_and_not_loaded_by_pages(sample_site):
    rows = json.loads((sample_site / "cari" / "indeks.json").read_text(encoding="utf-8"))
    assert rows[-1][:2] == [POST_TITLE, POST]
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "indeks.json" not in home and "search_index.json" not in home


def test_no_request_to_third_party_hosts(sample_site):
    for page in [sample_site / "index.html", sample_site / POST / "index.html"]:
        for tag, attrs in parse(page).elements:
            for attribute in ("src", "srcset"):
                value = attrs.get(attribute) or ""
                assert "://" not in value, (page, tag, value)
            if tag == "link" and attrs.get("rel") in ("stylesheet", "preconnect", "preload", "icon"):
                assert "://" not in attrs["href"], attrs
    assert "fonts.googleapis" not in (sample_site / "index.html").read_text(encoding="utf-8")


HOSTILE = """\
---
title: "Judul <script>alert('judul')</script>"
date: 2026-11-25 10:00
description: "Deskripsi \\"><img src=x onerror=alert(1)>"
categories: [Peraturan]
tags: [Uji]
image:
  src: gambar.png
  alt: "Gambar\\" onload=\\"alert(2)"
caption: "Takarir <iframe src=https://evil.example></iframe> #Uji"
---

Paragraf biasa dengan [tautan jahat](javascript:alert(3)) dan [tautan baik](https://kpu.go.id/).

<script>alert(4)</script>
<img src="x" onerror="alert(5)">
<a href="JaVaScRiPt:alert(6)">klik</a>
<iframe src="https://evil.example/"></iframe>
<svg onload="alert(7)"><circle r="1"/></svg>
<div style="color:red" onclick="alert(8)">teks</div>
"""


def test_nothing_executable_from_a_hostile_post_reaches_the_page(tmp_path):
    project = copy_project(tmp_path / "p")
    folder = project / "content" / "posts" / "2026" / "jahat"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(HOSTILE, encoding="utf-8")
    (folder / "gambar.png").write_bytes(
        (project / "content/posts/2026/uu-7-2017-pemilihan-umum/gambar.png").read_bytes())
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"
    # The theme's own scripts, as on a clean page of the same build at the same depth.
    theme_scripts = set(parse(site / POST / "index.html").scripts) | set(parse(site / "index.html").scripts) \
        | set(parse(site / "kategori/peraturan/index.html").scripts)
    for page in [site / "posts/2026/jahat/index.html", site / "index.html", site / "tagar/uji/index.html"]:
        parsed = parse(page)
        assert set(parsed.scripts) <= theme_scripts, (page, set(parsed.scripts) - theme_scripts)
        for tag, attrs in parsed.elements:
            assert tag not in ("iframe", "object", "embed"), (page, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (page, tag, name)
                assert not (value or "").strip().lower().startswith("javascript:"), (page, tag, name, value)
        assert "<script>alert" not in page.read_text(encoding="utf-8")
    post = (site / "posts/2026/jahat/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt;" in post or \
        "&lt;script&gt;alert('judul')&lt;/script&gt;" in post  # shown as text, not run
    assert 'href="https://kpu.go.id/"' in post


def test_adding_posts_never_changes_existing_urls(tmp_path):
    project = copy_project(tmp_path / "p")
    cache = tmp_path / "cache"
    build(project, cache_dir=cache)
    before = {p.relative_to(project / "site").as_posix() for p in (project / "site" / "posts").rglob("index.html")}
    source = project / "content/posts/2026/uu-7-2017-pemilihan-umum"
    for slug, date in [("konten-lebih-lama", "2025-01-05"), ("konten-lebih-baru", "2026-12-01")]:
        target = project / "content/posts" / date[:4] / slug
        target.mkdir(parents=True)
        (target / "gambar.png").write_bytes((source / "gambar.png").read_bytes())
        text = (source / "index.md").read_text(encoding="utf-8")
        (target / "index.md").write_text(text.replace("date: 2026-11-02 09:00", f"date: {date}"), encoding="utf-8")
    (project / "content" / "halaman-baru.md").write_text("# Halaman baru\n", encoding="utf-8")
    build(project, cache_dir=cache)
    after = {p.relative_to(project / "site").as_posix() for p in (project / "site" / "posts").rglob("index.html")}
    assert before <= after and len(after - before) == 2
    title = parse(project / "site" / POST / "index.html")
    assert POST_TITLE in "".join(title.texts)


def test_broken_settings_stop_the_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "p")
    settings = project / "site_config" / "jdih.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  posts_per_page: 18",
                                                                     "  posts_per_page: dua belas"))
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    assert result.returncode != 0
    line = next(n for n, text in enumerate(settings.read_text().splitlines(), 1) if "posts_per_page" in text)
    assert f"site_config/jdih.yml:{line}: site.posts_per_page: harus berupa bilangan bulat" in result.stderr + result.stdout


def test_pagination_keeps_every_post_reachable(tmp_path):
    project = copy_project(tmp_path / "p")
    settings = project / "site_config" / "jdih.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("posts_per_page: 18", "posts_per_page: 2"))
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"
    pages = [site / "index.html", site / "halaman/2/index.html", site / "halaman/3/index.html"]
    found = []
    for page in pages:
        found += re.findall(r'class="jdih-card__title"><a href="([^"]+)"', page.read_text(encoding="utf-8"))
    assert len(found) == 5 and not (site / "halaman/4").exists()
    assert 'rel="next"' in pages[0].read_text() and 'rel="prev"' in pages[2].read_text()


def test_agenda_register_page_lists_every_post_with_its_number(sample_site):
    html = (sample_site / "agenda" / "index.html").read_text(encoding="utf-8")
    numbers = re.findall(r"\d{3}/JDIH/2026", html)
    assert sorted(set(numbers)) == [f"{n:03d}/JDIH/2026" for n in range(1, 6)]
    assert "Dra. Siti Rahmawati, M.H., Kasubbag Hukum dan SDM" in html and "Buku Agenda" in html


def _set(project: Path, old: str, new: str) -> None:
    settings = project / "site_config" / "jdih.yml"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    settings.write_text(text.replace(old, new), encoding="utf-8")


def test_settings_switch_guides_register_and_report(tmp_path):
    project = copy_project(tmp_path / "p")
    guides = project / "content" / "panduan"
    guides.mkdir(exist_ok=True)
    (guides / "index.md").write_text("# Panduan uji\n", encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Panduan" in home and (project / "site" / "panduan" / "index.html").exists()
    assert not (project / "site" / "laporan").exists()

    _set(project, "show_guides: true", "show_guides: false")
    _set(project, "show_register: true", "show_register: false")
    _set(project, "show_report: false", "show_report: true")
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"
    assert not (site / "panduan").exists() and not (site / "agenda").exists()
    assert "Panduan" not in (site / "index.html").read_text(encoding="utf-8")
    assert "Data laporan belum tersedia" in (site / "laporan" / "index.html").read_text(encoding="utf-8")


def test_custom_domain_writes_cname(tmp_path):
    project = copy_project(tmp_path / "p")
    _set(project, "custom_domain:\n", "custom_domain: jdih-medsos.kpu-kapuaskab.go.id\n")
    build(project, cache_dir=tmp_path / "cache")
    assert (project / "site" / "CNAME").read_text() == "jdih-medsos.kpu-kapuaskab.go.id\n"


def test_sop_report_page_from_saved_data(tmp_path):
    """With site.show_report on, the publish workflow saves the report data (jdih laporan
    --hanya-bila-tampil --simpan-data .cache/jdih/laporan.json) and the build shows it."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from jdih.reporting.timeline import ItemEvents, Review, dump_events

    wib = ZoneInfo("Asia/Jakarta")
    project = copy_project(tmp_path / "p")
    _set(project, "show_report: false", "show_report: true")
    item = ItemEvents(title="Konten uji", post_id="posts/2026/uji/", disposisi_number=1,
                      disposisi_created_at=dt.datetime(2026, 11, 23, 8, 0, tzinfo=wib),
                      first_commit_at=dt.datetime(2026, 11, 23, 10, 0, tzinfo=wib), pull_request_number=2,
                      pull_request_created_at=dt.datetime(2026, 11, 23, 10, 20, tzinfo=wib),
                      ready_for_review_at=dt.datetime(2026, 11, 23, 10, 20, tzinfo=wib),
                      reviews=[Review("staf-hukum-kapuas", "staf", "APPROVED", dt.datetime(2026, 11, 23, 10, 45, tzinfo=wib)),
                               Review("kasubbag-kapuas", "kasubbag", "APPROVED", dt.datetime(2026, 11, 23, 10, 52, tzinfo=wib))],
                      merged_at=dt.datetime(2026, 11, 23, 10, 53, tzinfo=wib),
                      notified_at=dt.datetime(2026, 11, 23, 10, 56, tzinfo=wib))
    data = project / ".cache" / "jdih" / "laporan.json"
    data.parent.mkdir(parents=True)
    data.write_text(dump_events([item]), encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    html = (project / "site" / "laporan" / "index.html").read_text(encoding="utf-8")
    assert "Ringkasan per langkah" in html and "4. Menyunting" in html
    assert html.count("<svg") >= 2 and "Laporan SOP" in html


def test_post_pages_share_one_rendering_of_the_navigation(sample_site):
    """The nav is rendered once per folder depth for posts; every post still gets a complete,
    correctly relative navigation."""
    def primary_nav(url: str) -> str:
        html = (sample_site / url / "index.html").read_text(encoding="utf-8")
        start = html.index('data-md-type="navigation"')
        return html[start:html.index('data-md-type="toc"', start)]

    first, second = primary_nav(POST), primary_nav("posts/2026/perpres-33-2012-jdih-nasional/")
    assert first == second
    for href in ("../../../kategori/", "../../../arsip/", "../../../agenda/", "../../../panduan/kasubbag/"):
        assert f'href="{href}"' in first
    assert "md-nav__link--active" not in first  # posts are not in the nav


TRICKY_TITLE = "Tarif & <b>denda</b> \"baru\" 'lama' &amp; lainnya"
TRICKY_POST = """\
---
title: "Tarif & <b>denda</b> \\"baru\\" 'lama' &amp; lainnya"
date: 2026-11-25 10:00
description: Konten uji judul dengan tanda khusus.
categories: [Peraturan]
tags: [Uji]
image:
  src: gambar.png
  alt: Gambar uji
caption: "Takarir uji #Uji"
---

Isi konten uji.
"""


class _TextOf(HTMLParser):
    """The text (entities decoded once) of every element matching `wanted(tag, attrs)`."""

    def __init__(self, wanted) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted, self.found, self._open = wanted, [], []  # _open: [tag, depth, parts]

    def handle_starttag(self, tag, attrs):
        for entry in self._open:
            if entry[0] == tag:
                entry[1] += 1
        if self.wanted(tag, dict(attrs)):
            self._open.append([tag, 1, []])

    def handle_endtag(self, tag):
        for entry in list(self._open):
            if entry[0] == tag:
                entry[1] -= 1
                if entry[1] == 0:
                    self._open.remove(entry)
                    self.found.append("".join(entry[2]).strip())

    def handle_data(self, data):
        for entry in self._open:
            entry[2].append(data)


def _text_of(html: str, wanted) -> list[str]:
    parser = _TextOf(wanted)
    parser.feed(html)
    return parser.found


def test_titles_are_escaped_exactly_once(tmp_path):
    """`&`, `<b>`, quotes and a literal `&amp;` in a title: every place that shows it decodes
    (once, as a browser does) to the title as written, so nothing is escaped twice or not at all."""
    project = copy_project(tmp_path / "p")
    folder = project / "content" / "posts" / "2026" / "tanda-khusus"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(TRICKY_POST, encoding="utf-8")
    (folder / "gambar.png").write_bytes(
        (project / "content/posts/2026/uu-7-2017-pemilihan-umum/gambar.png").read_bytes())
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"
    post = (site / "posts/2026/tanda-khusus/index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")

    head = post[:post.index("</head>")]  # (the QR code's SVG has a <title> of its own)
    titles = _text_of(head, lambda tag, attrs: tag == "title")
    assert len(titles) == 1 and titles[0].startswith(TRICKY_TITLE + " - "), titles
    tags = meta(parse(site / "posts/2026/tanda-khusus/index.html"))
    assert tags["og:title"] == TRICKY_TITLE and tags["twitter:title"] == TRICKY_TITLE
    assert _text_of(post, lambda tag, attrs: tag == "h1" and attrs.get("itemprop") == "headline") == [TRICKY_TITLE]
    assert TRICKY_TITLE in _text_of(post, lambda tag, attrs: attrs.get("data-md-component") == "header-topic")
    cards = _text_of(home, lambda tag, attrs: tag == "h2" and attrs.get("class") == "jdih-card__title")
    assert TRICKY_TITLE in cards, cards

    for html in (post, home):
        assert "<b>denda" not in html and "&lt;b&gt;denda&lt;/b&gt;" in html  # shown as text, never a tag
        assert "Tarif &amp;amp;" not in html        # the literal `&` escaped once
        assert "&amp;amp;amp;" not in html          # the literal `&amp;` escaped once (as &amp;amp;)
        assert "&amp;amp; lainnya" in html
    assert not [t for t, _ in parse(site / "posts/2026/tanda-khusus/index.html").elements if t == "b"]


# -- tag and category identity, and which pages are posts (jdih.content.files) ---------------------

SAMPLE = "content/posts/2026/uu-7-2017-pemilihan-umum"


def _copy_sample(project: Path, slug: str, date: str, tags: str, category: str = "Peraturan") -> Path:
    source = project / SAMPLE
    folder = project / "content" / "posts" / "2026" / slug
    folder.mkdir(parents=True)
    (folder / "gambar.png").write_bytes((source / "gambar.png").read_bytes())
    text = (source / "index.md").read_text(encoding="utf-8")
    for old, new in [("date: 2026-11-02 09:00", f"date: {date}"), ("tags: [UUPemilu, DasarHukum]", f"tags: [{tags}]"),
                     ("categories: [Peraturan]", f"categories: [{category}]"),
                     ("title: Mengenal UU", f"title: {slug} — Mengenal UU")]:
        assert old in text
        text = text.replace(old, new)
    (folder / "index.md").write_text(text, encoding="utf-8")
    return folder


def _links(html: str, href_end: str) -> list[str]:
    return re.findall(r'<a href="([^"]*' + re.escape(href_end) + r')">([^<]*)</a>', html)


def test_tags_and_categories_are_identified_by_their_slug(tmp_path):
    """'Pemilu' and 'pemilu' are one tag: one page listing every post, one entry in the index,
    named by the most common spelling. (A category is written exactly as in the settings: the
    build refuses 'peraturan', see test_the_build_refuses_categories_and_tags_outside_the_rules.)"""
    project = copy_project(tmp_path / "p")
    _copy_sample(project, "tagar-satu", "2026-11-03 09:00", "pemilu")
    _copy_sample(project, "tagar-dua", "2026-11-04 09:00", "Pemilu")
    _copy_sample(project, "tagar-tiga", "2026-11-05 09:00", "Pemilu, PEMILU")  # listed once
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"

    tag = (site / "tagar" / "pemilu" / "index.html").read_text(encoding="utf-8")
    assert "3 konten." in tag
    for slug in ("tagar-satu", "tagar-dua", "tagar-tiga"):
        assert tag.count(f"posts/2026/{slug}/") == 1, slug
    assert "Tagar #Pemilu" in tag and "#pemilu" not in tag  # 'Pemilu' twice, 'pemilu' and 'PEMILU' once
    tags_index = (site / "tagar" / "index.html").read_text(encoding="utf-8")
    assert [name for _, name in _links(tags_index, "tagar/pemilu/")] == ["#Pemilu"]

    category = (site / "kategori" / "peraturan" / "index.html").read_text(encoding="utf-8")
    assert "7 konten." in category and "posts/2026/tagar-dua/" in category
    categories_index = (site / "kategori" / "index.html").read_text(encoding="utf-8")
    assert [name for _, name in _links(categories_index, "kategori/peraturan/")] == ["Peraturan"]
    assert "(7)" in categories_index

    post = (site / "posts/2026/tagar-satu/index.html").read_text(encoding="utf-8")
    assert 'href="../../../tagar/pemilu/">#pemilu</a>' in post  # the post's own spelling, the one page


def test_the_name_shown_is_the_most_common_spelling_then_the_oldest_posts():
    from jdih.content.post import PostMeta
    from jdih.site.catalog import Catalog, Post

    def post(day: int, tags: list[str]) -> Post:
        meta = PostMeta.model_validate({
            "title": f"Konten {day}", "date": f"2026-11-{day:02d}", "description": "Ringkasan.",
            "categories": ["Peraturan"], "tags": tags, "image": {"src": "g.png", "alt": "Gambar uji konten"},
            "caption": "Takarir."})
        return Post(f"posts/2026/k{day}.md", f"posts/2026/k{day}/", f"k{day}", meta, Path("g.png"), "g.png")

    newest_first = [post(5, ["PEMILU"]), post(4, ["Pemilu"]), post(3, ["pemilu"]), post(2, ["Pemilu"]),
                    post(1, ["pemilu", "JDIH"])]
    groups = Catalog(newest_first).by_tag
    assert list(groups) == ["jdih", "pemilu"]
    assert groups["pemilu"].name == "pemilu"  # 2 × 'pemilu', 2 × 'Pemilu': the oldest post wrote 'pemilu'
    assert [p.slug for p in groups["pemilu"].posts] == ["k5", "k4", "k3", "k2", "k1"]
    assert Catalog(newest_first[:4]).by_tag["pemilu"].name == "Pemilu"  # now 'Pemilu' is the most common


def test_only_posts_by_the_rule_become_post_pages(tmp_path):
    """A folder post's other Markdown and README.md are not posts and are not published; a `_x`
    name, and Markdown in no post's place, stop the build, as `jdih periksa` reports them."""
    project = copy_project(tmp_path / "p")
    folder = _copy_sample(project, "berlampiran", "2026-11-03 09:00", "Lampiran")
    (folder / "lampiran.md").write_text("Catatan tanpa front matter <script>alert(1)</script>\n", encoding="utf-8")
    year = project / "content" / "posts" / "2026"
    (year / "README.md").write_text("# Konten 2026\n", encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"
    assert (site / "posts/2026/berlampiran/index.html").exists()
    published = {p.relative_to(site).as_posix() for p in (site / "posts").rglob("*.html")}
    assert not {p for p in published if "lampiran/" in p.replace("berlampiran/", "") or "contoh" in p}, published
    assert "alert(" not in "".join(p.read_text(encoding="utf-8") for p in (site / "posts").rglob("*.html"))

    (year / "_contoh.md").write_text("<script>alert(2)</script>\n", encoding="utf-8")
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    assert result.returncode != 0
    assert ("content/posts/2026/_contoh.md:1: nama '_contoh.md' diawali '_': berkas ini bukan konten dan tidak "
            "akan diterbitkan — hapus berkas ini, atau ganti namanya tanpa awalan '_' bila memang konten"
            ) in result.stderr + result.stdout
    (year / "_contoh.md").unlink()

    (project / "content" / "posts" / "tanpa-tahun.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    assert result.returncode != 0
    assert "content/posts/tanpa-tahun.md:1: berkas ini tidak terbaca sebagai konten terbit" in result.stderr + result.stdout


# -- nothing a draft (or the settings) carries runs on the public page ------------------------------

HOSTILE_CATEGORIES = ["<img src=x onerror=alert(1)>", "</title><script>alert(2)</script>"]
HOSTILE_SITE_TITLE = "JDIH </title><script>alert(3)</script> & Kapuas"
HOSTILE_OFFICE = "Sekretariat <img src=x onerror=alert(4)> KPU"
HOSTILE_TITLE = "Judul <img src=x onerror=alert(6)> & </title><script>alert(7)</script>"
HOSTILE_DESCRIPTION = "\"><script>alert(8)</script> <b>ringkas</b> & jelas"
_QUOTED_TITLE = json.dumps(HOSTILE_TITLE)[1:-1]  # a JSON string is a YAML double-quoted one
_QUOTED_DESCRIPTION = json.dumps(HOSTILE_DESCRIPTION)[1:-1]
EVERYWHERE_POST = f"""\
---
title: "{_QUOTED_TITLE}\\e\\u202e"
date: 2026-11-20 10:00
description: "{_QUOTED_DESCRIPTION}\\x00"
categories: ["{HOSTILE_CATEGORIES[0]}", "{HOSTILE_CATEGORIES[1]}"]
tags: [Uji, Pemilu]
image:
  src: gambar.png
  alt: "Gambar\\" onerror=\\"alert(9)"
caption: "Takarir <svg onload=alert(10)> ' \\" #39 #Uji\\u2066"
legal_documents:
  - type: "Undang-<script>alert(11)</script>"
    number: 7
    year: 2017
    title: Pemilihan Umum
    url: "javascript:alert(12)"
authors: [pengelola-jdih-kapuas]
provenance:
  pull_request: 3
  pull_request_url: "JaVa\\tScript:alert(13)"
  author: "<img src=x onerror=alert(14)>"
---

[klik](https://example.org/ "&lt;img src=x onerror=alert(15)&gt;") dan ![foto](gambar.png "<img src=x onerror=alert(16)>")
[luar](//evil.example/) [akar](/posts/) [skrip](javascript:alert(17)) [telepon](tel:+62513)

<a href="java&#x09;script:alert(18)">klik</a>

Paragraf
{{:onclick=alert(19)}}

## Judul {{#__config}}

## &lt;img src=x onerror=alert(20)&gt; teks

Teks dengan karakter kendali \x1b dan pembalik \u202e arah.
"""


def _hostile_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "p")
    settings = project / "site_config" / "jdih.yml"
    text = settings.read_text(encoding="utf-8")
    for old, new in [
        ("  - Kegiatan\n", "  - Kegiatan\n" + "".join(f"  - {json.dumps(c)}\n" for c in HOSTILE_CATEGORIES)),
        ("  title: JDIH Media Sosial KPU Kabupaten Kapuas\n", f"  title: {json.dumps(HOSTILE_SITE_TITLE)}\n"),
        ("  name: Sekretariat KPU Kabupaten Kapuas\n", f"  name: {json.dumps(HOSTILE_OFFICE)}\n"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    settings.write_text(text, encoding="utf-8")
    folder = project / "content" / "posts" / "2026" / "jahat"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(EVERYWHERE_POST, encoding="utf-8")
    (folder / "gambar.png").write_bytes((project / SAMPLE / "gambar.png").read_bytes())
    return project


# The theme's scripts: inline ones (their text is checked too), its config, its assets (404.html: absolute).
THEME_SCRIPT = re.compile(r'<script>|<script id="__config" type="application/json">'
                          r'|<script src="(?:(?:\.\./)*|/jdih-medsos/)assets/')


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = _hostile_project(tmp_path_factory.mktemp("hostile"))
    build(project, cache_dir=project.parent / "cache")
    return project / "site"


def _built_files(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*")) if p.suffix in (".html", ".xml", ".json")
            and not p.relative_to(site).as_posix().startswith("assets/")]


def test_no_executable_vector_anywhere_in_the_built_site(hostile_site):
    """Every built page, feed and index: no script but the theme's, no `on…=` attribute, no
    `javascript:`, nothing escaped twice, no control or bidirectional character."""
    from jdih.content.safety import UNSAFE_CHARS

    files = _built_files(hostile_site)
    assert len(files) > 20 and hostile_site / "posts/2026/jahat/index.html" in files
    for path in files:
        raw = path.read_text(encoding="utf-8")
        # (The guides, written by the office, explain `javascript:` in text; their attributes are checked below.)
        assert "javascript:" not in raw.lower() or path.is_relative_to(hostile_site / "panduan"), path
        assert "&amp;amp;" not in raw and "&amp;lt;" not in raw and "&amp;gt;" not in raw, path  # escaped once
        assert not UNSAFE_CHARS.search(raw), (path, UNSAFE_CHARS.search(raw))
        if path.suffix == ".json":
            json.loads(raw)
            assert "<" not in raw, path  # written as \u003c: not even a '<script' to paste into a page
            continue
        if path.suffix == ".xml":
            ET.fromstring(raw.encode("utf-8"))
            assert "<script" not in raw and "<img" not in raw, path
            continue
        for tag in re.findall(r"<script\b[^>]*>", raw):
            assert THEME_SCRIPT.match(tag), (path, tag)
        parsed = parse(path)
        assert not [s for s in parsed.scripts if "alert" in s], path
        for tag, attrs in parsed.elements:
            assert tag not in ("iframe", "object", "embed", "frame", "base"), (path, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name, value)
                url = re.sub(r"[\t\n\r]", "", (value or "").strip()).lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:text")), (path, tag, name, value)
        if tag_img := [a for t, a in parsed.elements if t == "img" and a.get("src") == "x"]:
            raise AssertionError((path, tag_img))


def test_category_names_are_text_in_their_page_title_header_and_listing(hostile_site):
    from jdih.site.catalog import label_key

    site_title = HOSTILE_SITE_TITLE
    for category in HOSTILE_CATEGORIES:
        page = hostile_site / "kategori" / label_key(category) / "index.html"
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        assert _text_of(head, lambda tag, attrs: tag == "title") == [f"Kategori: {category} - {site_title}"]
        assert f"Kategori: {category}" in _text_of(html, lambda t, a: a.get("data-md-component") == "header-topic")
        assert _text_of(html, lambda tag, attrs: tag == "h1") == [f"Kategori: {category}"]
        assert meta(parse(page))["og:title"] == f"Kategori: {category}"
    index = (hostile_site / "kategori" / "index.html").read_text(encoding="utf-8")
    assert set(HOSTILE_CATEGORIES) <= set(_text_of(index, lambda tag, attrs: tag == "a"))
    post = (hostile_site / "posts/2026/jahat/index.html").read_text(encoding="utf-8")
    assert _text_of(post, lambda tag, attrs: "jdih-chip" in (attrs.get("class") or "")
                    and "tagar" not in (attrs.get("href") or ""))[0] == HOSTILE_CATEGORIES[0]


def test_settings_text_is_escaped_once_where_material_prints_it(hostile_site):
    page = hostile_site / "posts/2026/jahat/index.html"
    html = page.read_text(encoding="utf-8")
    tags = meta(parse(page))
    assert tags["author"] == HOSTILE_OFFICE and tags["og:site_name"] == HOSTILE_SITE_TITLE
    assert HOSTILE_SITE_TITLE in _text_of(html, lambda tag, attrs: "md-header__topic" in (attrs.get("class") or ""))
    # The footer (jdih/footer.html, autoescaped) and the letterhead show the office as written.
    assert _text_of(html, lambda tag, attrs: attrs.get("class") == "jdih-footer__name") == [HOSTILE_OFFICE]
    assert _text_of(html, lambda tag, attrs: attrs.get("class") == "jdih-letterhead__office") == [HOSTILE_OFFICE]
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert _text_of(home, lambda tag, attrs: tag == "h1") == [HOSTILE_SITE_TITLE]


def test_a_hostile_post_shows_its_text_as_written_and_its_urls_dropped(hostile_site):
    page = hostile_site / "posts/2026/jahat/index.html"
    html = page.read_text(encoding="utf-8")
    parsed = parse(page)
    tags = meta(parsed)
    assert tags["og:title"] == HOSTILE_TITLE  # control and bidi characters stripped, the rest as written
    assert tags["description"] == tags["og:description"] == HOSTILE_DESCRIPTION
    assert _text_of(html, lambda tag, attrs: attrs.get("itemprop") == "headline") == [HOSTILE_TITLE]
    # The document and the pull request are shown, never linked: their URLs broke the rule.
    legal = _text_of(html, lambda tag, attrs: tag == "section" and attrs.get("class") == "jdih-legal")[0]
    assert "Undang-<script>alert(11)</script> Nomor 7 Tahun 2017 tentang Pemilihan Umum" in legal
    provenance = html[html.index('class="jdih-provenance"'):]
    provenance = provenance[:provenance.index("</section>")]
    assert "Pull request #3" in provenance and "<a " not in provenance
    assert "<img src=x onerror=alert(14)>" in _text_of(html, lambda tag, attrs: tag == "dd")
    body = html[html.index('class="jdih-post__body"'):html.index('class="jdih-legal"')]
    links = [a for t, a in parse_fragment(body) if t == "a"]
    assert [a.get("href") for a in links] == ["https://example.org/", None, None, None, None, None]
    assert 'title="&lt;img src=x onerror=alert(15)&gt;"' in body  # a title attribute: text, no tooltip
    # The ids of the page's own elements stay the theme's, in the body and in the table of contents.
    own = {a["id"] for t, a in parse(hostile_site / POST / "index.html").elements if a.get("id", "").startswith("__")}
    assert {a["id"] for t, a in parsed.elements if a.get("id", "").startswith("__")} == own
    assert 'href="#__config"' not in html
    assert '"content.tooltips"' not in html


def parse_fragment(html: str) -> list:
    from tests.sitebuild import Elements

    parser = Elements()
    parser.feed(html)
    return parser.elements


def test_feeds_carry_plain_text_or_escaped_html_and_parse(hostile_site):
    """Feeds and the search index carry plain text: tag-like sequences are removed (the check
    refuses them), the rest of the text is kept, and both feeds parse."""
    from markupsafe import escape

    from jdih.content.safety import strip_markup

    title, description = strip_markup(HOSTILE_TITLE), strip_markup(HOSTILE_DESCRIPTION)
    assert "<" not in title + description and "alert(7)" in title and "ringkas" in description
    rss = ET.parse(hostile_site / "feed.xml").getroot()
    item = next(i for i in rss.iter("item") if i.findtext("link").endswith("posts/2026/jahat/"))
    assert item.findtext("title") == title
    assert item.findtext("description") == str(escape(description))  # HTML that shows the text
    assert [c.text or "" for c in item.iter("category")] == [strip_markup(c) for c in HOSTILE_CATEGORIES]
    raw = (hostile_site / "feed.xml").read_text(encoding="utf-8")
    assert f"<description><![CDATA[{escape(description)}]]></description>" in raw
    feed = json.loads((hostile_site / "feed.json").read_text(encoding="utf-8"))
    entry = next(i for i in feed["items"] if i["url"].endswith("posts/2026/jahat/"))
    assert (entry["title"], entry["summary"]) == (title, description)
    assert feed["title"] == strip_markup(HOSTILE_SITE_TITLE)
    assert feed["authors"] == [{"name": strip_markup(HOSTILE_OFFICE)}]
    rows = json.loads((hostile_site / "cari" / "indeks.json").read_text(encoding="utf-8"))
    assert next(r for r in rows if r[1] == "posts/2026/jahat/")[:2] == [title, "posts/2026/jahat/"]


def test_the_build_refuses_categories_and_tags_outside_the_rules(tmp_path):
    project = copy_project(tmp_path / "p")
    _copy_sample(project, "kategori-salah", "2026-11-04 09:00", "Pemilu", category="peraturan")
    folder = _copy_sample(project, "tagar-salah", "2026-11-05 09:00", "Pemilu")
    text = (folder / "index.md").read_text(encoding="utf-8")
    (folder / "index.md").write_text(text.replace("tags: [Pemilu]", 'tags: ["Pemilu 2029", "<b>x</b>"]'),
                                     encoding="utf-8")
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert ("content/posts/2026/kategori-salah/index.md:5: categories.0: kategori 'peraturan' tidak dikenal — "
            "tulis persis 'Peraturan'") in output
    assert ("content/posts/2026/tagar-salah/index.md:6: tags: tagar 'Pemilu 2029' tidak sah — gunakan huruf, "
            "angka atau garis bawah saja, tanpa spasi") in output


def test_the_build_refuses_material_tooltips(tmp_path):
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.top\n" in text and "content.tooltips\n" not in text
    config.write_text(text.replace("    - navigation.top\n", "    - navigation.top\n    - content.tooltips\n"),
                      encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("    - content.tooltips") + 1
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    assert result.returncode != 0
    assert (f"mkdocs.yml:{line}: theme.features: fitur 'content.tooltips' menyisipkan atribut title dari draf ke "
            "halaman sebagai HTML, sehingga kode di dalamnya dapat berjalan — hapus baris '- content.tooltips' "
            "dari theme.features; judul tautan tetap tampil sebagai teks biasa") in result.stdout + result.stderr


# -- nothing a post carries escapes its folder, overloads the build, or is dropped silently -----------
# (the same words as `jdih periksa`, with the post's file and line; nothing of it is published)

OUT = "simpan gambar di repositori, di folder media/ di samping berkas ini, lalu tulis mis. 'media/nama-gambar.jpg'"
NOT_AN_ATTACHMENT = ("jenis berkas ini tidak diterima sebagai lampiran konten (yang diterima: .jpg, .jpeg, .png, "
                     ".webp, .gif, .pdf) — hapus berkas ini; untuk dokumen lain, simpan sebagai PDF atau cantumkan "
                     "tautan https:// ke halamannya")
LINK = ("tautan simbolik (symlink) tidak diterima di drafts/ dan content/posts/: tautan dapat menunjuk ke berkas di "
        "luar foldernya — ganti tautan ini dengan berkas aslinya (salin berkasnya ke sini), atau hapus")
ADDRESS_FIX = ("satu alamat hanya untuk satu konten: hapus atau pindahkan salah satunya lewat pull request (alamat "
               "konten yang sudah terbit tidak boleh berubah)")


def _edit(folder: Path, old: str, new: str) -> None:
    text = (folder / "index.md").read_text(encoding="utf-8")
    assert old in text
    (folder / "index.md").write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_build_refuses_what_escapes_a_post_folder_or_could_run(tmp_path, monkeypatch):
    import time

    from tests.content.test_yamlsrc import bomb

    monkeypatch.setenv("JDIH_NOW", "2026-12-01T10:00:00+07:00")
    project = copy_project(tmp_path / "p")
    posts = project / "content" / "posts" / "2026"
    _edit(_copy_sample(project, "serap", "2026-11-03 09:00", "Uji"), "src: gambar.png", "src: /etc/passwd")
    linked = _copy_sample(project, "tautan", "2026-11-03 09:00", "Uji")
    (linked / "gambar.png").unlink()
    (linked / "gambar.png").symlink_to(project / SAMPLE / "gambar.png")
    (posts / "media").mkdir()
    (posts / "media" / "ganda.png").write_bytes((project / SAMPLE / "gambar.png").read_bytes())
    for slug, src in (("pinjam", "uu-7-2017-pemilihan-umum/gambar.png"), ("ganda", "media/ganda.png")):
        text = (project / SAMPLE / "index.md").read_text(encoding="utf-8")
        (posts / f"{slug}.md").write_text(text.replace("src: gambar.png", f"src: {src}"), encoding="utf-8")
    _copy_sample(project, "ganda", "2026-11-03 09:00", "Uji")  # ganda.md and ganda/index.md: posts/2026/ganda/
    _edit(_copy_sample(project, "slug-lain", "2026-11-03 09:00", "Uji"), "authors:",
          "slug: uu-7-2017-pemilihan-umum\nauthors:")
    attached = _copy_sample(project, "berlampiran", "2026-11-03 09:00", "Uji")
    (attached / "dokumen.pdf").write_bytes(b"%PDF-1.4\n")  # allowed
    (attached / "lampiran.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (attached / "logo.svg").write_text('<svg onload="alert(2)"/>', encoding="utf-8")
    (attached / "skrip.js").write_text("alert(3)", encoding="utf-8")
    (attached / "_catatan.md").write_text("<script>alert(4)</script>", encoding="utf-8")
    _edit(_copy_sample(project, "bom", "2026-11-03 09:00", "Uji"), "---\n", "---\n" + bomb())
    _edit(_copy_sample(project, "dobel", "2026-11-03 09:00", "Uji"), "authors:", "title: Judul Kedua\nauthors:")
    # (a date days ahead is no longer refused: `publish_at` schedules, `jdih periksa` warns)
    _copy_sample(project, "kiamat", "9999-12-31T23:59:59-14:00", "Uji")
    started = time.perf_counter()
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    assert time.perf_counter() - started < 120  # the bomb is refused, never expanded
    assert result.returncode != 0
    output = result.stdout + result.stderr
    # the line of the key written before `authors:` (1-based: the index of `authors:` plus one)
    sample_line = (project / SAMPLE / "index.md").read_text(encoding="utf-8").splitlines().index(
        "authors: [pengelola-jdih-kapuas]") + 1
    for expected in [
        f"content/posts/2026/serap/index.md:8: image.src: jalur gambar '/etc/passwd' keluar dari folder konten — {OUT}",
        f"content/posts/2026/tautan/gambar.png:1: {LINK}",
        f"content/posts/2026/tautan/index.md:8: image.src: jalur gambar 'gambar.png' keluar dari folder konten — {OUT}",
        "content/posts/2026/pinjam.md:8: image.src: gambar 'uu-7-2017-pemilihan-umum/gambar.png' ada di folder "
        "konten lain (uu-7-2017-pemilihan-umum/) — setiap konten memakai gambarnya sendiri: salin gambar ke folder "
        "media/ di samping berkas ini, lalu tulis mis. 'media/nama-gambar.jpg'",
        "content/posts/2026/ganda.md:1: alamat posts/2026/ganda/ juga dipakai oleh content/posts/2026/ganda/index.md "
        f"— {ADDRESS_FIX}",
        "content/posts/2026/ganda/index.md:1: alamat posts/2026/ganda/ juga dipakai oleh content/posts/2026/ganda.md "
        f"— {ADDRESS_FIX}",
        f"content/posts/2026/slug-lain/index.md:{sample_line}: slug: alamat posts/2026/uu-7-2017-pemilihan-umum/ juga "
        f"dipakai oleh content/posts/2026/uu-7-2017-pemilihan-umum/index.md — {ADDRESS_FIX}",
        "content/posts/2026/uu-7-2017-pemilihan-umum/index.md:1: alamat posts/2026/uu-7-2017-pemilihan-umum/ juga "
        f"dipakai oleh content/posts/2026/slug-lain/index.md — {ADDRESS_FIX}",
        f"content/posts/2026/berlampiran/lampiran.html:1: {NOT_AN_ATTACHMENT}",
        f"content/posts/2026/berlampiran/skrip.js:1: {NOT_AN_ATTACHMENT}",
        "content/posts/2026/berlampiran/logo.svg:1: gambar SVG tidak diterima karena dapat memuat skrip — simpan "
        "ulang gambar sebagai PNG atau JPEG, atau hapus berkas ini",
        "content/posts/2026/berlampiran/_catatan.md:1: nama '_catatan.md' diawali '_': berkas ini bukan konten dan "
        "tidak akan diterbitkan — hapus berkas ini, atau ganti namanya tanpa awalan '_' bila memang konten",
        "content/posts/2026/bom/index.md:2: YAML memakai jangkar (anchor) '&a'; jangkar dan alias tidak diterima — "
        "tulis nilainya langsung di setiap tempat, tanpa tanda '&' atau '*' di depan nama",
        f"content/posts/2026/dobel/index.md:{sample_line}: title: kunci 'title' ditulis dua kali (pertama di baris 2) "
        "— hapus salah satunya: setiap kunci hanya boleh ditulis sekali",
        "content/posts/2026/kiamat/index.md:3: date: tanggal ini di luar jangkauan kalender (tahun 1 sampai 9999 di "
        "zona waktu kantor) — tulis tanggal yang benar, mis. 2026-11-24",
    ]:
        assert expected in output, expected
    assert "Traceback" not in output
    assert "berlampiran/dokumen.pdf" not in output
    assert not (project / "site" / "posts").exists()  # nothing was published


def test_the_build_refuses_an_image_before_decoding_it_with_the_posts_file(tmp_path):
    project = copy_project(tmp_path / "p")
    sample = (project / SAMPLE / "gambar.png").read_bytes()
    images = {
        "besar": sample + b"\0" * (5 * 1024 * 1024 + 512 * 1024 - len(sample)),  # 5,5 MB
        "bukan-gambar": b"<svg onload=alert(1)>",
        "terpotong": sample[: len(sample) // 2],
    }
    for slug, data in images.items():
        (_copy_sample(project, slug, "2026-11-03 09:00", "Uji") / "gambar.png").write_bytes(data)
    Image.new("1", (8000, 6000)).save(_copy_sample(project, "bom-piksel", "2026-11-03 09:00", "Uji") / "gambar.png")
    Image.new("RGB", (800, 450)).save(_copy_sample(project, "bmp", "2026-11-03 09:00", "Uji") / "gambar.png", "BMP")
    result = build(project, cache_dir=tmp_path / "cache", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    unreadable = "berkas 'gambar.png' bukan gambar yang dapat dibaca — gunakan berkas gambar JPEG, PNG, WebP, GIF"
    for expected in [
        "content/posts/2026/besar/index.md:8: image.src: berkas gambar terlalu besar (5,5 MB, maksimal 5 MB) — "
        "perkecil gambar, mis. lebar 2000 px dengan kualitas JPEG 85",
        "content/posts/2026/bom-piksel/index.md:8: image.src: ukuran piksel gambar 'gambar.png' terlalu besar "
        "(8000 × 6000 piksel, 48,0 megapiksel), maksimal 40 megapiksel — perkecil gambar, mis. lebar 2000 px",
        f"content/posts/2026/bukan-gambar/index.md:8: image.src: {unreadable}",
        f"content/posts/2026/terpotong/index.md:8: image.src: {unreadable}",
        f"content/posts/2026/bmp/index.md:8: image.src: {unreadable}",
    ]:
        assert expected in output, expected
    assert "Traceback" not in output
    assert not (project / "site" / "posts").exists()
