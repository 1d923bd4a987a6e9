from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageDraw

from jdih.site import qr
from jdih.site.qr import qr_svg

URL = "https://kpu-kapuas.github.io/jdih/posts/2026/11/landasan-hukum-sop/?utm=cetak&x=<1>"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fresh_memory_cache():
    qr_svg.cache_clear()
    yield
    qr_svg.cache_clear()


def parse(svg: str) -> ET.Element:
    # Inline SVG in HTML needs no namespace; add it so ElementTree sees an SVG document.
    return ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG_NS[1:-1]}" ', 1))


def modules_of(svg: str) -> list[list[bool]]:
    """Read the dark modules back from the path segno writes (M/m moves, h runs)."""
    root = parse(svg)
    size = int(root.get("viewBox").split()[2])
    grid = [[False] * size for _ in range(size)]
    (dark,) = [p for p in root.iter(f"{SVG_NS}path") if p.get("stroke") == "#000"]
    x = y = 0.0
    for cmd, a, b in re.findall(r"([MmHh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", dark.get("d")):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            n = float(a) if cmd == "h" else float(a) - x
            for col in range(round(x), round(x + n)):
                grid[int(y)][col] = True
            x += n
    return grid


def test_svg_is_inline_markup_with_title_and_print_size() -> None:
    svg = qr_svg(URL)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("width") == "30mm" and root.get("height") == "30mm"
    assert root.get("role") == "img"
    assert root.get("class") == "jdih-qr"
    title = root[0]
    assert title.tag == f"{SVG_NS}title"
    assert title.text == f"Kode QR menuju {URL}"
    code = segno.make(URL, error="m", micro=False)
    assert root.get("viewBox") == f"0 0 {code.symbol_size(border=4)[0]} {code.symbol_size(border=4)[1]}"


def test_svg_holds_the_qr_matrix_with_a_quiet_zone() -> None:
    grid = modules_of(qr_svg(URL))
    matrix = segno.make(URL, error="m", micro=False).matrix
    n = len(matrix)
    assert len(grid) == n + 8
    assert [row[4 : 4 + n] for row in grid[4 : 4 + n]] == [[bool(v) for v in row] for row in matrix]
    assert not any(grid[0]) and not any(grid[-1]) and not any(row[0] for row in grid)


def test_svg_decodes_to_the_url() -> None:
    import zxingcpp  # a dev dependency: the test fails loudly without it
    grid = modules_of(qr_svg(URL))
    scale = 8
    image = Image.new("L", (len(grid) * scale, len(grid) * scale), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle((x * scale, y * scale, x * scale + scale - 1, y * scale + scale - 1), fill=0)
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [URL]


def test_output_is_deterministic_and_differs_per_url() -> None:
    first = qr_svg(URL)
    qr_svg.cache_clear()
    assert qr_svg(URL) == first
    assert qr_svg(URL + "lain") != first


def test_calls_are_cached_in_memory(monkeypatch) -> None:
    first = qr_svg(URL)

    def refuse(*args, **kwargs):
        raise AssertionError("segno was asked again")

    monkeypatch.setattr(qr.segno, "make", refuse)
    assert qr_svg(URL) is first


def test_disk_cache_keyed_by_url(tmp_path: Path, monkeypatch) -> None:
    first = qr_svg(URL, tmp_path / "qr")
    files = list((tmp_path / "qr").iterdir())
    assert len(files) == 1 and files[0].suffix == ".svg"
    assert files[0].read_text(encoding="utf-8") == first
    assert first == qr_svg(URL)  # the same markup with or without the disk cache

    qr_svg.cache_clear()  # as in a new build

    def refuse(*args, **kwargs):
        raise AssertionError("segno was asked again")

    monkeypatch.setattr(qr.segno, "make", refuse)
    assert qr_svg(URL, tmp_path / "qr") == first
    with pytest.raises(AssertionError):
        qr_svg(URL + "baru", tmp_path / "qr")
