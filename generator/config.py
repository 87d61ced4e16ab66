"""Site settings that pages and downloads need: site name, data licence and contact (from mkdocs.yml `extra`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml  # mkdocs' own dependency; the config is plain YAML

from generator.errors import Issue, KbError, Location


@dataclass(frozen=True)
class SiteConfig:
    """What the publisher sets once for the whole site; shown in the footer and in the Data Package."""

    site_name: str
    license_id: str
    license_title: str
    license_url: str
    contact_name: str
    contact_email: str
    site_url: str = ""  # mkdocs.yml `site_url` when the deployment sets it (feeds then use absolute links)


def load_site_config(root: Path) -> SiteConfig:
    """Read `mkdocs.yml`: `site_name`, `extra.data_license` {id, title, url} and `extra.contact` {name, email}."""
    config = _read(root / "mkdocs.yml")
    extra = config.get("extra") or {}
    license_ = extra.get("data_license") or {}
    contact = extra.get("contact") or {}
    missing = [name for name, value in (("extra.data_license.id", license_.get("id")),
                                        ("extra.data_license.title", license_.get("title")),
                                        ("extra.data_license.url", license_.get("url")),
                                        ("extra.contact.name", contact.get("name")),
                                        ("extra.contact.email", contact.get("email"))) if not value]
    if missing:
        raise KbError([Issue("SITE-CONFIG", f"thiếu cấu hình {', '.join(missing)} trong mkdocs.yml", Location("mkdocs.yml", 1, 1),
                             hint="khai báo giấy phép dữ liệu và địa chỉ liên hệ trong mục extra của mkdocs.yml")])
    return SiteConfig(str(config.get("site_name", "")), str(license_["id"]), str(license_["title"]), str(license_["url"]),
                      str(contact["name"]), str(contact["email"]), str(config.get("site_url") or ""))


def _read(path: Path) -> dict[str, Any]:
    """The mkdocs.yml mapping, or a located SITE-CONFIG error (missing file, bad YAML, not a mapping)."""
    try:
        config = pyyaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raise KbError([Issue("SITE-CONFIG", "không tìm thấy mkdocs.yml", Location("mkdocs.yml", 1, 1),
                             hint="chạy lệnh từ thư mục gốc của dự án, nơi có mkdocs.yml")]) from None
    except pyyaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = Location("mkdocs.yml", mark.line + 1, mark.column + 1) if mark else Location("mkdocs.yml", 1, 1)
        raise KbError([Issue("SITE-CONFIG", "mkdocs.yml không phải YAML hợp lệ", where,
                             hint="kiểm tra thụt lề và dấu ':' ở dòng này")]) from None
    if not isinstance(config, dict) or not isinstance(config.get("extra") or {}, dict):
        raise KbError([Issue("SITE-CONFIG", "mkdocs.yml phải là một bảng khóa: giá trị có mục extra", Location("mkdocs.yml", 1, 1),
                             hint="xem mkdocs.yml của dự án mẫu")])
    return config
