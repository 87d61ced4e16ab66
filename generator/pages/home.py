"""Home page: what the site is, the plans with headline figures, a commune finder, last update."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.model import SiteModel
from generator.pages.common import Link, Page, commune_path, district_path, period_text, plan_path
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


def home_page(model: SiteModel, last_updated: str, headline: Table | None = None) -> Page:
    table = headline if headline is not None else headline_table(model)
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
    return Page("index.md", "Kế hoạch phát triển cấp huyện", "home.md.j2", context,
                description="Kế hoạch giảm nghèo, nông thôn mới của các huyện: chỉ tiêu, kinh phí, phân công", kind="home")
