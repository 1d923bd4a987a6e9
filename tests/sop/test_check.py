"""`jdih periksa`: every kind of problem, with its exact Indonesian message and line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from jdih.cli.main import main
from jdih.content.post import parse_meta, read_source
from jdih.content.settings import load_settings
from jdih.content.social_text import x_length, x_share_length
from jdih.sop.check import check_paths, collect_targets
from jdih.sop.draft import render_draft_template
from tests.conftest import ROOT  # noqa: E402

GOOD = """---
title: Mengenal UU Pemilu
date: 2026-11-24
description: Ringkasan UU Pemilu untuk pemilih.
categories: [Peraturan]
tags: [Pemilu2029, DasarHukum]
image:
  src: media/foto.jpg
  alt: Sampul buku UU Nomor 7 Tahun 2017
caption: Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.
disposisi: 3
authors: [pengelola-jdih-kapuas]
---

Isi konten tentang UU Pemilu.

Paragraf kedua dengan [tautan](https://peraturan.go.id/) dan **huruf tebal**.
"""
# " #Pemilu2029 #DasarHukum #JDIHKPU #KPUKapuas": the tags and the office's hashtags.
HASHTAGS_ADDED = 44
FIX_HTML = ("hapus bagian ini; tulis isi dengan Markdown biasa, dan untuk video, peta atau formulir "
            "cukup cantumkan tautan https:// ke halamannya")
DRAFT = "drafts/uu-pemilu.md"


def picture(path: Path, width: int = 800, height: int = 450, kind: str = "JPEG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), (20, 60, 120)).save(path, kind)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "site_config").mkdir()
    shutil.copy(ROOT / "site_config" / "jdih.yml", tmp_path / "site_config" / "jdih.yml")
    picture(tmp_path / "drafts" / "media" / "foto.jpg")
    return tmp_path


@pytest.fixture
def settings(repo: Path):
    return load_settings(repo / "site_config" / "jdih.yml")


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edited(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new)


def problems_of(repo: Path, settings, text: str, relative: str = DRAFT) -> list[str]:
    write(repo, relative, text)
    return [str(problem) for problem in check_paths([relative], settings, repo)]


# --- a good draft, and the template ----------------------------------------------------

def test_a_complete_draft_has_no_problem(repo, settings):
    write(repo, DRAFT, GOOD)
    assert check_paths([], settings, repo) == []


def test_folder_draft_with_media_beside_it_has_no_problem(repo, settings):
    picture(repo / "drafts" / "rapat-pleno" / "foto.jpg")
    write(repo, "drafts/rapat-pleno/index.md", edited("src: media/foto.jpg", "src: foto.jpg"))
    assert check_paths(["drafts/rapat-pleno"], settings, repo) == []


def test_unfilled_template_fails_until_completed_then_passes(repo, settings):
    text = render_draft_template(settings, templates=ROOT / "site_config" / "templates",
                                 title='UU Pemilu: "dasar" hukum #1', slug="uu-pemilu",
                                 date="2026-11-24", disposisi="#3", author="@pengelola-jdih-kapuas")
    problems = problems_of(repo, settings, text)
    line = {key: n for n, row in enumerate(text.splitlines(), 1) for key in
            ("description:", "  -", "  src:", "  alt:", "caption:") if row.startswith(key)}
    assert problems == [
        f"{DRAFT}:{line['description:']}: description: tidak boleh kosong — isi nilainya",
        f"{DRAFT}:{line['  -']}: categories: kategori belum diisi — tulis salah satu dari: "
        "Peraturan, Keputusan, Informasi Hukum, Kegiatan",
        f"{DRAFT}:{line['  src:']}: image.src: tidak boleh kosong — isi nilainya",
        f"{DRAFT}:{line['  alt:']}: image.alt: tidak boleh kosong — isi nilainya",
        f"{DRAFT}:{line['caption:']}: caption: tidak boleh kosong — isi nilainya",
    ]
    filled = (text.replace('description: ""', 'description: "Ringkasan UU Pemilu."')
              .replace("categories:\n  -\n", "categories:\n  - Peraturan\n")
              .replace('src: ""', "src: media/foto.jpg")
              .replace('alt: ""', 'alt: "Sampul buku UU Nomor 7 Tahun 2017"')
              .replace("caption: |\n", "caption: |\n  Kenali UU Pemilu.\n  Baris kedua.\n"))
    assert problems_of(repo, settings, filled) == []
    meta = parse_meta(read_source(repo / DRAFT))
    assert meta.title == 'UU Pemilu: "dasar" hukum #1'
    assert meta.authors == ["pengelola-jdih-kapuas"] and meta.disposisi == 3
    assert meta.caption == "Kenali UU Pemilu.\nBaris kedua.\n"


def test_template_documents_every_key_of_the_format(settings):
    from jdih.content.post import PostMeta
    text = render_draft_template(settings, templates=ROOT / "site_config" / "templates", title="x")
    for key in set(PostMeta.model_fields) - {"provenance"}:
        assert f"{key}:" in text or f"{key} " in text, key
    assert "#   - Informasi Hukum" in text  # the office's categories, listed for the writer
    assert "disposisi: \n" in text and "authors: []" in text  # empty values stay valid YAML


# --- front matter and fields -------------------------------------------------------------

def test_missing_front_matter(repo, settings):
    assert problems_of(repo, settings, "Isi tanpa front matter.\n") == [
        f"{DRAFT}:1: bagian front matter tidak ditemukan — awali berkas dengan baris '---', "
        "isian YAML, lalu '---' (lihat templat)"]


def test_broken_yaml_names_its_line_and_the_body_is_still_checked(repo, settings):
    text = edited("title: Mengenal UU Pemilu", 'title: "Mengenal UU Pemilu')
    text = edited("Paragraf kedua", "<script>x()</script> Paragraf kedua", text)
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:2: YAML rusak: tanda kutip dibuka tetapi tidak ditutup — tutup tanda kutipnya di akhir "
        "nilai, pada baris yang sama",
        f"{DRAFT}:17: isi: tag HTML <script> tidak diizinkan karena dapat menjalankan kode atau "
        f"mengubah halaman — {FIX_HTML}",
    ]


def test_broken_yaml_indentation(repo, settings):
    text = edited("  alt: Sampul", " alt: Sampul")
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:9: YAML rusak: indentasi baris ini tidak cocok dengan baris di atasnya — samakan jumlah "
        "spasi di awal baris ini dengan kunci lain pada tingkat yang sama (mis. 'src:' dan 'alt:' di bawah "
        "'image:' sama-sama dua spasi)"]


def test_impossible_date_is_a_problem_not_a_crash(repo, settings):
    assert problems_of(repo, settings, edited("date: 2026-11-24", "date: 2026-13-45")) == [
        f"{DRAFT}:3: date: tanggal '2026-13-45' tidak ada di kalender: bulan 13 tidak ada (bulan ditulis 01 "
        "sampai 12) — tulis tanggal yang benar sebagai TTTT-BB-HH, mis. 2026-12-31; jam tidak wajib (tanpa jam, "
        "konten bertanggal pukul 08.00); bila perlu, tulis jamnya setelah tanggal, mis. 2026-12-31 09:00"]


def test_missing_and_wrong_typed_fields_are_all_reported(repo, settings):
    text = edited("description: Ringkasan UU Pemilu untuk pemilih.\n", "")
    text = edited("disposisi: 3", "disposisi: tiga", text)
    text = edited("tags: [Pemilu2029, DasarHukum]", "tags: Pemilu2029", text)
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:2: description: wajib diisi tetapi tidak ada — tambahkan kunci ini beserta nilainya",
        f"{DRAFT}:5: tags: harus berupa daftar (baris-baris diawali '- '), ditemukan 'Pemilu2029' — "
        "tulis nilai sebagai daftar (baris-baris diawali '- ')",
        f"{DRAFT}:10: disposisi: harus berupa bilangan bulat, ditemukan 'tiga' — tulis nilai sebagai "
        "bilangan bulat",
    ]


def test_unknown_keys_suggest_the_intended_one(repo, settings):
    text = edited("disposisi: 3", "disposisi: 3\ncapton: Takarir\nwarna: biru")
    text = edited("  alt: Sampul", "  atl: Sampul", text)
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:7: image.alt: wajib diisi tetapi tidak ada — tambahkan kunci ini beserta nilainya",
        f"{DRAFT}:9: image.atl: kunci tidak dikenal — mungkin maksud Anda 'alt'? Perbaiki ejaannya, "
        "atau hapus kunci ini",
        f"{DRAFT}:12: capton: kunci tidak dikenal — mungkin maksud Anda 'caption'? Perbaiki ejaannya, "
        "atau hapus kunci ini",
        f"{DRAFT}:13: warna: kunci tidak dikenal — hapus kunci ini atau periksa ejaannya "
        "(lihat templat/dokumentasi)",
    ]


def test_unknown_category_names_the_allowed_list(repo, settings):
    text = edited("categories: [Peraturan]", "categories:\n  - Peraturan\n  - Berita")
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:7: categories: kategori 'Berita' tidak dikenal — gunakan salah satu dari: "
        "Peraturan, Keputusan, Informasi Hukum, Kegiatan"]


def test_category_with_wrong_case_suggests_the_exact_name(repo, settings):
    assert problems_of(repo, settings, edited("[Peraturan]", "[informasi hukum]")) == [
        f"{DRAFT}:5: categories: kategori 'informasi hukum' tidak dikenal — tulis persis 'Informasi Hukum'"]


def test_too_many_categories(repo, settings):
    assert problems_of(repo, settings, edited("[Peraturan]", "[Peraturan, Keputusan, Kegiatan]")) == [
        f"{DRAFT}:5: categories: terlalu panjang (maksimal 2) — persingkat isinya"]


def test_description_too_long_for_a_link_preview(repo, settings):
    long = "Ringkasan " * 16 + "x"  # 161 characters
    assert problems_of(repo, settings, edited("Ringkasan UU Pemilu untuk pemilih.", long)) == [
        f"{DRAFT}:4: description: terlalu panjang untuk pratinjau tautan (161 karakter, maksimal 160) — "
        "persingkat menjadi satu atau dua kalimat"]


def test_provenance_is_refused_in_a_draft_but_kept_in_a_post(repo, settings):
    stamped = edited("authors: [pengelola-jdih-kapuas]",
                     "authors: [pengelola-jdih-kapuas]\nprovenance:\n  approver: kasubbag-kapuas")
    assert problems_of(repo, settings, stamped) == [
        f"{DRAFT}:13: provenance: provenance hanya diisi otomatis saat konten terbit — "
        "hapus kunci provenance dari draf"]
    os.remove(repo / DRAFT)
    picture(repo / "content/posts/2026/uu-pemilu/foto.jpg")
    post = edited("src: media/foto.jpg", "src: foto.jpg", stamped)
    assert problems_of(repo, settings, post, "content/posts/2026/uu-pemilu/index.md") == []


# --- the image ---------------------------------------------------------------------------

@pytest.mark.parametrize("src, what, fix", [
    ("media/tidak-ada.jpg", "berkas gambar 'media/tidak-ada.jpg' tidak ditemukan",
     "periksa nama berkasnya (huruf besar/kecil berpengaruh) dan unggah gambarnya ke folder yang sama "
     "dengan berkas ini atau ke subfoldernya"),
    ("media/Foto.jpg", "berkas gambar 'media/Foto.jpg' tidak ditemukan",
     "periksa nama berkasnya (huruf besar/kecil berpengaruh) dan unggah gambarnya ke folder yang sama "
     "dengan berkas ini atau ke subfoldernya"),
    ("../foto.jpg", "jalur gambar '../foto.jpg' keluar dari folder konten",
     "simpan gambar di repositori, di folder media/ di samping berkas ini, lalu tulis mis. "
     "'media/nama-gambar.jpg'"),
    ("media/../../site_config/jdih.yml", "jalur gambar 'media/../../site_config/jdih.yml' keluar dari "
     "folder konten", "simpan gambar di repositori, di folder media/ di samping berkas ini, lalu tulis "
     "mis. 'media/nama-gambar.jpg'"),
    ("/etc/hosts", "jalur gambar '/etc/hosts' keluar dari folder konten",
     "simpan gambar di repositori, di folder media/ di samping berkas ini, lalu tulis mis. "
     "'media/nama-gambar.jpg'"),
    ("https://example.com/foto.jpg", "gambar 'https://example.com/foto.jpg' berupa tautan; gambar harus "
     "tersimpan di repositori", "simpan gambar di repositori, di folder media/ di samping berkas ini, "
     "lalu tulis mis. 'media/nama-gambar.jpg'"),
    ("media\\foto.jpg", "jalur gambar 'media\\foto.jpg' memakai garis miring terbalik '\\'",
     "gunakan garis miring biasa '/', mis. 'media/nama-gambar.jpg'"),
])
def test_image_path_problems(repo, settings, src, what, fix):
    text = edited("src: media/foto.jpg", f"src: '{src}'")
    assert problems_of(repo, settings, text) == [f"{DRAFT}:8: image.src: {what} — {fix}"]


def test_image_symlink_out_of_the_folder_is_refused(repo, settings, tmp_path_factory):
    outside = picture(tmp_path_factory.mktemp("luar") / "foto.jpg")
    (repo / "drafts" / "media" / "tautan.jpg").symlink_to(outside)
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/tautan.jpg")) == [
        f"{DRAFT}:8: image.src: jalur gambar 'media/tautan.jpg' keluar dari folder konten — simpan gambar "
        "di repositori, di folder media/ di samping berkas ini, lalu tulis mis. 'media/nama-gambar.jpg'"]


def test_image_that_is_not_an_image(repo, settings):
    (repo / "drafts" / "media" / "palsu.jpg").write_text("<svg onload=alert(1)>", encoding="utf-8")
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/palsu.jpg")) == [
        f"{DRAFT}:8: image.src: berkas 'media/palsu.jpg' bukan gambar yang dapat dibaca — gunakan berkas "
        "gambar JPEG, PNG, WebP, GIF"]


def test_image_in_an_unsupported_format(repo, settings):
    """Only JPEG, PNG, WebP and GIF, by name and by content (Pillow tries no other decoder)."""
    picture(repo / "drafts" / "media" / "foto.bmp", kind="BMP")
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/foto.bmp")) == [
        f"{DRAFT}:8: image.src: berkas 'media/foto.bmp' bukan gambar: namanya harus berakhiran .jpg, .jpeg, "
        ".png, .webp atau .gif — gunakan berkas gambar JPEG, PNG, WebP, GIF"]
    picture(repo / "drafts" / "media" / "bmp.png", kind="BMP")
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/bmp.png")) == [
        f"{DRAFT}:8: image.src: berkas 'media/bmp.png' bukan gambar yang dapat dibaca — gunakan berkas gambar "
        "JPEG, PNG, WebP, GIF"]
    (repo / "drafts" / "media" / "logo.svg").write_text('<svg onload="alert(1)"/>', encoding="utf-8")
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/logo.svg")) == [
        f"{DRAFT}:8: image.src: gambar 'media/logo.svg' berformat SVG, yang tidak diterima karena dapat memuat "
        "skrip — simpan ulang gambar sebagai PNG atau JPEG"]
    assert [str(p) for p in check_paths([], settings, repo) if p.file != DRAFT] == [
        "drafts/media/foto.bmp:1: jenis berkas ini tidak diterima sebagai lampiran konten (yang diterima: .jpg, "
        ".jpeg, .png, .webp, .gif, .pdf) — hapus berkas ini; untuk dokumen lain, simpan sebagai PDF atau "
        "cantumkan tautan https:// ke halamannya",
        "drafts/media/logo.svg:1: gambar SVG tidak diterima karena dapat memuat skrip — simpan ulang gambar "
        "sebagai PNG atau JPEG, atau hapus berkas ini"]


def test_image_over_the_size_limit(repo, settings):
    big = repo / "drafts" / "media" / "besar.jpg"
    shutil.copy(repo / "drafts" / "media" / "foto.jpg", big)
    with big.open("ab") as handle:  # a real JPEG followed by padding, 5.5 MB in all
        handle.write(b"\0" * (5 * 1024 * 1024 + 512 * 1024 - big.stat().st_size))
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/besar.jpg")) == [
        f"{DRAFT}:8: image.src: berkas gambar terlalu besar (5,5 MB, maksimal 5 MB) — perkecil gambar, "
        "mis. lebar 2000 px dengan kualitas JPEG 85"]


def test_image_too_narrow(repo, settings):
    picture(repo / "drafts" / "media" / "kecil.png", 199, 400, "PNG")
    picture(repo / "drafts" / "media" / "cukup.png", 200, 100, "PNG")
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/kecil.png")) == [
        f"{DRAFT}:8: image.src: gambar terlalu kecil (199 px lebar, minimal 200 px) — gunakan gambar yang "
        "lebih besar; untuk pratinjau tautan idealnya 1200 px atau lebih"]
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/cukup.png")) == []


def test_image_without_alt_text(repo, settings):
    assert problems_of(repo, settings, edited("  alt: Sampul buku UU Nomor 7 Tahun 2017\n", "")) == [
        f"{DRAFT}:7: image.alt: wajib diisi tetapi tidak ada — tambahkan kunci ini beserta nilainya"]
    assert problems_of(repo, settings, edited("alt: Sampul buku UU Nomor 7 Tahun 2017", "alt: foto")) == [
        f"{DRAFT}:9: image.alt: teks alternatif gambar terlalu pendek — jelaskan isi gambar dalam satu "
        "kalimat"]


# --- captions and platform limits ---------------------------------------------------------

def test_x_counts_caption_hashtags_and_the_link(repo, settings):
    fits = "a" * (280 - HASHTAGS_ADDED - 1 - 23)
    assert problems_of(repo, settings, edited("Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.", fits)) == []
    over = fits + "b"
    assert problems_of(repo, settings, edited("Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.", over)) == [
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk X: 281 karakter, maksimal 280 (sudah "
        "termasuk tagar dan tautan 23 karakter) — tambahkan kunci caption_x berisi takarir pendek khusus "
        "untuk X"]


def test_caption_x_replaces_the_caption_for_x_and_has_the_same_limit(repo, settings):
    long = "kata " * 60
    text = edited("Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.", long)
    assert problems_of(repo, settings, edited("disposisi: 3", "caption_x: Kenali UU Pemilu.\ndisposisi: 3",
                                              text)) == []
    too_long = "x" * 213
    assert problems_of(repo, settings, edited("disposisi: 3", f"caption_x: {too_long}\ndisposisi: 3",
                                              text)) == [
        f"{DRAFT}:11: caption_x: takarir untuk X terlalu panjang: 281 karakter, maksimal 280 (sudah "
        "termasuk tagar dan tautan 23 karakter) — persingkat caption_x atau kurangi tagar"]


def test_x_length_weights_emoji_and_links_like_x():
    assert x_length("Halo 👋") == 7
    assert x_length("Lihat https://peraturan.go.id/id/uu-no-7-tahun-2017") == len("Lihat ") + 23
    # A hashtag already in the caption is not added twice.
    assert x_share_length("Pemilu #pemilu2029", ["Pemilu2029"], ["JDIHKPU"]) == 18 + 9 + 1 + 23


def test_caption_over_instagram_length(repo, settings):
    caption = ("kata " * 440).strip()  # 2,199 characters, 2,243 with the hashtags
    text = edited("caption: Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.",
                  f"caption: {caption}\ncaption_x: Kenali UU Pemilu.")
    # Telegram: the same plus a blank line and the page's link (62 characters).
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk Instagram: 2.243 karakter, maksimal 2.200 "
        "(sudah termasuk tagar) — persingkat takarir, atau isi captions.instagram dengan takarir pendek khusus "
        "Instagram; rincian dapat ditulis di isi konten",
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk Telegram: 2.307 karakter, maksimal 1.024 (batas "
        "takarir foto; sudah termasuk tagar dan tautan) — isi captions.telegram dengan takarir pendek khusus Telegram"]


def test_caption_with_too_many_hashtags_for_instagram(repo, settings):
    in_caption = " ".join(f"#Tagar{n}" for n in range(27))  # + 4 from tags and the office = 31
    text = edited("caption: Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.",
                  f'caption: "Kenali UU Pemilu. {in_caption}"\ncaption_x: Kenali UU Pemilu.')
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:10: caption: terlalu banyak tagar untuk Instagram: 31, maksimal 30 (tagar di takarir, "
        "di tags, dan tagar kantor) — kurangi tagar di takarir atau di tags"]
    fewer = " ".join(f"#Tagar{n}" for n in range(24)) + " #pemilu2029"  # repeats a tag: 24 + 4 = 28
    assert problems_of(repo, settings, edited(in_caption, fewer, text)) == []


def test_caption_over_facebook_length(repo, settings):
    caption = ("kata " * 12700).strip()  # 63,499 characters, 63,543 with the hashtags, 63,607 with the link
    text = edited("caption: Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.",
                  f"caption: {caption}\ncaption_x: Kenali UU Pemilu.")
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk Facebook: 63.607 karakter, maksimal 63.206 "
        "(sudah termasuk tagar dan tautan) — persingkat takarir, atau isi captions.facebook dengan takarir pendek "
        "khusus Facebook; rincian dapat ditulis di isi konten",
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk Instagram: 63.543 karakter, maksimal 2.200 "
        "(sudah termasuk tagar) — persingkat takarir, atau isi captions.instagram dengan takarir pendek khusus "
        "Instagram; rincian dapat ditulis di isi konten",
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk Telegram: 63.607 karakter, maksimal 1.024 (batas "
        "takarir foto; sudah termasuk tagar dan tautan) — isi captions.telegram dengan takarir pendek khusus Telegram",
    ]


# The page's link as the captions carry it: the settings' site URL and where promotion puts the draft.
LINK = "https://kpu-kapuas.github.io/jdih-medsos/posts/2026/uu-pemilu/"
CAPTION_LINE = "caption: Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum."


def test_telegram_counts_the_caption_hashtags_a_blank_line_and_the_link(repo, settings):
    room = 1024 - HASHTAGS_ADDED - 2 - len(LINK)  # what the caption itself may hold
    fits = edited(CAPTION_LINE, f"caption: {'a' * room}\ncaption_x: Kenali UU Pemilu.")
    assert problems_of(repo, settings, fits) == []
    over = edited(CAPTION_LINE, f"caption: {'a' * (room + 1)}\ncaption_x: Kenali UU Pemilu.")
    assert problems_of(repo, settings, over) == [
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk Telegram: 1.025 karakter, maksimal 1.024 (batas "
        "takarir foto; sudah termasuk tagar dan tautan) — isi captions.telegram dengan takarir pendek khusus Telegram"]
    # An emoji outside the BMP is two UTF-16 units (the stricter of the two counts reported).
    emoji = edited(CAPTION_LINE, f"caption: {'a' * (room - 1)}😀\ncaption_x: Kenali UU Pemilu.")
    assert [p.split(": ", 2)[2].split(" (")[0] for p in problems_of(repo, settings, emoji)] == [
        "takarir terlalu panjang untuk Telegram: 1.025 karakter, maksimal 1.024"]


def test_a_platforms_own_caption_replaces_the_main_one_there_only(repo, settings):
    long = "kata " * 220  # 1,099 characters: too long for X and Telegram, fine for Instagram and Facebook
    text = edited(CAPTION_LINE, f"caption: {long.strip()}\n"
                  "captions:\n  telegram: Kenali UU Pemilu di kanal kami.\n  x: Kenali UU Pemilu.")
    assert problems_of(repo, settings, text) == []
    # Without the X one, the main caption is measured for X again, at its own line.
    assert problems_of(repo, settings, edited("\n  x: Kenali UU Pemilu.", "", text)) == [
        f"{DRAFT}:10: caption: takarir terlalu panjang untuk X: 1.167 karakter, maksimal 280 (sudah termasuk tagar "
        "dan tautan 23 karakter) — tambahkan kunci caption_x berisi takarir pendek khusus untuk X"]


def test_each_override_is_measured_for_its_platform_at_its_own_line(repo, settings):
    text = edited(CAPTION_LINE, CAPTION_LINE + "\ncaptions:\n"
                  f"  instagram: {'i' * 2200}\n"     # line 12
                  f"  facebook: {'f' * 63200}\n"     # line 13
                  f"  telegram: |\n    {'t' * 1000}\n"  # line 14
                  f"  x: {'x' * 213}")                # line 16
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:12: captions.instagram: takarir untuk Instagram terlalu panjang: 2.244 karakter, maksimal 2.200 "
        "(sudah termasuk tagar) — persingkat captions.instagram atau kurangi tagar",
        f"{DRAFT}:13: captions.facebook: takarir untuk Facebook terlalu panjang: 63.308 karakter, maksimal 63.206 "
        "(sudah termasuk tagar dan tautan) — persingkat captions.facebook atau kurangi tagar",
        f"{DRAFT}:14: captions.telegram: takarir untuk Telegram terlalu panjang: 1.108 karakter, maksimal 1.024 "
        "(batas takarir foto; sudah termasuk tagar dan tautan) — persingkat captions.telegram atau kurangi tagar",
        f"{DRAFT}:16: captions.x: takarir untuk X terlalu panjang: 281 karakter, maksimal 280 (sudah termasuk tagar "
        "dan tautan 23 karakter) — persingkat captions.x atau kurangi tagar",
    ]


def test_hashtags_of_the_instagram_caption_are_counted_where_it_is_written(repo, settings):
    in_caption = " ".join(f"#Tagar{n}" for n in range(27))  # + 4 from tags and the office = 31
    text = edited(CAPTION_LINE, CAPTION_LINE + f'\ncaptions:\n  instagram: "Kenali UU Pemilu. {in_caption}"')
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:12: captions.instagram: terlalu banyak tagar untuk Instagram: 31, maksimal 30 (tagar di "
        "captions.instagram, di tags, dan tagar kantor) — kurangi tagar di captions.instagram atau di tags"]


def test_caption_x_and_captions_x_together_are_refused(repo, settings):
    text = edited(CAPTION_LINE, CAPTION_LINE + "\ncaption_x: Satu.\ncaptions:\n  x: Dua.")
    problems = problems_of(repo, settings, text)
    assert len(problems) == 1 and "caption_x dan captions.x sama-sama diisi" in problems[0], problems


def test_a_published_post_is_measured_with_its_own_link(repo, settings):
    """A post's link is its folder's (content/posts/<year>/<name>/), whatever its date says."""
    folder = repo / "content" / "posts" / "2025" / "alamat-yang-cukup-panjang-untuk-uji"
    picture(folder / "foto.jpg")
    link = "https://kpu-kapuas.github.io/jdih-medsos/posts/2025/alamat-yang-cukup-panjang-untuk-uji/"
    room = 1024 - HASHTAGS_ADDED - 2 - len(link)
    post = edited("src: media/foto.jpg", "src: foto.jpg",
                  edited(CAPTION_LINE, f"caption: {'a' * room}\ncaption_x: Kenali UU Pemilu."))
    relative = "content/posts/2025/alamat-yang-cukup-panjang-untuk-uji/index.md"
    assert problems_of(repo, settings, post, relative) == []
    longer = edited(f"caption: {'a' * room}", f"caption: {'a' * (room + 1)}", post)
    assert [p.split(": ", 2)[2].split(" (")[0] for p in problems_of(repo, settings, longer, relative)] == [
        "takarir terlalu panjang untuk Telegram: 1.025 karakter, maksimal 1.024"]


def test_the_check_measures_what_platform_caption_composes(repo, settings):
    """The numbers are platform_caption's whole text, counted as each platform counts it."""
    from jdih.content.social_text import CAPTION_LIMITS, PLATFORM_NAMES, caption_length, platform_caption

    caption = "Tahukah Anda? 👋 " + "dasar hukum pemilu " * 120
    text = edited(CAPTION_LINE, f'caption: "{caption}"')
    found = {p.split(" untuk ")[1].split(":")[0]: int(p.split(": ")[3].split(" karakter")[0].replace(".", ""))
             for p in problems_of(repo, settings, text) if "terlalu panjang" in p}
    office = list(settings.share.hashtags)
    measured = {platform: caption_length(platform_caption(caption, platform, ["Pemilu2029", "DasarHukum"], office,
                                                          LINK), platform) for platform in CAPTION_LIMITS}
    assert found == {PLATFORM_NAMES[platform]: n for platform, n in measured.items() if n > CAPTION_LIMITS[platform]}
    assert set(found) == {"Instagram", "Telegram", "X"}


def test_the_templates_optional_captions_and_gallery_are_valid_once_uncommented(repo, settings):
    text = render_draft_template(settings, templates=ROOT / "site_config" / "templates", slug="uu-pemilu",
                                 date="2026-11-24", title="UU Pemilu")
    # the commented block: "# captions:" … up to the blank line, each line without its "# "
    block = text.split("# captions:\n", 1)[1].split("\n\n", 1)[0]
    uncommented = "captions:\n" + "\n".join(line.removeprefix("# ") for line in block.splitlines()) + "\n"
    picture(repo / "drafts" / "uu-pemilu" / "foto-2.jpg")
    picture(repo / "drafts" / "uu-pemilu" / "foto.jpg")
    draft = edited("src: media/foto.jpg", "src: foto.jpg", edited("disposisi: 3", uncommented + "disposisi: 3"))
    assert problems_of(repo, settings, draft, "drafts/uu-pemilu/index.md") == []
    meta = parse_meta(read_source(repo / "drafts/uu-pemilu/index.md"))
    assert meta.captions.telegram == "Takarir pendek untuk kanal Telegram."
    assert [photo.src for photo in meta.gallery] == ["foto-2.jpg"]


# --- slugs -------------------------------------------------------------------------------

def test_duplicate_slug_reports_both_files(repo, settings):
    write(repo, DRAFT, GOOD)
    picture(repo / "content/posts/2025/uu-pemilu/foto.jpg")
    write(repo, "content/posts/2025/uu-pemilu/index.md", edited("media/foto.jpg", "foto.jpg"))
    assert [str(p) for p in check_paths([], settings, repo)] == [
        "content/posts/2025/uu-pemilu/index.md:1: slug: slug 'uu-pemilu' juga dipakai oleh "
        "drafts/uu-pemilu.md — setiap konten memerlukan alamat sendiri: ganti nama berkas/folder ini "
        "(atau isi kunci slug) dengan nama lain, mis. 'uu-pemilu-2'",
        "drafts/uu-pemilu.md:1: slug: slug 'uu-pemilu' juga dipakai oleh "
        "content/posts/2025/uu-pemilu/index.md — setiap konten memerlukan alamat sendiri: ganti nama "
        "berkas/folder ini (atau isi kunci slug) dengan nama lain, mis. 'uu-pemilu-2'",
    ]
    # Checking only the draft still finds the published post it collides with.
    assert len(check_paths([DRAFT], settings, repo)) == 1


def test_duplicate_slug_from_a_slug_key(repo, settings):
    write(repo, DRAFT, GOOD)
    lain = edited("disposisi: 3", "disposisi: 3\nslug: uu-pemilu")
    assert problems_of(repo, settings, lain, "drafts/lain.md") == [
        "drafts/lain.md:12: slug: slug 'uu-pemilu' juga dipakai oleh drafts/uu-pemilu.md — setiap konten "
        "memerlukan alamat sendiri: ganti nama berkas/folder ini (atau isi kunci slug) dengan nama lain, "
        "mis. 'uu-pemilu-2'"]


def test_file_and_folder_names_that_cannot_be_addresses(repo, settings):
    assert problems_of(repo, settings, GOOD, "drafts/UU Pemilu.md") == [
        "drafts/UU Pemilu.md:1: slug: nama berkas 'UU Pemilu' tidak dapat dipakai sebagai alamat — ganti "
        "nama berkas dengan huruf kecil, angka dan tanda hubung saja, mis. 'uu-pemilu.md'"]
    picture(repo / "drafts/Rapat_Pléno/foto.jpg")
    folder = edited("media/foto.jpg", "foto.jpg")
    assert problems_of(repo, settings, folder, "drafts/Rapat_Pléno/index.md") == [
        "drafts/Rapat_Pléno/index.md:1: slug: nama folder 'Rapat_Pléno' tidak dapat dipakai sebagai "
        "alamat — ganti nama folder dengan huruf kecil, angka dan tanda hubung saja, mis. 'rapat-pleno'"]
    assert problems_of(repo, settings, GOOD, "drafts/uu..pemilu.md") == [
        "drafts/uu..pemilu.md:1: slug: nama berkas 'uu..pemilu' tidak dapat dipakai sebagai alamat — "
        "ganti nama berkas dengan huruf kecil, angka dan tanda hubung saja, mis. 'uu-pemilu.md'"]


@pytest.mark.parametrize("value", ["../rahasia", "a/b", "UU-Pemilu", "uu pemilu"])
def test_slug_key_that_would_escape_its_folder(repo, settings, value):
    text = edited("disposisi: 3", f"disposisi: 3\nslug: '{value}'")
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:12: slug: slug '{value}' tidak sah (bisa keluar dari foldernya atau merusak alamat) — "
        "gunakan huruf kecil, angka dan tanda hubung saja, mis. 'uu-7-2017-pemilu'"]


# --- HTML that could run code ---------------------------------------------------------

def test_every_hazard_in_the_body_is_reported_with_its_line(repo, settings):
    body = "\n".join([
        "Paragraf biasa.",                                   # 15
        "<ScRiPt>alert(1)</sCrIpT>",                         # 16
        '<iframe src="https://example.com"></iframe>',       # 17
        '<object data="x.swf"></object><embed src="x">',     # 18
        "<style>body{display:none}</style>",                 # 19
        "<img src=x onerror=alert(1)>",                      # 20
        "[klik](javascript:alert(1))",                       # 21
        '<a href="vbscript:msgbox(1)">x</a>',                # 22
        "[x](data:text/html;base64,PHNjcmlwdD4=)",           # 23
        '<a href="&#106;ava&#x09;script&colon;alert(1)">x</a>',  # 24
        "<a",                                                # 25
        '  href="java',                                      # 26
        'script:alert(1)">x</a>',                            # 27
        "<svg/onload=alert(1)>",                             # 28
        "![foto](media/foto.jpg){: onclick=\"alert(1)\" }",  # 29
    ])
    text = GOOD.split("---\n\n")[0] + "---\n\n" + body + "\n"
    tag = "tidak diizinkan karena dapat menjalankan kode atau mengubah halaman"
    run = "tidak diizinkan karena menjalankan kode"
    assert problems_of(repo, settings, text) == [f"{DRAFT}:{line}: isi: {what} — {FIX_HTML}" for line, what in [
        (16, f"tag HTML <script> {tag}"),
        (17, f"tag HTML <iframe> {tag}"),
        (18, f"tag HTML <embed> {tag}"),
        (18, f"tag HTML <object> {tag}"),
        (19, f"tag HTML <style> {tag}"),
        (20, f"atribut HTML 'onerror=' {run}"),
        (21, f"tautan 'javascript:' {run}"),
        (22, f"tautan 'vbscript:' {run}"),
        (23, f"tautan 'data:text/html' {run}"),
        (24, f"tautan 'javascript:' {run}"),
        (25, f"tautan 'javascript:' {run}"),
        (28, f"atribut HTML 'onload=' {run}"),
        (28, f"tag HTML <svg> {tag}"),
        (29, f"atribut HTML 'onclick=' {run}"),
    ]]


def test_hazards_in_front_matter_strings(repo, settings):
    text = edited("title: Mengenal UU Pemilu", "title: Mengenal <script>alert(1)</script>")
    text = edited('description: Ringkasan UU Pemilu untuk pemilih.',
                  'description: "Ringkasan \\x3cscript>alert(1)"', text)  # hidden by a YAML escape
    text = edited("caption: Kenali UU Nomor 7 Tahun 2017 tentang Pemilihan Umum.",
                  "caption: |\n  Kenali UU Pemilu.\n  <img src=x onerror=alert(1)>", text)
    text = edited("disposisi: 3", "legal_documents:\n  - type: Undang-Undang\n    number: 7\n"
                  "    year: 2017\n    title: Pemilihan Umum\n    url: javascript:alert(1)\ndisposisi: 3", text)
    tag = "tag HTML <script> tidak diizinkan karena dapat menjalankan kode atau mengubah halaman"
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:2: title: {tag} — {FIX_HTML}",
        f"{DRAFT}:4: description: {tag} — {FIX_HTML}",
        f"{DRAFT}:12: caption: atribut HTML 'onerror=' tidak diizinkan karena menjalankan kode — {FIX_HTML}",
        f"{DRAFT}:18: legal_documents.0.url: tautan 'javascript:' tidak diizinkan karena menjalankan kode — "
        f"{FIX_HTML}",
        f"{DRAFT}:18: legal_documents.0.url: tautan dokumen harus diawali http:// atau https:// — salin "
        "alamat lengkapnya",
    ]


def test_ordinary_text_is_not_mistaken_for_code(repo, settings):
    body = ("Data: jumlah pemilih 12.345 orang; online = daring.\n\n"
            "| Jenis | Nomor |\n| --- | --- |\n| UU | 7 |\n\n"
            "<details><summary>Rincian</summary>Isi.</details>\n\n"
            "<abbr title=\"Komisi Pemilihan Umum\">KPU</abbr> dan <kbd>Ctrl</kbd>.\n")
    assert problems_of(repo, settings, GOOD + "\n" + body) == []


# --- many problems, which files -------------------------------------------------------

def test_every_problem_of_a_file_is_reported_sorted(repo, settings):
    text = edited("categories: [Peraturan]", "categories: [Berita]")
    text = edited("media/foto.jpg", "media/hilang.jpg", text)
    text = edited("disposisi: 3", "disposisi: nol", text)
    text = edited("Isi konten", "<iframe></iframe> Isi konten", text)
    write(repo, DRAFT, text)
    problems = check_paths([DRAFT], settings, repo)
    assert [(p.line, p.key) for p in problems] == [
        (5, "categories"), (8, "image.src"), (11, "disposisi"), (15, "isi")]


def test_collect_targets_with_no_path_takes_drafts_and_posts(repo):
    write(repo, DRAFT, GOOD)
    write(repo, "drafts/README.md", "# Folder draf\n")
    write(repo, "drafts/_contoh.md", "contoh\n")
    write(repo, "drafts/rapat/index.md", GOOD)
    write(repo, "drafts/rapat/catatan.md", "catatan\n")
    write(repo, "content/posts/2026/pleno.md", GOOD)
    write(repo, "content/index.md", "# Beranda\n")
    write(repo, "content/posts/index.md", "# Semua konten\n")  # a section page, not a post
    write(repo, "drafts/.tersembunyi/x.md", "x\n")
    found = [p.relative_to(repo).as_posix() for p in collect_targets([], repo)]
    # `_x` and `.x` Markdown are no drafts: taken to be reported as such (test_underscore_and_dot_names…)
    assert found == ["content/posts/2026/pleno.md", "drafts/.tersembunyi/x.md", "drafts/_contoh.md",
                     "drafts/rapat/index.md", "drafts/uu-pemilu.md"]
    assert [p.relative_to(repo).as_posix() for p in collect_targets(["drafts/rapat"], repo)] == [
        "drafts/rapat/index.md"]
    # A media file inside a folder draft stands for that draft.
    picture(repo / "drafts/rapat/foto.jpg")
    assert [p.relative_to(repo).as_posix() for p in collect_targets(["drafts/rapat/foto.jpg"], repo)] == [
        "drafts/rapat/index.md"]


def test_a_folder_post_is_one_post_and_misplaced_markdown_is_reported(repo, settings):
    """The rule of jdih.content.files, as the record, the register and the site build use it."""
    picture(repo / "content/posts/2026/rapat/foto.jpg")
    write(repo, "content/posts/2026/rapat/index.md", edited("media/foto.jpg", "foto.jpg"))
    write(repo, "content/posts/2026/rapat/catatan.md", "catatan tanpa front matter\n")  # an attachment
    write(repo, "content/posts/2026/index.md", "# Konten 2026\n")  # a section page: it hides no post
    picture(repo / "content/posts/2026/media/foto.jpg")  # a single-file post's media/, as for drafts
    write(repo, "content/posts/2026/pleno.md", GOOD)
    write(repo, "content/posts/tanpa-tahun.md", GOOD)
    write(repo, "drafts/media/catatan.md", "catatan\n")
    write(repo, "drafts/README.md", "# Folder draf\n")
    found = [p.relative_to(repo).as_posix() for p in collect_targets([], repo)]
    assert found == ["content/posts/2026/pleno.md", "content/posts/2026/rapat/index.md",
                     "content/posts/tanpa-tahun.md", "drafts/media/catatan.md"]
    assert [str(p) for p in check_paths([], settings, repo)] == [
        "content/posts/tanpa-tahun.md:1: berkas ini tidak terbaca sebagai konten terbit: konten terbit adalah "
        "content/posts/<tahun>/<slug>.md atau content/posts/<tahun>/<slug>/index.md — pindahkan berkas ke salah "
        "satu letak itu, atau awali namanya dengan '_' bila bukan konten",
        "drafts/media/catatan.md:1: berkas ini tidak terbaca sebagai draf: draf adalah drafts/<slug>.md atau "
        "drafts/<slug>/index.md — pindahkan berkas ke salah satu letak itu, atau awali namanya dengan '_' bila "
        "bukan konten"]
    # A folder post's other Markdown named on the command line stands for the post, as its media does;
    # a name that is not content is skipped; a folder gives what is beneath it.
    assert collect_targets(["content/posts/2026/rapat/catatan.md", "drafts/README.md"], repo) == [
        repo / "content/posts/2026/rapat/index.md"]
    assert [p.relative_to(repo).as_posix() for p in collect_targets(["content/posts/2026"], repo)] == [
        "content/posts/2026/pleno.md", "content/posts/2026/rapat/index.md"]


def test_missing_path_and_non_markdown_file_are_problems(repo, settings):
    assert [str(p) for p in check_paths(["drafts/tidak-ada.md", "drafts/media/foto.jpg"], settings, repo)] == [
        "drafts/media/foto.jpg:1: bukan berkas konten Markdown (.md) — periksa berkas .md atau folder "
        "draf/kontennya",
        "drafts/tidak-ada.md:1: berkas tidak ditemukan — periksa jalur dan nama berkasnya",
    ]


# --- the command -------------------------------------------------------------------------

def run(repo: Path, monkeypatch, *args: str):
    monkeypatch.chdir(repo)
    monkeypatch.delenv("JDIH_SETTINGS", raising=False)
    return CliRunner().invoke(main, ["periksa", *args])


def test_cli_all_good(repo, monkeypatch):
    write(repo, DRAFT, GOOD)
    write(repo, "drafts/kedua.md", GOOD)
    result = run(repo, monkeypatch)
    assert result.exit_code == 0
    assert result.output == "Semua 2 berkas baik.\n"


def test_cli_prints_every_problem_and_a_summary(repo, monkeypatch):
    write(repo, DRAFT, edited("categories: [Peraturan]", "categories: [Berita]"))
    write(repo, "drafts/kedua.md", edited("disposisi: 3", "disposisi: 3\nwarna: biru"))
    write(repo, "drafts/ketiga.md", "Isi <script></script>\n")
    result = run(repo, monkeypatch, "drafts/uu-pemilu.md", "drafts/kedua.md")
    assert result.exit_code == 1
    assert result.output == (
        "drafts/kedua.md:12: warna: kunci tidak dikenal — hapus kunci ini atau periksa ejaannya "
        "(lihat templat/dokumentasi)\n"
        "drafts/uu-pemilu.md:5: categories: kategori 'Berita' tidak dikenal — gunakan salah satu dari: "
        "Peraturan, Keputusan, Informasi Hukum, Kegiatan\n"
        "2 masalah ditemukan di 2 berkas.\n")
    result = run(repo, monkeypatch, "drafts")
    assert result.exit_code == 1
    assert result.output.endswith("4 masalah ditemukan di 3 berkas.\n")


def test_cli_broken_settings_exit_2(repo, monkeypatch):
    write(repo, DRAFT, GOOD)
    broken = (repo / "site_config/jdih.yml").read_text().replace("\ncategories:", "\nkategori:")
    write(repo, "lain.yml", broken)
    line = broken.splitlines().index("kategori:") + 1
    result = run(repo, monkeypatch, "--pengaturan", "lain.yml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "lain.yml:1: categories: wajib diisi tetapi tidak ada — tambahkan kunci ini beserta nilainya",
        f"lain.yml:{line}: kategori: kunci tidak dikenal — mungkin maksud Anda 'categories'? Perbaiki "
        "ejaannya, atau hapus kunci ini",
        "Berkas pengaturan bermasalah (2 masalah); perbaiki dulu sebelum memeriksa draf.",
    ]


def test_cli_missing_settings_exit_2(repo, monkeypatch):
    result = run(repo, monkeypatch, "--pengaturan", "tidak-ada.yml")
    assert result.exit_code == 2
    assert result.stderr == ("tidak-ada.yml:1: berkas pengaturan tidak ditemukan — jalankan perintah dari "
                             "folder repositori atau sebutkan berkasnya dengan --pengaturan\n")


def test_cli_help_is_indonesian(repo, monkeypatch):
    result = run(repo, monkeypatch, "--help")
    assert result.exit_code == 0
    assert "Memeriksa draf dan konten terbit" in result.output
    assert "[JALUR]..." in result.output and "tanpa JALUR, seluruh isi drafts/" in result.output
    assert "--pengaturan" in result.output and "Berkas pengaturan kantor" in result.output


def test_cli_unreadable_settings_exit_2(repo, monkeypatch):
    (repo / "rusak.yml").write_bytes("office: Kantör\n".encode("latin-1"))
    result = run(repo, monkeypatch, "--pengaturan", "rusak.yml")
    assert result.exit_code == 2
    assert result.stderr == ("rusak.yml:1: berkas pengaturan tidak dapat dibaca — pastikan berkas YAML biasa "
                             "berpengodean UTF-8 dan dapat dibaca\n")


# --- the rules the build applies too: URLs, ids, characters, categories (content/) -----------

def test_links_outside_the_one_url_rule_and_reserved_ids_are_refused_with_their_line(repo, settings):
    body = "\n".join([
        "[berkas](ftp://berkas.example/uu.pdf) dan [telepon](tel:+62513)",  # 15
        "[luar](//evil.example/) [akar](/posts/)",                         # 16
        "Paragraf",                                                        # 17
        "{:onclick=alert(1)}",                                             # 18
        "## Dasar {#__config}",                                            # 19
        "## __search",                                                     # 20
        '<p id="__drawer">x</p>',                                          # 21
        "[baik](https://peraturan.go.id/) [lokal](../lain/) [surel](mailto:jdih@kpu.go.id)",  # 22
    ])
    text = GOOD.split("---\n\n")[0] + "---\n\n" + body + "\n"
    allowed = "hanya https:// atau http:// atau mailto: atau alamat relatif di dalam situs"
    web = "tulis alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'"
    outside = "tulis alamat relatif (mis. '../judul-lain/') atau alamat lengkap https://"
    reserved = "tidak diizinkan karena dipakai oleh halaman situs sendiri (awalan '__')"
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:15: isi: tautan 'ftp://berkas.example/uu.pdf' tidak diizinkan: {allowed} — {web}",
        f"{DRAFT}:15: isi: tautan 'tel:+62513' tidak diizinkan: {allowed} — {web}",
        f"{DRAFT}:16: isi: tautan '//evil.example/' keluar dari folder situs — {outside}",
        f"{DRAFT}:16: isi: tautan '/posts/' keluar dari folder situs — {outside}",
        f"{DRAFT}:18: isi: atribut HTML 'onclick=' tidak diizinkan karena menjalankan kode — {FIX_HTML}",
        f"{DRAFT}:19: isi: id '__config' {reserved} — ganti dengan nama tanpa awalan '__', mis. 'config'",
        f"{DRAFT}:20: isi: judul bagian ini menghasilkan id '__search', yang dipakai oleh halaman situs sendiri "
        "(awalan '__') — ubah judul bagian agar tidak diawali '__', atau beri id sendiri, mis. '## Judul {#judul}'",
        f"{DRAFT}:21: isi: id '__drawer' {reserved} — ganti dengan nama tanpa awalan '__', mis. 'drawer'",
    ]


def test_control_and_bidi_characters_are_refused_in_the_front_matter_and_the_body(repo, settings):
    text = edited("title: Mengenal UU Pemilu", 'title: "Mengenal UU\\e Pemilu"')
    text = edited("Isi konten tentang UU Pemilu.", "Isi konten tentang \u202eUU Pemilu.\r\nBaris CRLF.\r", text)
    fix = "hapus karakter itu (ketik ulang bagian teks yang disalin dari aplikasi lain)"
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:2: title: teks memuat karakter kendali yang tak terlihat (U+001B); umpan RSS dan halaman "
        f"tidak dapat memuatnya — {fix}",
        f"{DRAFT}:15: isi: teks memuat karakter pembalik arah tulisan yang tak terlihat (U+202E); ia dapat "
        f"menyamarkan isi — {fix}",
    ]


def test_provenance_with_a_script_link_is_refused_in_a_post(repo, settings):
    picture(repo / "content/posts/2026/uu-pemilu/foto.jpg")
    text = edited("src: media/foto.jpg", "src: foto.jpg")
    text = edited("authors: [pengelola-jdih-kapuas]\n", "authors: [pengelola-jdih-kapuas]\nprovenance:\n"
                  "  pull_request: 7\n  pull_request_url: \"java\\tscript:alert(1)\"\n", text)
    post = "content/posts/2026/uu-pemilu/index.md"
    assert problems_of(repo, settings, text, post) == [
        f"{post}:15: provenance.pull_request_url: tautan 'java\tscript:alert(1)' tidak diizinkan: hanya https:// "
        "atau http:// — tulis alamat lengkap yang diawali https://, mis. 'https://jdih.kpu.go.id/'",
        f"{post}:15: provenance.pull_request_url: tautan 'javascript:' tidak diizinkan karena menjalankan kode — "
        f"{FIX_HTML}"]


# --- nothing a draft carries runs anywhere or escapes its folder -------------------------

def test_a_billion_laughs_is_answered_at_once_with_its_line(repo, settings, monkeypatch):
    import time
    import tracemalloc

    from tests.content.test_yamlsrc import bomb

    text = "---\n" + bomb() + GOOD.removeprefix("---\n")
    write(repo, DRAFT, text)
    write(repo, "drafts/kedua.md", GOOD.replace("Mengenal UU Pemilu", "Kedua"))  # its slug check reads the bomb too
    tracemalloc.start()
    started = time.perf_counter()
    problems = [str(p) for p in check_paths([], settings, repo)]
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert problems == [
        f"{DRAFT}:2: YAML memakai jangkar (anchor) '&a'; jangkar dan alias tidak diterima — tulis nilainya "
        "langsung di setiap tempat, tanpa tanda '&' atau '*' di depan nama"]
    assert elapsed < 1 and peak < 50_000_000, (elapsed, peak)
    result = run(repo, monkeypatch)
    assert result.exit_code == 1 and result.output.endswith("1 masalah ditemukan di 1 berkas.\n")


def test_a_key_written_twice(repo, settings):
    text = edited("disposisi: 3", "disposisi: 3\ntitle: Judul Lain")
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:12: title: kunci 'title' ditulis dua kali (pertama di baris 2) — hapus salah satunya: setiap "
        "kunci hanya boleh ditulis sekali"]


def test_underscore_and_dot_names_are_no_drafts_and_promotion_agrees(repo, settings, monkeypatch):
    from jdih.sop.publish import find_drafts

    write(repo, DRAFT, GOOD)
    write(repo, "drafts/_contoh.md", GOOD)
    write(repo, "drafts/.konsep/index.md", GOOD)
    write(repo, "drafts/README.md", "# Folder draf\n")  # explains the folder: not content, not a problem
    assert find_drafts(repo) == [DRAFT]  # promotion never takes them
    expected = [
        "drafts/.konsep/index.md:1: nama '.konsep' diawali '.': berkas ini bukan draf dan tidak akan diterbitkan "
        "— hapus berkas ini, atau ganti namanya tanpa awalan '.' bila memang draf",
        "drafts/_contoh.md:1: nama '_contoh.md' diawali '_': berkas ini bukan draf dan tidak akan diterbitkan — "
        "hapus berkas ini, atau ganti namanya tanpa awalan '_' bila memang draf"]
    assert [str(p) for p in check_paths([], settings, repo)] == expected
    assert [str(p) for p in check_paths(["drafts/_contoh.md"], settings, repo)] == expected[1:]
    assert [str(p) for p in check_paths(["drafts"], settings, repo)] == expected
    result = run(repo, monkeypatch)
    assert result.exit_code == 1 and result.output == "\n".join(expected) + "\n2 masalah ditemukan di 2 berkas.\n"


def test_a_folder_draft_holds_images_and_pdf_only(repo, settings):
    picture(repo / "drafts/rapat/foto.jpg")
    write(repo, "drafts/rapat/index.md", edited("media/foto.jpg", "foto.jpg"))
    (repo / "drafts/rapat/dokumen.pdf").write_bytes(b"%PDF-1.4\n")
    write(repo, "drafts/rapat/lampiran.html", "<script>alert(1)</script>")
    write(repo, "drafts/rapat/logo.svg", '<svg onload="alert(1)"/>')
    write(repo, "drafts/rapat/js/skrip.js", "alert(1)")
    other = ("jenis berkas ini tidak diterima sebagai lampiran konten (yang diterima: .jpg, .jpeg, .png, .webp, "
             ".gif, .pdf) — hapus berkas ini; untuk dokumen lain, simpan sebagai PDF atau cantumkan tautan https:// "
             "ke halamannya")
    expected = [
        f"drafts/rapat/js/skrip.js:1: {other}",
        f"drafts/rapat/lampiran.html:1: {other}",
        "drafts/rapat/logo.svg:1: gambar SVG tidak diterima karena dapat memuat skrip — simpan ulang gambar "
        "sebagai PNG atau JPEG, atau hapus berkas ini"]
    for paths in ([], ["drafts/rapat"], ["drafts/rapat/index.md"], ["drafts/rapat/foto.jpg"]):
        assert [str(p) for p in check_paths(paths, settings, repo)] == expected, paths
    assert [str(p) for p in check_paths(["drafts/rapat/lampiran.html"], settings, repo)] == expected


def test_a_symbolic_link_is_reported_never_read(repo, settings, tmp_path_factory):
    outside = tmp_path_factory.mktemp("luar") / "rahasia.md"
    outside.write_text("---\ntitle: [rusak\n---\n", encoding="utf-8")  # were it read, this would be reported
    (repo / "drafts").mkdir(exist_ok=True)
    (repo / "drafts/tautan.md").symlink_to(outside)
    assert [str(p) for p in check_paths([], settings, repo)] == [
        "drafts/tautan.md:1: tautan simbolik (symlink) tidak diterima di drafts/ dan content/posts/: tautan dapat "
        "menunjuk ke berkas di luar foldernya — ganti tautan ini dengan berkas aslinya (salin berkasnya ke sini), "
        "atau hapus"]
    assert len(check_paths(["drafts/tautan.md"], settings, repo)) == 1


def test_an_image_in_another_drafts_folder_or_through_a_link_inside(repo, settings):
    picture(repo / "drafts/rapat/foto.jpg")
    write(repo, "drafts/rapat/index.md", edited("media/foto.jpg", "foto.jpg"))
    assert problems_of(repo, settings, edited("media/foto.jpg", "rapat/foto.jpg")) == [
        f"{DRAFT}:8: image.src: gambar 'rapat/foto.jpg' ada di folder konten lain (rapat/) — setiap konten memakai "
        "gambarnya sendiri: salin gambar ke folder media/ di samping berkas ini, lalu tulis mis. "
        "'media/nama-gambar.jpg'"]
    (repo / "drafts/media/sama.jpg").symlink_to(repo / "drafts/media/foto.jpg")
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/sama.jpg")) == [
        f"{DRAFT}:8: image.src: gambar 'media/sama.jpg' berupa tautan simbolik (symlink) — simpan berkas gambarnya "
        "sendiri di folder ini, bukan tautan ke berkas lain"]


def test_an_image_of_too_many_pixels_is_refused_from_its_header(repo, settings):
    Image.new("1", (8000, 6000)).save(repo / "drafts/media/bom.png")  # 48 megapixels in 6 KB
    assert problems_of(repo, settings, edited("media/foto.jpg", "media/bom.png")) == [
        f"{DRAFT}:8: image.src: ukuran piksel gambar 'media/bom.png' terlalu besar (8000 × 6000 piksel, 48,0 "
        "megapiksel), maksimal 40 megapiksel — perkecil gambar, mis. lebar 2000 px"]


@pytest.mark.parametrize("date, problem", [
    ("9999-12-31T23:59:59-14:00", "date: tanggal ini di luar jangkauan kalender (tahun 1 sampai 9999 di zona waktu "
     "kantor) — tulis tanggal yang benar, mis. 2026-11-24"),
    ("0001-01-01T00:00:00+14:00", "date: tanggal ini di luar jangkauan kalender (tahun 1 sampai 9999 di zona waktu "
     "kantor) — tulis tanggal yang benar, mis. 2026-11-24"),
    # a date up to a year ahead is no problem any more, but a warning (issue 13: publish_at schedules
    # a post; test_a_date_ahead_without_publish_at_is_a_warning_with_its_line_and_fix)
    ("9999-12-31T23:59:59+14:00", "date: tanggal 9999-12-31 16:59 lebih dari setahun setelah saat ini — tulis "
     "tanggal yang benar; untuk menjadwalkan tayang, isi publish_at paling lambat setahun ke depan"),
    ("2026-12-03", None),
    ("1900-01-01", "date: tanggal 1900-01-01 terlalu lampau (paling awal 1945-01-01) — tulis tanggal konten ini "
     "dibuat, mis. 2026-11-24"),
    ("10000-01-01", "date: harus berupa tanggal TTTT-BB-HH, boleh dengan jam JJ:MM, ditemukan '10000-01-01' — "
     "tulis mis. 2026-12-31; jam tidak wajib, bila perlu tulis setelah tanggal, mis. 2026-12-31 09:00"),
    ("2026-12-02", None),         # tomorrow morning: allowed
    ("2026-12-02 10:00", None),   # exactly one day ahead
])
def test_dates_out_of_range_are_problems_with_their_line(repo, settings, monkeypatch, date, problem):
    monkeypatch.setenv("JDIH_NOW", "2026-12-01T10:00:00+07:00")
    found = problems_of(repo, settings, edited("date: 2026-11-24", f"date: {date}"))
    assert found == ([f"{DRAFT}:3: {problem}"] if problem else [])


def test_two_posts_at_one_address_name_each_other(repo, settings):
    picture(repo / "content/posts/2026/media/foto.jpg")
    write(repo, "content/posts/2026/pleno.md", GOOD)
    picture(repo / "content/posts/2026/pleno/foto.jpg")
    write(repo, "content/posts/2026/pleno/index.md", edited("media/foto.jpg", "foto.jpg"))
    fix = ("setiap konten memerlukan alamat sendiri: ganti nama berkas/folder ini (atau isi kunci slug) dengan "
           "nama lain, mis. 'pleno-2'")
    assert [str(p) for p in check_paths([], settings, repo)] == [
        f"content/posts/2026/pleno.md:1: slug: slug 'pleno' juga dipakai oleh content/posts/2026/pleno/index.md "
        f"— {fix}",
        f"content/posts/2026/pleno/index.md:1: slug: slug 'pleno' juga dipakai oleh content/posts/2026/pleno.md "
        f"— {fix}"]


# --- warnings: shown, never a refusal ------------------------------------------------------

def test_a_draft_tag_differing_from_an_existing_one_only_in_case_is_a_warning(repo, settings, monkeypatch):
    from jdih.content.problems import WARNING
    from jdih.sop.check import tag_warnings

    for slug, date, tags in [("lama", "2026-11-01", "[Pemilu, DasarHukum]"), ("baru", "2026-11-10", "[PEMILU]"),
                             ("lain", "2026-11-12", "[Pemilu]")]:
        write(repo, f"content/posts/2026/{slug}/index.md", f"---\ntitle: {slug}\ndate: {date}\ntags: {tags}\n---\n")
    text = edited("tags: [Pemilu2029, DasarHukum]", "tags:\n  - pemilu\n  - DasarHukum\n  - Pemilu2029")
    write(repo, DRAFT, text)
    targets = collect_targets([DRAFT], repo)
    assert check_paths([DRAFT], settings, repo) == []  # not a problem: nothing is refused
    [warning] = tag_warnings(targets, repo)
    line = text.splitlines().index("  - pemilu") + 1
    assert (warning.file, warning.line, warning.key, warning.kind) == (DRAFT, line, "tags", WARNING)
    # '#Pemilu' is the name the site shows (two posts write it so, one 'PEMILU')
    assert warning.message == "tagar 'pemilu' sama dengan tagar 'Pemilu' yang sudah dipakai (hanya beda huruf besar/kecil)"
    assert warning.fix.startswith("keduanya tampil di satu halaman tagar/pemilu/ dengan nama #Pemilu; tulis 'Pemilu'")
    assert tag_warnings(collect_targets(["content/posts/2026/baru/index.md"], repo), repo) == []  # drafts only

    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["periksa", DRAFT], env={"JDIH_SETTINGS": "", "GITHUB_ACTIONS": None})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"peringatan: {warning}",
                                          "Semua 1 berkas baik. Ada 1 peringatan (tidak menghalangi)."]
    # in the draft check workflow it is also an annotation on the draft's line (exit status 0 still)
    result = CliRunner().invoke(main, ["periksa", DRAFT], env={"JDIH_SETTINGS": "", "GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0
    assert f"::warning file={DRAFT},line={line},title=Peringatan jdih periksa::tags: tagar 'pemilu'" in result.output


# --- one policy with the build, and messages that help (issue 11) ------------------------------

def test_elements_the_build_would_strip_are_problems_with_their_line(repo, settings):
    text = edited("Paragraf kedua", "Tonton <video src=\"a.mp4\"></video> lalu\n<button>Daftar</button> "
                                    "<input type=\"text\">\n\nParagraf kedua")
    lines = text.splitlines()
    video, button = lines.index(next(row for row in lines if "<video" in row)) + 1, \
        lines.index(next(row for row in lines if "<button" in row)) + 1
    stripped = "tidak ditampilkan di situs: saat situs dibangun, tag ini dihapus"
    media = ("hapus tag ini; untuk video atau suara, unggah ke akun media sosial kantor lalu cantumkan tautan https:// "
             "ke halamannya; gambar ditulis dengan Markdown: ![teks alternatif](nama-gambar.jpg)")
    form = ("hapus tag ini; halaman konten tidak memuat tombol atau isian formulir: cantumkan tautan https:// ke "
            "halaman formulirnya")
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:{video}: isi: tag HTML <video> {stripped} — {media}",
        f"{DRAFT}:{button}: isi: tag HTML <button> {stripped} — {form}",
        f"{DRAFT}:{button}: isi: tag HTML <input> {stripped} — {form}",
    ]
    assert (video, button) == (17, 18)


def test_a_byte_order_mark_is_accepted_and_said_plainly(repo, settings, monkeypatch):
    from jdih.content.problems import WARNING
    from jdih.sop.check import bom_warnings

    write(repo, DRAFT, "\ufeff" + GOOD)
    assert check_paths([DRAFT], settings, repo) == []  # read as if the mark were not there
    [warning] = bom_warnings(collect_targets([DRAFT], repo), repo)
    assert (str(warning), warning.kind) == (
        f"{DRAFT}:1: berkas diawali tanda BOM (byte order mark), karakter tak terlihat yang ditulis sebagian "
        "penyunting teks di Windows; tanda ini diabaikan, draf tetap terbaca — tidak perlu tindakan; bila ingin "
        "menghapusnya, simpan ulang berkas sebagai 'UTF-8' (bukan 'UTF-8 with BOM')", WARNING)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["periksa", DRAFT], env={"JDIH_SETTINGS": "", "GITHUB_ACTIONS": None})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"peringatan: {warning}",
                                          "Semua 1 berkas baik. Ada 1 peringatan (tidak menghalangi)."]


def test_a_tab_says_replace_it_with_spaces_on_its_line(repo, settings):
    assert problems_of(repo, settings, edited("  alt: Sampul", "\talt: Sampul")) == [
        f"{DRAFT}:9: YAML rusak: baris ini memakai karakter tab, sedangkan YAML hanya menerima spasi — ganti tab "
        "dengan spasi (dua spasi untuk setiap tingkat indentasi)"]


def test_a_hash_in_a_flow_list_is_named_on_its_own_line_with_both_fixes(repo, settings):
    text = edited("tags: [Pemilu2029, DasarHukum]", "tags: [#PKPU, Dasar Hukum]")
    assert problems_of(repo, settings, text) == [
        f"{DRAFT}:6: tags: YAML rusak: tanda '#' di dalam daftar [ … ] dibaca sebagai awal catatan (komentar), "
        "sehingga sisa baris ini terbuang dan daftarnya tidak tertutup — tulis tanpa tanda '#': "
        'tags: [PKPU, Dasar Hukum]; atau beri tanda kutip: tags: ["#PKPU", Dasar Hukum]']
    # following the first fix, the next problem is the space in a tag, on the same line
    assert problems_of(repo, settings, edited("tags: [Pemilu2029, DasarHukum]", "tags: [PKPU, Dasar Hukum]")) == [
        f"{DRAFT}:6: tags: tagar 'Dasar Hukum' tidak sah — gunakan huruf, angka atau garis bawah saja, tanpa spasi"]


def test_an_impossible_date_names_its_key_an_example_and_whether_a_time_is_needed(repo, settings):
    assert problems_of(repo, settings, edited("date: 2026-11-24", "date: 2026-02-30")) == [
        f"{DRAFT}:3: date: tanggal '2026-02-30' tidak ada di kalender: Februari 2026 hanya sampai tanggal 28 — "
        "tulis tanggal yang benar sebagai TTTT-BB-HH, mis. 2026-02-28; jam tidak wajib (tanpa jam, konten "
        "bertanggal pukul 08.00); bila perlu, tulis jamnya setelah tanggal, mis. 2026-02-28 09:00"]
    assert problems_of(repo, settings, edited("date: 2026-11-24", "date: 24-11-2026")) == [
        f"{DRAFT}:3: date: harus berupa tanggal TTTT-BB-HH, boleh dengan jam JJ:MM, ditemukan '24-11-2026' — tulis "
        "mis. 2026-12-31; jam tidak wajib, bila perlu tulis setelah tanggal, mis. 2026-12-31 09:00"]


# --- a post's life (issue 13): a future date without a schedule, the keys that never change ----

def test_a_date_ahead_without_publish_at_is_a_warning_with_its_line_and_fix(repo, settings, monkeypatch):
    import datetime as dt

    from jdih.sop.check import bom_warnings, schedule_warnings

    monkeypatch.setenv("JDIH_NOW", "2026-12-01T10:00:00+07:00")
    path = write(repo, DRAFT, edited("date: 2026-11-24", "date: 2027-06-01"))
    [warning] = schedule_warnings([path], repo, settings)
    assert str(warning) == (
        "drafts/uu-pemilu.md:3: date: tanggal 2027-06-01 08:00 lebih dari satu hari setelah saat ini, tetapi tidak "
        "ada publish_at: konten ini akan langsung tayang begitu disetujui dan digabung, dengan tanggal yang belum "
        "tiba — tambahkan publish_at: 2027-06-01 08:00 (waktu kantor) agar konten tayang pada waktu itu, atau tulis "
        "tanggal hari ini")
    assert warning.kind == "warning" and bom_warnings([path], repo) == [warning]  # what `jdih periksa` shows
    assert check_paths([DRAFT], settings, repo) == []  # a warning stops nothing
    # within a day, or scheduled: nothing to say
    write(repo, DRAFT, edited("date: 2026-11-24", "date: 2026-12-02 09:00"))
    assert schedule_warnings([path], repo, settings) == []
    write(repo, DRAFT, edited("date: 2026-11-24", "date: 2027-06-01\npublish_at: 2027-06-01 08:00"))
    assert schedule_warnings([path], repo, settings) == []
    assert schedule_warnings([path], repo, settings, now=dt.datetime(2027, 7, 1, tzinfo=dt.UTC)) == []


def test_a_published_posts_slug_date_and_provenance_never_change(repo, settings):
    import subprocess

    post = "content/posts/2026/uu-pemilu/index.md"
    text = edited("disposisi: 3\n", "disposisi: 3\nprovenance:\n  pull_request: 7\n  approver: kasubbag-kapuas\n")
    write(repo, post, text)
    picture(repo / "content" / "posts" / "2026" / "uu-pemilu" / "media" / "foto.jpg")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "terbit"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    assert check_paths([post], settings, repo) == []
    # a correction of the text: fine
    assert problems_of(repo, settings, text.replace("Paragraf kedua", "Paragraf lengkap"), post) == []
    moved = problems_of(repo, settings, edited("date: 2026-11-24", "date: 2026-11-25", text), post)
    assert moved == [
        f"{post}:3: date: tanggal terbit konten yang telah terbit tidak boleh berubah (di cabang utama: "
        "2026-11-24) — kembalikan date seperti semula; untuk memperbaiki isi, ubah bagian lain lalu tulis "
        "catatan di bagian '## Ralat' pull request, untuk menarik konten tambahkan withdrawn: {reason: …}"]
    renamed = problems_of(repo, settings, edited("disposisi: 3\n", "disposisi: 3\nslug: uu-pemilu-baru\n", text), post)
    assert any(": slug: alamat konten yang telah terbit tidak boleh berubah (di cabang utama: (tidak ada))" in p
               for p in renamed), renamed
    stamped = problems_of(repo, settings, text.replace("pull_request: 7", "pull_request: 8"), post)
    assert [p.split(" — ")[0] for p in stamped] == [
        f"{post}:12: provenance: provenance diisi otomatis saat terbit dan tidak boleh diubah (di cabang utama: "
        "(catatan asal-usul))"]


def test_a_draft_holds_no_correction_or_withdrawal(repo, settings):
    found = problems_of(repo, settings, edited("disposisi: 3\n", "disposisi: 3\nwithdrawn: {reason: Dicabut.}\n"))
    assert found == [f"{DRAFT}:12: withdrawn: withdrawn hanya berlaku untuk konten yang sudah terbit — hapus kunci "
                     "withdrawn dari draf; untuk tidak menerbitkannya, tutup pull request-nya (Close pull request)"]
