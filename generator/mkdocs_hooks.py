"""mkdocs hooks: register the diacritic-folding filter used by the search-index template block."""

from __future__ import annotations

from typing import Any

from generator.urls import fold


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Add the `fold` filter (Đào San -> dao san) to mkdocs' Jinja environment."""
    env.filters["fold"] = fold
    return env
