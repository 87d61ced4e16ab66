"""Measure what a reader downloads per search query on a built site (budget: 300 KB per query, runtime included).

Usage: python bench/search.py SITE_DIR [QUERY …]
For each query: (1) typing it into the header box of a commune page, which fetches only a name index for
suggestions (its province's, tim-kiem/ten/<tỉnh>.json.gz, on a site split by province; else tim-kiem/ten.json.gz);
(2) the search page, scoped to that commune's province when the site is split, which loads the Pagefind
runtime, the index chunks holding the query's words and the first page of results. Sizes are the bytes on the wire as served here
(no compression); the one-off page load before typing is printed apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import browser, serve_dir  # noqa: E402

DEFAULT_QUERIES = ["tung qua lin", "tung qua linh", "dao san", "ngheo", "phong tu phap", "ho tro nha o", "Đào San",
                   "tam duong"]
BUDGET_KB = 300


def _size(responses: list, part: str = "") -> float:
    """KB of the responses whose URL contains *part* (by Content-Length)."""
    return sum(int(r.headers.get("content-length", 0)) for r in responses if part in r.url) / 1024


def _header_box(chromium, base: str, start: str, query: str) -> tuple[float, int]:
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + start, wait_until="networkidle")
    responses: list = []
    page.on("response", lambda r: responses.append(r))
    page.fill("#kb-header-q", query)
    page.wait_for_selector(".kb-suggest:not([hidden])", timeout=15_000)
    page.wait_for_load_state("networkidle")
    suggestions = page.locator(".kb-suggest a").count() - 1  # the last link searches the full text
    page.close()
    return _size(responses), suggestions


def _search_page(chromium, base: str, query: str, province: str) -> tuple[float, float, float, int, str]:
    page = chromium.new_page()
    responses: list = []
    page.on("response", lambda r: responses.append(r))
    page.goto(base + "tim-kiem/", wait_until="networkidle")
    load = _size(responses)
    responses.clear()
    if page.locator("#kb-search-tinh").count():
        page.select_option("#kb-search-tinh", province)
    page.fill("#kb-search-q", query)
    page.press("#kb-search-q", "Enter")
    page.wait_for_function("document.querySelector('.kb-search-status').textContent.includes('kết quả')", timeout=15_000)
    page.wait_for_load_state("networkidle")
    status = page.locator(".kb-search-status").text_content()
    first = page.locator(".kb-search-names a, .kb-search-results li > a").first
    top = first.text_content() if first.count() else ""
    total = _size(responses)
    chunks = _size(responses, "/index/") + _size(responses, "/fragment/")
    page.close()
    return total, chunks, load, int(status.split()[0]) if status[0].isdigit() else 0, top


def main(site: Path, queries: list[str]) -> None:
    pages = sum(1 for _ in site.rglob("index.html"))
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    # Name files are stored gzipped (tim-kiem/ten.json.gz) beside a plain copy; a site built before that has only
    # the plain files. The gzipped files are what a browser downloads.
    suffix = ".json.gz" if (site / "tim-kiem" / "ten.json.gz").exists() else ".json"
    names = (site / "tim-kiem" / f"ten{suffix}").read_bytes()
    parts = sorted((p.stat().st_size, p.name.removesuffix(suffix)) for p in (site / "tim-kiem").glob(f"ten/*{suffix}"))
    stored = sum(p.stat().st_size for p in [*(site / "tim-kiem").glob("ten.json*"), *(site / "tim-kiem").glob("ten/*")])
    print(f"site pages {pages}, all Pagefind indexes on disk {index / 1024:.0f} KB, "
          f"whole-site name index (ten{suffix}) {len(names) / 1024:.1f} KB"
          + (f", {len(parts)} province name indexes, largest {parts[-1][0] / 1024:.1f} KB ({parts[-1][1]})" if parts else "")
          + f"; the name files browsers fetch ({suffix}) {(len(names) + sum(size for size, _ in parts)) / 1024:.0f} KB "
            f"in all, {stored / 1024:.0f} KB on disk with any plain copies")
    worst = 0.0
    commune = min(site.glob("xa/*/*/index.html"))
    start = str(commune.parent.relative_to(site)) + "/"  # a commune page, and its province for the search page
    province = re.search(r'name="tinh" value="([^"]*)"', commune.read_text(encoding="utf-8"))
    print(f"start page {start}" + (f", province {province[1]}" if province else ""))
    with serve_dir(site) as base, browser() as chromium:
        for query in queries:
            box, suggestions = _header_box(chromium, base, start, query)
            total, chunks, load, results, top = _search_page(chromium, base, query, province[1] if province else "")
            worst = max(worst, total)
            print(f"query {query!r:16} header box {box:5.1f} KB ({suggestions} suggestions) | search page "
                  f"{total:6.1f} KB (index chunks + fragments {chunks:5.1f}, runtime and names {total - chunks:5.1f}), "
                  f"{results:3d} full-text results, first: {top!r}; page load before typing {load:.0f} KB")
    print(f"largest per-query download {worst:.1f} KB (budget {BUDGET_KB} KB): {'ok' if worst <= BUDGET_KB else 'OVER'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or DEFAULT_QUERIES)
