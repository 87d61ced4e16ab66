"""The compact name index behind the search box: every named page (commune, agency, area, plan, program) once.

Pagefind matches words and their prefixes, not misspellings ("tung qua linh" does not find "Tung Qua Lìn").
The search box and the search page therefore also match the query against this small list of names, word by
word with one wrong, missing or extra letter tolerated (site.js), and show those pages first. The list is a
few kilobytes for the shipped KB (bench/search.py prints its size) and loads only when a reader starts typing.

Each file is stored gzipped (`.json.gz`, unpacked by site.js with DecompressionStream): a query downloads a third
of the bytes on a host that does not compress JSON, and a host that does gains nothing from the plain file. A plain
copy beside it serves the few browsers without DecompressionStream (Safari < 16.4, Firefox < 113); see docs/site.md.
"""

from __future__ import annotations

import gzip
import json

from generator.model import SiteModel
from generator.pages.common import Page
from generator.render import relative
from generator.urls import agency_path, commune_path, names_file, plain_names_file

# Page kinds readers look up by name, in the order suggestions list them when they match equally well.
NAMED_KINDS = ("district", "province", "commune", "new_unit", "agency", "plan", "program", "overview", "changes",
               "data")
WHOLE_SITE_KINDS = frozenset({"province", "district"})  # listed in the whole site's names besides their province's


def name_index(pages: list[Page], model: SiteModel) -> dict[str, bytes]:
    """Return the name index files: `[name, area, url, kind rank, other names…]` per page, sorted.

    One file per province holds its pages' names and those of the pages of no province (programs, overviews:
    a few dozen) (`tim-kiem/ten/<tỉnh>.json.gz`); the whole site's file holds the pages of no province and every
    province and district, where a reader without a province starts. Each is written gzipped and plain.
    At national scale one file of every name was 3,2 MB: a reader downloads the names of one province."""
    others = _other_names(model)
    rank = {kind: i for i, kind in enumerate(NAMED_KINDS)}
    parts: dict[str, list[list]] = {"": []}
    unplaced: list[list] = []  # the pages of no province, listed in every file
    for page in pages:
        if page.kind not in rank:
            continue
        entry = [*_name_and_area(page), relative("index.md", page.path), rank[page.kind], *others.get(page.path, ())]
        (parts.setdefault(page.search_part, []) if page.search_part else unplaced).append(entry)
        if page.search_part and page.kind in WHOLE_SITE_KINDS:
            parts[""].append(entry)
    files: dict[str, bytes] = {}
    for part, entries in sorted(parts.items()):
        data = json.dumps({"names": sorted(entries + unplaced)}, ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True).encode("utf-8")
        files[names_file(part)] = gzipped(data)
        files[plain_names_file(names_file(part))] = data
    return files


def gzipped(data: bytes) -> bytes:
    """The same bytes on every build: no time stamp (mtime 0), no file name, a fixed level."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _name_and_area(page: Page) -> tuple[str, str]:
    """`("Phòng Tư pháp", "huyện Phong Thổ")`, also for a title that already names its area."""
    suffix = f" — {page.area}"
    if page.area and page.title.endswith(suffix):
        return page.title.removesuffix(suffix), page.area
    return page.title, page.area if page.search_title != page.title else ""


def _other_names(model: SiteModel) -> dict[str, tuple[str, ...]]:
    """Spellings the plans use besides the registry name (`Đào San`, `Phòng LĐ-TB&XH`), by page path."""
    names: dict[str, tuple[str, ...]] = {}
    for (district, commune_id), commune in model.communes.items():
        names[commune_path(district, commune_id)] = tuple(sorted(set(commune.aliases) - {commune.name}))
    for (district, agency_id), agency in model.agencies.items():
        spellings = set(agency.aliases) | ({agency.short_name} if agency.short_name else set())
        names[agency_path(district, agency_id)] = tuple(sorted(spellings - {agency.name}))
    return names
