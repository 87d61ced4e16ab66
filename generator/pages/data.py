"""Open-data page (downloads, findings) and the search page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.config import SiteConfig
from generator.datasets import DATASETS, Dataset
from generator.errors import Issue
from generator.model import SiteModel
from generator.urls import NAMES_FILE, names_file, search_index_dir
from generator.pages.common import Link, Page, plan_path, search_split


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
    names_file: str  # the whole site's name index for typo-tolerant matches (generator/names.py)
    index_dir: str  # the search index of the pages of no province (its runtime is the one the page loads)
    part_index_dir: str  # a province's search index, `{tinh}` standing for its slug
    part_names_file: str  # a province's name index, likewise
    provinces: tuple[tuple[str, str], ...]  # (slug, name): the scopes a reader picks, each with its own index


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


PART = "{tinh}"  # stands for a province's slug in the search page's address patterns (site.js fills it in)


def search_page(model: SiteModel) -> Page:
    examples = tuple(c.name for c in list(model.communes.values())[:3])
    provinces = tuple(sorted(model.province_names.items())) if search_split(model) else ()  # by slug: a–z
    context = SearchContext(examples, NAMES_FILE, search_index_dir(""), search_index_dir(PART), names_file(PART), provinces)
    return Page("tim-kiem.md", "Tìm kiếm", "search.md.j2", context, kind="search",
                description="Tìm xã, cơ quan, kế hoạch, chỉ tiêu; gõ có dấu hoặc không dấu")
