"""Check printed totals against their parts and printed percentages against their figures."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from generator.errors import Issue
from generator.kb import KnowledgeBase, PlanBundle
from generator.numbers import format_delta, format_money, format_percent, to_vn_number
from generator.schema import FundLine, number

UNIT_IN_MILLIONS = {"triệu đồng": Decimal(1), "tỷ đồng": Decimal(1000), "đồng": Decimal("0.000001")}


def in_millions(line: FundLine) -> Decimal:
    """Return a fund line's amount in triệu đồng, exactly."""
    value = number(line.amount)
    assert value is not None
    return value * UNIT_IN_MILLIONS[line.unit]


def find_sum_findings(kb: KnowledgeBase) -> list[Issue]:
    """Return a warning for every printed total whose parts disagree, and every odd percentage."""
    findings: list[Issue] = []
    # A build that left off unreviewed parts cannot check their total: it is reported as unchecked instead.
    incomplete: dict[str, set[tuple[str, str]]] = defaultdict(set)  # plan -> (parent, breakdown)
    for w in kb.withheld:
        if isinstance(w.item, FundLine) and w.item.parent:
            incomplete[w.plan_id].add((w.item.parent, w.item.breakdown))
    for folder, bundle in kb.plans.items():
        findings += _total_findings(kb, folder, bundle, incomplete[folder]) + _percent_findings(kb, folder, bundle)
    return findings


def _total_findings(kb: KnowledgeBase, folder: str, bundle: PlanBundle, incomplete: set[tuple[str, str]]) -> list[Issue]:
    lines = {line.id: line for line in bundle.fund_lines}
    groups: dict[tuple[str, str], list[FundLine]] = defaultdict(list)
    for line in bundle.fund_lines:
        if line.parent:
            groups[(line.parent, line.breakdown)].append(line)
    findings = []
    for (parent_id, breakdown), parts in sorted(groups.items()):
        parent = lines[parent_id]
        printed, computed = in_millions(parent), sum((in_millions(p) for p in parts), Decimal(0))
        if printed != computed and (parent_id, breakdown) not in incomplete:
            drafts = sum(line.unreviewed for line in (parent, *parts))
            findings.append(_sum_issue(kb, folder, parent, breakdown, (printed, computed), len(parts), drafts))
    return findings


def _draft_note(drafts: int) -> str:
    """Say that a check mixes reviewed and unreviewed lines, so nobody reads a draft's slip as the source's."""
    return (f"; {drafts} dòng trong phép tính này chưa kiểm tra (unreviewed), hãy đối chiếu chúng với văn bản "
            "nguồn trước khi kết luận") if drafts else ""


def _draft_data(drafts: int) -> dict[str, str]:
    return {"drafts": str(drafts)} if drafts else {}


def _sum_issue(kb: KnowledgeBase, folder: str, parent: FundLine, breakdown: str,
               figures: tuple[Decimal, Decimal], count: int, drafts: int) -> Issue:
    printed, computed = figures
    difference = computed - printed
    split = "" if breakdown == "main" else f" (cách chia '{breakdown}')"
    return Issue(
        "KB-SUM-MISMATCH",
        f"tổng in {format_money(printed)} nhưng {count} dòng con{split} cộng lại {format_money(computed)}, "
        f"chênh lệch {format_delta(difference, 'triệu đồng')} (mục {parent.section} của kế hoạch){_draft_note(drafts)}",
        kb.where(("item", folder, parent.id)),
        severity="warning",
        data={"plan": folder, "line": parent.id, "breakdown": breakdown, "section": parent.section,
              "printed": to_vn_number(printed), "computed": to_vn_number(computed),
              "difference": format_delta(difference), "label": parent.label, **_draft_data(drafts)},
    )


def _percent_findings(kb: KnowledgeBase, folder: str, bundle: PlanBundle) -> list[Issue]:
    lines = {line.id: line for line in bundle.fund_lines}
    findings = []
    for line in bundle.fund_lines:
        if not (line.percent_printed and line.percent_of):
            continue
        base = in_millions(lines[line.percent_of])
        printed = number(line.percent_printed)
        assert printed is not None
        if base == 0:
            continue
        exponent = printed.as_tuple().exponent
        places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
        exact = in_millions(line) * 100 / base
        computed = exact.quantize(places, rounding=ROUND_HALF_UP)
        # Offices often truncate instead of rounding (59/525 = 11,238… printed 11,23): not a slip.
        if printed in (computed, exact.quantize(places, rounding=ROUND_DOWN)):
            continue
        if computed != printed:
            findings.append(Issue(
                "KB-PERCENT-MISMATCH",
                f"in {format_percent(printed)} nhưng {format_money(in_millions(line))} / "
                f"{format_money(base)} = {format_percent(computed)}, chênh lệch "
                f"{format_delta(computed - printed, 'điểm %')} (mục {line.section} của kế hoạch)"
                f"{_draft_note(line.unreviewed + lines[line.percent_of].unreviewed)}",
                kb.where(("item", folder, line.id), "percent_printed"),
                severity="warning",
                data={"plan": folder, "line": line.id, "section": line.section, "printed": to_vn_number(printed),
                      "computed": to_vn_number(computed), "difference": format_delta(computed - printed),
                      "label": line.label, **_draft_data(line.unreviewed + lines[line.percent_of].unreviewed)},
            ))
    return findings
