from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from PIL import Image

from jdih.content import media
from jdih.office.samples import generate_sample_image
from jdih.site import images
from jdih.site.images import ImageCache, ImageError, ProcessedImage, Rendition, srcset


def not_an_image(name: str) -> str:
    """The words `jdih periksa` uses too (jdih.content.media)."""
    return f"berkas '{name}' bukan gambar yang dapat dibaca — gunakan berkas gambar JPEG, PNG, WebP, GIF"


def forbid_pillow(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("Pillow was asked to open an image")

    monkeypatch.setattr(Image, "open", refuse)


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("src") / "foto.jpg"
    generate_sample_image(path, "Sosialisasi JDIH", "Kegiatan kantor", seed=3, size=(1600, 1000))
    return path


@pytest.fixture(scope="module")
def noise_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Random noise at 2000x1500, quality 95 (3.4 MB): the worst case for JPEG size that the
    5 MB limit lets through."""
    path = tmp_path_factory.mktemp("noise") / "derau.jpg"
    pixels = random.Random(7).randbytes(2000 * 1500 * 3)
    Image.frombytes("RGB", (2000, 1500), pixels).save(path, quality=95)
    assert path.stat().st_size <= media.IMAGE_MAX_BYTES
    return path


@pytest.fixture(scope="module")
def processed_noise(noise_photo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[ImageCache, ProcessedImage]:
    cache = ImageCache(tmp_path_factory.mktemp("cache-noise"))
    return cache, cache.process(noise_photo)


def open_file(cache: ImageCache, rendition: Rendition) -> Image.Image:
    im = Image.open(cache.cache_dir / rendition.url)
    im.load()
    return im


def test_variants_are_webp_at_each_width_up_to_1280(photo: Path, tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(photo)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert result.digest == digest
    assert (result.width, result.height) == (1600, 1000)
    expected = [(320, 200), (640, 400), (960, 600), (1280, 800)]
    assert [(v.width, v.height) for v in result.variants] == expected
    for v in result.variants:
        assert v.url == f"media/{digest[:16]}-{v.width}.webp"
        assert v.mime == "image/webp"
        im = open_file(cache, v)
        assert im.format == "WEBP"
        assert im.size == (v.width, v.height)
    assert srcset(result) == ", ".join(f"media/{digest[:16]}-{w}.webp {w}w" for w in (320, 640, 960, 1280))
    fallback = open_file(cache, result.fallback)
    assert fallback.format == "JPEG" and fallback.mode == "RGB"
    assert fallback.size == (1280, 800) == (result.fallback.width, result.fallback.height)
    assert result.fallback.mime == "image/jpeg"
    assert result.fallback.url == f"media/{digest[:16]}-1280.jpg"


@pytest.mark.parametrize(
    ("size", "widths"),
    [((1000, 500), [320, 640, 960]), ((320, 100), [320]), ((200, 150), [200])],
)
def test_no_variant_is_wider_than_the_source(tmp_path: Path, size: tuple[int, int], widths: list[int]) -> None:
    source = tmp_path / "kecil.png"
    Image.new("RGB", size, (10, 120, 200)).save(source)
    result = ImageCache(tmp_path / "cache").process(source)
    assert [v.width for v in result.variants] == widths
    assert result.fallback.width == widths[-1]


def test_og_image_is_1200x630_and_under_300_kb_even_for_noise(processed_noise, noise_photo: Path) -> None:
    cache, result = processed_noise
    assert (result.width, result.height) == (2000, 1500)  # the source size, not the decoded draft
    og_path = cache.cache_dir / result.og.url
    og = open_file(cache, result.og)
    assert og.format == "JPEG"
    assert og.size == (1200, 630) == (result.og.width, result.og.height)
    assert og_path.stat().st_size < 300_000
    assert [(v.width, v.height) for v in result.variants] == [(320, 240), (640, 480), (960, 720), (1280, 960)]


def test_og_image_is_cropped_from_the_centre(tmp_path: Path) -> None:
    # A wide banner: red edges, green middle. Covering 1200x630 keeps only the middle.
    source = tmp_path / "spanduk.png"
    im = Image.new("RGB", (2000, 500), (255, 0, 0))
    im.paste((0, 160, 0), (500, 0, 1500, 500))
    im.save(source)
    cache = ImageCache(tmp_path / "cache")
    og = open_file(cache, cache.process(source).og).convert("RGB")
    for x in (3, 600, 1196):
        r, g, b = og.getpixel((x, 315))
        assert g > 120 and r < 60, (x, (r, g, b))


def test_second_process_reads_the_cache_without_pillow(photo: Path, tmp_path: Path, monkeypatch) -> None:
    first = ImageCache(tmp_path / "cache").process(photo)
    forbid_pillow(monkeypatch)
    again = ImageCache(tmp_path / "cache").process(photo)  # a new build: nothing in memory
    assert again == first


def test_cache_is_shared_with_another_process(photo: Path, tmp_path: Path, monkeypatch) -> None:
    script = (
        "import json, sys; from dataclasses import asdict; from pathlib import Path;"
        "from jdih.site.images import ImageCache;"
        "print(json.dumps(asdict(ImageCache(Path(sys.argv[1])).process(Path(sys.argv[2])))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "cache"), str(photo)],
        check=True, capture_output=True, text=True,
    ).stdout
    forbid_pillow(monkeypatch)
    here = ImageCache(tmp_path / "cache").process(photo)
    assert json.loads(json.dumps(asdict(here))) == json.loads(out)


def test_same_bytes_under_another_name_is_not_processed_again(photo: Path, tmp_path: Path, monkeypatch) -> None:
    cache = ImageCache(tmp_path / "cache")
    first = cache.process(photo)
    copy = tmp_path / "posts" / "lain" / "salinan.jpg"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(photo, copy)
    forbid_pillow(monkeypatch)
    assert cache.process(copy) == first
    assert ImageCache(tmp_path / "cache").process(copy) == first


def test_an_incomplete_or_broken_cache_entry_is_redone(photo: Path, tmp_path: Path) -> None:
    first = ImageCache(tmp_path / "cache").process(photo)
    (tmp_path / "cache" / first.variants[1].url).unlink()
    assert ImageCache(tmp_path / "cache").process(photo) == first
    assert (tmp_path / "cache" / first.variants[1].url).is_file()

    manifest = tmp_path / "cache" / "manifests" / f"{first.digest}.json"
    manifest.write_text("{ rusak", encoding="utf-8")
    assert ImageCache(tmp_path / "cache").process(photo) == first
    assert json.loads(manifest.read_text(encoding="utf-8"))["digest"] == first.digest


def test_two_processes_at_once_both_succeed(photo: Path, tmp_path: Path) -> None:
    script = (
        "import json, sys; from dataclasses import asdict; from pathlib import Path;"
        "from jdih.site.images import ImageCache;"
        "print(json.dumps(asdict(ImageCache(Path(sys.argv[1])).process(Path(sys.argv[2])))))"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "cache"), str(photo)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert json.loads(outputs[0][0]) == json.loads(outputs[1][0])
    leftovers = [p.name for p in (tmp_path / "cache").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    result = ImageCache(tmp_path / "cache").process(photo)
    for rendition in result.renditions():
        Image.open(tmp_path / "cache" / rendition.url).load()


def _oriented_jpeg(path: Path, size: tuple[int, int], orientation: int, exif_extra: dict | None = None) -> None:
    """Left half red, right half blue, stored as is, with an EXIF orientation tag."""
    im = Image.new("RGB", size, (220, 0, 0))
    im.paste((0, 0, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    for tag, value in (exif_extra or {}).items():
        exif[tag] = value
    im.save(path, quality=90, exif=exif)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # Orientation 6: the camera was turned; the picture is shown rotated 90° clockwise,
    # so the stored left half (red) ends up on top. Big enough for the JPEG draft path.
    source = tmp_path / "tegak.jpg"
    _oriented_jpeg(source, (6000, 3000), orientation=6)
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(source)
    assert (result.width, result.height) == (3000, 6000)
    assert [(v.width, v.height) for v in result.variants] == [(320, 640), (640, 1280), (960, 1920), (1280, 2560)]
    variant = open_file(cache, result.variants[1]).convert("RGB")
    top, bottom = variant.getpixel((320, 100)), variant.getpixel((320, 1180))
    assert top[0] > 150 and top[2] < 60, top
    assert bottom[2] > 150 and bottom[0] < 60, bottom
    assert open_file(cache, result.og).size == (1200, 630)


def test_metadata_such_as_gps_is_stripped(tmp_path: Path) -> None:
    source = tmp_path / "lokasi.jpg"
    _oriented_jpeg(source, (1400, 900), orientation=1, exif_extra={0x010F: "Kamera Kantor", 0x0131: "Aplikasi"})
    with Image.open(source) as im:  # add GPS coordinates to the source
        exif = im.getexif()
        exif.get_ifd(0x8825).update({1: "S", 2: (3.0, 0.0, 0.0), 3: "E", 4: (114.0, 0.0, 0.0)})
        im.save(source, exif=exif, comment=b"rahasia")
    with Image.open(source) as im:
        assert im.getexif().get_ifd(0x8825), "test setup: the source must carry GPS"
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(source)
    for rendition in result.renditions():
        data = (cache.cache_dir / rendition.url).read_bytes()
        im = open_file(cache, rendition)
        assert len(im.getexif()) == 0, rendition.url
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(im.info), (rendition.url, im.info.keys())
        for marker in (b"Exif", b"EXIF", b"Kamera Kantor", b"rahasia"):
            assert marker not in data, (rendition.url, marker)


def test_transparency_is_kept_in_webp_and_flattened_on_white_in_jpeg(tmp_path: Path) -> None:
    source = tmp_path / "logo.png"
    im = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    im.paste((139, 0, 0, 255), (400, 0, 800, 400))
    im.save(source)
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(source)
    webp = open_file(cache, result.variants[-1])
    assert webp.mode == "RGBA"
    assert webp.getpixel((10, 10))[3] == 0
    assert webp.getpixel((600, 200))[3] == 255
    jpeg = open_file(cache, result.fallback)
    assert jpeg.mode == "RGB"
    assert all(c > 240 for c in jpeg.getpixel((10, 10)))


@pytest.mark.parametrize("mode", ["L", "LA", "P", "P+transparency", "CMYK", "I;16", "1"])
def test_other_colour_modes_are_converted(tmp_path: Path, mode: str) -> None:
    source = tmp_path / ("gambar.jpg" if mode == "CMYK" else "gambar.png")
    im = Image.new("RGB", (640, 360), (30, 90, 200)).convert(mode.split("+")[0])
    im.save(source, **({"transparency": 0} if "+" in mode else {}))
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(source)
    assert [v.width for v in result.variants] == [320, 640]
    assert open_file(cache, result.variants[0]).mode in ("RGB", "RGBA")
    assert open_file(cache, result.og).mode == "RGB"


def test_placeholder_colour_is_the_average(tmp_path: Path) -> None:
    source = tmp_path / "polos.png"
    Image.new("RGB", (700, 500), (200, 30, 60)).save(source)
    assert ImageCache(tmp_path / "cache").process(source).placeholder_color == "#c81e3c"
    half = tmp_path / "separuh.png"
    im = Image.new("RGB", (700, 500), (0, 0, 0))
    im.paste((200, 100, 50), (350, 0, 700, 500))
    im.save(half)
    assert ImageCache(tmp_path / "cache").process(half).placeholder_color == "#643219"


def test_not_an_image_is_an_indonesian_error(tmp_path: Path) -> None:
    source = tmp_path / "bukan-gambar.jpg"
    source.write_text("ini hanya teks", encoding="utf-8")
    with pytest.raises(ImageError) as info:
        ImageCache(tmp_path / "cache").process(source)
    assert str(info.value) == f"{source}: {not_an_image('bukan-gambar.jpg')}"


def test_truncated_image_is_an_indonesian_error(photo: Path, tmp_path: Path) -> None:
    source = tmp_path / "terpotong.jpg"
    source.write_bytes(photo.read_bytes()[: photo.stat().st_size // 2])
    with pytest.raises(ImageError) as info:
        ImageCache(tmp_path / "cache").process(source, "media/terpotong.jpg")  # as the post names it
    assert str(info.value) == f"{source}: {not_an_image('media/terpotong.jpg')}"


def test_missing_image_is_an_indonesian_error(tmp_path: Path) -> None:
    source = tmp_path / "tidak-ada.jpg"
    with pytest.raises(ImageError) as info:
        ImageCache(tmp_path / "cache").process(source)
    assert str(info.value) == f"{source}: berkas gambar 'tidak-ada.jpg' tidak ditemukan — periksa nama dan letak berkas gambar"


def test_publish_links_every_rendition_into_the_site_once(photo: Path, tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(photo)
    site = tmp_path / "site"
    cache.publish(result, site)
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert published == sorted(r.url for r in result.renditions())
    for r in result.renditions():
        target = site / r.url
        assert target.read_bytes() == (cache.cache_dir / r.url).read_bytes()
        assert target.stat().st_ino == (cache.cache_dir / r.url).stat().st_ino  # same filesystem: a hard link
        assert target.stat().st_mode & 0o444 == 0o444  # readable by a web server
    before = {r.url: (site / r.url).stat().st_mtime_ns for r in result.renditions()}
    cache.publish(result, site)
    assert {r.url: (site / r.url).stat().st_mtime_ns for r in result.renditions()} == before
    # A damaged copy in the site (different size) is replaced.
    (site / result.og.url).write_bytes(b"rusak")
    cache.publish(result, site)
    assert (site / result.og.url).read_bytes() == (cache.cache_dir / result.og.url).read_bytes()
    # A cleaned site folder (the next build) gets everything again.
    shutil.rmtree(site)
    cache.publish(result, site)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == published


def test_publish_copies_when_links_are_impossible(photo: Path, tmp_path: Path, monkeypatch) -> None:
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(photo)

    def no_link(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(images.os, "link", no_link)
    cache.publish(result, tmp_path / "site")
    for r in result.renditions():
        target = tmp_path / "site" / r.url
        assert target.read_bytes() == (cache.cache_dir / r.url).read_bytes()
        assert target.stat().st_ino != (cache.cache_dir / r.url).stat().st_ino


def test_publish_reports_a_cache_emptied_under_it(photo: Path, tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(photo)
    shutil.rmtree(tmp_path / "cache" / "media")
    with pytest.raises(ImageError) as info:
        cache.publish(result, tmp_path / "site")
    assert str(info.value) == (
        f"{result.variants[0].url}: berkas olahan gambar hilang dari cache {tmp_path / 'cache'} — "
        "bangun ulang situs agar gambar diolah kembali."
    )


def test_outputs_are_world_readable(photo: Path, tmp_path: Path) -> None:
    cache = ImageCache(tmp_path / "cache")
    for r in cache.process(photo).renditions():
        assert os.stat(cache.cache_dir / r.url).st_mode & 0o777 == 0o644


@pytest.mark.parametrize("profile", ["srgb", "broken"])
def test_colour_profiles_are_used_or_ignored_and_never_published(tmp_path: Path, profile: str) -> None:
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() if profile == "srgb" else b"bukan profil"
    source = tmp_path / "profil.jpg"
    Image.new("RGB", (700, 400), (30, 90, 200)).save(source, quality=95, icc_profile=icc)
    cache = ImageCache(tmp_path / "cache")
    result = cache.process(source)
    for rendition in result.renditions():
        assert "icc_profile" not in open_file(cache, rendition).info
    r, g, b = open_file(cache, result.fallback).getpixel((350, 200))
    assert abs(r - 30) < 8 and abs(g - 90) < 8 and abs(b - 200) < 8


def test_a_decompression_bomb_is_refused_from_its_header_before_decoding(tmp_path: Path, monkeypatch) -> None:
    """8000x6000 (48 megapixels) in a 6 KB PNG: refused on its header, nothing decoded."""
    import tracemalloc

    source = tmp_path / "bom.png"
    Image.new("1", (8000, 6000)).save(source)
    assert source.stat().st_size < 10_000
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded before its size was checked"))
    tracemalloc.start()
    with pytest.raises(ImageError) as info:
        ImageCache(tmp_path / "cache").process(source, "media/bom.png")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(info.value) == (
        f"{source}: ukuran piksel gambar 'media/bom.png' terlalu besar (8000 × 6000 piksel, 48,0 megapiksel), "
        "maksimal 40 megapiksel — perkecil gambar, mis. lebar 2000 px")
    assert peak < 5_000_000
    assert not (tmp_path / "cache" / "media").exists()


def test_beyond_pillows_own_limit_is_the_same_message(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "raksasa.png"
    Image.new("RGB", (400, 300)).save(source)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50_000)  # 120,000 pixels: over twice Pillow's limit
    with pytest.raises(ImageError) as info:
        ImageCache(tmp_path / "cache").process(source)
    assert str(info.value) == (
        f"{source}: ukuran piksel gambar 'raksasa.png' terlalu besar, maksimal 40 megapiksel — perkecil gambar, "
        "mis. lebar 2000 px")


def test_a_file_over_5_mb_is_refused_by_its_size_before_it_is_read(photo: Path, tmp_path: Path,
                                                                    monkeypatch) -> None:
    big = tmp_path / "besar.jpg"
    big.write_bytes(photo.read_bytes() + b"\0" * (media.IMAGE_MAX_BYTES + 1))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before its size was checked"))
    with pytest.raises(ImageError) as info:
        ImageCache(tmp_path / "cache").process(big, "media/besar.jpg")
    assert info.value.what.startswith("berkas gambar terlalu besar (") and info.value.what.endswith(
        " MB, maksimal 5 MB)")
    assert info.value.fix == "perkecil gambar, mis. lebar 2000 px dengan kualitas JPEG 85"


@pytest.mark.parametrize("kind", ["BMP", "TIFF", "PPM"])
def test_only_jpeg_png_webp_and_gif_are_decoded(tmp_path: Path, kind: str) -> None:
    """Pillow is asked to try no other decoder, whatever the file's name says."""
    source = tmp_path / "foto.jpg"
    Image.new("RGB", (640, 480), (10, 20, 30)).save(source, kind)
    with pytest.raises(ImageError) as info:
        ImageCache(tmp_path / "cache").process(source)
    assert str(info.value) == f"{source}: {not_an_image('foto.jpg')}"
