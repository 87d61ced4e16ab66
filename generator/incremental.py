"""Incremental publish: mkdocs renders again only the pages whose Markdown changed, Pagefind indexes again
only the provinces with a changed page.

A persistent work folder beside the output (`build/.work-site`) keeps the last build's docs and site.
Every docs file (page, download, asset) is hashed as the build keeps it (packed); the build's fingerprint
hashes everything else a page's HTML depends on: the mkdocs configuration with its navigation, the theme
overrides, the mkdocs hooks, the generator's code and the versions of mkdocs and the theme. When the
fingerprint or the set of files changes, or the last build did not finish, everything is rebuilt; otherwise
mkdocs runs with `--dirty` and the hook in mkdocs_hooks.py marks as modified only the changed files (and the
pages of the navigation, whose titles the sidebars show). Nothing here knows page kinds, so a new kind of page
is as safe as the old ones; the test suite checks that an incremental build gives the same bytes as a
full one.

Safety is publish.py's: the caller holds build_lock (the work folder belongs to the output, so the
same lock guards both), the published copy goes through a staging folder and the atomic exchange, and
mkdocs and Pagefind die with a killed build. The work folder's state file is removed before anything
in the folder changes and written back only when mkdocs and Pagefind have finished: a build killed at
any moment leaves no state, and the next build is a full one. Published files are hard links into the
work folder, so a file mkdocs writes again is first unlinked (by the hook) and a published copy is
never changed in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
from importlib import metadata
from collections.abc import Iterator
from pathlib import Path

from generator.doccache import code_fingerprint
from generator.progress import timed
from generator.csstrim import trim_theme_css
from generator.publish import (SiteFiles, Settings, swap, config_text, docs_kept, docs_paths, run_mkdocs,
                               run_search_indexes, search_globs, staging_folder, write_files)
from generator.urls import SEARCH_DIR, search_index_dir

log = logging.getLogger("generator")
CHANGED_ENV = "PLAN_SITE_CHANGED"  # file listing the docs paths mkdocs must render again (mkdocs_hooks.py)
SHARD_ENV = "PLAN_SITE_SHARD"  # "k/n": this mkdocs process renders every n-th page from the k-th
TOKENS_ENV = "PLAN_SITE_TOKENS"  # file-name prefix for each mkdocs process's page tokens (mkdocs_hooks.py)
TOKENS = "tokens"
SHARD_MIN_PAGES = 400  # below this one mkdocs process is quicker than two
STATE = "state.json"


def work_folder(out_dir: Path) -> Path:
    """The incremental work folder of an output folder: beside it, so publishing is hard links and renames."""
    return out_dir.parent / f".work-{out_dir.name}"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(config: str, root: Path) -> str:
    """Hash of everything but the docs files that the HTML of a page depends on."""
    digest = hashlib.sha256(config.encode() + code_fingerprint().encode())
    for path in sorted((root / "site_templates" / "overrides").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for hook in sorted((root / "generator").glob("*.py")):  # the hooks mkdocs loads from the project root
        digest.update(hook.name.encode() + b"\0" + hook.read_bytes())
    for package in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "pagefind"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()


def publish_incremental(site: SiteFiles, settings: Settings) -> Path:
    """Build the site in the work folder, rendering again only what changed; swap a copy into place.

    Call under build_lock, like publish_site."""
    out_dir = settings.out_dir.resolve()
    work = work_folder(out_dir)
    docs, site_dir, state_file = work / "docs", work / "site", work / STATE
    globs = search_globs(site.searched, site.pages)
    config = config_text(site.nav, site_dir, docs, settings.root)
    stamp = fingerprint(config, settings.root)
    before = _state(state_file)
    full = before is None or before["fingerprint"] != stamp or set(before["files"]) != set(docs_paths(site, settings.root))
    previous = {} if before is None else before["files"]
    work.mkdir(parents=True, exist_ok=True)
    state_file.unlink(missing_ok=True)  # from here on a killed build leaves no state: the next one is full
    if full:
        shutil.rmtree(docs, ignore_errors=True)
        shutil.rmtree(site_dir, ignore_errors=True)
    hashes: dict[str, str] = {}

    def changed_files() -> Iterator[tuple[str, bytes]]:  # one pass: each file hashed as kept, unpacked if written
        for rel, kept, unpack in docs_kept(site, settings.root):
            hashes[rel] = _digest(kept)  # packed bytes: a tenth of the site's to hash, and nothing to unpack
            if full or previous[rel] != hashes[rel]:
                yield rel, unpack(kept)

    write_files(changed_files(), docs)
    site.release()
    changed = sorted(rel for rel in hashes if full or previous[rel] != hashes[rel])
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    log.info("changed    %d of %d site files%s", len(changed), len(hashes), " (full build)" if full else "")
    timed("mkdocs", lambda: _mkdocs(work, settings, changed, full=full))
    stale = _stale_search_parts(site.searched, globs, set(changed), None if full else before)
    with _set_aside(site_dir / SEARCH_DIR, work / "search-kept"):  # the trim reads the site's scripts
        styles = timed("css-trim", lambda: trim_theme_css(site_dir, None if full or before is None else before.get("styles"),
                                                          _page_tokens(work)))
    _remove_other_parts(site_dir / SEARCH_DIR, {search_index_dir(part) for part in globs})
    timed("pagefind", lambda: run_search_indexes(site_dir, globs, stale))
    log.info("search     %d of %d indexes made again", len(stale), len(globs))
    _write_state(state_file, {"fingerprint": stamp, "files": hashes, "styles": styles, "search": globs})
    return timed("swap", lambda: _publish_copy(site_dir, out_dir))


def _stale_search_parts(searched: tuple[tuple[str, str], ...], globs: dict[str, str], changed: set[str],
                        before: dict | None) -> set[str]:
    """The search parts to index again: those with a changed page or a different set of pages (all after a full
    build). A page's indexed text is its Markdown's, through templates and code the fingerprint covers."""
    if before is None:
        return set(globs)
    last = before.get("search", {})
    return {part for part, glob in globs.items() if last.get(part) != glob} | {part for part, path in searched
                                                                              if path in changed}


@contextlib.contextmanager
def _set_aside(folder: Path, place: Path) -> Iterator[None]:
    """Move *folder* out of the site for the duration (if it exists), then back."""
    shutil.rmtree(place, ignore_errors=True)
    moved = folder.exists()
    if moved:
        folder.rename(place)
    try:
        yield
    finally:
        if moved:
            place.rename(folder)


def _remove_other_parts(folder: Path, keep: set[str]) -> None:
    """Remove what the search folder holds besides the current parts' indexes (a removed province, an old layout)."""
    if folder.exists():
        for entry in folder.iterdir():
            if f"{folder.name}/{entry.name}" not in keep:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _state(state_file: Path) -> dict | None:
    """The finished last build's fingerprint and file hashes; None when there is none (or it is unreadable)."""
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and {"fingerprint", "files"} <= state.keys() else None


def _write_state(state_file: Path, state: dict) -> None:
    """Write the state whole or not at all (a kill mid-write must not leave a truncated state)."""
    partial = state_file.with_suffix(".tmp")
    partial.write_text(json.dumps(state, indent=0), encoding="utf-8")
    os.replace(partial, state_file)


def _mkdocs(work: Path, settings: Settings, changed: list[str], *, full: bool) -> None:
    """Run mkdocs over the changed pages, in two processes when there are many; each notes its pages' tokens."""
    listing = work / "changed.json"
    listing.write_text(json.dumps({"full": full, "changed": changed}), encoding="utf-8")
    for stale in work.glob(f"{TOKENS}-*.json"):
        stale.unlink()
    pages = sum(1 for rel in changed if rel.endswith(".md"))
    count = 2 if pages >= SHARD_MIN_PAGES else 1
    shards = [{CHANGED_ENV: str(listing), SHARD_ENV: f"{k}/{count}", TOKENS_ENV: str(work / TOKENS)}
              for k in range(count)]
    run_mkdocs(work / "mkdocs.yml", settings, dirty=True, shards=shards)


def _page_tokens(work: Path) -> dict[str, list[str]]:
    """The stylesheet tokens of the pages mkdocs just wrote, as its processes noted them (mkdocs_hooks.py)."""
    tokens: dict[str, list[str]] = {}
    for part in sorted(work.glob(f"{TOKENS}-*.json")):
        tokens.update(json.loads(part.read_text(encoding="utf-8")))
    return tokens


def _publish_copy(site_dir: Path, out_dir: Path) -> Path:
    """Hard-link the work site into a staging folder next to the output and swap it into place."""
    with staging_folder(out_dir) as staging:
        shutil.copytree(site_dir, staging / "site", copy_function=_link)
        swap(staging / "site", out_dir)
    return out_dir


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system: copy
        shutil.copy2(source, target)
