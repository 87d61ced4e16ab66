"""Open-data exports: every table as CSV (UTF-8 with BOM) and JSON, the whole KB as JSON, a Data Package."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pandas as pd

from generator.kb import KnowledgeBase
from generator.tables import Table

PACKAGE_TABLES = ("chi-tieu", "nguon-von", "phan-cong", "nhiem-vu", "tong-hop-kinh-phi")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(str(value))
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def _export_frame(table: Table) -> pd.DataFrame:
    drop = [c for c in table.frame.columns if c.endswith("_path")]
    return table.frame.drop(columns=drop)


def table_csv(table: Table) -> bytes:
    """CSV with a BOM so that Excel opens Vietnamese text correctly; numbers in machine format."""
    frame = _export_frame(table).map(_plain)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_json(table: Table) -> bytes:
    frame = _export_frame(table)
    records = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
    payload = {"name": table.name, "title": table.title, "unit_note": "Số tiền tính bằng triệu đồng", "rows": records}
    return (json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def kb_json(kb: KnowledgeBase) -> bytes:
    """The whole knowledge base as one JSON document (registries, plans and their items, findings)."""
    payload = {
        "programs": [p.model_dump(mode="json") for p in kb.programs],
        "fund_sources": [s.model_dump(mode="json") for s in kb.fund_sources],
        "districts": [d.model_dump(mode="json") for d in kb.districts],
        "communes": {d: f.model_dump(mode="json") for d, f in sorted(kb.communes.items())},
        "agencies": {d: f.model_dump(mode="json") for d, f in sorted(kb.agencies.items())},
        "plans": {
            plan_id: {
                "plan": bundle.plan.model_dump(mode="json") if bundle.plan else None,
                "targets": [t.model_dump(mode="json") for t in bundle.targets],
                "fund_lines": [f.model_dump(mode="json") for f in bundle.fund_lines],
                "duties": [d.model_dump(mode="json") for d in bundle.duties],
                "assignments": [a.model_dump(mode="json") for a in bundle.assignments],
                "progress": bundle.progress.model_dump(mode="json") if bundle.progress else None,
            }
            for plan_id, bundle in sorted(kb.plans.items())
        },
        "findings": [{"code": f.code, "message": f.message, "location": str(f.location), **f.data} for f in kb.findings],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _field_type(series: pd.Series) -> str:
    values = [v for v in series if v is not None and v == v and v != ""]
    if values and all(isinstance(v, (int, Decimal)) and not isinstance(v, bool) for v in values):
        return "integer" if all(Decimal(v) == Decimal(v).to_integral_value() for v in values) else "number"
    return "string"


def datapackage(tables: dict[str, Table]) -> bytes:
    """A Frictionless Data Package describing the site-wide CSV tables."""
    resources = []
    for name in PACKAGE_TABLES:
        table = tables[name]
        frame = _export_frame(table)
        resources.append({
            "name": name, "title": table.title, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig", "profile": "tabular-data-resource",
            "schema": {"fields": [{"name": c, "type": _field_type(frame[c])} for c in frame.columns]},
        })
    package = {"profile": "tabular-data-package", "name": "ke-hoach-cap-huyen",
               "title": "Kế hoạch phát triển cấp huyện", "licenses": [{"name": "CC-BY-4.0",
               "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
               "resources": resources}
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
