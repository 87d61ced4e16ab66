"""A tiny static server that behaves like a real host: UTF-8 content types, optional gzip, cache headers.

Used by the benchmarks (bench/lighthouse.py, bench/slow_link.py) to serve a built site on localhost, either
gzipping text responses (what any production host does) or sending them uncompressed (the worst case).
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import serve  # noqa: E402

TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".map": "application/json; charset=utf-8",
}
# Pagefind's index and fragments are already gzip-compressed binary files.
BINARY_TYPES = {".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
                ".pf_fragment": "application/octet-stream", ".pagefind": "application/octet-stream",
                ".wasm": "application/wasm", ".gz": "application/gzip"}


def _cache_control(path: str) -> str:
    """Long cache for fingerprinted theme assets, an hour for the site's own assets, revalidate HTML."""
    if "/assets/" in path and (".min." in path or "/fonts/" in path):
        return "public, max-age=31536000, immutable"
    if path.endswith(".html") or path.endswith("/"):
        return "no-cache"
    return "public, max-age=3600"


class _Handler(http.server.BaseHTTPRequestHandler):
    root: Path
    compress: bool
    cache: dict[tuple[str, bool], bytes]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._respond(body=True)

    def _resolve(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        target = (self.root / rel).resolve()
        if self.root not in target.parents and target != self.root:
            return None
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return target  # redirected by the caller
            target = target / "index.html"
        return target if target.is_file() else None

    def _respond(self, *, body: bool) -> None:
        target = self._resolve()
        if target is not None and target.is_dir():
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
        data = target.read_bytes()
        kind = TEXT_TYPES.get(target.suffix) or BINARY_TYPES.get(target.suffix) \
            or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        gzipped = self.compress and target.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            key = (str(target), True)
            if key not in self.cache:
                self.cache[key] = gzip.compress(data, compresslevel=6, mtime=0)
            data = self.cache[key]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", _cache_control(self.path if status == 200 else ".html"))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if self.compress:
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextlib.contextmanager
def serve_site(site: Path, *, gzip_text: bool, port: int = 0) -> Iterator[str]:
    """Serve *site* on localhost; yield its base URL (ending in /)."""
    handler = type("Handler", (_Handler,), {"root": site.resolve(), "compress": gzip_text, "cache": {}})
    with serve(handler, port) as base:
        yield base
