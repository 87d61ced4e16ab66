"""What a reader sees on a built page: its visible text, and words that must never be part of it (issue 9)."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

# Internal tokens, values leaked from Python or JavaScript, and English words that have no Vietnamese
# homograph ("in" = print and "to" = big are Vietnamese words, so they are not listed).
BAD_WORDS = (
    "closing", "preamble", "commit", "breakdown", "tong-hop", "None", "nan", "NaN", "True", "False", "null",
    "undefined", "NaT", "Infinity", "TODO", "FIXME", "the", "and", "of", "with", "for", "is", "not", "printed",
    "computed", "total", "source", "section", "plan", "agency", "fund", "note", "page", "table", "search",
    "Search", "Skip", "Previous", "Next", "Back", "Made", "mismatch", "unknown", "blank", "main", "lead",
    "co_lead", "support", "error", "warning",
)
_BAD = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in BAD_WORDS) + r")(?![\w-])")
# An id of the KB (`f-iv-111-dtts-sn-phan-1`, `lb-qd-90-qd-ttg`): lower-case ASCII words joined by hyphens.
_RAW_ID = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:-[a-z0-9]+){2,}(?![\w/@-])(?!\.\w)")  # not a file name
_HIDDEN = {"script", "style", "template", "noscript"}
_READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class VisibleText(HTMLParser):
    """Collect the text a reader sees or hears: text nodes and labelling attributes, not code or scripts.

    Skipped: scripts and styles, `<code>` (a literal value such as a CSV column name or a version id, in code
    font), and the data dictionary of the downloads (which documents the machine-readable codes in the files).
    """

    SKIP_CLASSES = ("kb-folded", "kb-dictionary")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        skip = tag in _HIDDEN or tag == "code" or any(c in classes for c in self.SKIP_CLASSES)
        if not self._skipping() and not skip:
            self.parts += [values[a] or "" for a in _READ_ATTRIBUTES if values.get(a)]
            if tag == "meta" and (values.get("name") == "description" or (values.get("property") or "").startswith("og:")):
                if not (values.get("property") or "").endswith((":url", ":locale", ":type")):
                    self.parts.append(values.get("content") or "")
        if tag not in ("meta", "link", "br", "img", "input", "hr", "wbr", "source", "col", "area", "base"):
            self._stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def bad_words(text: str) -> list[tuple[str, str]]:
    """Return (word, context) for each internal token, English word or raw id in *text*."""
    found = []
    for pattern in (_BAD, _RAW_ID):
        for match in pattern.finditer(text):
            found.append((match.group(), text[max(0, match.start() - 50):match.end() + 50]))
    return found


def search_metadata(site: Path) -> dict[str, str]:
    """The title and description each page shows in search results (Pagefind fragments), by URL."""
    shown = {}
    for fragment in sorted((site / "pagefind").rglob("*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        meta = data.get("meta", {})
        shown[data["url"]] = " ".join(str(meta.get(key, "")) for key in ("title", "description"))
    return shown
