"""Shared page types and the URL scheme: one function per entity kind gives its page path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.model import period_text  # noqa: F401  (re-exported for page modules)
from generator.urls import (  # noqa: F401  (re-exported for page modules)
    agency_path, commune_path, district_path, fold, names_file, new_unit_path, plan_path, program_path, province_path)


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, its title, template and typed context."""

    path: str  # path of the Markdown file under docs/, e.g. "xa/phong-tho/dao-san.md"
    title: str
    template: str
    context: Any
    description: str = ""
    kind: str = ""
    search_boost: int = 1  # Pagefind weight of the page's heading (its name), so a commune's own page ranks first
    feeds: tuple[Link, ...] = ()  # Atom feeds announced in the page head (<link rel="alternate">)
    area: str = ""  # `huyện Phong Thổ`: tells same-name pages apart in search results (Phòng Tư pháp of two districts)
    searchable: bool = True  # False for listings that repeat other pages' text, and for a source document's full text
    search_part: str = ""  # the province (slug) whose search index and name list hold the page; "" for the whole site
    printable: bool = False  # True: printed with the site name, the page's address and QR code, the date

    @property
    def names_file(self) -> str:
        """The name index the page's search box suggests from: its province's, else the whole site's."""
        return names_file(self.search_part)

    @property
    def search_title(self) -> str:
        """The title search results show: `Phòng Tư pháp — huyện Phong Thổ`, unless the title names its area."""
        return f"{self.title} — {self.area}" if self.area and self.area.split(" ", 1)[-1] not in self.title else self.title


@dataclass(frozen=True)
class Link:
    """A link to another page, with its text."""

    text: str
    path: str


@dataclass(frozen=True)
class DutyLine:
    """One duty as a reader sees it: role, task, where it is printed, and why it concerns this page."""

    role: str
    role_key: str
    task: str
    plan: Link
    section: str
    period: str
    via: str  # "" for the agency's own duty, else e.g. "giao cho: Các cơ quan phụ trách xã"
    partners: tuple[Link, ...]
    unreviewed: bool = False  # a draft published with build --allow-draft


def page_tables(page: Page) -> list[Any]:
    """Return every Table a page shows (each gets CSV and JSON downloads)."""
    from generator.tables import Table

    def walk(value: object) -> list[Table]:
        if isinstance(value, Table):
            return [value]
        if isinstance(value, tuple):
            return [t for v in value for t in walk(v)]
        if hasattr(value, "table") and isinstance(getattr(value, "table"), Table):
            return [getattr(value, "table")]
        return []

    return [t for value in vars(page.context).values() for t in walk(value)]


# Above this many communes, agencies, plans and new units, each province has its own search index and name
# index (Page.search_part) and a reader searches one province: the whole country in one index was 3,6 MB per
# query (3,2 MB of names, 0,2 MB of Pagefind's page list; budget 300 KB, bench/search.py). Below it one index
# serves the whole site, and a reader need not pick a province.
SEARCH_SPLIT_NAMES = 1000


def search_split(model: Any) -> bool:
    """True when the site is large enough for one search index per province (SEARCH_SPLIT_NAMES)."""
    counts = model.counts
    return counts.communes + counts.agencies + counts.plans + counts.new_units > SEARCH_SPLIT_NAMES


def district_text(district: Any) -> str:
    """`huyện Phong Thổ`: the district as search results and titles qualify same-name pages."""
    return f"{district.type} {district.name}"
