"""Parse and format numbers the Vietnamese way (`1.790.878`, `1.365,41`, `38,5%`)."""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from babel.numbers import format_decimal

LOCALE = "vi"

# "1.790.878", "98801", "695,4", "1.365,41", "-3,5"; the KB keeps the figure as printed.
VN_NUMBER_PATTERN = r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"
_VN_NUMBER = re.compile(VN_NUMBER_PATTERN)


def is_vn_number(text: str) -> bool:
    """Tell whether *text* is a number written in Vietnamese format."""
    return bool(_VN_NUMBER.match(text))


@lru_cache(maxsize=1 << 16)  # the same printed figures are parsed again by every table and page that shows them
def parse_vn_number(text: str) -> Decimal:
    """Turn a printed Vietnamese number into an exact Decimal."""
    if not is_vn_number(text):
        raise ValueError(f"not a Vietnamese-format number: {text!r}")
    return Decimal(text.replace(".", "").replace(",", "."))


def to_vn_number(value: Decimal | int) -> str:
    """Write an exact value back in Vietnamese format, keeping its decimals."""
    return _vn_number(str(value if isinstance(value, (Decimal, int)) else Decimal(value)))  # by its text: 1.0 and 1 are equal Decimals but are written differently


@lru_cache(maxsize=1 << 16)
def _vn_number(text: str) -> str:
    value = Decimal(text)
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_money(value: Decimal | int, unit: str = "triệu đồng") -> str:
    """Format an amount as `1.790.878 triệu đồng`."""
    return f"{to_vn_number(value)} {unit}".strip()


def format_percent(value: Decimal | int, places: int | None = None) -> str:
    """Format a percentage as `38,5%`."""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    return f"{to_vn_number(value)}%"


def format_delta(value: Decimal, unit: str = "") -> str:
    """Format a signed difference as `+1.200` or `−3,5` (with a real minus sign)."""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    magnitude = abs(value)
    # 38,50 − 35,0 is "3,5" points, not "3,50"; an integral difference stays an integer.
    magnitude = magnitude.quantize(Decimal(1)) if magnitude == magnitude.to_integral_value() else magnitude.normalize()
    separator = "" if unit == "%" else " "
    return f"{sign}{to_vn_number(magnitude)}{(separator + unit) if unit else ''}"


def format_date(iso: str | None) -> str:
    """Write an ISO date the Vietnamese way: `2021-10-14` -> `14/10/2021`."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


# Sections outside the numbered body (schema `Section`): named in words for readers, never as the KB token.
SECTION_WORDS = {"preamble": "phần căn cứ", "closing": "phần cuối văn bản"}


def sections_text(sections: tuple[str, ...] | list[str]) -> str:
    """Name places in a plan for a reader: `mục V.1, V.2`, `phần căn cứ`, `mục IV.1, phần cuối văn bản`."""
    numbered = [s for s in sections if s not in SECTION_WORDS]
    named = [SECTION_WORDS[s] for s in sections if s in SECTION_WORDS]
    return ", ".join(([f"mục {', '.join(numbered)}"] if numbered else []) + named)


def section_text(section: str) -> str:
    """One place in a plan: `mục VI.2.7`, or `phần căn cứ` / `phần cuối văn bản`."""
    return sections_text([section])


VIETNAM = timezone(timedelta(hours=7))


def vietnam_date(moment: datetime) -> str:
    """The calendar day in Vietnam of a moment (mkdocs' `build_date_utc`): `14/11/2023`."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(VIETNAM).strftime("%d/%m/%Y")
