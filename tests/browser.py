"""Browser helpers for tests and screenshots: serve a folder over http and drive Debian chromium."""

from __future__ import annotations

import contextlib
import functools
import os
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Wait two animation frames: content scrolled into view is laid out (content-visibility: auto) before it is read.
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve_dir(directory: Path) -> Iterator[str]:
    """Serve *directory* on a free localhost port; yield its base URL."""
    with serve(functools.partial(QuietHandler, directory=str(directory))) as base:
        yield base


@contextlib.contextmanager
def serve(handler: Any, port: int = 0) -> Iterator[str]:
    """Run an http.server *handler* on localhost in a thread; yield the base URL (ending in /)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """Launch Debian chromium headless through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield instance
        finally:
            instance.close()
