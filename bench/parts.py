"""District parts benchmark: a district's pages made from its part of the KB alone, against the whole site's.

Usage: python bench/parts.py [--only tenth|national] [--kb-cache DIR] [DISTRICT …]

Models the whole synthetic KB once and renders its district pages (plans, communes, agencies, the district, its
pages of the target and fund overviews, the new units of its communes); then, for each district (default: five
spread over the KB), copies the global registries, the district's own registries and its plans to a folder,
models that part alone with the whole site's counts (model.SiteCounts) and renders the same kinds. Prints, per
district, how long the part took (load, validate, model, tables, charts, maps, pages, render: all in this
process) and how many of its pages are byte for byte the whole site's (a new unit that joined communes of
several districts belongs to no one district's part). What a rebuild of one district's part would cost, not a
build: docs/scale.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import FRACTIONS, ensure_kb  # noqa: E402
from generator.charts import build_charts  # noqa: E402
from generator.config import load_site_config  # noqa: E402
from generator.drafts import mark_drafts, publishable_kb  # noqa: E402
from generator.history import History  # noqa: E402
from generator.load import load_kb  # noqa: E402
from generator.maps import build_maps, places_for  # noqa: E402
from generator.model import SiteCounts, SiteModel, build_site_model  # noqa: E402
from generator.pages import SiteInputs, iter_pages  # noqa: E402
from generator.render import build_environment, render_page  # noqa: E402
from generator.tables import build_tables  # noqa: E402
from generator.validate import validate_kb  # noqa: E402

KINDS = ("plan", "commune", "agency", "district", "new_unit", "overview")


def modelled(kb_dir: Path, whole: SiteCounts | None = None) -> tuple[SiteModel, SiteInputs]:
    documents, issues = load_kb(kb_dir, kb_dir.parent)
    kb = publishable_kb(validate_kb(documents, issues), allow_draft=False)
    model = build_site_model(kb, whole)
    tables = {name: mark_drafts(table, kb) for name, table in build_tables(model).items()}
    inputs = SiteInputs(model, build_charts(model), History(False, "bench"), "1 tháng 1 năm 2026", tables,
                        load_site_config(ROOT), build_maps(model, places_for(model)))
    return model, inputs


def district_paths(model: SiteModel, district: str) -> tuple[str, ...]:
    plans = [p.id for p in model.plans if p.district == district]
    return (f"xa/{district}/", f"co-quan/{district}/", f"huyen/{district}.md", f"chi-tieu/{district}.md",
            f"nguon-von/{district}.md", *(f"ke-hoach/{p}.md" for p in plans))


def part_of(kb: Path, district: str, plans: list[str], into: Path) -> Path:
    """The global registries, the district's own registries and its plans, copied."""
    part = into / district / "kb"
    shutil.copytree(kb / "registry", part / "registry", ignore=lambda folder, names: [
        n for n in names if Path(folder).name in ("communes", "agencies") and n != f"{district}.yaml"])
    for plan in plans:
        shutil.copytree(kb / "plans" / plan, part / "plans" / plan)
    return part


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("districts", nargs="*")
    parser.add_argument("--only", choices=[k for k in FRACTIONS if k != "shipped"], default="tenth")
    parser.add_argument("--kb-cache", type=Path, default=ROOT / "build" / "bench-kb")
    args = parser.parse_args(argv)
    kb = ensure_kb(args.kb_cache, args.only, FRACTIONS[args.only])
    env = build_environment(ROOT / "site_templates")
    started = time.perf_counter()
    model, inputs = modelled(kb)
    with_plans = sorted({p.district for p in model.plans})
    districts = args.districts or with_plans[:: max(1, len(with_plans) // 5)][:5]
    wanted = tuple(path for d in districts for path in (*district_paths(model, d), "don-vi-moi/"))
    whole = {page.path: render_page(page, env)[1] for page in iter_pages(inputs, KINDS) if page.path.startswith(wanted)}
    print(f"whole {args.only} KB: {len(model.plans)} plans; modelled and its district pages rendered in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for district in districts:
            plans = [p.id for p in model.plans if p.district == district]
            part = part_of(kb, district, plans, Path(folder))
            started = time.perf_counter()
            part_model, part_inputs = modelled(part, model.counts)
            own = district_paths(part_model, district)
            pages = {page.path: render_page(page, env)[1] for page in iter_pages(part_inputs, KINDS)
                     if page.path.startswith(own) or page.kind == "new_unit"}
            seconds = time.perf_counter() - started
            units = {path for path in pages if path.startswith("don-vi-moi/")}
            shared = {f"don-vi-moi/{u.key}.md" for u in model.new_units.values() if {d for d, _ in u.predecessors} != {district}}
            same = {path for path, text in pages.items() if text == whole.get(path)}
            print(f"{district:24} {len(plans)} plans  part {seconds:5.2f} s  the whole site's byte for byte: "
                  f"{len(same - units)} of {len(pages) - len(units)} district pages, {len(same & units)} of "
                  f"{len(units)} new-unit pages ({len(units & shared)} joining communes of other districts)", flush=True)


if __name__ == "__main__":
    main()
