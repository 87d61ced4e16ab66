"""Who answers for what: an agency's own duties, duties addressed to groups it belongs to, its communes.

A plan often addresses a duty to a group ("các cơ quan, đơn vị được giao phụ trách, đồng phụ trách xã",
"UBND các xã, thị trấn"). The registry says whom such a group stands for (`Agency.members`); these pure
functions carry the group's duties to the agency and commune pages of its members.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import SiteModel
from generator.schema import Agency, Assignment, Duty


@dataclass(frozen=True)
class DutyRef:
    """A duty as it concerns one agency or commune: directly, through a group, or as a named partner."""

    plan_id: str
    duty: Duty
    via: str  # "own", "group", "partner", "committee"
    group: Agency | None = None  # the group the duty was addressed to, when via a group


def plan_assignments(model: SiteModel, plan_id: str) -> tuple[Assignment, ...]:
    return model.bundle(plan_id).assignments


def group_members(model: SiteModel, group: Agency, district: str, plan_id: str) -> frozenset[str]:
    """The agencies a collective actor stands for in one plan (empty when the plan does not say)."""
    assignments = plan_assignments(model, plan_id)
    if group.members == "commune-assignees":
        return frozenset(a.agency for a in assignments)
    if group.members == "commune-leads":
        return frozenset(a.agency for a in assignments if a.role == "lead")
    if group.members == "commune-co-leads":
        return frozenset(a.agency for a in assignments if a.role == "co_lead")
    if group.members == "all-agencies":
        return frozenset(a.id for a in model.kb.district_agencies(district) if a.kind != "tap-the")
    return frozenset()


def _district_plans(model: SiteModel, district: str) -> list[str]:
    return [p.id for p in model.district_plans(district)]


def agency_duties(model: SiteModel, district: str, agency_id: str) -> tuple[DutyRef, ...]:
    """Everything an agency must do: its own duties, its groups' duties, and duties naming it as a partner."""
    refs: list[DutyRef] = []
    for plan_id in _district_plans(model, district):
        for duty in model.bundle(plan_id).duties:
            group = model.agencies[(district, duty.agency)]
            if duty.agency == agency_id:
                refs.append(DutyRef(plan_id, duty, "own"))
            elif group.members and agency_id in group_members(model, group, district, plan_id):
                refs.append(DutyRef(plan_id, duty, "group", group))
            elif agency_id in duty.partners:
                refs.append(DutyRef(plan_id, duty, "partner"))
    return tuple(refs)


def commune_duties(model: SiteModel, district: str, agency_id: str, plan_id: str) -> tuple[DutyRef, ...]:
    """What an agency in charge of a commune must do there: the duties the plan addresses to the group of
    agencies in charge of communes (visits, support, reporting) that it belongs to in that plan."""
    refs = []
    for duty in model.bundle(plan_id).duties:
        group = model.agencies[(district, duty.agency)]
        if group.members in ("commune-assignees", "commune-leads", "commune-co-leads") and \
                agency_id in group_members(model, group, district, plan_id):
            refs.append(DutyRef(plan_id, duty, "group", group))
    return tuple(refs)


def committee_duties(model: SiteModel, district: str) -> tuple[DutyRef, ...]:
    """Duties every commune's People's Committee has under the district's plans."""
    refs = []
    for plan_id in _district_plans(model, district):
        for duty in model.bundle(plan_id).duties:
            group = model.agencies[(district, duty.agency)]
            if group.members == "commune-committees":
                refs.append(DutyRef(plan_id, duty, "committee", group))
            elif any(model.agencies[(district, p)].members == "commune-committees" for p in duty.partners):
                refs.append(DutyRef(plan_id, duty, "partner"))
    return tuple(refs)


def commune_partners(model: SiteModel, plan_id: str, assignment: Assignment) -> tuple[Assignment, ...]:
    """The other agencies in charge of the same commune in the same plan (the co-lead of a lead, and back)."""
    return tuple(a for a in plan_assignments(model, plan_id)
                 if a.commune == assignment.commune and a.agency != assignment.agency)
