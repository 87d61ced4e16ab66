"""mkdocs hooks: register the filters the search-index template block uses (diacritic folding for Pagefind)."""

from __future__ import annotations

import re
from typing import Any

from generator.admin_units import slug
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
    """Weight the page's heading (its name) for Pagefind by the page's `search_boost`: a commune's page ranks first."""
    boost = (page.meta or {}).get("search_boost")
    if boost:
        html = html.replace("<h1", f'<h1 data-pagefind-weight="{int(boost)}"', 1)
    # Pagefind joins adjacent cells and list items without a space ("Tên viết tắtPhòng VH-TT") in its snippets.
    return _CELL_END.sub(r"\1 ", html)


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading anchors in Vietnamese: `Việc được giao` -> `viec-duoc-giao` (đ kept as d, not dropped)."""
    return slug(value).replace("-", separator)


def on_config(config: Any) -> Any:
    """Use Vietnamese-aware heading anchors (Python-Markdown's default drops đ: `viec-uoc-giao`)."""
    config.mdx_configs.setdefault("toc", {})["slugify"] = heading_slug
    return config


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Add the `fold` (Đào San -> dao san) and `d_words` filters to mkdocs' Jinja environment."""
    env.filters["fold"] = fold
    env.filters["d_words"] = d_words
    return env
