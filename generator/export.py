"""Open-data files: each dataset as CSV (UTF-8 with BOM) and JSON, the whole KB as JSON, a Data Package, a ZIP."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd

from generator.config import SiteConfig
from generator.datasets import DATASETS, Dataset, Field
from generator.kb import KnowledgeBase

def machine_text(value: Any) -> str:
    """A CSV cell in machine form: `98801`, `695.4`, `true`, `2024-06-30`; empty for a missing value."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(format(value.normalize(), "f"))
    if value is pd.NA:
        return None
    return value


def csv_lines(data: Dataset, rows: list[dict[str, Any]]) -> str:
    """The CSV lines of *rows*, without the header: a plan's lines are made once and go into its own file, its
    district's and the whole KB's."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [f.name for f in data.fields]
    writer.writerows([machine_text(row[name]) for name in names] for row in rows)
    return buffer.getvalue()


def csv_file(data: Dataset, parts: list[str]) -> bytes:
    """A CSV file of *data* from lines made by csv_lines: a BOM (Excel reads Vietnamese text correctly), the
    header, the lines (machine-form numbers, one type per column)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([f.name for f in data.fields])
    return ("\ufeff" + buffer.getvalue() + "".join(parts)).encode("utf-8")


def readable_json(value: Any, depth: int, indent: str = "") -> str:
    """JSON whose first *depth* levels have one entry per line, each deeper value on one line of its own.

    One row or item per line reads in a text editor and diffs line by line, and each line is written by the
    json module's C encoder: an indented document goes through its pure-Python encoder, which took half of the
    downloads' time."""
    if depth == 0 or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = indent + " "
    if isinstance(value, dict):
        entries = [f"{inner}{json.dumps(str(key), ensure_ascii=False)}: {readable_json(item, depth - 1, inner)}"
                   for key, item in value.items()]
        return "{\n" + ",\n".join(entries) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + readable_json(item, depth - 1, inner) for item in value) + "\n" + indent + "]"


def dataset_json_parts(data: Dataset, row_groups: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    """A dataset's rows as JSON with the field descriptions (one field, one row per line), written a group of rows
    at a time (a plan's): the rows of a national dataset as one document at once took hundreds of megabytes."""
    head = {"name": data.name, "title": data.title, "description": data.description,
            "fields": [_field_json(f) for f in data.fields]}
    yield ("{\n" + "".join(f"{_key(key)}{readable_json(value, 1, ' ')},\n" for key, value in head.items())
           + _key("rows")).encode("utf-8")
    first = True
    for rows in row_groups:
        for row in rows:
            line = json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False)
            yield (("[\n  " if first else ",\n  ") + line).encode("utf-8")
            first = False
    yield ("[]" if first else "\n ]").encode("utf-8") + b"\n}\n"


def _field_json(field: Field) -> dict[str, str]:
    entry = {"name": field.name, "title": field.title, "type": field.type, "description": field.description}
    if field.unit:
        entry["unit"] = field.unit
    return entry


def kb_json(kb: KnowledgeBase) -> bytes:
    """The whole knowledge base as one JSON document (registries, plans and their items, findings)."""
    return b"".join(kb_json_parts(kb))


def kb_json_parts(kb: KnowledgeBase) -> Iterator[bytes]:
    """kb_json's bytes a plan at a time (the dump of a national KB at once was over a gigabyte): one registry
    entry, item or finding per line, as readable_json(…, 4) writes the whole document."""
    registries = {
        "programs": [p.model_dump(mode="json") for p in kb.programs],
        "fund_sources": [s.model_dump(mode="json") for s in kb.fund_sources],
        "districts": [d.model_dump(mode="json") for d in kb.districts],
        "indicators": [i.model_dump(mode="json") for i in kb.indicators],
        "communes": {d: f.model_dump(mode="json") for d, f in sorted(kb.communes.items())},
        "agencies": {d: f.model_dump(mode="json") for d, f in sorted(kb.agencies.items())},
    }
    entries = "".join(f"{_key(key)}{readable_json(value, 3, ' ')},\n" for key, value in registries.items())
    yield ("{\n" + entries + _key("plans")).encode("utf-8")
    plans = sorted(kb.plans.items())
    for index, (plan_id, bundle) in enumerate(plans):
        payload = {
            "plan": bundle.plan.model_dump(mode="json") if bundle.plan else None,
            "targets": [t.model_dump(mode="json") for t in bundle.targets],
            "fund_lines": [f.model_dump(mode="json") for f in bundle.fund_lines],
            "duties": [d.model_dump(mode="json") for d in bundle.duties],
            "assignments": [a.model_dump(mode="json") for a in bundle.assignments],
            "progress": bundle.progress.model_dump(mode="json") if bundle.progress else None,
        }
        yield (("{\n" if index == 0 else ",\n") + f"  {json.dumps(plan_id, ensure_ascii=False)}: "
               + readable_json(payload, 2, "  ")).encode("utf-8")
    findings = [{"code": f.code, "message": f.message, "location": str(f.location), **f.data} for f in kb.findings]
    yield (("\n }" if plans else "{}") + ",\n" + _key("findings") + readable_json(findings, 3, " ") + "\n}\n").encode("utf-8")


def _key(name: str) -> str:
    return f" {json.dumps(name)}: "


def datapackage(config: SiteConfig) -> bytes:
    """A Frictionless Data Package describing the whole-KB CSV files: every field typed, titled, described."""
    resources = []
    for data in DATASETS:
        fields = []
        for field in data.fields:
            entry: dict[str, Any] = dict(_field_json(field))
            entry.pop("unit", None)
            if field.unit:
                entry["description"] += f" Đơn vị: {field.unit}."
            if field.type == "boolean":
                entry.update(trueValues=["true"], falseValues=["false"])
            fields.append(entry)
        resources.append({
            "name": data.name, "title": data.title, "description": data.description, "path": f"{data.name}.csv",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig", "profile": "tabular-data-resource",
            "schema": {"fields": fields, "missingValues": [""]},
        })
    package = {"profile": "tabular-data-package", "name": "ke-hoach-cap-huyen", "title": config.site_name,
               "licenses": [{"name": config.license_id, "path": config.license_url, "title": config.license_title}],
               "contributors": [{"title": config.contact_name, "email": config.contact_email, "role": "publisher"}],
               "resources": resources}
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ZIP stores local times from 1980 on; a fixed one (the format's first day) keeps the archive the same bytes
# whatever the build machine, clock or time zone. Fixed permissions and system too: -rw-r--r--, made on Unix.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_MODE = 0o100644 << 16


def zip_archive(entries: dict[str, bytes]) -> bytes:
    """A deterministic ZIP of *entries* (name → bytes): sorted names, fixed time and permissions, deflated."""
    archive = ZipWriter()
    for name in sorted(entries):
        archive.add(name, entries[name])
    return archive.close()


class ZipWriter:
    """zip_archive's ZIP written member by member, in name order, each member compressed as it is added (in
    parts, if it comes in parts): nothing but the compressed archive is kept (the whole KB's JSON and CSV,
    held together until the end, made the process that writes the downloads the build's largest)."""

    def __init__(self) -> None:
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w")
        self._last = ""

    def add(self, name: str, data: bytes | Iterable[bytes]) -> None:
        if name <= self._last:
            raise ValueError(f"ZIP members in name order: {name!r} after {self._last!r}")
        self._last = name
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.create_system, info.external_attr, info.compress_type = 3, ZIP_MODE, zipfile.ZIP_DEFLATED
        with self._zip.open(info, "w") as member:  # deflate at zlib's default level, 6, however the data is cut
            for part in [data] if isinstance(data, bytes) else data:
                member.write(part)

    def close(self) -> bytes:
        self._zip.close()
        return self._buffer.getvalue()
