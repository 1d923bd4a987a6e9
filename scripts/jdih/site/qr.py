"""QR codes for the print view of a post (the SOP keeps a hard copy that links back).

segno spends most of its time choosing the best of the eight QR masks (about 6 ms for a
typical post URL, measured), too slow for thousands of posts per build. Published URLs
never change, so each code is also kept on disk, keyed by URL, in the build cache.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import segno

from jdih.site.images import atomic_write

# Bump when the markup changes so cached codes are redone.
QR_VERSION = 1
PRINT_SIZE_MM = 30  # 3 cm including the quiet zone: easy to scan from paper
QUIET_ZONE = 4  # modules, as the QR standard requires


@functools.lru_cache(maxsize=8192)
def qr_svg(url: str, cache_dir: Path | None = None) -> str:
    """Inline SVG markup (no XML declaration) of a QR code for `url`, sized for print.

    With `cache_dir`, the markup is read from / written to `cache_dir/<hash>.svg`."""
    if cache_dir is None:
        return _render(url)
    key = hashlib.sha256(f"{QR_VERSION}\0{PRINT_SIZE_MM}\0{url}".encode()).hexdigest()
    path = Path(cache_dir) / f"{key[:32]}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    svg = _render(url)
    atomic_write(path, svg.encode("utf-8"))
    return svg


def _render(url: str) -> str:
    code = segno.make(url, error="m", micro=False)  # boosts the error level when it fits
    svg = code.svg_inline(
        scale=1,
        border=QUIET_ZONE,
        title=f"Kode QR menuju {url}",
        omitsize=True,  # a viewBox only; the physical size is set below
        svgclass="jdih-qr",
        lineclass=None,
        dark="#000",
        light="#fff",  # a white quiet zone even on tinted paper or dark-mode previews
    )
    # role="img" makes screen readers announce the <title> as the image's name.
    attrs = f'width="{PRINT_SIZE_MM}mm" height="{PRINT_SIZE_MM}mm" role="img"'
    assert svg.startswith("<svg ")
    return f"<svg {attrs} {svg[len('<svg '):]}"
