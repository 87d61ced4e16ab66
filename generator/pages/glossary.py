"""Glossary page: plan terms, abbreviations and the site's marks explained in plain Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass

from generator.glossary import GLOSSARY_PATH, GROUPS, TermGroup
from generator.pages.common import Page


@dataclass(frozen=True)
class GlossaryContext:
    groups: tuple[TermGroup, ...]


def glossary_page() -> Page:
    return Page(GLOSSARY_PATH, "Thuật ngữ", "glossary.md.j2", GlossaryContext(GROUPS), kind="glossary",
                description="Giải thích các từ và chữ viết tắt trong kế hoạch: NSTW, NSĐP, MTQG, giải ngân, "
                            "phụ trách xã, chuẩn nghèo đa chiều, các dấu ∑ và ⚠")
