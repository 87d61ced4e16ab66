"""Cross-file checks: printed commune names (spellings, lineage, scope phrases) and printed agency names."""

from __future__ import annotations

import pytest

from generator.checks import commune_names_in, resolve_commune
from generator.errors import KbError
from generator.load import load_kb
from generator.validate import validate_kb
from tests.conftest import ROOT

# Dào San in the mini KB gains a former commune, printed by an assignment and a scope phrase.
LINEAGE = {"file": "registry/communes/phong-tho.yaml", "replace": [
    "    aliases: [Đào San]\n",
    "    aliases: [Đào San]\n    merged_from:\n      - name: Nậm Cười\n        year: 2020\n"
    "        source: test\n        printed_in:\n          - plan: mini-2024\n            section: V.2\n"]}


@pytest.mark.parametrize("text, names", [
    ("xã Sơn Bình 05 bản", ["Sơn Bình"]),
    ("(xã Sơn Bình 05 bản, xã Giang Ma 06 bản, xã Nà Tăm 04 bản)", ["Sơn Bình", "Giang Ma", "Nà Tăm"]),
    ("tại các xã: Hoang Thèn, Mù Sang, Huổi Luông...", ["Hoang Thèn", "Mù Sang", "Huổi Luông"]),
    ("tại xã Sin Suối Hồ (hoặc Nậm Xe/Mường So)", ["Sin Suối Hồ", "Nậm Xe", "Mường So"]),
    ("các xã vùng cao, đặc biệt là xã Sin Suối Hồ, Lản Nhì Thàng và một số vùng", ["Sin Suối Hồ", "Lản Nhì Thàng"]),
    ("Xã Bản Bo và Thị trấn Tam Đường", ["Bản Bo", "Tam Đường"]),
    ("bản Sì Thâu Chải, xã Hồ Thầu; Nhà văn hóa bản Nà Khan", ["Hồ Thầu"]),  # villages and clauses are not communes
    ("Lê, Đào...tại các xã vùng cao biên giới", []),
])
def test_commune_names_are_read_after_xa_and_thi_tran(text: str, names: list[str]) -> None:
    assert commune_names_in(text) == names


def test_a_former_commune_resolves_to_the_one_it_was_merged_into() -> None:
    kb = validate_kb(*load_kb(ROOT / "kb", ROOT))
    communes = kb.district_communes("van-quan")
    for printed in ("Đồng Giáp", "xã Tràng Các", "XÃ ĐỒNG GIÁP"):
        found = resolve_commune(communes, printed)
        assert found is not None and (found[0].id, found[1]) == ("khanh-khe", "merged")
    khanh_khe = next(c for c in communes if c.id == "khanh-khe")
    assert khanh_khe.aliases == () and [f.name for f in khanh_khe.merged_from] == ["Đồng Giáp", "Tràng Các"]


def test_a_plan_printing_a_former_name_still_validates(kb_dir) -> None:
    printed = {"file": "plans/mini-2024/assignments.yaml", "replace": ["    role: lead\n    commune_printed: Đào San\n",
                                                                        "    role: lead\n    commune_printed: xã Nậm Cười\n"]}
    scope = {"file": "plans/mini-2024/targets.yaml", "replace": ["      communes: [dao-san, tung-qua-lin]\n",
             "      communes: [dao-san, tung-qua-lin]\n      printed: các xã Nậm Cười, Tung Qua Lìn\n"]}
    kb = validate_kb(*load_kb(kb_dir(LINEAGE, printed, scope)))
    assert kb.district_communes("phong-tho")[0].merged_from[0].name == "Nậm Cười"


def _errors(kb) -> list[str]:
    with pytest.raises(KbError) as error:
        validate_kb(*load_kb(kb))
    return [str(i) for i in error.value.issues]


def test_an_unknown_commune_in_a_scope_phrase_gets_a_did_you_mean(kb_dir) -> None:
    scope = {"file": "plans/mini-2024/targets.yaml", "replace": ["      communes: [dao-san, tung-qua-lin]\n",
             "      communes: [dao-san, tung-qua-lin]\n      printed: xã Dào San, Tung Qua Lin\n"]}
    assert _errors(kb_dir(scope)) == [
        "kb/plans/mini-2024/targets.yaml:24:16: error[KB-COMMUNE-SPELLING] tên xã 'Tung Qua Lin' trong scope.printed "
        "không có trong sổ đăng ký xã của huyện (có phải ý bạn là 'Tung Qua Lìn' (mã 'tung-qua-lin')? nếu đúng là "
        "cách viết khác, thêm 'Tung Qua Lin' vào aliases của 'tung-qua-lin')"]


def test_lineage_names_a_plan_of_its_own_district(kb_dir) -> None:
    wrong = {"file": "registry/communes/phong-tho.yaml", "replace": ["plan: mini-2024\n", "plan: mini-2025\n"]}
    assert _errors(kb_dir(LINEAGE, wrong)) == [
        "kb/registry/communes/phong-tho.yaml:14:19: error[KB-REF-UNKNOWN] kế hoạch của huyện 'phong-tho' 'mini-2025' "
        "không có trong sổ đăng ký (có phải ý bạn là 'mini-2024'?)"]
