"""The front matter model (PostMeta) and the reading of content files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pydantic
import pytest

from jdih.content.clock import office_zone
from jdih.content.post import PostMeta, parse_meta, read_source, slug_of, split_front_matter
from jdih.content.problems import ProblemsError

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
     "drafts/uu-pemilu.md:3: date: harus berupa tanggal dan jam (TTTT-BB-HH JJ:MM), ditemukan "
     "'24 November 2026' — tulis nilai sebagai tanggal dan jam (TTTT-BB-HH JJ:MM)"),
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
        "drafts/uu-pemilu.md:20: kategori: kunci tidak dikenal — hapus kunci ini atau periksa ejaannya "
        "(lihat templat/dokumentasi)",
    ]


def test_slug_of_file_and_folder():
    assert slug_of(Path("drafts/uu-pemilu.md")) == "uu-pemilu"
    assert slug_of(Path("content/posts/2026/rapat-pleno/index.md")) == "rapat-pleno"


def test_model_forbids_unknown_keys_directly():
    with pytest.raises(pydantic.ValidationError):
        PostMeta.model_validate({"title": "x", "warna": "biru"})
