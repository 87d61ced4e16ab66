"""mkdocs hooks: filters for the theme overrides (search folding, QR codes, dates) and page HTML post-processing."""

from __future__ import annotations

import re
from typing import Any

from generator.admin_units import slug
from generator.glossary import GLOSSARY_PATH, abbreviations
from generator.numbers import vietnam_date
from generator.render import mark_abbreviations, qr_svg, relative
from generator.urls import fold

_D_WORD = re.compile(r"\w*[đĐ]\w*")
_CELL_END = re.compile(r"(</(?:dt|dd|td|th|li|caption)>)(?=<)")


def d_words(text: str) -> str:
    """Return the words of *text* that contain đ, folded to ASCII, once each and sorted (`Đào tạo` -> `dao`).

    Pagefind (>= 1.5) matches Vietnamese words typed without accents by itself, but its folding keeps đ,
    which is a letter of its own and not an accented d: `dao` would not find `Đào`. Only these words
    need a folded copy, and it goes into a metadata field so that it never shows in result snippets.
    """
    return " ".join(sorted({fold(word) for word in _D_WORD.findall(text)}))


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Weight the page's heading for Pagefind, space out cells for its snippets, and mark abbreviations.

    The heading (the page's name) gets the page's `search_boost`, so a commune's page ranks first. The first
    use of each abbreviation is linked to the glossary (issue 9), except on the glossary itself.
    """
    boost = (page.meta or {}).get("search_boost")
    if boost:
        html = html.replace("<h1", f'<h1 data-pagefind-weight="{int(boost)}"', 1)
    # Pagefind joins adjacent cells and list items without a space ("Tên viết tắtPhòng VH-TT") in its snippets.
    html = _CELL_END.sub(r"\1 ", html)
    if page.file.src_uri == GLOSSARY_PATH:
        return html
    return mark_abbreviations(html, abbreviations(), relative(page.file.src_uri, GLOSSARY_PATH))


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading anchors in Vietnamese: `Việc được giao` -> `viec-duoc-giao` (đ kept as d, not dropped)."""
    return slug(value).replace("-", separator)


def on_config(config: Any) -> Any:
    """Use Vietnamese-aware heading anchors (Python-Markdown's default drops đ: `viec-uoc-giao`)."""
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    return config


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Add the filters the theme overrides use: `fold` (Đào San -> dao san), `d_words`, `qr_svg`, `vn_day`."""
    env.filters.update(fold=fold, d_words=d_words, qr_svg=qr_svg, vn_day=vietnam_date, without_stylesheet=without_stylesheet)
    return env


def without_stylesheet(html: str, name: str) -> str:
    """Drop the theme's `<link rel="stylesheet">` to assets/stylesheets/<name>.<hash>.min.css from *html*."""
    return re.sub(rf'\s*<link rel="stylesheet" href="[^"]*stylesheets/{re.escape(name)}\.[0-9a-f]+\.min\.css">', "", html)
