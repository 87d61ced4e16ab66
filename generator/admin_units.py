"""Generate district and commune registry entries from the vietnamadminunits dataset."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class OfficialCommune:
    """One pre-2025 commune with its code and post-2025 successor(s)."""

    name: str
    type: str
    code: str
    successors: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Dataset:
    """The parts of vietnamadminunits that add-district reads, loaded once and filtered in Python.

    Names are matched in Python rather than in SQL, so no name (`Ia H'Drai`) is ever pasted into a query.
    """

    legacy: dict[tuple[str, str], list[dict[str, Any]]]  # folded (province, district) -> rows, one per commune
    new_units: dict[str, dict[str, dict[str, Any]]]  # new province key -> ward key -> row
    new_province: dict[str, str]  # old province key -> new province key
    merged_into: dict[str, dict[str, list[str]]]  # new province key -> old ward key -> new ward keys
    divided: dict[str, dict[str, list[dict[str, Any]]]]  # new province key -> old ward key -> parts
    version: str = field(default="")


def dataset_version() -> str:
    """Return the dataset provenance string recorded in registry files."""
    return f"vietnamadminunits {metadata.version('vietnamadminunits')}"


def slug(text: str) -> str:
    """Make an ASCII id from Vietnamese text (`Tung Qua Lìn` -> `tung-qua-lin`)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def fold_name(text: str) -> str:
    """Compare place names the way people type them: NFC, any case, any apostrophe, single spaces."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("ʼ", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


_LEGACY_COLUMNS = ("provinceShort", "districtShort", "districtType", "districtCode", "districtKey", "provinceCode",
                   "provinceKey", "wardShort", "wardType", "wardCode", "wardKey")


def load_dataset() -> Dataset:
    """Read the legacy (63-province) units, the new (34-province) units and the 2025 converter once."""
    from vietnamadminunits.database.main import query  # slow to import (3 s); imported where it is used

    legacy: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in query(f"SELECT {', '.join(_LEGACY_COLUMNS)} FROM admin_units_legacy"):
        legacy.setdefault((fold_name(row["provinceShort"]), fold_name(row["districtShort"])), []).append(row)
    new_units: dict[str, dict[str, dict[str, Any]]] = {}
    for row in query("SELECT ward, wardKey, wardCode, province, provinceKey FROM admin_units"):
        new_units.setdefault(row["provinceKey"], {})[row["wardKey"]] = row
    conv = json.loads((resources.files("vietnamadminunits") / "data" / "converter_2025.json").read_text(encoding="utf-8"))
    merged_into: dict[str, dict[str, list[str]]] = {}
    for province, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, olds in wards.items():
            for old in olds:
                merged_into.setdefault(province, {}).setdefault(old, []).append(new_key)
    new_province = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
    return Dataset(legacy, new_units, new_province, merged_into, conv["DICT_PROVINCE_WARD_DIVIDED"], dataset_version())


def _successors(old_key: str, new_province: str, data: Dataset) -> list[dict[str, Any]]:
    units = data.new_units.get(new_province, {})
    found = [{"key": key, "default": True} for key in data.merged_into.get(new_province, {}).get(old_key, [])]
    for part in data.divided.get(new_province, {}).get(old_key, []):
        found.append({"key": part["newWardKey"], "default": bool(part["isDefaultNewWard"])})
    return [
        {
            "name": units[item["key"]]["ward"],
            "code": units[item["key"]]["wardCode"],
            "province": units[item["key"]]["province"].removeprefix("Tỉnh ").removeprefix("Thành phố "),
            "default": item["default"],
        }
        for item in found
        if item["key"] in units
    ]


def district_rows(district: str, province: str, data: Dataset) -> list[dict[str, Any]]:
    """Return the dataset rows of one district (one per commune; one with no commune for island districts)."""
    rows = data.legacy.get((fold_name(province), fold_name(district)))
    if rows:
        return rows
    in_province = sorted({r[0]["districtShort"] for k, r in data.legacy.items() if k[0] == fold_name(province)})
    if not in_province:
        provinces = sorted({r[0]["provinceShort"] for r in data.legacy.values()})
        guess = difflib.get_close_matches(province, provinces, n=1, cutoff=0.6)
        raise LookupError(f"không có tỉnh '{province}' trong {data.version} (tên trước 1/7/2025, không ghi 'Tỉnh')"
                          + (f"; có phải ý bạn là '{guess[0]}'?" if guess else ""))
    guess = difflib.get_close_matches(district, in_province, n=1, cutoff=0.6)
    raise LookupError(f"không có huyện '{district}' thuộc tỉnh '{province}' trong {data.version}"
                      + (f"; có phải ý bạn là '{guess[0]}'?" if guess else f"; các huyện của tỉnh: {', '.join(in_province)}"))


def official_communes(district: str, province: str, *, data: Dataset | None = None
                      ) -> tuple[dict[str, Any], list[OfficialCommune]]:
    """Return the district row and its communes with successors, in code order (none for an island district)."""
    data = data or load_dataset()
    rows = district_rows(district, province, data)
    new_province = data.new_province.get(rows[0]["provinceKey"], "")
    communes = [
        OfficialCommune(
            name=row["wardShort"],
            type=row["wardType"].lower(),
            code=row["wardCode"],
            successors=tuple(_successors(f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}", new_province, data)),
        )
        for row in sorted(rows, key=lambda r: r["wardCode"] or "")
        if row["wardShort"]  # Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo have no commune-level units
    ]
    return rows[0], communes


def commune_ids(communes: list[OfficialCommune]) -> dict[str, str]:
    """Give each commune an id from its name; names that fold alike (Minh Quán, Minh Quân) get their code."""
    base = {c.code: slug(c.name) if c.type == "xã" else f"{slug(c.type)}-{slug(c.name)}" for c in communes}
    counts: dict[str, int] = {}
    for value in base.values():
        counts[value] = counts.get(value, 0) + 1
    return {code: value if counts[value] == 1 else f"{value}-{code}" for code, value in base.items()}


def district_entry(row: dict[str, Any], taken: Iterable[str] = ()) -> dict[str, Any]:
    """Build a `districts.yaml` entry from a dataset row; a name another district already uses gets its province."""
    district_id = slug(row["districtShort"])
    if district_id in set(taken):  # Tam Đường (Lai Châu) and Tam Dương (Vĩnh Phúc) both fold to tam-duong
        district_id = f"{district_id}-{slug(row['provinceShort'])}"
    return {
        "id": district_id,
        "name": row["districtShort"],
        "type": row["districtType"].lower(),
        "province": row["provinceShort"],
        "code": row["districtCode"],
        "province_code": row["provinceCode"],
    }


def communes_document(district: str, province: str, *, data: Dataset | None = None,
                      district_id: str | None = None) -> dict[str, Any]:
    """Build the content of `kb/registry/communes/<district>.yaml` from the dataset."""
    data = data or load_dataset()
    row, communes = official_communes(district, province, data=data)
    ids = commune_ids(communes)
    return {
        "district": district_id or slug(row["districtShort"]),
        "source": data.version,
        "communes": [
            {
                "id": ids[c.code],
                "name": c.name,
                "type": c.type,
                "code": c.code,
                "aliases": [],
                "successors": list(c.successors),
            }
            for c in communes
        ],
    }


@dataclass(frozen=True)
class Added:
    """What add-district did for one district: the files written and anything the user should know."""

    district: str
    written: tuple[Path, ...]
    notes: tuple[str, ...]


def add_district(kb_dir: Path, district: str, province: str) -> Added:
    """Add one district and its communes (codes, successors) to the registries; never overwrite aliases."""
    return add_districts(kb_dir, [(district, province)])[0]


def add_districts(kb_dir: Path, names: list[tuple[str, str]], *, data: Dataset | None = None) -> list[Added]:
    """Add several districts at once (districts.yaml is read and written once); raise LookupError on an unknown name."""
    from ruamel.yaml import YAML

    data = data or load_dataset()
    rows = [district_rows(district, province, data)[0] for district, province in names]
    yaml = _registry_yaml(YAML)
    districts_file = kb_dir / "registry" / "districts.yaml"
    registry = yaml.load(districts_file.read_text(encoding="utf-8"))
    entries = {d["code"]: d for d in registry["districts"]}
    results, new_codes = [], set()
    for (district, province), row in zip(names, rows):
        entry = entries.get(row["districtCode"])
        if entry is None:
            entry = district_entry(row, taken=(d["id"] for d in registry["districts"]))
            registry["districts"].append(entry)
            entries[entry["code"]] = entry
            new_codes.add(entry["code"])
        results.append(_write_communes(kb_dir, entry, (district, province), data))
    if new_codes:
        with districts_file.open("w", encoding="utf-8") as handle:
            yaml.dump(registry, handle)
    return [Added(a.district, ((districts_file,) if row["districtCode"] in new_codes else ()) + a.written, a.notes)
            for a, row in zip(results, rows)]


def _registry_yaml(yaml_class: Any) -> Any:
    yaml = yaml_class()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _write_communes(kb_dir: Path, entry: dict[str, Any], name: tuple[str, str], data: Dataset) -> Added:
    communes_file = kb_dir / "registry" / "communes" / f"{entry['id']}.yaml"
    label = f"{entry['type'].capitalize()} {entry['name']} ({entry['province']})"
    if communes_file.exists():
        return Added(label, (), (f"{communes_file} đã có; giữ nguyên (không ghi đè bí danh)",))
    document = communes_document(*name, data=data, district_id=entry["id"])
    communes_file.parent.mkdir(parents=True, exist_ok=True)
    communes_file.write_text(communes_yaml(document), encoding="utf-8")
    notes = () if document["communes"] else (
        f"{label} không có xã, thị trấn nào trong {data.version} (huyện đảo); đã ghi danh sách xã rỗng",)
    return Added(label, (communes_file,), notes)


def communes_yaml(document: dict[str, Any]) -> str:
    """Write a communes registry file in the canonical `fmt` layout.

    Emitted directly rather than through ruamel's representer, which takes ~70 ms per district: adding
    all 696 districts (issue 8) would spend a minute formatting.
    """
    lines = ["# yaml-language-server: $schema=../../schema/communes.schema.json",
             f"# Generated by `python -m generator add-district` from {document['source']};",
             "# edit only `aliases` and `merged_from` by hand.",
             f"district: {_plain(document['district'])}", f"source: {_plain(document['source'])}"]
    lines.append("communes:" if document["communes"] else "communes: []")
    for commune in document["communes"]:
        lines += [f"  - id: {_plain(commune['id'])}", f"    name: {_plain(commune['name'])}",
                  f"    type: {_plain(commune['type'])}", f"    code: {_quoted(commune['code'])}",
                  "    aliases: []", "    successors:" if commune["successors"] else "    successors: []"]
        for successor in commune["successors"]:
            lines += [f"      - name: {_plain(successor['name'])}", f"        code: {_quoted(successor['code'])}",
                      f"        province: {_plain(successor['province'])}",
                      f"        default: {'true' if successor['default'] else 'false'}"]
    return "\n".join(lines) + "\n"


# A plain scalar is safe when it starts with a letter, holds only letters, digits, spaces and a few
# marks, and is not a word YAML 1.1 or 1.2 reads as a boolean or null.
_PLAIN = re.compile(r"^[^\W\d_][\w .'()/-]*(?<! )$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _plain(text: str) -> str:
    return text if _PLAIN.match(text) and text.casefold() not in _RESERVED and " -" not in text[-2:] else _quoted(text)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Centre:
    """An approximate centre point (degrees) from the dataset: a geocoded point, not a boundary."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Places:
    """Approximate centres of the units the site maps, read once from the offline dataset."""

    communes: dict[str, Centre]  # pre-2025 commune code -> its own centre (absent when the dataset has none)
    units: dict[str, Centre]  # post-2025 unit code -> centre
    districts: dict[str, tuple[str, Centre]]  # pre-2025 district code -> (name with type, centre)
    province_districts: dict[str, tuple[str, ...]]  # pre-2025 province code -> codes of all its districts


def load_places(province_codes: set[str], unit_codes: set[str]) -> Places:
    """Read the centres of every commune and district of these provinces, and of these new units."""
    from vietnamadminunits.database.main import query  # slow to import (3 s); imported where it is used
    codes = ",".join(f"'{code}'" for code in sorted(province_codes) if code.isdigit())
    rows = query(
        "SELECT provinceCode, districtCode, district, districtLat, districtLon, wardCode, wardLat, wardLon "
        f"FROM admin_units_legacy WHERE provinceCode IN ({codes}) ORDER BY wardCode"
    ) if codes else []
    units = ",".join(f"'{code}'" for code in sorted(unit_codes) if code.isdigit())
    unit_rows = query(f"SELECT wardCode, wardLat, wardLon FROM admin_units WHERE wardCode IN ({units})") if units else []
    districts = {row["districtCode"]: (row["district"], Centre(row["districtLat"], row["districtLon"])) for row in rows}
    by_province: dict[str, set[str]] = {}
    for row in rows:
        by_province.setdefault(row["provinceCode"], set()).add(row["districtCode"])
    return Places(
        # A commune "centred" exactly on its district's centre is the geocoder's fallback, not the commune.
        communes={row["wardCode"]: Centre(row["wardLat"], row["wardLon"]) for row in rows
                  if (row["wardLat"], row["wardLon"]) != (row["districtLat"], row["districtLon"])},
        units={row["wardCode"]: Centre(row["wardLat"], row["wardLon"]) for row in unit_rows},
        districts=dict(sorted(districts.items())),
        province_districts={code: tuple(sorted(ids)) for code, ids in sorted(by_province.items())},
    )
