"""Generate district and commune registry entries from the vietnamadminunits dataset."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from vietnamadminunits.database.main import query


@dataclass(frozen=True)
class OfficialCommune:
    """One pre-2025 commune with its code and post-2025 successor(s)."""

    name: str
    type: str
    code: str
    successors: tuple[dict[str, Any], ...]


def dataset_version() -> str:
    """Return the dataset provenance string recorded in registry files."""
    return f"vietnamadminunits {metadata.version('vietnamadminunits')}"


def slug(text: str) -> str:
    """Make an ASCII id from Vietnamese text (`Tung Qua Lìn` -> `tung-qua-lin`)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


def _converter() -> dict[str, Any]:
    path = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _new_units(province_key: str) -> dict[str, dict[str, Any]]:
    rows = query(
        "SELECT ward, wardKey, wardCode, province FROM admin_units "
        f"WHERE provinceKey = '{province_key}'"
    )
    return {row["wardKey"]: row for row in rows}


def _successors(
    old_key: str, province_key: str, new_province: str, conv: dict[str, Any]
) -> list[dict[str, Any]]:
    units = _new_units(new_province)
    found = [
        {"key": new_key, "default": True}
        for new_key, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_province, {}).items()
        if old_key in olds
    ]
    for part in conv["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {}).get(old_key, []):
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


def official_communes(district: str, province: str) -> tuple[dict[str, Any], list[OfficialCommune]]:
    """Return the district row and its communes with successors, in code order."""
    rows = query(
        "SELECT * FROM admin_units_legacy WHERE districtShort = ? AND provinceShort = ?".replace(
            "?", "'{}'"
        ).format(district.replace("'", ""), province.replace("'", ""))
    )
    if not rows:
        raise LookupError(f"no district {district!r} in province {province!r} in {dataset_version()}")
    conv = _converter()
    new_province = next(
        (new for new, olds in conv["DICT_PROVINCE"].items() if rows[0]["provinceKey"] in olds), ""
    )
    communes = [
        OfficialCommune(
            name=row["wardShort"],
            type=row["wardType"].lower(),
            code=row["wardCode"],
            successors=tuple(
                _successors(
                    f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}",
                    row["provinceKey"],
                    new_province,
                    conv,
                )
            ),
        )
        for row in sorted(rows, key=lambda r: r["wardCode"])
    ]
    return rows[0], communes


def commune_ids(communes: list[OfficialCommune]) -> dict[str, str]:
    """Give each commune an id from its name; names that fold alike (Minh Quán, Minh Quân) get their code."""
    base = {c.code: slug(c.name) if c.type == "xã" else f"{slug(c.type)}-{slug(c.name)}" for c in communes}
    counts: dict[str, int] = {}
    for value in base.values():
        counts[value] = counts.get(value, 0) + 1
    return {code: value if counts[value] == 1 else f"{value}-{code}" for code, value in base.items()}


def district_entry(row: dict[str, Any]) -> dict[str, Any]:
    """Build a `districts.yaml` entry from a dataset row."""
    return {
        "id": slug(row["districtShort"]),
        "name": row["districtShort"],
        "type": row["districtType"].lower(),
        "province": row["provinceShort"],
        "code": row["districtCode"],
        "province_code": row["provinceCode"],
    }


def communes_document(district: str, province: str) -> dict[str, Any]:
    """Build the content of `kb/registry/communes/<district>.yaml` from the dataset."""
    row, communes = official_communes(district, province)
    ids = commune_ids(communes)
    return {
        "district": slug(row["districtShort"]),
        "source": dataset_version(),
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


def add_district(kb_dir: Path, district: str, province: str) -> list[Path]:
    """Add a district and its communes (codes, successors) to the registries; never overwrite aliases."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    row, _ = official_communes(district, province)
    entry = district_entry(row)
    districts_file = kb_dir / "registry" / "districts.yaml"
    data = yaml.load(districts_file.read_text(encoding="utf-8"))
    if all(d["id"] != entry["id"] for d in data["districts"]):
        data["districts"].append(entry)
        with districts_file.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
    communes_file = kb_dir / "registry" / "communes" / f"{entry['id']}.yaml"
    written = [districts_file]
    if not communes_file.exists():
        document = communes_document(district, province)
        with communes_file.open("w", encoding="utf-8") as handle:
            handle.write("# yaml-language-server: $schema=../../schema/communes.schema.json\n")
            handle.write(f"# Generated by `python -m generator add-district` from {document['source']};\n"
                         "# edit only `aliases` by hand.\n")
            yaml.dump(document, handle)
        written.append(communes_file)
    return written


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
