"""add-district: every district of the dataset, island districts, names with apostrophes, stable ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.admin_units import Dataset, add_districts, load_dataset
from generator.fmt import format_kb
from generator.load import RawDocument, classify, load_file
from generator.validate import validate_kb
from tests.conftest import ROOT

ISLANDS = {("Hải Phòng", "Bạch Long Vĩ"), ("Quảng Trị", "Cồn Cỏ"), ("Đà Nẵng", "Hoàng Sa"), ("Quảng Ngãi", "Lý Sơn"),
           ("Bà Rịa - Vũng Tàu", "Côn Đảo")}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


def _registry_kb(tmp_path: Path) -> Path:
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb", kb, ignore=shutil.ignore_patterns("schema"))
    return kb


def _fast_documents(kb: Path) -> list[RawDocument]:
    """Parse the KB with libyaml: ruamel's round-trip loader would take a minute for 696 districts."""
    documents = []
    for path in sorted(kb.rglob("*.yaml")):
        place = classify(path.relative_to(kb))
        assert place is not None
        text = path.read_text(encoding="utf-8")
        documents.append(RawDocument(str(path), place[0], yaml.load(text, Loader=yaml.CSafeLoader), text, place[1]))
    return documents


def test_every_legacy_district_goes_in_and_the_kb_validates(tmp_path: Path, dataset: Dataset) -> None:
    names = sorted({(rows[0]["districtShort"], rows[0]["provinceShort"]) for rows in dataset.legacy.values()})
    assert len(names) == 696
    kb = _registry_kb(tmp_path)
    added = add_districts(kb, names, data=dataset)
    islands = sorted(a.district for a in added if any("huyện đảo" in n for n in a.notes))
    assert islands == ["Huyện Bạch Long Vĩ (Hải Phòng)", "Huyện Côn Đảo (Bà Rịa - Vũng Tàu)", "Huyện Cồn Cỏ (Quảng Trị)",
                       "Huyện Hoàng Sa (Đà Nẵng)", "Huyện Lý Sơn (Quảng Ngãi)"]
    kb_model = validate_kb(_fast_documents(kb))  # one validation of the whole 696-district registry
    assert len(kb_model.districts) == 696 and len({d.id for d in kb_model.districts}) == 696
    assert sum(len(f.communes) for f in kb_model.communes.values()) == 10035
    assert {d.id for d in kb_model.districts} >= {"phong-tho", "tam-duong", "van-quan", "tam-duong-vinh-phuc", "ia-h-drai"}
    # The files are what the real loader reads and what `fmt` would write (checked on a sample).
    sample = sorted((kb / "registry" / "communes").glob("*.yaml"))[::60]
    assert format_kb(kb, check=True, only=sample) == []
    assert all(load_file(p.relative_to(kb), str(p), p.read_bytes)[1] == [] for p in sample)


def test_a_name_with_an_apostrophe_is_found_whatever_apostrophe_is_typed(tmp_path: Path, dataset: Dataset) -> None:
    kb = _registry_kb(tmp_path)
    (first,) = add_districts(kb, [("Ia H’drai", "kon tum")], data=dataset)
    text = (kb / "registry" / "communes" / "ia-h-drai.yaml").read_text(encoding="utf-8")
    assert first.notes == () and "name: Ia Tơi" in text and "code: '23535'" in text


def test_an_island_district_is_added_with_an_empty_commune_list(tmp_path: Path, dataset: Dataset) -> None:
    kb = _registry_kb(tmp_path)
    (added,) = add_districts(kb, [("Côn Đảo", "Bà Rịa - Vũng Tàu")], data=dataset)
    assert "communes: []" in (kb / "registry" / "communes" / "con-dao.yaml").read_text(encoding="utf-8")
    assert added.notes == ("Huyện Côn Đảo (Bà Rịa - Vũng Tàu) không có xã, thị trấn nào trong vietnamadminunits 1.0.4 "
                           "(huyện đảo); đã ghi danh sách xã rỗng",)


def test_adding_again_changes_nothing(tmp_path: Path, dataset: Dataset) -> None:
    kb = _registry_kb(tmp_path)
    add_districts(kb, [("Sìn Hồ", "Lai Châu")], data=dataset)
    before = {p: p.read_bytes() for p in (kb / "registry").rglob("*.yaml")}
    (again,) = add_districts(kb, [("Sìn Hồ", "Lai Châu")], data=dataset)
    assert again.written == () and {p: p.read_bytes() for p in (kb / "registry").rglob("*.yaml")} == before


@pytest.mark.parametrize("district, province, message", [
    ("Văn Quang", "Lạng Sơn", "không có huyện 'Văn Quang' thuộc tỉnh 'Lạng Sơn' trong vietnamadminunits 1.0.4; "
                              "có phải ý bạn là 'Văn Quan'?"),
    ("Phong Thổ", "Lai Chau", "không có tỉnh 'Lai Chau' trong vietnamadminunits 1.0.4 (tên trước 1/7/2025, "
                              "không ghi 'Tỉnh'); có phải ý bạn là 'Lai Châu'?"),
    ("x' OR '1'='1", "Lai Châu", "không có huyện 'x' OR '1'='1' thuộc tỉnh 'Lai Châu'"),
])
def test_an_unknown_name_says_what_it_looked_for(tmp_path: Path, dataset: Dataset, district: str, province: str,
                                                 message: str) -> None:
    with pytest.raises(LookupError) as error:
        add_districts(_registry_kb(tmp_path), [(district, province)], data=dataset)
    assert str(error.value).startswith(message)
