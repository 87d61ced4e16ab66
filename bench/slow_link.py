"""A reader on a slow link: 400 kbit/s, 400 ms round trip, CPU 4× slower (Playwright + Chrome DevTools Protocol).

Usage: python bench/slow_link.py [SITE_DIR] [--plain] [--runs 3] [--commune PATH] [--query "tung qua lin"]

Goals (issue 9): the commune page shows its title and lead agency within 2 s; search results appear within
4 s. Prints, for a first visit with an empty cache:
- commune page: first contentful paint, and the first frame in which its H1 and lead agency ("Phụ trách")
  are on screen; bytes on the wire and requests;
- search: the reader opens the home page, types the query into the page's search box (a
  `form[role=search]` in the header when the site has one, else the first search form on the page), and
  presses Enter unless the box already suggests the result; the time from typing until a result naming the
  commune is on screen, and what that downloads; plus the same from a cold open of the search page with `?q=`.
The site is served by bench/static_server.py with gzip (as a real host does) unless --plain.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.static_server import serve_site  # noqa: E402
from tests.browser import browser  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

KBIT = 1024 / 8  # bytes per second in one kbit/s, as DevTools counts
# Runs in the page from its first script: time the first frame showing the H1 and the lead agency.
WATCH_CONTENT = """
(() => {
  const shown = () => {
    const h1 = document.querySelector("h1");
    const main = document.querySelector("main, article, body");
    if (!h1 || !main || !main.innerText.includes("Phụ trách")) return false;
    const box = h1.getBoundingClientRect();
    return box.height > 0 && getComputedStyle(h1).visibility !== "hidden";
  };
  const frame = () => { if (shown()) { window.__kbContentShown = performance.now(); } else { requestAnimationFrame(frame); } };
  requestAnimationFrame(frame);
})();
"""
RESULT = ("Array.from(document.querySelectorAll('[class*=search] a, [class*=suggest] a, [id*=search] a'))"
          ".some(a => a.offsetParent !== null && a.textContent.includes(NAME))")


class Wire:
    """Counts bytes on the wire (encoded, as transferred, headers included) and requests, workers' included.

    Playwright's context events see the requests of web workers (Pagefind searches in one), which a page's
    own DevTools session does not.
    """

    def __init__(self, context) -> None:
        self.bytes = 0
        self.requests = 0
        context.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        if request.url.startswith("data:"):
            return
        sizes = request.sizes()
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.requests += 1

    def reset(self) -> None:
        self.bytes = self.requests = 0


def slow_page(chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400, "downloadThroughput": 400 * KBIT,
                                                  "uploadThroughput": 400 * KBIT})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return context, page, Wire(context)


def commune(chromium, base: str, path: str) -> dict[str, float]:
    context, page, wire = slow_page(chromium)
    page.add_init_script(WATCH_CONTENT)
    page.goto(base + path, wait_until="load", timeout=120_000)
    page.wait_for_function("window.__kbContentShown !== undefined", timeout=120_000)
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN")
    shown = page.evaluate("window.__kbContentShown")
    page.wait_for_load_state("networkidle")
    result = {"fcp": fcp / 1000, "shown": shown / 1000, "kib": wire.bytes / 1024, "requests": wire.requests}
    context.close()
    return result


def search_box(page):
    """The search box a reader uses: the header's when there is one, else the first search form's."""
    for selector in ("header form[role=search] input", ".md-header form[role=search] input", "form[role=search] input",
                     "form.kb-search input", "input[type=search]"):
        box = page.locator(selector).first
        if box.count() and box.is_visible():
            return box
    raise RuntimeError("no search box on the page")


def search(chromium, base: str, query: str, name: str) -> dict[str, float]:
    context, page, wire = slow_page(chromium)
    page.goto(base, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle")
    box = search_box(page)
    wire.reset()
    started = time.perf_counter()
    box.fill(query)
    found = RESULT.replace("NAME", repr(name))
    try:  # a box that suggests as the reader types shows the result without Enter
        page.wait_for_function(found, timeout=1_500, polling=50)
    except PlaywrightTimeout:
        box.press("Enter")
        page.wait_for_function(found, timeout=120_000, polling=50)
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    result = {"after_enter": elapsed, "kib": wire.bytes / 1024, "requests": wire.requests}
    context.close()
    return result


def search_cold(chromium, base: str, query: str, name: str) -> dict[str, float]:
    context, page, wire = slow_page(chromium)
    started = time.perf_counter()
    page.goto(base + "tim-kiem/?q=" + query.replace(" ", "+"), wait_until="commit", timeout=120_000)
    page.wait_for_function(RESULT.replace("NAME", repr(name)), timeout=120_000, polling=50)
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    result = {"cold": elapsed, "kib": wire.bytes / 1024, "requests": wire.requests}
    context.close()
    return result


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="build/site", type=Path)
    parser.add_argument("--plain", action="store_true", help="serve without compression")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--commune", default="xa/phong-tho/tung-qua-lin/")
    parser.add_argument("--query", default="tung qua lin")
    parser.add_argument("--name", default="Tung Qua Lìn", help="text of the result the reader looks for")
    args = parser.parse_args(argv)
    with serve_site(args.site, gzip_text=not args.plain) as base, browser() as chromium:
        pages = [commune(chromium, base, args.commune) for _ in range(args.runs)]
        typed = [search(chromium, base, args.query, args.name) for _ in range(args.runs)]
        cold = [search_cold(chromium, base, args.query, args.name) for _ in range(args.runs)]
    serving = "uncompressed" if args.plain else "gzip"
    print(f"slow link (400 kbit/s, 400 ms RTT, CPU 4×), {serving}, median of {args.runs} runs")
    print(f"commune page {args.commune}: first contentful paint {_median(pages, 'fcp'):.2f} s, title and lead agency "
          f"on screen {_median(pages, 'shown'):.2f} s (goal ≤ 2 s); {_median(pages, 'kib'):.0f} KiB in "
          f"{_median(pages, 'requests'):.0f} requests")
    print(f"search {args.query!r} typed into the home page's search box: result on screen {_median(typed, 'after_enter'):.2f} s "
          f"later (goal ≤ 4 s); {_median(typed, 'kib'):.0f} KiB in {_median(typed, 'requests'):.0f} requests")
    print(f"search page opened cold with ?q=: result on screen {_median(cold, 'cold'):.2f} s; "
          f"{_median(cold, 'kib'):.0f} KiB in {_median(cold, 'requests'):.0f} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
