"""`python -m jdih.dev.lighthouse`: Lighthouse (mobile) scores for one page of each type.

Serves a built site the way GitHub Pages does (below its path, gzip Content-Encoding, its 404.html
for a missing address) on 127.0.0.1 and runs npm's `lighthouse`, installed into the project by
`make lighthouse` (npm install --prefix .cache/npm lighthouse@12.8.2), with Debian's chromium;
prints a table: performance, accessibility, best practices, SEO, CLS, LCP. About 15 s a page and
noisy (a few points of performance from run to run): not part of `make test`.

    make lighthouse                     # builds site/ and measures it
    python -m jdih.dev.lighthouse [--site site] [--only post,home] [--runs 3] [--failing]

The 404 page is measured at /404.html (status 200, as GitHub Pages also serves that address):
Lighthouse's SEO category fails any page answered with status 404.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIGHTHOUSE = ROOT / ".cache" / "npm" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest")


def page_types(site: Path) -> dict[str, str]:
    """One page (its path under the site) for each page type that the site has."""
    found: dict[str, str] = {}

    def first(pattern: str) -> str | None:
        hits = sorted(site.glob(pattern))
        return str(hits[0].relative_to(site).parent) + "/" if hits else None

    candidates = {
        "home": "index.html",
        "post": "posts/*/*/index.html",
        "category": "kategori/*/index.html",
        "tag": "tagar/*/index.html",
        "archive-month": "arsip/*/*/index.html",
        "search": "cari/index.html",
        "register": "agenda/index.html",
        "sop": "sop/index.html",
        "guide": "panduan/*/index.html",
        "about": "tentang/index.html",
    }
    for name, pattern in candidates.items():
        hit = first(pattern)
        if hit is not None:
            found[name] = "" if hit == "./" else hit
    if (site / "404.html").exists():
        found["404"] = "404.html"
    return found


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-encoded when the browser asks (as GitHub Pages serves them)."""

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    prefix = "/"  # the site's path on its host ("/jdih-medsos/"), as on GitHub Pages

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "missing")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()  # GitHub Pages answers a missing address with the site's 404.html
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if (not path.is_file() or path.suffix not in COMPRESSIBLE
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' header
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path):
    """Serve the site below its own path (read from 404.html's asset links, absolute ones)."""
    found = re.search(r'href="(/[^"]*?)assets/', (directory / "404.html").read_text(encoding="utf-8")) \
        if (directory / "404.html").exists() else None
    handler_class = type("Handler", (GzipHandler,), {"prefix": found.group(1) if found else "/"})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{handler_class.prefix}"
    finally:
        server.shutdown()
        server.server_close()


def run_lighthouse(url: str, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               "--only-categories=" + ",".join(CATEGORIES), "--form-factor=mobile",
               "--throttling-method=simulate",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", CHROMIUM))
    subprocess.run(command, env=env, check=True, timeout=300, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["lcp"] = report["audits"]["largest-contentful-paint"]["numericValue"]
    failing = [key for key, audit in report["audits"].items()
               if audit.get("score") is not None and audit["score"] < 1
               and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    scores["failing"] = failing
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site (mkdocs build)")
    parser.add_argument("--only", default="", help="comma-separated page types (default: all)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--failing", action="store_true", help="list the audits that did not pass")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this folder")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"no {LIGHTHOUSE}: npm install --prefix .cache/npm lighthouse@12.8.2", file=sys.stderr)
        return 2
    pages = page_types(args.site)
    if args.only:
        pages = {name: path for name, path in pages.items() if name in args.only.split(",")}
    print(f"{'page':<14} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} {'LCP ms':>7}  path")
    with serve(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        if args.reports:
            args.reports.mkdir(parents=True, exist_ok=True)
            tmp = str(args.reports)
        for name, path in pages.items():
            runs = [run_lighthouse(base + path, Path(tmp) / f"{name}-{i}.json") for i in range(args.runs)]
            median = {key: statistics.median(run[key] for run in runs) for key in [*CATEGORIES, "cls", "lcp"]}
            print(f"{name:<14} {median['performance']:>4.0f} {median['accessibility']:>4.0f} "
                  f"{median['best-practices']:>4.0f} {median['seo']:>4.0f} {median['cls']:>6.3f} "
                  f"{median['lcp']:>7.0f}  /{path}", flush=True)
            if args.failing:
                print("    not passed: " + ", ".join(sorted(set().union(*(run["failing"] for run in runs)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
