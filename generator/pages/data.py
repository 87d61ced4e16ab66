"""Open-data page (downloads, findings) and the search page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.config import SiteConfig
from generator.datasets import DATASETS, Dataset
from generator.errors import Issue
from generator.model import SiteModel
from generator.urls import NAMES_FILE
from generator.pages.common import Link, Page, plan_path


@dataclass(frozen=True)
class DataContext:
    datasets: tuple[Dataset, ...]
    findings: tuple[tuple[Link, Issue], ...]
    dataset: str  # where the administrative codes come from
    config: SiteConfig
    plans: tuple[Link, ...]


@dataclass(frozen=True)
class SearchContext:
    examples: tuple[str, ...]
    names_file: str  # the name index for typo-tolerant matches (generator/names.py)


def data_page(model: SiteModel, config: SiteConfig) -> Page:
    findings = tuple(
        (Link(model.plan(plan_id).title, plan_path(plan_id)), finding)
        for plan_id, issues in sorted(model.findings.items()) for finding in issues
    )
    sources = sorted({f.source for f in model.kb.communes.values()})
    context = DataContext(DATASETS, findings, ", ".join(sources), config,
                          tuple(Link(p.title, plan_path(p.id)) for p in model.plans))
    return Page("du-lieu.md", "Dữ liệu mở và kiểm tra số liệu", "data.md.j2", context,
                description="Tải toàn bộ dữ liệu (CSV, JSON, Data Package) và danh sách tổng không khớp", kind="data")


def search_page(model: SiteModel) -> Page:
    examples = tuple(c.name for c in list(model.communes.values())[:3])
    return Page("tim-kiem.md", "Tìm kiếm", "search.md.j2", SearchContext(examples, NAMES_FILE), kind="search",
                description="Tìm xã, cơ quan, kế hoạch, chỉ tiêu; gõ có dấu hoặc không dấu")
