"""Illustrations the project draws itself for sample posts and the benchmark.

Deterministic: the same arguments give the same bytes, so sample content does not change
in git on every run. Only Pillow and its bundled font (no system fonts, no downloads).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


@dataclass(frozen=True)
class _Palette:
    start: tuple[int, int, int]  # gradient colours (dark enough for white text)
    end: tuple[int, int, int]
    accent: tuple[int, int, int]  # gold
    text: tuple[int, int, int]
    subtext: tuple[int, int, int]


_GOLD = (212, 175, 55)
_PALETTES = (
    _Palette((139, 0, 0), (74, 0, 10), _GOLD, (255, 255, 255), (245, 222, 150)),  # deep red
    _Palette((11, 31, 75), (20, 52, 110), _GOLD, (255, 255, 255), (245, 222, 150)),  # navy
    _Palette((110, 0, 8), (16, 34, 80), _GOLD, (255, 255, 255), (245, 222, 150)),  # red to navy
    _Palette((60, 8, 20), (139, 0, 0), (230, 190, 80), (255, 248, 230), (240, 210, 120)),  # maroon
    _Palette((8, 24, 58), (90, 0, 20), (222, 184, 70), (255, 255, 255), (236, 214, 160)),  # navy to red
)


def generate_sample_image(
    path: Path, title: str, subtitle: str, seed: int, size: tuple[int, int] = (1600, 1000)
) -> None:
    """Draw a post illustration: gradient, geometric shapes, a document motif, and the
    title and subtitle wrapped to fit. The format follows the extension (.png/.jpg/.webp)."""
    path = Path(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"unsupported image extension {path.suffix!r}; use one of {sorted(_FORMATS)}")
    rng = random.Random(seed)
    palette = _PALETTES[seed % len(_PALETTES)]
    width, height = size
    unit = min(width, height) / 1000  # every length below scales with the image

    image = _gradient(size, palette.start, palette.end, angle=rng.choice((0, 30, 45, 60, 90)))
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _draw_shapes(draw, rng, size, unit, palette)
    _draw_document(draw, size, unit, palette)
    image = Image.alpha_composite(image.convert("RGBA"), overlay)
    _draw_text(ImageDraw.Draw(image), size, unit, palette, title, subtitle)

    path.parent.mkdir(parents=True, exist_ok=True)
    rgb = image.convert("RGB")
    if fmt == "JPEG":
        rgb.save(path, fmt, quality=90)
    elif fmt == "WEBP":
        rgb.save(path, fmt, quality=90, method=4)
    else:
        rgb.save(path, fmt)


def generate_benchmark_images(directory: Path, count: int = 10) -> list[Path]:
    """`count` distinct JPEG illustrations (different bytes) for the build benchmark."""
    directory = Path(directory)
    paths = []
    for i in range(count):
        path = directory / f"gambar-uji-{i + 1:02d}.jpg"
        generate_sample_image(
            path,
            title=f"Gambar uji nomor {i + 1}",
            subtitle="Dibuat otomatis untuk mengukur kecepatan pembangunan situs JDIH",
            seed=1000 + i,
        )
        paths.append(path)
    return paths


def _gradient(size: tuple[int, int], start: tuple, end: tuple, angle: int) -> Image.Image:
    """A linear gradient from `start` to `end`, at `angle` degrees between horizontal (0)
    and vertical (90): a weighted mix of a horizontal and a vertical ramp."""
    vertical = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    horizontal = Image.linear_gradient("L").rotate(90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    horizontal = horizontal.resize(size, Image.Resampling.BILINEAR)
    weight = math.sin(math.radians(angle)) / (math.sin(math.radians(angle)) + math.cos(math.radians(angle)))
    mask = Image.blend(horizontal, vertical, weight)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _draw_shapes(draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], unit: float, p: _Palette) -> None:
    width, height = size
    gold = p.accent
    # Soft translucent circles scattered mostly on the right, away from the text.
    for _ in range(6):
        r = rng.uniform(60, 260) * unit
        cx = rng.uniform(0.55, 1.05) * width
        cy = rng.uniform(-0.1, 1.1) * height
        colour = gold if rng.random() < 0.4 else (255, 255, 255)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*colour, rng.randint(14, 34)))
    # Concentric rings in a corner.
    cx, cy = rng.choice(((width, 0), (width, height), (0, height)))
    for i in range(5):
        r = (180 + i * 70) * unit
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(*gold, 70 - i * 10), width=max(2, round(4 * unit)))
    # Diagonal stripes along the bottom edge.
    stripe = 26 * unit
    offset = rng.uniform(0, 4 * stripe)
    y0 = height - 36 * unit
    x = -height + offset
    while x < width:
        draw.polygon(((x, height), (x + stripe, height), (x + stripe + 36 * unit, y0), (x + 36 * unit, y0)), fill=(*gold, 90))
        x += 2 * stripe
    # A row of small squares, a simple rhythm above the text.
    n = rng.randint(4, 7)
    for i in range(n):
        s = 16 * unit
        x0 = 90 * unit + i * 34 * unit
        draw.rectangle((x0, 90 * unit, x0 + s, 90 * unit + s), fill=(*gold, 220 if i == 0 else 120))


def _draw_document(draw: ImageDraw.ImageDraw, size: tuple[int, int], unit: float, p: _Palette) -> None:
    """A legal document with a seal: the JDIH motif, on the right third."""
    width, height = size
    w, h = 300 * unit, 390 * unit
    x0 = width - w - 150 * unit
    y0 = (height - h) / 2 - 20 * unit
    fold = 70 * unit
    page = ((x0, y0), (x0 + w - fold, y0), (x0 + w, y0 + fold), (x0 + w, y0 + h), (x0, y0 + h))
    shadow = tuple((x + 14 * unit, y + 14 * unit) for x, y in page)
    draw.polygon(shadow, fill=(0, 0, 0, 70))
    draw.polygon(page, fill=(250, 246, 236, 245))
    draw.polygon(((x0 + w - fold, y0), (x0 + w - fold, y0 + fold), (x0 + w, y0 + fold)), fill=(*p.accent, 255))
    line = max(2, round(10 * unit))
    for i in range(7):
        y = y0 + (90 + i * 36) * unit
        length = w - 80 * unit if i % 3 != 2 else w * 0.55
        draw.rounded_rectangle((x0 + 40 * unit, y, x0 + 40 * unit + length, y + line), radius=line / 2, fill=(*p.start, 150))
    r = 52 * unit
    cx, cy = x0 + w - 70 * unit, y0 + h - 60 * unit
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*p.accent, 255), outline=(*p.start, 255), width=max(2, round(5 * unit)))
    star = [(cx + r * 0.55 * _cos(a), cy + r * 0.55 * _sin(a)) for a in range(-90, 270, 72)]
    draw.polygon([star[i] for i in (0, 2, 4, 1, 3)], fill=(*p.start, 255))


def _draw_text(draw: ImageDraw.ImageDraw, size: tuple[int, int], unit: float, p: _Palette, title: str, subtitle: str) -> None:
    width, height = size
    left = 90 * unit
    box_width = width - left - (300 + 150 + 80) * unit  # up to the document motif
    title_font, title_lines = _fit(title, box_width, max_lines=4, sizes=(96, 88, 80, 72, 64, 56, 50, 44), unit=unit)
    sub_font, sub_lines = _fit(subtitle, box_width, max_lines=3, sizes=(46, 42, 38, 34, 30), unit=unit)

    title_step = _line_height(title_font) * 1.12
    sub_step = _line_height(sub_font) * 1.2
    gap = 60 * unit
    block = title_step * len(title_lines) + (gap + sub_step * len(sub_lines) if sub_lines else 0)
    y = max(150 * unit, (height - block) / 2)
    for text in title_lines:
        # A thin stroke of the same colour makes the bundled regular font read as bold.
        draw.text((left, y), text, font=title_font, fill=p.text, stroke_width=max(1, round(2 * unit)), stroke_fill=p.text)
        y += title_step
    if sub_lines:
        bar_y = y + gap / 2 - 4 * unit
        draw.rectangle((left, bar_y, left + 140 * unit, bar_y + 8 * unit), fill=p.accent)
        y += gap
        for text in sub_lines:
            draw.text((left, y), text, font=sub_font, fill=p.subtext)
            y += sub_step


def _fit(text: str, max_width: float, max_lines: int, sizes: tuple[int, ...], unit: float):
    """The largest font size at which `text` wraps into at most `max_lines` lines;
    at the smallest size, extra lines are cut and marked with an ellipsis."""
    text = " ".join(text.split())
    for points in sizes:
        font = ImageFont.load_default(size=max(8, round(points * unit)))
        lines = _wrap(text, font, max_width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    if lines:
        last = lines[-1]
        while last and font.getlength(last + "…") > max_width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return font, lines


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
        while font.getlength(current) > max_width and len(current) > 1:  # one very long word
            cut = len(current) - 1
            while cut > 1 and font.getlength(current[:cut] + "-") > max_width:
                cut -= 1
            lines.append(current[:cut] + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def _line_height(font: ImageFont.FreeTypeFont) -> float:
    ascent, descent = font.getmetrics()
    return ascent + descent


def _cos(degrees: float) -> float:
    return math.cos(math.radians(degrees))


def _sin(degrees: float) -> float:
    return math.sin(math.radians(degrees))
