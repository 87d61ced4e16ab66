"""Downloads a spreadsheet opens correctly: typed columns read by their Data Package types; sums reproduce printed totals.

Loose files are CSV only; the ZIP holds the whole KB in every format (issue 11: the national site fits a static host).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from generator.datasets import DATASETS
from generator.export import ZipWriter, machine_text, readable_json, zip_archive
from tests.htmltables import visible_text

MACHINE_FLOAT_ARTEFACT = re.compile(r"^-?\d+\.0+$")


@pytest.fixture(scope="module")
def package(shipped_site: Path) -> dict:
    return json.loads((shipped_site / "tai-ve/datapackage.json").read_text(encoding="utf-8"))


def _rows(site: Path, name: str, prefix: str = "") -> list[dict[str, str]]:
    return _csv_rows((site / f"tai-ve/{prefix}{name}.csv").read_bytes())


def _csv_rows(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def archive(shipped_site: Path) -> dict[str, bytes]:
    """What a developer finds after unzipping tai-ve/du-lieu.zip."""
    with zipfile.ZipFile(shipped_site / "tai-ve/du-lieu.zip") as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


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
        lines = re.findall(r'<div class="kb-table" data-table="[^"]*">(?:<style>[^<]*</style>)?<p class="kb-downloads"[^>]*>(.*?)</p>', html)
        assert len(lines) == tables, page
        for line in lines:  # the table's own rows as CSV, and the whole KB in every format
            assert re.fullmatch(r'Tải dữ liệu: <a href="[^"]+\.csv" download>CSV</a> · '
                                r'<a href="[^"]*tai-ve/du-lieu\.zip" download title="[^"]+">Toàn bộ dữ liệu \(ZIP\)</a>', line), line
        for href in re.findall(r'href="([^"#]*tai-ve/[^"#]+)"', html):
            assert (page.parent / href).resolve().is_file(), (page, href)


def test_loose_downloads_are_csv_and_the_rest_is_in_the_zip(shipped_site: Path, archive: dict[str, bytes]) -> None:
    loose = {str(p.relative_to(shipped_site / "tai-ve")) for p in (shipped_site / "tai-ve").rglob("*") if p.is_file()}
    assert {name for name in loose if not name.endswith(".csv")} == {"datapackage.json", "du-lieu.zip"}
    plans = {r["ke_hoach_id"] for r in _rows(shipped_site, "ke-hoach")}
    assert {f"ke-hoach/{p}/{d.name}.csv" for p in plans for d in DATASETS} <= loose
    assert set(archive) == {"datapackage.json", "kb.json"} | {f"{d.name}.{kind}" for d in DATASETS for kind in ("csv", "json")}
    assert archive["datapackage.json"] == (shipped_site / "tai-ve/datapackage.json").read_bytes()


def _machine(value: object) -> str:
    """A JSON value as the CSV writes it (38.5 -> "38.5", true -> "true", null -> "")."""
    return machine_text(Decimal(str(value)) if isinstance(value, float) else value)


def test_the_zip_holds_every_dataset_as_json_with_the_csv_rows(shipped_site: Path, archive: dict[str, bytes]) -> None:
    for data in DATASETS:
        loose = _rows(shipped_site, data.name)
        assert _csv_rows(archive[f"{data.name}.csv"]) == loose, data.name
        document = json.loads(archive[f"{data.name}.json"])
        assert (document["name"], [f["name"] for f in document["fields"]]) == (data.name, [f.name for f in data.fields])
        assert [{k: _machine(v) for k, v in row.items()} for row in document["rows"]] == loose, data.name
    assert any(row["gia_tri"] == 38.5 for row in json.loads(archive["chi-tieu.json"])["rows"])  # numbers as numbers


def test_kb_json_in_the_zip_holds_every_plan_and_item_of_the_csv(shipped_site: Path, archive: dict[str, bytes]) -> None:
    kb = json.loads(archive["kb.json"])
    assert set(kb["plans"]) == {r["ke_hoach_id"] for r in _rows(shipped_site, "ke-hoach")}
    for key, name, id_column in (("fund_lines", "nguon-von", "dong_id"), ("targets", "chi-tieu", "chi_tieu_id"),
                                 ("duties", "nhiem-vu", "nhiem_vu_id"), ("assignments", "phan-cong", "phan_cong_id")):
        in_csv = sorted((r["ke_hoach_id"], r[id_column]) for r in _rows(shipped_site, name))
        assert sorted((plan, item["id"]) for plan, content in kb["plans"].items() for item in content[key]) == in_csv, key
    lines = {line["id"]: line for line in kb["plans"]["van-quan-2025"]["fund_lines"]}
    assert all(lines[r["dong_id"]]["amount"] == r["so_tien_in"] for r in _rows(shipped_site, "nguon-von", "ke-hoach/van-quan-2025/"))


def test_json_in_the_zip_has_one_row_or_item_per_line(archive: dict[str, bytes]) -> None:
    """A developer reading the JSON in an editor, or diffing two releases, sees one row (one plan item) per line."""
    document = json.loads(archive["nguon-von.json"])
    lines = archive["nguon-von.json"].decode("utf-8").splitlines()
    assert len(document["rows"]) > 100
    assert [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("  {")] == document["fields"] + document["rows"]
    kb = json.loads(archive["kb.json"])
    items = [line.strip().rstrip(",") for line in archive["kb.json"].decode("utf-8").splitlines() if line.startswith("    {")]
    targets = kb["plans"]["van-quan-2025"]["targets"]
    assert targets and all(json.dumps(t, ensure_ascii=False) in items for t in targets)


def test_the_zip_is_a_data_package_frictionless_reads(shipped_site: Path) -> None:
    from frictionless import Package

    report = Package(str(shipped_site / "tai-ve/du-lieu.zip")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    assert len(report.tasks) == len(DATASETS)


def test_the_zip_is_the_same_bytes_for_the_same_entries_in_any_order() -> None:
    entries = {"b.json": b'{"rows": []}\n', "a.csv": "\ufeffma,tên\r\n".encode()}
    archive = zip_archive(entries)
    assert archive == zip_archive(dict(reversed(list(entries.items()))))
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        infos = zipped.infolist()
        assert [i.filename for i in infos] == ["a.csv", "b.json"] and zipped.read("a.csv") == entries["a.csv"]
        assert {(i.date_time, i.compress_type, i.external_attr >> 16) for i in infos} == \
            {((1980, 1, 1, 0, 0, 0), zipfile.ZIP_DEFLATED, 0o100644)}


def test_a_member_written_in_parts_is_the_member_written_whole(archive: dict[str, bytes]) -> None:
    """The downloads' archive is written as its members are made, kb.json a plan at a time: the same bytes."""
    kb = archive["kb.json"]
    lines = kb.split(b"\n")
    whole, parts = ZipWriter(), ZipWriter()
    whole.add("kb.json", kb)
    parts.add("kb.json", (line + b"\n" for line in lines[:-1]))
    assert whole.close() == parts.close() == zip_archive({"kb.json": kb})
    # kb.json made a plan at a time is laid out as the whole document would be: one item per line
    assert kb == (readable_json(json.loads(kb), 4) + "\n").encode("utf-8") and len(lines) > 500
    for data in DATASETS:  # and each dataset's JSON, made a plan's rows at a time: one row per line
        made = archive[f"{data.name}.json"]
        assert made == (readable_json(json.loads(made), 2) + "\n").encode("utf-8"), data.name
    writer = ZipWriter()
    writer.add("b.csv", b"")
    with pytest.raises(ValueError, match="name order"):
        writer.add("a.csv", b"")


def test_no_float_artefacts_in_downloads(shipped_site: Path, archive: dict[str, bytes]) -> None:
    numeric = {d.name: {f.name for f in d.fields if f.type in ("integer", "number")} for d in DATASETS}
    map_numeric = {"Số", "Vĩ độ", "Kinh độ"}  # tai-ve/ban-do/: the tables beside the maps (generator/maps.py)
    for path in (shipped_site / "tai-ve").rglob("*.csv"):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for name in (map_numeric if path.parent.name == "ban-do" else numeric[path.stem]):
                assert not MACHINE_FLOAT_ARTEFACT.search(row[name]), (path, name, row[name])
    for name, content in archive.items():
        if name.endswith(".json"):
            assert not re.search(r":\s*-?\d+\.0[,\n}]", content.decode("utf-8")), name


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
