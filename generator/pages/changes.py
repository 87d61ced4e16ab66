"""Change history on pages: a per-entity "Lịch sử thay đổi" block and the site-wide changes page by month."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from generator.history import History, HistoryEntry
from generator.pages.common import Link, Page, plan_path
from generator.schema import Plan
from generator.urls import changes_feed_path, plan_feed_path
from generator.wording import shorten


@dataclass(frozen=True)
class GroupView:
    """Sentences about one plan or registry; the heading links to the plan when it is on the site."""

    title: str  # "" when the line names the plan itself (a plan added or removed whole)
    path: str  # the plan's page when it is on the site and not the page showing it; "" otherwise
    lines: tuple[str, ...]


@dataclass(frozen=True)
class EntryView:
    """One update as a reader sees it: date, the author's summary if written, and what changed."""

    anchor: str  # element id, e.g. "phien-ban-ec48e38e"; feeds link to it
    date: str  # dd/mm/yyyy, Vietnam time
    iso: str  # for <time datetime>
    version: str  # short commit id, for reviewers who compare versions with `generator diff`
    summary: str
    groups: tuple[GroupView, ...]


@dataclass(frozen=True)
class HistoryBlock:
    available: bool
    reason: str
    entries: tuple[EntryView, ...]
    last_updated: str
    feed: Link | None = None  # Atom feed of these changes (plan pages)


@dataclass(frozen=True)
class Month:
    title: str  # "Tháng 11/2026"
    entries: tuple[EntryView, ...]


@dataclass(frozen=True)
class ChangesContext:
    available: bool
    reason: str
    months: tuple[Month, ...]
    last_updated: str
    feed: Link


def entry_anchor(sha: str) -> str:
    return f"phien-ban-{sha[:8]}"


def entry_view(entry: HistoryEntry, plans: Collection[str], own_plan: str = "") -> EntryView:
    """An entry with links to the plans it names that are on the site (a removed plan has no page)."""
    groups = tuple(GroupView(g.title, plan_path(g.plan) if g.plan in plans and g.plan != own_plan else "", g.lines)
                   for g in entry.groups)
    return EntryView(entry_anchor(entry.sha), entry.date, entry.when.isoformat(), entry.sha[:8], entry.summary, groups)


def history_block(history: History, key: str, fallback: str, plans: Collection[str], feed: Link | None = None) -> HistoryBlock:
    """The history of one page's entity; "last updated" is the last commit that changed it."""
    own_plan = key.removeprefix("plan:") if key.startswith("plan:") else ""
    entries = tuple(entry_view(e, plans, own_plan) for e in history.for_page(key))
    return HistoryBlock(history.available, history.reason, entries, history.last_updated(key) or fallback, feed)


def months(entries: tuple[HistoryEntry, ...], plans: Collection[str]) -> tuple[Month, ...]:
    """Entries grouped by calendar month (Vietnam time), newest first as git lists them."""
    grouped: dict[str, list[EntryView]] = {}
    for entry in entries:
        grouped.setdefault(entry.month, []).append(entry_view(entry, plans))
    return tuple(Month(title, tuple(views)) for title, views in grouped.items())


def plan_feed(plan: Plan) -> Link:
    return Link(f"Thay đổi của {shorten(plan.title, 120)}", plan_feed_path(plan.id))


def changes_page(history: History, updated: str, plans: Collection[str]) -> Page:
    feed = Link("Thay đổi gần đây", changes_feed_path())
    context = ChangesContext(history.available, history.reason, months(history.recent, plans), updated, feed)
    return Page("thay-doi.md", "Thay đổi gần đây", "changes.md.j2", context,
                description="Các lần cập nhật dữ liệu kế hoạch và nội dung đã thay đổi, theo tháng",
                kind="changes", feeds=(feed,))
