"""Measure what a reader downloads per search query (Pagefind chunks) on a built site.

Usage: python bench/search.py SITE_DIR [QUERY …]
Opens the search page in Debian chromium, runs each query, and prints the bytes fetched for the
query (index chunks and result fragments) separately from the one-off page load.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import browser, serve_dir  # noqa: E402

DEFAULT_QUERIES = ["tung qua lin", "dao san", "ngheo", "phong tu phap", "ho tro nha o", "Đào San"]


def _bytes(responses: list, part: str = "") -> int:
    """Bytes of the responses whose URL contains *part* (by Content-Length)."""
    return sum(int(r.headers.get("content-length", 0)) for r in responses if part in r.url)


def _chunks(responses: list) -> int:
    """Index chunks and result fragments: the part that grows with the site."""
    return sum(int(r.headers.get("content-length", 0)) for r in responses
               if "/pagefind/index/" in r.url or "/pagefind/fragment/" in r.url or "/pagefind/filter/" in r.url)


def main(site: Path, queries: list[str]) -> None:
    pages = sum(1 for _ in site.rglob("index.html"))
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    print(f"site pages {pages}, whole Pagefind index on disk {index / 1024:.0f} KB")
    with serve_dir(site) as base, browser() as chromium:
        for query in queries:
            page = chromium.new_page()
            responses: list = []
            page.on("response", lambda r: responses.append(r))
            page.goto(base + "tim-kiem/", wait_until="networkidle")
            load = _bytes(responses)
            responses.clear()
            page.fill("#kb-search-q", query)
            page.press("#kb-search-q", "Enter")
            page.wait_for_selector(".kb-search-results li, .kb-search-status:has-text('0 kết quả')", timeout=15_000)
            page.wait_for_load_state("networkidle")
            count = page.locator(".kb-search-results li").count()
            total, chunks = _bytes(responses), _chunks(responses)
            print(f"query {query!r:18} results {count:3d}  downloaded for the query {total / 1024:6.1f} KB"
                  f" (index chunks + fragments {chunks / 1024:5.1f} KB, Pagefind runtime {(total - chunks) / 1024:5.1f} KB)"
                  f"  page load before typing {load / 1024:.0f} KB")
            page.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or DEFAULT_QUERIES)
