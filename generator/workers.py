"""Two cores: run one part of a stage in a forked second process while this process runs the other part."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
U = TypeVar("U")


def run_beside(background: Callable[[], T], foreground: Callable[[], U]) -> tuple[T, U]:
    """Run *background* in a forked child process and *foreground* here, at the same time; return both results.

    The child inherits the parent's memory (the model is not copied or pickled); only its result comes back,
    pickled. Where fork is unavailable, on one CPU, or beside other threads (fork copies only the calling thread,
    so a lock another thread holds would stay locked in the child: `serve`), the two run one after the other.
    An error on either side is raised here, the child's with its traceback; the child never outlives the build.
    """
    if not can_fork():
        return background(), foreground()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(background, sender), daemon=True)
    child.start()
    sender.close()
    try:
        here = foreground()
        ok, value = receiver.recv()
    except BaseException:
        child.kill()
        raise
    finally:
        receiver.close()
        child.join()
    if not ok:
        raise ChildError(value)
    return value, here


class ChildError(RuntimeError):
    """The second process failed: the message carries its traceback."""


def can_fork() -> bool:
    """Whether a second process may be forked here: fork exists, two CPUs, no other thread."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _child(job: Callable[[], Any], sender: Any) -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with a killed build
    try:
        result: tuple[bool, Any] = (True, job())
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        result = (False, traceback.format_exc())
    sender.send(result)
    sender.close()
