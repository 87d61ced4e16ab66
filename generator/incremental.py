"""Incremental publish: mkdocs renders again only the pages whose Markdown changed, Pagefind indexes all.

A persistent work folder in the cache keeps the last build's docs and site. Every docs file (page,
download, asset) is hashed; the build's fingerprint hashes everything else a page's HTML depends on:
the mkdocs configuration with its navigation, the theme overrides, the mkdocs hooks and the versions of
mkdocs and the theme. When the fingerprint or the set of files changes, or the last build did not finish,
everything is rebuilt; otherwise mkdocs runs with `--dirty` and the hook in mkdocs_hooks.py marks as
modified only the changed files (and the pages of the navigation, whose titles every sidebar shows).
Nothing here knows page kinds, so a new kind of page is as safe as the old ones; the test suite
checks that an incremental build gives the same bytes as a full one.

Published files are hard links into the work folder, so a page mkdocs writes again is first unlinked
(by the hook) and the published copy is never modified in place.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from generator.publish import SiteFiles, Settings, config_text, docs_files, run_mkdocs, run_pagefind, swap, write_files

log = logging.getLogger("generator")
CHANGED_ENV = "PLAN_SITE_CHANGED"  # file listing the docs paths mkdocs must render again (mkdocs_hooks.py)
SHARD_ENV = "PLAN_SITE_SHARD"  # "k/n": this mkdocs process renders every n-th page from the k-th
SHARD_MIN_PAGES = 400  # below this one mkdocs process is quicker than two


@contextmanager
def _locked(work: Path) -> Iterator[None]:
    """One build at a time per work folder; a second one waits."""
    work.mkdir(parents=True, exist_ok=True)
    with open(work / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(config: str, root: Path) -> str:
    """Hash of everything but the docs files that the HTML of a page depends on."""
    digest = hashlib.sha256(config.encode())
    for folder in (root / "site_templates" / "overrides",):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for hook in sorted((root / "generator").glob("mkdocs_hooks*.py")) + [root / "generator" / "urls.py"]:
        digest.update(hook.read_bytes())
    for package in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()


def publish_incremental(site: SiteFiles, settings: Settings) -> Path:
    """Build the site in the cache's work folder, rendering again only what changed; swap a copy into place."""
    assert settings.cache_dir is not None
    work = settings.cache_dir.resolve() / "site-work"
    with _locked(work):
        docs, site_dir, state_file = work / "docs", work / "site", work / "state.json"
        files = docs_files(site, settings.root)
        hashes = {rel: _digest(data) for rel, data in sorted(files.items())}
        config = config_text(site.nav, site_dir, docs, settings.root)
        print_ = fingerprint(config, settings.root)
        state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else None
        full = state is None or state["fingerprint"] != print_ or set(state["files"]) != set(hashes)
        before: dict[str, str] = {} if full or state is None else state["files"]
        changed = sorted(hashes) if full else sorted(rel for rel in hashes if before[rel] != hashes[rel])
        state_file.unlink(missing_ok=True)  # a build killed from here on leaves no state: the next one is full
        if full:
            shutil.rmtree(docs, ignore_errors=True)
            shutil.rmtree(site_dir, ignore_errors=True)
        write_files({rel: files[rel] for rel in changed}, docs)
        (work / "mkdocs.yml").write_text(config, encoding="utf-8")
        log.info("changed    %d of %d site files%s", len(changed), len(hashes), " (full build)" if full else "")
        _mkdocs(work, settings, changed, full=full)
        shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
        run_pagefind(site_dir)
        state_file.write_text(json.dumps({"fingerprint": print_, "files": hashes}, indent=0), encoding="utf-8")
        return _publish_copy(site_dir, settings.out_dir.resolve())


def _mkdocs(work: Path, settings: Settings, changed: list[str], *, full: bool) -> None:
    """Run mkdocs over the changed pages, in two processes when there are many."""
    listing = work / "changed.json"
    listing.write_text(json.dumps({"full": full, "changed": changed}), encoding="utf-8")
    pages = sum(1 for rel in changed if rel.endswith(".md"))
    shards = 2 if pages >= SHARD_MIN_PAGES else 1
    env = [{CHANGED_ENV: str(listing), SHARD_ENV: f"{k}/{shards}"} for k in range(shards)]
    if shards == 1:
        run_mkdocs(work / "mkdocs.yml", settings, dirty=True, extra_env=env[0])
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(shards) as pool:
        for future in [pool.submit(run_mkdocs, work / "mkdocs.yml", settings, dirty=True, extra_env=e) for e in env]:
            future.result()


def _publish_copy(site_dir: Path, out_dir: Path) -> Path:
    """Hard-link the work site into a staging folder next to the output and swap it into place."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir.parent))
    try:
        shutil.copytree(site_dir, staging / "site", copy_function=_link)
        swap(staging / "site", out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system: copy
        shutil.copy2(source, target)
