"""Source document page: a plan's original text with numbered lines, and the link a plan page shows to it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.pages.common import Link, Page, plan_path
from generator.schema import Plan
from generator.sources import SourceFile, published_path


@dataclass(frozen=True)
class SourceLink:
    """What a plan page says about its source: the page of lines, the file, its kind and size; or why not."""

    title: str
    page: str | None  # the page of numbered lines (None for a file the site cannot show as lines)
    file: str | None  # the published file
    kind_text: str
    size_text: str
    absent_reason: str = ""


@dataclass(frozen=True)
class SourceContext:
    plan: Link
    file: str
    kind_text: str
    size_text: str
    lines: tuple[tuple[int, str], ...]
    consecutive: bool  # lines are 1, 2, 3…: the list numbers them itself


def source_path(plan_id: str) -> str:
    return f"van-ban-goc/{plan_id}.md"


def source_link(plan: Plan, sources: dict[str, SourceFile]) -> SourceLink | None:
    """The plan's source as its page shows it, or None when the site has no kb/sources/ to publish from."""
    source = sources.get(plan.source_file)
    if source is None:
        return SourceLink(plan.title, None, None, "", "", plan.source_absent_reason) if plan.source_absent_reason else None
    page = source_path(plan.id) if source.kind != "other" else None
    return SourceLink(plan.title, page, published_path(plan.id, source), source.kind_text, source.size_text)


def source_page(plan: Plan, source: SourceFile) -> Page:
    context = SourceContext(Link(plan.title, plan_path(plan.id)), published_path(plan.id, source), source.kind_text,
                            source.size_text, source.lines, source.consecutive)
    return Page(source_path(plan.id), f"Văn bản gốc: {plan.title}", "source.md.j2", context, kind="source",
                description=f"Toàn văn {plan.title} ({plan.issuer}), đánh số dòng để đối chiếu", searchable=False)
