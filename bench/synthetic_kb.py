"""Write a synthetic KB of real districts (codes from vietnamadminunits) for benchmarks.

Usage: python bench/synthetic_kb.py OUT_DIR [MIN_COMMUNES]   (default 500 communes)
Copies the shipped registries of programs and fund sources, adds districts with their real communes,
ten agencies each, and one plan per district with targets, fund lines, duties and assignments.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.admin_units import communes_document, district_entry, official_communes, slug  # noqa: E402
from vietnamadminunits.database.main import query  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AGENCIES = ["Phòng Lao động - Thương binh và Xã hội", "Phòng Tư pháp", "Phòng Dân tộc", "Phòng Giáo dục và Đào tạo",
            "Phòng Kinh tế và Hạ tầng", "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Tài chính - Kế hoạch",
            "Phòng Văn hóa - Thông tin", "Trung tâm Y tế huyện", "Ngân hàng chính sách xã hội"]


def _dump(path: Path, data: object, schema: str) -> None:
    yaml = YAML()
    yaml.width = 120
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"# yaml-language-server: $schema={schema}\n")
        yaml.dump(data, handle)


def _plan(district: dict, communes: list[dict]) -> dict[str, object]:
    did = district["id"]
    agencies = [slug(a) for a in AGENCIES]
    return {
        "plan.yaml": {"plan": {
            "id": f"{did}-2024", "title": f"Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024 huyện {district['name']}",
            "kind": "annual", "issuer": f"UBND huyện {district['name']}", "district": did, "period_start": 2024,
            "period_end": 2024, "number": {"status": "blank", "printed": "Số: /KH-UBND"}, "date": {"status": "unknown"},
            "programs": ["gnbv"], "legal_bases": [{"id": "lb-qd-90", "kind": "quyet-dinh", "number": "90/QĐ-TTg",
            "date": "2022-01-18", "issuer": "Thủ tướng Chính phủ", "section": "preamble"}], "source_file": "synthetic.txt"}},
        "targets.yaml": {"plan": f"{did}-2024", "targets": [
            {"id": f"t-ho-ngheo-{c['id']}", "indicator": f"Tỷ lệ hộ nghèo xã {c['name']} còn dưới", "comparator": "lt",
             "value": f"{10 + i % 20},5", "unit": "%", "year": 2024,
             "scope": {"level": "communes", "communes": [c["id"]]}, "program": "gnbv", "section": f"II.{i + 1}"}
            for i, c in enumerate(communes)]},
        "funds.yaml": {"plan": f"{did}-2024", "fund_lines": [
            {"id": "f-tong", "label": "Tổng kinh phí", "amount": f"{1000 * len(communes):,}".replace(",", "."),
             "source": "tong-hop", "headline": True, "year": 2024, "section": "III"}] + [
            {"id": f"f-{c['id']}", "label": f"Hỗ trợ nhà ở xã {c['name']}", "amount": "1.000", "source": "nstw-sn",
             "program": "gnbv-da5", "parent": "f-tong", "year": 2024, "communes": [c["id"]], "section": f"III.{i + 1}"}
            for i, c in enumerate(communes)]},
        "duties.yaml": {"plan": f"{did}-2024", "duties": [
            {"id": f"d-{a}", "agency": a, "role": "lead" if i % 2 == 0 else "support",
             "task": f"Chủ trì, phối hợp triển khai nhiệm vụ số {i + 1} của kế hoạch trên địa bàn huyện.",
             "section": f"V.{i + 1}"} for i, a in enumerate(agencies)]},
        "assignments.yaml": {"plan": f"{did}-2024", "assignments": [
            {"id": f"a-{c['id']}", "agency": agencies[i % len(agencies)], "commune": c["id"], "role": "lead",
             "commune_printed": c["name"], "section": f"V.{i % len(agencies) + 1}"} for i, c in enumerate(communes)]},
    }


def write_synthetic_kb(out: Path, min_communes: int = 500) -> int:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "kb" / "schema", out / "schema")
    for name in ("programs.yaml", "fund-sources.yaml"):
        (out / "registry").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "kb" / "registry" / name, out / "registry" / name)
    rows = query("SELECT DISTINCT districtShort, provinceShort FROM admin_units_legacy WHERE districtType = 'Huyện' "
                 "ORDER BY provinceCode, districtCode")
    districts, total = [], 0
    for row in rows:
        if total >= min_communes:
            break
        district_row, _ = official_communes(row["districtShort"], row["provinceShort"])
        entry = district_entry(district_row)
        if any(d["id"] == entry["id"] for d in districts):
            continue
        communes = communes_document(row["districtShort"], row["provinceShort"])
        districts.append(entry)
        total += len(communes["communes"])
        _dump(out / "registry" / "communes" / f"{entry['id']}.yaml", communes, "../../schema/communes.schema.json")
        _dump(out / "registry" / "agencies" / f"{entry['id']}.yaml", {"district": entry["id"], "agencies": [
            {"id": slug(a), "name": a, "kind": "phong"} for a in AGENCIES]}, "../../schema/agencies.schema.json")
        for name, data in _plan(entry, communes["communes"]).items():
            _dump(out / "plans" / f"{entry['id']}-2024" / name, data, f"../../schema/{name.replace('.yaml', '')}.schema.json")
    _dump(out / "registry" / "districts.yaml", {"districts": districts}, "../schema/districts.schema.json")
    return total


if __name__ == "__main__":
    count = write_synthetic_kb(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 500)
    print(f"synthetic KB: {count} communes in {sys.argv[1]}")
