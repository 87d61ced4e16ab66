"""Site settings that pages and downloads need: site name, data licence and contact (from mkdocs.yml `extra`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    path = root / "mkdocs.yml"
    config = pyyaml.safe_load(path.read_text(encoding="utf-8")) or {}
    extra = config.get("extra") or {}
    license_ = extra.get("data_license") or {}
    contact = extra.get("contact") or {}
    missing = [name for name, value in (("extra.data_license.id", license_.get("id")),
                                        ("extra.data_license.title", license_.get("title")),
                                        ("extra.data_license.url", license_.get("url")),
                                        ("extra.contact.name", contact.get("name")),
                                        ("extra.contact.email", contact.get("email"))) if not value]
    if missing:
        raise KbError([Issue("SITE-CONFIG", f"thiếu cấu hình {', '.join(missing)} trong mkdocs.yml", Location("mkdocs.yml"),
                             hint="khai báo giấy phép dữ liệu và địa chỉ liên hệ trong mục extra của mkdocs.yml")])
    return SiteConfig(str(config.get("site_name", "")), str(license_["id"]), str(license_["title"]), str(license_["url"]),
                      str(contact["name"]), str(contact["email"]), str(config.get("site_url") or ""))
