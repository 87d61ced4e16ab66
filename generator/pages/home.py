"""Home page: what the site is, the plans with headline figures, a commune finder, last update."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.model import SiteModel
from generator.pages.common import Link, Page, commune_path, district_path, period_text, plan_path, province_path
from generator.tables import Table, headline_table


@dataclass(frozen=True)
class DistrictCommunes:
    district: Link
    province: str
    communes: tuple[Link, ...]


@dataclass(frozen=True)
class HomeContext:
    plan_count: int
    commune_count: int
    agency_count: int
    headline: Table
    plans: tuple[tuple[Link, str], ...]
    districts: tuple[DistrictCommunes, ...]
    last_updated: str
    provinces: tuple[tuple[str, Link, str], ...] = ()  # (slug, link, counts) on a large site, in place of the rest


# Above this many districts the home page lists provinces, each with its counts, instead of every district's
# communes, every plan and the table of every plan's funds: at national scale (691 districts, 3.455 plans)
# those made a 6,6 MB page, 264 KB gzipped, for the page every reader opens first.
HOME_DISTRICT_LIMIT = 70


def home_page(model: SiteModel, last_updated: str, headline: Table | None = None) -> Page:
    table = headline if headline is not None else headline_table(model)
    if len(model.districts) > HOME_DISTRICT_LIMIT:
        return _province_home(model, last_updated, table)
    frame = table.frame.assign(plan_path=table.frame["plan_id"].map(plan_path)) if not table.frame.empty else table.frame
    districts = tuple(
        DistrictCommunes(
            Link(f"Huyện {d.name}", district_path(d.id)), d.province,
            tuple(Link(f"{'TT.' if c.type == 'thị trấn' else 'Xã'} {c.name}", commune_path(d.id, c.id))
                  for c in model.kb.district_communes(d.id)),
        )
        for d in model.districts.values()
    )
    context = HomeContext(
        plan_count=len(model.plans), commune_count=len(model.communes), agency_count=len(model.agencies),
        headline=replace(table, frame=frame, link_columns=(("Kế hoạch", "plan_path"),), download="theo-nguon"),
        plans=tuple((Link(p.title, plan_path(p.id)), f"{p.issuer} · {period_text(p)}") for p in model.plans),
        districts=districts, last_updated=last_updated,
    )
    return _home(context)


def _province_home(model: SiteModel, last_updated: str, table: Table) -> Page:
    """The home page of a large site: every province with its counts, the finder, the statistics."""
    provinces = []
    for key, name in sorted(model.province_names.items()):
        districts = model.provinces[key]
        plans = sum(1 for d in districts for _ in model.district_plans(d))
        communes = sum(len(model.kb.district_communes(d)) for d in districts)
        provinces.append((key, Link(f"Tỉnh {name}", province_path(name)),
                          f"{len(districts)} huyện · {communes} xã, thị trấn · {plans} kế hoạch"))
    context = HomeContext(plan_count=len(model.plans), commune_count=len(model.communes),
                          agency_count=len(model.agencies), headline=table, plans=(), districts=(),
                          last_updated=last_updated, provinces=tuple(provinces))
    return _home(context)


def _home(context: HomeContext) -> Page:
    return Page("index.md", "Kế hoạch phát triển cấp huyện", "home.md.j2", context,
                description="Kế hoạch giảm nghèo, nông thôn mới của các huyện: chỉ tiêu, kinh phí, phân công", kind="home")
