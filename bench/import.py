"""Import the four seed plans (text and .docx made from it) and compare with the shipped KB, per kind.

Usage: python bench/import.py [--docx-only | --text-only]

Recall: shipped items matched by a drafted item (targets and fund lines: figure + section; duties: agency + role +
section; legal bases: number; assignments: agency + commune + role). Shipped targets that print no figure cannot be
matched by figure and are left out of the target recall (their number is printed). Precision: drafted items that
match a shipped item. Also prints the time from `import` of one seed given as .docx to a validated build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.importer import Options, draft_plan  # noqa: E402
from generator.load import load_kb  # noqa: E402
from generator.validate import validate_kb  # noqa: E402
from tests.docx_fixture import text_to_docx  # noqa: E402

SEEDS = ROOT.parent.parent / "shared" / "seeds" if (ROOT.parent.parent / "shared").exists() else ROOT.parent / "shared" / "seeds"
KINDS = ("legal_bases", "targets", "fund_lines", "duties", "assignments", "results")


def keys(kind: str, item: dict) -> tuple | None:
    get = item.get if isinstance(item, dict) else lambda k, d=None: getattr(item, k, d)
    if kind == "legal_bases":
        return (get("number"),)
    if kind == "targets" or kind == "results":
        value = get("value")
        return None if value is None else (str(value), get("section"))
    if kind == "fund_lines":
        return (str(get("amount")), get("section"))
    if kind == "duties":
        role = get("role")
        return (get("agency"), getattr(role, "value", role), get("section"))
    if kind == "assignments":
        return (get("agency"), get("commune"), get("role"))
    return None


def compare(drafted: dict[str, list], shipped: dict[str, list]) -> dict[str, tuple[int, int, int, int]]:
    """kind → (matched, shipped with a key, drafted, shipped without a key)."""
    out = {}
    for kind in KINDS:
        ref = Counter(k for k in (keys(kind, i) for i in shipped[kind]) if k is not None)
        got = Counter(k for k in (keys(kind, i) for i in drafted[kind]) if k is not None)
        matched = sum((ref & got).values())
        out[kind] = (matched, sum(ref.values()), sum(got.values()), len(shipped[kind]) - sum(ref.values()))
    return out


def drafted_items(imported) -> dict[str, list]:
    d = imported.draft
    return {"legal_bases": d.plan["legal_bases"], "targets": d.targets, "fund_lines": d.fund_lines,
            "duties": d.duties, "assignments": d.assignments, "results": d.results}


def shipped_items(bundle) -> dict[str, list]:
    items: dict[str, list] = {kind: [] for kind in KINDS}
    for kind, item in bundle.items():
        items[kind].append(item)
    return items


def main() -> None:
    kb = validate_kb(*load_kb(ROOT / "kb", ROOT))
    forms = [f for f in ("text", "docx") if f"--{'docx' if f == 'text' else 'text'}-only" not in sys.argv]
    totals = {form: {kind: [0, 0, 0, 0] for kind in KINDS} for form in forms}
    with tempfile.TemporaryDirectory() as tmp:
        for plan_id, bundle in sorted(kb.plans.items()):
            source = SEEDS / bundle.plan.source_file
            for form in forms:
                path = source if form == "text" else text_to_docx(source.read_text(encoding="utf-8"),
                                                                  Path(tmp) / f"{plan_id}.docx")
                imported = draft_plan(path, ROOT / "kb", Options(f"draft-{plan_id}", bundle.plan.district))
                result = compare(drafted_items(imported), shipped_items(bundle))
                for kind, values in result.items():
                    totals[form][kind] = [a + b for a, b in zip(totals[form][kind], values)]
                print(f"{plan_id:22} {form:5} " + "  ".join(
                    f"{k[:6]} {m}/{s}|{g}" for k, (m, s, g, _) in result.items()))
    print()
    print("| form | kind | recall | precision | matched | shipped (with figure) | drafted | shipped without figure |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for form in forms:
        for kind in KINDS:
            m, s, g, n = totals[form][kind]
            print(f"| {form} | {kind} | {100 * m / s if s else 100:.1f}% | {100 * m / g if g else 100:.1f}% | {m} | {s} | {g} | {n} |")
    time_docx_to_build()


def time_docx_to_build() -> None:
    """A fresh copy of the repository: import one seed as .docx, clear the marks, validate and build."""
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        shutil.copytree(ROOT / "kb", clone / "kb", dirs_exist_ok=True)
        docx = text_to_docx((SEEDS / "003_700f213ea182e0e3.txt").read_text(encoding="utf-8"), Path(tmp) / "plan.docx")
        started = time.perf_counter()
        run = lambda *args: subprocess.run([sys.executable, "-m", "generator", *args], cwd=clone, check=True,  # noqa: E731
                                           capture_output=True, text=True)
        run("import", str(docx), "--plan", "phong-tho-2023-draft", "--district", "phong-tho")
        imported_at = time.perf_counter()
        run("validate")
        run("build", "--out", str(Path(tmp) / "site"))
        done = time.perf_counter()
        print(f"\nFresh clone, .docx of phong-tho-2023: import {imported_at - started:.1f} s, "
              f"validate + build {done - imported_at:.1f} s, total {done - started:.1f} s")


if __name__ == "__main__":
    main()
