"""Cost of the hostile-YAML guards (load.check_structure) next to the parse they protect.

Usage: python bench/load_guards.py [KB_DIR]   (default: kb)
Prints, for every KB file read as text: the guard with its text pre-scan, the guard forced to walk
libyaml events for every file, ruamel's round-trip load and PyYAML's C safe load.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML

from generator import load


def best_of(runs: int, step: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    kb = Path(sys.argv[1] if len(sys.argv) > 1 else "kb")
    texts = [p.read_text(encoding="utf-8") for p in sorted(kb.rglob("*.yaml")) if "schema" not in p.relative_to(kb).parts]
    size = sum(len(t.encode()) for t in texts)
    scanned = sum(1 for t in texts if load._may_be_hostile(t))
    guard = best_of(5, lambda: [load.check_structure("f", t) for t in texts])
    forced = best_of(5, lambda: [load.scan_events("f", load._c_events(t)) for t in texts])
    ruamel = best_of(3, lambda: [YAML(typ="rt").load(t) for t in texts])
    c_load = best_of(5, lambda: [pyyaml.load(t, Loader=pyyaml.CSafeLoader) for t in texts])
    print(f"{len(texts)} files, {size / 1e6:.2f} MB; {scanned} files need the event walk after the text pre-scan")
    for label, seconds in (("guard (pre-scan + walk when needed)", guard), ("guard forced to walk every file", forced),
                           ("ruamel round-trip load", ruamel), ("PyYAML C safe load", c_load)):
        print(f"{label:38s} {seconds * 1000:8.1f} ms  {seconds / ruamel:6.1%} of ruamel  {seconds / c_load:7.1%} of C load")


if __name__ == "__main__":
    main()
