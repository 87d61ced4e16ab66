"""The one font of chart text: measured here to lay charts out, served with the site to draw them (issue 8)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

# A Latin + Vietnamese subset of Debian's Noto Sans, renamed so that a system copy of Noto Sans can never
# stand in for it in the browser (tools/chart_font.py makes it; site_templates/assets/fonts/ holds the same
# font as WOFF2). Charts are laid out with this file's metrics only: no system font is ever consulted.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILE = FONT_DIR / "NotoSansSubsetVI-Regular.ttf"
FAMILY = "Noto Sans Subset VI"
REPLACEMENT = "\ufffd"  # drawn for a character the font lacks, so no other font is ever consulted


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of the chart font, to wrap labels to a width before the SVG is drawn."""

    units_per_em: int
    ascent: float  # of the line box, in em (hhea), as browsers size a text element's box
    descent: float
    advances: Mapping[int, int]  # code point -> advance width in font units

    def covers(self, char: str) -> bool:
        return ord(char) in self.advances

    def width(self, text: str, size: float) -> float:
        """Width of *text* at *size* px, without kerning (Noto's kerning only tightens, so this is an upper bound)."""
        return sum(self.advances.get(ord(c), self.units_per_em) for c in text) * size / self.units_per_em


@functools.cache
def chart_font_metrics() -> FontMetrics:
    """Read the chart font's metrics once."""
    font = TTFont(FONT_FILE, lazy=True)
    hmtx = font["hmtx"]
    advances = {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}
    upem = font["head"].unitsPerEm
    return FontMetrics(upem, font["hhea"].ascent / upem, -font["hhea"].descent / upem, advances)


def drawable(text: str, metrics: FontMetrics) -> str:
    """NFC text with every character the chart font cannot draw replaced, so layout never depends on the machine."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return "".join(c if metrics.covers(c) else REPLACEMENT for c in text)


def _words(text: str) -> list[str]:
    """Words to wrap, a number or a lone sign kept with the word before it (`Dự án 1`, `vững ›`)."""
    words: list[str] = []
    for word in text.split(" "):
        if words and (word.isdigit() or (len(word) == 1 and not word.isalnum())):
            words[-1] += " " + word
        else:
            words.append(word)
    return words


def wrap(text: str, width: float, size: float, metrics: FontMetrics) -> tuple[str, ...]:
    """Greedy word wrap to *width* px; a word longer than the width is cut between characters."""
    space = metrics.width(" ", size)
    lines: list[str] = []
    line, used = "", 0.0
    words = _words(text)
    while words:
        word = words.pop(0)
        needed = metrics.width(word, size)
        if line and used + space + needed <= width:
            line, used = f"{line} {word}", used + space + needed
            continue
        if line:
            lines.append(line)
        line, used = "", 0.0
        if needed <= width:
            line, used = word, needed
        elif " " in word:  # a number kept with its word, too long together: let them part
            words[:0] = word.split(" ")
        else:  # longer than a whole line: cut it
            for char in word:
                advance = metrics.width(char, size)
                if line and used + advance > width:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + char, used + advance
    if line or not lines:
        lines.append(line)
    return tuple(lines)
