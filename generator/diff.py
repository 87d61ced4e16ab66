"""Semantic diff of two KBs: changes per entity keyed by stable id, with money and percentage-point deltas."""

from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Mapping

from generator.kb import KnowledgeBase, item_field
from generator.numbers import format_delta, parse_vn_number, to_vn_number

Status = Literal["added", "removed", "changed", "renamed"]
KIND_TEXT = {"plan": "kế hoạch", "legal_basis": "căn cứ", "target": "chỉ tiêu", "fund_line": "dòng vốn",
             "duty": "nhiệm vụ", "assignment": "phân công xã", "result": "kết quả", "commune": "xã",
             "agency": "cơ quan", "program": "chương trình", "district": "huyện", "fund_source": "nguồn vốn",
             "indicator": "chỉ tiêu chính"}
ITEM_KINDS = {"legal_bases": "legal_basis", "targets": "target", "fund_lines": "fund_line", "duties": "duty",
              "assignments": "assignment", "results": "result"}


@dataclass(frozen=True)
class Entity:
    """One comparable thing in a KB: its kind, stable key, display label and content."""

    kind: str
    key: str
    plan: str
    label: str
    content: dict[str, Any]
    refs: frozenset[str] = frozenset()  # commune/agency page keys it concerns, e.g. "commune:phong-tho/dao-san"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    delta: str = ""


@dataclass(frozen=True)
class Change:
    kind: str
    key: str
    plan: str
    status: Status
    label: str
    fields: tuple[FieldChange, ...] = ()
    old_key: str = ""
    refs: frozenset[str] = frozenset()
    before: Mapping[str, Any] | None = None  # content before the change (None when added)
    after: Mapping[str, Any] | None = None  # content after the change (None when removed)


@dataclass(frozen=True)
class KbDiff:
    changes: tuple[Change, ...]
    totals_before: dict[str, Decimal] = field(default_factory=dict)
    totals_after: dict[str, Decimal] = field(default_factory=dict)
    # every entity of both sides, so a description can name what a changed item refers to
    old_entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    new_entities: dict[tuple[str, str], Entity] = field(default_factory=dict)

    def counts(self) -> dict[tuple[str, str, str], int]:
        """(plan, kind, status) -> number of changes."""
        return dict(sorted(Counter((c.plan, c.kind, c.status) for c in self.changes).items()))


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item_refs(district: str, item: Any) -> frozenset[str]:
    refs = set()
    for name in ("agency", "with_agency"):
        if agency := item_field(item, name):
            refs.add(f"agency:{district}/{agency}")
    if commune := item_field(item, "commune"):
        refs.add(f"commune:{district}/{commune}")
    scope = item_field(item, "scope")
    communes = list(item_field(item, "communes") or ()) + (list(scope.communes) + [v.commune for v in scope.villages] if scope else [])
    refs.update(f"commune:{district}/{c}" for c in communes)
    return frozenset(refs)


def _label(kind: str, item: Any, names: _DistrictNames) -> str:
    if kind == "assignment":
        agencies, communes = names.agencies, names.communes
        role = "phụ trách" if item.role == "lead" else "đồng phụ trách"
        return f"{agencies.get(item.agency, item.agency)} {role} xã {communes.get(item.commune, item.commune)}"
    for name in ("indicator", "label", "task", "number", "name", "title"):
        if value := item_field(item, name):
            return _short(value)
    return item.id


@dataclass(frozen=True)
class _DistrictNames:
    """A district's agency and commune names by id, looked up once per district, not once per assignment."""

    agencies: dict[str, str]
    communes: dict[str, str]

    @classmethod
    def of(cls, kb: KnowledgeBase, district: str) -> _DistrictNames:
        return cls({a.id: a.name for a in kb.district_agencies(district)}, {c.id: c.name for c in kb.district_communes(district)})


def entities(kb: KnowledgeBase) -> dict[tuple[str, str], Entity]:
    """Every comparable entity of a KB, keyed by (kind, stable key)."""
    found: dict[tuple[str, str], Entity] = {}

    def add(entity: Entity) -> None:
        found[(entity.kind, entity.key)] = entity

    names: dict[str, _DistrictNames] = {}
    for plan_id, bundle in kb.plans.items():
        if bundle.plan is None:
            continue
        district = bundle.plan.district
        if district not in names:
            names[district] = _DistrictNames.of(kb, district)
        add(Entity("plan", plan_id, plan_id, _short(bundle.plan.title), bundle.plan.model_dump(mode="json", exclude={"legal_bases"})))
        for list_name, item in bundle.items():
            kind = ITEM_KINDS[list_name]
            add(Entity(kind, f"{plan_id}/{item.id}", plan_id, _label(kind, item, names[district]),
                       item.model_dump(mode="json"), _item_refs(district, item)))
    for district, file in kb.communes.items():
        for c in file.communes:
            add(Entity("commune", f"{district}/{c.id}", "", c.name, c.model_dump(mode="json"), frozenset({f"commune:{district}/{c.id}"})))
    for district, afile in kb.agencies.items():
        for a in afile.agencies:
            add(Entity("agency", f"{district}/{a.id}", "", a.name, a.model_dump(mode="json"), frozenset({f"agency:{district}/{a.id}"})))
    for program, _ in kb.all_programs():
        add(Entity("program", program.id, "", program.short_name, program.model_dump(mode="json", exclude={"projects"})))
    for d in kb.districts:
        add(Entity("district", d.id, "", d.name, d.model_dump(mode="json")))
    for s in kb.fund_sources:
        add(Entity("fund_source", s.id, "", s.name, s.model_dump(mode="json")))
    for i in kb.indicators:
        add(Entity("indicator", i.id, "", i.name, i.model_dump(mode="json")))
    return found


def _number(value: Any) -> Decimal | None:
    try:
        return parse_vn_number(value) if isinstance(value, str) else None
    except (ValueError, InvalidOperation):
        return None


def _delta(kind: str, name: str, old: Any, new: Any, content: dict[str, Any]) -> str:
    before, after = _number(old), _number(new)
    if before is None or after is None:
        return ""
    if kind == "fund_line" and name == "amount":
        pct = f"; {format_delta(((after - before) * 100 / before).quantize(Decimal('0.1')), '%')}" if before else ""
        return f"{format_delta(after - before, content.get('unit', 'triệu đồng'))}{pct}"
    if content.get("unit") == "%" and name in ("value", "value_max"):
        return format_delta(after - before, "điểm %")
    return format_delta(after - before)


def _field_changes(kind: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    changes = []
    for name in sorted(set(old) | set(new), key=lambda n: list(new).index(n) if n in new else len(new)):
        if name == "id" or old.get(name) == new.get(name):
            continue
        changes.append(FieldChange(name, old.get(name), new.get(name), _delta(kind, name, old.get(name), new.get(name), new)))
    return tuple(changes)


def _similarity(a: Entity, b: Entity) -> float:
    strip = lambda e: json.dumps({k: v for k, v in e.content.items() if k != "id"}, sort_keys=True, ensure_ascii=False)  # noqa: E731
    return difflib.SequenceMatcher(None, strip(a), strip(b)).ratio()


def _renames(removed: list[Entity], added: list[Entity]) -> list[tuple[Entity, Entity]]:
    """Pair a removed and an added entity of the same kind and plan whose content says they are one."""
    pairs = []
    candidates = sorted(((_similarity(r, a), r.key, a.key, r, a) for r in removed for a in added
                         if r.kind == a.kind and r.plan == a.plan), key=lambda t: (-t[0], t[1], t[2]))
    used_old, used_new = set(), set()
    for score, _, _, old, new in candidates:
        if score >= 0.85 and old.key not in used_old and new.key not in used_new:
            pairs.append((old, new))
            used_old.add(old.key)
            used_new.add(new.key)
    return pairs


def diff_kbs(old: KnowledgeBase, new: KnowledgeBase,
             totals: tuple[dict[str, Decimal], dict[str, Decimal]] | None = None) -> KbDiff:
    """Compare two KBs entity by entity (*totals*: both sides' headline totals when already known)."""
    before, after = entities(old), entities(new)
    changes: list[Change] = []
    for key in sorted(before.keys() & after.keys()):
        fields = _field_changes(key[0], before[key].content, after[key].content)
        if fields:
            e = after[key]
            changes.append(Change(e.kind, e.key, e.plan, "changed", e.label, fields, refs=e.refs | before[key].refs,
                                  before=before[key].content, after=e.content))
    removed = [before[k] for k in sorted(before.keys() - after.keys())]
    added = [after[k] for k in sorted(after.keys() - before.keys())]
    for old_e, new_e in _renames(removed, added):
        removed.remove(old_e)
        added.remove(new_e)
        changes.append(Change(new_e.kind, new_e.key, new_e.plan, "renamed", new_e.label,
                              _field_changes(new_e.kind, old_e.content, new_e.content), old_key=old_e.key,
                              refs=old_e.refs | new_e.refs, before=old_e.content, after=new_e.content))
    changes += [Change(e.kind, e.key, e.plan, "removed", e.label, refs=e.refs, before=e.content) for e in removed]
    changes += [Change(e.kind, e.key, e.plan, "added", e.label, refs=e.refs, after=e.content) for e in added]
    order = list(KIND_TEXT)
    changes.sort(key=lambda c: (c.plan, order.index(c.kind), c.key))
    return KbDiff(tuple(changes), *(totals or (_totals(old), _totals(new))), before, after)


def _totals(kb: KnowledgeBase) -> dict[str, Decimal]:
    """Headline money of all plans by fund source name (each printed amount counted once)."""
    from generator.model import build_site_model, totals_by_source

    if not kb.plans:
        return {}
    model = build_site_model(kb)
    names = {s.id: s.name for s in kb.fund_sources}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for plan in model.plans:
        for source, figure in totals_by_source(model, plan.id).items():
            totals[names.get(source, source)] += figure.value
    return dict(sorted(totals.items()))


def value_text(value: Any) -> str:
    """Show a field value compactly for reports."""
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return _short(json.dumps(value, ensure_ascii=False), 120)
    if isinstance(value, Decimal):
        return to_vn_number(value)
    return _short(str(value), 120)
