"""Derive the chart font from Debian's Noto Sans: a Latin + Vietnamese subset, renamed, as TTF and WOFF2.

The TTF is what the generator lays charts out with (generator/fonts/); the WOFF2, made from that same
TTF, is what the browser draws it with (site_templates/assets/fonts/). Both carry the same glyphs,
advances and kerning, so the SVG layout is what the reader sees.

    apt-get download fonts-noto-core && dpkg -x fonts-noto-core_*.deb noto
    python tools/chart_font.py noto/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf

Needs fontTools with brotli (`pip install 'fonttools[woff]'`, in the test extra). The outputs are
committed; running the script again with the same inputs and fontTools version gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FAMILY = "Noto Sans Subset VI"
POSTSCRIPT = "NotoSansSubsetVI-Regular"
TTF = ROOT / "generator" / "fonts" / f"{POSTSCRIPT}.ttf"
WOFF2 = ROOT / "site_templates" / "assets" / "fonts" / "noto-sans-subset-vi.woff2"

# Latin, Latin-1, Latin Extended-A/B (Ơ ơ Ư ư), spacing and combining marks (text typed in decomposed
# form), Latin Extended Additional (the Vietnamese block), punctuation, currency (₫), letterlike (№).
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x180), 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x2C6, 0x2C7, 0x2C9,
            *range(0x2D8, 0x2DE), *range(0x300, 0x305), 0x306, 0x308, 0x309, 0x30B, 0x30C, 0x323,
            *range(0x1EA0, 0x1EFA), *range(0x2010, 0x2023), 0x2026, 0x2030, 0x2039, 0x203A, 0x2044,
            0x20AB, 0x20AC, 0x2116, 0x2122, 0xFFFD]


def subset_font(source: Path) -> TTFont:
    """Keep the code points above, drop hinting (browsers and the chart renderer do not use it), rename."""
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.name_languages = ["*"]
    options.glyph_names = False
    options.notdef_outline = True
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    _rename(font)
    return font


def _rename(font: TTFont) -> None:
    """A family name of its own, so a system copy of Noto Sans can never be picked instead (OFL: no reserved name)."""
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(f"{FAMILY} Regular", 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 6):
            names.setName(POSTSCRIPT, record.nameID, record.platformID, record.platEncID, record.langID)
    if "DSIG" in font:  # the signature is void once the font is changed
        del font["DSIG"]


def write(font: TTFont, path: Path, flavor: str | None) -> None:
    font.flavor = flavor
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    print(f"{path.relative_to(ROOT)}: {len(buffer.getvalue()):,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSans-Regular.ttf from Debian's fonts-noto-core")
    args = parser.parse_args()
    write(subset_font(args.source), TTF, None)
    # The web font is compressed from the committed TTF itself, so the two cannot drift apart.
    write(TTFont(TTF, recalcTimestamp=False), WOFF2, "woff2")


if __name__ == "__main__":
    main()
