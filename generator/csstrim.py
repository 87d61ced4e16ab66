"""Trim the theme's stylesheet to the rules the built site can use, so a phone downloads less before first paint.

mkdocs-material ships one 135 KB stylesheet for every feature it has; a page of this site uses a quarter of it
(issue 9: Lighthouse on a slow, uncompressed link). After mkdocs has built the site, a rule is kept when every
class, id and attribute its selector requires occurs in some built page or is named in some script the site
ships (the theme's JavaScript adds classes at run time). The test errs towards keeping: anything inside
`:not()`, `:is()`, `:where()`, `:has()` is not required, nor are pseudo-classes. The trimmed file gets a
name of its own (`main.<hash>.kb-<content hash>.min.css`) so no browser keeps a stale copy from a cache; mkdocs
writes each page naming it with a placeholder of that length (`kb-00000000`), whose digits the trim writes over.
Incremental builds keep each page's tokens (the parts of it a selector can require) and read only the pages
written since the last build.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tinycss2

# Without the space before the name, so that the name is searched for as plain text: `data-class="…"` may
# add a class token, which can only keep a rule more.
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
_ID_ATTR = re.compile(r'id="([^"]*)"')
_QUOTED_VALUE = re.compile(r'=\s*"[^"]*"')
_ATTR_NAME = re.compile(r"<[a-zA-Z][\w-]*\s([^>]*)>")
_NAME = re.compile(r'([a-zA-Z_:][-\w:.]*)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+)))?')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any|host|host-context|nth-[a-z-]+|lang|dir)\(")
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_TYPE = re.compile(r"(?:^|[\s>+~])([a-z][a-z0-9]*)(?=$|[\s>+~.#\[:])")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
PAIR_ATTRIBUTES = ("dir", "data-md-color-scheme")  # attributes whose value decides whether a rule is kept
_PAIRS = {name: re.compile(rf"{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))") for name in PAIR_ATTRIBUTES}
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
            if value and "=" in selector and name in PAIR_ATTRIBUTES and (name, plain) not in used.pairs:
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


def theme_sheets() -> list[Path]:
    """The theme's own main stylesheet(s), as installed (a trimmed site no longer holds the original)."""
    import material  # mkdocs-material

    return sorted((Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))


@dataclass(frozen=True)
class Relevance:
    """What a selector of the theme's stylesheet can name: only these parts of a page decide what is kept."""

    blocks: frozenset[str]
    ids: frozenset[str]
    attributes: frozenset[str]

    @classmethod
    def of(cls, css: str) -> Relevance:
        found = _SELECTOR_TOKEN.findall(css)
        return cls(frozenset(_block(name) for name, *_ in found if name), frozenset(ident for _, ident, *_ in found if ident),
                   frozenset(attribute.lower() for _, _, attribute, _ in found if attribute))


@functools.cache
def theme_relevance() -> Relevance:
    """The Relevance of the theme's main stylesheets."""
    return Relevance.of("".join(sheet.read_text(encoding="utf-8") for sheet in theme_sheets()))


def page_tokens(html: str, relevance: Relevance) -> frozenset[str]:
    """The parts of one page the stylesheet's selectors can require, as `c:`, `t:`, `i:`, `a:`, `p:` tokens.

    Pages of one kind share one token set, so a cache of them (incremental builds) stays small. Patterns start
    with plain text (searched fast), each distinct value is looked at once, and attribute values are emptied
    before tags are read for attribute names: a long table has only a few distinct tags then."""
    tokens = {f"t:{tag.lower()}" for tag in set(_TAG.findall(html))}
    for value in set(_CLASS_ATTR.findall(html)):
        tokens.update(f"c:{name}" for name in value.split() if _block(name) in relevance.blocks)
    tokens.update(f"i:{ident}" for ident in set(_ID_ATTR.findall(html)) if ident in relevance.ids)
    for inside in set(_ATTR_NAME.findall(_QUOTED_VALUE.sub('=""', html))):
        tokens.update(f"a:{name.lower()}" for name, *_ in _NAME.findall(inside) if name.lower() in relevance.attributes)
    for name, pattern in _PAIRS.items():
        tokens.update(f"p:{name}={next((v for v in m.groups() if v), '')}" for m in pattern.finditer(html)
                      if m.start() > 0 and html[m.start() - 1].isspace())
    return frozenset(tokens)


def used_from(tokens: set[str], words: frozenset[str]) -> Used:
    """The Used of a site from the union of its pages' tokens and its scripts' words."""
    part = {kind: {t[2:] for t in tokens if t.startswith(kind)} for kind in ("c:", "t:", "i:", "a:", "p:")}
    pairs = frozenset((name, value) for name, _, value in (p.partition("=") for p in part["p:"]))
    return Used(frozenset(part["c:"]), frozenset(part["t:"] | {"html", "body"}), frozenset(part["i:"]),
                frozenset(part["a:"]), pairs, words)


_SHEET_LINK_BYTES = re.compile(rb"stylesheets/(main\.[0-9a-f]+(?:\.kb-[0-9a-f]+)?\.min\.css)")
_SHEET_LINK = re.compile(_SHEET_LINK_BYTES.pattern.decode("ascii"))
DIGEST_LENGTH = 8  # hex digits of the trimmed sheet's content hash in its name
PLACEHOLDER = "0" * DIGEST_LENGTH
TRIM_ENV = "PLAN_SITE_TRIM"  # set when the generator runs mkdocs, the trim following: pages name the placeholder


def with_placeholder(html: str) -> str:
    """Name the trimmed sheet in a page as mkdocs writes it, before the trim knows its content hash: a name of the
    final name's length (`main.<hash>.kb-00000000.min.css`), whose digits the trim then writes over in place."""
    return _SHEET_LINK.sub(lambda m: "stylesheets/" + _trimmed_name(m.group(1), PLACEHOLDER), html)


def _trimmed_name(name: str, digest: str) -> str:
    """`main.<hash>.kb-<digest>.min.css` for a theme sheet's name, trimmed or not."""
    return _original(name).replace(".min.css", f".kb-{digest}.min.css")


def trim_theme_css(site: Path, cache: dict[str, Any] | None = None,
                   fresh: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """Write the theme's main stylesheet trimmed to what *site* uses under a name of its own, point every page
    to it; return the page-token cache for the next incremental build.

    *fresh* maps pages just written to their tokens (sorted `page_tokens`), as mkdocs' processes found them
    while writing the pages (mkdocs_hooks.on_post_page): those pages are not read again to find them.

    *cache* (from the last build of the same work folder) maps each page to its file identity and token set:
    only pages written since are read again, so a rebuild that changed ten pages reads ten pages, and the
    result is the one a full build gives. Pages are rewritten by replacing the file (a new inode), never in
    place: an incremental build's published site shares its files as hard links."""
    sheets = theme_sheets()
    folder = site / "assets" / "stylesheets"
    relevance = theme_relevance()
    fresh = fresh or {}
    old = cache or {}
    old_pages, old_sets = old.get("pages", {}), old.get("sets", {})
    pages: dict[str, list[Any]] = {}
    sets: dict[str, list[str]] = {}
    used_tokens: set[str] = set()
    files = sorted(site.rglob("*.html"))
    for page in files:
        rel, stat = page.relative_to(site).as_posix(), page.stat()
        identity = [stat.st_ino, stat.st_mtime_ns, stat.st_size]
        known = old_pages.get(rel)
        if rel not in fresh and known and known[:3] == identity and known[3] in old_sets:
            key, tokens = known[3], old_sets[known[3]]
        else:
            tokens = fresh[rel] if rel in fresh else sorted(page_tokens(page.read_text(encoding="utf-8"), relevance))
            key = hashlib.sha256("\n".join(tokens).encode()).hexdigest()[:16]
        sets[key] = tokens
        pages[rel] = [*identity, key]
        used_tokens.update(tokens)
    words: set[str] = set()
    for script in sorted(site.rglob("*.js")):
        words.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    used = used_from(used_tokens, frozenset(words))
    readers = "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("*.js")))
    readers += "".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.css"))
                       if p.parent != folder or not p.name.startswith("main."))
    renames: dict[str, str] = {}
    for sheet in sheets:
        trimmed = trim_css(sheet.read_text(encoding="utf-8"), used, readers)
        digest = hashlib.sha256(trimmed.encode()).hexdigest()[:DIGEST_LENGTH]
        target = folder / _trimmed_name(sheet.name, digest)
        if not target.exists() or target.read_text(encoding="utf-8") != trimmed:
            _replace(target, trimmed)
        renames[sheet.name] = target.name
    for stale in folder.glob("main.*.css*"):  # the original, its map, an earlier trimmed copy
        if stale.name not in renames.values():
            stale.unlink()
    for page in files:
        rel = page.relative_to(site).as_posix()
        if rel in old_pages and pages[rel][:3] == old_pages[rel][:3] and old.get("names") == renames:
            continue  # unchanged since the last build, and it already names this build's sheet
        if _point_to(page, renames):
            stat = page.stat()
            pages[rel][:3] = [stat.st_ino, stat.st_mtime_ns, stat.st_size]
    return {"names": renames, "pages": pages, "sets": sets}


def _point_to(page: Path, renames: Mapping[str, str]) -> bool:
    """Make *page* name this build's sheets; return whether it changed. A page mkdocs has just written (no other
    link to its file) names the sheet once, by a name of the final length (with_placeholder): the digits are
    written over in place, not the whole page again (2,5 GB at national scale, written twice over within a
    minute). Any other page is written anew as a new file, never in place (_replace)."""
    html = page.read_bytes()
    links = list(_SHEET_LINK_BYTES.finditer(html))
    names = [_renamed(link.group(1), renames) for link in links]
    if all(name == link.group(1) for name, link in zip(names, links)):
        return False
    if len(links) == 1 and len(names[0]) == len(links[0].group(1)) and page.stat().st_nlink == 1:
        with open(page, "r+b") as handle:
            handle.seek(links[0].start(1))
            handle.write(names[0])
        return True
    _replace(page, _SHEET_LINK_BYTES.sub(lambda m: b"stylesheets/" + _renamed(m.group(1), renames), html))  # no decoding
    return True


def _renamed(name: bytes, renames: Mapping[str, str]) -> bytes:
    text = name.decode("ascii")
    return renames.get(_original(text), text).encode("ascii")


def _original(name: str) -> str:
    """`main.<hash>.min.css` for a theme sheet name, trimmed or not."""
    return re.sub(r"\.kb-[0-9a-f]+(?=\.min\.css$)", "", name)


def _replace(path: Path, text: str | bytes) -> None:
    """Write a file as a new file (new inode) and move it over the old one."""
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    os.replace(partial, path)
