"""Take desktop and 390 px phone screenshots of built pages: python bench/screenshots.py build/site PATH…"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import browser, serve_dir  # noqa: E402


def main(site: str, paths: list[str], out: str = "build/screenshots") -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with serve_dir(Path(site)) as base, browser() as chromium:
        for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
            page = chromium.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                page.wait_for_timeout(400)
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=f"{out}/{name}-{label}.png", full_page=True)
                scroll = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                print(f"{label:8} {path:40} horizontal overflow {scroll}px")
            page.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or [""])
