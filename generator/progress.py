"""Progress of long builds: stage and count on a terminal, nothing in CI logs or pipes."""

from __future__ import annotations

import logging
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import TextIO, TypeVar

log = logging.getLogger("generator")
T = TypeVar("T")


def interactive(stream: TextIO | None = None) -> bool:
    """True on a terminal outside CI (CI=true or no TTY means quiet)."""
    stream = stream or sys.stderr
    return stream.isatty() and os.environ.get("CI", "").lower() not in ("1", "true", "yes")


def reporter(stage: str, *, stream: TextIO | None = None) -> Callable[..., None]:
    """Return a callback `done(count)` that redraws `stage count` at most ten times a second, ended by
    `done(count, last=True)` (pages are counted as they are made: their number is not known beforehand)."""
    out = stream or sys.stderr
    if not interactive(out):
        return lambda count, last=False: None
    shown = [0.0]

    def done(count: int, last: bool = False) -> None:
        now = time.monotonic()
        if now - shown[0] >= 0.1 or last:
            shown[0] = now
            out.write(f"\r{stage:<10} {count}" + ("\n" if last else ""))
            out.flush()

    return done


def timed(stage: str, step: Callable[[], T]) -> T:
    """Run one stage of a build and log its time and the peak memory so far (bench/build.py reads the line)."""
    started = time.perf_counter()
    result = step()
    log.info("%-10s %6.2f s  peak %d MB", stage, time.perf_counter() - started, peak_mb())
    return result


def peak_mb() -> int:
    """Peak resident memory so far of this process or any finished child (mkdocs, Pagefind), in MB."""
    usage = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return usage // 1024
