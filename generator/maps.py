"""Static maps made at build time (no tiles, no network, no script): who is responsible where, and where the money goes.

A district map shows its communes coloured and shaped by their lead agency (from the plans' assignments), a
new-unit map the old communes that formed it, a province map its districts with their plans' printed totals.
Each map is a phone and a wide SVG (generator/map_svg.py), a legend, the caveat that points are approximate
centres and not boundaries, and the same data as a table (with its CSV download).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from markupsafe import Markup

from generator.admin_units import Centre, Places, load_places
from generator.export import machine_text
from generator.map_svg import NARROW, RADIUS, UNASSIGNED, WIDE, MapPoint, render_map, swatch
from generator.figures import Figure
from generator.model import SiteModel, headline_figure
from generator.numbers import format_money
from generator.schema import Assignment
from generator.tables import Table
from generator.urls import agency_path, commune_path, district_path, plan_path

COMMUNE_NOTE = "Vị trí là tâm gần đúng của xã, không phải ranh giới"
DISTRICT_NOTE = "Vị trí là tâm gần đúng của huyện, không phải ranh giới"
CONTEXT, STAR = -2, -3


@dataclass(frozen=True)
class LegendEntry:
    swatch: Markup
    text: str
    path: str  # page the entry links to ("" for none)
    numbers: tuple[int, ...]  # the points it stands for

    @property
    def numbers_text(self) -> str:
        """`điểm số 3`, `điểm số 1, 5, 9`."""
        return f"điểm số {', '.join(str(n) for n in self.numbers)}" if self.numbers else ""


@dataclass(frozen=True)
class MapFigure:
    """A map as two inline SVGs (phone, wide), its legend, what its numbers mean, and its data table."""

    name: str
    title: str
    narrow: Markup
    wide: Markup
    legend: tuple[LegendEntry, ...]
    note: str
    table: Table
    undrawn: tuple[str, ...] = ()  # `số 1 (Xã Lản Nhì Thàng)`: listed in the table, but the dataset has no centre


def places_for(model: SiteModel) -> Places:
    """Read the centres the maps need from the offline dataset (the only step of this module that reads a file)."""
    return load_places({d.province_code for d in model.districts.values()}, {u.code for u in model.new_units.values()})


def _figure(name: str, title: str, points: list[MapPoint], desc: str, note: str, *,
            legend: list[LegendEntry], table: Table, undrawn: tuple[str, ...] = ()) -> MapFigure:
    draw = {width: render_map(points, width=width, map_id=f"map-{name}-{width}", title=title, desc=f"{desc} {note}.",
                              note=note) for width in (NARROW, WIDE)}
    return MapFigure(name, title, draw[NARROW], draw[WIDE], tuple(legend), note, table, undrawn)


def _undrawn(rows: list[dict[str, object]], name_column: str) -> tuple[str, ...]:
    return tuple(f"số {row['Số']} ({row[name_column]})" for row in rows if row["Vĩ độ"] is None)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.4f}")


def _agency_ids(model: SiteModel, district_id: str, commune_id: str, role: str) -> tuple[str, ...]:
    entries = model.by_commune.get((district_id, commune_id), ())
    return tuple(sorted({e.item.agency for e in entries if isinstance(e.item, Assignment) and e.item.role == role}))


def district_map(model: SiteModel, places: Places, district_id: str) -> MapFigure | None:
    """The district's communes at their approximate centres, coloured and shaped by their lead agency."""
    district, communes = model.districts[district_id], model.kb.district_communes(district_id)
    agency_name = {a: model.agencies[(district_id, a)].name for (d, a) in model.agencies if d == district_id}
    leads = {c.id: _agency_ids(model, district_id, c.id, "lead") for c in communes}
    keys = list(dict.fromkeys(leads[c.id] for c in communes if leads[c.id]))  # in the order of their first commune
    style = {key: i for i, key in enumerate(keys)}
    points: list[MapPoint] = []
    rows: list[dict[str, object]] = []
    for number, commune in enumerate(communes, start=1):
        centre, lead = places.communes.get(commune.code), leads[commune.id]
        if centre:
            points.append(MapPoint(number, (commune.name,), centre, style.get(lead, UNASSIGNED)))
        rows.append({
            "Số": number, "Xã, thị trấn": f"{'Thị trấn' if commune.type == 'thị trấn' else 'Xã'} {commune.name}",
            "commune_path": commune_path(district_id, commune.id),
            "Cơ quan phụ trách": " và ".join(agency_name[a] for a in lead) or "chưa phân công",
            "agency_path": agency_path(district_id, lead[0]) if len(lead) == 1 else "",
            "Đồng phụ trách": "; ".join(agency_name[a] for a in _agency_ids(model, district_id, commune.id, "co_lead")),
            "Vĩ độ": _decimal(centre.lat if centre else None), "Kinh độ": _decimal(centre.lon if centre else None),
            "Ghi chú": "" if centre else "dữ liệu không có tọa độ riêng của xã",
        })
    if not points:
        return None
    numbers = {key: tuple(n for n, c in enumerate(communes, start=1) if leads[c.id] == key) for key in keys}
    legend = [LegendEntry(swatch(style[key]), " và ".join(agency_name[a] for a in key),
                          agency_path(district_id, key[0]) if len(key) == 1 else "", numbers[key]) for key in keys]
    unassigned = tuple(n for n, c in enumerate(communes, start=1) if not leads[c.id])
    if unassigned:
        legend.append(LegendEntry(swatch(UNASSIGNED), "Chưa phân công (không kế hoạch nào giao cơ quan phụ trách)",
                                  "", unassigned))
    name = f"huyen-{district_id}-ban-do"
    table = _table(name, "Xã, thị trấn trên bản đồ", rows, links=(("Xã, thị trấn", "commune_path"),
                                                                 ("Cơ quan phụ trách", "agency_path")))
    desc = (f"{len(points)} xã, thị trấn của huyện {district.name} đánh số như bảng bên dưới; màu và hình của mỗi "
            "điểm cho biết cơ quan phụ trách xã theo chú giải.")
    return _figure(name, f"Cơ quan phụ trách các xã, huyện {district.name}", points, desc, COMMUNE_NOTE,
                   legend=legend, table=table, undrawn=_undrawn(rows, "Xã, thị trấn"))


def new_unit_map(model: SiteModel, places: Places, key: str) -> MapFigure | None:
    """The old communes that formed a post-2025 unit, around the unit's own approximate centre."""
    unit = model.new_units[key]
    districts = list(dict.fromkeys(d for d, _ in unit.predecessors))
    points: list[MapPoint] = []
    rows: list[dict[str, object]] = []
    for number, (district_id, commune_id) in enumerate(unit.predecessors, start=1):
        commune = model.communes[(district_id, commune_id)]
        centre = places.communes.get(commune.code)
        if centre:
            points.append(MapPoint(number, (commune.name,), centre, districts.index(district_id)))
        rows.append({"Số": number, "Xã cũ": f"{commune.type.capitalize()} {commune.name}",
                     "commune_path": commune_path(district_id, commune_id),
                     "Huyện cũ": f"Huyện {model.districts[district_id].name}", "district_path": district_path(district_id),
                     "Vĩ độ": _decimal(centre.lat if centre else None), "Kinh độ": _decimal(centre.lon if centre else None)})
    own = places.units.get(unit.code)
    if own:
        points.append(MapPoint(0, (unit.name,), own, STAR, radius=RADIUS + 1))
    if not points:
        return None
    legend = [LegendEntry(swatch(STAR), f"{unit.name} (từ 1/7/2025): tâm gần đúng", "", ())] if own else []
    legend += [LegendEntry(swatch(i), f"Xã cũ của huyện {model.districts[d].name}", district_path(d),
                           tuple(n for n, p in enumerate(unit.predecessors, start=1) if p[0] == d))
               for i, d in enumerate(districts)]
    name = f"don-vi-moi-{key}-ban-do"
    table = _table(name, "Xã cũ trên bản đồ", rows, links=(("Xã cũ", "commune_path"), ("Huyện cũ", "district_path")))
    desc = f"{len(unit.predecessors)} xã cũ hợp thành {unit.name}, đánh số như bảng bên dưới."
    return _figure(name, f"Các xã cũ hợp thành {unit.name}", points, desc, COMMUNE_NOTE, legend=legend, table=table,
                   undrawn=_undrawn(rows, "Xã cũ"))


def province_map(model: SiteModel, places: Places, province_key: str) -> MapFigure | None:
    """The province's districts; those with plans are numbered and sized by their plans' printed totals."""
    ids = model.provinces[province_key]
    codes = {model.districts[d].code for d in ids}
    province_code = model.districts[ids[0]].province_code
    totals = {d: _printed_totals(model, d) for d in ids}
    largest = max((_sum(v).value for v in totals.values() if v), default=Decimal(0))
    points = [MapPoint(0, (name.removeprefix("Huyện "),), centre, CONTEXT, radius=5)
              for code in places.province_districts.get(province_code, ()) if code not in codes
              for name, centre in [places.districts[code]]]
    rows: list[dict[str, object]] = []
    legend = []
    for number, district_id in enumerate(ids, start=1):
        district, plans = model.districts[district_id], totals[district_id]
        total = _sum(plans).value if plans else Decimal(0)
        sub = format_money(total) if plans else "văn bản chưa ghi tổng"
        found = places.districts.get(district.code)
        if found:
            radius = RADIUS + (17 * math.sqrt(float(total / largest)) if plans and largest else 0)
            points.append(MapPoint(number, (district.name, sub), found[1], 4 * (number - 1), radius=radius))  # circles
        rows += _province_rows(model, number, district_id, plans, found[1] if found else None)
        legend.append(LegendEntry(swatch(4 * (number - 1)), f"Huyện {district.name}: {sub}"
                                  + (f" (cộng tổng theo văn bản của {len(plans)} kế hoạch)" if len(plans) > 1 else ""),
                                  district_path(district_id), (number,)))
    if not any(p.number for p in points):
        return None
    if any(not p.number for p in points):
        legend.append(LegendEntry(swatch(CONTEXT), "Huyện, thành phố khác của tỉnh (chưa có kế hoạch trên trang)", "", ()))
    name = f"tinh-{province_key}-ban-do"
    table = _table(name, "Huyện trên bản đồ và tổng kinh phí theo văn bản kế hoạch", rows,
                   links=(("Huyện", "district_path"), ("Kế hoạch", "plan_path")), numeric=(TOTAL,))
    desc = (f"Các huyện của tỉnh {model.province_names[province_key]}; huyện có kế hoạch trên trang được đánh số, "
            "vòng tròn càng lớn thì tổng kinh phí theo văn bản kế hoạch càng lớn.")
    return _figure(name, f"Kinh phí theo huyện, tỉnh {model.province_names[province_key]}", points, desc,
                   DISTRICT_NOTE, legend=legend, table=table)


TOTAL = "Tổng kinh phí (triệu đồng)"


def _printed_totals(model: SiteModel, district_id: str) -> list[tuple[str, Figure]]:
    """Each plan's printed headline total (generator.model.headline_figure): never re-derived from its parts."""
    figures = [(p.id, headline_figure(model, p.id)) for p in model.district_plans(district_id)]
    return [(plan_id, figure) for plan_id, figure in figures if figure is not None]


def _sum(plans: list[tuple[str, Figure]]) -> Figure:
    """The printed totals of several plans added up: a computed figure that names the lines it adds."""
    total = plans[0][1]
    for _, figure in plans[1:]:
        total = total + figure
    return total


def _province_rows(model: SiteModel, number: int, district_id: str, plans: list[tuple[str, Figure]],
                   centre: Centre | None) -> list[dict[str, object]]:
    base = {"Số": number, "Huyện": f"Huyện {model.districts[district_id].name}", "district_path": district_path(district_id)}
    where = {"Vĩ độ": _decimal(centre.lat if centre else None), "Kinh độ": _decimal(centre.lon if centre else None)}
    rows: list[dict[str, object]] = [
        {**base, "Kế hoạch": model.plan_labels[p], "plan_path": plan_path(p), TOTAL: figure,
         "Nguồn số": figure.origin_text(), **where} for p, figure in plans]
    if len(plans) > 1:
        total = _sum(plans)
        rows.append({**base, "Kế hoạch": f"Cộng {len(plans)} kế hoạch", "plan_path": "", TOTAL: total,
                     "Nguồn số": f"{total.origin_text()}; giai đoạn các kế hoạch có thể trùng nhau", **where})
    return rows or [{**base, "Kế hoạch": "chưa có kế hoạch ghi tổng kinh phí", "plan_path": "", TOTAL: None, "Nguồn số": "",
                     **where}]


def _table(name: str, title: str, rows: list[dict[str, object]], *, links: tuple[tuple[str, str], ...],
           numeric: tuple[str, ...] = ()) -> Table:
    frame = pd.DataFrame(rows).astype({"Số": "Int64"})
    if "Ghi chú" in frame and not frame["Ghi chú"].any():  # a column with nothing in it says nothing
        frame = frame.drop(columns=["Ghi chú"])
    return Table(name, title, frame, numeric=("Số", "Vĩ độ", "Kinh độ") + numeric, link_columns=links,
                 download=f"ban-do/{name}")


def map_files(maps: dict[str, dict[str, MapFigure]]) -> dict[str, bytes]:
    """Each map's table as CSV (UTF-8 with BOM, machine-form numbers) under `tai-ve/ban-do/` (loose files are CSV only)."""
    files: dict[str, bytes] = {}
    for figure in (f for by_key in maps.values() for f in by_key.values()):
        frame = figure.table.frame
        columns = [c for c in frame.columns if not c.endswith("_path")]
        rows = [{c: (v.value if isinstance(v, Figure) else v) for c, v in row.items() if c in columns}
                for row in frame.to_dict("records")]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([machine_text(row[c]) for c in columns] for row in rows)
        files[f"tai-ve/{figure.table.download}.csv"] = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return dict(sorted(files.items()))


MAPS: dict[str, tuple[Callable[[SiteModel], list[str]], Callable[[SiteModel, Places, str], MapFigure | None]]] = {
    "district": (lambda m: sorted(m.districts), district_map),
    "province": (lambda m: sorted(m.provinces), province_map),
    "new_unit": (lambda m: sorted(m.new_units), new_unit_map),
}


def build_maps(model: SiteModel, places: Places) -> dict[str, dict[str, MapFigure]]:
    """Build every registered map: page kind -> page key (district id, province key, unit key) -> map."""
    made = {kind: {key: make(model, places, key) for key in keys(model)} for kind, (keys, make) in MAPS.items()}
    return {kind: {key: figure for key, figure in maps.items() if figure is not None} for kind, maps in made.items()}
