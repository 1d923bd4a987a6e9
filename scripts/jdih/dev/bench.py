"""`make bench`: build N generated posts and compare with Material's own blog plugin.

Prints wall time, peak memory (max RSS of the build process), growth ratio, the gzip size
of the home page's first load, and the ratio to Material's blog plugin for the same posts.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jdih.office.samples import generate_benchmark_images

ROOT = Path(__file__).resolve().parents[3]
WORDS = ["pemilihan", "umum", "hukum", "dokumen", "informasi", "jaringan", "komisi", "kabupaten", "kapuas", "peraturan", "keputusan", "sekretariat", "pedoman", "teknis", "pengelolaan", "standar", "tata", "kerja", "undang-undang", "presiden", "menteri", "masyarakat", "pemilih", "penyelenggara", "tahapan", "daftar", "calon", "kampanye", "suara"]
CATEGORIES = ["Peraturan", "Keputusan", "Informasi Hukum", "Kegiatan"]
YEAR = 2025  # every generated post's year, whole (12 months of archive pages)
TAGS = ["Pemilu", "JDIH", "DasarHukum", "PKPU", "Pilkada", "Sosialisasi", "Regulasi", "KPUKapuas"]


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def write_posts(docs: Path, images: list[Path], count: int, blog: bool = False) -> None:
    rng = random.Random(42)
    # A past year: a post may not be dated more than a day after now (jdih.content.post.DATE_AHEAD).
    posts = docs / ("blog/posts" if blog else f"posts/{YEAR}")
    media = posts / "media"
    media.mkdir(parents=True, exist_ok=True)
    for image in images:
        shutil.copy(image, media / image.name)
    for i in range(count):
        month, day = 1 + i % 12, 1 + i % 28
        tags = rng.sample(TAGS, 2)
        body = "\n\n".join(words(rng, 50) for _ in range(3))
        if blog:
            front = (f"---\ndate: {YEAR}-{month:02d}-{day:02d}\ncategories: [{CATEGORIES[i % 4]}]\n"
                     f"tags: [{', '.join(tags)}]\n---\n\n# Konten uji {i}\n\n")
        else:
            front = (f"---\ntitle: Konten uji {i}\ndate: {YEAR}-{month:02d}-{day:02d} {8 + i % 8:02d}:{i % 60:02d}\n"
                     f"description: {words(rng, 12).capitalize()}.\ncategories: [{CATEGORIES[i % 4]}]\n"
                     f"tags: [{', '.join(tags)}]\nimage:\n  src: media/{images[i % len(images)].name}\n"
                     f"  alt: Gambar ilustrasi konten uji nomor {i}\ncaption: {words(rng, 25)} #{tags[0]}\n---\n\n")
        (posts / f"konten-uji-{i:05d}.md").write_text(front + body + "\n", encoding="utf-8")


def jdih_project(base: Path, images: list[Path], count: int) -> Path:
    project = base / f"jdih-{count}"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "site_config", project / "site_config")
    docs = project / "content"
    shutil.copytree(ROOT / "content", docs, ignore=shutil.ignore_patterns("posts"))
    write_posts(docs, images, count)
    return project


def blog_project(base: Path, images: list[Path], count: int) -> Path:
    project = base / f"blog-{count}"
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Beranda\n", encoding="utf-8")
    (docs / "blog").mkdir()
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    write_posts(docs, images, count, blog=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Uji\nsite_url: https://example.org/\ntheme:\n  name: material\n  language: id\n"
        "  font: false\nplugins:\n  - blog\n  - search\nnav:\n  - index.md\n  - Blog:\n    - blog/index.md\n",
        encoding="utf-8")
    return project


def timed_build(project: Path, cache: Path | None) -> tuple[float, float]:
    """(seconds, peak MB) of one `mkdocs build` in a child process."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    if cache is not None:
        env["JDIH_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-c",
               "import resource,subprocess,sys;"
               "r=subprocess.run([sys.executable,'-m','mkdocs','build','-q'],cwd=sys.argv[1]).returncode;"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);sys.exit(r)", str(project)]
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    return elapsed, int(result.stdout.strip().splitlines()[-1]) / 1024


def first_load_gzip(site: Path) -> tuple[int, list[str]]:
    """Bytes (gzip -6) of the home page and what it loads up front, lazy images excluded."""
    html = (site / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'<link[^>]+rel="(?:stylesheet|icon)"[^>]+href="([^"]+)"', html)
    refs += re.findall(r'<script[^>]+src="([^"]+)"', html)
    total = len(gzip.compress(html.encode(), 6))
    for ref in refs:
        total += len(gzip.compress((site / ref).read_bytes(), 6))
    return total, refs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000", help="post counts to build")
    parser.add_argument("--skip-blog", action="store_true", help="skip Material's blog plugin comparison")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="jdih-bench-") as tmp:
        base = Path(tmp)
        images = generate_benchmark_images(base / "images", 10)
        cache = base / "cache"
        warm: dict[int, float] = {}
        for count in sizes:
            project = jdih_project(base, images, count)
            label = "cold (empty cache: 10 images and every QR code made)" if not cache.exists() \
                else "first build (images cached; QR codes of the new URLs made)"
            first, first_mem = timed_build(project, cache)
            print(f"N={count}: {label} {first:.2f} s, peak {first_mem:.0f} MB")
            shutil.rmtree(project / "site")
            os.sync()  # time the build, not the write-back of the previous one
            seconds, peak = timed_build(project, cache)
            warm[count] = seconds
            size, _ = first_load_gzip(project / "site")
            print(f"N={count}: warm build (caches full) {seconds:.2f} s, peak {peak:.0f} MB, "
                  f"home first load {size / 1024:.0f} KB gzip")
        if len(sizes) >= 2:
            small, large = sizes[0], sizes[-1]
            print(f"growth t({large})/t({small}) = {warm[large] / warm[small]:.2f} "
                  f"(linear would be {large / small:.1f}, budget <= {large / small * 1.1:.1f})")
        if not args.skip_blog:
            count = sizes[-1]
            blog = blog_project(base, images, count)
            seconds, peak = timed_build(blog, None)
            print(f"N={count}: Material blog plugin {seconds:.2f} s, peak {peak:.0f} MB; "
                  f"ratio blog/jdih = {seconds / warm[count]:.1f}x")


if __name__ == "__main__":
    main()
