"""Print what a reader transfers to open a page (HTML, CSS, JS, SVG, fonts): python bench/page_weight.py SITE PATH…"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import browser, serve_dir  # noqa: E402


def main(site: Path, paths: list[str]) -> None:
    with serve_dir(site) as base, browser() as chromium:
        for path in paths:
            context = chromium.new_context()  # empty cache: what a first visit costs
            page = context.new_page()
            sizes: dict[str, int] = defaultdict(int)

            def record(response, sizes=sizes) -> None:
                kind = response.request.resource_type
                sizes[kind] += int(response.headers.get("content-length", 0))

            page.on("response", record)
            page.goto(base + path, wait_until="networkidle")
            total = sum(sizes.values())
            detail = ", ".join(f"{kind} {size / 1024:.0f} KB" for kind, size in sorted(sizes.items()))
            print(f"{path or '/':40} {total / 1024:6.0f} KB uncompressed ({detail})")
            context.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or ["", "xa/phong-tho/tung-qua-lin/", "ke-hoach/phong-tho-2023-2025/"])
