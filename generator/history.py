"""Change history of the KB from git: per page (plan, commune, agency) and site-wide, as semantic changes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from generator.diff import KIND_TEXT, Change, diff_kbs, value_text
from generator.diff_report import STATUS_TEXT
from generator.errors import KbError
from generator.gitkb import KbCache, git, is_git_repo, load_kb_at
from generator.kb import KnowledgeBase

VIETNAM = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class HistoryEntry:
    """One commit that changed the KB, with the semantic changes relevant to a page."""

    sha: str
    timestamp: int
    subject: str
    changes: tuple[str, ...]

    @property
    def date(self) -> str:
        return datetime.fromtimestamp(self.timestamp, tz=VIETNAM).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class History:
    available: bool
    reason: str = ""
    by_page: dict[str, tuple[HistoryEntry, ...]] = field(default_factory=dict)
    recent: tuple[HistoryEntry, ...] = ()

    def for_page(self, key: str) -> tuple[HistoryEntry, ...]:
        return self.by_page.get(key, ())

    def last_updated(self, key: str) -> str | None:
        entries = self.by_page.get(key)
        return entries[0].date if entries else None


def describe(change: Change) -> str:
    """One line for a reader: `Sửa dòng vốn: Dự án 5 — amount: 4.000 → 4.500 (+500 triệu đồng; +12,5%)`."""
    text = f"{STATUS_TEXT[change.status]} {KIND_TEXT[change.kind]}: {change.label}"
    details = [f"{f.field}: {value_text(f.old)} → {value_text(f.new)}" + (f" ({f.delta})" if f.delta else "")
               for f in change.fields[:4]]
    return text + (" — " + "; ".join(details) if details else "")


def page_keys(change: Change) -> set[str]:
    """Pages a change belongs on: its plan, and the communes and agencies it names."""
    keys = set(change.refs)
    if change.plan:
        keys.add(f"plan:{change.plan}")
    return keys


def _commits(root: Path, kb_rel: str, limit: int) -> list[tuple[str, int, str]]:
    out = git(root, "log", f"-n{limit}", "--format=%H%x09%ct%x09%s", "--", kb_rel).stdout.decode("utf-8", "replace")
    rows = [line.split("\t", 2) for line in out.splitlines() if line.count("\t") >= 2]
    return [(sha, int(stamp), subject) for sha, stamp, subject in rows]


def _parent(root: Path, sha: str) -> str | None:
    result = git(root, "rev-parse", "--verify", "--quiet", f"{sha}^")
    return result.stdout.decode().strip() if result.returncode == 0 else None


def build_history(root: Path, kb_dir: Path, *, limit: int = 30) -> History:
    """Read the last *limit* commits that touched the KB and attribute their changes to pages."""
    try:
        kb_rel = kb_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return History(False, "thư mục dữ liệu không nằm trong kho git")
    if not is_git_repo(root):
        return History(False, "không có lịch sử git (bản dựng ngoài kho git)")
    if git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true":
        return History(False, "bản sao git nông (shallow clone) không có đủ lịch sử")
    cache = KbCache()
    by_page: dict[str, list[HistoryEntry]] = defaultdict(list)
    recent = []
    for sha, stamp, subject in _commits(root, kb_rel, limit):
        changes = _changes(root, sha, kb_rel, cache)
        if changes is None:
            recent.append(HistoryEntry(sha, stamp, subject, ("Không so sánh được: dữ liệu ở phiên bản này không hợp lệ.",)))
            continue
        recent.append(HistoryEntry(sha, stamp, subject, tuple(describe(c) for c in changes)))
        grouped: dict[str, list[str]] = defaultdict(list)
        for change in changes:
            for key in page_keys(change):
                grouped[key].append(describe(change))
        for key, lines in grouped.items():
            by_page[key].append(HistoryEntry(sha, stamp, subject, tuple(lines)))
    return History(True, "", {k: tuple(v) for k, v in by_page.items()}, tuple(recent))


def _changes(root: Path, sha: str, kb_rel: str, cache: KbCache) -> tuple[Change, ...] | None:
    parent = _parent(root, sha)
    try:
        old = load_kb_at(root, parent, kb_rel=kb_rel, cache=cache) if parent else KnowledgeBase()
        new = load_kb_at(root, sha, kb_rel=kb_rel, cache=cache)
    except KbError:
        return None
    return diff_kbs(old, new).changes
