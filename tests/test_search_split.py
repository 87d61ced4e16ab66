"""Search split by province (issue 11): each province has its own search index and name index, a reader searches
one province, and a rebuild indexes again only the provinces whose pages changed.

The shipped KB (two provinces) is below the size at which the site splits (pages.common.SEARCH_SPLIT_NAMES)
and its home page lists provinces instead of every district (pages.home.HOME_DISTRICT_LIMIT): here it is built
with both forced, as a national KB is built."""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from generator.build import build_site
from generator.publish import Settings
from tests.browser import serve_dir
from tests.conftest import ROOT, SOURCE_DATE_EPOCH
from tests.test_browser import _open, chromium  # noqa: F401  (module fixture: one headless Chromium)


def _build(kb: Path, out: Path, cache: Path | None = None) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.pages.common.SEARCH_SPLIT_NAMES", 0)
        patch.setattr("generator.pages.home.HOME_DISTRICT_LIMIT", 1)
        return build_site(Settings(root=ROOT, kb_dir=kb, out_dir=out, source_date_epoch=SOURCE_DATE_EPOCH,
                                   cache_dir=cache))


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(ROOT / "kb", tmp_path_factory.mktemp("split") / "site")


@pytest.fixture(scope="module")
def split_url(split_site: Path) -> Iterator[str]:
    with serve_dir(split_site) as base:
        yield base


def _names(site: Path, path: str) -> dict[str, list]:
    return {entry[2]: entry for entry in json.loads(gzip.decompress((site / path).read_bytes()))["names"]}


def test_each_province_has_its_own_search_index_and_names(split_site: Path) -> None:
    search = split_site / "pagefind"
    assert sorted(p.name for p in search.iterdir()) == ["ca-nuoc", "lai-chau", "lang-son"]
    for part in ("ca-nuoc", "lai-chau", "lang-son"):  # each with its runtime, none with Pagefind's ready-made UI
        assert sorted(p.name for p in (search / part).glob("*.js")) == ["pagefind.js"]
        assert (search / part / "pagefind-entry.json").exists() and list((search / part).glob("wasm.*"))
    lai_chau, lang_son = _names(split_site, "tim-kiem/ten/lai-chau.json.gz"), _names(split_site, "tim-kiem/ten/lang-son.json.gz")
    whole = _names(split_site, "tim-kiem/ten.json.gz")
    assert "xa/phong-tho/dao-san/" in lai_chau and "xa/phong-tho/dao-san/" not in lang_son
    assert "huyen/van-quan/" in lang_son and "co-quan/phong-tho/phong-tu-phap/" in lai_chau
    # Where a reader without a province starts: provinces, districts and the pages of no province, no commune.
    assert {"tinh/lai-chau/", "tinh/lang-son/", "huyen/phong-tho/", "huyen/van-quan/", "chi-tieu/"} <= set(whole)
    assert not [url for url in whole if url.startswith(("xa/", "co-quan/", "ke-hoach/"))]
    assert "chuong-trinh/gnbv/" in whole and "chuong-trinh/gnbv/" in lai_chau  # no province: in every file
    commune = (split_site / "xa/phong-tho/dao-san/index.html").read_text(encoding="utf-8")
    assert 'data-names="../../../tim-kiem/ten/lai-chau.json.gz"' in commune
    assert '<input type="hidden" name="tinh" value="lai-chau">' in commune


@pytest.mark.parametrize("width", [390, 1280])
def test_a_citizen_searches_from_a_commune_page_within_its_province(chromium, split_url: str,  # noqa: F811
                                                                    width: int) -> None:
    page, outside = _open(chromium, split_url + "xa/phong-tho/dao-san/", width)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.fill("#kb-header-q", "tung qua linh")  # one letter too many
    first = page.locator(".kb-suggest a").first
    first.wait_for()
    assert first.text_content() == "Xã Tung Qua Lìn — huyện Phong Thổ"
    assert [url for url in fetched if "/tim-kiem/ten" in url] == [split_url + "tim-kiem/ten/lai-chau.json.gz"]
    page.press("#kb-header-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=tung+qua+linh&tinh=lai-chau")
    assert page.locator("#kb-search-tinh").evaluate("s => s.options[s.selectedIndex].text") == "Tỉnh Lai Châu"
    page.locator(".kb-search-results li").first.wait_for()
    results = page.locator(".kb-search-results li > a").all_text_contents()
    assert "Xã Tung Qua Lìn — huyện Phong Thổ" in results[:3]
    searched = [urlparse(url).path for url in fetched if "/pagefind/" in url]
    assert searched and all(p.startswith("/pagefind/lai-chau/") for p in searched), searched  # that province only
    assert any(p.startswith("/pagefind/lai-chau/index/") for p in searched)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0 and outside == []


@pytest.mark.parametrize("width", [390, 1280])
def test_a_citizen_finds_a_commune_from_the_home_page_of_a_large_site(chromium, split_url: str,  # noqa: F811
                                                                      width: int) -> None:
    page, outside = _open(chromium, split_url, width)
    provinces = page.locator(".kb-province-list li")
    assert provinces.count() == 2 and page.locator(".kb-commune-list").count() == 0
    assert provinces.first.locator("a").text_content() == "Tỉnh Lai Châu"
    assert "huyện" in provinces.first.text_content() and "kế hoạch" in provinces.first.text_content()
    page.select_option("#kb-finder-tinh", "lai-chau")
    page.fill("#kb-finder-q", "dao san")
    page.press("#kb-finder-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=dao+san&tinh=lai-chau")
    first = page.locator(".kb-search-names a").first
    first.wait_for()
    assert first.text_content() == "Xã Dào San — huyện Phong Thổ"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    first.click()
    page.wait_for_url("**/xa/phong-tho/dao-san/")
    page.close()
    assert overflow <= 0 and outside == []


def test_a_reader_without_a_province_is_asked_to_pick_one(chromium, split_url: str) -> None:  # noqa: F811
    page, outside = _open(chromium, split_url + "tim-kiem/?q=dao+san", 390)
    status = page.locator(".kb-search-status")
    page.wait_for_function("document.querySelector('.kb-search-status').textContent.includes('Chọn một tỉnh')")
    assert page.locator(".kb-search-results li").count() == 0 or not any(
        "Dào San" in t for t in page.locator(".kb-search-results li > a").all_text_contents())
    page.select_option("#kb-search-tinh", "lai-chau")
    page.wait_for_function("document.querySelector('.kb-search-status').textContent.includes('kết quả toàn văn')")
    assert "Chọn một tỉnh" not in status.text_content()
    assert parse_qs(urlparse(page.url).query) == {"q": ["dao san"], "tinh": ["lai-chau"]}
    names = page.locator(".kb-search-names a").all_text_contents()
    assert names and names[0] == "Xã Dào San — huyện Phong Thổ"
    assert "Xã Dào San — huyện Phong Thổ" in page.locator(".kb-search-results li > a").all_text_contents()[:3]
    page.close()
    assert outside == []


def test_a_rebuild_indexes_again_only_the_changed_province(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="generator")
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb)
    cache = tmp_path / "cache"
    _build(kb, tmp_path / "site", cache)
    untouched = (tmp_path / "site" / "pagefind" / "lai-chau" / "pagefind-entry.json").stat().st_ino
    funds = kb / "plans" / "van-quan-2025" / "funds.yaml"
    funds.write_text(funds.read_text(encoding="utf-8").replace("amount: '9.000'", "amount: '9.500'", 1), encoding="utf-8")
    _build(kb, tmp_path / "site", cache)
    searched = next(r.getMessage() for r in reversed(caplog.records) if r.getMessage().startswith("search "))
    assert searched.split()[1:4] == ["2", "of", "3"], searched  # Lạng Sơn and the pages of no province
    assert (tmp_path / "site" / "pagefind" / "lai-chau" / "pagefind-entry.json").stat().st_ino == untouched
    full = _build(kb, tmp_path / "full")
    files = {p.relative_to(full).as_posix(): p.read_bytes() for p in sorted(full.rglob("*")) if p.is_file()}
    again = {p.relative_to(tmp_path / "site").as_posix(): p.read_bytes()
             for p in sorted((tmp_path / "site").rglob("*")) if p.is_file()}
    assert sorted(files) == sorted(again)
    assert [name for name in files if files[name] != again[name]] == []
