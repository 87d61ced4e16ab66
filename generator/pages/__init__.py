"""Page kinds: each module turns the site model into typed page contexts; this registry lists them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from generator.charts import Chart
from generator.config import SiteConfig
from generator.history import History
from generator.maps import MapFigure
from generator.model import SiteModel
from generator.pages.changes import HistoryBlock, changes_page, history_block, plan_feed
from generator.pages.agency import agency_page
from generator.pages.area import district_page, new_unit_page, province_page
from generator.pages.common import Link, Page, search_split
from generator.pages.commune import commune_page
from generator.pages.compare import compare_pages
from generator.pages.data import data_page, search_page
from generator.pages.glossary import glossary_page
from generator.pages.home import home_page
from generator.pages.overview import funds_overview_pages, targets_overview_pages
from generator.pages.plan import plan_page
from generator.pages.program import program_pages, with_keys
from generator.pages.source import source_link, source_page
from generator.sources import SourceFile
from generator.tables import Table

@dataclass(frozen=True)
class SiteInputs:
    """What page builders read: the model, the rendered charts, the git history, the site's last update."""

    model: SiteModel
    charts: dict[str, dict[str, Chart]]
    history: History
    updated: str
    tables: dict[str, Table]  # site-wide tables from tables.build_tables, built once
    config: SiteConfig
    maps: dict[str, dict[str, MapFigure]] = field(default_factory=dict)  # maps.build_maps: page kind -> key -> map
    sources: dict[str, SourceFile] = field(default_factory=dict)  # kb/sources/ by file name

    def block(self, key: str, feed: Link | None = None) -> HistoryBlock:
        return history_block(self.history, key, self.updated, self.plan_ids, feed)

    @cached_property
    def plan_ids(self) -> frozenset[str]:  # asked once per page (its history block)
        return frozenset(p.id for p in self.model.plans)

    def map(self, kind: str, key: str) -> MapFigure | None:
        return self.maps.get(kind, {}).get(key)


# Each kind yields its pages one at a time: a build renders a page and drops its context before the next is made.
PAGE_KINDS: dict[str, Callable[[SiteInputs], Iterable[Page]]] = {
    "home": lambda s: [home_page(s.model, s.updated, s.tables["tong-hop-kinh-phi"])],
    "plan": lambda s: (plan_page(s.model, p.id, s.charts.get(p.id, {}), s.block(f"plan:{p.id}", plan_feed(p)),
                                 source=source_link(p, s.sources)) for p in s.model.plans),
    "commune": lambda s: (commune_page(s.model, d, k, s.block(f"commune:{d}/{k}")) for (d, k) in sorted(s.model.communes)),
    "agency": lambda s: (agency_page(s.model, d, k, s.block(f"agency:{d}/{k}")) for (d, k) in sorted(s.model.agencies)),
    "program": lambda s: _program_pages(s),
    "district": lambda s: (district_page(s.model, d, s.map("district", d), s.tables["tong-hop-kinh-phi"])
                           for d in s.model.districts),
    "province": lambda s: (province_page(s.model, p, s.map("province", p), s.tables["tong-hop-kinh-phi"])
                           for p in s.model.provinces),
    "new_unit": lambda s: (new_unit_page(s.model, k, s.map("new_unit", k)) for k in s.model.new_units),
    "overview": lambda s: [*targets_overview_pages(s.model, s.tables["chi-tieu"]),
                           *funds_overview_pages(s.model, s.tables["nguon-von"])],
    "search": lambda s: [search_page(s.model)],
    "changes": lambda s: [changes_page(s.history, s.updated, s.plan_ids)],
    "compare": lambda s: compare_pages(s.model),
    "glossary": lambda s: [glossary_page()],
    "source": lambda s: (source_page(p, s.sources[p.source_file]) for p in s.model.plans
                         if p.source_file in s.sources and s.sources[p.source_file].kind != "other"),
}


def _program_pages(inputs: SiteInputs) -> Iterator[Page]:
    targets, funds = with_keys(inputs.tables["chi-tieu"]), with_keys(inputs.tables["nguon-von"])
    return (page for p in inputs.model.programs for page in program_pages(inputs.model, p, targets, funds))


# Listings that repeat the text of other pages (or have none): indexing them would crowd search results.
UNSEARCHED_KINDS = frozenset({"home", "overview", "changes", "data", "search"})
# Fact sheets people print and hand on (issue 9): printed with the site name, the page address and its QR code.
PRINTABLE_KINDS = frozenset({"commune", "plan"})


def build_pages(inputs: SiteInputs, kinds: Collection[str] | None = None) -> list[Page]:
    """Build every page of every registered kind (or of *kinds* only), and the data page that links their tables."""
    return list(iter_pages(inputs, kinds))


def iter_pages(inputs: SiteInputs, kinds: Collection[str] | None = None) -> Iterator[Page]:
    """The pages of build_pages, made one at a time, in the same order."""
    makers = {**PAGE_KINDS, "data": lambda s: [data_page(s.model, s.config)]}
    split = search_split(inputs.model)
    for kind, make in makers.items():
        if kinds is None or kind in kinds:
            for page in make(inputs):
                yield replace(page, printable=page.kind in PRINTABLE_KINDS or page.printable,
                              search_part=page.search_part if split else "",
                              searchable=page.searchable and page.kind not in UNSEARCHED_KINDS)
