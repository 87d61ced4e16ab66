"""Incremental builds (build cache): the same bytes as a full build, with only changed pages rendered again."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from generator import incremental
from generator.build import build_site
from generator.publish import Settings
from tests.conftest import MINI_KB, ROOT, SOURCE_DATE_EPOCH


def _build(kb: Path, out: Path, cache: Path | None, root: Path = ROOT) -> Path:
    return build_site(Settings(root=root, kb_dir=kb, out_dir=out, source_date_epoch=SOURCE_DATE_EPOCH, cache_dir=cache))


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same(a: Path, b: Path) -> None:
    first, second = _files(a), _files(b)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def _published(caplog: pytest.LogCaptureFixture) -> str:
    return next(r.getMessage() for r in reversed(caplog.records) if r.getMessage().startswith("changed  "))


@pytest.mark.parametrize("shard_min_pages", [incremental.SHARD_MIN_PAGES, 1], ids=["one-mkdocs", "two-mkdocs"])
def test_incremental_build_equals_full_build(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             monkeypatch: pytest.MonkeyPatch, shard_min_pages: int) -> None:
    """Also with two mkdocs processes sharing the pages and the downloads (a large site's builds)."""
    monkeypatch.setattr(incremental, "SHARD_MIN_PAGES", shard_min_pages)
    caplog.set_level(logging.INFO, logger="generator")
    kb = tmp_path / "kb"
    shutil.copytree(MINI_KB, kb)
    cache = tmp_path / "cache"
    _build(kb, tmp_path / "full", None)
    site = _build(kb, tmp_path / "site", cache)
    assert "(full build)" in _published(caplog)
    _assert_same(tmp_path / "full", site)  # search index and downloads included
    published = (site / "ke-hoach" / "mini-2024" / "index.html").read_bytes()

    funds = kb / "plans" / "mini-2024" / "funds.yaml"
    funds.write_text(funds.read_text(encoding="utf-8").replace("amount: '4.000'", "amount: '4.500'"), encoding="utf-8")
    _build(kb, tmp_path / "site", cache)
    changed, total = (int(w) for w in _published(caplog).split()[1:4:2])
    assert 0 < changed < total / 2 and "(full build)" not in _published(caplog)
    _build(kb, tmp_path / "full-2", None)
    _assert_same(tmp_path / "full-2", tmp_path / "site")
    assert (tmp_path / "site" / "ke-hoach" / "mini-2024" / "index.html").read_bytes() != published


def test_a_changed_template_rebuilds_everything(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="generator")
    root = tmp_path / "root"
    root.mkdir()
    for name in ("mkdocs.yml", "site_templates", "generator"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    cache = tmp_path / "cache"
    _build(MINI_KB, tmp_path / "site", cache, root)
    _build(MINI_KB, tmp_path / "site", cache, root)
    assert _published(caplog).startswith("changed    0 of")
    main = root / "site_templates" / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("Dữ liệu từ văn bản", "Số liệu từ văn bản"), encoding="utf-8")
    _build(MINI_KB, tmp_path / "site", cache, root)
    assert "(full build)" in _published(caplog)
    assert "Số liệu từ văn bản" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_the_stylesheet_tokens_mkdocs_notes_are_those_of_the_pages_it_wrote(tmp_path: Path) -> None:
    from generator.csstrim import page_tokens, theme_relevance
    from generator.incremental import TOKENS, work_folder

    site = _build(MINI_KB, tmp_path / "site", tmp_path / "cache")
    noted = {}
    for part in work_folder(site).glob(f"{TOKENS}-*.json"):
        noted.update(json.loads(part.read_text(encoding="utf-8")))
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert set(pages) <= set(noted)  # every page: the trim read none of them again
    for rel in pages:
        assert noted[rel] == sorted(page_tokens((site / rel).read_text(encoding="utf-8"), theme_relevance())), rel
