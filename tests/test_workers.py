"""Two processes: the second one's part of a build comes back whole, its errors come back, it never outlives the
build, and a site built in two processes is the site built in one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import workers
from generator.workers import ChildError, run_beside
from tests.conftest import MINI_KB, build_into, digest
from tests.test_publish import _build, _finish

needs_fork = pytest.mark.skipif(not workers.can_fork(), reason="one CPU, no fork, or other threads in this process")


@needs_fork
def test_the_background_part_runs_in_another_process_and_both_results_come_back() -> None:
    parent = os.getpid()
    theirs, mine = run_beside(lambda: (os.getpid(), list(range(100_000))), lambda: os.getpid())
    assert mine == parent and theirs[0] != parent
    assert theirs[1] == list(range(100_000))


@needs_fork
def test_an_error_in_the_second_process_is_raised_here_with_its_traceback() -> None:
    def fails() -> None:
        raise ValueError("hỏng ở tiến trình thứ hai")

    with pytest.raises(ChildError, match="ValueError: hỏng ở tiến trình thứ hai"):
        run_beside(fails, lambda: "xong")


@needs_fork
def test_an_error_here_stops_the_second_process_at_once() -> None:
    def fails() -> None:
        raise KeyError("ở đây")

    started = time.monotonic()
    with pytest.raises(KeyError):
        run_beside(lambda: time.sleep(60), fails)
    assert time.monotonic() - started < 10


def test_a_site_built_in_two_processes_is_the_site_built_in_one(tmp_path: Path, mini_site: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    two = tmp_path / "two" / "site"
    log = _finish(_build(MINI_KB, two))  # a fresh process: single-threaded, so it forks where it can
    if (os.cpu_count() or 1) > 1:
        assert "pages-2" in log  # the second process did build pages
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    one = build_into(MINI_KB, tmp_path / "one" / "site")
    assert digest(two) == digest(one) == digest(mini_site)
