"""A post's life on the public site (issue 13), through the real `mkdocs build --strict` with the
build's clock set (JDIH_NOW): a scheduled post absent until its time, a withdrawn or expired one
reduced to a notice at its URL, a corrected one with its record. Plus the notice and the
corrections list in Chromium at 360 and 1280 px."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.sitebuild import build, copy_project, meta, parse

SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"
SCHEDULED = "posts/2026/permenkumham-8-2019-standar-jdih/"  # with a gallery, and the only #StandarJDIH
WITHDRAWN = "posts/2026/perpres-33-2012-jdih-nasional/"      # the only #JDIHN
EXPIRING = "posts/2026/keputusan-kpu-10-2022-pedoman-jdih/"  # the only one of its category
CORRECTED = "posts/2026/uu-7-2017-pemilihan-umum/"
LIVE = "posts/2026/pkpu-tata-kerja-kpu-dan-sekretariat/"
TITLES = {
    SCHEDULED: "Permenkumham Nomor 8 Tahun 2019 tentang Standar Pengelolaan Dokumen dan Informasi Hukum",
    WITHDRAWN: "Perpres Nomor 33 Tahun 2012 tentang JDIH Nasional",
    EXPIRING: "Keputusan KPU Nomor 10/HK.04/08/2022 tentang Pedoman Teknis Pengelolaan JDIH",
    CORRECTED: "Mengenal UU Nomor 7 Tahun 2017 tentang Pemilihan Umum",
}
HOSTILE_REASON = 'Nomor salah <script>alert("r")</script> & "kutip" <img src=x onerror=alert(2)>'
HOSTILE_NOTE = "Tahun diperbaiki <b onmouseover=alert(3)>2017</b> ]]> </li><li>palsu"
BEFORE = "2026-12-02T10:00:00+07:00"  # the scheduled post waits (publish_at 5 Dec); the expiring one is live
AFTER = "2026-12-16T10:00:00+07:00"   # the scheduled post is live; the other has expired (15 Dec)


def _add_keys(project: Path, post: str, lines: str, date: str | None = None) -> None:
    path = project / "content" / post / "index.md"
    text = path.read_text(encoding="utf-8")
    if date is not None:
        text = re.sub(r"^date: .*$", f"date: {date}", text, count=1, flags=re.MULTILINE)
    path.write_text(text.replace("\n---\n", "\n" + lines.rstrip("\n") + "\n---\n", 1), encoding="utf-8")


def _project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    _add_keys(project, SCHEDULED, "publish_at: 2026-12-05 08:00", date="2026-12-05 08:00")
    _add_keys(project, WITHDRAWN, f"""withdrawn:
  reason: {json.dumps(HOSTILE_REASON)}
  date: 2026-12-01T14:30:00+07:00
  approver: kasubbag-kapuas
  pull_request: 41""", date="2026-11-28 09:00")  # recent: live, it would be in the upload manifest
    _add_keys(project, EXPIRING, "expires_at: 2026-12-15 08:00")
    _add_keys(project, CORRECTED, f"""revisions:
  - date: 2026-11-25T10:15:00+07:00
    note: {json.dumps(HOSTILE_NOTE)}
    pull_request: 38
    approver: kasubbag-kapuas
  - date: 2026-11-28T16:00:00+07:00
    note: Tautan dokumen diperbarui.
    approver: kasubbag-kapuas
    substantive: true""")
    return project


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The same content built twice: before the schedule and after the expiry."""
    cache = tmp_path_factory.mktemp("cache")
    sites = {}
    for name, moment in (("before", BEFORE), ("after", AFTER)):
        project = _project(tmp_path_factory)
        build(project, cache_dir=cache, now=moment)
        sites[name] = project / "site"
    return sites


def _every_text(site: Path) -> dict[str, str]:
    """Every built text file but the post's own page, by site-relative path."""
    found = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            found[path.relative_to(site).as_posix()] = path.read_text(encoding="utf-8")
    return found


def _feeds(site: Path) -> tuple[dict, str, list, str]:
    return (json.loads((site / "feed.json").read_text(encoding="utf-8")),
            (site / "feed.xml").read_text(encoding="utf-8"),
            json.loads((site / "cari/indeks.json").read_text(encoding="utf-8")),
            (site / "sitemap.xml").read_text(encoding="utf-8"))


def _listed(site: Path, post: str) -> list[str]:
    """The listings, feeds, index, sitemap and manifest that mention the post's URL."""
    files = [*site.glob("index.html"), *site.glob("halaman/*/index.html"), *site.glob("kategori/**/index.html"),
             *site.glob("tagar/**/index.html"), *site.glob("arsip/**/index.html"), site / "feed.json",
             site / "feed.xml", site / "cari/indeks.json", site / "sitemap.xml", site / "jdih-unggah.json"]
    return [f.relative_to(site).as_posix() for f in files if post in f.read_text(encoding="utf-8")]


def _register_row(site: Path, post: str) -> str | None:
    html = (site / "agenda/index.html").read_text(encoding="utf-8")
    rows = [row for row in html.split("<tr")[1:] if post in row]
    return rows[0] if rows else None


def _media_of(site: Path) -> set[str]:
    return {p.name for p in (site / "media").iterdir()}


# -- scheduled ---------------------------------------------------------------------------------


def test_a_scheduled_post_is_absent_everywhere_before_its_time(builds):
    site = builds["before"]
    # Decision: no page at all, so its URL answers 404 (GitHub Pages' 404.html) until its time.
    assert not (site / SCHEDULED).exists()
    for name, text in _every_text(site).items():
        assert SCHEDULED not in text, name
        assert TITLES[SCHEDULED] not in text, name
        assert "StandarJDIH" not in text and "standarjdih" not in text, name
    assert not (site / "tagar/standarjdih").exists()
    assert _register_row(site, SCHEDULED) is None
    manifest = json.loads((site / "jdih-unggah.json").read_text(encoding="utf-8"))
    assert SCHEDULED not in manifest["posts"] and LIVE in manifest["posts"]
    # Neither its original images nor any rendition or card of them (those its page shows once live).
    assert not any(p.name.startswith("galeri-") or p.name == "gambar.png" for p in site.rglob("*"))
    page = (builds["after"] / SCHEDULED / "index.html").read_text(encoding="utf-8")
    own = set(re.findall(r"media/([\w.-]+\.(?:webp|jpg|png))", page))
    assert len(own) > 6, "the live page shows its image, its gallery and its card"
    assert own.isdisjoint(_media_of(site))


def test_a_scheduled_post_is_everywhere_after_its_time(builds):
    site = builds["after"]
    assert TITLES[SCHEDULED] in (site / SCHEDULED / "index.html").read_text(encoding="utf-8")
    assert set(_listed(site, SCHEDULED)) >= {"index.html", "kategori/peraturan/index.html",
                                             "tagar/standarjdih/index.html", "arsip/2026/12/index.html",
                                             "feed.json", "feed.xml", "cari/indeks.json", "sitemap.xml"}
    assert _register_row(site, SCHEDULED) is not None
    # Live for 11 days: still to be uploaded (pages.upload_candidates), so in the manifest now.
    assert SCHEDULED in json.loads((site / "jdih-unggah.json").read_text(encoding="utf-8"))["posts"]


def test_the_register_files_mark_the_row_and_leave_the_scheduled_out(builds):
    import datetime as dt

    from jdih.content.settings import load_settings
    from jdih.reporting.register import register_csv, register_markdown, register_rows

    project = builds["before"].parent
    settings = load_settings(project / "site_config" / "jdih.yml")
    rows = register_rows(project / "content", settings, moment=dt.datetime.fromisoformat(BEFORE))
    for text in (register_csv(rows, settings), register_markdown(rows, settings)):
        assert f"{TITLES[WITHDRAWN]} (ditarik 1 Des 2026)" in text
        assert SCHEDULED not in text and TITLES[SCHEDULED] not in text
        assert f"{TITLES[EXPIRING]} (" not in text  # live at that moment
        # the register records the corrections: how many, and the last one
        assert f"{TITLES[CORRECTED]} (diralat 2 kali, terakhir 28 Nov 2026)" in text
    later = register_rows(project / "content", settings, moment=dt.datetime.fromisoformat(AFTER))
    assert {row.post_id: row.shown_title for row in later}[EXPIRING] == f"{TITLES[EXPIRING]} (kedaluwarsa 15 Des 2026)"


def test_the_register_numbers_a_scheduled_post_when_approved_so_no_number_moves(builds):
    def numbers(site):
        return {post: re.search(r"\d{3}/JDIH/\d{4}", row).group(0)
                for post in (LIVE, CORRECTED, SCHEDULED) if (row := _register_row(site, post))}
    before, after = numbers(builds["before"]), numbers(builds["after"])
    assert SCHEDULED not in before and SCHEDULED in after
    assert before[LIVE] == after[LIVE] and before[CORRECTED] == after[CORRECTED]


# -- withdrawn and expired ---------------------------------------------------------------------


@pytest.mark.parametrize(("moment", "post"), [("before", WITHDRAWN), ("after", WITHDRAWN), ("after", EXPIRING)])
def test_a_withdrawn_or_expired_post_keeps_its_url_with_a_plain_noindex_notice(builds, moment, post):
    site = builds[moment]
    page = site / post / "index.html"
    html = page.read_text(encoding="utf-8")
    tags = meta(parse(page))
    assert tags["robots"] == "noindex"
    assert "og:image" not in tags and "twitter:image" not in tags and tags["twitter:card"] == "summary"
    assert tags["og:url"] == SITE_URL + post and tags["og:title"] == TITLES[post]
    assert "<h1>" + TITLES[post] + "</h1>" in html
    assert "Dra. Siti Rahmawati, M.H., Kasubbag Hukum dan SDM" in html and "kasubbag-kapuas" not in html
    elements = parse(page).elements
    # No body, no image, no caption, no share bar, no QR code: only the site's own logo.
    assert [a.get("src") for t, a in elements if t == "img" and "logo" not in (a.get("src") or "")] == []
    for part in ("jdih-post__body", "jdih-caption", "jdih-share", "jdih-qr", "itemprop=\"articleBody\""):
        assert part not in html
    if post == WITHDRAWN:
        assert "Konten ini ditarik pada 1 Desember 2026." in html
        assert "Ditarik atas persetujuan" in html
    else:
        assert "Konten ini berakhir masa tayangnya pada 15 Desember 2026." in html
        assert "Batas tayang disetujui oleh" in html
    # Gone from every listing, feed, the search index, the sitemap and the upload manifest.
    assert _listed(site, post) == []
    others = {name: text for name, text in _every_text(site).items()
              if name not in (f"{post}index.html", "agenda/index.html")}
    assert [name for name, text in others.items() if TITLES[post] in text] == []
    # The register keeps the row, marked.
    row = _register_row(site, post)
    assert row is not None and ("(ditarik 1 Des 2026)" if post == WITHDRAWN else "(kedaluwarsa 15 Des 2026)") in row


def test_a_withdrawn_posts_media_is_not_published(builds, tmp_path_factory):
    site = builds["before"]
    assert not (site / WITHDRAWN / "gambar.png").exists()
    # Its image's renditions and cards are the ones a build with the post live makes, and none of
    # them is in this site (the sample posts' images all differ).
    live = copy_project(tmp_path_factory.mktemp("live"))
    build(live, cache_dir=tmp_path_factory.mktemp("cache-live"), now=BEFORE)
    page = (live / "site" / WITHDRAWN / "index.html").read_text(encoding="utf-8")
    own = set(re.findall(r"media/([\w.-]+\.(?:webp|jpg|png))", page))
    assert own, "the live build shows the post's media"
    assert own.isdisjoint(_media_of(site))


def test_an_expiring_post_is_live_before_its_end(builds):
    site = builds["before"]
    html = (site / EXPIRING / "index.html").read_text(encoding="utf-8")
    assert 'itemprop="articleBody"' in html and "noindex" not in html
    assert set(_listed(site, EXPIRING)) >= {"index.html", "kategori/keputusan/index.html", "feed.json",
                                            "feed.xml", "cari/indeks.json", "sitemap.xml"}
    assert not (builds["after"] / "kategori/keputusan").exists()  # its category had no other post


def test_the_withdrawal_reason_is_escaped(builds):
    html = (builds["before"] / WITHDRAWN / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert ("Nomor salah &lt;script&gt;alert(&#34;r&#34;)&lt;/script&gt; &amp; &#34;kutip&#34; "
            "&lt;img src=x onerror=alert(2)&gt;") in html


# -- corrections -------------------------------------------------------------------------------


def test_a_corrected_post_shows_when_it_changed_and_its_corrections(builds):
    site = builds["before"]
    page = site / CORRECTED / "index.html"
    html = page.read_text(encoding="utf-8")
    # The published date and the URL are as they were.
    assert '<time datetime="2026-11-02T09:00:00+07:00" itemprop="datePublished">2 November 2026</time>' in html
    assert ('· Diperbarui <time datetime="2026-11-28T16:00:00+07:00" itemprop="dateModified">28 November 2026'
            '</time>') in html
    section = html.split('<section class="jdih-revisions"', 1)[1].split("</section>", 1)[0]
    assert "Riwayat ralat" in section
    items = section.split("<li")[1:]
    assert len(items) == 2  # oldest first; the hostile note did not add an item
    assert "25 November 2026 pukul 10.15 WIB" in items[0] and "Tautan dokumen diperbarui." in items[1]
    assert "Disetujui oleh Dra. Siti Rahmawati, M.H., Kasubbag Hukum dan SDM" in items[1]
    assert "<b onmouseover" not in html and "&lt;b onmouseover=alert(3)&gt;2017&lt;/b&gt; ]]&gt; &lt;/li&gt;" in html
    tags = meta(parse(page))
    assert tags["article:modified_time"] == "2026-11-28T16:00:00+07:00"
    assert tags["article:published_time"] == "2026-11-02T09:00:00+07:00"
    assert tags["og:url"] == SITE_URL + CORRECTED


def test_a_correction_dates_the_feed_item_and_the_sitemap(builds):
    feed, rss, index, sitemap = _feeds(builds["before"])
    item = next(i for i in feed["items"] if i["url"] == SITE_URL + CORRECTED)
    assert item["date_modified"] == "2026-11-28T16:00:00+07:00"
    assert item["date_published"] == "2026-11-02T09:00:00+07:00"
    assert all("date_modified" not in i for i in feed["items"] if i["url"] != SITE_URL + CORRECTED)
    entry = sitemap.split(f"<loc>{SITE_URL}{CORRECTED}</loc>", 1)[1].split("</url>", 1)[0]
    assert "<lastmod>2026-11-28</lastmod>" in entry
    live = sitemap.split(f"<loc>{SITE_URL}{LIVE}</loc>", 1)[1].split("</url>", 1)[0]
    assert "<lastmod>2026-11-20</lastmod>" in live  # a post never corrected: the day it went live
    assert "pubDate" in rss and CORRECTED in rss


def test_an_uncorrected_post_says_nothing_of_corrections(builds):
    html = (builds["before"] / LIVE / "index.html").read_text(encoding="utf-8")
    assert "Diperbarui" not in html and "Riwayat ralat" not in html and "article:modified_time" not in html


# -- in the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(builds, tmp_path_factory):
    from tests.site.test_layout import serve_as_published

    with serve_as_published(builds["before"], tmp_path_factory.mktemp("root")) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    from tests.browser import browser

    with browser() as instance:
        yield instance


SHOTS = "JDIH_SCREENSHOTS"  # a folder to keep the screenshots in, to look at them (else a temporary one)


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("post", "part"), [(WITHDRAWN, ".jdih-notice"), (CORRECTED, ".jdih-revisions"),
                                            (CORRECTED, ".jdih-post__header")])
def test_the_notice_and_the_corrections_fit_the_screen(served, chromium, post, part, width, tmp_path):
    from tests.site.test_layout import OUTSIDE, opened

    shots = Path(os.environ.get(SHOTS) or tmp_path)

    with opened(chromium, served + post, width) as page:
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        assert page.evaluate(OUTSIDE) == []
        block = page.locator(part)
        assert block.is_visible()
        box = block.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        shots.mkdir(parents=True, exist_ok=True)
        block.scroll_into_view_if_needed()
        shot = shots / f"{post.split('/')[2]}{part.replace('.', '-')}-{width}.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 0


@pytest.mark.slow
def test_the_notice_and_the_corrected_post_are_valid_html(builds):
    from tests.site.test_html_valid import VNU, _java

    java = _java()
    files = [builds["before"] / WITHDRAWN / "index.html", builds["after"] / EXPIRING / "index.html",
             builds["before"] / CORRECTED / "index.html"]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == [], [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}"
                            for m in messages]


def test_a_live_posts_link_to_a_scheduled_post_does_not_stop_the_build(tmp_path):
    # The scheduled page is excluded, not removed: MkDocs reports a link to it at INFO, so the strict
    # build (which fails on a warning) still publishes everything else.
    project = copy_project(tmp_path / "project")
    _add_keys(project, SCHEDULED, "publish_at: 2026-12-05 08:00")
    body = project / "content" / LIVE / "index.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nLihat [standar](../permenkumham-8-2019-standar-jdih/index.md)"
                    " dan [gambarnya](../permenkumham-8-2019-standar-jdih/gambar.png).\n", encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache", now=BEFORE)
    assert not (project / "site" / SCHEDULED).exists()
    assert (project / "site" / LIVE / "index.html").exists()
