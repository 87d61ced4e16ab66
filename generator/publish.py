"""Publish: write pages into a staging folder, build with mkdocs, index with Pagefind, swap atomically."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml  # mkdocs' own dependency; the config is plain YAML

from generator.errors import Issue, KbError, Location


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
    cache_dir: Path | None = None  # validated-file cache (doccache); None: no cache


@dataclass(frozen=True)
class SiteFiles:
    """Everything phase 2 writes: Markdown pages, download files, and the navigation."""

    pages: dict[str, str]
    files: dict[str, bytes]
    nav: list[Any]


def publish_site(site: SiteFiles, settings: Settings) -> Path:
    """Build the site with mkdocs and Pagefind and put it in place atomically.

    With a cache folder the build is incremental (see incremental.py): only pages whose Markdown changed
    are rendered again by mkdocs; the result is byte for byte what a full build gives."""
    if settings.cache_dir is not None:
        from generator.incremental import publish_incremental

        return publish_incremental(site, settings)
    out_dir = settings.out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir.parent))
    try:
        docs = _write_docs(site, staging / "docs", settings.root)
        config = _write_config(site.nav, staging, docs, settings.root)
        _run_mkdocs(config, settings)
        _run_pagefind(staging / "site")
        _swap(staging / "site", out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir


def docs_files(site: SiteFiles, root: Path) -> dict[str, bytes]:
    """Every file of the mkdocs docs folder: pages, downloads, assets."""
    files = {rel: text.encode("utf-8") for rel, text in site.pages.items()}
    files.update(site.files)
    assets = root / "site_templates" / "assets"
    files.update({f"assets/{p.relative_to(assets).as_posix()}": p.read_bytes() for p in sorted(assets.rglob("*")) if p.is_file()})
    return files


def write_files(files: dict[str, bytes], docs: Path) -> None:
    for rel, data in sorted(files.items()):
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _write_docs(site: SiteFiles, docs: Path, root: Path) -> Path:
    write_files(docs_files(site, root), docs)
    return docs


def config_text(nav: list[Any], site_dir: Path, docs: Path, root: Path) -> str:
    """The mkdocs configuration of one build: the project's mkdocs.yml with folders, hooks and navigation."""
    config = pyyaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(docs), site_dir=str(site_dir), nav=nav)
    config["theme"]["custom_dir"] = str(root / "site_templates" / "overrides")
    config["hooks"] = [str(root / hook) for hook in config.get("hooks", [])]
    return pyyaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _write_config(nav: list[Any], staging: Path, docs: Path, root: Path) -> Path:
    path = staging / "mkdocs.yml"
    path.write_text(config_text(nav, staging / "site", docs, root), encoding="utf-8")
    return path


def run_mkdocs(config: Path, settings: Settings, *, dirty: bool = False, extra_env: dict[str, str] | None = None) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(settings.source_date_epoch), NO_MKDOCS_2_WARNING="1", **(extra_env or {}))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", *(["--dirty"] if dirty else []),
                             "-f", str(config)], capture_output=True, text=True, env=env, cwd=settings.root)
    if result.returncode != 0:
        raise KbError([Issue("SITE-BUILD", f"mkdocs không dựng được trang: {_last_lines(result.stderr)}",
                             Location("mkdocs.yml"))])


def _run_mkdocs(config: Path, settings: Settings) -> None:
    run_mkdocs(config, settings)


def run_pagefind(site_dir: Path) -> None:
    _run_pagefind(site_dir)


# Words per index chunk (Pagefind's default is 20,000). A query downloads the chunks holding its words, so
# smaller chunks keep one search within the 300 KB budget (bench/search.py). The variable is marked unstable
# by Pagefind: if a release drops it, search still works, with bigger downloads that the benchmark shows.
PAGEFIND_CHUNK_WORDS = "4000"


def _run_pagefind(site_dir: Path) -> None:
    env = dict(os.environ, PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE=PAGEFIND_CHUNK_WORDS)
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind",
                             "--force-language", "vi", "--quiet"], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise KbError([Issue("SITE-SEARCH-INDEX", f"Pagefind không lập được chỉ mục: {_last_lines(result.stderr)}",
                             Location(str(site_dir)))])


def _last_lines(text: str, count: int = 8) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-count:])


def swap(new_site: Path, out_dir: Path) -> None:
    _swap(new_site, out_dir)


def _swap(new_site: Path, out_dir: Path) -> None:
    """Put the new site in place with renames, so a reader never sees a half-written folder."""
    old = out_dir.with_name(f".old-{out_dir.name}-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(old)
    new_site.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
