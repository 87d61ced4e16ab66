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
from tests.conftest import MINI_KB, ROOT, SOURCE_DATE_EPOCH, apply_mutation, build_into, digest

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
    publish.swap(_site(tmp_path / "new", "mới"), _site(tmp_path / "site", "cũ"))
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


def _build(kb: Path, out: Path, *, incremental: bool = False) -> subprocess.Popen[str]:
    """Start a real build (`python -m generator build`) in its own process group; a full build unless
    *incremental* (the cache on, as by default: incremental.py)."""
    cache = {} if incremental else {"PLAN_SITE_CACHE": "off"}
    return subprocess.Popen([sys.executable, "-m", "generator", "--kb", str(kb), "build", "--out", str(out)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH), **cache})


def _finish(build: subprocess.Popen[str]) -> str:
    """Wait for a build; return its log (stderr) after checking it succeeded."""
    out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    return err


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "incremental"])
def test_two_builds_started_at_once_leave_one_complete_site(incremental: bool, tmp_path: Path, mini_site: Path) -> None:
    out = tmp_path / "build" / "site"
    builds = [_build(MINI_KB, out, incremental=incremental), _build(MINI_KB, out, incremental=incremental)]
    logs = [_finish(build) for build in builds]
    assert sum("Đang chờ một lần dựng khác" in log for log in logs) == 1  # the second one waited
    assert digest(out) == digest(mini_site)
    assert sorted(os.listdir(out.parent)) == [".site.lock", *([".work-site"] if incremental else []), "site"]
    if incremental:  # the work folder the two builds shared is consistent: a third build renders nothing
        assert "changed    0 of" in _finish(_build(MINI_KB, out, incremental=True))
        assert digest(out) == digest(mini_site)


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


@pytest.fixture(scope="module")
def new_title_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the mini KB with NEW_TITLE: what any build of that KB must publish."""
    kb = tmp_path_factory.mktemp("new-title") / "kb"
    shutil.copytree(MINI_KB, kb)
    apply_mutation(kb, NEW_TITLE)
    return build_into(kb, kb.parent / "site")


@pytest.fixture(scope="module")
def incremental_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build/ after an incremental build of the mini KB: the site and its work folder."""
    out = tmp_path_factory.mktemp("incremental") / "build" / "site"
    _finish(_build(MINI_KB, out, incremental=True))
    return out.parent


def _holds_lock(build: subprocess.Popen[str], out: Path) -> bool:
    lock = str(out.parent / ".site.lock")
    try:
        return any(os.readlink(fd) == lock for fd in Path(f"/proc/{build.pid}/fd").iterdir())
    except OSError:
        return False


# Moments to kill an incremental build at (the work folder of a finished build is there), observed from outside.
INCREMENTAL_MOMENTS: dict[str, Callable[[subprocess.Popen[str], Path], bool]] = {
    "loading, work folder untouched": lambda build, out: _holds_lock(build, out),
    "writing changed pages": lambda build, out: not (out.parent / ".work-site" / "state.json").exists(),
    "mkdocs rendering": lambda build, out: any("mkdocs" in c for c in _commands(str(out.parent / ".work-site"))),
    "pagefind indexing": lambda build, out: any("pagefind" in c for c in _commands(str(out.parent / ".work-site"))),
    "publishing": lambda build, out: bool(_staging(out)),
}


@pytest.mark.parametrize("moment", INCREMENTAL_MOMENTS)
def test_an_incremental_build_killed_leaves_the_site_and_the_next_build_is_right(
        moment: str, tmp_path: Path, new_title_site: Path, kb_dir) -> None:
    out = tmp_path / "build" / "site"
    _finish(_build(MINI_KB, out, incremental=True))  # a finished incremental build here: its work folder is valid
    previous = digest(out)
    kb = kb_dir(NEW_TITLE)
    build = _build(kb, out, incremental=True)
    deadline = time.monotonic() + 120
    while not INCREMENTAL_MOMENTS[moment](build, out) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert build.poll() is None, f"the build ended before '{moment}'"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert digest(out) == previous
    log = _finish(_build(kb, out, incremental=True))  # the next build, from what the killed one left
    assert digest(out) == digest(new_title_site)
    # Killed between deleting the work folder's state and writing the new one: the next build is full.
    assert ("(full build)" in log) == (moment in ("writing changed pages", "mkdocs rendering", "pagefind indexing"))
    assert sorted(os.listdir(out.parent)) == [".site.lock", ".work-site", "site"]


def test_an_incremental_build_never_changes_a_published_file_in_place(tmp_path: Path, incremental_output: Path,
                                                                       new_title_site: Path, kb_dir) -> None:
    """Published files are hard links into the work folder: mkdocs must write new files, not rewrite them."""
    shutil.copytree(incremental_output, tmp_path / "build", symlinks=True)
    out = tmp_path / "build" / "site"
    _finish(_build(MINI_KB, out, incremental=True))  # published files now share inodes with the work folder
    keep = tmp_path / "kept"
    shutil.copytree(out, keep, copy_function=os.link)  # a reader holding the published files
    before = digest(keep)
    log = _finish(_build(kb_dir(NEW_TITLE), out, incremental=True))
    assert "(full build)" not in log and digest(out) == digest(new_title_site)
    assert digest(keep) == before


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
    return [pid for pid, _ in _processes(staging)]


def _commands(folder: str) -> list[str]:
    """Command lines of the processes running with *folder* on their command line."""
    return [command for _, command in _processes(folder)]


def _processes(folder: str) -> list[tuple[str, str]]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().decode(errors="replace") if proc.name.isdigit() else ""
        except OSError:
            continue
        if folder in command:
            found.append((proc.name, command.replace("\0", " ")))
    return found


def test_search_reads_only_the_searched_pages_with_a_glob_that_stays_short() -> None:
    from generator.publish import search_glob

    plans = [f"ke-hoach/k{i}.md" for i in range(3000)]
    parts = [f"chuong-trinh/ntm/tinh-{i}.md" for i in range(60)]
    listings = ["chi-tieu.md", "chi-tieu/tinh-1.md", "tim-kiem.md"]
    searched = ["index.md", "chuong-trinh/ntm.md", "chuong-trinh/giam-ngheo.md", *plans]
    glob = search_glob(searched, [*searched, *parts, *listings])
    assert glob == "{index.html,chuong-trinh/giam-ngheo/**/*.html,chuong-trinh/ntm/index.html,ke-hoach/**/*.html}"
    assert search_glob([], ["index.md"]) == "**/*.html"
