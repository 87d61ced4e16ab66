"""Draw a point map as SVG: projection, markers that do not overlap, labels placed where they collide with nothing.

Pure arithmetic on sorted input (the same points give the same bytes); text is escaped here. The maps
themselves (which points, colours, legend, table) are made by generator/maps.py.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.admin_units import Centre

NARROW, WIDE = 340, 640  # viewBox widths: the phone variant is drawn for a ~358 px column, the wide one 1:1
FONT, NUMBER_FONT, RADIUS = 13, 12.5, 11  # drawing units; the phone drawing is shown at ≥ 1 CSS px per unit
# Dark fills keep the white point numbers readable (contrast ≥ 4.5:1); shapes tell agencies apart in print.
PALETTE = ("#1f5f99", "#a6361c", "#2d7a3a", "#6b3fa0", "#8a5a00", "#0e6e75", "#b0306f", "#5b4636")
SHAPES = ("circle", "square", "diamond", "hexagon")
UNASSIGNED = -1
# Advance widths of DejaVu Sans (per 100 px), the widest common sans-serif: labels measured with it never
# collide in narrower fonts (Arial, Roboto, Helvetica).
_WIDTHS = dict(zip("abcdefghijklmnopqrstuvwxyz", (61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63,
                                                   41, 52, 39, 63, 59, 82, 59, 59, 52)))
_WIDTHS.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79,
                                                  69, 63, 61, 73, 68, 99, 69, 61, 69)))
_WIDTHS.update({" ": 32, ".": 32, ",": 32, ":": 34, "(": 39, ")": 39, "-": 36, "/": 34, "đ": 63, "Đ": 77})


@dataclass(frozen=True)
class MapPoint:
    """One point: its number in the table, its label, where it is and how it is drawn."""

    number: int  # 0: an unnumbered context point (another district, the new unit's own centre)
    label: tuple[str, ...]  # one or two lines
    centre: Centre
    style: int  # index into PALETTE × SHAPES; UNASSIGNED is hollow; -2 grey context; -3 a star
    radius: float = RADIUS


def text_width(text: str, size: float) -> float:
    """Estimate the advance width of *text* (accents do not widen Vietnamese letters)."""
    base = unicodedata.normalize("NFD", text)
    return size / 100 * sum(_WIDTHS.get(c, 70) for c in base if not unicodedata.combining(c)) * 1.04


def style_colour(style: int) -> str:
    """Fill of a style: colour k of agency k; shapes vary fastest so neighbours differ in black and white."""
    return {UNASSIGNED: "#fff", -2: "#9a9a9a", -3: "#111"}.get(style) or PALETTE[(5 * (style // 4) + style) % 8]


def _shape(style: int) -> str:
    return "star" if style == -3 else ("circle" if style < 0 else SHAPES[style % 4])


def marker_path(style: int, x: float, y: float, r: float) -> str:
    """SVG element for a marker of *style* centred on (x, y)."""
    shape, fill = _shape(style), style_colour(style)
    stroke = "#333" if style in (UNASSIGNED, -2) else "#fff"
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {common}/>'
    corners = {"square": [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
               "diamond": [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)],
               "hexagon": [(math.cos(a) * 1.08, math.sin(a) * 1.08) for a in (i * math.pi / 3 for i in range(6))],
               "star": [(math.cos(a) * (1.2 if i % 2 == 0 else 0.5), math.sin(a) * (1.2 if i % 2 == 0 else 0.5))
                        for i, a in enumerate(-math.pi / 2 + i * math.pi / 5 for i in range(10))]}[shape]
    points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)
    return f'<polygon points="{points}" {common}/>'


def swatch(style: int) -> Markup:
    """A small legend symbol (decorative: the legend text says what it stands for)."""
    return Markup(f'<svg class="kb-swatch" width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" '
                  f'focusable="false">{marker_path(style, 10, 10, 7)}</svg>')


@dataclass(frozen=True)
class _Frame:
    width: float
    height: float
    per_km: float  # drawing units per kilometre


def _project(centres: list[Centre], width: float) -> tuple[list[tuple[float, float]], _Frame]:
    """Equirectangular projection scaled by cos(latitude): true to scale at district and province size."""
    lat0 = sum(c.lat for c in centres) / len(centres)
    xs = [c.lon * math.cos(math.radians(lat0)) for c in centres]
    ys = [-c.lat for c in centres]
    span_x, span_y = max(max(xs) - min(xs), 0.03), max(max(ys) - min(ys), 0.03)
    pad = 3 * RADIUS
    height = min(max(width * span_y / span_x, width * 0.6), width * 1.3)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    coords = [(width / 2 + (x - mid_x) * scale, height / 2 + (y - mid_y) * scale) for x, y in zip(xs, ys)]
    return coords, _Frame(width, height, scale / 111.32)


def _separate(coords: list[tuple[float, float]], radii: list[float], frame: _Frame) -> list[tuple[float, float]]:
    """Push overlapping markers apart (a thin line joins a moved marker to its true place)."""
    pts = [list(p) for p in coords]
    for _ in range(80):
        moved = False
        for i in range(len(pts)):
            for j in range(i + 1, len(pts)):
                dx, dy = pts[j][0] - pts[i][0], pts[j][1] - pts[i][1]
                dist, need = math.hypot(dx, dy), radii[i] + radii[j] + 2
                if dist < need:
                    ux, uy = (dx / dist, dy / dist) if dist > 1e-6 else (1.0, 0.0)
                    push = (need - dist) / 2 + 0.05
                    pts[i][0] -= ux * push; pts[i][1] -= uy * push  # noqa: E702
                    pts[j][0] += ux * push; pts[j][1] += uy * push  # noqa: E702
                    moved = True
        for p, r in zip(pts, radii):
            p[0] = min(max(p[0], r + 2), frame.width - r - 2)
            p[1] = min(max(p[1], r + 2), frame.height - r - 2)
        if not moved:
            break
    return [(p[0], p[1]) for p in pts]


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(a: Box, b: Box, gap: float = 1.5) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def _label_box(x: float, y: float, r: float, size: tuple[float, float], where: str, gap: float) -> Box:
    (w, h), d = size, r * 0.75 + gap - 1
    left = {"e": x + r + gap, "w": x - r - gap - w, "n": x - w / 2, "s": x - w / 2,
            "ne": x + d, "nw": x - d - w, "se": x + d, "sw": x - d - w}[where]
    top = {"e": y - h / 2, "w": y - h / 2, "n": y - r - gap - h, "s": y + r + gap,
           "ne": y - d - h, "nw": y - d - h, "se": y + d, "sw": y + d}[where]
    return (left, top, left + w, top + h)


def _place_labels(points: list[MapPoint], xy: list[tuple[float, float]], frame: _Frame,
                  reserved: list[Box]) -> dict[int, tuple[Box, bool]]:
    """Give each point a label that collides with nothing, next to it or a little further away with a leader
    line; or none (its number still identifies it in the table). Returns point index -> (box, far)."""
    taken = reserved + [(x - p.radius - 1, y - p.radius - 1, x + p.radius + 1, y + p.radius + 1)
                        for p, (x, y) in zip(points, xy)]
    crowd = [sum(1 for qx, qy in xy if math.hypot(qx - x, qy - y) < 90) for x, y in xy]
    placed: dict[int, tuple[Box, bool]] = {}
    for i in sorted(range(len(points)), key=lambda i: (points[i].number == 0, -crowd[i], i)):
        p, (x, y) = points[i], xy[i]
        size = (max(text_width(line, FONT) for line in p.label), FONT * 1.2 * len(p.label))
        for gap in (3.0, 18.0):
            boxes = (_label_box(x, y, p.radius, size, where, gap) for where in ("e", "w", "n", "s", "ne", "nw", "se", "sw"))
            box = next((b for b in boxes if b[0] >= 2 and b[1] >= 2 and b[2] <= frame.width - 2
                        and b[3] <= frame.height - 2 and not any(_overlaps(b, other) for other in taken)), None)
            if box:
                placed[i] = (box, gap > 3)
                taken.append(box)
                break
    return placed


def _leader(x: float, y: float, r: float, box: Box) -> str:
    """A thin line from a marker's edge to the nearest point of its (far) label."""
    nx, ny = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    dist = math.hypot(nx - x, ny - y) or 1.0
    sx, sy = x + (nx - x) * r / dist, y + (ny - y) * r / dist
    return f'<path d="M{sx:.1f} {sy:.1f}L{nx:.1f} {ny:.1f}" stroke="#444" stroke-width="1"/>'


def _scale_bar(frame: _Frame) -> tuple[str, Box]:
    km = next(k for k in (1, 2, 5, 10, 20, 50, 100, 200) if k * frame.per_km >= frame.width / 7)
    length, x, y = km * frame.per_km, 8.0, frame.height - 10
    svg = (f'<path d="M{x:.1f} {y - 5:.1f}V{y:.1f}H{x + length:.1f}V{y - 5:.1f}" fill="none" stroke="#222" '
           f'stroke-width="1.5"/><text x="{x + length + 4:.1f}" y="{y:.1f}" font-size="{NUMBER_FONT}">{km} km</text>')
    return svg, (x - 2, y - 14, x + length + 8 + text_width(f"{km} km", NUMBER_FONT), y + 4)


def render_map(points: list[MapPoint], *, width: int, map_id: str, title: str, desc: str, note: str) -> Markup:
    """Draw *points* as an accessible SVG of the given width; labels never collide with each other or markers."""
    coords, frame = _project([p.centre for p in points], width)
    xy = _separate(coords, [p.radius for p in points], frame)
    bar, bar_box = _scale_bar(frame)
    north = f'<text x="{width - 8}" y="{FONT + 4}" font-size="{NUMBER_FONT}" text-anchor="end">↑ Bắc</text>'
    north_box = (width - 12 - text_width("↑ Bắc", NUMBER_FONT), 2.0, float(width), FONT + 8.0)
    labels = _place_labels(points, xy, frame, [bar_box, north_box])
    body = [f'<rect x="0.5" y="0.5" width="{width - 1}" height="{frame.height - 1:.1f}" fill="#f3f6f7" stroke="#999"/>',
            bar, north]
    for (x0, y0), (x, y) in zip(coords, xy):
        if math.hypot(x - x0, y - y0) > 3:
            body.append(f'<path d="M{x0:.1f} {y0:.1f}L{x:.1f} {y:.1f}" stroke="#555" stroke-width="1"/>'
                        f'<circle cx="{x0:.1f}" cy="{y0:.1f}" r="2" fill="#222"/>')
    for i, (p, (x, y)) in enumerate(zip(points, xy)):
        body.append(marker_path(p.style, x, y, p.radius))
        if p.number:
            colour = "#111" if p.style == UNASSIGNED else "#fff"
            body.append(f'<text x="{x:.1f}" y="{y + NUMBER_FONT * 0.36:.1f}" font-size="{NUMBER_FONT}" '
                        f'font-weight="700" text-anchor="middle" fill="{colour}">{p.number}</text>')
        if i in labels:
            (left, top, _, _), far = labels[i]
            if far:
                body.append(_leader(x, y, p.radius, labels[i][0]))
            for k, line in enumerate(p.label):
                weight = ' font-weight="700"' if k == 0 and len(p.label) > 1 else ""
                body.append(f'<text class="kb-map-label" x="{left:.1f}" y="{top + FONT * (0.95 + 1.2 * k):.1f}" '
                            f'font-size="{FONT}"{weight}>{escape(line)}</text>')
    lines = _note_lines(note, width)
    total = frame.height + 6 + 16 * len(lines)
    body += [f'<text x="4" y="{frame.height + 16 + 16 * k:.1f}" font-size="{NUMBER_FONT}" font-style="italic">'
             f'{escape(line)}</text>' for k, line in enumerate(lines)]
    return Markup(
        f'<svg class="kb-map-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total:.1f}" '
        f'width="{width}" height="{total:.1f}" role="img" aria-labelledby="{map_id}-t {map_id}-d">'
        f'<title id="{map_id}-t">{escape(title)}</title><desc id="{map_id}-d">{escape(desc)}</desc>'
        f'<g class="kb-map-paper" stroke-linejoin="round" paint-order="stroke">{"".join(body)}</g></svg>'
    )


def _note_lines(note: str, width: int) -> list[str]:
    """Split the caveat at a comma when it does not fit on one line."""
    if text_width(note, NUMBER_FONT) <= width - 8 or ", " not in note:
        return [note]
    head, tail = note.split(", ", 1)
    return [head + ",", tail]
