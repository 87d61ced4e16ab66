"""Drafts: count the items nobody has reviewed yet (`unreviewed: true`) and hold them back from the site.

`publishable_kb` is the one place where drafts are filtered: a pure function from KnowledgeBase to
KnowledgeBase that `build` calls before the site model is built, so every page, table, chart and download
sees the same items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from generator import sums
from generator.kb import Item, KnowledgeBase, PlanBundle
from generator.schema import FundLine, ProgressResult
from generator.urls import agency_path, commune_path, plan_path

if TYPE_CHECKING:  # tables imports pandas, which `validate` (counting drafts) does not need
    from generator.tables import Table

DRAFT_TEXT = "Bản nháp — chưa được kiểm tra"
Reason = Literal["unreviewed", "depends"]


@dataclass(frozen=True)
class Withheld:
    """An item left off the site: unreviewed itself, or pointing to an item that is (parent, percent_of, target)."""

    plan_id: str
    kind: str  # item list name: targets, fund_lines, …
    item: Item
    reason: Reason
    path: str  # KB file the item is written in


@dataclass(frozen=True)
class FileDrafts:
    """How many items of one KB file are still unreviewed."""

    path: str
    unreviewed: int
    total: int


def draft_files(kb: KnowledgeBase) -> list[FileDrafts]:
    """Return, per KB file that holds unreviewed items, how many of its items are unreviewed."""
    totals: Counter[str] = Counter()
    drafts: Counter[str] = Counter()
    for plan_id, bundle in kb.plans.items():
        for _, item in bundle.items():
            anchor = kb.anchors.get(("item", plan_id, item.id))
            path = anchor.document.path if anchor else "kb"  # the file only: locating the line would parse it
            totals[path] += 1
            drafts[path] += item.unreviewed
    return [FileDrafts(path, drafts[path], totals[path]) for path in sorted(drafts) if drafts[path]]


def has_drafts(bundle: PlanBundle) -> bool:
    """Tell whether a plan still holds unreviewed items."""
    return any(item.unreviewed for _, item in bundle.items())


def publishable_kb(kb: KnowledgeBase, *, allow_draft: bool = False) -> KnowledgeBase:
    """Return the KB the site is built from.

    With `allow_draft`, every item is kept (pages mark the unreviewed ones). Otherwise unreviewed items are
    left off, and so is every item pointing to one (a part whose total is a draft, a percentage of a draft
    line, a result reporting on a draft target), so no page shows a half-reviewed figure as reviewed. A plan
    left with no reviewed item is left off entirely. Sum findings are recomputed on what is published; a
    total with withheld parts is not checked (the build report names it).
    """
    if allow_draft:
        return kb
    withheld: list[Withheld] = []
    plans: dict[str, PlanBundle] = {}
    left_off: list[str] = []
    for plan_id, bundle in kb.plans.items():
        kept, held = _split(kb, plan_id, bundle)
        withheld += held
        if any(True for _ in kept.items()):
            plans[plan_id] = kept
        else:
            left_off.append(plan_id)
    published = replace(kb, plans=plans, withheld=tuple(withheld), left_off=tuple(left_off))
    return published.with_findings(sums.find_sum_findings(published))


def _split(kb: KnowledgeBase, plan_id: str, bundle: PlanBundle) -> tuple[PlanBundle, list[Withheld]]:
    """Split a plan's items into the published bundle and the withheld items."""
    held: dict[str, Reason] = {item.id: "unreviewed" for _, item in bundle.items() if item.unreviewed}
    changed = True
    while changed:  # a part of a withheld part is withheld too
        changed = False
        for _, item in bundle.items():
            if item.id not in held and any(ref in held for ref in _references(item)):
                held[item.id], changed = "depends", True
    if not held:
        return bundle, []
    withheld = [Withheld(plan_id, kind, item, held[item.id], kb.where(("item", plan_id, item.id)).path)
                for kind, item in bundle.items() if item.id in held]
    def keep(items: tuple[Item, ...]) -> tuple[Any, ...]:
        return tuple(i for i in items if i.id not in held)

    plan = bundle.plan.model_copy(update={"legal_bases": keep(bundle.plan.legal_bases)}) if bundle.plan else None
    progress = bundle.progress.model_copy(update={"results": keep(bundle.progress.results)}) if bundle.progress else None
    return replace(bundle, plan=plan, targets=keep(bundle.targets), fund_lines=keep(bundle.fund_lines),
                   duties=keep(bundle.duties), assignments=keep(bundle.assignments), progress=progress), withheld


def _references(item: Item) -> tuple[str, ...]:
    """Ids of the plan's own items that *item* points to."""
    if isinstance(item, FundLine):
        return tuple(ref for ref in (item.parent, item.percent_of) if ref)
    if isinstance(item, ProgressResult) and item.target:
        return (item.target,)
    return ()


def build_report(kb: KnowledgeBase) -> list[str]:
    """Say, in Vietnamese, what a build left off and why (empty when nothing was withheld)."""
    lines = [f"Bỏ qua kế hoạch '{plan_id}': chưa có mục nào đã kiểm tra (xóa 'unreviewed: true' ở các mục đã "
             "đối chiếu với văn bản nguồn, hoặc dựng thử với --allow-draft)" for plan_id in kb.left_off]
    by_file: Counter[tuple[str, Reason]] = Counter((w.path, w.reason) for w in kb.withheld if w.plan_id not in kb.left_off)
    for (path, reason), count in sorted(by_file.items()):
        if reason == "unreviewed":
            lines.append(f"{path}: không đăng {count} mục chưa kiểm tra (unreviewed: true)")
        else:
            lines.append(f"{path}: không đăng {count} mục đã kiểm tra vì chúng thuộc về một mục chưa kiểm tra "
                         "(parent, percent_of hoặc target); kiểm tra nốt mục đó")
    for plan_id, parent, count in unchecked_totals(kb):
        lines.append(f"Kế hoạch '{plan_id}': chưa đối chiếu tổng '{parent}' với các dòng con vì {count} dòng con "
                     "chưa kiểm tra")
    return lines


def unchecked_totals(kb: KnowledgeBase) -> list[tuple[str, str, int]]:
    """(plan, total id, withheld parts) for published totals whose parts were partly withheld."""
    counts: Counter[tuple[str, str]] = Counter(
        (w.plan_id, w.item.parent) for w in kb.withheld if isinstance(w.item, FundLine) and w.item.parent
    )
    published = {(plan_id, line.id) for plan_id, bundle in kb.plans.items() for line in bundle.fund_lines}
    return [(plan_id, parent, n) for (plan_id, parent), n in sorted(counts.items()) if (plan_id, parent) in published]


# --------------------------------------------------------------------------- marks on published drafts

DRAFT_COLUMN = "Trạng thái"


def draft_keys(kb: KnowledgeBase) -> frozenset[tuple[str, str]]:
    """(plan id, item id) of every unreviewed item still in the KB (only with --allow-draft after filtering)."""
    return kb.unreviewed


def with_draft_column(table: Table, flags: Sequence[bool]) -> Table:
    """Put a first column saying "Bản nháp — chưa được kiểm tra" on draft rows; unchanged when there are none."""
    if not any(flags):
        return table
    frame = table.frame.copy()
    frame.insert(0, DRAFT_COLUMN, [DRAFT_TEXT if flag else "" for flag in flags])
    return replace(table, frame=frame)


def mark_drafts(table: Table, kb: KnowledgeBase) -> Table:
    """Mark the draft rows of a table of items: rows keyed by plan and item id, or assignment rows."""
    keys = draft_keys(kb)
    columns = set(table.frame.columns)
    if not keys or DRAFT_COLUMN in columns:
        return table
    if {"plan_id", "id"} <= columns:
        flags = [(p, i) in keys for p, i in zip(table.frame["plan_id"], table.frame["id"])]
    elif {"plan_path", "agency_path", "commune_path"} <= columns:
        # Assignment tables carry no item id; an assignment is its (plan, agency, commune).
        drafts = _assignment_keys(kb)
        flags = [key in drafts for key in zip(table.frame["plan_path"], table.frame["agency_path"],
                                              table.frame["commune_path"])]
    else:
        return table
    return with_draft_column(table, flags)


def _assignment_keys(kb: KnowledgeBase) -> set[tuple[str, str, str]]:
    """Page paths of the unreviewed assignments (from the KB's set, computed once: asked for by every table)."""
    keys = set()
    for plan_id, agency, commune in kb.unreviewed_assignments:
        bundle = kb.plans[plan_id]
        district = bundle.plan.district if bundle.plan else ""
        keys.add((plan_path(plan_id), agency_path(district, agency), commune_path(district, commune)))
    return keys
