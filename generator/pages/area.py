"""District, province and post-2025 unit pages: the communes, plans and money of an area."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.admin_units import slug
from generator.maps import MapFigure
from generator.model import NewUnit, SiteModel
from generator.pages.compare import compare_link, compare_province
from generator.pages.common import (Link, Page, agency_path, commune_path, district_path, new_unit_path, plan_path,
                                    province_path)
from generator.schema import District
from generator.tables import Table, headline_table


@dataclass(frozen=True)
class DistrictContext:
    district: District
    province: Link
    communes: tuple[tuple[Link, str, tuple[Link, ...]], ...]  # commune, code, successors
    plans: tuple[Link, ...]
    agencies: tuple[Link, ...]
    totals: Table
    map: MapFigure | None
    compare: Link


@dataclass(frozen=True)
class ProvinceContext:
    name: str
    districts: tuple[Link, ...]
    plans: tuple[Link, ...]
    new_units: tuple[Link, ...]
    totals: Table
    map: MapFigure | None
    compare: Link


@dataclass(frozen=True)
class NewUnitContext:
    unit: NewUnit
    province: Link
    predecessors: tuple[tuple[Link, Link], ...]  # old commune, its old district
    map: MapFigure | None


def _totals(model: SiteModel, plan_ids: set[str], name: str, download: str, headline: Table | None) -> Table:
    table = headline if headline is not None else headline_table(model)
    frame = table.frame[table.frame["plan_id"].isin(plan_ids)].reset_index(drop=True) if not table.frame.empty else table.frame
    if not frame.empty:
        frame = frame.assign(plan_path=frame["plan_id"].map(plan_path))
    return replace(table, name=name, frame=frame, link_columns=(("Kế hoạch", "plan_path"),), download=download)


def district_page(model: SiteModel, district_id: str, figure: MapFigure | None = None,
                  headline: Table | None = None) -> Page:
    """*headline*: the site-wide `headline_table`, when the caller built it once for every page."""
    district = model.districts[district_id]
    communes = tuple(
        (Link(f"{'Thị trấn' if c.type == 'thị trấn' else 'Xã'} {c.name}", commune_path(district_id, c.id)), c.code,
         tuple(Link(s.name, new_unit_path(f"{slug(s.province)}-{slug(s.name)}")) for s in c.successors))
        for c in model.kb.district_communes(district_id)
    )
    plans = list(model.district_plans(district_id))
    context = DistrictContext(
        district=district, province=Link(f"Tỉnh {district.province}", province_path(district.province)),
        communes=communes, plans=tuple(Link(p.title, plan_path(p.id)) for p in plans),
        agencies=tuple(Link(a.name, agency_path(district_id, a.id)) for a in model.kb.district_agencies(district_id)),
        totals=_totals(model, {p.id for p in plans}, f"huyen-{district_id}-kinh-phi", f"huyen/{district_id}/theo-nguon",
                       headline),
        map=figure,
        compare=compare_link(f"So sánh huyện {district.name} với các huyện khác", districts=(district_id,),
                             province=compare_province(model, district_id)),
    )
    return Page(district_path(district_id), f"Huyện {district.name}", "district.md.j2", context,
                description=f"Huyện {district.name}, tỉnh {district.province}: xã, kế hoạch, cơ quan, kinh phí",
                kind="district", search_boost=5, area=f"tỉnh {district.province}",
                search_part=slug(district.province))


def province_page(model: SiteModel, province_key: str, figure: MapFigure | None = None,
                  headline: Table | None = None) -> Page:
    name = model.province_names[province_key]
    district_ids = model.provinces[province_key]
    plans = [p for p in model.plans if p.district in district_ids]
    context = ProvinceContext(
        name=name, districts=tuple(Link(f"Huyện {model.districts[d].name}", district_path(d)) for d in district_ids),
        plans=tuple(Link(p.title, plan_path(p.id)) for p in plans),
        new_units=tuple(Link(u.name, new_unit_path(u.key)) for u in model.new_units.values() if slug(u.province) == province_key),
        totals=_totals(model, {p.id for p in plans}, f"tinh-{province_key}-kinh-phi", "theo-nguon", headline), map=figure,
        compare=compare_link(f"So sánh các huyện của tỉnh {name}", province=name),
    )
    return Page(province_path(name), f"Tỉnh {name}", "province.md.j2", context,
                description=f"Tỉnh {name}: các huyện, kế hoạch và kinh phí", kind="province", search_boost=3,
                search_part=province_key)


def new_unit_page(model: SiteModel, key: str, figure: MapFigure | None = None) -> Page:
    unit = model.new_units[key]
    predecessors = tuple(
        (Link(f"{model.communes[p].type.capitalize()} {model.communes[p].name}", commune_path(*p)),
         Link(f"Huyện {model.districts[p[0]].name}", district_path(p[0])))
        for p in unit.predecessors
    )
    context = NewUnitContext(unit, Link(f"Tỉnh {unit.province}", province_path(unit.province)), predecessors, figure)
    return Page(new_unit_path(key), f"{unit.name} (từ 1/7/2025)", "new_unit.md.j2", context,
                description=f"{unit.name}, tỉnh {unit.province}: đơn vị hành chính từ 1/7/2025 và các xã cũ hợp thành",
                kind="new_unit", search_boost=6, area=f"tỉnh {unit.province}", search_part=slug(unit.province))
