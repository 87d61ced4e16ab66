"""Chart render time: python bench/charts.py [PLANS] — milliseconds per chart (both variants) and per plan.

Builds the shipped KB's model once, then draws every plan's charts PLANS times over (default 3,500
plan-builds in total, the national scale), printing the time spent in the chart stage.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.chart_svg import draw_variants, bar_chart_data  # noqa: E402
from generator.charts import AMOUNT, build_charts  # noqa: E402
from generator.load import load_kb  # noqa: E402
from generator.model import build_site_model  # noqa: E402
from generator.validate import validate_kb  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(plans: int = 3500) -> None:
    documents, issues = load_kb(ROOT / "kb", ROOT)
    model = build_site_model(validate_kb(documents, issues))
    started = time.perf_counter()
    charts = build_charts(model)  # first call also reads the font's metrics
    first = time.perf_counter() - started
    count = sum(len(c) for c in charts.values())
    rounds = max(1, plans // len(charts))
    started = time.perf_counter()
    for _ in range(rounds):
        build_charts(model)
    whole = (time.perf_counter() - started) / rounds
    drawn = [(c.table.frame, c) for plan in charts.values() for c in plan.values() if c.name.endswith("-theo-nguon")]
    started = time.perf_counter()
    for _ in range(rounds):
        for frame, chart in drawn:
            draw_variants(bar_chart_data(frame, "Nguồn vốn", AMOUNT, descending=True), chart.title_id)
    drawing = (time.perf_counter() - started) / rounds / len(drawn)
    print(f"{len(charts)} plans, {count} charts, 2 SVG variants each; first build_charts {first * 1000:.0f} ms")
    print(f"build_charts: {whole * 1000 / count:.2f} ms per chart (tables included), {whole * 1000 / len(charts):.1f} ms per plan")
    print(f"drawing alone (by-source charts): {drawing * 1000:.2f} ms per chart, both variants")
    print(f"at {plans} plans: {whole / len(charts) * plans:.1f} s in the chart stage")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3500)
