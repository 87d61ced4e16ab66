"""Build the site model: resolved references and indexes the pages need, as pure functions of the KB."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from generator.admin_units import slug
from generator.errors import Issue
from generator.kb import Item, KnowledgeBase, PlanBundle, item_field
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
from generator.figures import Figure, FundTree, fund_tree, group_figures, program_split, source_split, source_totals


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
class SiteCounts:
    """How many plans, communes, agencies, new units, targets and fund lines the site has: what decides its shape
    (one search index per province, comparisons per province, overviews split by district). A part of the KB
    modelled alone (one district's plans and registries) is given the whole site's counts, so that its pages are
    the whole site's pages, byte for byte."""

    plans: int
    communes: int
    agencies: int
    new_units: int
    targets: int  # rows of the targets overview
    fund_lines: int  # rows of the funds overview


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
    fund_trees: dict[str, FundTree] = field(default_factory=dict)  # plan id -> its fund lines as totals and parts
    whole: SiteCounts | None = None  # the whole site's counts, when this model is one part of it

    @cached_property
    def counts(self) -> SiteCounts:
        """The site's counts: its own, or the whole site's when this model is a part of it."""
        return self.whole or SiteCounts(len(self.plans), len(self.communes), len(self.agencies), len(self.new_units),
                                        sum(len(self.bundle(p.id).targets) for p in self.plans),
                                        sum(len(self.fund_trees[p.id].lines) for p in self.plans))

    def plan(self, plan_id: str) -> Plan:
        return self._plans_by_id[plan_id]

    @cached_property
    def _plans_by_id(self) -> dict[str, Plan]:  # pages look plans up per table row: no linear scan
        return {p.id: p for p in self.plans}

    def has_plan(self, plan_id: str) -> bool:
        """Whether the plan is on the site (drafts held back are not)."""
        return plan_id in self._plans_by_id

    @cached_property
    def plan_labels(self) -> dict[str, str]:
        """Each plan's short name in the rows of tables ("Phong Thổ · 2023–2025"), unique on the site: its title is
        on its own page, a link away (a title on every row was an eighth of a national site's HTML)."""
        return {plan.id: label for plans in self._plans_by_district.values()
                for plan, label in zip(plans, short_plan_names(self, plans))}

    def district_plans(self, district_id: str) -> tuple[Plan, ...]:
        """The plans of one district, in site order (every commune and agency page asks: no linear scan)."""
        return self._plans_by_district.get(district_id, ())

    @cached_property
    def _plans_by_district(self) -> dict[str, tuple[Plan, ...]]:
        grouped: dict[str, list[Plan]] = defaultdict(list)
        for plan in self.plans:
            grouped[plan.district].append(plan)
        return {district: tuple(plans) for district, plans in grouped.items()}

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


def build_site_model(kb: KnowledgeBase, whole: SiteCounts | None = None) -> SiteModel:
    """Resolve the KB into the indexes pages are built from (*whole*: the whole site's counts, when *kb* is a part
    of it)."""
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
        fund_trees=_fund_trees(kb),
        whole=whole,
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
    scope = item_field(item, "scope")
    if scope is not None:
        ids.update(scope.communes)
        ids.update(v.commune for v in scope.villages)
    ids.update(item_field(item, "communes", ()))
    ids.update(v.commune for v in item_field(item, "villages", ()))
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
            current = item_field(entry.item, "program")
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


def _fund_trees(kb: KnowledgeBase) -> dict[str, FundTree]:
    groups: dict[str, str] = {source.id: source.group for source in kb.fund_sources}
    by_plan: dict[str, list[Issue]] = defaultdict(list)
    for finding in kb.findings:
        by_plan[finding.data.get("plan", "")].append(finding)
    return {plan_id: fund_tree(bundle.fund_lines, by_plan.get(plan_id, ()), groups)
            for plan_id, bundle in kb.plans.items()}


def fund_roots(model: SiteModel, plan_id: str) -> tuple[FundLine, ...]:
    """Return the plan's fund lines that are not part of a printed total."""
    return tuple(line for line in model.bundle(plan_id).fund_lines if not line.parent)


def headline_line(model: SiteModel, plan_id: str) -> FundLine | None:
    """Return the plan's overall printed total, if the KB marks one."""
    return next((line for line in model.bundle(plan_id).fund_lines if line.headline), None)


def headline_parts(model: SiteModel, plan_id: str) -> list[FundLine]:
    """The printed lines that split the headline total by source (they add up to it exactly)."""
    headline = headline_line(model, plan_id)
    return source_split(model.fund_trees[plan_id], headline) if headline else []


def totals_by_source(model: SiteModel, plan_id: str) -> dict[str, Figure]:
    """Split the plan's headline total by fund source: printed lines, each counted once."""
    return source_totals(model.fund_trees[plan_id], model.bundle(plan_id).fund_lines)


def totals_by_group(model: SiteModel, plan_id: str) -> dict[str, Figure]:
    """Split the plan's headline total by source family (NSTW, NSĐP, tín dụng, …)."""
    tree = model.fund_trees[plan_id]
    return group_figures(tree, headline_parts(model, plan_id), lambda line: tree.group_of[line.source])


def totals_by_program(model: SiteModel, plan_id: str) -> dict[str, Figure]:
    """Split the plan's headline total by program or project, using printed project totals."""
    headline = headline_line(model, plan_id)
    tree = model.fund_trees[plan_id]
    parts = program_split(tree, headline) if headline else []
    return group_figures(tree, parts, lambda line: line.program or "")


def top_program(model: SiteModel, program_id: str | None) -> str:
    """The national program or scheme a program, project or sub-project belongs to ("" for none)."""
    return model.program_chain(program_id)[0].id if program_id else ""


def totals_by_top_program(model: SiteModel, plan_id: str) -> dict[str, Figure]:
    """Split the plan's headline total by national program or scheme (GNBV, NTM, DTTS, …; "" for money
    no program names): the projects of one program add up to a computed figure, except when the whole
    total belongs to the one program the headline names, which is then the printed headline itself."""
    grouped: dict[str, list[Figure]] = defaultdict(list)
    for program, figure in totals_by_program(model, plan_id).items():
        grouped[top_program(model, program or None)].append(figure)
    headline, line = headline_figure(model, plan_id), headline_line(model, plan_id)
    if headline is not None and line is not None and list(grouped) == [top_program(model, line.program)]:
        return {top_program(model, line.program): headline}
    return {top: sum(figures[1:], figures[0]) for top, figures in sorted(grouped.items())}


def headline_figure(model: SiteModel, plan_id: str) -> Figure | None:
    """The headline total as printed, with the findings on it."""
    headline = headline_line(model, plan_id)
    return model.fund_trees[plan_id].figure([headline]) if headline else None


def short_plan_names(model: SiteModel, plans: list[Plan] | tuple[Plan, ...]) -> list[str]:
    """Name each plan by district and period; plans of the same district and period add their program, then their
    id, so that no two of *plans* share a name."""
    labels = [f"{model.districts[p.district].name} · {period_text(p)}" for p in plans]
    labels = [label + (f" · {model.programs[p.programs[0]].short_name}" if p.programs else "")
              if labels.count(label) > 1 else label for p, label in zip(plans, labels)]
    return [label + f" · {p.id}" if labels.count(label) > 1 else label for p, label in zip(plans, labels)]


def period_text(plan: Plan) -> str:
    """`2023–2025`, or just `2024` for an annual plan."""
    return str(plan.period_start) if plan.period_start == plan.period_end else f"{plan.period_start}–{plan.period_end}"
