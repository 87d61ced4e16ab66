"""Turn drafts into KB items: registry ids, stable item ids, years, sources; hold back what the registry lacks."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.admin_units import slug
from generator.importer.duties import AssignmentDraft, DutyDraft
from generator.importer.funds import FundDraft
from generator.importer.meta import MetaDraft
from generator.importer.registry import Registry
from generator.importer.structure import Section, fold
from generator.importer.targets import TargetDraft

_PROJECT = re.compile(r"^(Tiểu dự án|Tiêu dự án|Dự án|TDA)\s*(\d+)?\s*[:.]?\s*(.*)$", re.IGNORECASE)


@dataclass
class Options:
    """What the author says on the command line about the plan."""

    plan_id: str
    district: str
    issuer: str | None = None
    kind: str | None = None
    period: tuple[int, int] | None = None
    source_file: str = ""


@dataclass
class Draft:
    """The resolved draft plan: one list of plain items per KB file, and what was held back."""

    plan: dict[str, Any]
    targets: list[dict[str, Any]] = field(default_factory=list)
    fund_lines: list[dict[str, Any]] = field(default_factory=list)
    duties: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    period_label: str = ""
    held: list[tuple[str, int, str]] = field(default_factory=list)  # (what, source line, why)


class _Ids:
    """Readable ids, unique within the plan: `t-ii-2-1-thu-nhap-binh-quan`, then `-2`, `-3`…"""

    def __init__(self) -> None:
        self.used: Counter[str] = Counter()

    def make(self, prefix: str, section: str, words: str) -> str:
        base = "-".join(part for part in (prefix, slug(section), "-".join(slug(words).split("-")[:5])) if part)
        base = base[:70].rstrip("-")
        self.used[base] += 1
        return base if self.used[base] == 1 else f"{base}-{self.used[base]}"


def resolve_plan(meta: MetaDraft, registry: Registry, options: Options) -> tuple[dict[str, Any], list[str]]:
    """The plan metadata as written to plan.yaml, and its program ids (first = main program)."""
    programs = registry.programs_named(meta.title)
    known = {p.legal_basis.split(" ")[0]: p.id for p in registry.programs if p.legal_basis}
    programs += [known[b.number] for b in meta.bases if b.number in known and known[b.number] not in programs]
    period = options.period or meta.period or _year_of(meta)
    kind = options.kind or ("annual_with_progress_report" if meta.has_report else
                            "annual" if period[0] == period[1] else "multi_year")
    ids = _Ids()
    bases = [{"id": ids.make("lb", "", b.number), "kind": b.kind, "number": b.number, "date": b.date,
              "issuer": b.issuer, "title": b.title, "section": "preamble", "note": b.note, "unreviewed": True,
              "source_line": b.line} for b in meta.bases]
    plan = {
        "id": options.plan_id, "title": meta.title or options.plan_id, "kind": kind,
        "issuer": options.issuer or meta.issuer or f"UBND huyện {registry.district.name}",
        "district": options.district, "period_start": period[0], "period_end": period[1],
        "number": meta.number, "date": meta.date, "programs": programs, "legal_bases": bases,
        "source_file": options.source_file, "signer": meta.signer, "signer_title": meta.signer_title,
    }
    return plan, programs


def _year_of(meta: MetaDraft) -> tuple[int, int]:
    year = meta.date.get("year") or str(meta.date.get("date", "2000"))[:4]
    return int(year), int(year)


class Resolver:
    """Resolve every kind of draft against the registry and the plan."""

    def __init__(self, registry: Registry, plan: dict[str, Any], programs: list[str]):
        self.registry, self.plan, self.programs = registry, plan, programs
        self.ids = _Ids()
        self.draft = Draft(plan)
        self.single = plan["period_start"] == plan["period_end"]

    # ------------------------------------------------------------------ programs

    def program_of(self, section: Section | None, text: str = "") -> str | None:
        named = self.registry.programs_named(text) if text else []
        if named:
            return named[0]
        chain = section.ancestors() if section is not None else []
        program = next((p for node in reversed(chain) for p in self.registry.programs_named(node.title)), None)
        program = program or (self.programs[0] if len(self.programs) == 1 else None)
        for node in reversed(chain):
            match = _PROJECT.match(node.title)
            if not match or program is None:
                continue
            kind = "tieu-du-an" if fold(match.group(1)).startswith(("tieu", "tda")) else "du-an"
            found = self.registry.project(program, kind, match.group(2), match.group(3))
            if found:
                program = found
            elif kind == "du-an":
                self.registry.propose("program", node.title, node.line, "",
                                      f"dự án chưa có trong sổ đăng ký chương trình '{program}'")
        return program

    # ------------------------------------------------------------------ targets and results

    def target(self, draft: TargetDraft) -> None:
        figure = draft.figure
        year = draft.year or (self.plan["period_end"])
        communes = self.registry.communes_in(draft.scope_text)
        item: dict[str, Any] = {
            "id": self.ids.make("t" if draft.kind == "target" else "p", draft.section.path, draft.indicator),
            "indicator": draft.indicator, "value": figure.value, "unit": figure.unit,
        }
        if draft.kind == "result":
            item.update({"as_of": self.draft.plan.get("_as_of") or f"{year}-12-31",
                         "program": self.program_of(draft.section), "communes": [c.id for c in communes],
                         "section": draft.section.path or "preamble", "note": draft.note, "unreviewed": True,
                         "source_line": draft.line})
            self.draft.results.append(item)
            return
        item.update({"comparator": figure.comparator, "value_max": figure.value_max, "year": year,
                     "per_year": figure.per_year, "program": self.program_of(draft.section),
                     "section": draft.section.path or "closing", "note": draft.note, "unreviewed": True,
                     "source_line": draft.line})
        if draft.baseline:
            item["baseline"] = draft.baseline
        if communes:
            item["scope"] = {"level": "communes", "communes": [c.id for c in communes],
                             "printed": ", ".join(c.name for c in communes)}
        self.draft.targets.append(item)

    # ------------------------------------------------------------------ funds

    def funds(self, drafts: list[FundDraft]) -> None:
        ids = {draft.key: self.ids.make("f", draft.section.path, draft.label) for draft in drafts}
        sources = {draft.key: self._source(draft) for draft in drafts}
        headline = _headline(drafts)
        for draft in drafts:
            item: dict[str, Any] = {
                "id": ids[draft.key], "label": draft.label, "amount": draft.figure.value, "unit": draft.figure.unit,
                "source": sources[draft.key], "program": self.program_of(draft.section, draft.context),
                "nature": draft.nature, "as_of": draft.as_of, "section": draft.section.path,
                "unreviewed": True, "source_line": draft.line,
            }
            item.update(self._when(draft))
            if draft.percent:
                item["percent_printed"] = draft.percent
                item["percent_of"] = ids[draft.percent_of.key] if draft.percent_of else None
            if draft.parent is not None:
                item["parent"] = ids[draft.parent.key]
                item["breakdown"] = _breakdown(draft)
            if draft is headline:
                item["headline"] = True
            communes = self.registry.communes_in(draft.label)
            if communes:
                item["communes"] = [c.id for c in communes]
            item["note"] = _fund_note(draft, sources[draft.key])
            self.draft.fund_lines.append(item)

    def _when(self, draft: FundDraft) -> dict[str, Any]:
        period = re.search(r"giai đoạn\s+(\d{4})\s*-\s*(\d{4})", draft.context)
        year = next((int(m.group(1)) for node in draft.section.ancestors()
                     for m in [re.search(r"năm\s+(\d{4})", node.title, re.IGNORECASE)] if m), None)
        if period and not self.single:
            return {"period": f"{period.group(1)}-{period.group(2)}"}
        if year or self.single:
            return {"year": year or self.plan["period_start"]}
        return {"period": f"{self.plan['period_start']}-{self.plan['period_end']}"}

    def _source(self, draft: FundDraft) -> str:
        own = classify_source(draft.context, self.registry.fund_sources)
        if own:
            return own
        parent = draft.parent
        while parent is not None:
            inherited = classify_source(parent.context, self.registry.fund_sources)
            if inherited and inherited != "tong-hop" and not draft.children:
                return inherited
            parent = parent.parent
        return "tong-hop"

    # ------------------------------------------------------------------ duties and assignments

    def duty(self, draft: DutyDraft) -> None:
        if draft.agency is None:
            self.draft.held.append((f"nhiệm vụ của '{draft.agency_printed}': {draft.task[:80]}", draft.line,
                                    "cơ quan chưa có trong sổ đăng ký"))
            return
        self.draft.duties.append({
            "id": self.ids.make("d", draft.section, f"{draft.agency} {draft.role}"), "agency": draft.agency,
            "role": draft.role, "task": draft.task, "partners": draft.partners,
            "program": self.program_of(draft.owner, draft.task), "section": draft.section,
            "note": draft.note, "unreviewed": True, "source_line": draft.line,
        })

    def assignment(self, draft: AssignmentDraft) -> None:
        commune = self.registry.commune_named(draft.commune_printed)
        partner = self.registry.agency_named(draft.with_printed) if draft.with_printed else None
        problems = []
        if commune is None:
            self.registry.propose("commune", draft.commune_printed, draft.line,
                                  self.registry.suggest_commune(draft.commune_printed),
                                  "tên xã in trong phân công chưa có trong tên hoặc bí danh của xã nào")
            problems.append(f"xã '{draft.commune_printed}' chưa có trong sổ đăng ký")
        if draft.agency is None:
            problems.append(f"cơ quan '{draft.agency_printed}' chưa có trong sổ đăng ký")
        if draft.with_printed and partner is None:
            self.registry.propose("agency", draft.with_printed, draft.line,
                                  self.registry.suggest_agency(draft.with_printed), "cơ quan cùng phụ trách")
            problems.append(f"cơ quan '{draft.with_printed}' chưa có trong sổ đăng ký")
        if problems or commune is None or draft.agency is None:
            self.draft.held.append((f"phụ trách xã '{draft.commune_printed}'", draft.line, "; ".join(problems)))
            return
        self.draft.assignments.append({
            "id": self.ids.make("a", draft.agency, commune.id), "agency": draft.agency, "commune": commune.id,
            "role": draft.role, "with_agency": partner, "commune_printed": draft.commune_printed,
            "section": draft.section, "unreviewed": True, "source_line": draft.line,
        })


def _headline(drafts: list[FundDraft]) -> FundDraft | None:
    """The plan's overall printed total: the planned root amount with the most parts below it."""
    def size(draft: FundDraft) -> int:
        return 1 + sum(size(child) for child in draft.children)
    roots = [d for d in drafts if d.parent is None and d.nature == "planned" and d.children]
    return max(roots, key=lambda d: (size(d), d.figure.value.count("."), len(d.figure.value)), default=None)


def _breakdown(draft: FundDraft) -> str:
    assert draft.parent is not None
    kinds = {child.attach for child in draft.parent.children}
    if len(kinds) == 1:
        return "main"
    return {"inline": "by-source", "paragraph": "by-item", "section": "by-project"}.get(draft.attach, "main")


def _fund_note(draft: FundDraft, source: str) -> str:
    notes = []
    if draft.figure.unit == "tỷ đồng":
        notes.append("Số tiền in bằng tỷ đồng; giữ nguyên đơn vị như bản in.")
    if source == "tong-hop" and not draft.children:
        notes.append("Văn bản không ghi rõ nguồn vốn của khoản này (ghi tong-hop); cần kiểm tra.")
    if draft.attach == "section":
        notes.append("Coi là một phần của tổng mục trên theo cấu trúc văn bản; cần kiểm tra.")
    return " ".join(notes)


def classify_source(text: str, known: frozenset[str]) -> str | None:
    """Map the words naming an amount to a fund source id of the registry (NSTW, vốn sự nghiệp, …)."""
    words = fold(text)
    special = [("tin-dung", r"tin dung|cho vay|vay von"), ("long-ghep", r"long ghep"),
               ("huy-dong-cong-dong", r"cong dong|nhan dan dong gop|nguoi dan dong gop"),
               ("huy-dong-doanh-nghiep", r"huy dong doanh nghiep"), ("huy-dong-khac", r"huy dong")]
    for source, pattern in special:
        if re.search(pattern, words) and source in known:
            return source
    level = ("nstw" if re.search(r"trung uong|\bnstw\b", words) else
             "nsdp-tinh" if re.search(r"ngan sach tinh|kinh phi tinh|\btinh (giao|bo sung)", words) else
             "nsdp-huyen" if re.search(r"ngan sach huyen|huyen bo tri", words) else
             "nsdp-xa" if re.search(r"ngan sach xa\b", words) else
             "nsdp" if re.search(r"dia phuong|\bnsdp\b", words) else "")
    kind = "dtpt" if re.search(r"von dau tu|dau tu phat trien|dau tu cong", words) else \
        "sn" if re.search(r"su nghiep", words) else ""
    candidates = [f"{level}-{kind}" if level and kind else "", level,
                  f"nsdp-{kind}" if level.startswith("nsdp") and kind else "", f"ns-{kind}" if kind else ""]
    return next((c for c in candidates if c and c in known), None)
