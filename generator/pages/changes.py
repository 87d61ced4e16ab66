"""Change history on pages: a per-entity "Lịch sử thay đổi" block and the site-wide recent-changes page."""

from __future__ import annotations

from dataclasses import dataclass

from generator.history import History, HistoryEntry
from generator.pages.common import Page


@dataclass(frozen=True)
class HistoryBlock:
    available: bool
    reason: str
    entries: tuple[HistoryEntry, ...]
    last_updated: str


@dataclass(frozen=True)
class ChangesContext:
    block: HistoryBlock


def history_block(history: History, key: str, fallback: str) -> HistoryBlock:
    """The history of one page's entity; "last updated" is the last commit that changed it."""
    return HistoryBlock(history.available, history.reason, history.for_page(key),
                        history.last_updated(key) or fallback)


def changes_page(history: History, updated: str) -> Page:
    block = HistoryBlock(history.available, history.reason, history.recent, updated)
    return Page("thay-doi.md", "Thay đổi gần đây", "changes.md.j2", ChangesContext(block),
                description="Các lần cập nhật cơ sở dữ liệu kế hoạch và nội dung đã thay đổi", kind="changes")
