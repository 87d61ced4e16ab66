"""The URL scheme: one function per entity kind gives the path of its page under docs/."""

from __future__ import annotations

from generator.admin_units import slug


NAMES_FILE = "tim-kiem/ten.json.gz"  # the name index of the search box (generator/names.py): the whole site's names
SEARCH_DIR = "pagefind"  # the search indexes, one per part (generator/publish.py, run_search_indexes)
WHOLE_SITE_PART = "ca-nuoc"  # the folder of the index of pages that belong to no province (home, programs)
DATA_ARCHIVE = "tai-ve/du-lieu.zip"  # the whole KB in every format: datasets as CSV and JSON, kb.json, the Data Package


def names_file(part: str) -> str:
    """The name index of one province's pages (`part` is its slug), or of the whole site's for "" (gzipped JSON)."""
    return f"tim-kiem/ten/{part}.json.gz" if part else NAMES_FILE


def plain_names_file(path: str) -> str:
    """The plain JSON copy of a gzipped name index, for browsers without DecompressionStream (site.js)."""
    return path.removesuffix(".gz")


def search_index_dir(part: str) -> str:
    """The folder of one province's search index, or of the index of the pages of no province for ""."""
    return f"{SEARCH_DIR}/{part or WHOLE_SITE_PART}"


def plan_path(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}.md"


def commune_path(district: str, commune: str) -> str:
    return f"xa/{district}/{commune}.md"


def agency_path(district: str, agency: str) -> str:
    return f"co-quan/{district}/{agency}.md"


def program_path(program_id: str) -> str:
    return f"chuong-trinh/{program_id}.md"


def district_path(district: str) -> str:
    return f"huyen/{district}.md"


def province_path(province: str) -> str:
    return f"tinh/{slug(province)}.md"


def new_unit_path(key: str) -> str:
    return f"don-vi-moi/{key}.md"


def changes_feed_path() -> str:
    """The Atom feed of all KB changes, next to the changes page."""
    return "thay-doi/atom.xml"


def plan_feed_path(plan_id: str) -> str:
    """The Atom feed of one plan's changes, under the plan page's URL."""
    return f"ke-hoach/{plan_id}/atom.xml"


def compare_path(province: str | None = None) -> str:
    """The site-wide comparison, or the comparison of one province's districts."""
    return f"so-sanh/{slug(province)}.md" if province else "so-sanh.md"


def fold(text: str) -> str:
    """Fold Vietnamese text to ASCII for diacritic-insensitive search (`Đào` -> `dao`)."""
    return " ".join(slug(text).split("-"))
