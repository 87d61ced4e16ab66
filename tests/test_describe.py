"""One change in Vietnamese words: sentences from real commits, the reviewer diff, every field has a phrase."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from generator.describe import sentence
from generator.summarize import SITE, Scope, summarize
from generator.diff import Change, FieldChange, diff_kbs, entities
from generator.diff_report import to_markdown, to_terminal
from generator.gitkb import load_kb_at
from generator.history import build_history
from generator.load import load_kb
from generator.schema import (Agency, Assignment, Commune, District, Duty, FundLine, FundSource, KeyIndicator,
                              LegalBasis, Plan, Program, ProgressResult, Target)
from generator.validate import validate_kb
from generator.wording import FIELD_TEXT, Names
from tests.conftest import ROOT
from tests.gitrepo import Repo
from tests.test_notes import ENGLISH_WORDS, FIELD_NAME, ITEM_ID, SLUG, WORD


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.add_kb()
    repo.commit("Import the mini plan")
    return repo


def _lines(repo: Repo, scope: Scope = SITE) -> list[str]:
    diff = diff_kbs(load_kb_at(repo.path, "HEAD~1"), load_kb_at(repo.path, "HEAD"))
    return [line for group in summarize(diff.changes, Names.of(diff), scope) for line in group.lines]


def test_money_change_in_words(repo: Repo) -> None:
    repo.edit("plans/mini-2024/funds.yaml", "amount: '4.000'", "amount: '4.500'")
    repo.commit("Raise project 5")
    assert _lines(repo) == ["Sửa số tiền mục III.2 “Dự án 5 - ngân sách địa phương” từ 4.000 thành 4.500 triệu đồng "
                            "(tăng 500 triệu đồng, +12,5%)"]


def test_money_in_another_unit_keeps_both_units(repo: Repo) -> None:
    repo.edit("plans/mini-2024/funds.yaml", "    amount: '4.000'\n", "    amount: '4'\n    unit: tỷ đồng\n")
    repo.commit("Print project 5 in billions")
    assert _lines(repo) == ["Sửa số tiền mục III.2 “Dự án 5 - ngân sách địa phương” từ 4.000 triệu đồng thành 4 tỷ đồng"]


def test_target_level_in_percentage_points(repo: Repo) -> None:
    repo.edit("plans/mini-2024/targets.yaml", "value: '38,50'", "value: '35,0'")
    repo.commit("Lower the poverty target")
    assert _lines(repo) == ["Sửa mức chỉ tiêu “Tỷ lệ hộ nghèo toàn huyện còn” từ không quá 38,50% thành không quá 35,0% "
                            "(giảm 3,5 điểm %)"]


def test_moved_assignment_names_agency_and_both_communes(repo: Repo) -> None:
    repo.edit("plans/mini-2024/assignments.yaml", "    commune: dao-san\n    role: lead\n    commune_printed: Đào San",
              "    commune: tung-qua-lin\n    role: lead\n    commune_printed: Tung Qua Lìn")
    repo.commit("Move the justice office")
    assert _lines(repo) == ["Chuyển Phòng Tư pháp từ phụ trách xã Dào San sang xã Tung Qua Lìn"]


def test_added_and_removed_items(repo: Repo) -> None:
    repo.edit("plans/mini-2024/duties.yaml", "  - id: d-nhcsxh-tin-dung\n", "  - id: d-nhcsxh-khac\n")
    repo.edit("plans/mini-2024/duties.yaml", "    task: Phối hợp triển khai chính sách tín dụng ưu đãi cho hộ nghèo.",
              "    task: Theo dõi, báo cáo kết quả cho vay vốn đối với hộ cận nghèo.")
    repo.edit("plans/mini-2024/assignments.yaml", "  - id: a-nhcsxh-dao-san\n    agency: ngan-hang-csxh\n    commune: dao-san\n"
              "    role: co_lead\n    with_agency: phong-tu-phap\n    commune_printed: Đào San\n    section: V.3\n", "")
    repo.commit("Replace the bank's duty, drop its commune")
    assert _lines(repo) == [
        "Thêm nhiệm vụ “Theo dõi, báo cáo kết quả cho vay vốn đối với hộ cận nghèo.” cho Ngân hàng chính sách xã hội (phối hợp)",
        "Bỏ nhiệm vụ “Phối hợp triển khai chính sách tín dụng ưu đãi cho hộ nghèo.” của Ngân hàng chính sách xã hội",
        "Thôi giao Ngân hàng chính sách xã hội đồng phụ trách xã Dào San",
    ]


def test_alias_addition(repo: Repo) -> None:
    repo.edit("registry/communes/phong-tho.yaml", "    code: '03565'\n", "    code: '03565'\n    aliases: [Tùng Qua Lìn]\n")
    repo.commit("Add an alias")
    assert _lines(repo) == ["Thêm tên gọi khác “Tùng Qua Lìn” cho xã Tung Qua Lìn"]


def test_renamed_id(repo: Repo) -> None:
    repo.edit("plans/mini-2024/duties.yaml", "id: d-tu-phap-tuyen-truyen", "id: d-tu-phap-pho-bien-phap-luat")
    repo.commit("Rename a duty id")
    assert _lines(repo) == ["Đổi mã định danh của nhiệm vụ “Chủ trì tuyên truyền phổ biến giáo dục pháp luật cho người "
                            "nghèo.” của Phòng Tư pháp (nội dung không đổi)"]


def test_reviewer_diff_uses_the_same_words_and_vietnamese_field_labels(repo: Repo) -> None:
    repo.edit("plans/mini-2024/funds.yaml", "amount: '4.000'", "amount: '4.500'")
    repo.commit("Raise project 5")
    diff = diff_kbs(load_kb_at(repo.path, "HEAD~1"), load_kb_at(repo.path, "HEAD"))
    markdown, terminal = to_markdown(diff, "a", "b"), to_terminal(diff, "a", "b", colour=False)
    for text in (markdown, terminal):
        assert "Sửa số tiền mục III.2 “Dự án 5 - ngân sách địa phương” từ 4.000 thành 4.500 triệu đồng" in text
    assert "  - số tiền (amount): 4.000 → 4.500 (+500 triệu đồng; +12,5%)" in terminal


# ------------------------------------------------------------------------------------------ every field in words

MODELS = {"plan": Plan, "legal_basis": LegalBasis, "target": Target, "fund_line": FundLine, "duty": Duty,
          "assignment": Assignment, "result": ProgressResult, "commune": Commune, "agency": Agency, "program": Program,
          "district": District, "fund_source": FundSource, "indicator": KeyIndicator}
NOT_COMPARED = {"plan": {"id", "legal_bases"}, "program": {"id", "projects"}}  # nested items are entities of their own
SAMPLES: dict[str, Any] = {
    "note": "Ghi chú mới", "unreviewed": True, "source_line": 12, "as_of": "2024-12-31", "value_max": "99",
    "per_year": True, "headline": True, "breakdown": "theo-du-an", "percent_printed": "17,22", "signer": "Nguyễn Văn A",
    "signer_title": "CHỦ TỊCH", "summary": "Tóm tắt mới", "short_name": "Tên ngắn mới", "aliases": ["Tên khác mới"],
    "legal_basis": "1/QĐ-TTg", "period": "2021-2030", "description": "Cách dùng mới", "title": "Tiêu đề mới",
    "baseline": {"value": "40", "change": None, "year": 2023, "printed": ""}, "year": 2031, "value": "123",
    "scope": {"level": "communes", "communes": ["dao-san"], "villages": [], "printed": ""},
    "villages": [{"name": "Bản Mới", "commune": "dao-san"}], "communes": ["dao-san"], "partners": ["phong-tu-phap"],
    "with_agency": "phong-tu-phap", "program": "gnbv", "programs": ["gnbv", "ntm"], "source_file": "moi.docx",
    "source_absent_reason": "Bản giấy, chưa số hóa",
    "successors": [{"name": "Xã Mới", "code": "99999", "province": "Lai Châu", "default": True}],
    "percent_of": "f-tong", "target": "t-ty-le-ho-ngheo", "parent": "f-tong", "period_end": 2030, "period_start": 2021,
    "number": {"status": "printed", "value": "12/KH-UBND", "printed": None, "date": None, "year": None},
    "date": "2024-02-03", "section": "II.3", "unit": "tỷ đồng", "type": "thị xã", "province_code": "99",
}


def test_every_compared_field_has_a_vietnamese_phrase() -> None:
    for kind, model in MODELS.items():
        fields = set(model.model_fields) - NOT_COMPARED.get(kind, {"id"})
        assert fields == set(FIELD_TEXT[kind]), kind


@pytest.fixture(scope="module")
def shipped_entities() -> dict[tuple[str, str], Any]:
    documents, issues = load_kb(ROOT / "kb", ROOT)
    return entities(validate_kb(documents, issues))


REFERENCES = {"parent": "fund_line", "percent_of": "fund_line", "target": "target"}  # items of the same plan


def _other_value(kind: str, name: str, content: dict[str, Any], found: dict[tuple[str, str], Any], plan: str) -> Any:
    """A different value for a field: another entity's, else a sample of the right shape."""
    if name in REFERENCES:
        return next(e.key.split("/")[-1] for e in found.values() if e.kind == REFERENCES[name] and e.plan == plan
                    and e.key.split("/")[-1] not in (content.get("id"), content.get(name)))
    for entity in found.values():
        value = entity.content.get(name)
        same_type = content.get(name) is None or type(value) is type(content.get(name))
        if entity.kind == kind and value not in (None, "", [], content.get(name)) and same_type:
            return value
    sample = SAMPLES.get(name)
    if isinstance(content.get(name), dict) and name == "date":  # a plan's printed date
        sample = {"status": "printed", "value": None, "printed": "ngày 3 tháng 2 năm 2024", "date": "2024-02-03", "year": None}
    assert sample is not None and sample != content.get(name), (kind, name)
    return sample


def test_every_field_change_reads_as_vietnamese(shipped_entities) -> None:
    """Change each field of one entity of every kind (and add, remove, rename it): the sentence is Vietnamese,
    with no raw key, no Python value, no id and no English word."""
    names = Names(shipped_entities, shipped_entities)
    for kind in MODELS:
        entity = next(e for e in shipped_entities.values() if e.kind == kind)
        texts = [sentence(Change(kind, entity.key, entity.plan, status, entity.label, old_key=entity.key + "-cu",
                                 before=entity.content, after=entity.content), names)
                 for status in ("added", "removed", "renamed")]
        for name in FIELD_TEXT[kind]:
            before = copy.deepcopy(entity.content)
            after = {**before, name: _other_value(kind, name, before, shipped_entities, entity.plan)}
            change = Change(kind, entity.key, entity.plan, "changed", entity.label,
                            (FieldChange(name, before.get(name), after[name]),), before=before, after=after)
            texts.append(sentence(change, names))
            assert texts[-1] and "thông tin khác" not in texts[-1], (kind, name, texts[-1])
            for raw in (name, "None", "True", "False", "{", "[", "'"):
                assert not re.search(rf"(?<![\w-]){re.escape(raw)}(?![\w-])", texts[-1]), (kind, name, raw, texts[-1])
        for text in texts:
            assert not ITEM_ID.findall(text) and not SLUG.findall(text) and not FIELD_NAME.findall(text), text
            assert not {w for w in WORD.findall(text) if w.isascii() and w.lower() in ENGLISH_WORDS}, text


def test_the_shipped_history_reads_as_vietnamese() -> None:
    """Every sentence the site would show for this repository's own KB history: no English word, no id."""
    history = build_history(ROOT, ROOT / "kb")
    if not history.available:
        pytest.skip(history.reason)
    lines = {text for entries in [history.recent, *history.by_page.values()] for entry in entries
             for group in entry.groups for text in (*group.lines, group.title)}
    assert len(lines) > 20
    for text in lines:
        assert not ITEM_ID.findall(text) and not SLUG.findall(text) and not FIELD_NAME.findall(text), text
        assert not {w for w in WORD.findall(text) if w.isascii() and w.lower() in ENGLISH_WORDS}, text
