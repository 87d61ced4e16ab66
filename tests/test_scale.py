"""What keeps pages small as the KB grows: overviews split by district, a sidebar of bounded length."""

from __future__ import annotations

import gzip

import pytest

from generator import build as build_module
from generator.build import navigation
from generator.config import load_site_config
from generator.history import History
from generator.load import load_kb
from generator.model import build_site_model
from generator.pages import SiteInputs, build_pages
from generator.pages import overview
from generator.render import build_environment, render_pages
from generator.tables import build_tables
from generator.validate import validate_kb
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def shipped():
    documents, issues = load_kb(ROOT / "kb", ROOT)
    model = build_site_model(validate_kb(documents, issues))
    return model, build_tables(model)


def _inputs(model, tables) -> SiteInputs:
    from generator.charts import build_charts

    history = History(False, "không có lịch sử git")
    return SiteInputs(model, build_charts(model), history, "01/01/2025", tables, load_site_config(ROOT))


def test_large_overviews_become_an_index_of_district_pages(shipped, monkeypatch: pytest.MonkeyPatch) -> None:
    model, tables = shipped
    monkeypatch.setattr(overview, "OVERVIEW_ROW_LIMIT", 50)
    pages = overview.targets_overview_pages(model, tables["chi-tieu"])
    index, districts = pages[0], pages[1:]
    assert index.path == "chi-tieu.md" and index.template == "overview_index.md.j2"
    assert sorted(p.path for p in districts) == ["chi-tieu/phong-tho.md", "chi-tieu/tam-duong.md", "chi-tieu/van-quan.md"]
    rows = sorted(i for p in districts for i in p.context.table.frame["plan_id"] + "/" + p.context.table.frame["id"])
    assert rows == sorted(tables["chi-tieu"].frame["plan_id"] + "/" + tables["chi-tieu"].frame["id"])  # each row once
    rendered = render_pages(pages, build_environment(ROOT / "site_templates"))
    assert "Tỉnh Lai Châu" in rendered["chi-tieu.md"] and 'href="phong-tho/"' in rendered["chi-tieu.md"]
    assert all(len(gzip.compress(text.encode())) < 200_000 for text in rendered.values())


def test_sidebar_never_lists_more_than_the_limit(shipped, monkeypatch: pytest.MonkeyPatch) -> None:
    model, tables = shipped
    pages = build_pages(_inputs(model, tables))
    full = navigation(model, pages)
    assert any("Kế hoạch" in section for section in full)  # four plans: listed
    monkeypatch.setattr(build_module, "NAV_LIMIT", 3)
    capped = navigation(model, pages)
    assert not any("Kế hoạch" in section for section in capped)
    areas = next(section["Địa bàn"] for section in capped if "Địa bàn" in section)
    assert areas == [p.path for p in pages if p.kind == "province"]
