"""Build benchmark: per stage time and peak memory, pages and site size, for the shipped KB and synthetic KBs.

Usage:
  python bench/build.py                         shipped KB and a tenth of the country
  python bench/build.py --national              … and the whole country (minutes, ~1.5 GB of memory)
  python bench/build.py --only tenth --rebuild  also time a rebuild after one plan file changes (warm cache)
  python bench/build.py --only tenth --only fifth  a fifth of the country too: how time and memory grow
  python bench/build.py --kb-cache DIR          where the synthetic KBs are written once and reused
                                                (default build/bench-kb; delete it after changing the generator)

Each build runs in a fresh process with a cold build cache. Wall time on this shared 2-core machine
varies with the load of other processes: the CPU column (user + system, all processes) is steadier.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRACTIONS = {"shipped": 0.0, "tenth": 0.1, "fifth": 0.2, "national": 1.0}
STAGE = re.compile(r"^(?P<stage>[\w-]+)\s+(?P<seconds>[\d.]+) s(?:\s+peak (?P<peak>\d+) MB)?")


def ensure_kb(cache: Path, label: str, fraction: float) -> Path:
    """Write the synthetic KB once (it is deterministic) and reuse it."""
    kb = cache / label / "kb"
    stamp = kb / ".complete"
    if not stamp.exists():
        from bench.synthetic_kb import write_national_kb

        counts = write_national_kb(kb, fraction)
        stamp.write_text(json.dumps(counts), encoding="utf-8")
    return kb


def run_build(kb: Path, out: Path, cache_dir: Path, *extra: str) -> dict[str, object]:
    """Run one build in a child process; return its stages, wall and CPU time, and peak RSS of any process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**__import__("os").environ, "CI": "true", "PLAN_SITE_CACHE": str(cache_dir)}
    result = subprocess.run([sys.executable, "-m", "generator", "--kb", str(kb), "build", "--out", str(out), *extra],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    stages = {}
    for line in result.stderr.splitlines():
        match = STAGE.match(line.strip())
        if match:
            stages[match["stage"]] = (float(match["seconds"]), int(match["peak"] or 0))
    return {"seconds": elapsed, "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
            "peak_mb": after.ru_maxrss / 1024, "stages": stages}


def site_stats(out: Path) -> dict[str, float]:
    files = [p for p in out.rglob("*") if p.is_file()]
    downloads = sum(p.stat().st_size for p in files if "tai-ve" in p.parts)
    return {"pages": sum(1 for p in files if p.name == "index.html"),
            "site_mb": sum(p.stat().st_size for p in files) / 1e6, "downloads_mb": downloads / 1e6,
            "files": len(files)}


def touch_one_plan(kb: Path) -> Path:
    """Change one figure of one plan (the usual commit) and return the file changed."""
    path = sorted((kb / "plans").glob("*/funds.yaml"))[len(list((kb / "plans").glob("*"))) // 2]
    text = path.read_text(encoding="utf-8")
    match = re.search(r"amount: '([\d.]+)'", text)
    assert match, path
    from generator.numbers import parse_vn_number, to_vn_number

    bigger = to_vn_number(parse_vn_number(match.group(1)) + 1)
    path.write_text(text.replace(match.group(0), f"amount: '{bigger}'", 1), encoding="utf-8")
    return path


def report(label: str, stats: dict[str, object]) -> None:
    stages = "  ".join(f"{k} {v[0]:.1f}s/{v[1]}MB" for k, v in stats["stages"].items())  # type: ignore[union-attr]
    print(f"{label:22} wall {stats['seconds']:7.1f} s  cpu {stats['cpu']:7.1f} s  peak RSS {stats['peak_mb']:6.0f} MB  "
          f"pages {stats.get('pages', 0):6d}  site {stats.get('site_mb', 0):7.1f} MB "
          f"(downloads {stats.get('downloads_mb', 0):.1f} MB)")
    print(f"{'':22} stages (time/peak RSS of the build process so far): {stages}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--national", action="store_true", help="also build the whole country")
    parser.add_argument("--only", choices=list(FRACTIONS), action="append", help="only these KBs")
    parser.add_argument("--rebuild", action="store_true", help="time a rebuild after one plan file changes")
    parser.add_argument("--kb-cache", type=Path, default=ROOT / "build" / "bench-kb")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    labels = args.only or (["shipped", "tenth"] + (["national"] if args.national else []))
    results = {}
    for label in labels:
        source = ROOT / "kb" if label == "shipped" else ensure_kb(args.kb_cache, label, FRACTIONS[label])
        work = args.work / label
        shutil.rmtree(work, ignore_errors=True)
        kb = work / "kb"  # a copy, so the rebuild can change a file
        shutil.copytree(source, kb, ignore=shutil.ignore_patterns(".complete"))
        stats = run_build(kb, work / "site", work / "cache")
        stats.update(site_stats(work / "site"))
        results[label] = stats
        report(f"{label} (cold cache)", stats)
        if args.rebuild:
            changed = touch_one_plan(kb)
            again = run_build(kb, work / "site", work / "cache")
            again.update(site_stats(work / "site"))
            report(f"{label} 1-file rebuild", again)
            print(f"{'':22} changed {changed.relative_to(kb)}")
    for larger in ("fifth", "national"):
        if "tenth" in results and larger in results:
            ratio = results[larger]["seconds"] / results["tenth"]["seconds"]  # type: ignore[operator]
            cpu_ratio = results[larger]["cpu"] / results["tenth"]["cpu"]  # type: ignore[operator]
            peak_ratio = results[larger]["peak_mb"] / results["tenth"]["peak_mb"]  # type: ignore[operator]
            print(f"{larger} / tenth: wall {ratio:.1f}×, cpu {cpu_ratio:.1f}×, peak RSS {peak_ratio:.1f}×")


if __name__ == "__main__":
    main()
