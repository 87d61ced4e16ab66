"""Print build time, page count, site size and peak memory for the shipped KB and a synthetic KB.

Usage: python bench/build.py [MIN_COMMUNES]   (synthetic KB of at least that many communes, default 500)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic_kb import write_synthetic_kb  # noqa: E402


def measure(kb: Path, out: Path) -> dict[str, float]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "--kb", str(kb), "build", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    pages = sum(1 for _ in out.rglob("index.html"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": elapsed, "pages": pages, "site_mb": size / 1e6, "peak_mb": peak}


def main() -> None:
    minimum = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = Path(tmp) / "kb"
        communes = write_synthetic_kb(synthetic, minimum)
        for label, kb in (("shipped KB", ROOT / "kb"), (f"synthetic KB ({communes} communes)", synthetic)):
            stats = measure(kb, Path(tmp) / "site" / label.split()[0])
            print(f"{label:32} build {stats['seconds']:6.1f} s  pages {stats['pages']:5d}  "
                  f"site {stats['site_mb']:6.1f} MB  peak RSS (largest child) {stats['peak_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
