"""Build the site model: resolved references and indexes the pages need, as pure functions of the KB."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from generator.admin_units import slug
from generator.errors import Issue
from generator.kb import Item, KnowledgeBase, PlanBundle
from generator.schema import (
    Agency,
    Assignment,
    Commune,
    District,
    Duty,
    FundLine,
    Plan,
    Program,
    ProgressResult,
    Successor,
    Target,
)
from generator.sums import in_millions


@dataclass(frozen=True)
class SourceRef:
    """Where a figure comes from: the plan, its printed section, and the KB file:line."""

    plan_id: str
    section: str
    kb_location: str


@dataclass(frozen=True)
class Located:
    """A KB item with its plan and provenance."""

    plan_id: str
    item: Item
    source: SourceRef


@dataclass(frozen=True)
class NewUnit:
    """A commune-level unit created on 1 July 2025, with the old communes it absorbed."""

    key: str
    name: str
    code: str
    province: str
    predecessors: tuple[tuple[str, str], ...]  # (district id, commune id)


@dataclass(frozen=True)
class SiteModel:
    """Everything the pages need, resolved and indexed."""

    kb: KnowledgeBase
    plans: tuple[Plan, ...]
    districts: dict[str, District]
    provinces: dict[str, tuple[str, ...]]  # province slug -> district ids
    province_names: dict[str, str]
    communes: dict[tuple[str, str], Commune]
    agencies: dict[tuple[str, str], Agency]
    programs: dict[str, Program]
    program_parent: dict[str, str | None]
    items: dict[str, tuple[Located, ...]]  # plan id -> every item with provenance
    by_commune: dict[tuple[str, str], tuple[Located, ...]]
    by_agency: dict[tuple[str, str], tuple[Located, ...]]
    by_program: dict[str, tuple[Located, ...]]
    new_units: dict[str, NewUnit]
    findings: dict[str, tuple[Issue, ...]]
    fund_children: dict[tuple[str, str], dict[str, tuple[FundLine, ...]]] = field(default_factory=dict)

    def plan(self, plan_id: str) -> Plan:
        return next(p for p in self.plans if p.id == plan_id)

    def bundle(self, plan_id: str) -> PlanBundle:
        return self.kb.plans[plan_id]

    def program_chain(self, program_id: str) -> tuple[Program, ...]:
        """Return the program, project and sub-project from the top down."""
        chain: list[Program] = []
        current: str | None = program_id
        while current:
            chain.insert(0, self.programs[current])
            current = self.program_parent[current]
        return tuple(chain)


def build_site_model(kb: KnowledgeBase) -> SiteModel:
    """Resolve the KB into the indexes pages are built from."""
    plans = tuple(sorted((b.plan for b in kb.plans.values() if b.plan), key=lambda p: (p.district, -p.period_end, p.id)))
    items = {plan.id: tuple(_located(kb, plan.id)) for plan in plans}
    plan_district = {plan.id: plan.district for plan in plans}
    programs = {p.id: p for p, _ in kb.all_programs()}
    return SiteModel(
        kb=kb,
        plans=plans,
        districts={d.id: d for d in kb.districts},
        provinces=_provinces(kb),
        province_names={slug(d.province): d.province for d in kb.districts},
        communes={(d, c.id): c for d, f in kb.communes.items() for c in f.communes},
        agencies={(d, a.id): a for d, f in kb.agencies.items() for a in f.agencies},
        programs=programs,
        program_parent={p.id: (parent.id if parent else None) for p, parent in kb.all_programs()},
        items=items,
        by_commune=_index(items, plan_district, _commune_ids),
        by_agency=_index(items, plan_district, _agency_ids),
        by_program=_program_index(items, {p.id: parent.id if parent else None for p, parent in kb.all_programs()}),
        new_units=_new_units(kb),
        findings=_findings(kb),
        fund_children=_fund_children(kb),
    )


def _located(kb: KnowledgeBase, plan_id: str) -> list[Located]:
    bundle = kb.plans[plan_id]
    return [
        Located(plan_id, item, SourceRef(plan_id, item.section, str(kb.where(("item", plan_id, item.id)))))
        for kind, item in bundle.items() if kind != "legal_bases"
    ]


def _provinces(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for district in kb.districts:
        grouped[slug(district.province)].append(district.id)
    return {key: tuple(sorted(ids)) for key, ids in sorted(grouped.items())}


def _commune_ids(item: object) -> set[str]:
    ids: set[str] = set()
    if isinstance(item, Assignment):
        ids.add(item.commune)
    scope = getattr(item, "scope", None)
    if scope is not None:
        ids.update(scope.communes)
        ids.update(v.commune for v in scope.villages)
    ids.update(getattr(item, "communes", ()))
    ids.update(v.commune for v in getattr(item, "villages", ()))
    return ids


def _agency_ids(item: object) -> set[str]:
    if isinstance(item, Duty):
        return {item.agency}
    if isinstance(item, Assignment):
        return {item.agency}
    return set()


def _index(items: dict[str, tuple[Located, ...]], plan_district: dict[str, str], keys) -> dict[tuple[str, str], tuple[Located, ...]]:
    index: dict[tuple[str, str], list[Located]] = defaultdict(list)
    for plan_id, located in items.items():
        for entry in located:
            for key in sorted(keys(entry.item)):
                index[(plan_district[plan_id], key)].append(entry)
    return {key: tuple(value) for key, value in index.items()}


def _program_index(items: dict[str, tuple[Located, ...]], parents: dict[str, str | None]) -> dict[str, tuple[Located, ...]]:
    index: dict[str, list[Located]] = defaultdict(list)
    for located in items.values():
        for entry in located:
            current = getattr(entry.item, "program", None)
            while current:  # an item of Tiểu dự án 1 also belongs to its Dự án and program
                index[current].append(entry)
                current = parents.get(current)
    return {key: tuple(value) for key, value in index.items()}


def _new_units(kb: KnowledgeBase) -> dict[str, NewUnit]:
    grouped: dict[str, tuple[Successor, list[tuple[str, str]]]] = {}
    for district, file in sorted(kb.communes.items()):
        for commune in file.communes:
            for successor in commune.successors:
                key = f"{slug(successor.province)}-{slug(successor.name)}"
                grouped.setdefault(key, (successor, []))[1].append((district, commune.id))
    return {
        key: NewUnit(key, s.name, s.code, s.province, tuple(predecessors))
        for key, (s, predecessors) in sorted(grouped.items())
    }


def _findings(kb: KnowledgeBase) -> dict[str, tuple[Issue, ...]]:
    grouped: dict[str, list[Issue]] = defaultdict(list)
    for finding in kb.findings:
        grouped[finding.data.get("plan", "")].append(finding)
    return {key: tuple(value) for key, value in grouped.items()}


def _fund_children(kb: KnowledgeBase) -> dict[tuple[str, str], dict[str, tuple[FundLine, ...]]]:
    children: dict[tuple[str, str], dict[str, list[FundLine]]] = defaultdict(lambda: defaultdict(list))
    for plan_id, bundle in kb.plans.items():
        for line in bundle.fund_lines:
            if line.parent:
                children[(plan_id, line.parent)][line.breakdown].append(line)
    return {key: {b: tuple(v) for b, v in sorted(value.items())} for key, value in children.items()}


def fund_roots(model: SiteModel, plan_id: str) -> tuple[FundLine, ...]:
    """Return the plan's fund lines that are not part of a printed total."""
    return tuple(line for line in model.bundle(plan_id).fund_lines if not line.parent)


def leaf_lines(model: SiteModel, plan_id: str, line: FundLine) -> list[FundLine]:
    """Return the most detailed lines under *line*, following one breakdown so nothing counts twice."""
    breakdowns = model.fund_children.get((plan_id, line.id))
    if not breakdowns:
        return [line]
    # Prefer the split that reaches the most specific sources (fewest 'tong-hop' leaves).
    options = [[leaf for child in parts for leaf in leaf_lines(model, plan_id, child)] for parts in breakdowns.values()]
    return min(options, key=lambda leaves: (sum(1 for leaf in leaves if leaf.source == "tong-hop"), -len(leaves)))


def program_lines(model: SiteModel, plan_id: str, line: FundLine) -> list[FundLine]:
    """Printed lines below *line* that each belong to a more specific program or project.

    A project's printed total is used as printed (not re-summed from its parts), and of several
    breakdowns the one naming the most programs is followed, so each amount counts once.
    """
    breakdowns = model.fund_children.get((plan_id, line.id))
    if not breakdowns:
        return [line]
    options = []
    for parts in breakdowns.values():
        chosen = [leaf for child in parts for leaf in
                  ([child] if child.program != line.program else program_lines(model, plan_id, child))]
        options.append(chosen)
    return max(options, key=lambda lines: len({leaf.program for leaf in lines}))


def headline_line(model: SiteModel, plan_id: str) -> FundLine | None:
    """Return the plan's overall printed total, if the KB marks one."""
    return next((line for line in model.bundle(plan_id).fund_lines if line.headline), None)


def totals_by_source(model: SiteModel, plan_id: str) -> dict[str, Decimal]:
    """Split the plan's headline total by fund source, counting each printed amount once."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    headline = headline_line(model, plan_id)
    if headline is not None:
        for leaf in leaf_lines(model, plan_id, headline):
            totals[leaf.source] += in_millions(leaf)
    return dict(sorted(totals.items()))
