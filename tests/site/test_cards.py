"""The social-media cards and carousel slides (jdih.site.cards): sizes, byte limits, the title
inside each platform's safe area, posts without a usable image, the content-keyed cache, and one
golden picture per format (tests/fixtures/cards/; JDIH_UPDATE_GOLDENS=1 rewrites them)."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from jdih.site import cards
from jdih.site.cards import FORMATS, CardMaker, CardText, draw_card, layout, safe_area
from jdih.site.images import OG_MAX_BYTES, ImageCache
from tests.conftest import ROOT

GOLDENS = ROOT / "tests" / "fixtures" / "cards"
LOGO = ROOT / "content" / "assets" / "logo-kantor.png"
TEXT = CardText("Mengenal UU Nomor 7 Tahun 2017 tentang Pemilihan Umum", "Peraturan", "KPU Kabupaten Kapuas")
LONG = CardText("Keputusan Komisi Pemilihan Umum Nomor 10/HK.04/08/2022 tentang Pedoman Teknis Pengelolaan "
                "Jaringan Dokumentasi dan Informasi Hukum di Lingkungan Komisi Pemilihan Umum, Komisi Pemilihan "
                "Umum Provinsi dan Komisi Pemilihan Umum Kabupaten/Kota beserta seluruh lampirannya",
                "Keputusan", "KPU Kabupaten Kapuas")
MARK = (0, 255, 0)  # the title's colour when its pixels are looked for: no green in the office colour


def photo(path: Path, size=(1600, 1000), seed: int = 1) -> Path:
    """A deterministic 'photo': a sky-to-ground gradient with shapes (no randomness across runs)."""
    rng = random.Random(seed)
    im = Image.linear_gradient("L").resize(size)
    im = Image.composite(Image.new("RGB", size, (40, 70, 120)), Image.new("RGB", size, (200, 215, 230)), im)
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(40, 200)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=90)
    return path


def noise(path: Path, size=(1200, 1200)) -> Path:
    """The hardest picture to compress: random pixels (a PNG under the 5 MB source limit)."""
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(path, "PNG")
    return path


@pytest.fixture
def cache(tmp_path) -> ImageCache:
    return ImageCache(tmp_path / "cache")


def made(cache: ImageCache, source: Path | None, text: CardText = TEXT, logo: Path | None = LOGO):
    maker = CardMaker(cache, logo)
    digest = cache.process(source).digest if source is not None else ""
    return maker, maker.cards(source, digest, text)


def opened(cache: ImageCache, url: str) -> Image.Image:
    im = Image.open(cache.cache_dir / url)
    im.load()
    return im


# -- sizes, formats, limits ---------------------------------------------------------------------


def test_every_format_has_its_size_as_a_metadata_free_srgb_jpeg_under_its_limit(tmp_path, cache):
    _, result = made(cache, photo(tmp_path / "foto.jpg"))
    for fmt, rendition in result.by_format().items():
        im = opened(cache, rendition.url)
        assert (im.format, im.mode, im.size) == ("JPEG", "RGB", FORMATS[fmt])
        assert (rendition.width, rendition.height) == FORMATS[fmt]
        assert "exif" not in im.info and "icc_profile" not in im.info and "comment" not in im.info
        assert not im.getexif()
        size = (cache.cache_dir / rendition.url).stat().st_size
        assert size < (OG_MAX_BYTES if fmt == "og" else cards.INSTAGRAM_MAX_BYTES), (fmt, size)
    assert set(FORMATS) == {"og", "portrait", "square", "story"}
    assert FORMATS == {"portrait": (1080, 1350), "square": (1080, 1080), "story": (1080, 1920), "og": (1200, 630)}


def test_a_noise_photo_still_fits_the_limits(tmp_path, cache):
    """Random pixels compress worst: the quality steps down until each card is under its limit."""
    _, result = made(cache, noise(tmp_path / "derau.png"))
    og = (cache.cache_dir / result.og.url).stat().st_size
    assert og < OG_MAX_BYTES
    for rendition in (result.portrait, result.square, result.story):
        assert (cache.cache_dir / rendition.url).stat().st_size < cards.INSTAGRAM_MAX_BYTES


def test_the_encoder_steps_quality_down_to_meet_a_limit():
    im = Image.frombytes("RGB", (600, 600), os.urandom(600 * 600 * 3))
    best = cards.encode(im, 10**9)
    assert len(cards.encode(im, len(best) - 1)) < len(best) - 1


# -- the title in the safe area -----------------------------------------------------------------


def _ink_box(im: Image.Image, colour=MARK) -> tuple[int, int, int, int]:
    """The bounding box of the pixels near `colour` (anti-aliased edges count when mostly it)."""
    far = [band.point(lambda v, c=c: 0 if abs(v - c) < 90 else 255) for band, c in zip(im.split(), colour, strict=True)]
    near = ImageChops.invert(ImageChops.lighter(ImageChops.lighter(far[0], far[1]), far[2]))
    box = near.getbbox()
    assert box is not None, "no title pixels found"
    return box


def _inside(box, area) -> bool:
    return box[0] >= area[0] and box[1] >= area[1] and box[2] <= area[2] and box[3] <= area[3]


def test_the_safe_areas_are_the_platforms_crops():
    assert safe_area("portrait") == (54, 68, 1026, 1282)
    assert safe_area("square") == (54, 54, 1026, 1026)
    assert safe_area("story") == (54, 250, 1026, 1670)  # Instagram's header and reply bar: 250 px each
    left, top, right, bottom = safe_area("og")
    assert left >= 285 and right <= 915 and top >= 0 and bottom <= 630  # WhatsApp's centred square crop


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("text", [TEXT, LONG, CardText("Pemilu", "Berita", "KPU Kabupaten Kapuas")],
                         ids=["usual", "too-long", "short"])
def test_the_title_drawn_stays_inside_the_safe_area(fmt, text):
    logo, _ = cards._load_logo(LOGO)
    im = draw_card(None, fmt, text, logo, title_fill=MARK)
    box = _ink_box(im)
    assert _inside(box, safe_area(fmt)), (fmt, box, safe_area(fmt))
    if fmt == "og":
        assert _inside(box, (285, 0, 915, 630))
    lay = layout(fmt, text, True)
    # the computed layout holds the pixels (its box counts the letters' side bearings) and is safe too
    grown = (lay.title_box[0] - 2, lay.title_box[1] - 2, lay.title_box[2] + 2, lay.title_box[3] + 2)
    assert _inside(box, grown) and _inside(lay.title_box, lay.safe), (box, lay.title_box)
    assert abs(box[1] - lay.title_box[1]) <= 3 and abs(box[3] - lay.title_box[3]) <= 3
    # every other piece of text (office line, chip) is inside the safe area too
    assert _inside(lay.chip_box, lay.safe) and _inside(lay.logo_box, lay.safe)
    assert lay.office_xy[0] >= lay.safe[0] and lay.office_xy[1] >= lay.safe[1]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_title_is_legible_as_a_thumbnail_and_at_most_four_lines(fmt):
    for text in (TEXT, LONG):
        lay = layout(fmt, text, True)
        cap = lay.title_font_size * cards.cap_ratio()
        assert cap >= 0.04 * min(FORMATS[fmt]) - 0.5, (fmt, cap)
        assert 1 <= len(lay.title_lines) <= 4
    long_lay = layout(fmt, LONG, True)
    assert long_lay.title_lines[-1].endswith("…")  # the last resort, on the too-long title only
    assert not layout(fmt, TEXT, True).title_lines[-1].endswith("…")


def test_a_short_title_is_set_larger_than_a_long_one():
    assert layout("portrait", CardText("Pemilu", "Berita", "KPU"), True).title_font_size > \
        layout("portrait", LONG, True).title_font_size


def test_wrap_breaks_a_word_longer_than_the_line():
    face = cards.font(cards.BOLD, 60)
    lines = cards.wrap("10/HK.04/08/2022/" * 6, face, 400)
    assert len(lines) > 1 and all(face.getlength(line) <= 400 for line in lines)


# -- posts without a good image -----------------------------------------------------------------


def _near(colour, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_a_post_without_an_image_gets_the_office_colour_card(cache):
    maker, result = made(cache, None)
    assert maker.rendered == 4
    for fmt, rendition in result.by_format().items():
        im = opened(cache, rendition.url).convert("RGB")
        assert im.size == FORMATS[fmt]
        assert _near(im.getpixel((im.width - 5, im.height // 2)), cards.BRAND, 60) or \
            _near(im.getpixel((im.width - 5, im.height // 2)), cards.BRAND_DARK, 60)


def test_a_tiny_image_gives_the_office_colour_card_not_a_blown_up_blur(tmp_path, cache):
    _, result = made(cache, photo(tmp_path / "kecil.jpg", size=(300, 200)))
    im = opened(cache, result.square.url).convert("RGB")
    assert _near(im.getpixel((1075, 540)), cards.BRAND, 70) or _near(im.getpixel((1075, 540)), cards.BRAND_DARK, 70)
    big = made(cache, photo(tmp_path / "besar.jpg"))[1]
    assert not _near(opened(cache, big.square.url).convert("RGB").getpixel((1075, 540)), cards.BRAND, 30)


def test_an_svg_logo_is_left_off_the_card(tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert cards._load_logo(svg) == (None, "")
    assert layout("square", TEXT, False).logo_box is None


# -- the cache ----------------------------------------------------------------------------------


def test_a_rebuild_renders_nothing_and_a_changed_title_renders_again(tmp_path, cache):
    source = photo(tmp_path / "foto.jpg")
    first_maker, first = made(cache, source)
    assert first_maker.rendered == 4
    again_maker, again = made(ImageCache(cache.cache_dir), source)  # a new build: nothing in memory
    assert again_maker.rendered == 0 and again == first
    changed_maker, changed = made(cache, source, CardText(TEXT.title + " (Ubah)", TEXT.category, TEXT.office))
    assert changed_maker.rendered == 4 and changed.og.url != first.og.url
    other_logo = tmp_path / "logo.png"
    Image.new("RGBA", (64, 64), (0, 0, 255, 255)).save(other_logo)
    assert made(cache, source, logo=other_logo)[0].rendered == 4  # the brand is part of the key


def test_names_are_stable_and_content_keyed(tmp_path):
    one = made(ImageCache(tmp_path / "a"), photo(tmp_path / "x.jpg"))[1]
    two = made(ImageCache(tmp_path / "b"), photo(tmp_path / "y.jpg"))[1]  # same pixels, another name and cache
    assert one == two
    assert one.og.url.startswith("media/") and one.og.url.endswith("-og.jpg")


# -- slides ---------------------------------------------------------------------------------------


def test_a_gallery_slide_shows_the_whole_photo_over_its_blurred_copy(tmp_path, cache):
    source = tmp_path / "lebar.png"
    im = Image.new("RGB", (1600, 900), (200, 30, 30))
    ImageDraw.Draw(im).rectangle([0, 0, 1599, 899], outline=(0, 200, 0), width=12)  # a green frame to find
    im.save(source)
    maker = CardMaker(cache, None)
    slide = maker.slide(source, cache.process(source).digest)
    out = opened(cache, slide.url).convert("RGB")
    assert out.size == (1080, 1350) and (slide.width, slide.height) == (1080, 1350)
    top = (1350 - round(900 * 1080 / 1600)) // 2
    # the photo's own frame is on every side: it was contained, not cropped
    for x, y in ((3, 675), (1076, 675), (540, top + 3), (540, 1350 - top - 4)):
        assert _near(out.getpixel((x, y)), (0, 200, 0), 60), (x, y, out.getpixel((x, y)))
    # above it, the darkened blur of the photo (reddish, darker than the photo)
    above = out.getpixel((540, top // 2))
    assert above[0] > above[1] and above[0] < 200
    assert (cache.cache_dir / slide.url).stat().st_size < cards.INSTAGRAM_MAX_BYTES
    assert CardMaker(ImageCache(cache.cache_dir), None).slide(source, cache.process(source).digest) == slide


# -- golden pictures ------------------------------------------------------------------------------


def _golden_cases(tmp_path) -> dict[str, Image.Image]:
    logo, _ = cards._load_logo(LOGO)
    pic = Image.open(photo(tmp_path / "emas.jpg")).convert("RGB")
    found = {fmt: draw_card(cards.prepared(pic, FORMATS[fmt]), fmt, TEXT, logo) for fmt in FORMATS}
    found["portrait-tanpa-gambar"] = draw_card(None, "portrait", LONG, logo)
    found["slide"] = cards.draw_slide(pic)
    return found


@pytest.mark.parametrize("name", ["og", "portrait", "square", "story", "portrait-tanpa-gambar", "slide"])
def test_golden_pictures(tmp_path, name):
    """Each card as it looked when checked by eye. A change of design bumps CARD_VERSION and
    rewrites these with JDIH_UPDATE_GOLDENS=1, after looking at them again."""
    im = _golden_cases(tmp_path)[name]
    golden = GOLDENS / f"{name}.jpg"
    if os.environ.get("JDIH_UPDATE_GOLDENS"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(cards.encode(im, cards.INSTAGRAM_MAX_BYTES))
    expected = Image.open(golden).convert("RGB")
    assert expected.size == im.size
    ours = Image.open(io.BytesIO(cards.encode(im, cards.INSTAGRAM_MAX_BYTES))).convert("RGB")
    # JPEG noise and a FreeType version's anti-aliasing differ by a few levels; a moved title by far more
    diff = ImageStat.Stat(ImageChops.difference(ours, expected)).mean
    assert max(diff) < 3.0, (name, diff)
    coarse = ImageChops.difference(ours.resize((ours.width // 20, ours.height // 20)),
                                   expected.resize((ours.width // 20, ours.height // 20)))
    assert max(hi for _, hi in coarse.getextrema()) < 40, name


def test_a_shared_background_gives_the_same_card_as_a_fresh_one(tmp_path):
    """CardMaker keeps a photo's backgrounds by geometry for the posts that share the photo."""
    logo, _ = cards._load_logo(LOGO)
    pic = cards.prepared(Image.open(photo(tmp_path / "f.jpg")).convert("RGB"), FORMATS["story"])
    frames: dict = {}
    first = draw_card(pic, "story", TEXT, logo, frames=frames)
    other = CardText("Mengenal UU Nomor 8 Tahun 2017 tentang Pemilihan Umum", TEXT.category, TEXT.office)
    shared = draw_card(pic, "story", other, logo, frames=frames)
    assert len(frames) == 1  # the same geometry: the second card drew no background
    assert ImageChops.difference(shared, draw_card(pic, "story", other, logo)).getbbox() is None
    assert ImageChops.difference(first, draw_card(pic, "story", TEXT, logo)).getbbox() is None
