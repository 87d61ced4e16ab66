"""The built site: pages per kind, Vietnamese numbers, escaping, downloads, determinism, atomic publish."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.errors import KbError
from tests.conftest import FIXTURES, ROOT, SOURCE_DATE_EPOCH, build_into, load_fixture


def _unzipped(site: Path, name: str) -> str:
    """A file of the whole-KB archive tai-ve/du-lieu.zip, as text."""
    with zipfile.ZipFile(site / "tai-ve/du-lieu.zip") as archive:
        return archive.read(name).decode("utf-8")


def _digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_mini_site_has_every_page_kind(mini_site: Path) -> None:
    expected = ["index.html", "ke-hoach/mini-2024/index.html", "xa/phong-tho/dao-san/index.html",
                "co-quan/phong-tho/phong-tu-phap/index.html", "chuong-trinh/gnbv-da5/index.html",
                "huyen/phong-tho/index.html", "tinh/lai-chau/index.html", "don-vi-moi/lai-chau-xa-dao-san/index.html",
                "chi-tieu/index.html", "nguon-von/index.html", "tim-kiem/index.html", "du-lieu/index.html"]
    for rel in expected:
        assert (mini_site / rel).is_file(), rel
    assert (mini_site / "pagefind" / "ca-nuoc" / "pagefind.js").is_file()


def test_numbers_are_written_the_vietnamese_way(mini_site: Path) -> None:
    html = (mini_site / "ke-hoach/mini-2024/index.html").read_text(encoding="utf-8")
    assert "10.500 triệu đồng" in html
    assert ">6.000<" in html and ">38,50<" in html
    assert 'lang="vi"' in html


def test_commune_page_names_its_lead_and_successor(mini_site: Path) -> None:
    html = (mini_site / "xa/phong-tho/dao-san/index.html").read_text(encoding="utf-8")
    assert "Phụ trách</span> <a href=\"../../../co-quan/phong-tho/phong-tu-phap/\">Phòng Tư pháp</a>" in html
    assert "Đồng phụ trách" in html and "Ngân hàng chính sách xã hội" in html
    assert "03571" in html and "Xã Dào San" in html
    unit = (mini_site / "don-vi-moi/lai-chau-xa-dao-san/index.html").read_text(encoding="utf-8")
    assert "Tung Qua Lìn" in unit and "Dào San" in unit


def test_no_external_resources_referenced(mini_site: Path) -> None:
    for page in mini_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        for marker in ('src="http', "src='http", 'href="http://', "@import url(http"):
            assert marker not in text, (page, marker)


def test_builds_are_byte_identical(tmp_path: Path, mini_site: Path) -> None:
    again = build_into(FIXTURES / "mini" / "kb", tmp_path / "again")
    assert _digest(again) == _digest(mini_site)
    assert (again / "tai-ve/du-lieu.zip").read_bytes() == (mini_site / "tai-ve/du-lieu.zip").read_bytes()


def test_a_kb_builds_the_same_bytes_wherever_its_folder_is(tmp_path: Path) -> None:
    """Findings carry their file location into the downloads: it must not be the checkout's absolute path."""
    sites = []
    for place in ("one/deep/er", "two"):
        kb = tmp_path / place / "kb"
        shutil.copytree(FIXTURES / "mini" / "kb", kb)
        sites.append(build_into(kb, tmp_path / place / "site"))
    assert _digest(sites[0]) == _digest(sites[1])
    assert '"location": "kb/plans/mini-2024/funds.yaml:3:5"' in _unzipped(sites[0], "kb.json")


def _impostor_fonts(folder: Path) -> None:
    """Fonts a machine may have under the names chart text could fall back to (Arial, Noto Sans), with other metrics."""
    from fontTools.ttLib import TTFont

    from generator.chart_font import FONT_FILE

    for family in ("Arial", "Noto Sans"):
        font = TTFont(FONT_FILE)
        for glyph in font["hmtx"].metrics:
            advance, lsb = font["hmtx"].metrics[glyph]
            font["hmtx"].metrics[glyph] = (advance + 150, lsb)  # wider than the shipped font
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                font["name"].setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        font.save(folder / f"{family.replace(' ', '')}.ttf")


@pytest.mark.parametrize("fonts", ["none", "impostors"])
def test_the_fonts_of_the_machine_change_no_byte(tmp_path: Path, mini_site: Path, fonts: str) -> None:
    """Issue 8: charts are laid out with the shipped font only, so a machine with no fonts, or other fonts, builds the same site."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    if fonts == "impostors":
        _impostor_fonts(folder)
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
                      f'<dir>{folder}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>')
    env = dict(os.environ, FONTCONFIG_FILE=str(config))
    if shutil.which("fc-list"):  # the environment really has only these fonts (this machine has DejaVu otherwise)
        listed = subprocess.run(["fc-list", ":", "family"], env=env, capture_output=True, text=True).stdout.split()
        assert sorted(listed) == ([] if fonts == "none" else ["Arial", "Noto", "Sans"])
    out = tmp_path / "site"
    code = f"from pathlib import Path; from tests.conftest import MINI_KB, build_into; build_into(MINI_KB, Path({str(out)!r}))"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True)
    assert _digest(out) == _digest(mini_site)
    assert (out / "assets" / "fonts" / "noto-sans-subset-vi.woff2").is_file()


def test_failed_build_keeps_previous_site(tmp_path: Path, kb_dir) -> None:
    out = build_into(kb_dir(), tmp_path / "site")
    before = _digest(out)
    broken = kb_dir(load_fixture(FIXTURES / "invalid" / "KB-REF-UNKNOWN.yaml"))
    with pytest.raises(KbError):
        build_into(broken, out)
    assert _digest(out) == before
    # A failure inside mkdocs (after validation) must not touch the published site either.
    root = tmp_path / "root"
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    shutil.copytree(ROOT / "generator", root / "generator")
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text().replace("name: material", "name: no-such-theme"))
    with pytest.raises(KbError) as error:
        build_into(kb_dir(), out, root=root)
    assert error.value.issues[0].code == "SITE-BUILD"
    assert _digest(out) == before
    assert not list(out.parent.glob(".staging-*"))


def test_hostile_text_is_rendered_literally(tmp_path: Path, kb_dir) -> None:
    site = build_into(kb_dir(*load_fixture(FIXTURES / "hostile" / "mutations.yaml")), tmp_path / "site")
    plan = (site / "ke-hoach/mini-2024/index.html").read_text(encoding="utf-8")
    agency = (site / "co-quan/phong-tho/phong-tu-phap/index.html").read_text(encoding="utf-8")
    for html in (plan, agency):
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Tư</b>" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plan and "{{ 7*7 }}" in plan
    assert "| pipe |" in plan and "[x](javascript:alert(1))" in plan
    assert "&lt;img src=x onerror=alert(2)&gt; **đậm**" in plan
    assert "Phòng &lt;b&gt;Tư&lt;/b&gt; pháp # [z](javascript:alert(4))" in agency
    compare = (site / "so-sanh/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in compare and "<b>Tỷ lệ</b>" not in compare and 'href="javascript:' not in compare
    assert "&lt;script&gt;alert(5)&lt;/script&gt; {{ 7*7 }} | x |" in compare
    assert "&lt;b&gt;Tỷ lệ&lt;/b&gt; {{ 7*7 }} [i](javascript:alert(7))" in compare


def test_downloads_parse(mini_site: Path) -> None:
    raw = (mini_site / "tai-ve/nguon-von.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    total = next(r for r in rows if r["noi_dung"] == "Tổng kinh phí năm 2024")
    assert (total["so_tien"], total["so_tien_in"], total["loai_dong"], total["la_tong_kinh_phi"]) == ("10500", "10.500", "tong", "true")
    data = json.loads(_unzipped(mini_site, "chi-tieu.json"))
    assert (data["rows"][0]["gia_tri"], data["rows"][0]["gia_tri_in"]) == (38.5, "38,50")
    kb = json.loads(_unzipped(mini_site, "kb.json"))
    assert kb["plans"]["mini-2024"]["fund_lines"][0]["amount"] == "10.500"
    assert kb["findings"][0]["code"] == "KB-SUM-MISMATCH"


def test_datapackage_validates_with_frictionless(mini_site: Path) -> None:
    from frictionless import Package

    report = Package(str(mini_site / "tai-ve/datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_source_date_epoch_sets_last_updated(mini_site: Path) -> None:
    html = (mini_site / "index.html").read_text(encoding="utf-8")
    assert "Cập nhật lần cuối: 15/11/2023" in html  # 22:13 on 14/11 UTC is 05:13 on 15/11 in Vietnam
    assert SOURCE_DATE_EPOCH == 1_700_000_000


def test_not_found_page_is_vietnamese(mini_site: Path) -> None:
    html = (mini_site / "404.html").read_text(encoding="utf-8")
    assert "Không tìm thấy trang (404)" in html and "Not found" not in html
    assert 'href="/">trang chủ' in html and 'href="/tim-kiem/"' in html
