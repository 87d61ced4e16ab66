"""Progress of long builds: stage and count on a terminal, nothing in CI logs or pipes."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO


def interactive(stream: TextIO | None = None) -> bool:
    """True on a terminal outside CI (CI=true or no TTY means quiet)."""
    stream = stream or sys.stderr
    return stream.isatty() and os.environ.get("CI", "").lower() not in ("1", "true", "yes")


def reporter(stage: str, total: int, *, stream: TextIO | None = None) -> Callable[[int], None]:
    """Return a callback `done(count)` that redraws `stage count/total` at most ten times a second."""
    out = stream or sys.stderr
    if not interactive(out) or total <= 0:
        return lambda count: None
    last = [0.0]

    def done(count: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.1 or count >= total:
            last[0] = now
            end = "\n" if count >= total else ""
            out.write(f"\r{stage:<10} {count}/{total}{end}")
            out.flush()

    return done
