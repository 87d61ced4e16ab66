"""Comparison pages: districts and plans side by side on money by source and program, and on key targets.

Every figure comes from the model's figure functions (printed, or computed and marked), stands beside
the period it covers, and a plan's length is said next to its name: a three-year total is never laid out
as if it were one year. The only arithmetic here is a yearly average of a multi-year headline total,
which the page labels as computed. Targets appear only when their author keyed them to a registered key
indicator (`indicator_key`); nothing is matched from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.figures import Figure
from generator.model import SiteModel, headline_figure, short_plan_names, totals_by_group, totals_by_top_program
from generator.numbers import to_vn_number
from generator.pages.common import Link, Page, period_text, plan_path
from generator.schema import KeyIndicator, Plan, Target
from generator.tables import GROUP_TEXT, KIND_TEXT
from generator.urls import DATA_ARCHIVE, compare_path
from generator.wording import quantity, target_text

NO_PROGRAM = "Không gắn chương trình"

GROUP_WORDS = {"nstw": "ngân sách Trung ương", "nsdp": "ngân sách địa phương (tỉnh, huyện, xã)",
               "ngan-sach": "vốn ngân sách văn bản chưa ghi rõ của Trung ương hay địa phương",
               "tin-dung": "vốn tín dụng chính sách", "long-ghep": "vốn lồng ghép từ chương trình khác",
               "huy-dong": "vốn huy động doanh nghiệp, cộng đồng, người dân",
               "tong": "số văn bản không tách theo nguồn"}


@dataclass(frozen=True)
class ComparedPlan:
    """A plan as the comparison names it: district, period and length first, the full title linked."""

    id: str
    district_id: str
    district: str
    label: str  # "Phong Thổ · 2023–2025", unique on the page
    link: Link  # the plan page, with the title as printed
    kind_text: str
    period: str
    years: int
    length_text: str  # "kế hoạch giai đoạn, 3 năm"


@dataclass(frozen=True)
class MoneyCell:
    """One figure with the period its printed lines cover and where the plan prints it."""

    figure: Figure
    period: str  # "2023–2025", or "2023–2025 (có dòng ghi 2021–2025)"
    where: str  # "mục V.1, V.9" (no-break space after "mục")


@dataclass(frozen=True)
class YearlyAverage:
    """A multi-year total divided by its years: computed by the site, never printed in the plan."""

    value: Decimal
    years: int
    explanation: str


@dataclass(frozen=True)
class MoneyRow:
    plan: ComparedPlan
    total: MoneyCell | None
    average: YearlyAverage | None
    cells: tuple[MoneyCell | None, ...]  # one per column of the table; None: the plan has no such money


@dataclass(frozen=True)
class MoneyTable:
    name: str
    title: str
    columns: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]  # (category, what it means)
    rows: tuple[MoneyRow, ...]
    download: str = "so-sanh-kinh-phi"  # tai-ve/<download>.csv holds these figures with their origin


@dataclass(frozen=True)
class KeyTarget:
    """A keyed target as a reader compares it: the comparator in words, value and unit as printed."""

    text: str  # "không quá 38,50%", "giảm 1,0% mỗi năm", "duy trì 8 xã"
    due: str  # "năm 2024", or "đến năm 2025" for a yearly rate
    baseline: str  # "mốc 43,8% (năm 2023)", or says the plan prints none
    printed: str  # the indicator clause as printed
    section: str


@dataclass(frozen=True)
class IndicatorCell:
    plan: ComparedPlan
    targets: tuple[KeyTarget, ...]  # empty: the plan states no target of this indicator


@dataclass(frozen=True)
class IndicatorRow:
    """A key indicator across the plans compared: one cell per plan."""

    indicator: KeyIndicator
    cells: tuple[IndicatorCell, ...]


@dataclass(frozen=True)
class DistrictChoice:
    id: str
    name: str
    plans: tuple[ComparedPlan, ...]


@dataclass(frozen=True)
class ProvinceChoice:
    name: str
    districts: tuple[DistrictChoice, ...]


@dataclass(frozen=True)
class CompareContext:
    scope: str  # "tất cả các huyện" or "tỉnh Lai Châu"
    choices: tuple[ProvinceChoice, ...]
    plans: tuple[ComparedPlan, ...]
    lengths_text: str  # "1 năm và 3 năm" when the plans compared differ in length, else ""
    sources: MoneyTable
    programs: MoneyTable
    indicators: tuple[IndicatorRow, ...]
    unused_indicators: tuple[str, ...]  # registered key indicators no plan in scope states
    scopes: tuple[Link, ...]  # the other comparison pages
    downloads: tuple[Link, ...]
    targets_download: str = "chi-tieu"  # every target, with its key indicator column


COMPARE_PLAN_LIMIT = 200  # plans one comparison page sets side by side (about 55 KB of gzipped HTML at 345)


@dataclass(frozen=True)
class CompareIndexContext:
    plan_count: int
    provinces: tuple[tuple[Link, int], ...]  # each province's comparison page and its number of plans


def compare_pages(model: SiteModel) -> list[Page]:
    """The site-wide comparison (past COMPARE_PLAN_LIMIT plans, a list of the provinces' ones) and one per province."""
    whole = compare_index(model) if model.counts.plans > COMPARE_PLAN_LIMIT else compare_page(model, None)
    return [whole] + [compare_page(model, province) for province in model.provinces]


def compare_province(model: SiteModel, district_id: str) -> str | None:
    """Where a plan or district is compared: the site-wide page (None), or its province's past the plan limit."""
    return model.districts[district_id].province if model.counts.plans > COMPARE_PLAN_LIMIT else None


def compare_index(model: SiteModel) -> Page:
    """Too many plans for one page: the provinces' comparisons, each with its number of plans."""
    counts = {key: sum(len(model.district_plans(d)) for d in districts) for key, districts in model.provinces.items()}
    provinces = tuple((Link(f"Tỉnh {model.province_names[key]}", compare_path(model.province_names[key])), count)
                      for key, count in counts.items() if count)  # the site's order of provinces
    return Page(compare_path(None), "So sánh các huyện và kế hoạch", "compare_index.md.j2",
                CompareIndexContext(len(model.plans), provinces), kind="compare", search_boost=2,
                description="Đặt cạnh nhau kinh phí theo nguồn vốn, theo chương trình và chỉ tiêu chính, theo từng tỉnh")


def compare_page(model: SiteModel, province_key: str | None) -> Page:
    """The comparison of every plan of the site, or of one province's districts."""
    district_ids = model.provinces[province_key] if province_key else tuple(sorted(model.districts))
    plans = compared_plans(model, [p for p in model.plans if p.district in district_ids])
    province = model.province_names[province_key] if province_key else ""
    scope = f"tỉnh {province}" if province else "tất cả các huyện"
    context = CompareContext(
        scope=scope, choices=_choices(model, plans), plans=plans, lengths_text=_lengths_text(plans),
        sources=source_table(model, plans), programs=program_table(model, plans),
        indicators=indicator_rows(model, plans), unused_indicators=_unused(model, plans),
        scopes=_scopes(model, province_key), downloads=_downloads(),
    )
    title = f"So sánh các huyện của tỉnh {province}" if province else "So sánh các huyện và kế hoạch"
    return Page(compare_path(province or None), title, "compare.md.j2", context, kind="compare", search_boost=2,
                search_part=province_key or "",
                description=f"Đặt cạnh nhau kinh phí theo nguồn vốn, theo chương trình và chỉ tiêu chính của {scope}")


def compared_plans(model: SiteModel, plans: list[Plan]) -> tuple[ComparedPlan, ...]:
    """Name each plan by district and period; a second plan of the same district and period adds its program."""
    named = []
    for plan, label in zip(plans, short_plan_names(model, plans)):
        years = plan.period_end - plan.period_start + 1
        named.append(ComparedPlan(plan.id, plan.district, model.districts[plan.district].name, label,
                                  Link(plan.title, plan_path(plan.id)), KIND_TEXT[plan.kind], period_text(plan),
                                  years, f"{KIND_TEXT[plan.kind].lower()}, {years} năm"))
    return tuple(named)


def _lengths_text(plans: tuple[ComparedPlan, ...]) -> str:
    lengths = sorted({p.years for p in plans})
    return " và ".join(f"{n} năm" for n in lengths) if len(lengths) > 1 else ""


def figure_period(plan: Plan, figure: Figure) -> str:
    """The period a figure covers, from its printed lines: the plan's own first, others said beside it."""
    own = period_text(plan)
    periods = list(dict.fromkeys(p.replace("-", "–") if p else own for p in figure.periods)) or [own]
    main = own if own in periods else periods[0]
    others = [p for p in periods if p != main]
    return main + (f" (có dòng ghi {', '.join(others)})" if others else "")


def money_cell(plan: Plan, figure: Figure | None) -> MoneyCell | None:
    if figure is None:
        return None
    # A no-break space keeps "mục" with its first section when a narrow cell wraps the line.
    return MoneyCell(figure, figure_period(plan, figure), "mục\u00a0" + ", ".join(figure.sections))


def yearly_average(plan: ComparedPlan, total: MoneyCell | None) -> YearlyAverage | None:
    """Only a multi-year total printed for the plan's whole period gets an average, rounded to a whole
    triệu đồng and explained as computed."""
    if total is None or plan.years == 1 or total.period != plan.period:
        return None
    value = (total.figure.value / plan.years).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    explanation = (f"Trang web tính: {to_vn_number(total.figure.value)} chia đều cho {plan.years} năm ({plan.period}); "
                   "văn bản không in số của từng năm.")
    return YearlyAverage(value, plan.years, explanation)


def _money_table(model: SiteModel, plans: tuple[ComparedPlan, ...], name: str, title: str,
                 split: dict[str, dict[str, Figure]], columns: list[tuple[str, str, str]]) -> MoneyTable:
    """Rows of plans, columns of categories (key, name, meaning); a category no plan has is left out."""
    used = [c for c in columns if any(c[0] in split[p.id] for p in plans)]
    rows = []
    for compared in plans:
        plan = model.plan(compared.id)
        total = money_cell(plan, headline_figure(model, compared.id))
        rows.append(MoneyRow(compared, total, yearly_average(compared, total),
                             tuple(money_cell(plan, split[compared.id].get(key)) for key, _, _ in used)))
    return MoneyTable(name, title, tuple(short for _, short, _ in used),
                      tuple((short, meaning) for _, short, meaning in used if meaning), tuple(rows))


def source_table(model: SiteModel, plans: tuple[ComparedPlan, ...]) -> MoneyTable:
    """Each plan's printed total split by source family (NSTW, NSĐP, tín dụng, lồng ghép, huy động, …)."""
    split = {p.id: totals_by_group(model, p.id) for p in plans}
    columns = [(group, GROUP_TEXT[group], GROUP_WORDS[group]) for group in GROUP_TEXT]
    return _money_table(model, plans, "so-sanh-theo-nguon", "Kinh phí theo nguồn vốn", split, columns)


def program_table(model: SiteModel, plans: tuple[ComparedPlan, ...]) -> MoneyTable:
    """Each plan's printed total split by national program or scheme, then the money no program names."""
    split = {p.id: totals_by_top_program(model, p.id) for p in plans}
    tops = [p.id for p in model.kb.programs]
    columns = [(top, model.programs[top].short_name, model.programs[top].name) for top in tops]
    columns.append(("", NO_PROGRAM, "tiền văn bản không ghi thuộc chương trình nào"))
    return _money_table(model, plans, "so-sanh-theo-chuong-trinh", "Kinh phí theo chương trình", split, columns)


def key_target(target: Target) -> KeyTarget:
    """A target in words: comparator, value and unit as printed (as the change history says them), the due year,
    the baseline with its year."""
    due = f"đến năm {target.year}" if target.per_year else f"năm {target.year}"
    return KeyTarget(target_text(target.model_dump(mode="json"), with_year=False), due, _baseline(target),
                     target.indicator, target.section)


def _baseline(target: Target) -> str:
    """`mốc 68,4% (năm 2022)`, the baseline phrase as printed, or that the plan prints none."""
    base = target.baseline
    year = f" (năm {base.year})" if base and base.year else ""
    if base is not None and base.value:
        return f"mốc {quantity(base.value, target.unit)}{year}"
    if base is not None and (base.printed or base.change):
        return f"mốc: {base.printed}" if base.printed else f"mốc: thay đổi {quantity(base.change, target.unit)}{year}"
    return "văn bản không ghi mốc"


def indicator_rows(model: SiteModel, plans: tuple[ComparedPlan, ...]) -> tuple[IndicatorRow, ...]:
    """One row per key indicator some plan in scope states, a cell per plan (empty when it states none)."""
    rows = []
    for indicator in model.kb.indicators:
        cells = tuple(IndicatorCell(p, tuple(key_target(t) for t in model.bundle(p.id).targets
                                             if t.indicator_key == indicator.id)) for p in plans)
        if any(cell.targets for cell in cells):
            rows.append(IndicatorRow(indicator, cells))
    return tuple(rows)


def _unused(model: SiteModel, plans: tuple[ComparedPlan, ...]) -> tuple[str, ...]:
    keyed = {t.indicator_key for p in plans for t in model.bundle(p.id).targets}
    return tuple(i.name for i in model.kb.indicators if i.id not in keyed)


def _choices(model: SiteModel, plans: tuple[ComparedPlan, ...]) -> tuple[ProvinceChoice, ...]:
    provinces = []
    for key, district_ids in model.provinces.items():
        districts = tuple(DistrictChoice(d, model.districts[d].name, tuple(p for p in plans if p.district_id == d))
                          for d in district_ids)
        districts = tuple(d for d in districts if d.plans)
        if districts:
            provinces.append(ProvinceChoice(model.province_names[key], districts))
    return tuple(provinces)


def _scopes(model: SiteModel, province_key: str | None) -> tuple[Link, ...]:
    links = [] if province_key is None else [Link("Tất cả các huyện", compare_path(None))]
    links += [Link(f"Tỉnh {name}", compare_path(name)) for key, name in sorted(model.province_names.items())
              if key != province_key]
    return tuple(links)


def _downloads() -> tuple[Link, ...]:
    return (Link("Kinh phí so sánh (CSV)", "tai-ve/so-sanh-kinh-phi.csv"),
            Link("Chỉ tiêu, có cột chỉ tiêu chính (CSV)", "tai-ve/chi-tieu.csv"),
            Link("JSON của hai bảng này (trong tệp nén toàn bộ dữ liệu, ZIP)", DATA_ARCHIVE))


def compare_link(text: str, *, districts: tuple[str, ...] = (), plans: tuple[str, ...] = (),
                 province: str | None = None) -> Link:
    """A link to the comparison with some districts or plans already chosen (kept in the query string)."""
    query = "&".join(f"{name}={','.join(ids)}" for name, ids in (("huyen", districts), ("ke-hoach", plans)) if ids)
    return Link(text, compare_path(province) + (f"?{query}" if query else ""))

