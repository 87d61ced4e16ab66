"""Trim the theme's stylesheet to the rules the built site can use, so a phone downloads less before first paint.

mkdocs-material ships one 135 KB stylesheet for every feature it has; a page of this site uses a quarter of it
(issue 9: Lighthouse on a slow, uncompressed link). After mkdocs has built the site, a rule is kept when every
class, id and attribute its selector requires occurs in some built page or is named in some script the site
ships (the theme's JavaScript adds classes at run time). The test errs towards keeping: anything inside
`:not()`, `:is()`, `:where()`, `:has()` is not required, nor are pseudo-classes. The trimmed file gets a
name of its own (`main.<hash>.kb-<content hash>.min.css`) so no browser keeps a stale copy from a cache.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import tinycss2

_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_ATTR_NAME = re.compile(r"<[a-zA-Z][\w-]*\s([^>]*)>")
_NAME = re.compile(r'([a-zA-Z_:][-\w:.]*)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+)))?')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any|host|host-context|nth-[a-z-]+|lang|dir)\(")
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_TYPE = re.compile(r"(?:^|[\s>+~])([a-z][a-z0-9]*)(?=$|[\s>+~.#\[:])")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
_SELECTOR_TOKEN = re.compile(r"\.(-?[_a-zA-Z][\w-]*)|#(-?[_a-zA-Z][\w-]*)|\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*(\"[^\"]*\"|'[^']*'|[^\]\s]+))?[^\]]*\]")


@dataclass(frozen=True)
class Used:
    """What the built site can match: classes, ids, attribute names and attribute=value pairs, script words."""

    classes: frozenset[str]
    tags: frozenset[str]
    ids: frozenset[str]
    attributes: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    words: frozenset[str]  # identifiers named in the site's scripts (classes and ids added at run time)

    @functools.cached_property
    def blocks(self) -> frozenset[str]:
        """The components the pages have: `md-nav` for `md-nav__link`."""
        return frozenset(_block(name) for name in self.classes)


def _block(name: str) -> str:
    return re.split(r"__|--", name)[0]


def used_in_site(site: Path) -> Used:
    """Collect what every built page and every shipped script may put in the document."""
    classes: set[str] = set()
    tags: set[str] = {"html", "body"}
    ids: set[str] = set()
    attributes: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        tags.update(tag.lower() for tag in _TAG.findall(html))
        for value in _CLASS_ATTR.findall(html):
            classes.update(value.split())
        ids.update(_ID_ATTR.findall(html))
        for inside in _ATTR_NAME.findall(html):
            for name, *values in _NAME.findall(inside):
                attributes.add(name.lower())
                pairs.add((name.lower(), next((v for v in values if v), "")))
    words: set[str] = set()
    for script in site.rglob("*.js"):
        words.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return Used(frozenset(classes), frozenset(tags), frozenset(ids), frozenset(attributes), frozenset(pairs),
                frozenset(words))


def _required(selector: str) -> str:
    """The part of a selector that must match: functional pseudo-classes and pseudo-elements dropped."""
    out, depth, index = [], 0, 0
    while index < len(selector):
        match = _FUNCTIONAL.match(selector, index) if depth == 0 else None
        if match:
            depth, index = 1, match.end()
            continue
        char = selector[index]
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        else:
            out.append(char)
        index += 1
    return re.sub(r"::?[\w-]+", "", "".join(out))


def selector_is_used(selector: str, used: Used) -> bool:
    required = _required(selector)
    without_attributes = re.sub(r"\[[^\]]*\]", "", required)
    if any(tag not in used.tags and tag not in used.words for tag in _TYPE.findall(without_attributes)):
        return False  # an element no page has and no script names (kbd, video, a tabbed set's label…)
    for cls, ident, attribute, value in _SELECTOR_TOKEN.findall(required):
        if cls and not _class_is_used(cls, used):
            return False
        if ident and ident not in used.ids and ident not in used.words:
            return False
        if attribute:
            name = attribute.lower()
            if name not in used.attributes and name not in used.words:
                return False
            plain = value.strip("\"'")
            if value and "=" in selector and name in ("dir", "data-md-color-scheme") and (name, plain) not in used.pairs:
                return False  # right-to-left and dark-scheme rules, when no page sets them
    return True


def _class_is_used(name: str, used: Used) -> bool:
    """In a page; or added by a script to a theme component some page has (`md-header--shadow` on `md-header`).

    The theme's script names every component it can create; those no page has (`md-tooltip`, `md-dialog`,
    `md-version`: features this site does not turn on) are not kept for that alone.
    """
    if name in used.classes:
        return True
    if name not in used.words:
        return False
    return not name.startswith("md-") or _block(name) in used.blocks


def trim_css(css: str, used: Used, also_read: str = "") -> str:
    """Drop the rules whose selectors can match nothing in the site, then the custom properties nothing reads.

    *also_read* is other text that may read custom properties (the site's own stylesheet, scripts).
    """
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    trimmed = "".join(_serialize(rule, used) for rule in rules)
    return _drop_unread_properties(trimmed, also_read)


def _drop_unread_properties(css: str, also_read: str) -> str:
    """Remove `--name: …` declarations that no var(--name) reads (icons of admonition kinds never used…)."""
    while True:
        read = set(_VAR_USE.findall(css)) | set(_VAR_USE.findall(also_read)) | set(re.findall(r"--[\w-]+", also_read))
        declared = set(re.findall(r"(?<=[{;])(--[\w-]+):", css))
        unread = declared - read
        if not unread:
            return css
        pattern = re.compile(r"(?<=[{;])(?:" + "|".join(re.escape(n) for n in sorted(unread)) + r"):(?:[^;}\\(]|\([^()]*(?:\([^()]*\)[^()]*)*\))*;?")
        css = re.sub(r";}", "}", pattern.sub("", css))


def _serialize(rule: object, used: Used) -> str:
    if isinstance(rule, tinycss2.ast.QualifiedRule):
        selectors = [s.strip() for s in _split(tinycss2.serialize(rule.prelude))]
        kept = [s for s in selectors if selector_is_used(s, used)]
        return f"{','.join(kept)}{{{tinycss2.serialize(rule.content).strip()}}}" if kept else ""
    if isinstance(rule, tinycss2.ast.AtRule):
        if rule.content is None:
            return tinycss2.serialize([rule])
        prelude = tinycss2.serialize(rule.prelude).strip()
        if rule.lower_at_keyword in ("media", "supports", "layer", "container"):
            inner = "".join(_serialize(r, used) for r in tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                                                    skip_whitespace=True))
            return f"@{rule.at_keyword} {prelude}{{{inner}}}" if inner else ""
        return tinycss2.serialize([rule])
    return ""


def _split(prelude: str) -> list[str]:
    """Split a selector list at top-level commas (not those inside :is(…, …))."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return parts + ["".join(current)]


def trim_theme_css(site: Path) -> None:
    """Replace the theme's main stylesheet with its trimmed copy under a new name, and point every page to it."""
    folder = site / "assets" / "stylesheets"
    sheets = sorted(folder.glob("main.*.min.css"))
    if not sheets:
        return
    used = used_in_site(site)
    readers = "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*.js")))
    readers += "".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.css")) if p not in sheets)
    renames = {}
    for sheet in sheets:
        trimmed = trim_css(sheet.read_text(encoding="utf-8"), used, readers)
        digest = hashlib.sha256(trimmed.encode()).hexdigest()[:8]
        target = sheet.with_name(sheet.name.replace(".min.css", f".kb-{digest}.min.css"))
        target.write_text(trimmed, encoding="utf-8")
        sheet.unlink()
        sheet.with_name(sheet.name + ".map").unlink(missing_ok=True)
        renames[sheet.name] = target.name
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        new = html
        for old, name in renames.items():
            new = new.replace(f"stylesheets/{old}", f"stylesheets/{name}")
        if new != html:
            page.write_text(new, encoding="utf-8")
