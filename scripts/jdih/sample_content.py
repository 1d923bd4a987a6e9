"""The sample posts' illustrations, drawn by the project (see `samples.py`).

`make demo` and a test regenerate them and compare with the committed files, so the
images in content/ are provably the project's own.
"""

from __future__ import annotations

from pathlib import Path

from .samples import generate_sample_image

# (post folder under content/posts/, title on the image, subtitle, seed)
SAMPLE_IMAGES: list[tuple[str, str, str, int]] = [
    ("2026/uu-7-2017-pemilihan-umum", "UU Nomor 7 Tahun 2017", "tentang Pemilihan Umum", 1),
    ("2026/perpres-33-2012-jdih-nasional", "Perpres Nomor 33 Tahun 2012",
     "Jaringan Dokumentasi dan Informasi Hukum Nasional", 2),
    ("2026/permenkumham-8-2019-standar-jdih", "Permenkumham Nomor 8 Tahun 2019",
     "Standar Pengelolaan Dokumen dan Informasi Hukum", 3),
    ("2026/pkpu-tata-kerja-kpu-dan-sekretariat", "PKPU 8/2019 jo. PKPU 4/2021 dan PKPU 14/2020",
     "Tata Kerja KPU dan Sekretariat KPU", 4),
    ("2026/keputusan-kpu-10-2022-pedoman-jdih", "Keputusan KPU Nomor 10/HK.04/08/2022",
     "Pedoman Teknis Pengelolaan JDIH", 5),
]
IMAGE_NAME = "gambar.png"


def write_sample_images(docs_dir: Path) -> list[Path]:
    written = []
    for folder, title, subtitle, seed in SAMPLE_IMAGES:
        target = docs_dir / "posts" / folder / IMAGE_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        generate_sample_image(target, title, subtitle, seed, size=(1600, 1000))
        written.append(target)
    return written
