"""Cross-file checks: unique ids, resolvable references, plan/folder agreement, commune spellings."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Iterable

from generator.errors import Issue, Location
from generator.kb import KnowledgeBase, PlanBundle
from generator.schema import Agency, Assignment

REQUIRED_REGISTRIES = {"programs": "registry/programs.yaml", "fund_sources": "registry/fund-sources.yaml",
                       "districts": "registry/districts.yaml"}


def check_kb(kb: KnowledgeBase) -> list[Issue]:
    """Return every cross-file error; an empty list means the KB is consistent."""
    issues = _missing_registries(kb) + _duplicates(kb)
    issues += _registry_refs(kb)
    for folder, bundle in kb.plans.items():
        issues += _plan_checks(kb, folder, bundle)
    return issues


def _missing_registries(kb: KnowledgeBase) -> list[Issue]:
    kinds = {"programs": "programs", "fund_sources": "fund-sources", "districts": "districts"}
    return [
        Issue("KB-PLAN-MISSING-FILE", f"thiếu sổ đăng ký {path}", Location(f"kb/{path}"), hint="tạo tệp này")
        for name, path in REQUIRED_REGISTRIES.items() if not getattr(kb, name) and kinds[name] not in kb.incomplete
    ]


def _dup_issues(kb: KnowledgeBase, prefix: tuple[str, ...], ids: Iterable[str], what: str) -> list[Issue]:
    counts = Counter(ids)
    return [
        Issue("KB-ID-DUPLICATE", f"mã {what} '{item_id}' được dùng {count} lần, lần đầu ở {kb.where(prefix + (item_id,))}",
              kb.where(prefix + (item_id, "#2")), hint="mỗi mã chỉ được định nghĩa một lần; đổi mã của mục này")
        for item_id, count in sorted(counts.items()) if count > 1
    ]


def _duplicates(kb: KnowledgeBase) -> list[Issue]:
    issues = _dup_issues(kb, ("program",), (p.id for p, _ in kb.all_programs()), "chương trình")
    issues += _dup_issues(kb, ("fund-source",), (s.id for s in kb.fund_sources), "nguồn vốn")
    issues += _dup_issues(kb, ("district",), (d.id for d in kb.districts), "huyện")
    for district, file in kb.communes.items():
        issues += _dup_issues(kb, ("commune", district), (c.id for c in file.communes), "xã")
    for district, agencies in kb.agencies.items():
        issues += _dup_issues(kb, ("agency", district), (a.id for a in agencies.agencies), "cơ quan")
        issues += _alias_issues(kb, district, agencies.agencies)
    for folder, bundle in kb.plans.items():
        issues += _dup_issues(kb, ("item", folder), (item.id for _, item in bundle.items()), "mục")
    return issues


def _alias_issues(kb: KnowledgeBase, district: str, agencies: Iterable[Agency]) -> list[Issue]:
    """A name, short name or alias must name one agency only: plans (and the importer) resolve agencies by it."""
    owner: dict[str, str] = {}
    issues = []
    for agency in agencies:
        written = {fold(n): n for n in (agency.aliases[::-1] + (agency.short_name or "", agency.name)) if n}
        for name, text in written.items():
            first = owner.setdefault(name, agency.id)
            if first != agency.id:
                issues.append(Issue(
                    "KB-ALIAS-DUPLICATE", f"tên '{text}' dùng cho cả cơ quan '{first}' và '{agency.id}'",
                    kb.where(("agency", district, agency.id), _field_naming(agency, name)),
                    hint=f"mỗi cách viết chỉ trỏ tới một cơ quan; xóa '{text}' ở một trong hai mục"))
    return issues


def _field_naming(agency: Agency, folded: str) -> str:
    if fold(agency.name) == folded:
        return "name"
    return "short_name" if agency.short_name and fold(agency.short_name) == folded else "aliases"


def _unknown(kb: KnowledgeBase, where: Location, value: str, choices: list[str], what: str) -> Issue:
    guess = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    hint = f"có phải ý bạn là '{guess[0]}'?" if guess else (
        f"các mã hợp lệ: {', '.join(choices[:12])}{'…' if len(choices) > 12 else ''}" if choices else "")
    return Issue("KB-REF-UNKNOWN", f"{what} '{value}' không có trong sổ đăng ký", where, hint=hint)


def _registry_refs(kb: KnowledgeBase) -> list[Issue]:
    districts = [d.id for d in kb.districts]
    issues = []
    for kind, files in (("communes-file", kb.communes), ("agencies-file", kb.agencies)):
        for district in files:
            if district not in districts:
                issues.append(_unknown(kb, kb.where((kind, district), "district"), district, districts, "huyện"))
            elif files[district].district != district:
                issues.append(Issue("KB-REF-PLAN-MISMATCH", f"tệp của huyện '{district}' ghi district: '{files[district].district}'",
                                    kb.where((kind, district), "district"), hint=f"sửa thành '{district}'"))
    return issues


def _plan_checks(kb: KnowledgeBase, folder: str, bundle: PlanBundle) -> list[Issue]:
    if bundle.plan is None:
        if f"plan:{folder}" in kb.incomplete:
            return []  # plan.yaml is there but broken; its own error says so
        path = next(iter(bundle.files), f"kb/plans/{folder}")
        return [Issue("KB-PLAN-MISSING-FILE", f"thư mục kế hoạch '{folder}' thiếu plan.yaml", Location(path),
                      hint=f"tạo kb/plans/{folder}/plan.yaml")]
    issues = _folder_agreement(kb, folder, bundle)
    plan = bundle.plan
    if plan.period_end < plan.period_start:
        issues.append(Issue("KB-VALUE-RANGE", f"năm kết thúc {plan.period_end} trước năm bắt đầu {plan.period_start}",
                            kb.where(("plan", folder), "period_end")))
    district_ids = [d.id for d in kb.districts]
    if "districts" in kb.incomplete:
        return issues
    if plan.district not in district_ids:
        issues.append(_unknown(kb, kb.where(("plan", folder), "district"), plan.district, district_ids, "huyện"))
        return issues
    return issues + _item_refs(kb, folder, bundle)


def _folder_agreement(kb: KnowledgeBase, folder: str, bundle: PlanBundle) -> list[Issue]:
    issues = []
    if bundle.plan and bundle.plan.id != folder:
        issues.append(Issue("KB-REF-PLAN-MISMATCH", f"mã kế hoạch '{bundle.plan.id}' khác tên thư mục '{folder}'",
                            kb.where(("plan", folder), "id"), hint=f"đặt id: {folder}"))
    for path, declared in sorted(bundle.declared_plan.items()):
        if declared != folder:
            issues.append(Issue("KB-REF-PLAN-MISMATCH", f"tệp ghi plan: '{declared}' nhưng nằm trong thư mục '{folder}'",
                                kb.where(("file", folder, path), "plan"), hint=f"sửa thành plan: {folder}"))
    return issues


def _item_refs(kb: KnowledgeBase, folder: str, bundle: PlanBundle) -> list[Issue]:
    assert bundle.plan is not None
    district = bundle.plan.district
    refs = _RefChecker(kb, folder, district)
    for program in bundle.plan.programs:
        refs.check(("plan", folder), "programs", program, refs.programs, "chương trình")
    for kind, item in bundle.items():
        key = ("item", folder, item.id)
        for name, pool, what in _REFERENCE_FIELDS.get(kind, ()):
            values = getattr(item, name)
            for value in values if isinstance(values, tuple) else (values,):
                if value is not None:
                    refs.check(key, name, value, getattr(refs, pool), what)
        if kind in ("targets", "fund_lines"):
            scope = getattr(item, "scope", None)
            communes = (scope.communes if scope else ()) + getattr(item, "communes", ())
            villages = (scope.villages if scope else ()) + getattr(item, "villages", ())
            for value in communes + tuple(v.commune for v in villages):
                refs.check(key, "scope" if scope else "communes", value, refs.communes, "xã")
        if isinstance(item, Assignment):
            refs.check_spelling(key, item.commune, item.commune_printed)
    return refs.issues


_REFERENCE_FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "targets": (("program", "programs", "chương trình"),),
    "fund_lines": (("program", "programs", "chương trình"), ("source", "sources", "nguồn vốn"),
                   ("parent", "fund_ids", "dòng vốn"), ("percent_of", "fund_ids", "dòng vốn")),
    "duties": (("agency", "agencies", "cơ quan"), ("partners", "agencies", "cơ quan"),
               ("program", "programs", "chương trình")),
    "assignments": (("agency", "agencies", "cơ quan"), ("with_agency", "agencies", "cơ quan"),
                    ("commune", "communes", "xã")),
    "results": (("target", "target_ids", "chỉ tiêu"), ("program", "programs", "chương trình"),
                ("communes", "communes", "xã")),
}


def fold(text: str) -> str:
    """Case- and NFC-normalise a printed name for spelling comparison."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class _RefChecker:
    """Resolve references of one plan against the registries and the plan's own items."""

    def __init__(self, kb: KnowledgeBase, folder: str, district: str):
        bundle = kb.plans[folder]
        self.kb = kb
        self.programs = [p.id for p, _ in kb.all_programs()]
        self.sources = [s.id for s in kb.fund_sources]
        self.agencies = [a.id for a in kb.district_agencies(district)]
        self.communes = [c.id for c in kb.district_communes(district)]
        self.commune_map = {c.id: c for c in kb.district_communes(district)}
        self.fund_ids = [f.id for f in bundle.fund_lines]
        self.target_ids = [t.id for t in bundle.targets]
        self.issues: list[Issue] = []
        broken = kb.incomplete
        self.skip = {id(pool) for pool, name in (
            (self.programs, "programs"), (self.sources, "fund-sources"), (self.agencies, f"agencies:{district}"),
            (self.communes, f"communes:{district}"), (self.fund_ids, f"funds:{folder}"),
            (self.target_ids, f"targets:{folder}")) if name in broken}

    def check(self, key: tuple[str, ...], field_name: str, value: str, pool: list[str], what: str) -> None:
        if id(pool) in self.skip:
            return
        if value not in pool:
            self.issues.append(_unknown(self.kb, self.kb.where(key, field_name), value, pool, what))

    def check_spelling(self, key: tuple[str, ...], commune_id: str, printed: str) -> None:
        if id(self.communes) in self.skip:
            return
        commune = self.commune_map.get(commune_id)
        if commune is None:
            return
        known = {fold(name) for name in (commune.name, *commune.aliases)}
        bare = fold(printed)
        for prefix in ("xã ", "thị trấn "):
            bare = bare.removeprefix(prefix)
        if fold(printed) not in known and bare not in known:
            self.issues.append(Issue(
                "KB-COMMUNE-SPELLING", f"tên '{printed}' chưa có trong tên hoặc bí danh của xã '{commune_id}' ({commune.name})",
                self.kb.where(key, "commune_printed"),
                hint=f"thêm '{printed}' vào aliases của '{commune_id}' trong sổ đăng ký xã"))
