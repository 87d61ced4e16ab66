"""Write a resolved draft as a plan folder (YAML with modelines) and a reviewable import report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.importer.registry import Proposal
from generator.importer.resolve import Draft
from generator.schema import AssignmentsFile, DutiesFile, FundsFile, PlanFile, ProgressFile, TargetsFile

REPORT_NAME = "BAO-CAO-NHAP.md"
_QUOTED = {"amount", "value", "value_max", "percent_printed", "change", "date", "as_of", "period"}


def _clean(value: Any, key: str = "") -> Any:
    """Drop empty optional fields; quote figures so YAML never reads them as numbers."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            cleaned = _clean(v, k)
            if cleaned in (None, "", [], {}, False) and k not in ("unreviewed",):
                continue
            out[k] = cleaned
        return out
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if key in _QUOTED and isinstance(value, str):
        return DoubleQuotedScalarString(value)
    return value


def _dump(kind: str, data: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.width = 110
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(_clean(data), stream)
    return f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n" \
           f"# Bản thảo do `python -m generator import` tạo; kiểm tra từng mục rồi xóa dòng `unreviewed: true`.\n" \
           + stream.getvalue()


def draft_files(draft: Draft) -> dict[str, str]:
    """File name → YAML text for every file of the draft plan, each checked against the schema."""
    plan_id = draft.plan["id"]
    files: dict[str, tuple[str, dict[str, Any], Any]] = {
        "plan.yaml": ("plan", {"plan": draft.plan}, PlanFile),
        "targets.yaml": ("targets", {"plan": plan_id, "targets": draft.targets}, TargetsFile),
        "funds.yaml": ("funds", {"plan": plan_id, "fund_lines": draft.fund_lines}, FundsFile),
        "duties.yaml": ("duties", {"plan": plan_id, "duties": draft.duties}, DutiesFile),
    }
    if draft.assignments:
        files["assignments.yaml"] = ("assignments", {"plan": plan_id, "assignments": draft.assignments},
                                     AssignmentsFile)
    if draft.results:
        files["progress.yaml"] = ("progress", {"plan": plan_id, "period_label": draft.period_label,
                                               "results": draft.results}, ProgressFile)
    out = {}
    for name, (kind, data, model) in files.items():
        model.model_validate(_clean(data))  # a draft that breaks the schema is a bug of the importer
        out[name] = _dump(kind, data)
    return out


def report_text(draft: Draft, proposals: list[Proposal], source_name: str) -> str:
    """The import report: counts, proposed registry additions with suggestions, items held back."""
    lines = [f"# Báo cáo nhập bản thảo: {draft.plan['id']}", "",
             f"Nguồn: `{source_name}`. Mọi mục trong bản thảo mang `unreviewed: true` và `source_line` "
             "(dòng trong tệp văn bản, hoặc số thứ tự đoạn trong tệp .docx).", "",
             "| loại | số mục | có ghi chú |", "|---|---:|---:|"]
    kinds = (("căn cứ", draft.plan["legal_bases"]), ("chỉ tiêu", draft.targets), ("dòng vốn", draft.fund_lines),
             ("nhiệm vụ", draft.duties), ("phân công phụ trách xã", draft.assignments), ("kết quả", draft.results))
    for name, items in kinds:
        lines.append(f"| {name} | {len(items)} | {sum(1 for i in items if i.get('note'))} |")
    lines += ["", "## Đề xuất bổ sung sổ đăng ký", ""]
    if not proposals:
        lines.append("Không có: mọi tên cơ quan, xã, chương trình đều có trong sổ đăng ký.")
    for p in proposals:
        hint = f" — có phải ý bạn là '{p.suggestion}'?" if p.suggestion else ""
        lines.append(f"- {p.kind} `{p.printed}` (dòng {p.line}): {p.reason}{hint}")
    lines += ["", "## Mục chưa đưa vào bản thảo", ""]
    if not draft.held:
        lines.append("Không có.")
    for what, line, why in draft.held:
        lines.append(f"- dòng {line}: {what} ({why}); bổ sung sổ đăng ký rồi chạy lại lệnh với `--force`.")
    return "\n".join(lines) + "\n"


def write_draft(folder: Path, files: dict[str, str], report: str) -> list[Path]:
    """Write the draft folder; files of an earlier draft that this one does not have are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        if old.name not in files:
            old.unlink()
    written = []
    for name, text in {**files, REPORT_NAME: report}.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
