"""Both front matter readers (the line-keeping `load_located` of `jdih periksa` and the fast
path of the site build) refuse the same YAML, with the same words and the same line: anchors,
aliases (the "billion laughs"), nesting too deep, duplicate keys."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from jdih.content import files
from jdih.content.problems import ProblemsError
from jdih.content.yamlsrc import MAX_DEPTH, load_located
from tests.conftest import ROOT

FIX = "tulis nilainya langsung di setiap tempat, tanpa tanda '&' atau '*' di depan nama"


def bomb(levels: int = 9, width: int = 9) -> str:
    """The 'billion laughs': 9 lines, each 9 aliases of the line before: 9⁹ items once expanded."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for level in range(1, levels):
        name, previous = names[level], names[level - 1]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]")
    return "\n".join(lines) + "\n"


def both(tmp_path: Path, yaml_text: str) -> list[list[str]]:
    """The problems of both readers for a front matter (its first line is line 2 of the file)."""
    path = tmp_path / "konten.md"
    path.write_text(f"---\n{yaml_text}---\nIsi.\n", encoding="utf-8")
    found = []
    for read in (lambda: load_located(yaml_text, "drafts/konten.md", line_offset=1),
                 lambda: files.read_front_matter(path, "drafts/konten.md")):
        with pytest.raises(ProblemsError) as caught:
            read()
        found.append([str(problem) for problem in caught.value.problems])
    return found


def test_the_billion_laughs_is_refused_at_once_with_its_line(tmp_path):
    text = bomb()
    path = tmp_path / "bom.md"
    path.write_text(f"---\n{text}title: Bom\n---\nIsi.\n", encoding="utf-8")
    expected = [f"drafts/bom.md:2: YAML memakai jangkar (anchor) '&a'; jangkar dan alias tidak diterima — {FIX}"]
    for read in (lambda: load_located(text, "drafts/bom.md", line_offset=1),
                 lambda: files.read_front_matter(path, "drafts/bom.md")):
        tracemalloc.start()
        started = time.perf_counter()
        with pytest.raises(ProblemsError) as caught:
            read()
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert [str(p) for p in caught.value.problems] == expected
        assert elapsed < 0.1 and peak < 5_000_000, (elapsed, peak)


def test_an_alias_alone_and_an_anchor_alone_are_refused(tmp_path):
    assert both(tmp_path, "title: &judul Pemilu\ndescription: Ringkasan.\n") == [[
        f"drafts/konten.md:2: YAML memakai jangkar (anchor) '&judul'; jangkar dan alias tidak diterima — {FIX}"]] * 2
    # An alias without its anchor: the alias is named (before the parser finds it undefined).
    assert both(tmp_path, "title: Pemilu\ncaption: *judul\n") == [[
        f"drafts/konten.md:3: YAML memakai alias '*judul'; alias dan jangkar (anchor) tidak diterima — {FIX}"]] * 2
    # An anchor on a mapping, aliased below it: the anchor comes first and is named.
    assert both(tmp_path, "image: &gambar\n  src: a.jpg\n  alt: Gambar uji coba\nlain: *gambar\n") == [[
        f"drafts/konten.md:2: YAML memakai jangkar (anchor) '&gambar'; jangkar dan alias tidak diterima — {FIX}"]] * 2


def test_ampersands_and_stars_in_text_are_only_text(tmp_path):
    text = 'title: "Tanya & Jawab *Pemilu*"\ncaption: Q&A tentang *hak pilih* & kewajiban\n'
    assert load_located(text, "a.md").data == {"title": "Tanya & Jawab *Pemilu*",
                                               "caption": "Q&A tentang *hak pilih* & kewajiban"}
    path = tmp_path / "a.md"
    path.write_text(f"---\n{text}---\n", encoding="utf-8")
    assert files.read_front_matter(path)[0] == load_located(text, "a.md").data


def test_a_key_written_twice_names_the_second_line(tmp_path):
    text = ("title: Pertama\ndate: 2026-11-24\n"
            "image:\n  src: media/a.jpg\n  alt: Gambar uji coba\n  src: media/b.jpg\n"
            '"title": Kedua\n')
    assert both(tmp_path, text) == [[
        "drafts/konten.md:7: image.src: kunci 'src' ditulis dua kali (pertama di baris 5) — hapus salah satunya: "
        "setiap kunci hanya boleh ditulis sekali",
        "drafts/konten.md:8: title: kunci 'title' ditulis dua kali (pertama di baris 2) — hapus salah satunya: "
        "setiap kunci hanya boleh ditulis sekali",
    ]] * 2
    # In a list item too; a number and the same digits quoted are different keys.
    text = "legal_documents:\n  - type: UU\n    number: 7\n    type: PKPU\nx:\n  1: a\n  '1': b\n"
    assert both(tmp_path, text) == [[
        "drafts/konten.md:5: legal_documents.0.type: kunci 'type' ditulis dua kali (pertama di baris 3) — hapus "
        "salah satunya: setiap kunci hanya boleh ditulis sekali"]] * 2


def test_nesting_deeper_than_the_limit_is_refused_with_its_line(tmp_path):
    deep = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH)) + f"{'  ' * MAX_DEPTH}v: 1\n"
    # file line 1 is '---', 2 'title', 3 'k0:'; the mapping at level MAX_DEPTH + 1 starts at its first key
    assert both(tmp_path, "title: x\n" + deep) == [[
        f"drafts/konten.md:{MAX_DEPTH + 3}: YAML bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat) — "
        "kurangi tingkat bersarangnya: tulis pasangan 'kunci: nilai' dan daftar seperti di templat"]] * 2
    ok = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH - 1)) + f"{'  ' * (MAX_DEPTH - 1)}v: 1\n"
    assert load_located(ok, "a.md").data is not None


def test_a_hundred_thousand_brackets_are_refused_quickly_not_a_recursion_error(tmp_path):
    text = "tags: " + "[" * 100_000 + "]" * 100_000 + "\n"
    started = time.perf_counter()
    found = both(tmp_path, text)
    assert time.perf_counter() - started < 1
    assert found[0] == [f"drafts/konten.md:2: YAML bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat) — "
                        "kurangi tingkat bersarangnya: tulis pasangan 'kunci: nilai' dan daftar seperti di templat"]
    assert len(found[1]) == 1 and found[1][0].startswith("drafts/konten.md:")  # libyaml's own limit, or ours


def test_settings_refuse_the_same(tmp_path):
    from jdih.content.settings import load_settings

    root = ROOT
    text = (root / "site_config" / "jdih.yml").read_text(encoding="utf-8")
    path = tmp_path / "jdih.yml"
    path.write_text(text + "site:\n  title: Lagi\n", encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_settings(path)
    line = len(text.splitlines()) + 1
    first = text.splitlines().index("site:") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}: site: kunci 'site' ditulis dua kali (pertama di baris {first}) — hapus salah satunya: "
        "setiap kunci hanya boleh ditulis sekali"]


# -- broken YAML, told in Indonesian at the line to fix (issue 11) ------------------------------

INDENT = ("samakan jumlah spasi di awal baris ini dengan kunci lain pada tingkat yang sama (mis. 'src:' dan "
          "'alt:' di bawah 'image:' sama-sama dua spasi)")


@pytest.mark.parametrize(("yaml_text", "expected"), [
    ("title: x\nimage:\n  src: a.jpg\n\talt: Gambar\n",
     "drafts/konten.md:5: YAML rusak: baris ini memakai karakter tab, sedangkan YAML hanya menerima spasi — "
     "ganti tab dengan spasi (dua spasi untuk setiap tingkat indentasi)"),
    ("title: x\ntags: [#PKPU, Dasar Hukum]\ncaption: y\n",
     "drafts/konten.md:3: tags: YAML rusak: tanda '#' di dalam daftar [ … ] dibaca sebagai awal catatan "
     "(komentar), sehingga sisa baris ini terbuang dan daftarnya tidak tertutup — tulis tanpa tanda '#': "
     'tags: [PKPU, Dasar Hukum]; atau beri tanda kutip: tags: ["#PKPU", Dasar Hukum]'),
    ("title: x\ntags: [PKPU, #Pemilu]\n",
     "drafts/konten.md:3: tags: YAML rusak: tanda '#' di dalam daftar [ … ] dibaca sebagai awal catatan "
     "(komentar), sehingga sisa baris ini terbuang dan daftarnya tidak tertutup — tulis tanpa tanda '#': "
     'tags: [PKPU, Pemilu]; atau beri tanda kutip: tags: [PKPU, "#Pemilu"]'),
    ("title: Judul: Anak Judul\n",
     "drafts/konten.md:2: YAML rusak: tanda titik dua ':' tidak diharapkan di sini — beri tanda kutip ganda pada "
     'nilainya, mis. title: "Judul: Anak Judul"; bila baris di atasnya kehilangan titik dua setelah nama kuncinya, '
     "tambahkan titik dua itu"),
    ("image:\n  src: a.jpg\n alt: Gambar\n", f"drafts/konten.md:4: YAML rusak: indentasi baris ini tidak cocok "
                                            f"dengan baris di atasnya — {INDENT}"),
    ('title: "Judul\ndate: 2026-11-24\n',
     "drafts/konten.md:2: YAML rusak: tanda kutip dibuka tetapi tidak ditutup — tutup tanda kutipnya di akhir "
     "nilai, pada baris yang sama"),
    ("title: @akun\n",
     "drafts/konten.md:2: YAML rusak: nilai tidak boleh diawali tanda '@' — beri tanda kutip ganda pada nilainya, "
     'mis. title: "@…"'),
    ("image: {src: a.jpg, alt: Gambar\ncaption: x\n",
     "drafts/konten.md:2: YAML rusak: daftar dalam kurung { } tidak tertutup, atau butirnya tidak dipisah koma — "
     "tutup dengan '}' di baris yang sama dan pisahkan butirnya dengan koma, mis. image: {src: gambar.jpg, alt: "
     '"…"}'),
    ('title: "a\\q"\n',
     "drafts/konten.md:2: YAML rusak: garis miring terbalik '\\' di dalam tanda kutip ganda dibaca sebagai kode "
     "khusus — tulis nilainya di antara tanda kutip tunggal ('…'), atau tulis garis miring terbalik dua kali "
     "('\\\\')"),
    ("title: x\ntags: [Pemilu, DasarHukum\n",
     "drafts/konten.md:3: YAML rusak: daftar dalam kurung [ ] tidak tertutup, atau butirnya tidak dipisah koma — "
     "tutup dengan ']' di baris yang sama dan pisahkan butirnya dengan koma, mis. tags: [Pemilu2029, DasarHukum]"),
])
def test_broken_front_matter_is_told_in_indonesian_by_both_readers(tmp_path, yaml_text, expected):
    assert both(tmp_path, yaml_text) == [[expected]] * 2


def test_an_impossible_date_is_told_by_both_front_matter_readers_with_whether_a_time_is_needed(tmp_path):
    from jdih.content.post import load_front_matter

    text = "title: x\ndate: 2026-02-30\n"
    path = tmp_path / "konten.md"
    path.write_text(f"---\n{text}---\nIsi.\n", encoding="utf-8")
    expected = ["drafts/konten.md:3: date: tanggal '2026-02-30' tidak ada di kalender: Februari 2026 hanya sampai "
                "tanggal 28 — tulis tanggal yang benar sebagai TTTT-BB-HH, mis. 2026-02-28; jam tidak wajib (tanpa "
                "jam, konten bertanggal pukul 08.00); bila perlu, tulis jamnya setelah tanggal, mis. 2026-02-28 09:00"]
    for read in (lambda: load_front_matter(text, "drafts/konten.md"),
                 lambda: files.read_front_matter(path, "drafts/konten.md")):
        with pytest.raises(ProblemsError) as caught:
            read()
        assert [str(problem) for problem in caught.value.problems] == expected


def test_no_parser_english_for_any_kind_of_broken_yaml():
    english = ("expected", "found", "while", "mapping", "scalar", "could not", "block", "stream", "token",
               "indicator", "document")
    samples = ["a: [", "a: {b: c", "a: b: c", "a:\n  b: 1\n c: 2", "- a\nb: c", "a: 'x", "a: \"x", 'a: "\\q"',
               "a: |x\n  y", "a: `x`", "a: %x", "a: ]", "a: 1\n---\nb: 2", "a: \"x\" y", "a:\n\t- b", "[a, b",
               "a: [x\nb: 1"]
    for text in samples:
        with pytest.raises(ProblemsError) as caught:
            load_located(text + "\n", "x.yml")
        [problem] = caught.value.problems
        words = (problem.message + " " + problem.fix).lower()
        assert not any(word in words for word in english), (text, str(problem))
