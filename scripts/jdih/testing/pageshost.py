"""A stand-in for GitHub Pages' hosting: the deployed site served over HTTP on 127.0.0.1.

`deploy-pages` in the Actions simulator publishes the uploaded artifact here (when a host is
given), so what runs after the deploy — the social-media uploads, whose platforms fetch the
images from the live site — sees exactly the deployed files, and nothing before the deploy.
Like Pages it serves `index.html` for a folder URL and answers 404 for anything missing.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


class PagesHost:
    """`publish(site_dir)` replaces what is served; `url` is the site's base (like page_url)."""

    def __init__(self, prefix: str = "/jdih-medsos/"):
        self._root = Path(tempfile.mkdtemp(prefix="jdih-pages-"))
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self._served = self._root / self.prefix.strip("/") if self.prefix != "/" else self._root
        self._served.mkdir(parents=True, exist_ok=True)
        handler = functools.partial(_Quiet, directory=str(self._root))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.deployed = 0

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def publish(self, site_dir: Path) -> str:
        staging = self._served.with_name(self._served.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(site_dir, staging)
        old = self._served.with_name(self._served.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        self._served.rename(old)
        staging.rename(self._served)
        shutil.rmtree(old, ignore_errors=True)
        self.deployed += 1
        return self.url

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> PagesHost:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
