"""Duty lines for agency and commune pages: each duty with its role, plan, section, period and group."""

from __future__ import annotations

from generator.model import SiteModel
from generator.pages.common import DutyLine, Link, agency_path, period_text, plan_path
from generator.responsibility import DutyRef
from generator.tables import ROLE_TEXT

PARTNER_ROLE = "Phối hợp"


def duty_line(model: SiteModel, district: str, ref: DutyRef, *, for_agency: str | None = None) -> DutyLine:
    """Say what a duty asks, and, when it reaches the page through a group or as a partner, say how."""
    duty, plan = ref.duty, model.plan(ref.plan_id)
    via = ""
    if ref.via in ("group", "committee") and ref.group is not None:
        via = f"giao cho: {ref.group.short_name or ref.group.name}"
    elif ref.via == "partner":
        via = f"cơ quan chủ trì: {model.agencies[(district, duty.agency)].name}"
    partners = tuple(
        Link(model.agencies[(district, p)].name, agency_path(district, p))
        for p in duty.partners if p != for_agency and model.agencies[(district, p)].kind != "tap-the"
    )
    role_key = "support" if ref.via == "partner" else duty.role.value
    return DutyLine(
        role=PARTNER_ROLE if ref.via == "partner" else ROLE_TEXT[duty.role.value], role_key=role_key, task=duty.task,
        plan=Link(plan.title, plan_path(plan.id)), section=duty.section, period=period_text(plan), via=via,
        partners=partners, unreviewed=duty.unreviewed,
    )
