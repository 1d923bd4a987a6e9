"""Platform-ready images of a post, made offline at build time: the branded cards and the slides.

A **card** is the post's image filling the frame, darkened and blurred where the text sits, with
the office's logo and short name, the post's category and its title in large bold type, in four
formats: the Instagram feed portrait (1080×1350) and square (1080×1080), the Instagram story
(1080×1920) and the 1200×630 link preview of Open Graph, Facebook and X. Every piece of text
stays inside the format's safe area (`safe_area`): 5% margins on the feed formats; on the story
the top and bottom 250 px are kept clear (Instagram puts its header and its reply bar there); on
the link preview everything is inside the centred 630×630 square, since WhatsApp crops link
previews square. The title's capital letters are at least 4% of the short side high, so it stays
legible on a phone's thumbnail. A post whose image is missing or too small for the frame still
gets a good card: the office colour, with the same text.

A **slide** is one gallery photo as a 1080×1350 JPEG for the Instagram carousel, the whole photo
shown (contained) over a blurred, darkened copy of itself.

Outputs are sRGB JPEGs without metadata, each under Instagram's 8 MB (and the preview under
`images.OG_MAX_BYTES`). They are kept in the image cache folder under names made from what they
show (the image's digest, the texts, the logo, the colour and `CARD_VERSION`), so a rebuild finds
them there and renders nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from jdih.content import media
from jdih.content.files import MediaError
from jdih.site import images
from jdih.site.images import MEDIA_DIR, NAME_DIGEST_CHARS, ImageCache, ImageError, Rendition, atomic_write

# Bump when a card or a slide would look different for the same inputs (layout, fonts, colours).
# 2: on the office colour (no usable image) the category chip is white; the gradient's end on a grid.
CARD_VERSION = 2

FORMATS: dict[str, tuple[int, int]] = {
    "portrait": (1080, 1350),  # Instagram feed 4:5
    "square": (1080, 1080),    # Instagram feed 1:1
    "story": (1080, 1920),     # Instagram story 9:16
    "og": (1200, 630),         # Open Graph, Facebook, X (the existing link preview size)
}
SLIDE_SIZE = FORMATS["portrait"]

# Instagram's limit for a published image: "Image Specifications … File size: 8 MB maximum"
# (Instagram Platform, IG User Media reference:
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media).
# Read strictly: 8 MB = 8,000,000 bytes.
INSTAGRAM_MAX_BYTES = 8 * 1000 * 1000
MAX_BYTES = {"og": images.OG_MAX_BYTES, "portrait": INSTAGRAM_MAX_BYTES, "square": INSTAGRAM_MAX_BYTES,
             "story": INSTAGRAM_MAX_BYTES}
QUALITIES = (88, 82, 76, 70, 62, 54, 46, 38, 30)

# The office colour of the site's theme (`--md-primary-fg-color` in jdih.css): the settings have
# none of their own, so the cards use the site's.
BRAND = (0x7A, 0x0C, 0x0C)
BRAND_DARK = (0x3A, 0x05, 0x05)
TEXT = (255, 255, 255)

# A story's top and bottom 250 px of 1920 hold Instagram's own header and reply bar.
STORY_CLEAR = 250
MARGIN = 0.05  # of each side, on every format (inside the centred square on the link preview)
TITLE_CAP_MIN = 0.04  # title capital height, of the short side: legible as a thumbnail
TITLE_MAX_LINES = 4
TITLE_GROWTH = 1.7  # the largest title size, as a multiple of the smallest
LINE_HEIGHT = 1.14
ELLIPSIS = "…"
SHADE_STEP = 40  # px: the dark gradient's end is on this grid
# A source whose short side is below this (after orientation) is no good behind a card: the
# office colour instead of a blown-up blur.
MIN_SOURCE_SIDE = 480

FONTS = Path(__file__).parent / "fonts"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
REGULAR = FONTS / "DejaVuSans.ttf"


def safe_area(fmt: str) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the part of a `fmt` card that text may use."""
    width, height = FORMATS[fmt]
    if fmt == "og":  # the centred square WhatsApp keeps, with the same 5% margin inside it
        side = height
        left = (width - side) // 2
        inset = round(side * MARGIN)
        return left + inset, inset, left + side - inset, side - inset
    mx = round(width * MARGIN)
    if fmt == "story":
        return mx, STORY_CLEAR, width - mx, height - STORY_CLEAR
    my = round(height * MARGIN)
    return mx, my, width - mx, height - my


@dataclass(frozen=True)
class CardText:
    title: str
    category: str
    office: str  # the office's short name

    def key(self) -> dict:
        return {"title": self.title, "category": self.category, "office": self.office}


@dataclass(frozen=True)
class Layout:
    """Where everything of one card goes (pixel boxes are (left, top, right, bottom))."""

    fmt: str
    size: tuple[int, int]
    safe: tuple[int, int, int, int]
    logo_box: tuple[int, int, int, int] | None
    office_xy: tuple[int, int]
    office_font_size: int
    office_text: str
    chip_box: tuple[int, int, int, int]
    chip_font_size: int
    category_text: str
    title_lines: tuple[str, ...]
    title_font_size: int
    title_xy: tuple[int, int]  # the first line's top-left
    line_step: int
    title_box: tuple[int, int, int, int]  # the ink of every title line
    shade_top: int  # where the dark gradient behind the chip and title starts
    shade_end: int  # where it is fully dark (at or above the chip)


@dataclass(frozen=True)
class Cards:
    """The four cards of a post (site-relative renditions under media/)."""

    og: Rendition
    portrait: Rendition
    square: Rendition
    story: Rendition

    def all(self) -> tuple[Rendition, ...]:
        return (self.og, self.portrait, self.square, self.story)

    def by_format(self) -> dict[str, Rendition]:
        return {fmt: getattr(self, fmt) for fmt in FORMATS}


# -- fonts and text ---------------------------------------------------------------------------

_FONTS: dict[tuple[Path, int], ImageFont.FreeTypeFont] = {}


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    key = (path, size)
    if key not in _FONTS:
        _FONTS[key] = ImageFont.truetype(str(path), size)
    return _FONTS[key]


def cap_ratio(path: Path = BOLD) -> float:
    """The height of a capital 'H' per pixel of font size."""
    probe = font(path, 200)
    _, top, _, bottom = probe.getbbox("H")
    return (bottom - top) / 200


def title_min_size(fmt: str) -> int:
    short = min(FORMATS[fmt])
    return math.ceil(TITLE_CAP_MIN * short / cap_ratio())


def _width(text: str, face: ImageFont.FreeTypeFont) -> float:
    return face.getlength(text)


def _break_word(word: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than a line, cut into pieces that fit (e.g. a long number)."""
    pieces, current = [], ""
    for char in word:
        if current and _width(current + char, face) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current] if current else pieces


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap of `text` into lines at most `width` pixels wide."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = [word] if _width(word, face) <= width else _break_word(word, face, width)
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if _width(candidate, face) <= width:
                current = candidate
            else:
                if current:
                    lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines


def _with_ellipsis(line: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    line = line.rstrip()
    while line and _width(line + ELLIPSIS, face) > width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


def _fit_title(title: str, fmt: str, width: int, height: int) -> tuple[list[str], int]:
    """The title's lines and font size: the largest size (from the smallest legible one up) whose
    wrap has at most TITLE_MAX_LINES lines and fits `height`; at the smallest size, the fourth
    line ends with an ellipsis when the title is longer still."""
    smallest = title_min_size(fmt)
    largest = round(smallest * TITLE_GROWTH)
    for size in range(largest, smallest - 1, -2):
        face = font(BOLD, size)
        lines = wrap(title, face, width)
        if len(lines) <= TITLE_MAX_LINES and _block_height(len(lines), size) <= height:
            return lines, size
    face = font(BOLD, smallest)
    lines = wrap(title, face, width)
    keep = next((n for n in range(TITLE_MAX_LINES, 0, -1) if _block_height(n, smallest) <= height), 1)
    if len(lines) > keep:
        lines = lines[:keep - 1] + [_with_ellipsis(lines[keep - 1], face, width)]
    return lines, smallest


def _ink_rows(size: int) -> tuple[int, int]:
    """(top of a capital, bottom of a descender) below a line's drawing origin, at `size`."""
    face = font(BOLD, size)
    return face.getbbox("H")[1], face.getbbox("Hgjpqy")[3]


def _block_height(count: int, size: int) -> int:
    """From the first line's capital top to the last line's descender bottom."""
    cap_top, low = _ink_rows(size)
    return (count - 1) * round(size * LINE_HEIGHT) + low - cap_top


def _one_line(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    return text if _width(text, face) <= width else _with_ellipsis(text, face, width)


def layout(fmt: str, text: CardText, has_logo: bool) -> Layout:
    """The card's geometry: the office line at the top of the safe area, the category chip and
    the title at its bottom, the title as large as fits (see `_fit_title`)."""
    size = FORMATS[fmt]
    safe = left, top, right, bottom = safe_area(fmt)
    short = min(size)
    width = right - left
    office_size = max(16, round(short * 0.032))
    logo_side = round(office_size * 2.2)
    logo_box = (left, top, left + logo_side, top + logo_side) if has_logo else None
    office_x = left + (logo_side + round(office_size * 0.6) if has_logo else 0)
    office_face = font(BOLD, office_size)
    header_height = logo_side if has_logo else round(office_size * 1.3)
    office_y = top + (header_height - office_size) // 2
    office_text = _one_line(text.office, office_face, right - office_x)

    chip_size = max(14, round(short * 0.028))
    chip_face = font(BOLD, chip_size)
    pad_x, pad_y = round(chip_size * 0.6), round(chip_size * 0.35)
    category = _one_line(text.category.upper(), chip_face, width - 2 * pad_x)
    chip_height = chip_size + 2 * pad_y
    gap = round(short * 0.025)

    title_room = bottom - chip_height - gap - (top + header_height + gap)
    lines, title_size = _fit_title(text.title, fmt, width, title_room)
    title_face = font(BOLD, title_size)
    step = round(title_size * LINE_HEIGHT)
    cap_top, low = _ink_rows(title_size)
    title_top = bottom - (len(lines) - 1) * step - low  # the last descender on the safe area's edge
    chip_top = title_top + cap_top - gap - chip_height
    chip_width = round(_width(category, chip_face)) + 2 * pad_x
    chip_box = (left, chip_top, left + chip_width, chip_top + chip_height)

    ink = [title_face.getbbox(line) for line in lines]
    title_box = (left + min(b[0] for b in ink), title_top + min(b[1] for b in ink[:1]),
                 left + max(b[2] for b in ink), title_top + (len(lines) - 1) * step + max(b[3] for b in ink[-1:]))
    # In steps of SHADE_STEP, so the titles of one photo share a few backgrounds (CardMaker keeps them).
    shade_end = max(0, chip_top // SHADE_STEP * SHADE_STEP)
    shade_top = max(0, shade_end - round(size[1] * 0.18))
    return Layout(fmt, size, safe, logo_box, (office_x, office_y), office_size, office_text, chip_box, chip_size,
                  category, tuple(lines), title_size, (left, title_top), step, title_box, shade_top, shade_end)


# -- pictures ---------------------------------------------------------------------------------


def _cover(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    return ImageOps.fit(im, size, Image.Resampling.LANCZOS, centering=(0.5, 0.45))


def _brand_background(size: tuple[int, int]) -> Image.Image:
    """The office colour, darker towards the bottom right (no image, or too small a one)."""
    width, height = size
    ramp = Image.linear_gradient("L").resize((width, height))  # 0 at the top, 255 at the bottom
    across = Image.linear_gradient("L").rotate(90, expand=True).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = Image.blend(ramp, across.resize((width, height)), 0.5)
    return Image.composite(Image.new("RGB", size, BRAND_DARK), Image.new("RGB", size, BRAND), mask)


def _vertical_mask(size: tuple[int, int], start: int, end: int, low: int, high: int) -> Image.Image:
    """An L mask that is `low` above `start`, `high` below `end`, a smooth ramp between."""
    width, height = size
    column = Image.new("L", (1, height))
    span = max(1, end - start)
    column.putdata([low if y <= start else high if y >= end else
                    round(low + (high - low) * (0.5 - 0.5 * math.cos(math.pi * (y - start) / span)))
                    for y in range(height)])
    return column.resize((width, height))


def prepared(photo: Image.Image, size: tuple[int, int]) -> tuple[Image.Image, Image.Image]:
    """(the photo filling `size`, its blurred and darkened copy): the costly part of a card, the
    same for every post that uses the photo (CardMaker keeps them for the build)."""
    base = _cover(photo, size)
    soft = base.filter(ImageFilter.GaussianBlur(radius=min(size) * 0.012))
    return base, Image.blend(soft, Image.new("RGB", size, (0, 0, 0)), 0.62)


def background(photo: Image.Image | tuple[Image.Image, Image.Image] | None, lay: Layout) -> Image.Image:
    """The frame behind the text: the photo filling it, blurred and darkened under the title and
    (less) under the office line; or the office colour. `photo` may be `prepared` already."""
    size = lay.size
    if photo is None:
        return _brand_background(size)
    base, dark = photo if isinstance(photo, tuple) else prepared(photo, size)
    title_mask = _vertical_mask(size, lay.shade_top, lay.shade_end, 0, 255)
    out = Image.composite(dark, base, title_mask)
    header_bottom = (lay.logo_box[3] if lay.logo_box else lay.office_xy[1] + lay.office_font_size) + lay.safe[1] // 2
    top_mask = _vertical_mask(size, 0, header_bottom + round(size[1] * 0.06), 150, 0)
    return Image.composite(Image.new("RGB", size, (0, 0, 0)), out, top_mask)


def draw_card(photo: Image.Image | tuple[Image.Image, Image.Image] | None, fmt: str, text: CardText, logo: Image.Image | None,
              title_fill: tuple[int, int, int] = TEXT, frames: dict | None = None) -> Image.Image:
    """One card as an RGB image (`title_fill`: the title's colour; tests use a marker colour).
    `frames`: backgrounds already made, by their geometry (posts of one photo share most)."""
    lay = layout(fmt, text, logo is not None)
    shape = (fmt, lay.shade_end, lay.logo_box is not None)
    if frames is not None and shape in frames:
        im = frames[shape].copy()
    else:
        im = background(photo, lay)
        if frames is not None:
            frames[shape] = im.copy()
    draw = ImageDraw.Draw(im)
    if logo is not None and lay.logo_box is not None:
        box = lay.logo_box
        fitted = ImageOps.contain(logo, (box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS)
        x = box[0] + (box[2] - box[0] - fitted.width) // 2
        y = box[1] + (box[3] - box[1] - fitted.height) // 2
        im.paste(fitted, (x, y), fitted if fitted.mode == "RGBA" else None)
    draw.text(lay.office_xy, lay.office_text, font=font(BOLD, lay.office_font_size), fill=TEXT)
    # On the office colour a chip of that colour would vanish: white with the colour as its text.
    chip_fill, chip_text = (TEXT, BRAND) if photo is None else (BRAND, TEXT)
    draw.rectangle(lay.chip_box, fill=chip_fill)
    pad_x = round(lay.chip_font_size * 0.6)
    chip_face = font(BOLD, lay.chip_font_size)
    chip_y = lay.chip_box[1] + (lay.chip_box[3] - lay.chip_box[1] - lay.chip_font_size) // 2 \
        - chip_face.getbbox("H")[1] // 2
    draw.text((lay.chip_box[0] + pad_x, chip_y), lay.category_text, font=chip_face, fill=chip_text)
    title_face = font(BOLD, lay.title_font_size)
    x, y = lay.title_xy
    for line in lay.title_lines:
        draw.text((x, y), line, font=title_face, fill=title_fill)
        y += lay.line_step
    return im


def draw_slide(photo: Image.Image) -> Image.Image:
    """A gallery photo whole (contained) on a 1080×1350 frame of its own blurred, darkened copy."""
    size = SLIDE_SIZE
    behind = _cover(photo, size).filter(ImageFilter.GaussianBlur(radius=40))
    behind = Image.blend(behind, Image.new("RGB", size, (0, 0, 0)), 0.45)
    front = ImageOps.contain(photo, size, Image.Resampling.LANCZOS)
    behind.paste(front, ((size[0] - front.width) // 2, (size[1] - front.height) // 2))
    return behind


def encode(im: Image.Image, max_bytes: int) -> bytes:
    """A baseline-sRGB JPEG (no EXIF, no ICC, no comment) at the best quality under `max_bytes`."""
    im = im.convert("RGB")
    im.info = {}
    for quality in QUALITIES:
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
        if buf.tell() < max_bytes:
            return buf.getvalue()
    raise ImageError("kartu", f"kartu media sosial tidak dapat dibuat di bawah {max_bytes // 1000} KB",
                     "gunakan gambar lain")  # pragma: no cover - far below the limits at quality 30


# -- the maker: cache, decode once, render ----------------------------------------------------


def _photo_for_card(im: Image.Image | None) -> Image.Image | None:
    if im is None or min(im.size) < MIN_SOURCE_SIDE:
        return None
    return images.flatten(im).convert("RGB")


class CardMaker:
    """Makes (or finds in `cache.cache_dir`) the cards and slides of posts."""

    def __init__(self, cache: ImageCache, logo: Path | None = None):
        self.cache = cache
        self.cache_dir = cache.cache_dir
        self.logo_path = logo
        self._logo: Image.Image | None = None
        self._logo_digest = ""
        if logo is not None:
            self._logo, self._logo_digest = _load_logo(logo)
        self.rendered = 0  # images drawn by this maker (a warm cache draws none)
        self._decoded: dict[str, Image.Image | None] = {}
        self._prepared: dict[tuple[str, str], tuple[Image.Image, Image.Image] | None] = {}
        self._frames: dict[str, dict] = {}  # digest → backgrounds by geometry (draw_card's `frames`)
        self.last_digest: str | None = None  # the image of the last cards asked for

    def _key(self, kind: str, digest: str, extra: dict) -> str:
        payload = {"v": CARD_VERSION, "kind": kind, "image": digest, "logo": self._logo_digest,
                   "brand": [BRAND, BRAND_DARK, TEXT], **extra}
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:NAME_DIGEST_CHARS]

    def _photo(self, source: Path | None, digest: str, name: str) -> Image.Image | None:
        """The source decoded once per build, by the same limits as the renditions."""
        if source is None:
            return None
        if digest not in self._decoded:
            try:
                media.check_size(source.stat().st_size, name)
                data = source.read_bytes()
            except MediaError as exc:
                raise ImageError.of(source, exc) from None
            except OSError as exc:
                raise ImageError.of(source, media.unreadable(name)) from exc
            im = images.decode(source, data, name)
            self._decoded[digest] = im
        return self._decoded[digest]

    def cards(self, source: Path | None, digest: str, text: CardText, name: str = "") -> Cards:
        """The four cards of a post whose image is `source` (sha256 `digest`; None and "" for none)."""
        made: dict[str, Rendition] = {}
        self.last_digest = digest
        for fmt, size in FORMATS.items():
            url = f"{MEDIA_DIR}/{self._key('card', digest, {'format': fmt, **text.key()})}-{fmt}.jpg"
            if not (self.cache_dir / url).is_file():
                if (digest, fmt) not in self._prepared:
                    photo = _photo_for_card(self._photo(source, digest, name or (source.name if source else "")))
                    self._prepared[(digest, fmt)] = None if photo is None else prepared(photo, size)
                card = draw_card(self._prepared[(digest, fmt)], fmt, text, self._logo,
                                 frames=self._frames.setdefault(digest, {}))
                atomic_write(self.cache_dir / url, encode(card, MAX_BYTES[fmt]))
                self.rendered += 1
            made[fmt] = Rendition(url=url, width=size[0], height=size[1], mime="image/jpeg")
        return Cards(**made)

    def slide(self, source: Path, digest: str, name: str = "") -> Rendition:
        """The carousel slide of one gallery photo."""
        url = f"{MEDIA_DIR}/{self._key('slide', digest, {})}-slide.jpg"
        if not (self.cache_dir / url).is_file():
            photo = self._photo(source, digest, name or source.name)
            assert photo is not None
            im = draw_slide(images.flatten(photo).convert("RGB"))
            atomic_write(self.cache_dir / url, encode(im, INSTAGRAM_MAX_BYTES))
            self.rendered += 1
        return Rendition(url=url, width=SLIDE_SIZE[0], height=SLIDE_SIZE[1], mime="image/jpeg")

    def forget_decoded(self) -> None:
        """Let the decoded photos go (the build keeps only what it still needs)."""
        self._decoded.clear()
        self._prepared.clear()
        self._frames.clear()


def _load_logo(path: Path) -> tuple[Image.Image | None, str]:
    """The logo as RGBA and its digest, when it is a PNG or a JPEG within the image limits; else
    (None, "") — an SVG logo is left off the card (Pillow draws no SVG)."""
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg") or not path.is_file():
        return None, ""
    try:
        data = path.read_bytes()
        media.check_size(len(data), path.name)
        with media.open_image(io.BytesIO(data), path.name) as opened:
            opened.load()
            logo = opened.convert("RGBA")
    except (MediaError, OSError, ValueError):
        return None, ""
    logo.info = {}
    return logo, hashlib.sha256(data).hexdigest()
