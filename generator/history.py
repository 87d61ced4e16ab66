"""Change history of the KB from git: per page (plan, commune, agency) and site-wide, described in words."""

from __future__ import annotations

import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from generator.summarize import SITE, ChangeGroup, Scope, headline, summarize
from generator.diff import Change, KbDiff, diff_kbs
from generator.errors import KbError
from generator.doccache import code_fingerprint
from generator.gitkb import KbCache, git, is_git_repo, load_kb_at, load_scoped_pair
from generator.kb import KnowledgeBase
from generator.wording import Names

VIETNAM = timezone(timedelta(hours=7))
# A commit-message trailer carrying the reader's summary in Vietnamese (ASCII key: git accepts only
# letters, digits and hyphens in trailer keys). Documented in docs/change-review.md and docs/authoring.md.
SUMMARY_TRAILER = "Tom-tat"
INVALID_TEXT = "Không so sánh được: dữ liệu ở phiên bản này không hợp lệ."


@dataclass(frozen=True)
class HistoryEntry:
    """One commit that changed the KB: its reader's summary, if any, and its changes in words for a page."""

    sha: str
    timestamp: int
    summary: str
    groups: tuple[ChangeGroup, ...]

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, tz=VIETNAM)

    @property
    def date(self) -> str:
        return self.when.strftime("%d/%m/%Y")

    @property
    def month(self) -> str:
        return f"Tháng {self.when.strftime('%m/%Y')}"

    @property
    def title(self) -> str:
        """The summary written by a person, or the first generated sentence."""
        return self.summary or headline(self.groups)

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line for group in self.groups for line in group.lines)


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


@dataclass(frozen=True)
class Commit:
    sha: str
    timestamp: int
    summary: str


def page_keys(change: Change) -> set[str]:
    """Pages a change belongs on: its plan, and the communes and agencies it names."""
    keys = set(change.refs)
    if change.plan:
        keys.add(f"plan:{change.plan}")
    return keys


def page_scope(key: str) -> Scope:
    """How a page's history speaks: a plan page omits its own plan; commune and agency pages say what concerns them."""
    kind, _, rest = key.partition(":")
    if kind == "plan":
        return Scope(plan=rest)
    return Scope(subject={"commune": "xã này", "agency": "cơ quan này"}.get(kind, ""))


def _commits(root: Path, kb_rel: str, limit: int) -> list[Commit]:
    """The last commits touching the KB data (the generated JSON Schemas in kb/schema are not data)."""
    fmt = f"--format=%H%x1f%ct%x1f%(trailers:key={SUMMARY_TRAILER},valueonly,unfold,separator=%x1e)"
    out = git(root, "log", "-z", f"-n{limit}", fmt, "--", kb_rel, f":(exclude){kb_rel}/schema").stdout
    commits = []
    for record in out.decode("utf-8", "replace").split("\0"):
        parts = record.strip("\n").split("\x1f")
        if len(parts) == 3:
            summary = " ".join(" ".join(value.split()) for value in parts[2].split("\x1e") if value.strip())
            commits.append(Commit(parts[0], int(parts[1]), summary))
    return commits


def _parent(root: Path, sha: str) -> str | None:
    result = git(root, "rev-parse", "--verify", "--quiet", f"{sha}^")
    return result.stdout.decode().strip() if result.returncode == 0 else None


def build_history(root: Path, kb_dir: Path, *, limit: int = 30, cache: KbCache | None = None) -> History:
    """Read the last *limit* commits that touched the KB and attribute their changes to pages, in words."""
    try:
        kb_rel = kb_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return History(False, "thư mục dữ liệu không nằm trong kho git")
    if not is_git_repo(root):
        return History(False, "không có lịch sử git (bản dựng ngoài kho git)")
    if git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true":
        return History(False, "bản sao git nông (shallow clone) không có đủ lịch sử")
    cache = cache or KbCache()
    by_page: dict[str, list[HistoryEntry]] = defaultdict(list)
    recent = []
    for commit in _commits(root, kb_rel, limit):
        described = _described(root, commit, kb_rel, cache)
        if described is None:
            continue  # formatting, comments or key order only: nothing a reader would see
        entry, pages = described
        recent.append(entry)
        for key, page_entry in pages.items():
            by_page[key].append(page_entry)
    cache.blobs.flush()
    return History(True, "", {k: tuple(v) for k, v in by_page.items()}, tuple(recent))


def _described(root: Path, commit: Commit, kb_rel: str,
               cache: KbCache) -> tuple[HistoryEntry, dict[str, HistoryEntry]] | None:
    """A commit's changes in words, site-wide and for each page they concern; None when a reader would see none.

    What a commit changed never changes: the words are kept in the cache by commit and generator code, so a build
    describes only the commits it has not seen (the import of a national KB takes about a minute to describe)."""
    key = f"history:{code_fingerprint()}:{kb_rel}:{commit.sha}"
    if key in cache.blobs:
        return pickle.loads(cache.blobs[key])
    diff = _diff(root, commit.sha, kb_rel, cache)
    if diff is None:
        described: tuple[HistoryEntry, dict[str, HistoryEntry]] | None = (
            _entry(commit, (ChangeGroup("", "", (INVALID_TEXT,)),)), {})
    elif not diff.changes:
        described = None
    else:
        names = Names.of(diff)
        described = (_entry(commit, summarize(diff.changes, names, SITE)),
                     {page: _entry(commit, summarize(changes, names, page_scope(page)))
                      for page, changes in _by_page(diff.changes).items()})
    cache.blobs[key] = pickle.dumps(described, protocol=pickle.HIGHEST_PROTOCOL)
    return described


def _entry(commit: Commit, groups: tuple[ChangeGroup, ...]) -> HistoryEntry:
    return HistoryEntry(commit.sha, commit.timestamp, commit.summary, groups)


def _by_page(changes: tuple[Change, ...]) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        for key in sorted(page_keys(change)):
            grouped[key].append(change)
    return grouped


def _diff(root: Path, sha: str, kb_rel: str, cache: KbCache) -> KbDiff | None:
    parent = _parent(root, sha)
    try:
        if parent is None:
            old, new = KnowledgeBase(), load_kb_at(root, sha, kb_rel=kb_rel, cache=cache)
        else:  # only the files the commit changed are read: history stays cheap however large the KB
            pair = load_scoped_pair(root, parent, sha, kb_rel=kb_rel, cache=cache, totals=False)
            old, new = pair.old, pair.new
    except KbError:
        return None
    return diff_kbs(old, new, ({}, {}))  # history shows no totals: not computing them keeps it cheap
