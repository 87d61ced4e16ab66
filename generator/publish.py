"""Publish: write pages into a staging folder, build with mkdocs, index with Pagefind, swap atomically."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import fcntl
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml  # mkdocs' own dependency; the config is plain YAML

from generator.csstrim import TRIM_ENV, trim_theme_css
from generator.errors import Issue, KbError, Location
from generator.progress import timed
from generator.urls import search_index_dir

log = logging.getLogger("generator")


@dataclass(frozen=True)
class Settings:
    """Where things are: the repository root, the KB, the output folder."""

    root: Path
    kb_dir: Path
    out_dir: Path  # build/site
    source_date_epoch: int
    history_limit: int = 30  # commits of kb/ history shown on the site
    git_root: Path | None = None  # repository holding the KB's history (default: root)
    allow_draft: bool = False  # publish unreviewed items, marked as drafts (build --allow-draft)
    cache_dir: Path | None = None  # validated-file cache (doccache) and incremental publishing; None: neither


def pack(data: bytes) -> bytes:
    """A file as a build keeps it in memory until it is written: zlib's fastest level (pages and CSV shrink 4–10×)."""
    return zlib.compress(data, 1)


def packed(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: pack(data) for path, data in files.items()}


@dataclass(frozen=True)
class SiteFiles:
    """Everything phase 2 writes: Markdown pages, download files, and the navigation.

    Pages and files are kept packed (`pack`) and unpacked one at a time as they are written (`docs_files`):
    at national scale the build process otherwise held 3,5 GB of them, twice while the second process sent its
    own (workers.run_beside)."""

    pages: dict[str, bytes]  # Markdown files (UTF-8), packed
    files: dict[str, bytes]  # download, name index, map and feed files, packed
    nav: list[Any]
    searched: tuple[tuple[str, str], ...] = ()  # (search part, Markdown path) of each page search indexes

    def release(self) -> None:
        """Drop the pages and files once written: mkdocs and Pagefind then run without a copy of the site in memory.

        The memory goes back to the system, not only to Python's allocator: the build process waits for mkdocs
        and Pagefind, and at national scale it would otherwise keep gigabytes it no longer uses."""
        self.pages.clear()
        self.files.clear()
        return_memory()


def return_memory() -> None:
    """Give memory Python has freed back to the system (glibc keeps freed heap pages for reuse otherwise)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # another C library: the memory stays with this process
            pass


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Let one build at a time write *out_dir*; a second build waits for the first (issue 8).

    Waiting rather than failing keeps every rebuild (serve, the post-commit hook): the later build
    starts after the earlier one has published, so the site ends with the newest KB. The lock is a
    `flock` on `build/.site.lock`, released by the kernel even when a build is killed.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(out_dir.parent / f".{out_dir.name}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("Đang chờ một lần dựng khác ghi xong %s …", out_dir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish_site(site: SiteFiles, settings: Settings) -> Path:
    """Build into a staging folder next to the output; replace the output only if everything succeeded.

    Call under build_lock. Whatever moment a build is killed at, the output folder holds either the
    previous site or the new one, complete: the swap is one atomic exchange of two directory entries.
    """
    out_dir = settings.out_dir.resolve()
    with staging_folder(out_dir) as staging:
        docs = staging / "docs"
        write_files(docs_files(site, settings.root), docs)
        globs = search_globs(site.searched, site.pages)
        site.release()
        config = staging / "mkdocs.yml"
        config.write_text(config_text(site.nav, staging / "site", docs, settings.root), encoding="utf-8")
        timed("mkdocs", lambda: run_mkdocs(config, settings))
        timed("css-trim", lambda: trim_theme_css(staging / "site"))
        timed("pagefind", lambda: run_search_indexes(staging / "site", globs))
        swap(staging / "site", out_dir)
    return out_dir


@contextlib.contextmanager
def staging_folder(out_dir: Path) -> Iterator[Path]:
    """A fresh folder beside *out_dir* for one build (same file system: the swap is a rename), removed after;
    what a killed build left there is removed first."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{out_dir.name}-", dir=out_dir.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def clean_stale(out_dir: Path) -> None:
    """Remove what a killed build left beside the output; put back a site a non-atomic swap moved away."""
    parent = out_dir.parent
    old_sites = sorted(parent.glob(f".old-{out_dir.name}-*"), key=lambda p: p.stat().st_mtime)
    if not out_dir.exists() and old_sites:
        old_sites.pop().rename(out_dir)  # killed between the two renames of the fallback swap
    for leftover in [*parent.glob(f".staging-{out_dir.name}-*"), *old_sites]:
        shutil.rmtree(leftover, ignore_errors=True)


def docs_files(site: SiteFiles, root: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of the mkdocs docs folder, unpacked one at a time, in docs_paths' order."""
    for rel, kept, unpack in docs_kept(site, root):
        yield rel, unpack(kept)


def docs_kept(site: SiteFiles, root: Path) -> Iterator[tuple[str, bytes, Callable[[bytes], bytes]]]:
    """Every file of the mkdocs docs folder as kept in memory (packed; an asset as read), with how to unpack it, in
    docs_paths' order. Packing is deterministic: equal kept bytes are equal files, a cheaper test than unpacking."""
    assets = _assets(root)
    for rel in docs_paths(site, root):
        if rel in assets:
            yield rel, assets[rel].read_bytes(), bytes
        else:
            yield rel, site.pages.get(rel) or site.files[rel], zlib.decompress


def docs_paths(site: SiteFiles, root: Path) -> list[str]:
    """The paths of the mkdocs docs folder's files, sorted: pages, downloads, assets."""
    return sorted({*site.pages, *site.files, *_assets(root)})


def _assets(root: Path) -> dict[str, Path]:
    folder = root / "site_templates" / "assets"
    return {f"assets/{p.relative_to(folder).as_posix()}": p for p in folder.rglob("*") if p.is_file()}


def write_files(files: Iterable[tuple[str, bytes]], docs: Path) -> None:
    made: set[Path] = set()
    for rel, data in files:
        path = docs / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)


def config_text(nav: list[Any], site_dir: Path, docs: Path, root: Path) -> str:
    """The mkdocs configuration of one build: the project's mkdocs.yml with folders, hooks and navigation."""
    config = pyyaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(site_dir), nav=nav)
    config["theme"]["custom_dir"] = str(root / "site_templates" / "overrides")
    config["hooks"] = [str(root / hook) for hook in config.get("hooks", [])]
    return pyyaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def run_mkdocs(config: Path, settings: Settings, *, dirty: bool = False,
               shards: Sequence[dict[str, str]] = ({},)) -> None:
    """Run mkdocs once per shard environment, all at once (incremental.py splits large renders in two)."""
    # TRIM_ENV: the stylesheet trim follows, and writes the sheet's name over mkdocs' placeholder (csstrim.py)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(settings.source_date_epoch), NO_MKDOCS_2_WARNING="1", **{TRIM_ENV: "1"})
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", *(["--dirty"] if dirty else []),
               "-f", str(config)]
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8")) for _ in shards]
        processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log_file, text=True, cwd=settings.root,
                                      env={**env, **extra}, preexec_fn=_child_setup())
                     for extra, log_file in zip(shards, logs)]
        codes = [process.wait() for process in processes]
        failed = next((log_file for code, log_file in zip(codes, logs) if code != 0), None)
        if failed is not None:
            failed.seek(0)
            raise KbError([Issue("SITE-BUILD", f"mkdocs không dựng được trang: {_last_lines(failed.read())}",
                                 Location("mkdocs.yml"))])


# Words per index chunk (Pagefind's default is 20,000). A query downloads the chunks holding its words, so
# smaller chunks keep one search within the 300 KB budget (bench/search.py). The variable is marked unstable
# by Pagefind: if a release drops it, search still works, with bigger downloads that the benchmark shows.
# Nationally, Huế's index with 1,000 words a chunk: "ho tro nha o" 301,4 -> 275,6 KB, the index 3 % larger.
PAGEFIND_CHUNK_WORDS = "1000"

# What Pagefind leaves out of the index and of each page's fragment (the page's text that every shown result
# downloads), by the classes the pages already carry, so no page grows: note marks ("[3]", whose links, each
# with its own id, were also recorded as anchors), the sum mark ∑, the finding marks beside figures (the
# finding itself is listed on its plan page), the legends under tables, and a chart's table of numbers (the
# plan's own table of fund lines, on the same page, holds the same names). A plan's fragment at national
# scale: see docs/site.md, "Search".
SEARCH_EXCLUDED = ("sup.kb-note-ref", ".kb-computed", "a.kb-finding", ".kb-legend", "details.kb-chart-data")


def search_glob(searched: Collection[str], pages: Collection[str]) -> str:
    """The Pagefind glob of the HTML files of the *searched* pages among *pages* (Markdown paths): a folder whose
    pages are all searched as one pattern, single files elsewhere (the glob stays short at any size).

    Pagefind parses every file its glob finds, indexed or not: the unsearched listings (program parts,
    overviews) were 40 % of its time at a tenth of the country."""
    wanted, patterns = {_html_path(path) for path in searched}, []

    def visit(folder: str, paths: list[str]) -> None:
        if folder and all(path in wanted for path in paths):
            patterns.append(f"{folder}**/*.html")
            return
        below: dict[str, list[str]] = {}
        for path in paths:
            rest = path[len(folder):]
            if "/" in rest:
                below.setdefault(rest.split("/", 1)[0], []).append(path)
            elif path in wanted:
                patterns.append(path)
        for name, inside in sorted(below.items()):
            if any(path in wanted for path in inside):
                visit(f"{folder}{name}/", inside)

    visit("", sorted(_html_path(path) for path in pages))
    return "{" + ",".join(patterns) + "}" if patterns else "**/*.html"


def _html_path(markdown_path: str) -> str:
    """`xa/d/c.md` -> `xa/d/c/index.html`, `index.md` -> `index.html` (mkdocs' directory URLs)."""
    stem = markdown_path.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


def search_globs(searched: Collection[tuple[str, str]], pages: Collection[str]) -> dict[str, str]:
    """The Pagefind glob of each search part's pages (search_glob), by part."""
    parts: dict[str, list[str]] = {}
    for part, path in searched:
        parts.setdefault(part, []).append(path)
    return {part: search_glob(paths, pages) for part, paths in sorted(parts.items())}


def run_search_indexes(site_dir: Path, globs: dict[str, str], parts: Collection[str] | None = None) -> None:
    """Index each search part (*parts*: only those) into its own folder (urls.search_index_dir), two at a time.

    One index of the whole country held every page's words at once: Pagefind took 12,3 GB and every query
    downloaded the list of all 27.000 searched pages. A reader searches one province's index, or the index of
    the pages of no province; Pagefind holds one part at a time in each of two processes (a small part's run
    is mostly start-up on one core: one after another, Pagefind took 28 s at a tenth of the country, was 17 s).
    The processes are started from this thread, so that they die with the build (_child_setup)."""
    waiting = [part for part in globs if parts is None or part in parts]
    running: list[tuple[str, subprocess.Popen]] = []
    try:
        while waiting or running:
            while waiting and len(running) < SEARCH_INDEX_PROCESSES:
                part = waiting.pop(0)
                shutil.rmtree(site_dir / search_index_dir(part), ignore_errors=True)
                running.append((part, _start_pagefind(site_dir, globs[part], search_index_dir(part))))
            part, process = running.pop(0)
            _finish_pagefind(process, site_dir)
            for name in UNUSED_SEARCH_FILES:
                for unused in (site_dir / search_index_dir(part)).glob(name):
                    unused.unlink()
    finally:
        for _, process in running:  # after a failure: the others are stopped, not left writing
            process.kill()
            process.wait()


SEARCH_INDEX_PROCESSES = 2  # Pagefind processes at once (the machine has two cores)


# Pagefind's ready-made interfaces, which site.js does without (it calls the runtime, pagefind.js, itself,
# without a worker).
UNUSED_SEARCH_FILES = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js",
                       "pagefind-worker.js")


def _start_pagefind(site_dir: Path, glob: str, subdir: str) -> subprocess.Popen:
    env = dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=PAGEFIND_CHUNK_WORDS)
    excluded = [argument for selector in SEARCH_EXCLUDED for argument in ("--exclude-selectors", selector)]
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", subdir,
                             "--force-language", "vi", "--glob", glob, "--quiet", *excluded], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env, preexec_fn=_child_setup())


def _finish_pagefind(process: subprocess.Popen, site_dir: Path) -> None:
    _, stderr = process.communicate()
    if process.returncode != 0:
        raise KbError([Issue("SITE-SEARCH-INDEX", f"Pagefind không lập được chỉ mục: {_last_lines(stderr)}",
                             Location(str(site_dir)))])


def _last_lines(text: str, count: int = 8) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-count:])


def swap(new_site: Path, out_dir: Path) -> None:
    """Put the new site in place so that a reader, or a build killed at any instant, never sees a half site."""
    if not out_dir.exists():
        new_site.rename(out_dir)
        return
    try:
        exchange(new_site, out_dir)  # out_dir now holds the new site, new_site the old one
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
            raise
        # No atomic exchange here (not Linux, or a filesystem without it): two renames; clean_stale
        # puts the old site back if a build dies between them.
        old = out_dir.with_name(f".old-{out_dir.name}-{os.getpid()}")
        out_dir.rename(old)
        new_site.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> None:
    """Swap two directory entries in one step (Linux renameat2 with RENAME_EXCHANGE); OSError if unsupported."""
    if not sys.platform.startswith("linux"):
        raise OSError(errno.ENOSYS, "renameat2 is Linux-only")
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # glibc before 2.28
        raise OSError(errno.ENOSYS, "renameat2 is not in this C library")
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _child_setup() -> Any:
    """Make mkdocs and Pagefind die with the build (PR_SET_PDEATHSIG), so a killed build leaves no writer.

    Only when the build is single-threaded: a pre-exec hook is unsafe beside other threads (`serve`).
    """
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved here, in the parent

    def die_with_parent() -> None:
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

    return die_with_parent
