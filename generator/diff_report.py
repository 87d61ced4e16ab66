"""Write a KbDiff for people: terminal (coloured on a tty), Markdown (pull-request comment) or JSON (tools)."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import re

from markupsafe import escape

from generator.describe import sentence
from generator.diff import KIND_TEXT, Change, KbDiff, value_text
from generator.numbers import format_delta, to_vn_number
from generator.wording import FIELD_TEXT, Names

_MD_INLINE = re.compile(r"([\\`*_\[\]|])")


def md_inline(value: object) -> str:
    """Escape KB text for one line of a GitHub comment: HTML, emphasis, links, table pipes."""
    return _MD_INLINE.sub(r"\\\1", str(escape(str(value))))

STATUS_TEXT = {"added": "Thêm", "removed": "Bớt", "changed": "Sửa", "renamed": "Đổi mã"}
COLOURS = {"added": "32", "removed": "31", "changed": "33", "renamed": "36"}


def _money(value: Decimal | None) -> str:
    return "—" if value is None else to_vn_number(value)


def _money_rows(diff: KbDiff) -> list[tuple[str, str, str, str]]:
    """One row per fund source, then the total of all plans' headline money."""
    rows = []
    for source in sorted(set(diff.totals_before) | set(diff.totals_after)):
        old, new = diff.totals_before.get(source), diff.totals_after.get(source)
        delta = format_delta((new or Decimal(0)) - (old or Decimal(0)))
        rows.append((source, _money(old), _money(new), delta))
    before, after = sum(diff.totals_before.values(), Decimal(0)), sum(diff.totals_after.values(), Decimal(0))
    rows.append(("Tổng cộng", _money(before), _money(after), format_delta(after - before)))
    return rows


def _summary_rows(diff: KbDiff) -> list[tuple[str, str, dict[str, int]]]:
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (plan, kind, status), count in diff.counts().items():
        grouped[(plan or "(sổ đăng ký)", KIND_TEXT[kind])][status] += count
    return [(plan, kind, dict(counts)) for (plan, kind), counts in sorted(grouped.items())]


def field_label(kind: str, name: str) -> str:
    """A field in words, with its YAML key for the reviewer who edits the file: `số tiền (amount)`."""
    return f"{FIELD_TEXT.get(kind, {}).get(name, name)} ({name})"


def _change_line(change: Change, names: Names, *, markdown: bool) -> list[str]:
    """The change in words (as on the site), then every field's raw old → new for reviewers."""
    esc = md_inline if markdown else str  # noqa: E731
    code = (lambda s: f"`{s}`") if markdown else str  # noqa: E731
    head = f"{STATUS_TEXT[change.status]} {KIND_TEXT[change.kind]} {code(change.key)}"
    if change.status == "renamed":
        head += f" (trước là {code(change.old_key)})"
    lines = [f"{'**' if markdown else ''}{head}{'**' if markdown else ''}: {esc(sentence(change, names))}"]
    for f in change.fields:
        delta = f" ({f.delta})" if f.delta else ""
        label = field_label(change.kind, f.field)
        lines.append(f"  - {esc(label)}: {esc(value_text(f.old))} → {esc(value_text(f.new))}{delta}")
    return lines


def to_markdown(diff: KbDiff, old_label: str, new_label: str) -> str:
    out = [f"## Thay đổi cơ sở dữ liệu kế hoạch: `{old_label}` → `{new_label}`", ""]
    if not diff.changes:
        return "\n".join(out + ["Không có thay đổi về nội dung.", ""])
    out += ["### Tóm tắt", "", "| Kế hoạch | Loại | Thêm | Bớt | Sửa | Đổi mã |", "|---|---|---:|---:|---:|---:|"]
    for plan, kind, counts in _summary_rows(diff):
        out.append(f"| `{plan}` | {kind} | " + " | ".join(str(counts.get(s, 0)) for s in STATUS_TEXT) + " |")
    out += ["", "### Kinh phí theo nguồn vốn (tổng in của các kế hoạch, triệu đồng)", "",
            "| Nguồn vốn | Trước | Sau | Chênh lệch |", "|---|---:|---:|---:|"]
    out += [f"| {md_inline(s)} | {o} | {n} | {d} |" for s, o, n, d in _money_rows(diff)]
    out += ["", "### Chi tiết", ""]
    current, names = None, Names.of(diff)
    for change in diff.changes:
        if change.plan != current:
            current = change.plan
            out += ["", f"#### {'Kế hoạch `' + current + '`' if current else 'Sổ đăng ký'}", ""]
        lines = _change_line(change, names, markdown=True)
        out += [f"- {lines[0]}"] + [f"  {line}" for line in lines[1:]]
    return "\n".join(out) + "\n"


def to_terminal(diff: KbDiff, old_label: str, new_label: str, *, colour: bool) -> str:
    paint = (lambda text, status: f"\033[{COLOURS[status]}m{text}\033[0m") if colour else (lambda text, status: text)  # noqa: E731
    out = [f"Thay đổi: {old_label} → {new_label}"]
    if not diff.changes:
        return out[0] + "\nKhông có thay đổi về nội dung.\n"
    out.append("Tóm tắt:")
    for plan, kind, counts in _summary_rows(diff):
        parts = ", ".join(paint(f"{STATUS_TEXT[s].lower()} {n}", s) for s, n in counts.items())
        out.append(f"  {plan:32} {kind:14} {parts}")
    out.append("Kinh phí theo nguồn vốn (triệu đồng): trước → sau (chênh lệch)")
    out += [f"  {s:40} {o:>14} → {n:>14} ({d})" for s, o, n, d in _money_rows(diff)]
    out.append("Chi tiết:")
    names = Names.of(diff)
    for change in diff.changes:
        lines = _change_line(change, names, markdown=False)
        out.append("  " + paint(lines[0], change.status))
        out += [f"  {line}" for line in lines[1:]]
    return "\n".join(out) + "\n"


def to_json(diff: KbDiff, old_label: str, new_label: str) -> str:
    names = Names.of(diff)
    payload = {
        "from": old_label, "to": new_label,
        "summary": [{"plan": p, "kind": k, "status": s, "count": n} for (p, k, s), n in diff.counts().items()],
        "totals_by_source": [{"source": s, "before": o, "after": n, "delta": d} for s, o, n, d in _money_rows(diff)],
        "changes": [{"kind": c.kind, "key": c.key, "plan": c.plan, "status": c.status, "label": c.label,
                     "old_key": c.old_key or None, "text": sentence(c, names),
                     "fields": [{"field": f.field, "label": FIELD_TEXT.get(c.kind, {}).get(f.field, f.field),
                                 "old": f.old, "new": f.new, "delta": f.delta or None} for f in c.fields]}
                    for c in diff.changes],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
