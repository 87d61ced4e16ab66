"""Publishing: an atomic swap, one build at a time, and nothing broken or left behind by a killed build."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import publish
from generator.publish import clean_stale, exchange
from tests.conftest import MINI_KB, ROOT, SOURCE_DATE_EPOCH, digest

NEW_TITLE = {"file": "plans/mini-2024/plan.yaml", "replace": [
    "  title: Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024",
    "  title: Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024 (bản sửa)"]}


def _site(folder: Path, text: str) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "sub" / "page.html").write_text(text)
    return folder


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    new, out = _site(tmp_path / "new", "mới"), _site(tmp_path / "site", "cũ")
    exchange(new, out)
    assert (out / "index.html").read_text() == "mới" and (new / "sub" / "page.html").read_text() == "cũ"


def test_without_exchange_the_swap_renames_and_a_kill_between_renames_is_repaired(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(first: Path, second: Path) -> None:
        raise OSError(errno.ENOSYS, "no renameat2")

    monkeypatch.setattr(publish, "exchange", unsupported)
    publish._swap(_site(tmp_path / "new", "mới"), _site(tmp_path / "site", "cũ"))
    assert (tmp_path / "site" / "index.html").read_text() == "mới" and sorted(os.listdir(tmp_path)) == ["site"]
    # A build killed between its two renames leaves the old site under .old-site-<pid> and no site.
    (tmp_path / "site").rename(tmp_path / ".old-site-4242")
    clean_stale(tmp_path / "site")
    assert (tmp_path / "site" / "sub" / "page.html").read_text() == "mới" and sorted(os.listdir(tmp_path)) == ["site"]


def test_leftovers_of_a_killed_build_are_removed_and_other_outputs_left_alone(tmp_path: Path) -> None:
    out = _site(tmp_path / "site", "cũ")
    before = digest(out)
    for leftover in (".staging-site-abc123/site", ".staging-site-x/docs", ".old-site-77", ".staging-other-1"):
        _site(tmp_path / leftover, "rác")
    clean_stale(out)
    assert sorted(os.listdir(tmp_path)) == [".staging-other-1", "site"] and digest(out) == before


def _build(kb: Path, out: Path) -> subprocess.Popen[str]:
    """Start a real build (`python -m generator build`) in its own process group."""
    return subprocess.Popen([sys.executable, "-m", "generator", "--kb", str(kb), "build", "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)})


def test_two_builds_started_at_once_leave_one_complete_site(tmp_path: Path, mini_site: Path) -> None:
    out = tmp_path / "build" / "site"
    builds = [_build(MINI_KB, out), _build(MINI_KB, out)]
    results = [(b.wait(timeout=300), b.communicate()) for b in builds]
    assert [code for code, _ in results] == [0, 0], [err for _, (_, err) in results]
    assert sum("Đang chờ một lần dựng khác" in err for _, (_, err) in results) == 1  # the second one waited
    assert digest(out) == digest(mini_site)
    assert sorted(os.listdir(out.parent)) == [".site.lock", "site"]


def _staging(out: Path) -> list[Path]:
    return list(out.parent.glob(f".staging-{out.name}-*"))


# Moments to kill a build at, each observed from outside while it runs (the publish steps in order).
MOMENTS: dict[str, Callable[[Path], bool]] = {
    "validating": lambda out: (out.parent / ".site.lock").exists(),
    "writing pages": lambda out: any((s / "docs").is_dir() for s in _staging(out)),
    "mkdocs writing the site": lambda out: any((s / "site").is_dir() for s in _staging(out)),
    "pagefind indexing": lambda out: any((s / "site" / "pagefind").is_dir() for s in _staging(out)),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_build_killed_with_sigkill_leaves_the_previous_site_intact(moment: str, tmp_path: Path, mini_site: Path,
                                                                      kb_dir) -> None:
    out = tmp_path / "build" / "site"
    shutil.copytree(mini_site, out)
    previous = digest(out)
    build = _build(kb_dir(NEW_TITLE), out)
    deadline = time.monotonic() + 120
    while not MOMENTS[moment](out) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert build.poll() is None, f"the build ended before '{moment}'"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert digest(out) == previous
    clean_stale(out)  # what the next build does first, under the lock
    assert sorted(os.listdir(out.parent)) == [".site.lock", "site"] and digest(out) == previous


def test_mkdocs_dies_with_a_killed_build(tmp_path: Path, mini_site: Path, kb_dir) -> None:
    out = tmp_path / "build" / "site"
    shutil.copytree(mini_site, out)
    build = _build(kb_dir(NEW_TITLE), out)
    while not MOMENTS["writing pages"](out) and build.poll() is None:
        time.sleep(0.002)
    staging = str(_staging(out)[0])
    time.sleep(0.3)  # let mkdocs start
    os.kill(build.pid, signal.SIGKILL)  # the build only, not its process group
    build.wait()
    deadline = time.monotonic() + 1  # mkdocs alone would run for seconds more
    while _writers(staging) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _writers(staging) == []


def _writers(staging: str) -> list[str]:
    """Processes still running with the staging folder on their command line."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and staging in (proc / "cmdline").read_bytes().decode(errors="replace"):
                found.append(proc.name)
        except OSError:
            continue
    return found
