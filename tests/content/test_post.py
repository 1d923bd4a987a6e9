"""The front matter model (PostMeta) and the reading of content files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pydantic
import pytest

from jdih.content.clock import office_zone
from jdih.content.post import PostMeta, parse_meta, read_source, slug_of, split_front_matter
from jdih.content.problems import ProblemsError
from tests.conftest import ROOT

WIB = office_zone("Asia/Jakarta")

FRONT = """---
title: Mengenal UU Pemilu
date: 2026-11-24
description: "Ringkasan   UU Pemilu
  untuk pemilih."
categories: [Peraturan]
tags: ["#Pemilu2029", DasarHukum]
image:
  src: media/foto.jpg
  alt: "  Sampul buku UU Nomor 7 Tahun 2017  "
caption: Kenali UU Pemilu.
legal_documents:
  - type: Undang-Undang
    number: 7
    year: 2017
    title: Pemilihan Umum
    url: https://peraturan.go.id/id/uu-no-7-tahun-2017
disposisi: 3
authors: [pengelola-jdih-kapuas]
---
Isi.
"""


def source(tmp_path: Path, text: str, name: str = "uu-pemilu.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_source(path, f"drafts/{name}")


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        parse_meta(source(tmp_path, text))
    return [str(problem) for problem in caught.value.problems]


def test_a_complete_front_matter_is_parsed_and_normalised(tmp_path):
    src = source(tmp_path, FRONT)
    meta = parse_meta(src)
    assert meta.title == "Mengenal UU Pemilu"
    assert meta.date == dt.datetime(2026, 11, 24, 8, 0, tzinfo=WIB)  # a bare date is 08:00 WIB
    assert meta.description == "Ringkasan UU Pemilu untuk pemilih."  # whitespace folded
    assert meta.tags == ["Pemilu2029", "DasarHukum"] and meta.hashtags == ["#Pemilu2029", "#DasarHukum"]
    assert meta.image.alt == "Sampul buku UU Nomor 7 Tahun 2017"
    document = meta.legal_documents[0]
    assert document.number == "7"  # YAML reads 7 as a number; the model keeps it as text
    assert document.label == "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum"
    assert (meta.disposisi, meta.authors, meta.slug, meta.provenance) == (3, ["pengelola-jdih-kapuas"], None, None)
    assert src.body == "Isi.\n" and src.body_line == 21


@pytest.mark.parametrize("written, expected", [
    ("2026-11-24 09:30", dt.datetime(2026, 11, 24, 9, 30, tzinfo=WIB)),
    ("2026-11-24T09:30:00", dt.datetime(2026, 11, 24, 9, 30, tzinfo=WIB)),
    ("2026-11-24T02:30:00Z", dt.datetime(2026, 11, 24, 9, 30, tzinfo=WIB)),  # UTC shown in WIB
])
def test_dates_are_in_wib(tmp_path, written, expected):
    meta = parse_meta(source(tmp_path, FRONT.replace("date: 2026-11-24", f"date: {written}")))
    assert meta.date == expected and meta.date.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("written, expected", [
    ("2026-11-24", dt.datetime(2026, 11, 24, 8, 0)),  # a bare date is 08:00 office time
    ("2026-11-24 09:30", dt.datetime(2026, 11, 24, 9, 30)),
    ("2026-11-24T02:30:00Z", dt.datetime(2026, 11, 24, 10, 30)),  # UTC shown in WITA
])
def test_dates_without_offset_are_read_in_the_office_zone(tmp_path, written, expected):
    makassar = office_zone("Asia/Makassar")
    meta = parse_meta(source(tmp_path, FRONT.replace("date: 2026-11-24", f"date: {written}")), "Asia/Makassar")
    assert meta.date == expected.replace(tzinfo=makassar) and meta.date.tzname() == "WITA"
    assert PostMeta.model_validate(meta.model_dump()).date.tzname() == "WIB"  # no context: the default zone


def test_front_matter_split_keeps_body_lines_with_crlf():
    yaml_text, body, body_line = split_front_matter("---\r\ntitle: x\r\n---\r\n\r\nIsi\r\n", "a.md")
    assert (yaml_text, body, body_line) == ("title: x\r\n", "\r\nIsi\r\n", 4)
    assert split_front_matter("---\n---\nIsi", "a.md") == ("", "Isi", 3)


def test_missing_front_matter_is_a_problem():
    with pytest.raises(ProblemsError) as caught:
        split_front_matter("title: x\n", "drafts/a.md")
    assert str(caught.value) == ("drafts/a.md:1: bagian front matter tidak ditemukan — awali berkas dengan "
                                 "baris '---', isian YAML, lalu '---' (lihat templat)")


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("---\ntitle: Pemilu\n---\n".encode("utf-16"))
    with pytest.raises(ProblemsError) as caught:
        read_source(path, "drafts/a.md")
    assert str(caught.value) == "drafts/a.md:1: berkas bukan teks UTF-8 — simpan ulang berkas dengan pengodean UTF-8"


def test_empty_front_matter_lists_every_required_key(tmp_path):
    assert messages(tmp_path, "---\n---\nIsi\n") == [
        f"drafts/uu-pemilu.md:2: {key}: wajib diisi tetapi tidak ada — tambahkan kunci ini beserta nilainya"
        for key in ["caption", "categories", "date", "description", "image", "title"]]


def test_front_matter_that_is_a_list(tmp_path):
    assert messages(tmp_path, "---\n- a\n- b\n---\n") == [
        "drafts/uu-pemilu.md:2: isi berkas harus berupa pemetaan (kunci: nilai) — mulai setiap baris dengan "
        "'kunci: nilai'"]


@pytest.mark.parametrize("old, new, expected", [
    ("title: Mengenal UU Pemilu", "title: " + "J" * 121,
     "drafts/uu-pemilu.md:2: title: terlalu panjang (maksimal 120) — persingkat isinya"),
    ("tags: [\"#Pemilu2029\", DasarHukum]", "tags: [Pemilu 2029]",
     "drafts/uu-pemilu.md:7: tags: tagar 'Pemilu 2029' tidak sah — gunakan huruf, angka atau garis bawah "
     "saja, tanpa spasi"),
    ("disposisi: 3", "disposisi: 0",
     "drafts/uu-pemilu.md:18: disposisi: harus paling kecil 1, ditemukan 0 — perbaiki angkanya"),
    ("disposisi: 3", "disposisi: 3\nslug: Uu_Pemilu",
     "drafts/uu-pemilu.md:19: slug: slug 'Uu_Pemilu' tidak sah (bisa keluar dari foldernya atau merusak "
     "alamat) — gunakan huruf kecil, angka dan tanda hubung saja, mis. 'uu-7-2017-pemilu'"),
    ("    year: 2017", "    year: 1900",
     "drafts/uu-pemilu.md:15: legal_documents.0.year: harus paling kecil 1945, ditemukan 1900 — perbaiki "
     "angkanya"),
    ("    url: https://peraturan.go.id/id/uu-no-7-tahun-2017", "    url: peraturan.go.id",
     "drafts/uu-pemilu.md:17: legal_documents.0.url: tautan dokumen harus diawali http:// atau https:// — "
     "salin alamat lengkapnya"),
    ("  - type: Undang-Undang\n    number: 7", "  - number: 7",
     "drafts/uu-pemilu.md:13: legal_documents.0.type: wajib diisi tetapi tidak ada — tambahkan kunci ini "
     "beserta nilainya"),
    ("date: 2026-11-24", "date: 24 November 2026",
     "drafts/uu-pemilu.md:3: date: harus berupa tanggal TTTT-BB-HH, boleh dengan jam JJ:MM, ditemukan "
     "'24 November 2026' — tulis mis. 2026-12-31; jam tidak wajib, bila perlu tulis setelah tanggal, mis. "
     "2026-12-31 09:00"),
    ("authors: [pengelola-jdih-kapuas]", "authors: pengelola-jdih-kapuas",
     "drafts/uu-pemilu.md:19: authors: harus berupa daftar (baris-baris diawali '- '), ditemukan "
     "'pengelola-jdih-kapuas' — tulis nilai sebagai daftar (baris-baris diawali '- ')"),
])
def test_field_problems_name_line_key_and_fix(tmp_path, old, new, expected):
    assert old in FRONT
    assert messages(tmp_path, FRONT.replace(old, new)) == [expected]


def test_unknown_keys_are_refused_at_every_level(tmp_path):
    text = FRONT.replace("  src: media/foto.jpg", "  src: media/foto.jpg\n  caption: x")
    text = text.replace("disposisi: 3", "disposisi: 3\nkategori: Peraturan")
    assert messages(tmp_path, text) == [
        "drafts/uu-pemilu.md:10: image.caption: kunci tidak dikenal — hapus kunci ini atau periksa ejaannya "
        "(lihat templat/dokumentasi)",
        # the Indonesian word for the key is close enough to be named (difflib, as for every key)
        "drafts/uu-pemilu.md:20: kategori: kunci tidak dikenal — mungkin maksud Anda 'categories'? Perbaiki "
        "ejaannya, atau hapus kunci ini",
    ]


def test_slug_of_file_and_folder():
    assert slug_of(Path("drafts/uu-pemilu.md")) == "uu-pemilu"
    assert slug_of(Path("content/posts/2026/rapat-pleno/index.md")) == "rapat-pleno"


def test_model_forbids_unknown_keys_directly():
    with pytest.raises(pydantic.ValidationError):
        PostMeta.model_validate({"title": "x", "warna": "biru"})


# -- what a draft may carry onto the page (content.safety, content.urls, the settings' categories) --

SETTINGS_FILE = ROOT / "site_config" / "jdih.yml"
CHARS_FIX = "hapus karakter itu (ketik ulang bagian teks yang disalin dari aplikasi lain)"


def test_control_and_bidi_characters_are_refused_with_their_line(tmp_path):
    text = FRONT.replace("title: Mengenal UU Pemilu", 'title: "Mengenal\\x1b UU Pemilu"')
    text = text.replace("caption: Kenali UU Pemilu.", 'caption: "Kenali \\u202eUU Pemilu."')
    text = text.replace("    title: Pemilihan Umum", '    title: "Pemilihan\\0 Umum"')
    assert messages(tmp_path, text) == [
        f"drafts/uu-pemilu.md:2: title: teks memuat karakter kendali yang tak terlihat (U+001B); umpan RSS "
        f"dan halaman tidak dapat memuatnya — {CHARS_FIX}",
        f"drafts/uu-pemilu.md:11: caption: teks memuat karakter pembalik arah tulisan yang tak terlihat "
        f"(U+202E); ia dapat menyamarkan isi — {CHARS_FIX}",
        f"drafts/uu-pemilu.md:16: legal_documents.0.title: teks memuat karakter kendali yang tak terlihat "
        f"(U+0000); umpan RSS dan halaman tidak dapat memuatnya — {CHARS_FIX}",
    ]


def test_the_build_context_strips_those_characters_instead():
    from jdih.content.post import post_context

    data = {"title": "Judul\x1b\u202e\u2066 uji\u200f", "date": "2026-11-24", "description": "Ring\x85kasan.",
            "categories": ["Peraturan"], "tags": ["Uji"], "image": {"src": "g.png", "alt": "Gambar\x7f uji"},
            "caption": "Takarir\ud800."}
    meta = PostMeta.model_validate(data, context=post_context(strip=True))
    # U+200F (right-to-left mark) reorders nothing and is kept
    assert (meta.title, meta.description, meta.image.alt, meta.caption) == (
        "Judul uji\u200f", "Ringkasan.", "Gambar uji", "Takarir.")
    with pytest.raises(pydantic.ValidationError):
        PostMeta.model_validate(data, context=post_context())


def test_categories_outside_the_settings_are_refused_by_the_model(tmp_path):
    from jdih.content.settings import load_settings

    settings = load_settings(SETTINGS_FILE)
    text = FRONT.replace("categories: [Peraturan]", "categories:\n  - Peraturan\n  - <img src=x onerror=alert(1)>")
    with pytest.raises(ProblemsError) as caught:
        parse_meta(source(tmp_path, text), settings)
    assert [str(p) for p in caught.value.problems] == [
        "drafts/uu-pemilu.md:8: categories.1: kategori '<img src=x onerror=alert(1)>' tidak dikenal — gunakan "
        "salah satu dari: Peraturan, Keputusan, Informasi Hukum, Kegiatan"]
    assert parse_meta(source(tmp_path, FRONT), settings).categories == ["Peraturan"]
    assert parse_meta(source(tmp_path, text)).categories[1].startswith("<img")  # no settings, no list to hold to


def test_a_tag_or_slug_with_a_line_break_is_refused(tmp_path):
    text = FRONT.replace('tags: ["#Pemilu2029", DasarHukum]', 'tags: ["Pemilu\\n"]')
    assert messages(tmp_path, text) == [
        "drafts/uu-pemilu.md:7: tags: tagar 'Pemilu\n' tidak sah — gunakan huruf, angka atau garis bawah saja, "
        "tanpa spasi"]


@pytest.mark.parametrize("url, expected", [
    ("javascript:alert(1)", "tautan 'javascript:alert(1)' tidak diizinkan: hanya https:// atau http:// — tulis "
                            "alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'"),
    ("JaVa\tScript:alert(1)", "tautan 'JaVa\tScript:alert(1)' tidak diizinkan: hanya https:// atau http:// — "
                              "tulis alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'"),
    ("data:text/html,x", "tautan 'data:text/html,x' tidak diizinkan: hanya https:// atau http:// — tulis "
                         "alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'"),
    ("https://github.com/o/r/pull/1\" onmouseover=\"alert(1)",
     "tautan 'https://github.com/o/r/pull/1\" onmouseover=\"alert(1)' memuat spasi, garis miring terbalik, tanda "
     "kutip, '<', '>' atau karakter kendali — salin ulang alamatnya; spasi di dalam alamat ditulis %20"),
    ("https://", "tautan 'https://' tidak lengkap — tulis alamat lengkap yang diawali https://, mis. "
                 "'https://jdih.kpu.go.id/'"),
])
def test_provenance_links_pass_the_one_url_rule(tmp_path, url, expected):
    import json

    text = FRONT.replace("disposisi: 3", f"disposisi: 3\nprovenance:\n  pull_request: 1\n  pull_request_url: "
                                         f"{json.dumps(url)}")
    assert messages(tmp_path, text) == [f"drafts/uu-pemilu.md:21: provenance.pull_request_url: {expected}"]


@pytest.mark.parametrize("url, schemes, relative, allowed", [
    ("https://jdih.kpu.go.id/a?b=1#c", "web", False, True),
    ("HTTP://kpu.go.id", "web", False, True),
    ("http://127.0.0.1:8080/o/r/pull/3", "web", False, True),
    ("mailto:jdih@kpu.go.id", "link", True, True),
    ("mailto:jdih@kpu.go.id", "web", False, False),
    ("../2025/uu-pemilu/#dasar", "link", True, True),
    ("media/foto.jpg", "link", True, True),
    ("#bagian", "link", True, True),
    ("media/foto.jpg", "web", False, False),
    ("//evil.example/", "link", True, False),
    ("/jdih-medsos/posts/", "link", True, False),
    ("\\\\evil.example\\x", "link", True, False),
    ("https://kpu.go.id@evil.example/", "web", False, False),
    ("tel:+62513", "link", True, False),
    ("ftp://x.example/", "link", True, False),
    (" javascript:alert(1)", "link", True, False),
    ("java\nscript:alert(1)", "link", True, False),
    ("vbscript:x", "link", True, False),
    ("https://x.example/<script>", "web", False, False),
])
def test_the_one_url_rule(url, schemes, relative, allowed):
    from jdih.content.urls import LINK_SCHEMES, WEB_SCHEMES, is_allowed_url

    chosen = WEB_SCHEMES if schemes == "web" else LINK_SCHEMES
    assert is_allowed_url(url, schemes=chosen, relative=relative) is allowed


def test_markdown_text_shows_data_as_written():
    import markdown

    from jdih.content.safety import markdown_text

    for text, multiline in [
            ("Judul <img src=x onerror=alert(1)> & *tebal* _miring_ [tautan](javascript:x) `kode` | sel {: #x }",
             False),
            ("Tarif &amp; lainnya \\ garis", False), ("# bukan judul", True), ("1. bukan daftar", True)]:
        rendered = markdown.markdown(markdown_text(text, multiline=multiline), extensions=["tables", "attr_list"])
        assert rendered == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>", text


def test_the_build_context_drops_a_url_outside_the_rule():
    from jdih.content.post import post_context

    data = {"title": "Judul", "date": "2026-11-24", "description": "Ringkasan.", "categories": ["Peraturan"],
            "image": {"src": "g.png", "alt": "Gambar uji"}, "caption": "Takarir.",
            "legal_documents": [{"type": "UU", "number": 7, "year": 2017, "title": "Pemilu",
                                 "url": "javascript:alert(1)"}],
            "provenance": {"pull_request": 3, "pull_request_url": "JaVaScRiPt:alert(2)"}}
    meta = PostMeta.model_validate(data, context=post_context(strip=True))
    assert meta.legal_documents[0].url is None and meta.provenance.pull_request_url is None  # shown, never linked
    with pytest.raises(pydantic.ValidationError) as caught:
        PostMeta.model_validate(data, context=post_context())
    assert [error["loc"] for error in caught.value.errors()] == [
        ("legal_documents", 0, "url"), ("provenance", "pull_request_url")]


def test_dates_are_bounded_by_the_calendar_and_by_now(tmp_path):
    """From 1945 on; a later date is no refusal of the model (a date more than DATE_AHEAD after now
    without `publish_at` is a warning of `jdih periksa`: tests/sop/test_check.py); a moment the
    office's calendar cannot hold is a problem, not an OverflowError from deep in a stage."""
    import yaml

    from jdih.content.post import NOW_CONTEXT, post_context

    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=WIB)
    base = yaml.safe_load(FRONT.split("---\n")[1])

    def errors(**changes):
        data = {**base, **changes}
        try:
            PostMeta.model_validate(data, context=post_context() | {NOW_CONTEXT: now})
        except pydantic.ValidationError as exc:
            return [(".".join(map(str, e["loc"])), e["msg"].removeprefix("Value error, ")) for e in exc.errors()]
        return []

    assert errors(date=dt.datetime(2026, 12, 2, 10, 0, tzinfo=WIB)) == []
    assert errors(date=dt.datetime(2026, 12, 2, 10, 1, tzinfo=WIB)) == []
    assert errors(date=dt.datetime(2027, 6, 1, 8, 0, tzinfo=WIB)) == []
    overflow = dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(-dt.timedelta(hours=14)))
    calendar = ("tanggal ini di luar jangkauan kalender (tahun 1 sampai 9999 di zona waktu kantor) — tulis tanggal "
                "yang benar, mis. 2026-11-24")
    assert errors(date=overflow) == [("date", calendar)]
    assert errors(provenance={"approved_at": overflow}) == [("provenance.approved_at", calendar)]
    assert errors(date=dt.date(1944, 12, 31)) == [(
        "date", "tanggal 1944-12-31 terlalu lampau (paling awal 1945-01-01) — tulis tanggal konten ini dibuat, mis. "
        "2026-11-24")]
