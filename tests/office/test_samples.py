from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from jdih.office.samples import generate_benchmark_images, generate_sample_image

TITLE = "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"
SUBTITLE = "Landasan hukum SOP pengelolaan konten media sosial JDIH"


@pytest.mark.parametrize(("name", "fmt"), [("a.png", "PNG"), ("a.jpg", "JPEG"), ("a.jpeg", "JPEG"), ("a.webp", "WEBP")])
def test_same_inputs_give_identical_bytes(tmp_path: Path, name: str, fmt: str) -> None:
    one, two = tmp_path / "1" / name, tmp_path / "2" / name
    generate_sample_image(one, TITLE, SUBTITLE, seed=2)
    generate_sample_image(two, TITLE, SUBTITLE, seed=2)
    assert one.read_bytes() == two.read_bytes()
    with Image.open(one) as im:
        assert im.format == fmt
        assert im.size == (1600, 1000)
        assert im.mode == "RGB"


def test_seed_title_and_size_change_the_picture(tmp_path: Path) -> None:
    base = tmp_path / "base.png"
    generate_sample_image(base, TITLE, SUBTITLE, seed=0)
    other_seed = tmp_path / "seed.png"
    generate_sample_image(other_seed, TITLE, SUBTITLE, seed=1)
    other_title = tmp_path / "title.png"
    generate_sample_image(other_title, "Judul lain", SUBTITLE, seed=0)
    assert len({p.read_bytes() for p in (base, other_seed, other_title)}) == 3
    small = tmp_path / "small.png"
    generate_sample_image(small, TITLE, SUBTITLE, seed=0, size=(800, 500))
    with Image.open(small) as im:
        assert im.size == (800, 500)


def test_text_is_drawn_on_the_left_and_long_titles_wrap_inside_it(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.png"
    generate_sample_image(empty, "", "", seed=4)
    long_title = " ".join(["Peraturan Komisi Pemilihan Umum tentang Jaringan Dokumentasi"] * 4)
    for title in ("Judul", long_title, "Kata" * 40):
        path = tmp_path / "teks.png"
        generate_sample_image(path, title, SUBTITLE, seed=4)
        with Image.open(empty) as a, Image.open(path) as b:
            box = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox()
        assert box is not None, title
        left, top, right, bottom = box
        # The text area ends before the document motif, 530 px from the right edge.
        assert left >= 80 and right <= 1600 - 530, (title[:20], box)
        assert top >= 100 and bottom <= 1000 - 40, (title[:20], box)


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported image extension '.gif'"):
        generate_sample_image(tmp_path / "a.gif", TITLE, SUBTITLE, seed=0)


def test_benchmark_images_are_distinct_and_reproducible(tmp_path: Path) -> None:
    first = generate_benchmark_images(tmp_path / "a", count=10)
    again = generate_benchmark_images(tmp_path / "b", count=10)
    assert [p.name for p in first] == [f"gambar-uji-{i:02d}.jpg" for i in range(1, 11)]
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in first]
    assert len(set(digests)) == 10
    assert digests == [hashlib.sha256(p.read_bytes()).hexdigest() for p in again]
    for path in first:
        with Image.open(path) as im:
            assert im.format == "JPEG" and im.size == (1600, 1000)
    assert len(generate_benchmark_images(tmp_path / "c", count=3)) == 3
