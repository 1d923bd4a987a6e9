"""The limits of a post's image, in one place, for `jdih periksa` and the site build alike.

Both apply them in this order, each step before the costlier next one: the file's size from
`os.stat` (`check_size`), then the header only (`open_image`: the format among the accepted
ones — Pillow tries no other decoder — and the pixel count), and only then the decoding (the
site build's renditions). A failing step is a `MediaError` with what is wrong and the fix, so
both stages say the same words; they add the file and the line.

* `IMAGE_MAX_BYTES` 5 MB: GitHub's web upload and slow mobile networks;
* `IMAGE_MAX_PIXELS` 40 megapixels (e.g. 8000 × 5000): a phone's 12–24 MP photo passes, a
  decompression bomb (a small file of huge dimensions) is refused before a pixel is decoded;
* `IMAGE_MIN_WIDTH` 200 px (`jdih periksa` only): smaller images look broken as cards.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import IO

from PIL import Image

from jdih.content.files import MediaError

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_MIN_WIDTH = 200
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}  # Pillow's name → the name shown
FORMAT_NAMES = ", ".join(IMAGE_FORMATS.values())


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def check_size(size: int, src: str) -> None:
    """Refuse a file over IMAGE_MAX_BYTES (`size` from `os.stat`, before reading it)."""
    if size > IMAGE_MAX_BYTES:
        raise MediaError(f"berkas gambar terlalu besar ({_decimal(size / (1024 * 1024))} MB, maksimal "
                         f"{IMAGE_MAX_BYTES // (1024 * 1024)} MB)",
                         "perkecil gambar, mis. lebar 2000 px dengan kualitas JPEG 85")


def _too_many_pixels(src: str, width: int | None = None, height: int | None = None) -> MediaError:
    found = f" ({width} × {height} piksel, {_decimal(width * height / 1e6)} megapiksel)" if width else ""
    return MediaError(f"ukuran piksel gambar '{src}' terlalu besar{found}, maksimal "
                      f"{IMAGE_MAX_PIXELS // 1_000_000} megapiksel", "perkecil gambar, mis. lebar 2000 px")


def unreadable(src: str) -> MediaError:
    return MediaError(f"berkas '{src}' bukan gambar yang dapat dibaca", f"gunakan berkas gambar {FORMAT_NAMES}")


def open_image(source: Path | IO[bytes], src: str) -> Image.Image:
    """The image opened on its header only (nothing decoded yet), when it is one of the accepted
    formats with at most IMAGE_MAX_PIXELS; else MediaError. The caller closes or decodes it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # counted below, exactly
            image = Image.open(source, formats=list(IMAGE_FORMATS))
    except Image.DecompressionBombError:  # more than twice Pillow's own limit: no size to show
        raise _too_many_pixels(src) from None
    except (OSError, SyntaxError, ValueError):  # UnidentifiedImageError is an OSError
        raise unreadable(src) from None
    width, height = image.size
    if width * height > IMAGE_MAX_PIXELS:
        image.close()
        raise _too_many_pixels(src, width, height)
    return image
