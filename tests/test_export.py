"""Downloads a spreadsheet opens correctly: typed columns read by their Data Package types; sums reproduce printed totals."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from generator.datasets import DATASETS
from generator.export import machine_text
from tests.htmltables import visible_text

MACHINE_FLOAT_ARTEFACT = re.compile(r"^-?\d+\.0+$")


@pytest.fixture(scope="module")
def package(shipped_site: Path) -> dict:
    return json.loads((shipped_site / "tai-ve/datapackage.json").read_text(encoding="utf-8"))


def _rows(site: Path, name: str, prefix: str = "") -> list[dict[str, str]]:
    raw = (site / f"tai-ve/{prefix}{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_machine_text_writes_numbers_a_spreadsheet_reads() -> None:
    assert machine_text(Decimal("98801")) == "98801" and machine_text(Decimal("695.4")) == "695.4"
    assert machine_text(Decimal("38.50")) == "38.5" and machine_text(Decimal("1E+3")) == "1000"
    assert machine_text(None) == "" and machine_text(True) == "true" and machine_text(2024) == "2024"


def test_every_field_is_typed_titled_and_described(package: dict) -> None:
    assert package["licenses"][0]["name"] and package["contributors"][0]["email"]
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["type"] in ("string", "integer", "number", "boolean", "date"), field
            assert field["title"] and field["description"], (resource["name"], field["name"])
    money = next(f for r in package["resources"] if r["name"] == "nguon-von" for f in r["schema"]["fields"]
                 if f["name"] == "so_tien")
    assert "triệu đồng" in money["description"]


def test_every_csv_reads_with_its_data_package_types(shipped_site: Path, package: dict) -> None:
    from frictionless import Package

    report = Package(str(shipped_site / "tai-ve/datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    for resource in package["resources"]:
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for row in _rows(shipped_site, resource["name"]):
            assert list(row) == list(types)
            for name, value in row.items():
                if types[name] in ("integer", "number") and value:
                    assert not MACHINE_FLOAT_ARTEFACT.search(value), (resource["name"], name, value)
                    Decimal(value)  # machine form: no thousands separator, decimal point


def test_flagged_fund_lines_sum_to_each_plans_printed_total(shipped_site: Path) -> None:
    plans = {r["ke_hoach_id"]: r for r in _rows(shipped_site, "ke-hoach")}
    flagged: dict[str, Decimal] = defaultdict(Decimal)
    explained: dict[str, bool] = defaultdict(bool)
    for row in _rows(shipped_site, "nguon-von"):
        if row["cong_vao_tong"] == "true":
            flagged[row["ke_hoach_id"]] += Decimal(row["so_tien"])
            explained[row["ke_hoach_id"]] |= bool(row["phat_hien"])
    assert set(flagged) == {p for p, r in plans.items() if r["tong_kinh_phi"]}
    for plan_id, total in flagged.items():
        assert total == Decimal(plans[plan_id]["tong_kinh_phi"]) or explained[plan_id], plan_id
    assert flagged["van-quan-2025"] == Decimal(61067)


def test_per_plan_and_per_district_files_hold_their_share(shipped_site: Path) -> None:
    whole = _rows(shipped_site, "nguon-von")
    for plan_id in {r["ke_hoach_id"] for r in whole}:
        assert _rows(shipped_site, "nguon-von", f"ke-hoach/{plan_id}/") == [r for r in whole if r["ke_hoach_id"] == plan_id]
    duties = _rows(shipped_site, "nhiem-vu", "huyen/phong-tho/")
    assert duties and {r["huyen_id"] for r in duties} == {"phong-tho"}


def test_every_table_offers_its_data_and_every_download_link_exists(shipped_site: Path) -> None:
    for page in shipped_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        tables = html.count('<div class="kb-table"')
        assert html.count('<div class="kb-table" data-table="') == tables
        assert len(re.findall(r'<div class="kb-table" data-table="[^"]*"><p class="kb-downloads"[^>]*>', html)) == tables, page
        for href in re.findall(r'href="([^"]+\.(?:csv|json))"', html):
            assert (page.parent / href).resolve().is_file(), (page, href)


def test_no_float_artefacts_in_downloads(shipped_site: Path) -> None:
    numeric = {d.name: {f.name for f in d.fields if f.type in ("integer", "number")} for d in DATASETS}
    map_numeric = {"Số", "Vĩ độ", "Kinh độ"}  # tai-ve/ban-do/: the tables beside the maps (generator/maps.py)
    for path in (shipped_site / "tai-ve").rglob("*.csv"):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for name in (map_numeric if path.parent.name == "ban-do" else numeric[path.stem]):
                assert not MACHINE_FLOAT_ARTEFACT.search(row[name]), (path, name, row[name])
    for path in (shipped_site / "tai-ve").rglob("*.json"):
        assert not re.search(r":\s*-?\d+\.0[,\n}]", path.read_text(encoding="utf-8")), path


def test_data_page_has_a_dictionary_of_every_field(shipped_site: Path) -> None:
    page = visible_text((shipped_site / "du-lieu/index.html").read_text(encoding="utf-8"))
    for data in DATASETS:
        assert data.title in page
        for field in data.fields:
            assert field.name in page and field.description in page, field.name


def test_comparison_download_holds_the_page_figures_with_their_origin_and_period(shipped_site: Path) -> None:
    rows = {(r["ke_hoach_id"], r["cach_chia"], r["hang_muc_id"]): r for r in _rows(shipped_site, "so-sanh-kinh-phi")}
    van_quan = rows[("van-quan-2025", "nguon", "nstw")]
    assert (van_quan["so_tien"], van_quan["loai_so"], van_quan["cac_muc"], van_quan["ky_so_lieu"], van_quan["so_nam"]) == \
        ("58686", "in", "B.II", "2025", "1")
    phong_tho = rows[("phong-tho-2023-2025", "nguon", "nstw")]
    assert (phong_tho["so_tien"], phong_tho["loai_so"], phong_tho["phat_hien"], phong_tho["so_nam"]) == \
        ("399034", "tinh", "KB-SUM-MISMATCH", "3")
    assert set(phong_tho["ky_so_lieu"].split(";")) == {"2023-2025", "2021-2025"}
    assert rows[("phong-tho-2023-2025", "tong", "")]["so_tien"] == "1790878"
    assert rows[("van-quan-2025", "chuong-trinh", "gnbv")]["loai_so"] == "in"
    keyed = [(r["ke_hoach_id"], r["gia_tri_in"]) for r in _rows(shipped_site, "chi-tieu") if r["chi_tieu_chinh_id"] == "ty-le-ho-ngheo"]
    assert sorted(keyed) == [("phong-tho-2023", "38,50"), ("phong-tho-2023-2025", "30"), ("van-quan-2025", "3,91")]
