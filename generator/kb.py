"""Assemble validated files into one KnowledgeBase value that remembers where each entity was written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from generator.defaults import Inherited, Origin
from generator.errors import Issue, Location
from generator.load import RawDocument
from generator.schema import (
    Agency,
    AgenciesFile,
    Assignment,
    Commune,
    CommunesFile,
    District,
    DistrictsFile,
    Duty,
    FundLine,
    FundSource,
    FundSourcesFile,
    IndicatorsFile,
    KeyIndicator,
    LegalBasis,
    Plan,
    PlanFile,
    Program,
    ProgramsFile,
    ProgressFile,
    ProgressResult,
    Target,
)

Item = LegalBasis | Target | FundLine | Duty | Assignment | ProgressResult


def item_field(item: Any, name: str, default: Any = None) -> Any:
    """A field of an item model, *default* when its kind has no such field: getattr(item, name, default) without the
    error pydantic raises and catches inside for a missing attribute (3,4 µs against 0,1, for every item)."""
    return item.__dict__.get(name, default)


ITEM_LISTS = {
    "targets": "targets", "funds": "fund_lines", "duties": "duties",
    "assignments": "assignments", "progress": "results",
}

EntityKey = tuple[str, ...]


@dataclass(frozen=True)
class Anchor:
    """Where an entity was written: its document and its path inside it."""

    document: RawDocument
    loc: tuple[int | str, ...]
    inherited: dict[str, Origin] = field(default_factory=dict)  # field -> the `defaults:` value it came from

    def location(self, field_name: str | tuple[str | int, ...] | None = None) -> Location:
        """Return the file:line:col of the entity, or of one of its fields (a name or a path of names; where a
        default was written when the field was inherited)."""
        if isinstance(field_name, str) and field_name in self.inherited:
            return self.inherited[field_name].location()
        loc = self.loc + ((field_name,) if isinstance(field_name, str) else field_name or ())
        line, col = self.document.position(loc)
        return Location(self.document.path, line, col)


@dataclass(frozen=True)
class PlanBundle:
    """A plan and all of its items, as written in its folder."""

    plan: Plan | None
    folder: str
    targets: tuple[Target, ...] = ()
    fund_lines: tuple[FundLine, ...] = ()
    duties: tuple[Duty, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    progress: ProgressFile | None = None
    files: tuple[str, ...] = ()
    declared_plan: dict[str, str] = field(default_factory=dict)

    @property
    def results(self) -> tuple[ProgressResult, ...]:
        return self.progress.results if self.progress else ()

    def items(self) -> Iterator[tuple[str, Item]]:
        """Yield (kind, item) for every item of the plan, legal bases included."""
        if self.plan:
            yield from (("legal_bases", basis) for basis in self.plan.legal_bases)
        for kind in ("targets", "fund_lines", "duties", "assignments", "results"):
            yield from ((kind, item) for item in getattr(self, kind))


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole validated knowledge base."""

    programs: tuple[Program, ...] = ()
    fund_sources: tuple[FundSource, ...] = ()
    districts: tuple[District, ...] = ()
    indicators: tuple[KeyIndicator, ...] = ()  # optional registry/indicators.yaml
    communes: dict[str, CommunesFile] = field(default_factory=dict)
    agencies: dict[str, AgenciesFile] = field(default_factory=dict)
    plans: dict[str, PlanBundle] = field(default_factory=dict)
    anchors: dict[EntityKey, Anchor] = field(default_factory=dict)
    findings: tuple[Issue, ...] = ()
    incomplete: frozenset[str] = frozenset()  # id pools defined by files that failed validation
    withheld: tuple[Any, ...] = ()  # drafts.Withheld: items a build left off (see drafts.publishable_kb)
    left_off: tuple[str, ...] = ()  # plans a build left off: none of their items is reviewed yet

    @cached_property
    def unreviewed(self) -> frozenset[tuple[str, str]]:
        """(plan id, item id) of every unreviewed item: computed once, asked for by every table of every page."""
        return frozenset((plan_id, item.id) for plan_id, bundle in self.plans.items()
                         for _, item in bundle.items() if item.unreviewed)

    @cached_property
    def unreviewed_assignments(self) -> frozenset[tuple[str, str, str]]:
        """(plan id, agency id, commune id) of every unreviewed assignment: computed once, like `unreviewed`."""
        return frozenset((plan_id, a.agency, a.commune) for plan_id, bundle in self.plans.items()
                         for a in bundle.assignments if a.unreviewed)

    def where(self, key: EntityKey, field_name: str | tuple[str | int, ...] | None = None) -> Location:
        """Locate an entity (or one of its fields) in the KB files."""
        anchor = self.anchors.get(key)
        return anchor.location(field_name) if anchor else Location("kb")

    def with_findings(self, findings: list[Issue]) -> KnowledgeBase:
        return replace(self, findings=tuple(findings))

    def all_programs(self) -> Iterator[tuple[Program, Program | None]]:
        """Yield every program, project and sub-project with its parent."""
        def walk(nodes: tuple[Program, ...], parent: Program | None) -> Iterator[tuple[Program, Program | None]]:
            for node in nodes:
                yield node, parent
                yield from walk(node.projects, node)
        yield from walk(self.programs, None)

    def district_communes(self, district: str) -> tuple[Commune, ...]:
        file = self.communes.get(district)
        return file.communes if file else ()

    def district_agencies(self, district: str) -> tuple[Agency, ...]:
        file = self.agencies.get(district)
        return file.agencies if file else ()


def assemble(parsed: list[tuple[RawDocument, BaseModel]], incomplete: frozenset[str] = frozenset(),
             inherited: dict[str, Inherited] | None = None) -> KnowledgeBase:
    """Gather per-file models (items already carrying their inherited defaults) into a KnowledgeBase."""
    parts: dict[str, Any] = {"communes": {}, "agencies": {}, "anchors": {}, "inherited": inherited or {}}
    plans: dict[str, dict[str, Any]] = {}
    for document, model in parsed:
        _collect(document, model, parts, plans)
    del parts["inherited"]
    bundles = {folder: PlanBundle(folder=folder, **values) for folder, values in sorted(plans.items())}
    return KnowledgeBase(plans=bundles, incomplete=incomplete, **parts)


def _anchor_list(parts: dict[str, Any], document: RawDocument, key_prefix: EntityKey,
                 list_name: str, items: tuple[Any, ...]) -> None:
    inherited = parts["inherited"].get(document.path, {})
    for index, item in enumerate(items):
        anchor = Anchor(document, (list_name, index), inherited.get((list_name, index), {}))
        _remember(parts["anchors"], key_prefix + (item.id,), anchor)


def _remember(anchors: dict[EntityKey, Anchor], key: EntityKey, anchor: Anchor) -> None:
    """Keep the first place an id is defined; a repeat is kept under `key + ("#2",)` for the error."""
    if key in anchors:
        anchors.setdefault(key + ("#2",), anchor)
    else:
        anchors[key] = anchor


def _collect(document: RawDocument, model: BaseModel, parts: dict[str, Any], plans: dict[str, dict[str, Any]]) -> None:
    if isinstance(model, ProgramsFile):
        parts["programs"] = model.programs
        _anchor_programs(parts, document, model.programs, ("programs",))
    elif isinstance(model, FundSourcesFile):
        parts["fund_sources"] = model.fund_sources
        _anchor_list(parts, document, ("fund-source",), "fund_sources", model.fund_sources)
    elif isinstance(model, IndicatorsFile):
        parts["indicators"] = model.indicators
        _anchor_list(parts, document, ("indicator",), "indicators", model.indicators)
    elif isinstance(model, DistrictsFile):
        parts["districts"] = model.districts
        _anchor_list(parts, document, ("district",), "districts", model.districts)
    elif isinstance(model, CommunesFile):
        parts["communes"][document.owner] = model
        _anchor_list(parts, document, ("commune", document.owner), "communes", model.communes)
        parts["anchors"][("communes-file", document.owner)] = Anchor(document, ())
    elif isinstance(model, AgenciesFile):
        parts["agencies"][document.owner] = model
        _anchor_list(parts, document, ("agency", document.owner), "agencies", model.agencies)
        parts["anchors"][("agencies-file", document.owner)] = Anchor(document, ())
    else:
        bundle = plans.setdefault(document.owner, {"plan": None, "files": (), "declared_plan": {}})
        _collect_plan_file(document, model, parts, bundle)


def _anchor_programs(parts: dict[str, Any], document: RawDocument, nodes: tuple[Program, ...], loc: tuple[Any, ...]) -> None:
    for index, node in enumerate(nodes):
        _remember(parts["anchors"], ("program", node.id), Anchor(document, loc + (index,)))
        _anchor_programs(parts, document, node.projects, loc + (index, "projects"))


def _collect_plan_file(document: RawDocument, model: BaseModel, parts: dict[str, Any], bundle: dict[str, Any]) -> None:
    owner = document.owner
    bundle["files"] += (document.path,)
    parts["anchors"][("file", owner, document.path)] = Anchor(document, ())
    if isinstance(model, PlanFile):
        bundle["plan"] = model.plan
        parts["anchors"][("plan", owner)] = Anchor(document, ("plan",))
        for index, basis in enumerate(model.plan.legal_bases):
            _remember(parts["anchors"], ("item", owner, basis.id), Anchor(document, ("plan", "legal_bases", index)))
        return
    bundle["declared_plan"][document.path] = getattr(model, "plan")
    list_name = ITEM_LISTS[document.kind]
    items = getattr(model, list_name)
    if isinstance(model, ProgressFile):
        bundle["progress"] = model
    else:
        bundle[list_name] = bundle.get(list_name, ()) + items
    _anchor_list(parts, document, ("item", owner), list_name, items)
