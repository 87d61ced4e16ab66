"""Figures the site shows: printed amounts, and sums of printed lines that say so and what they touch.

Every money figure on the site is either *printed* (one fund line of a plan, shown as printed with its
section) or *computed* (a sum of printed lines, which says so and from which). A split of a printed
total never walks into a breakdown whose parts disagree with it (a finding) without saying so: it uses
a line of a specific source as printed, prefers a breakdown whose parts add up, and only where none
does uses the printed parts, carrying the finding into every figure made from them. So a computed
figure differs from the printed one it stands beside only with the finding marker that says why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from generator.errors import Issue
from generator.numbers import sections_text
from generator.schema import FundLine
from generator.sums import in_millions

# Source groups that a split tries to resolve further: "tong" (a total across sources) and "ngan-sach"
# (budget money not yet split into central and local). Other groups are as specific as the site shows.
UNRESOLVED_GROUPS = ("tong", "ngan-sach")


@dataclass(frozen=True)
class Figure:
    """An amount in triệu đồng: one printed fund line, or the sum of several (computed)."""

    value: Decimal
    lines: tuple[FundLine, ...]
    findings: tuple[Issue, ...] = ()

    @property
    def printed(self) -> bool:
        return len(self.lines) == 1

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.section for line in self.lines))

    @property
    def periods(self) -> tuple[str, ...]:
        """The years or periods its printed lines are for (`2024`, `2023-2025`), once each; "" for a line with neither."""
        return tuple(dict.fromkeys(str(line.year) if line.year is not None else (line.period or "") for line in self.lines))

    def origin_text(self) -> str:
        """`số theo văn bản, mục B.II` or `trang tính: cộng 3 số của văn bản (mục V.1, V.2, V.4)`."""
        sections = sections_text(self.sections)
        if self.printed:
            return f"số theo văn bản, {sections}"
        if not self.lines:
            return "trang tính: văn bản không có số nào để cộng"
        return f"trang tính: cộng {len(self.lines)} số của văn bản ({sections})"

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.value + other.value, self.lines + other.lines, _unique(self.findings + other.findings))


def _unique(findings: Iterable[Issue]) -> tuple[Issue, ...]:
    return tuple(dict.fromkeys(findings))


def figure_of(lines: Iterable[FundLine], findings: Callable[[FundLine], tuple[Issue, ...]]) -> Figure:
    """Sum printed lines into one figure, carrying every finding that touches them."""
    chosen = tuple(lines)
    touched = _unique(f for line in chosen for f in findings(line))
    return Figure(sum((in_millions(line) for line in chosen), Decimal(0)), chosen, touched)


@dataclass(frozen=True)
class FundTree:
    """The fund lines of one plan as printed totals with their breakdowns, and the findings on them."""

    lines: dict[str, FundLine]
    children: dict[str, dict[str, tuple[FundLine, ...]]]  # parent id -> breakdown -> parts
    findings: dict[str, tuple[Issue, ...]] = field(default_factory=dict)  # line id -> findings touching it
    group_of: dict[str, str] = field(default_factory=dict)  # fund source id -> group

    def consistent(self, line: FundLine) -> dict[str, tuple[FundLine, ...]]:
        """The breakdowns of *line* whose parts add up exactly to its printed amount."""
        total = in_millions(line)
        return {name: parts for name, parts in self.children.get(line.id, {}).items()
                if sum((in_millions(p) for p in parts), Decimal(0)) == total}

    def breakdowns(self, line: FundLine) -> dict[str, tuple[FundLine, ...]]:
        """The breakdowns a split may follow: those that add up; failing that, the printed ones, whose
        parts then carry the finding that says they do not add up."""
        return self.consistent(line) or self.children.get(line.id, {})

    def touching(self, line: FundLine) -> tuple[Issue, ...]:
        return self.findings.get(line.id, ())

    def figure(self, lines: Iterable[FundLine]) -> Figure:
        return figure_of(lines, self.touching)


def fund_tree(lines: Iterable[FundLine], findings: Iterable[Issue], group_of: dict[str, str]) -> FundTree:
    """Index a plan's fund lines by parent and breakdown, and its findings by the lines they concern."""
    by_id = {line.id: line for line in lines}
    children: dict[str, dict[str, list[FundLine]]] = defaultdict(lambda: defaultdict(list))
    for line in by_id.values():
        if line.parent:
            children[line.parent][line.breakdown].append(line)
    touched: dict[str, list[Issue]] = defaultdict(list)
    for finding in findings:
        for line_id in _finding_lines(finding, children):
            touched[line_id].append(finding)
    return FundTree(by_id, {p: {b: tuple(v) for b, v in sorted(bd.items())} for p, bd in children.items()},
                    {k: tuple(v) for k, v in touched.items()}, group_of)


def _finding_lines(finding: Issue, children: dict[str, dict[str, list[FundLine]]]) -> list[str]:
    """A sum finding concerns its printed total and the parts of that breakdown; a percent finding its line."""
    line_id = finding.data.get("line", "")
    if finding.code != "KB-SUM-MISMATCH":
        return [line_id] if line_id else []
    parts = children.get(line_id, {}).get(finding.data.get("breakdown", "main"), [])
    return [line_id] + [part.id for part in parts]


def source_split(tree: FundTree, line: FundLine) -> list[FundLine]:
    """Printed lines that split *line* by fund source, each amount once, never through a mismatched sum.

    A line whose source is specific (NSTW, NSĐP, tín dụng, …) is used as printed. A total across sources
    (or unsplit budget money) is replaced by the parts of one of its breakdowns, preferring those whose
    parts add up to it; of several, the one leaving the least money unsplit, then the fewest lines.
    """
    if tree.group_of.get(line.source) not in UNRESOLVED_GROUPS:
        return [line]
    options = [[leaf for part in parts for leaf in source_split(tree, part)] for parts in tree.breakdowns(line).values()]
    if not options:
        return [line]
    return min(options, key=lambda leaves: (_unsplit(tree, leaves, "tong"), _unsplit(tree, leaves, "ngan-sach"), len(leaves)))


def _unsplit(tree: FundTree, leaves: list[FundLine], group: str) -> Decimal:
    return sum((in_millions(leaf) for leaf in leaves if tree.group_of.get(leaf.source) == group), Decimal(0))


def program_split(tree: FundTree, line: FundLine) -> list[FundLine]:
    """Printed lines below *line* that each belong to a more specific program or project.

    A project's printed total is used as printed (not re-summed from its parts); breakdowns whose parts
    add up to their total are preferred; of several, the one naming the most programs.
    """
    options = []
    for parts in tree.breakdowns(line).values():
        options.append([leaf for part in parts
                        for leaf in ([part] if part.program != line.program else program_split(tree, part))])
    if not options:
        return [line]
    return max(options, key=lambda lines: (len({leaf.program for leaf in lines}), -len(lines)))


def group_figures(tree: FundTree, leaves: Iterable[FundLine], key: Callable[[FundLine], str]) -> dict[str, Figure]:
    """Sum leaves into one figure per key (a source, a source group, a program), in key order."""
    grouped: dict[str, list[FundLine]] = defaultdict(list)
    for leaf in leaves:
        grouped[key(leaf)].append(leaf)
    return {name: tree.figure(lines) for name, lines in sorted(grouped.items())}


def source_totals(tree: FundTree, lines: Iterable[FundLine]) -> dict[str, Figure]:
    """A plan's headline total split by fund source id (printed lines, each counted once); empty without one."""
    headline = next((line for line in lines if line.headline), None)
    return group_figures(tree, source_split(tree, headline), _source) if headline else {}


def headline_totals(lines: tuple[FundLine, ...], group_of: dict[str, str]) -> dict[str, Decimal]:
    """source_totals' values without a site model (findings mark figures but change no value)."""
    return {source: figure.value for source, figure in source_totals(fund_tree(lines, (), group_of), lines).items()}


def _source(line: FundLine) -> str:
    return line.source
