"""Cross-file checks: unique ids, resolvable references, plan/folder agreement, commune spellings."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from collections.abc import Iterable

from generator.errors import Issue, Location
from generator.kb import KnowledgeBase, PlanBundle
from generator.admin_units import slug
from generator.schema import ID_PATTERN, Agency, Assignment, Commune, FundLine, Scope, Target

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
        Issue("KB-PLAN-MISSING-FILE", f"thiếu sổ đăng ký {path}", Location(f"kb/{path}", 1, 1), hint="tạo tệp này")
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
    issues += _dup_issues(kb, ("indicator",), (i.id for i in kb.indicators), "chỉ tiêu chính")
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
    return issues + _lineage_refs(kb)


def _lineage_refs(kb: KnowledgeBase) -> list[Issue]:
    """A former commune's `printed_in` names a plan of the same district (when the KB holds the district's plans:
    a KB started from the registries alone has none yet)."""
    issues = []
    by_district: dict[str, list[str]] = {}  # one pass over the plans, not one per district (700 × 3,500 nationally)
    for folder, bundle in sorted(kb.plans.items()):
        if bundle.plan:
            by_district.setdefault(bundle.plan.district, []).append(folder)
    for district, file in kb.communes.items():
        plans = by_district.get(district, [])
        for commune in file.communes:
            for i, former in enumerate(commune.merged_from):
                for j, at in enumerate(former.printed_in):
                    if plans and at.plan not in plans:
                        where = kb.where(("commune", district, commune.id), ("merged_from", i, "printed_in", j, "plan"))
                        issues.append(_unknown(kb, where, at.plan, plans, f"kế hoạch của huyện '{district}'"))
    return issues


def _plan_checks(kb: KnowledgeBase, folder: str, bundle: PlanBundle) -> list[Issue]:
    if bundle.plan is None:
        if f"plan:{folder}" in kb.incomplete:
            return []  # plan.yaml is there but broken; its own error says so
        path = next(iter(bundle.files), f"kb/plans/{folder}")
        return [Issue("KB-PLAN-MISSING-FILE", f"thư mục kế hoạch '{folder}' thiếu plan.yaml",
                      kb.where(("file", folder, path), "plan"), hint=f"tạo kb/plans/{folder}/plan.yaml")]
    if not re.match(ID_PATTERN, folder):
        return [Issue("KB-VALUE-FORMAT", f"tên thư mục kế hoạch '{folder}' không phải là mã hợp lệ",
                      kb.where(("plan", folder), "id"), hint=f"đổi tên thư mục thành mã của kế hoạch, ví dụ '{slug(folder)}'"
                      " (chữ thường không dấu, chữ số, dấu '-'), và ghi cùng mã ở id và plan: của mọi tệp")]
    issues = _folder_agreement(kb, folder, bundle) + _fund_line_checks(kb, folder, bundle)
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


def _fund_line_checks(kb: KnowledgeBase, folder: str, bundle: PlanBundle) -> list[Issue]:
    """No total is its own part (parent chains end), and at most one line is the plan's headline total."""
    parents = {line.id: line.parent for line in bundle.fund_lines}
    issues = []
    for line in bundle.fund_lines:
        seen, current = [line.id], line.parent
        while current in parents and current not in seen:
            seen.append(current)
            current = parents[current]
        if current == line.id:  # reported once per cycle, at the line with the smallest id
            if line.id == min(seen):
                chain = " → ".join(seen + [line.id])
                issues.append(Issue("KB-REF-CYCLE", f"dòng vốn là phần của chính nó: {chain}",
                                    kb.where(("item", folder, line.id), "parent"),
                                    hint="parent chỉ dòng tổng in ở cấp trên; xóa hoặc sửa một parent trong vòng"))
    headlines = [line.id for line in bundle.fund_lines if line.headline]
    for extra in headlines[1:]:
        issues.append(Issue("KB-VALUE-RANGE", f"headline: true ở nhiều dòng vốn ({', '.join(headlines)})",
                            kb.where(("item", folder, extra), "headline"),
                            hint=f"chỉ dòng tổng kinh phí chung của kế hoạch có headline: true; giữ ở '{headlines[0]}'"))
    return issues


def _item_refs(kb: KnowledgeBase, folder: str, bundle: PlanBundle) -> list[Issue]:
    assert bundle.plan is not None
    district = bundle.plan.district
    refs = _RefChecker(kb, folder, district)
    for program in bundle.plan.programs:
        refs.check(("plan", folder), "programs", program, refs.programs, "chương trình")
    fields = refs.reference_fields()
    for kind, item in bundle.items():
        key = ("item", folder, item.id)
        for name, pool, members, what in fields.get(kind, ()):  # a million references at a tenth of the country
            values = getattr(item, name)
            if isinstance(values, tuple):
                for i, value in enumerate(values):
                    if value not in members:
                        refs.check(key, (name, i), value, pool, what)
            elif values is not None and values not in members:
                refs.check(key, name, values, pool, what)
        if isinstance(item, (Target, FundLine)):
            holder: Scope | FundLine = item.scope if isinstance(item, Target) else item
            path: tuple[str, ...] = ("scope",) if isinstance(item, Target) else ()
            for i, value in enumerate(holder.communes):
                refs.check(key, path + ("communes", i), value, refs.communes, "xã")
            for i, village in enumerate(holder.villages):
                refs.check(key, path + ("villages", i, "commune"), village.commune, refs.communes, "xã")
        if isinstance(item, Assignment):
            refs.check_spelling(key, item.commune, item.commune_printed)
        if isinstance(item, Target) and item.scope.printed:
            refs.check_scope_names(key, item)
        if isinstance(item, Target) and item.indicator_key:
            refs.check_indicator(key, item)
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
        self.indicators = {i.id: i for i in kb.indicators}
        self.issues: list[Issue] = []
        broken = kb.incomplete
        self.skip = {id(pool) for pool, name in (
            (self.programs, "programs"), (self.sources, "fund-sources"), (self.agencies, f"agencies:{district}"),
            (self.communes, f"communes:{district}"), (self.fund_ids, f"funds:{folder}"),
            (self.target_ids, f"targets:{folder}")) if name in broken}
        self.skip_indicators = "indicators" in broken
        self.members = {id(pool): set(pool) for pool in (self.programs, self.sources, self.agencies, self.communes,
                                                           self.fund_ids, self.target_ids)}  # not a scan per reference

    def reference_fields(self) -> dict[str, list[tuple[str, list[str], set[str], str]]]:
        """Per item kind, the fields to check: name, pool, the pool's members, what it names (skipped pools left out)."""
        return {kind: [(name, getattr(self, pool), self.members[id(getattr(self, pool))], what)
                       for name, pool, what in specs if id(getattr(self, pool)) not in self.skip]
                for kind, specs in _REFERENCE_FIELDS.items()}

    def check(self, key: tuple[str, ...], field_name: str | tuple[str | int, ...], value: str, pool: list[str],
              what: str) -> None:
        if id(pool) in self.skip:
            return
        if value not in self.members[id(pool)]:
            self.issues.append(_unknown(self.kb, self.kb.where(key, field_name), value, pool, what))

    def check_indicator(self, key: tuple[str, ...], target: Target) -> None:
        """A key indicator must be registered and must measure in the unit the target prints."""
        if self.skip_indicators or target.indicator_key is None:
            return
        indicator = self.indicators.get(target.indicator_key)
        if indicator is None:
            issue = _unknown(self.kb, self.kb.where(key, "indicator_key"), target.indicator_key, list(self.indicators),
                             "chỉ tiêu chính")
            self.issues.append(issue if self.indicators else replace(
                issue, hint="thêm chỉ tiêu chính này vào kb/registry/indicators.yaml"))
        elif target.unit not in indicator.units:
            fitting = [i.id for i in self.indicators.values() if target.unit in i.units]
            hint = (f"chỉ tiêu chính nhận đơn vị '{target.unit}': {', '.join(fitting)}" if fitting else
                    f"bỏ indicator_key, hoặc thêm '{target.unit}' vào units của '{indicator.id}' nếu đúng là cùng một đại lượng")
            self.issues.append(Issue(
                "KB-INDICATOR-UNIT", f"chỉ tiêu có đơn vị '{target.unit}' không gắn được với chỉ tiêu chính "
                f"'{indicator.id}' ({indicator.name}): chỉ tiêu chính này chỉ nhận đơn vị "
                f"{', '.join(repr(u) for u in indicator.units)}",
                self.kb.where(key, "indicator_key"), hint=hint))  # located only when needed: it may read the file again

    def check_spelling(self, key: tuple[str, ...], commune_id: str, printed: str) -> None:
        if id(self.communes) in self.skip:
            return
        commune = self.commune_map.get(commune_id)
        if commune is None:
            return
        if resolve_commune((commune,), printed) is None:
            self.issues.append(Issue(
                "KB-COMMUNE-SPELLING", f"tên '{printed}' chưa có trong tên hoặc bí danh của xã '{commune_id}' ({commune.name})",
                self.kb.where(key, "commune_printed"),
                hint=f"thêm '{printed}' vào aliases của '{commune_id}' trong sổ đăng ký xã"))

    def check_scope_names(self, key: tuple[str, ...], target: Target) -> None:
        """Every commune a scope phrase names is a registered commune of the district, listed in `scope.communes`."""
        if id(self.communes) in self.skip:
            return
        for name in commune_names_in(target.scope.printed):
            found = resolve_commune(self.commune_map.values(), name)
            if found is None:  # located only when needed, like every check: locating may read the item again
                self.issues.append(self._unknown_name(name, self.kb.where(key, ("scope", "printed"))))
            elif found[0].id not in target.scope.communes:
                self.issues.append(Issue(
                    "KB-SCOPE-MISMATCH", f"scope.printed ghi '{name}' (xã '{found[0].id}') nhưng scope.communes không có xã này",
                    self.kb.where(key, ("scope", "printed")), hint=f"thêm '{found[0].id}' vào scope.communes"))

    def _unknown_name(self, name: str, where: Location) -> Issue:
        spellings = {spelling: c for c in self.commune_map.values() for spelling in (c.name, *c.aliases)}
        guess = difflib.get_close_matches(name, list(spellings), n=1, cutoff=0.6)
        hint = (f"có phải ý bạn là '{guess[0]}' (mã '{spellings[guess[0]].id}')? nếu đúng là cách viết khác, "
                f"thêm '{name}' vào aliases của '{spellings[guess[0]].id}'") if guess else \
            "kiểm tra tên xã; nếu là cách viết khác của một xã, thêm vào aliases của xã đó trong sổ đăng ký"
        return Issue("KB-COMMUNE-SPELLING", f"tên xã '{name}' trong scope.printed không có trong sổ đăng ký xã của huyện",
                     where, hint=hint)


def fold(text: str) -> str:
    """Case- and NFC-normalise a printed name for spelling comparison."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_PREFIXES = ("xã ", "thị trấn ", "phường ")


def printed_names(commune: Commune) -> dict[str, str]:
    """Folded name -> how it relates to *commune*: its name, an alias, or a former commune merged into it."""
    names = {fold(alias): "alias" for alias in commune.aliases}
    names.update({fold(p.name): "merged" for p in commune.merged_from})
    names[fold(commune.name)] = "name"
    return names


def resolve_commune(communes: Iterable[Commune], printed: str) -> tuple[Commune, str] | None:
    """Find the commune a printed name means (with or without 'xã'/'thị trấn'), through its name, aliases or lineage.

    Returns the commune and "name", "alias" or "merged"; shared with the Word importer.
    """
    folded = fold(printed)
    bare = next((folded.removeprefix(p) for p in _PREFIXES if folded.startswith(p)), folded)
    for commune in communes:
        names = printed_names(commune)
        how = names.get(folded) or names.get(bare)
        if how:
            return commune, how
    return None


def resolve_agency(agencies: Iterable[Agency], printed: str) -> Agency | None:
    """Find the agency a printed name means, through its name, short name or aliases, in any letter case.

    Shared with the Word importer, which drafts duties from agency names printed in a plan.
    """
    folded = fold(printed.strip(" .:;"))
    return next((a for a in agencies if folded in {fold(n) for n in (a.name, a.short_name or "", *a.aliases)}), None)


_WORD = re.compile(r"\w+|[^\w\s]")
_COMMUNE_WORD = {"xã", "thị trấn", "phường"}
_LIST_GLUE = {",", "/", "và", "hoặc", "("}


def commune_names_in(text: str) -> list[str]:
    """Names a scope phrase prints after 'xã', 'thị trấn' or 'phường', with the lists that follow them.

    `xã Sơn Bình 05 bản, xã Giang Ma` → Sơn Bình, Giang Ma; `các xã: Hoang Thèn, Mù Sang...` → both names;
    `tại xã Sin Suối Hồ (hoặc Nậm Xe/Mường So)` → three names. A name is a run of capitalised words.
    """
    tokens = _WORD.findall(text)
    names: list[str] = []
    index = 0
    while index < len(tokens):
        pair = " ".join(tokens[index:index + 2]).casefold()
        width = 2 if pair in _COMMUNE_WORD else 1 if tokens[index].casefold() in _COMMUNE_WORD else 0
        if not width:
            index += 1
            continue
        index = _read_name_list(tokens, index + width, names)
    return names


def _read_name_list(tokens: list[str], index: int, names: list[str]) -> int:
    """Read `[:] Name[ 05 bản][, Name]…` from *index*; return where the list ends."""
    index += 1 if tokens[index:index + 1] == [":"] else 0
    while index < len(tokens):
        run = []
        while index < len(tokens) and tokens[index][:1].isupper() and tokens[index][:1].isalpha():
            run.append(tokens[index])
            index += 1
        if not run:
            return index
        names.append(" ".join(run))
        while index < len(tokens) and (tokens[index].isdigit() or tokens[index] in ("bản", "thôn")):
            index += 1  # "05 bản": a count of villages after the name
        if index >= len(tokens) or tokens[index].casefold() not in _LIST_GLUE:
            return index
        while index < len(tokens) and tokens[index].casefold() in _LIST_GLUE | {"xã", "thị", "trấn", "phường"}:
            index += 1
    return index
