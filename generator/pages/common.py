"""Shared page types and the URL scheme: one function per entity kind gives its page path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.urls import (  # noqa: F401  (re-exported for page modules)
    agency_path, commune_path, district_path, fold, new_unit_path, plan_path, program_path, province_path)


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, its title, template and typed context."""

    path: str  # path of the Markdown file under docs/, e.g. "xa/phong-tho/dao-san.md"
    title: str
    template: str
    context: Any
    description: str = ""
    kind: str = ""
    search_boost: int = 1
    feeds: tuple[Link, ...] = ()  # Atom feeds announced in the page head (<link rel="alternate">)


@dataclass(frozen=True)
class Link:
    """A link to another page, with its text."""

    text: str
    path: str


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


def period_text(plan: Any) -> str:
    """`2023–2025`, or just `2024` for an annual plan."""
    return str(plan.period_start) if plan.period_start == plan.period_end else f"{plan.period_start}–{plan.period_end}"
