"""Cost of the hostile-YAML guards (load.check_structure) next to the parse they protect.

Usage: python bench/load_guards.py [KB_DIR]   (default: kb)
Prints, for every KB file read as text: the guard with its text pre-scan, the guard forced to walk
libyaml events for every file, ruamel's round-trip load and PyYAML's C safe load; then how long a
"billion laughs" alias bomb and a nesting bomb take to be refused, and the memory that takes.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
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


BOMBS = {
    "billion laughs (10^9 strings)": "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)),
    "100,000 nested brackets": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "2,000 nested mappings (4 MB)": "".join("  " * i + "k:\n" for i in range(2_000)) + "  " * 2_000 + "v: 1\n",
}


def bombs() -> None:
    for label, text in BOMBS.items():
        tracemalloc.start()
        started = time.perf_counter()
        _, issues = load.parse_text("bomb.yaml", text)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{label:32s} refused in {seconds * 1000:7.1f} ms, peak {peak / 1e6:5.1f} MB: {issues[0].code}")


if __name__ == "__main__":
    main()
    bombs()
