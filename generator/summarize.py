"""Group a commit's changes by plan for a page, one line per bulk of changes: what the history shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.describe import plan_name, sentence, speaker
from generator.diff import KIND_TEXT, Change
from generator.wording import KIND_NOUN, Names, Speaker, quoted, shorten

BULK = 5  # more changes of one kind and status in one group are counted, not listed
STATUS_ORDER = ("added", "changed", "renamed", "removed")
COUNT_ORDER = ("target", "fund_line", "duty", "assignment", "result", "legal_basis")
VERBS = {"added": "Thêm", "removed": "Bỏ", "renamed": "Đổi mã định danh của"}
_REGISTRY_TITLES = {"program": "Danh mục chương trình, dự án", "fund_source": "Danh mục nguồn vốn",
                    "district": "Danh mục huyện", "indicator": "Danh mục chỉ tiêu chính"}


@dataclass(frozen=True)
class ChangeGroup:
    """The sentences about one plan (or one registry) in one commit."""

    plan: str  # plan id; "" for registry changes
    title: str  # heading above the lines; "" on the plan's own page, or when the line names the plan
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    """The page the sentences are for: its own plan needs no heading; an entity page says what concerns it."""

    plan: str = ""
    subject: str = ""  # "xã này", "cơ quan này"


SITE = Scope()


def _group_key(change: Change) -> str:
    if change.plan:
        return f"plan:{change.plan}"
    if change.kind in ("commune", "agency"):
        return "registry:" + change.key.split("/", 1)[0]
    return change.kind


def _group_title(key: str, names: Names, scope: Scope) -> str:
    if key.startswith("plan:"):
        plan = key.removeprefix("plan:")
        return "" if plan == scope.plan else shorten(names.plan_title(plan), 160)
    if key.startswith("registry:"):
        return f"Danh mục xã, cơ quan của {names.district(key.removeprefix('registry:'))}"
    return _REGISTRY_TITLES.get(key, "Danh mục")


def counts_text(changes: Sequence[Change]) -> str:
    """`125 chỉ tiêu, 64 dòng kinh phí, 64 nhiệm vụ, 22 phân công xã`."""
    order = COUNT_ORDER + tuple(k for k in KIND_TEXT if k not in COUNT_ORDER)
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in order}
    return ", ".join(f"{n} {KIND_NOUN[kind]}" for kind, n in counts.items() if n and kind != "plan")


def _whole_plan(plan: str, status: str, changes: Sequence[Change], names: Names, scope: Scope) -> str:
    """One line for a plan added or removed with all its items."""
    name = "kế hoạch này" if plan == scope.plan else f"kế hoạch {quoted(plan_name(names.plan_title(plan), 120), 120)}"
    verb, counts = ("Thêm" if status == "added" else "Bỏ"), counts_text(changes)
    if not counts:
        return f"{verb} {name}"
    if scope.subject:
        return f"{verb} {name}, trong đó có {counts} liên quan đến {scope.subject}"
    return f"{verb} {name} {'với' if status == 'added' else 'cùng'} {counts}"


def _count_line(kind: str, status: str, changes: Sequence[Change], sp: Callable[[Change], Speaker]) -> str:
    noun, n = KIND_NOUN[kind], len(changes)
    if status == "changed":
        phrases = list(dict.fromkeys(sp(c).field(f.field) for c in changes for f in c.fields))
        shown = ", ".join(phrases[:3]) + (", …" if len(phrases) > 3 else "")
        return f"Sửa {shown} của {n} {noun}"
    return f"{VERBS[status]} {n} {noun}"


def _lines(changes: Sequence[Change], names: Names) -> tuple[str, ...]:
    """Sentences for one group; more than BULK changes of one kind and status become a count."""
    buckets: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        buckets.setdefault((change.kind, change.status), []).append(change)
    order = list(KIND_TEXT)
    lines: list[str] = []
    for (kind, status), bucket in sorted(buckets.items(), key=lambda b: (order.index(b[0][0]), STATUS_ORDER.index(b[0][1]))):
        if len(bucket) > BULK:
            lines.append(_count_line(kind, status, bucket, lambda c: speaker(c, names)))
        else:
            lines += [sentence(c, names) for c in bucket]
    return tuple(lines)


def summarize(changes: Sequence[Change], names: Names, scope: Scope = SITE) -> tuple[ChangeGroup, ...]:
    """The changes of one commit as groups of sentences: plans first, then registries."""
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(_group_key(change), []).append(change)
    groups = []
    for key in sorted(grouped, key=lambda k: (not k.startswith("plan:"), k)):
        plan = key.removeprefix("plan:") if key.startswith("plan:") else ""
        status = names.plan_status(plan) if plan else ""
        if status:
            groups.append(ChangeGroup(plan, "", (_whole_plan(plan, status, grouped[key], names, scope),)))
        else:
            groups.append(ChangeGroup(plan, _group_title(key, names, scope), _lines(grouped[key], names)))
    return tuple(groups)


def headline(groups: Sequence[ChangeGroup]) -> str:
    """A one-line title for a commit's groups (a feed entry): where, its first sentence, and how many more."""
    lines = [line for g in groups for line in g.lines]
    if not lines:
        return "Cập nhật dữ liệu"
    first, more = lines[0], (f" (và {len(lines) - 1} thay đổi khác)" if len(lines) > 1 else "")
    if not groups[0].title:  # the page's own plan, or a line that names its plan
        return first + more
    where = f"Kế hoạch {quoted(plan_name(groups[0].title, 70))}" if groups[0].plan else groups[0].title
    return f"{where}: {first[:1].lower()}{first[1:]}{more}"
