"""Static maps: points at the dataset's centres, legend and table from the assignments, printed totals, escaping."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_kb
from generator.map_svg import NARROW, WIDE
from generator.maps import COMMUNE_NOTE, DISTRICT_NOTE, MapFigure, build_maps, district_map, places_for
from generator.model import SiteModel, build_site_model, headline_figure
from generator.validate import validate_kb
from tests.conftest import ROOT


def _model(kb: Path) -> SiteModel:
    documents, issues = load_kb(kb)
    return build_site_model(validate_kb(documents, issues))


@pytest.fixture(scope="module")
def shipped() -> tuple[SiteModel, dict[str, dict[str, MapFigure]]]:
    model = _model(ROOT / "kb")
    return model, build_maps(model, places_for(model))


def test_district_legend_and_table_follow_the_assignments(shipped) -> None:
    _, maps = shipped
    figure = maps["district"]["phong-tho"]
    rows = figure.table.frame.set_index("Xã, thị trấn")
    assert rows.loc["Xã Tung Qua Lìn", "Cơ quan phụ trách"] == "Phòng Lao động - Thương binh và Xã hội"
    assert rows.loc["Xã Dào San", "Cơ quan phụ trách"] == "Phòng Tư pháp"
    assert rows.loc["Xã Dào San", "Đồng phụ trách"] == "Ngân hàng chính sách xã hội"
    legend = {entry.text: entry.numbers for entry in figure.legend}
    assert legend["Phòng Tư pháp"] == (rows.loc["Xã Dào San", "Số"],)
    assert sorted(n for entry in figure.legend for n in entry.numbers) == list(range(1, len(rows) + 1))
    unassigned = maps["district"]["tam-duong"].legend
    assert len(unassigned) == 1 and unassigned[0].text.startswith("Chưa phân công")
    assert len(unassigned[0].numbers) == 13


def test_a_commune_without_its_own_centre_is_listed_not_drawn(shipped) -> None:
    _, maps = shipped
    figure = maps["district"]["phong-tho"]
    row = figure.table.frame.set_index("Xã, thị trấn").loc["Xã Lản Nhì Thàng"]
    # The dataset puts Lản Nhì Thàng exactly on its district's centre: the geocoder's fallback, not the commune.
    assert row["Ghi chú"] == "dữ liệu không có tọa độ riêng của xã" and row["Vĩ độ"] is None
    assert "Lản Nhì Thàng" not in figure.narrow and "Lản Nhì Thàng" not in figure.wide
    assert "Tung Qua Lìn" in figure.wide
    assert figure.undrawn == ("số 1 (Xã Lản Nhì Thàng)",)


def test_every_map_says_its_points_are_approximate_centres(shipped) -> None:
    _, maps = shipped
    figures = [figure for by_key in maps.values() for figure in by_key.values()]
    assert {kind: len(by_key) for kind, by_key in maps.items()} == {"district": 3, "province": 2, "new_unit": 17}
    for figure in figures:
        assert figure.note in (COMMUNE_NOTE, DISTRICT_NOTE)
        for svg in (figure.narrow, figure.wide):
            for part in figure.note.split(", "):  # a long caveat is split over two lines at its comma
                assert part in svg, (figure.name, part)
    assert f'viewBox="0 0 {NARROW} ' in maps["district"]["van-quan"].narrow
    assert f'viewBox="0 0 {WIDE} ' in maps["district"]["van-quan"].wide


def test_province_map_labels_districts_with_their_printed_totals(shipped) -> None:
    model, maps = shipped
    figure = maps["province"]["lai-chau"]
    frame = figure.table.frame
    phong_tho = frame[frame["Huyện"] == "Huyện Phong Thổ"]
    printed = [headline_figure(model, plan_id) for plan_id in ("phong-tho-2023", "phong-tho-2023-2025")]
    totals = list(phong_tho["Tổng kinh phí (triệu đồng)"])
    assert {f.value for f in totals[:2]} == {f.value for f in printed} and all(f.printed for f in totals[:2])
    assert totals[2].value == sum(f.value for f in printed) and not totals[2].printed  # computed, and says so
    assert phong_tho["Nguồn số"].iloc[2].startswith("trang tính: cộng 2 số của văn bản")
    assert "1.953.634 triệu đồng" in figure.wide  # 162.756 + 1.790.878, both as printed
    legend = [entry.text for entry in figure.legend]
    assert "Huyện Phong Thổ: 1.953.634 triệu đồng (cộng tổng theo văn bản của 2 kế hoạch)" in legend
    assert "Huyện Tam Đường: 144.771 triệu đồng" in legend
    assert legend[-1].startswith("Huyện, thành phố khác của tỉnh")
    assert "Mường Tè" in figure.wide  # the province's other districts give the reader their bearings


def test_new_unit_map_shows_the_old_communes_around_its_centre(shipped) -> None:
    _, maps = shipped
    figure = maps["new_unit"]["lai-chau-xa-dao-san"]
    assert list(figure.table.frame["Xã cũ"]) == ["Xã Tung Qua Lìn", "Xã Mù Sang", "Xã Dào San"]
    assert figure.legend[0].text == "Xã Dào San (từ 1/7/2025): tâm gần đúng"
    assert figure.legend[1].numbers == (1, 2, 3)
    assert figure.wide.count("<polygon") == 1  # the unit's own centre is the one star


def test_maps_are_deterministic(shipped) -> None:
    model, maps = shipped
    again = build_maps(model, places_for(model))
    assert {k: {n: (f.narrow, f.wide) for n, f in v.items()} for k, v in again.items()} == \
           {k: {n: (f.narrow, f.wide) for n, f in v.items()} for k, v in maps.items()}


def test_map_text_is_escaped(kb_dir) -> None:
    kb = kb_dir({"file": "registry/communes/phong-tho.yaml",
                 "replace": ["    name: Tung Qua Lìn", "    name: '<b>T</b> & </svg>'"]})
    model = _model(kb)
    figure = district_map(model, places_for(model), "phong-tho")
    assert figure is not None
    for svg in (figure.narrow, figure.wide):
        assert "<b>" not in svg and svg.count("</svg>") == 1
        assert "&lt;b&gt;T&lt;/b&gt; &amp; &lt;/svg&gt;" in svg
