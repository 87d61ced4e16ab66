"""Local preview: serve build/site over http and rebuild when a KB or template file changes."""

from __future__ import annotations

import functools
import http.server
import logging
import threading
import time
from pathlib import Path

from generator.errors import KbError

log = logging.getLogger("generator")
WATCHED = ("kb", "site_templates", "mkdocs.yml")


def snapshot(root: Path, kb_dir: Path) -> dict[str, float]:
    """Return modification times of every watched file."""
    paths = [kb_dir] + [root / name for name in WATCHED[1:]]
    files = [p for base in paths for p in ([base] if base.is_file() else base.rglob("*")) if p.is_file()]
    return {str(p): p.stat().st_mtime for p in files}


class _Handler(http.server.SimpleHTTPRequestHandler):
    # The stdlib sends text/plain and text/csv without a charset; say UTF-8 (published plan sources, downloads).
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".txt": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8",
                      ".csv": "text/csv; charset=utf-8", ".json": "application/json; charset=utf-8"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        log.debug(format, *args)


def serve(root: Path, kb_dir: Path, out_dir: Path, port: int, *, poll: float = 1.0, allow_draft: bool = False) -> int:
    """Build once, serve, and rebuild on change until interrupted (a failed rebuild keeps the old site)."""
    from generator.build import build_site, source_date_epoch
    from generator.doccache import default_cache_dir
    from generator.publish import Settings

    def rebuild() -> None:
        try:
            build_site(Settings(root, kb_dir, out_dir, source_date_epoch(root), allow_draft=allow_draft,
                                cache_dir=default_cache_dir(root)))
            log.info("Đã dựng lại trang.")
        except KbError as error:
            for issue in error.issues:
                log.error("%s", issue)
            log.error("Dựng lỗi; vẫn phục vụ bản trước.")

    rebuild()
    handler = functools.partial(_Handler, directory=str(out_dir.resolve().parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    log.info("Xem trước tại http://127.0.0.1:%d/%s/ (Ctrl+C để dừng)", port, out_dir.name)
    seen = snapshot(root, kb_dir)
    try:
        while True:
            time.sleep(poll)
            current = snapshot(root, kb_dir)
            if current != seen:
                seen = current
                rebuild()
    except KeyboardInterrupt:
        server.shutdown()
    return 0
