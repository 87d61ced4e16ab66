"""Install plain git hooks for people without CI: check KB files before a commit, rebuild after it."""

from __future__ import annotations

import shlex
import stat
import sys
from pathlib import Path

PRE_COMMIT = """#!/bin/sh
# Installed by `python -m generator install-hooks`: validate the KB and check formatting of staged KB files.
cd "$(git rev-parse --show-toplevel)" || exit 1
files=$(git diff --cached --name-only --diff-filter=ACMR -- 'kb/*.yaml' | grep -v '^kb/schema/')
[ -z "$files" ] && exit 0
{python} -m generator validate || {{ echo "Cơ sở dữ liệu có lỗi: sửa rồi commit lại." >&2; exit 1; }}
{python} -m generator fmt --check $files || {{ echo "Chạy: python -m generator fmt" >&2; exit 1; }}
"""

POST_COMMIT = """#!/bin/sh
# Installed by `python -m generator install-hooks`: rebuild the site after each commit (atomic; log in build/).
cd "$(git rev-parse --show-toplevel)" || exit 0
mkdir -p build
{python} -m generator build > build/post-commit.log 2>&1 || echo "Dựng trang lỗi, xem build/post-commit.log" >&2
"""


def install_hooks(repo: Path, python: str = sys.executable) -> list[Path]:
    """Write .git/hooks/pre-commit and post-commit; return their paths."""
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(parents=True, exist_ok=True)
    written = []
    for name, template in (("pre-commit", PRE_COMMIT), ("post-commit", POST_COMMIT)):
        path = hooks / name
        path.write_text(template.format(python=shlex.quote(python)), encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(path)
    return written
