"""What the social-media stand-ins share: a threaded HTTP server on 127.0.0.1 with a
lifecycle (`start`, `stop`, a context manager, `url`), and `MediaHost`, the deployed site as
the platforms see it (files served by path; a missing file is a 404, like a page not yet
deployed), plus `fetch`, the way a platform downloads media from a public URL.

Standalone on purpose: `jdih.testing` imports nothing else of ours (import-linter contract).
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StandIn:
    """A server on 127.0.0.1 on a free port, answering with `handler_class`'s methods."""

    handler_class: type[BaseHTTPRequestHandler]

    def __init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def make_handler(self) -> type[BaseHTTPRequestHandler]:
        return self.handler_class

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the stand-in is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self.make_handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class MediaHost(StandIn):
    """The deployed site: `put(path, data)` publishes a file; anything else is a 404."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, tuple[bytes, str]] = {}
        self.fetched: list[str] = []  # paths asked for, in order (to assert the platform fetched them)
        self._lock = threading.Lock()

    def put(self, path: str, data: bytes, content_type: str = "image/jpeg") -> str:
        """Serve `data` at `path`; returns its public URL."""
        path = "/" + path.lstrip("/")
        with self._lock:
            self.files[path] = (data, content_type)
        return self.url + path

    def remove(self, path: str) -> None:
        with self._lock:
            self.files.pop("/" + path.lstrip("/"), None)

    def make_handler(self) -> type[BaseHTTPRequestHandler]:
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                with host._lock:
                    host.fetched.append(path)
                    found = host.files.get(path)
                if found is None:
                    body, status, kind = b"Not Found", 404, "text/plain"
                else:
                    (body, kind), status = found, 200
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler


@dataclass(frozen=True)
class Fetched:
    ok: bool
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    problem: str = ""  # why it failed, in English (the platforms' own words)


def fetch(url: str, *, max_bytes: int, timeout: float = 5.0) -> Fetched:
    """Download `url` as a platform does ("we cURL media"): http(s) only, a 200, at most
    `max_bytes` (one more byte means too large)."""
    if not url.startswith(("http://", "https://")):
        return Fetched(False, problem="not an http(s) URL")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            body = response.read(max_bytes + 1)
            return Fetched(True, response.status, response.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as error:
        return Fetched(False, error.code, problem=f"HTTP {error.code}")
    except (urllib.error.URLError, OSError) as error:
        return Fetched(False, problem=str(getattr(error, "reason", error)))
