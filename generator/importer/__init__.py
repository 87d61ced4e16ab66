"""Draft a plan folder from a Word (.docx) or exported text plan: read → structure → extract → resolve → write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.importer.duties import extract_duties
from generator.importer.funds import extract_funds
from generator.importer.meta import extract_meta
from generator.importer.read import SourceError, read_document
from generator.importer.registry import Proposal, load_registry
from generator.importer.resolve import Draft, Options, Resolver, resolve_plan
from generator.importer.structure import build_outline
from generator.importer.targets import extract_targets
from generator.importer.write import draft_files, report_text

__all__ = ["Imported", "Options", "SourceError", "draft_plan"]


@dataclass(frozen=True)
class Imported:
    """A drafted plan: its files (name → YAML), the report, and the proposals for the registries."""

    draft: Draft
    files: dict[str, str]
    report: str
    proposals: tuple[Proposal, ...]


def draft_plan(source: Path, kb_dir: Path, options: Options) -> Imported:
    """Read *source* and draft its plan against the registries of *kb_dir* (nothing is written)."""
    registry = load_registry(kb_dir, options.district)
    document = read_document(source)
    outline = build_outline(document)
    meta = extract_meta(outline)
    options.source_file = options.source_file or document.name
    plan, programs = resolve_plan(meta, registry, options)
    resolver = Resolver(registry, plan, programs)
    if meta.report_as_of:
        plan["_as_of"] = meta.report_as_of
    for target in extract_targets(outline):
        resolver.target(target)
    plan.pop("_as_of", None)
    resolver.funds(extract_funds(outline))
    duties, assignments = extract_duties(outline, registry)
    for duty in duties:
        resolver.duty(duty)
    for assignment in assignments:
        resolver.assignment(assignment)
    draft = resolver.draft
    draft.period_label = meta.report_label
    files = draft_files(draft)
    return Imported(draft, files, report_text(draft, registry.proposals, document.name), tuple(registry.proposals))
