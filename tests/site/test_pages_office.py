"""The office on the built site (jdih.site.pages: office_view, logo_preview, the About page): the
footer, the letterhead, the 404 page, the logo in the header, favicon and link preview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from jdih.content.settings import load_settings
from jdih.site.pages import logo_preview, office_view
from tests.sitebuild import ROOT, build, copy_project, meta, parse

SITE_URL = "https://kpu-kapuas.github.io/jdih-medsos/"
POST = "posts/2026/uu-7-2017-pemilihan-umum/"
LOGO = "assets/logo-kantor.png"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project, cache_dir=tmp_path_factory.mktemp("cache"))
    return project / "site"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def between(html: str, start: str, end: str) -> str:
    return html[html.index(start):html.index(end, html.index(start))]


def test_office_view_has_the_contacts_in_order_with_safe_links():
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    view = office_view(settings)
    assert [(c["kind"], c["href"]) for c in view["contacts"]] == [
        ("address", None), ("phone", "tel:051321055"), ("email", "mailto:jdih@kapuas.kpu.go.id"),
        ("website", "https://kab-kapuas.kpu.go.id/")]
    assert view["contacts"][3]["text"] == "kab-kapuas.kpu.go.id"
    # The region is already in the address: written once.
    assert view["address_line"] == "Jl. Tambun Bungai, Kuala Kapuas, Kalimantan Tengah"
    assert [(s["platform"], s["label"]) for s in view["social"]] == [
        ("instagram", "Instagram"), ("facebook", "Facebook"), ("youtube", "YouTube")]
    assert (view["timezone"], view["zone_abbreviation"]) == ("Asia/Jakarta", "WIB")


def test_the_region_follows_an_address_that_does_not_name_it():
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    office = settings.office.model_copy(update={"address": "Jl. Tambun Bungai No. 1"})
    view = office_view(settings.model_copy(update={"office": office}))
    assert view["address_line"] == "Jl. Tambun Bungai No. 1, Kalimantan Tengah"


def test_a_raster_logo_is_the_link_preview_and_an_svg_is_not(tmp_path):
    png = tmp_path / "logo.png"
    Image.new("RGB", (400, 400), "#7a0c0c").save(png)
    assert logo_preview(png, "assets/logo.png") == {"url": "assets/logo.png", "width": 400, "height": 400,
                                                    "type": "image/png"}
    svg = tmp_path / "logo.svg"
    svg.write_text("<svg/>", encoding="utf-8")
    assert logo_preview(svg, "assets/logo.svg") is None
    assert logo_preview(tmp_path / "missing.png", "assets/missing.png") is None
    (tmp_path / "broken.png").write_bytes(b"not a png")
    assert logo_preview(tmp_path / "broken.png", "assets/broken.png") is None


def test_header_favicon_and_preview_show_the_office_logo(sample_site):
    home = parse(sample_site / "index.html")
    icons = [a["href"] for t, a in home.elements if t == "link" and a.get("rel") == "icon"]
    assert icons == [LOGO]
    logos = [a for t, a in home.elements if t == "img" and (a.get("src") or "").endswith(LOGO)]
    assert logos and all(a["alt"] in ("Logo KPU Kabupaten Kapuas", "") for a in logos)
    tags = meta(home)
    assert tags["og:image"] == SITE_URL + LOGO and tags["og:image:type"] == "image/png"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("512", "512")
    assert tags["twitter:card"] == "summary"
    # A post keeps its own picture as its large preview.
    post = meta(parse(sample_site / POST / "index.html"))
    assert post["og:image"].startswith(SITE_URL + "media/") and post["twitter:card"] == "summary_large_image"


@pytest.mark.parametrize("page", ["index.html", POST + "index.html", "tentang/index.html", "404.html"])
def test_every_page_has_the_office_footer_in_indonesian(sample_site, page):
    html = (sample_site / page).read_text(encoding="utf-8")
    assert "Made with" not in html and "Material for MkDocs" not in text(html)
    footer = text(between(html, '<footer class="md-footer jdih-footer">', "</footer>"))
    for part in ["Sekretariat KPU Kabupaten Kapuas", "Subbagian Hukum dan SDM", "Kontak",
                 "Jl. Tambun Bungai, Kuala Kapuas, Kalimantan Tengah", "(0513) 21055", "jdih@kapuas.kpu.go.id",
                 "kab-kapuas.kpu.go.id", "Media sosial resmi", "Instagram", "Facebook", "YouTube"]:
        assert part in footer, (page, part)


def test_the_404_page_is_indonesian_with_links_back(sample_site):
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in html and "404 - " not in html
    assert "<title>Halaman tidak ditemukan - JDIH Media Sosial KPU Kabupaten Kapuas</title>" in html
    body = between(html, '<div class="jdih-notfound">', "</ul>")
    assert "<h1>Halaman tidak ditemukan</h1>" in body
    # Absolute from the site's path: GitHub Pages shows this page at any depth.
    assert re.findall(r'href="([^"]+)"', body) == ["/jdih-medsos/", "/jdih-medsos/cari/", "/jdih-medsos/arsip/"]
    assert "Beranda" in text(body) and "Cari konten" in text(body)


def test_the_about_page_lists_contacts_and_accounts(sample_site):
    html = (sample_site / "tentang" / "index.html").read_text(encoding="utf-8")
    about = text(between(html, 'class="jdih-about"', "</article>"))
    for part in ["Kontak kantor", "Alamat", "Telepon", "(0513) 21055", "Surel", "Situs web", "Media sosial resmi",
                 "Instagram", "YouTube"]:
        assert part in about, part
    assert 'href="https://www.instagram.com/kpukabkapuas/"' in html
    assert "Konten juga tersedia sebagai umpan" in text(html)  # the page's own text stays first


def test_a_post_carries_the_letterhead_qr_and_a_print_time_slot(sample_site):
    html = (sample_site / POST / "index.html").read_text(encoding="utf-8")
    letterhead = text(between(html, 'class="jdih-print-only jdih-letterhead"', "</div>\n</div>"))
    assert "Sekretariat KPU Kabupaten Kapuas" in letterhead and "Jl. Tambun Bungai" in letterhead
    aside = between(html, '<aside class="jdih-print-only jdih-qr"', "</aside>")
    assert "<svg" in aside and SITE_URL + POST in aside
    # The print time is written when printing (jdih.js), never the publish time baked in.
    assert re.search(r'<span class="jdih-printed" data-timezone="Asia/Jakarta" data-zone="WIB" hidden> Dicetak '
                     r'<span class="jdih-printed__time"></span>\.</span>', aside)


def test_listings_have_no_table_of_contents_column(sample_site):
    for page in ["index.html", "kategori/peraturan/index.html", "agenda/index.html", "arsip/index.html"]:
        html = (sample_site / page).read_text(encoding="utf-8")
        assert re.search(r'class="md-sidebar md-sidebar--secondary"[^>]*\bhidden\b', html), page


def test_an_office_without_contacts_and_with_an_svg_logo(tmp_path):
    """A new office's settings: no contacts or accounts, the default SVG logo. The footer shows what
    there is and no empty section; the link preview falls back to the newest post's picture."""
    project = copy_project(tmp_path / "p")
    settings = project / "site_config" / "jdih.yml"
    text_ = re.sub(r"  # Kontak dan akun.*?youtube: \S+\n", "", settings.read_text(encoding="utf-8"), flags=re.S)
    text_ = re.sub(r"  logo: .*\n", "", text_)  # the default, assets/logo.svg
    settings.write_text(text_, encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"
    html = (site / "index.html").read_text(encoding="utf-8")
    footer = between(html, '<footer class="md-footer jdih-footer">', "</footer>")
    assert "Jl. Tambun Bungai" in footer and "Media sosial resmi" not in footer and "tel:" not in footer
    tags = meta(parse(site / "index.html"))
    assert tags["og:image"].startswith(SITE_URL + "media/") and tags["twitter:card"] == "summary_large_image"
    assert [a["href"] for t, a in parse(site / "index.html").elements if t == "link" and a.get("rel") == "icon"] \
        == ["assets/logo.svg"]
    about = (site / "tentang" / "index.html").read_text(encoding="utf-8")
    assert "Kontak kantor" in about and "Media sosial resmi" not in about
