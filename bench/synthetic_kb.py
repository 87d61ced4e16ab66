"""Write a synthetic KB of real districts (codes and communes from vietnamadminunits) for benchmarks.

Usage:
  python bench/synthetic_kb.py OUT_DIR --national          every legacy district that has communes
  python bench/synthetic_kb.py OUT_DIR --fraction 0.1      an evenly spread tenth of them
  python bench/synthetic_kb.py OUT_DIR [MIN_COMMUNES]      the first districts up to that many communes

Every district gets its real communes (codes, successors after 1 July 2025), 15 agencies, and five plans
whose items are the four seed plans of the shipped KB re-pointed at the district's own communes and
agencies (targets, fund lines with totals and parts across breakdowns, duties, assignments, progress
results: about 190 items a plan), the fifth a 2026 plan issued by a current unit after 1 July 2025.
Deterministic: the same arguments write the same bytes. Prints its counts.

Not every legacy unit fits: urban districts (quận) have no type in the KB schema (`District.type`) and
five island districts have no communes in the dataset; both are skipped and counted.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import resolver as ruamel_resolver

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import admin_units, fastyaml  # noqa: E402
from generator.admin_units import OfficialCommune, commune_ids, dataset_version, slug  # noqa: E402
from generator.load import load_kb, to_plain  # noqa: E402

AGENCIES = [
    ("ubnd-huyen", "Ủy ban nhân dân huyện", "ubnd"), ("phong-ld-tbxh", "Phòng Lao động - Thương binh và Xã hội", "phong"),
    ("phong-tu-phap", "Phòng Tư pháp", "phong"), ("phong-dan-toc", "Phòng Dân tộc", "phong"),
    ("phong-gd-dt", "Phòng Giáo dục và Đào tạo", "phong"), ("phong-kt-ht", "Phòng Kinh tế và Hạ tầng", "phong"),
    ("phong-nn-ptnt", "Phòng Nông nghiệp và Phát triển nông thôn", "phong"),
    ("phong-tc-kh", "Phòng Tài chính - Kế hoạch", "phong"), ("phong-vh-tt", "Phòng Văn hóa - Thông tin", "phong"),
    ("trung-tam-y-te", "Trung tâm Y tế huyện", "trung-tam"), ("ngan-hang-csxh", "Ngân hàng Chính sách xã hội", "co-quan-nganh-doc"),
    ("phong-noi-vu", "Phòng Nội vụ", "phong"), ("phong-tn-mt", "Phòng Tài nguyên và Môi trường", "phong"),
    ("ubmttq-doan-the", "Ủy ban MTTQ và các đoàn thể huyện", "doan-the"), ("ubnd-cac-xa", "UBND các xã, thị trấn", "tap-the"),
]
# Seed plan folder -> (plan id suffix, years to shift). The fifth plan is a current unit's 2026 plan.
SEED_PLANS = {"phong-tho-2023": ("2023", 0), "phong-tho-2023-2025": ("2023-2025", 0), "tam-duong-2024": ("2024", 0),
              "van-quan-2025": ("2025", 0)}
CURRENT_UNIT_PLAN = ("tam-duong-2024", "2026", 2)
COMMUNE_KEYS, AGENCY_KEYS = {"commune", "communes"}, {"agency", "with_agency", "partners"}
HEADER = "# yaml-language-server: $schema={}\n"


@functools.cache
def _dataset() -> admin_units.Dataset:
    return admin_units.load_dataset()


@functools.cache
def _legacy_rows() -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Every legacy commune row grouped by (province code, district code), in code order."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for rows in _dataset().legacy.values():
        for row in rows:
            grouped[(row["provinceCode"], row["districtCode"])].append(row)
    return dict(sorted(grouped.items(), key=lambda kv: (int(kv[0][0]), int(kv[0][1]))))


def national_districts() -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(province code, district code) of every usable legacy district (quận included), and what was skipped."""
    usable, skipped = [], {"no communes in the dataset": 0}
    for key, rows in _legacy_rows().items():
        if not any(r["wardCode"] for r in rows):
            skipped["no communes in the dataset"] += 1
        else:
            usable.append(key)
    return usable, skipped


def select(districts: list[Any], fraction: float) -> list[Any]:
    """An evenly spread share of the districts (every province keeps some), in code order."""
    if fraction >= 1:
        return list(districts)
    return [d for k, d in enumerate(districts) if int((k + 1) * fraction) > int(k * fraction)]


def _district_ids(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """District ids are name slugs; a name used in two provinces (Châu Thành…) gets the province appended."""
    rows = _legacy_rows()
    names = [slug(rows[k][0]["districtShort"]) for k in keys]
    return {k: n if names.count(n) == 1 else f"{n}-{slug(rows[k][0]['provinceShort'])}" for k, n in zip(keys, names)}


def _communes_document(key: tuple[str, str], district_id: str) -> dict[str, Any]:
    data = _dataset()
    rows = sorted((r for r in _legacy_rows()[key] if r["wardCode"]), key=lambda r: r["wardCode"])
    new_province = data.new_province.get(rows[0]["provinceKey"], "")
    communes = [OfficialCommune(r["wardShort"], r["wardType"].lower(), r["wardCode"], tuple(admin_units._successors(
        f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}", new_province, data)))
        for r in rows]
    ids = commune_ids(communes)
    return {"district": district_id, "source": dataset_version(), "communes": [
        {"id": ids[c.code], "name": c.name, "type": c.type, "code": c.code, "aliases": [],
         "successors": list(c.successors)} for c in communes]}


@functools.cache
def _seeds() -> dict[str, Any]:
    """The shipped KB's plans (file name -> plain data) and each seed district's commune and agency order."""
    documents, issues = load_kb(ROOT / "kb", ROOT)
    assert not issues, issues
    plans: dict[str, dict[str, Any]] = defaultdict(dict)
    order: dict[tuple[str, str], list[str]] = {}
    for document in documents:
        data = to_plain(document.data) if document.data is not None else fastyaml.parse(document.source_text())[0]
        if document.path.startswith("kb/plans/"):
            plans[document.owner][Path(document.path).name] = data
        elif document.kind in ("communes", "agencies"):
            order[(document.kind, document.owner)] = [e["id"] for e in data[document.kind]]
    districts = {folder: files["plan.yaml"]["plan"]["district"] for folder, files in plans.items()}
    names = {d.id: d.name for d in next(x for x in documents if x.kind == "districts").model.districts}
    return {"plans": dict(plans), "order": order, "districts": districts, "names": names}


def _repoint(value: Any, key: str, maps: dict[str, Any]) -> Any:
    """Copy seed data, re-pointing commune and agency ids, plan ids, years and the district's name."""
    if isinstance(value, dict):
        return {k: _repoint(v, k, maps) for k, v in value.items()}
    if isinstance(value, list):
        return [_repoint(v, key, maps) for v in value]
    if key in COMMUNE_KEYS and isinstance(value, str):
        return maps["communes"][value][0]
    if key in AGENCY_KEYS and isinstance(value, str):
        return maps["agencies"][value]
    if key == "commune_printed":
        return value  # fixed by _fix_printed once the commune is known
    if key in ("year", "period_start", "period_end") and isinstance(value, int):
        return value + maps["shift"]
    if isinstance(value, str):
        return value.replace(maps["seed_name"], maps["name"])
    return value


def _fix_printed(item: dict[str, Any], names: dict[str, str]) -> None:
    if "commune_printed" in item:
        item["commune_printed"] = names[item["commune"]]
    if isinstance(item.get("scope"), dict):  # the seed's commune names, which this district does not have
        item["scope"].pop("printed", None)


def _plan_files(seed: str, suffix: str, shift: int, district: dict[str, Any], communes: list[dict[str, Any]],
                issuer: str | None) -> dict[str, Any]:
    seeds = _seeds()
    seed_district = seeds["districts"][seed]
    seed_communes = seeds["order"][("communes", seed_district)]
    seed_agencies = seeds["order"][("agencies", seed_district)]
    maps = {"communes": {c: (communes[i % len(communes)]["id"],) for i, c in enumerate(seed_communes)},
            "agencies": {a: AGENCIES[i % len(AGENCIES)][0] for i, a in enumerate(seed_agencies)},
            "shift": shift, "seed_name": seeds["names"][seed_district], "name": district["name"]}
    plan_id = f"{district['id']}-{suffix}"
    names = {c["id"]: c["name"] for c in communes}
    files = {}
    for name, data in sorted(seeds["plans"][seed].items()):
        copy = _repoint(data, "", maps)
        if name == "plan.yaml":
            plan = copy["plan"]
            plan.update(id=plan_id, district=district["id"])
            plan["source_absent_reason"] = "kế hoạch tổng hợp để đo hiệu năng, không có văn bản gốc"
            if issuer:  # a plan of a current unit, issued after the 1 July 2025 reorganisation
                plan.update(issuer=issuer, title=plan["title"].replace("2024", "2026") + f" ({issuer})",
                            date={"status": "printed", "date": "2025-09-15", "printed": "ngày 15 tháng 9 năm 2025"},
                            number={"status": "printed", "value": "27/KH-UBND", "printed": "Số: 27/KH-UBND"})
        else:
            copy["plan"] = plan_id
            for items in copy.values():
                for item in items if isinstance(items, list) else ():
                    _fix_printed(item, names)
        files[name] = copy
    return {plan_id: files}


class _Dumper(yaml.CSafeDumper):
    """libyaml's dumper, quoting every string that YAML 1.2 (ruamel, the KB's reader) would not read as text."""


for _versions, _tag, _regexp, _first in ruamel_resolver.implicit_resolvers:
    if (1, 2) in _versions:
        _Dumper.add_implicit_resolver(_tag, _regexp, _first)


def _dump(path: Path, data: Any, schema: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER.format(schema) + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                                             width=120, default_flow_style=False)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def _write_district(args: tuple[Path, tuple[str, str], str]) -> dict[str, Any]:
    """Write one district's registries and plans; return its districts.yaml entry and counts."""
    out, key, district_id = args
    row = _legacy_rows()[key][0]
    entry = {**admin_units.district_entry(row), "id": district_id}
    communes = _communes_document(key, district_id)
    size = _dump(out / "registry" / "communes" / f"{district_id}.yaml", communes, "../../schema/communes.schema.json")
    size += _dump(out / "registry" / "agencies" / f"{district_id}.yaml", {"district": district_id, "agencies": [
        {"id": a, "name": n, "kind": k} for a, n, k in AGENCIES]}, "../../schema/agencies.schema.json")
    units = sorted({s["name"] for c in communes["communes"] for s in c["successors"]})
    plans: dict[str, Any] = {}
    for seed, (suffix, shift) in SEED_PLANS.items():
        plans.update(_plan_files(seed, suffix, shift, entry, communes["communes"], None))
    seed, suffix, shift = CURRENT_UNIT_PLAN
    plans.update(_plan_files(seed, suffix, shift, entry, communes["communes"],
                             f"UBND {units[0]}" if units else f"UBND tỉnh {entry['province']}"))
    items = 0
    for plan_id, files in plans.items():
        for name, data in files.items():
            size += _dump(out / "plans" / plan_id / name, data, f"../../schema/{name.split('-')[0].split('.')[0]}.schema.json")
            items += sum(len(v) for v in data.values() if isinstance(v, list))
            items += len(data["plan"]["legal_bases"]) if name == "plan.yaml" else 0
    return {"entry": entry, "communes": len(communes["communes"]), "plans": len(plans), "items": items, "bytes": size}


def write_national_kb(out: Path, fraction: float = 1.0, *, workers: int = 2) -> dict[str, Any]:
    """Write the national synthetic KB (or an evenly spread share of it) into *out*; return its counts."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "kb" / "schema", out / "schema")
    for name in ("programs.yaml", "fund-sources.yaml", "indicators.yaml"):
        (out / "registry").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "kb" / "registry" / name, out / "registry" / name)
    usable, skipped = national_districts()
    chosen = select(usable, fraction)
    ids = _district_ids(usable)
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_write_district, [(out, key, ids[key]) for key in chosen], chunksize=4))
    _dump(out / "registry" / "districts.yaml", {"districts": [r["entry"] for r in results]}, "../schema/districts.schema.json")
    return {"districts": len(results), "provinces": len({r["entry"]["province"] for r in results}),
            "communes": sum(r["communes"] for r in results), "agencies": len(results) * len(AGENCIES),
            "plans": sum(r["plans"] for r in results), "items": sum(r["items"] for r in results),
            "yaml_mb": round(sum(r["bytes"] for r in results) / 1e6, 1),
            "skipped": {k: v for k, v in skipped.items()} if fraction >= 1 else {}}


def write_synthetic_kb(out: Path, min_communes: int = 500) -> int:
    """The first districts (in code order) up to *min_communes* communes; returns the commune count."""
    usable, _ = national_districts()
    rows = _legacy_rows()
    chosen, total = [], 0
    for key in usable:
        if total >= min_communes:
            break
        chosen.append(key)
        total += sum(1 for r in rows[key] if r["wardCode"])
    write_national_kb(out, len(chosen) / len(usable) if chosen else 0)
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("min_communes", type=int, nargs="?", default=None)
    parser.add_argument("--national", action="store_true", help="every usable legacy district")
    parser.add_argument("--fraction", type=float, default=None, help="an evenly spread share of the districts")
    args = parser.parse_args(argv)
    if args.min_communes is not None and not (args.national or args.fraction):
        print(f"synthetic KB: {write_synthetic_kb(args.out, args.min_communes)} communes in {args.out}")
        return
    counts = write_national_kb(args.out, 1.0 if args.national else (args.fraction or 0.1))
    print(json.dumps(counts, ensure_ascii=False))


if __name__ == "__main__":
    main()
