"""Resolve printed names (agencies, communes, programs, fund sources) against the KB registries."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Issue, KbError, Location
from generator.importer.structure import fold
from generator.load import load_file
from generator.schema import (
    Agency,
    AgenciesFile,
    Commune,
    CommunesFile,
    District,
    DistrictsFile,
    FundSourcesFile,
    Program,
    ProgramsFile,
)
from generator.validate import validate_document

# Old and new tone-mark placement ("Uỷ"/"Ủy", "hoá"/"hóa") are the same word.
_TONES = {"uỷ": "ủy", "uý": "úy", "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỳ": "ùy", "uỵ": "ụy"}
_PROGRAM_WORDS = {"mtqg": "muc tieu quoc gia", "ct": "chuong trinh", "ntm": "nong thon moi", "kt-xh": "kinh te xa hoi",
                  "dtts": "dan toc thieu so", "gnbv": "giam ngheo ben vung", "mn": "mien nui", "ktxh": "kinh te xa hoi"}
_STOP = {"chuong", "trinh", "muc", "tieu", "quoc", "gia", "giai", "doan", "va", "cac", "cua", "tren", "dia", "ban"}


def name_key(text: str) -> str:
    """Compare names case-insensitively, whatever the dash spacing or tone-mark placement."""
    text = unicodedata.normalize("NFC", text).casefold()
    for old, new in _TONES.items():
        text = text.replace(old, new)
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    text = re.sub(r"\s*&\s*", " và ", text)
    return " ".join(text.split()).strip(" .,:;")


def _commune_names(commune: Commune) -> tuple[str, ...]:
    """Every name a plan may print for a commune: its own, its spellings, and the communes merged into it."""
    return (commune.name, *commune.aliases, *(former.name for former in commune.merged_from))


def _bare(key: str) -> str:
    return re.sub(r"\s+huyện$", "", key)


@dataclass
class Proposal:
    """A name the registry does not know, with the closest registry entry as a suggestion."""

    kind: str  # agency, commune, program, fund-source
    printed: str
    line: int
    suggestion: str = ""
    reason: str = ""


@dataclass
class Registry:
    """The registries a draft plan is resolved against, and the proposals collected while resolving."""

    district: District
    communes: tuple[Commune, ...]
    agencies: tuple[Agency, ...]
    programs: tuple[Program, ...]
    fund_sources: frozenset[str]
    proposals: list[Proposal] = field(default_factory=list)

    # ----------------------------------------------------------------- agencies

    def agency_keys(self) -> list[tuple[str, str]]:
        keys = []
        for agency in self.agencies:
            for name in (agency.name, agency.short_name or "", *agency.aliases):
                if name:
                    keys += [(name_key(name), agency.id), (_bare(name_key(name)), agency.id)]
        return sorted(set(keys), key=lambda pair: -len(pair[0]))

    def agency_at(self, text: str) -> tuple[str, int] | None:
        """Return (agency id, length of the printed name) for the agency named at the start of *text*."""
        key = name_key(text)
        for alias, agency_id in self.agency_keys():
            if key.startswith(alias) and (len(key) == len(alias) or not key[len(alias)].isalnum()):
                return agency_id, _printed_length(text, alias)
        return None

    def agency_named(self, printed: str) -> str | None:
        """Return the agency whose name or alias is exactly *printed* (case-insensitive)."""
        key = _bare(name_key(printed))
        return next((agency_id for alias, agency_id in self.agency_keys() if alias == key), None)

    def suggest_agency(self, printed: str) -> str:
        names = {name_key(n): a.name for a in self.agencies for n in (a.name, *a.aliases)}
        close = difflib.get_close_matches(name_key(printed), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else ""

    # ----------------------------------------------------------------- communes

    def commune_named(self, printed: str) -> Commune | None:
        """The commune whose canonical name or alias is *printed* (prefix `xã`/`thị trấn` allowed)."""
        key = name_key(printed)
        for prefix in ("xã ", "thị trấn ", "phường "):
            key = key.removeprefix(prefix)
        for commune in self.communes:
            if key in {name_key(n) for n in _commune_names(commune)}:
                return commune
        return None

    def suggest_commune(self, printed: str) -> str:
        names = {fold(n): c.name for c in self.communes for n in _commune_names(c)}
        close = difflib.get_close_matches(fold(printed), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else ""

    def communes_in(self, text: str) -> list[Commune]:
        """Communes named in *text* (as printed: a capitalised name or alias, whole words)."""
        found: list[Commune] = []
        for commune in self.communes:
            for name in _commune_names(commune):
                if name[:1].isupper() and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) and commune not in found:
                    found.append(commune)
        return sorted(found, key=lambda c: text.find(next(n for n in _commune_names(c) if n in text)))

    # ----------------------------------------------------------------- programs

    def walk_programs(self) -> list[tuple[Program, Program | None]]:
        out: list[tuple[Program, Program | None]] = []

        def visit(nodes: tuple[Program, ...], parent: Program | None) -> None:
            for node in nodes:
                out.append((node, parent))
                visit(node.projects, node)
        visit(self.programs, None)
        return out

    def programs_named(self, text: str) -> list[str]:
        """Top-level programs whose name, or decision number, the text mentions."""
        words = set(_program_words(text))
        if not {"chuong", "de", "quyet"} & words and "muc tieu quoc gia" not in " ".join(_program_words(text)):
            return []  # only a named program, scheme or decision can be a program ("Dự án 1: Hỗ trợ …" is not)
        found = []
        for program in self.programs:
            core = [w for w in _program_words(program.name) if w not in _STOP and not w.isdigit()]
            number = (program.legal_basis or "").split(" ")[0]
            if core and sum(w in words for w in core) >= 0.75 * len(core) or (number and number in text):
                found.append(program.id)
        return found

    def project(self, program_id: str, kind: str, number: str | None, title: str) -> str | None:
        """The `Dự án N` / `Tiểu dự án N` (or the one named *title*) under *program_id*."""
        parent = next((p for p, _ in self.walk_programs() if p.id == program_id), None)
        if parent is None:
            return None
        short = "Dự án" if kind == "du-an" else "Tiểu dự án"
        for child in parent.projects:
            if number and fold(child.short_name) == fold(f"{short} {int(number)}"):
                return child.id
        names = {fold(child.name): child.id for child in parent.projects}
        close = difflib.get_close_matches(fold(title), list(names), n=1, cutoff=0.6) if title else []
        return names[close[0]] if close else None

    def propose(self, kind: str, printed: str, line: int, suggestion: str = "", reason: str = "") -> None:
        if not any(p.kind == kind and name_key(p.printed) == name_key(printed) for p in self.proposals):
            self.proposals.append(Proposal(kind, printed, line, suggestion, reason))


def _program_words(text: str) -> list[str]:
    words = []
    for word in fold(text).replace("-", " - ").split():
        words += _PROGRAM_WORDS.get(word, word).split()
    return [w for w in words if w.isalnum()]


def _printed_length(text: str, alias: str) -> int:
    """Length in *text* of the words that matched *alias* (spacing and dashes may differ from the key)."""
    for token in re.finditer(r"[^\s\-–—&]+", text):
        if name_key(text[:token.end()]) in (alias, alias + " huyện") and name_key(text[:token.end()]).startswith(alias):
            return token.end()
    return len(alias)


def load_registry(kb_dir: Path, district_id: str) -> Registry:
    """Read and check the registries; raise KbError when they are broken or the district is unknown."""
    models: dict[str, object] = {}
    issues: list[Issue] = []
    paths = {"programs": "registry/programs.yaml", "fund-sources": "registry/fund-sources.yaml",
             "districts": "registry/districts.yaml", "communes": f"registry/communes/{district_id}.yaml",
             "agencies": f"registry/agencies/{district_id}.yaml"}
    for kind, rel in paths.items():
        file = kb_dir / rel
        if not file.is_file():
            continue
        document, file_issues = load_file(Path(rel), f"{kb_dir.name}/{rel}", file.read_bytes)
        issues += file_issues
        if document is not None:
            model, model_issues = validate_document(document)
            issues += model_issues
            models[kind] = model
    if issues:
        raise KbError(issues)
    districts = models.get("districts")
    district = next((d for d in districts.districts if d.id == district_id), None) \
        if isinstance(districts, DistrictsFile) else None
    if district is None:
        choices = [d.id for d in districts.districts] if isinstance(districts, DistrictsFile) else []
        guess = difflib.get_close_matches(district_id, choices, n=1)
        raise KbError([Issue("KB-REF-UNKNOWN", f"huyện '{district_id}' không có trong sổ đăng ký",
                             Location(f"{kb_dir.name}/registry/districts.yaml"),
                             hint=f"có phải ý bạn là '{guess[0]}'?" if guess else
                             "thêm huyện bằng: python -m generator add-district HUYỆN TỈNH")])
    communes = models.get("communes")
    agencies = models.get("agencies")
    programs = models.get("programs")
    sources = models.get("fund-sources")
    return Registry(
        district,
        communes.communes if isinstance(communes, CommunesFile) else (),
        agencies.agencies if isinstance(agencies, AgenciesFile) else (),
        programs.programs if isinstance(programs, ProgramsFile) else (),
        frozenset(s.id for s in sources.fund_sources) if isinstance(sources, FundSourcesFile) else frozenset(),
    )
