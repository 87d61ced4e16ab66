"""What keeps pages small as the KB grows: overviews split by district, a sidebar of bounded length."""

from __future__ import annotations

import gzip
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import navigation
from generator.config import load_site_config
from generator.history import History
from generator.load import load_kb
from generator.model import build_site_model
from generator.pages import SiteInputs, build_pages, iter_pages
from generator.pages import overview
from generator.render import build_environment, render_pages
from generator.schema import FundLine, Target
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


def test_large_program_pages_split_by_province_then_district(shipped, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pages import program

    model, tables = shipped
    targets, funds = program.with_keys(tables["chi-tieu"]), program.with_keys(tables["nguon-von"])
    whole = program.program_pages(model, "gnbv", targets, funds)
    assert len(whole) == 1  # small KB: one page with every row, its projects' included
    rows = [e for e in model.by_program["gnbv"] if isinstance(e.item, (Target, FundLine))]
    assert len(whole[0].context.targets.frame) + len(whole[0].context.funds.frame) == len(rows)
    # Split, a program with projects keeps the rows given to itself (its projects' are on their own pages).
    own = {f"{e.plan_id}/{e.item.id}" for e in model.by_program["gnbv"] if e.item.program == "gnbv"}
    frames = tuple(f[(f["plan_id"] + "/" + f["id"]).isin(own)]
                   for f in (whole[0].context.targets.frame, whole[0].context.funds.frame))
    in_lai_chau = sum(int(f["plan_id"].map(lambda p: model.plan(p).district in ("phong-tho", "tam-duong")).sum()) for f in frames)
    in_lang_son = sum(len(f) for f in frames) - in_lai_chau
    assert in_lai_chau and in_lang_son
    monkeypatch.setattr(program, "OVERVIEW_ROW_LIMIT", max(in_lai_chau, in_lang_son))  # each province fits
    by_province = program.program_pages(model, "gnbv", targets, funds)
    assert [p.path for p in by_province[1:]] == ["chuong-trinh/gnbv/tinh-lai-chau.md",
                                                  "chuong-trinh/gnbv/tinh-lang-son.md"]
    monkeypatch.setattr(program, "OVERVIEW_ROW_LIMIT", min(in_lai_chau, in_lang_son) - 1)  # neither fits
    pages = program.program_pages(model, "gnbv", targets, funds)
    index, parts = pages[0], pages[1:]
    assert index.path == "chuong-trinh/gnbv.md" and not len(index.context.targets.frame)
    assert [p.path for p in parts] == ["chuong-trinh/gnbv/phong-tho.md", "chuong-trinh/gnbv/tam-duong.md",
                                       "chuong-trinh/gnbv/van-quan.md"]
    # Named in its province's search names, not in every province's (a large site: generator/names.py).
    assert [p.search_part for p in parts] == ["lai-chau", "lai-chau", "lang-son"] and index.search_part == ""
    for name in ("targets", "funds"):
        split = sorted(k for p in parts for k in getattr(p.context, name).frame["id"] + "@" + getattr(p.context, name).frame["plan_id"])
        full = getattr(whole[0].context, name).frame
        full = full[(full["plan_id"] + "/" + full["id"]).isin(own)]
        assert split == sorted(full["id"] + "@" + full["plan_id"])  # each own row on exactly one page
    rendered = render_pages(pages, build_environment(ROOT / "site_templates"))
    assert '<a href="phong-tho/">Huyện Phong Thổ</a>' in rendered["chuong-trinh/gnbv.md"] and "Tỉnh Lạng Sơn" in rendered["chuong-trinh/gnbv.md"]
    assert "<table" not in rendered["chuong-trinh/gnbv.md"] and "<table" in rendered["chuong-trinh/gnbv/van-quan.md"]
    assert '<dt>Mọi địa bàn</dt><dd><a href="../">' in rendered["chuong-trinh/gnbv/phong-tho.md"]  # back to the whole program
    assert "ghi cho chính mục này" in rendered["chuong-trinh/gnbv.md"]
    assert "ở trang của dự án, tiểu dự án đó" in rendered["chuong-trinh/gnbv/van-quan.md"]
    plans_in_van_quan = len(pages[3].context.plans)
    assert f'<a href="van-quan/">Huyện Văn Quan</a> ({plans_in_van_quan} kế hoạch · ' in rendered["chuong-trinh/gnbv.md"]
    assert all(len(gzip.compress(text.encode())) < 200_000 for text in rendered.values())


def test_split_program_pages_show_each_row_once_on_its_own_program_s_pages(shipped, monkeypatch) -> None:
    from generator.pages import program

    model, tables = shipped
    targets, funds = program.with_keys(tables["chi-tieu"]), program.with_keys(tables["nguon-von"])
    monkeypatch.setattr(program, "OVERVIEW_ROW_LIMIT", 5)  # every program of more than five rows is split
    shown: dict[str, list[str]] = {}
    for program_id in model.by_program:
        for page in program.program_pages(model, program_id, targets, funds):
            for frame in (page.context.targets.frame, page.context.funds.frame):
                for key in frame["plan_id"] + "/" + frame["id"]:
                    shown.setdefault(key, []).append(page.path)
    items = {f"{e.plan_id}/{e.item.id}": e.item.program for entries in model.by_program.values() for e in entries
             if isinstance(e.item, (Target, FundLine))}
    assert shown.keys() == items.keys()
    for key, program_id in items.items():
        # once on its own program's pages, again only on a small (unsplit) ancestor's page
        own = [p for p in shown[key] if p.startswith(f"chuong-trinh/{program_id}/") or p == f"chuong-trinh/{program_id}.md"]
        assert len(own) == 1, (key, shown[key])
        for path in shown[key]:
            ancestor = path.removeprefix("chuong-trinh/").removesuffix(".md")
            assert ancestor == path.split("/")[1].removesuffix(".md") or path in own  # an unsplit page, or its own


def test_site_wide_comparison_becomes_a_list_of_provinces_past_the_limit(shipped, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pages import compare

    model, _ = shipped
    assert compare.compare_pages(model)[0].template == "compare.md.j2"  # four plans: side by side
    monkeypatch.setattr(compare, "COMPARE_PLAN_LIMIT", len(model.plans) - 1)
    pages = compare.compare_pages(model)
    index = pages[0]
    assert index.path == "so-sanh.md" and index.template == "compare_index.md.j2"
    assert [p.path for p in pages[1:]] == ["so-sanh/lai-chau.md", "so-sanh/lang-son.md"]  # provinces keep theirs
    rendered = render_pages(pages, build_environment(ROOT / "site_templates"))["so-sanh.md"]
    assert '<a href="lai-chau/">Tỉnh Lai Châu</a> (3 kế hoạch)' in rendered
    assert '<a href="lang-son/">Tỉnh Lạng Sơn</a> (1 kế hoạch)' in rendered
    assert "<table" not in rendered and f"có {len(model.plans)} kế hoạch" in rendered


def test_plans_and_districts_link_to_their_provinces_comparison_past_the_limit(shipped, monkeypatch) -> None:
    from generator.pages import compare

    model, tables = shipped
    monkeypatch.setattr(compare, "COMPARE_PLAN_LIMIT", len(model.plans) - 1)
    pages = {p.path: p for p in build_pages(_inputs(model, tables))}
    assert pages["ke-hoach/van-quan-2025.md"].context.compare.path == "so-sanh/lang-son.md?ke-hoach=van-quan-2025"
    assert pages["huyen/phong-tho.md"].context.compare.path == "so-sanh/lai-chau.md?huyen=phong-tho"
    assert pages["so-sanh/lai-chau.md"].template == "compare.md.j2"  # where the selection is made


DISTRICT_KINDS = ("plan", "commune", "agency", "district", "new_unit", "overview")


def _district_pages(model, kinds, district: str) -> dict[str, str]:
    """The rendered pages of one district's plans, communes and agencies, its own page, its pages of the target and
    fund overviews and the pages of the new units its communes joined, with the maps and charts a build gives them."""
    from generator.maps import build_maps, places_for

    inputs = replace(_inputs(model, build_tables(model)), maps=build_maps(model, places_for(model)))
    plans = {p.id for p in model.plans if p.district == district}
    mine = (f"xa/{district}/", f"co-quan/{district}/", f"huyen/{district}.md", "don-vi-moi/", f"chi-tieu/{district}.md",
            f"nguon-von/{district}.md", *(f"ke-hoach/{plan}.md" for plan in plans))
    pages = [page for page in iter_pages(inputs, kinds) if page.path.startswith(mine)]
    return render_pages(pages, build_environment(ROOT / "site_templates"))


def test_a_districts_pages_built_from_its_part_of_the_kb_alone_are_the_whole_sites(shipped, tmp_path, monkeypatch) -> None:
    """District parts (docs/scale.md): a district's plan, commune, agency, district and overview pages read only its
    own plans and registries and the global registries. Modelled from that part of the KB alone and given the whole
    site's counts, they are the whole site's pages byte for byte, here with the site split by province (search
    indexes, comparisons) and the overviews by district, as at national scale; without the whole site's counts
    they are not."""
    from generator.pages import common, compare

    model, _ = shipped
    district = "phong-tho"
    part = tmp_path / "kb"
    shutil.copytree(ROOT / "kb" / "registry", part / "registry",
                    ignore=lambda folder, names: [n for n in names if Path(folder).name in ("communes", "agencies")
                                                  and n != f"{district}.yaml"])
    for plan in (p.id for p in model.plans if p.district == district):
        shutil.copytree(ROOT / "kb" / "plans" / plan, part / "plans" / plan)
    documents, issues = load_kb(part, tmp_path)
    part_kb = validate_kb(documents, issues)
    counts = build_site_model(part_kb).counts
    # The four plans' site has one search index and one comparison per province and its overviews split by
    # district; the part alone would not.
    monkeypatch.setattr(common, "SEARCH_SPLIT_NAMES", counts.plans + counts.communes + counts.agencies + counts.new_units)
    monkeypatch.setattr(compare, "COMPARE_PLAN_LIMIT", counts.plans)
    monkeypatch.setattr(overview, "OVERVIEW_ROW_LIMIT", max(counts.targets, counts.fund_lines))
    assert min(model.counts.targets, model.counts.fund_lines) > overview.OVERVIEW_ROW_LIMIT
    whole = _district_pages(model, DISTRICT_KINDS, district)
    alone = _district_pages(build_site_model(part_kb, whole=model.counts), DISTRICT_KINDS, district)
    kinds = Counter(path.split("/")[0] for path in alone)
    assert kinds == {"ke-hoach": 2, "xa": 17, "co-quan": 34, "huyen": 1, "don-vi-moi": 6, "chi-tieu": 1, "nguon-von": 1}, kinds
    same = {path for path in alone if alone[path] == whole.get(path)}
    # A new unit whose old communes were in several districts (one here) is a page of their province's part.
    shared = {f"don-vi-moi/{unit.key}.md" for unit in model.new_units.values() if {d for d, _ in unit.predecessors} != {district}}
    assert same == set(alone) - shared and len(shared & set(alone)) == 1, sorted(set(alone) - same - shared)[:5]
    own = _district_pages(build_site_model(part_kb), DISTRICT_KINDS, district)  # the part's own (small) counts
    assert [path for path in same if own.get(path) == whole[path]] == []  # one search index, one comparison, one overview


def test_the_site_counts_are_the_overviews_rows(shipped) -> None:
    """The overviews split by the site's counts of targets and fund lines: they are the rows of their tables."""
    model, tables = shipped
    assert (model.counts.targets, model.counts.fund_lines) == (len(tables["chi-tieu"].frame), len(tables["nguon-von"].frame))
    assert model.counts.targets > 200 and model.counts.fund_lines > 200
