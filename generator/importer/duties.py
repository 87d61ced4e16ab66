"""Extract duties (who does what, in which role) and commune assignments, mostly from Tổ chức thực hiện."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.registry import Registry
from generator.importer.structure import Outline, Paragraph, Section, fold

_ORG_WORD = re.compile(r"^(Phòng|Trung tâm|Ban|Văn phòng|Ngân hàng|Bảo hiểm|Công an|Thanh tra|Ủy ban|Uỷ ban|UBND|Sở|"
                       r"Hội|Đoàn|Chi cục|Hạt|Kho bạc|Đài|Các)\b")
_ASSIGNMENT = re.compile(r"^(Đồng phụ trách|Phụ trách)(?:\s+xã\s*:?|\s*:)\s*(.+?)(?:\s+cùng với\s+(.+?))?\s*[.;]?$",
                         re.IGNORECASE)
_INLINE_ASSIGNMENT = re.compile(r"\b(đồng phụ trách|phụ trách)\s+xã\s*:?\s*([A-ZĐ][^,;.()]*)")
_LEAD_IN = re.compile(r":\s*$")
_REQUEST = re.compile(r"^(?:Giao|Đề nghị|Yêu cầu|Do)\s+", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*(?:,|;|và|cùng|với)\s*(?:và\s+)?", re.IGNORECASE)


@dataclass
class DutyDraft:
    """A task given to an actor, with the role read from its wording."""

    section: str
    line: int
    agency: str | None
    agency_printed: str
    role: str
    task: str
    owner: Section | None = None
    partners: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class AssignmentDraft:
    """`Phụ trách xã X` / `Đồng phụ trách xã X cùng với Y` under an agency's heading."""

    section: str
    line: int
    agency: str | None
    agency_printed: str
    commune_printed: str
    role: str
    with_printed: str = ""


def role_of(task: str) -> str:
    """Map the wording that opens a task to a role: chủ trì → lead, phối hợp → support, tham mưu → advise…"""
    text = fold(task)
    clause = re.split(r"[;.]", text)[0]
    if "co quan thuong truc" in text[:60]:
        return "standing"
    if re.match(r"^(tong hop, )?bao cao|^thuc hien che do bao cao|^co trach nhiem bao cao", text):
        return "report"
    if "phan bien" in clause or re.match(r"^(\S+\s+){0,5}giam sat", clause) and "trien khai" not in clause.split("giam sat")[0]:
        return "supervise"
    keywords = {"chu tri": "lead", "dau moi": "lead", "truc tiep quan ly": "lead", "phoi hop": "support",
                "tham muu": "advise"}
    opening = " ".join(clause.split()[:6])
    found = [(opening.find(k), role) for k, role in keywords.items() if k in opening]
    return min(found)[1] if found else "implement"


def actors_at(registry: Registry, text: str) -> tuple[list[tuple[str, str]], int]:
    """The agencies named one after another at the start of *text* ("Phòng A và Ban B …")."""
    actors: list[tuple[str, str]] = []
    position = 0
    while True:
        found = registry.agency_at(text[position:])
        if found is None:
            break
        agency_id, length = found
        actors.append((agency_id, text[position:position + length].strip(" :,")))
        position += length
        separator = _SEPARATOR.match(text[position:])
        if not separator or registry.agency_at(text[position + separator.end():]) is None:
            break
        position += separator.end()
    return actors, position


def extract_duties(outline: Outline, registry: Registry) -> tuple[list[DutyDraft], list[AssignmentDraft]]:
    """Duties and assignments of the whole plan."""
    duties: list[DutyDraft] = []
    assignments: list[AssignmentDraft] = []
    issuer = {"ubnd-huyen"}
    for section in outline.body.walk()[1:]:
        if any("to chuc thuc hien" in fold(node.title) for node in section.ancestors()):
            _organisation_section(section, registry, duties, assignments)
        else:
            for paragraph in section.paragraphs:
                duties += _stated_duties(section, paragraph, registry, issuer)
    for paragraph in outline.closing:
        duties += [d for d in _closing_duties(paragraph, registry)]
    return duties, assignments


def _heading_agency(section: Section, registry: Registry) -> tuple[str | None, str, str]:
    """(agency id, printed name, rest of the heading) for a heading that names an agency."""
    title = _REQUEST.sub("", section.title)
    actors, end = actors_at(registry, title)
    if actors:
        return actors[0][0], actors[0][1], title[end:].strip(" :;,.")
    name = title.split(":")[0].strip()
    if _ORG_WORD.match(name) and len(name.split()) <= 14 and not section.children:
        registry.propose("agency", name, section.line, registry.suggest_agency(name),
                         "tên cơ quan ở tiêu đề mục Tổ chức thực hiện chưa có trong sổ đăng ký")
        return None, name, title[len(name):].strip(" :;,.")
    return None, "", ""


def _organisation_section(section: Section, registry: Registry, duties: list[DutyDraft],
                          assignments: list[AssignmentDraft]) -> None:
    agency, printed, rest = _heading_agency(section, registry) if section.path else (None, "", "")
    own = bool(printed)
    if not own:
        rest = section.title
        for node in section.ancestors()[1:]:
            agency, printed, _ = _heading_agency(node, registry)
            if agency or printed:
                break
    lead_in = ""
    paragraphs = section.paragraphs
    for index, paragraph in enumerate(paragraphs):
        text = rest if paragraph.heading else paragraph.text
        if paragraph.heading and not own and section.children:
            continue  # "2. Phân công nhiệm vụ, phụ trách": a heading over the agencies' sections
        if not text or len(text.split()) < 3:
            continue
        match = _ASSIGNMENT.match(text)
        if match:
            role = "co_lead" if fold(match.group(1)).startswith("dong") else "lead"
            assignments.append(AssignmentDraft(section.path, paragraph.line, agency, printed, match.group(2).strip(" .;:"),
                                               role, (match.group(3) or "").strip(" .;")))
            continue
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if _LEAD_IN.search(text) and following is not None and following.level > paragraph.level:
            lead_in = role_of(text)
            continue
        if paragraph.level <= 1:
            lead_in = ""
        duties += _paragraph_duties(section, paragraph, text, registry, (agency, printed), lead_in)
        assignments += _inline_assignments(section, paragraph, text, agency, printed)


def _paragraph_duties(section: Section, paragraph: Paragraph, text: str, registry: Registry,
                      heading: tuple[str | None, str], lead_in: str) -> list[DutyDraft]:
    found, end = actors_at(registry, _REQUEST.sub("", text))
    actors: list[tuple[str | None, str]] = [a for a in found if a[0] != "ubnd-huyen"]
    if not actors:
        if not heading[1]:
            return []
        actors, end = [heading], 0
    task_words = text
    duties = []
    for sentence_start, sentence in _role_sentences(task_words):
        role = lead_in or role_of(_REQUEST.sub("", sentence)[end if sentence_start == 0 else 0:])
        for agency, printed in actors:
            duties.append(DutyDraft(section.path, paragraph.line_at(sentence_start), agency, printed, role,
                                    sentence, section, _partners(registry, sentence, agency)))
    return duties


def _role_sentences(text: str) -> list[tuple[int, str]]:
    """Split off a trailing sentence that gives a supervising role (giám sát, phản biện) to the same actor."""
    parts = [(0, text)]
    for match in re.finditer(r"(?<=\.)\s+(?=(Phát huy vai trò giám sát|Tổ chức hoạt động giám sát|Giám sát)\b)", text):
        start = match.end()
        parts = [(0, text[:match.start()].strip()), (start, text[start:].strip())]
        break
    return parts


def _partners(registry: Registry, task: str, agency: str | None) -> list[str]:
    partners: list[str] = []
    for match in re.finditer(r"(phối hợp(?: với)?|cùng với|qua)\s+", task, re.IGNORECASE):
        actors, _ = actors_at(registry, task[match.end():])
        partners += [a for a, _ in actors if a not in partners and a != agency and a != "ubnd-huyen"]
    return partners


def _inline_assignments(section: Section, paragraph: Paragraph, text: str, agency: str | None,
                        printed: str) -> list[AssignmentDraft]:
    found = []
    for match in _INLINE_ASSIGNMENT.finditer(text):
        role = "co_lead" if fold(match.group(1)).startswith("dong") else "lead"
        found.append(AssignmentDraft(section.path, paragraph.line_at(match.start()), agency, printed,
                                     match.group(2).strip(), role))
    return found


def _stated_duties(section: Section, paragraph: Paragraph, registry: Registry, issuer: set[str]) -> list[DutyDraft]:
    """Outside Tổ chức thực hiện, a paragraph that names its actor: "Giao X đầu mối …", "UBND các xã …"."""
    text = section.title.split(":", 1)[1].strip() if paragraph.heading and ":" in section.title else paragraph.text
    if paragraph.heading and ":" not in section.title:
        return []
    starts = [m.end() for m in re.finditer(r"\b(?:Giao|giao|Do)\s+", text)]
    starts += [0] + [m.end() for m in re.finditer(r"[.;:]\s+", text)]
    start, actors, end = 0, [], 0
    for candidate in starts:
        found, length = actors_at(registry, text[candidate:])
        found = [a for a in found if a[0] not in issuer]
        if found:
            start, actors, end = candidate, found, length
            break
    if not actors:
        return []
    by_request = text[:start].rstrip().endswith(("Giao", "giao"))
    done_by = text[:start].rstrip().endswith("Do")
    task = text if start == 0 else text[max(0, text.rfind(".", 0, start) + 1):].strip()
    role = "implement" if done_by else role_of(text[start + end:])
    if by_request and role == "implement" and re.match(r"\s*(đồng )?đầu mối", text[start + end:]):
        role = "lead"
    return [DutyDraft(section.path, paragraph.line_at(start), agency, printed, role, task, section,
                      [a for a, _ in actors if a != agency])
            for agency, printed in actors]


def _closing_duties(paragraph: Paragraph, registry: Registry) -> list[DutyDraft]:
    match = re.search(r"\b(đề nghị|yêu cầu)\s+(?:Thủ trưởng\s+|Chủ tịch\s+)?", paragraph.text, re.IGNORECASE)
    if not match:
        return []
    actors, _ = actors_at(registry, paragraph.text[match.end():])
    task = paragraph.text[paragraph.text.rfind(".", 0, match.start()) + 1:].strip()
    return [DutyDraft("closing", paragraph.line_at(match.start()), agency, printed, "implement", task, None,
                      [a for a, _ in actors if a != agency]) for agency, printed in actors[:1]]
