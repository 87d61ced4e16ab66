"""Page kinds: each module turns the site model into typed page contexts; this registry lists them."""

from __future__ import annotations

from collections.abc import Callable

from generator.charts import Chart
from generator.model import SiteModel
from generator.pages.agency import agency_page
from generator.pages.area import district_page, new_unit_page, province_page
from generator.pages.common import Page, page_tables
from generator.pages.commune import commune_page
from generator.pages.data import data_page, search_page
from generator.pages.home import home_page
from generator.pages.overview import funds_overview_page, targets_overview_page
from generator.pages.plan import plan_page
from generator.pages.program import program_page

PageBuilder = Callable[[SiteModel, dict[str, dict[str, Chart]], str], list[Page]]

PAGE_KINDS: dict[str, PageBuilder] = {
    "home": lambda m, c, updated: [home_page(m, updated)],
    "plan": lambda m, c, _: [plan_page(m, p.id, c.get(p.id, {})) for p in m.plans],
    "commune": lambda m, c, _: [commune_page(m, d, k) for (d, k) in sorted(m.communes)],
    "agency": lambda m, c, _: [agency_page(m, d, k) for (d, k) in sorted(m.agencies)],
    "program": lambda m, c, _: [program_page(m, p) for p in m.programs],
    "district": lambda m, c, _: [district_page(m, d) for d in m.districts],
    "province": lambda m, c, _: [province_page(m, p) for p in m.provinces],
    "new_unit": lambda m, c, _: [new_unit_page(m, k) for k in m.new_units],
    "overview": lambda m, c, _: [targets_overview_page(m), funds_overview_page(m)],
    "search": lambda m, c, _: [search_page(m)],
}


def build_pages(model: SiteModel, charts: dict[str, dict[str, Chart]], last_updated: str) -> list[Page]:
    """Build every page of every registered kind, then the data page that links their tables."""
    pages = [page for make in PAGE_KINDS.values() for page in make(model, charts, last_updated)]
    return pages + [data_page(model, _table_titles(pages))]


def _table_titles(pages: list[Page]) -> dict[str, str]:
    return {table.name: f"{table.title} — {page.title}" for page in pages for table in page_tables(page)}
