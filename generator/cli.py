"""Command-line entry point: the one boundary where user errors become messages and exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.errors import Issue, KbError

log = logging.getLogger("generator")


def _print_issues(issues: Sequence[Issue], stream=sys.stderr) -> None:
    for issue in issues:
        print(issue, file=stream)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the KB; print errors and findings; exit 1 on errors."""
    from generator.load import load_kb
    from generator.validate import validate_kb

    started = time.perf_counter()
    documents, load_issues = load_kb(args.kb)
    kb = validate_kb(documents, load_issues)
    _print_issues(kb.findings, sys.stdout)
    items = sum(len(list(b.items())) for b in kb.plans.values())
    print(f"Hợp lệ: {len(documents)} tệp, {len(kb.plans)} kế hoạch, {items} mục, "
          f"{len(kb.findings)} phát hiện ({time.perf_counter() - started:.2f} s)")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas and the schema reference page."""
    from generator.jsonschema import write_schemas

    for path in write_schemas(args.kb / "schema", args.docs):
        print(path)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into build/site (atomic)."""
    from generator.build import build_site, source_date_epoch
    from generator.publish import Settings

    root = Path.cwd()
    started = time.perf_counter()
    out = build_site(Settings(root=root, kb_dir=args.kb, out_dir=args.out, source_date_epoch=source_date_epoch(root)))
    pages = sum(1 for _ in out.rglob("index.html"))
    print(f"Đã dựng {pages} trang vào {out} ({time.perf_counter() - started:.1f} s)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve build/site on localhost, rebuild when a KB or template file changes."""
    from generator.serve import serve

    return serve(Path.cwd(), args.kb, args.out, args.port)


def cmd_diff(args: argparse.Namespace) -> int:
    """Semantic diff of the KB between two revisions (or a revision and the working tree)."""
    from generator.diff import diff_kbs
    from generator.diff_report import to_json, to_markdown, to_terminal
    from generator.gitkb import load_kb_at

    root = Path.cwd()
    kb_rel = str(args.kb)
    old = load_kb_at(root, args.rev1, kb_rel=kb_rel)
    new = load_kb_at(root, args.rev2, kb_rel=kb_rel)
    diff = diff_kbs(old, new)
    labels = (args.rev1, args.rev2 or "thư mục làm việc")
    if args.format == "markdown":
        sys.stdout.write(to_markdown(diff, *labels))
    elif args.format == "json":
        sys.stdout.write(to_json(diff, *labels))
    else:
        sys.stdout.write(to_terminal(diff, *labels, colour=sys.stdout.isatty()))
    return 1 if (args.exit_code and diff.changes) else 0


def cmd_fmt(args: argparse.Namespace) -> int:
    """Format KB files canonically; with --check, list files that would change and exit 1."""
    from generator.fmt import format_kb

    changed = format_kb(args.kb, check=args.check, only=[Path(f) for f in args.files] or None)
    for path in changed:
        print(f"{path}: {'cần định dạng lại' if args.check else 'đã định dạng lại'}")
    return 1 if (args.check and changed) else 0


def cmd_install_hooks(args: argparse.Namespace) -> int:
    """Install the pre-commit check and post-commit rebuild into .git/hooks."""
    from generator.hooks import install_hooks

    for path in install_hooks(Path.cwd()):
        print(f"Đã cài {path}")
    return 0


def cmd_add_district(args: argparse.Namespace) -> int:
    """Add a district's communes (official codes and 2025 successors) from vietnamadminunits."""
    from generator.admin_units import add_district

    try:
        written = add_district(args.kb, args.district, args.province)
    except LookupError as error:
        print(f"error[KB-REF-UNKNOWN] không tìm thấy huyện '{args.district}', tỉnh '{args.province}' "
              f"trong bộ dữ liệu ({error})", file=sys.stderr)
        return 1
    for path in written:
        print(f"Đã ghi {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Draft a plan folder from a .docx or exported text plan; print the counts and proposals."""
    from generator.importer import Options, SourceError, draft_plan
    from generator.importer.reconcile import reconciliation_text
    from generator.importer.write import REPORT_NAME, write_draft
    from generator.load import load_kb
    from generator.validate import validate_kb

    period = tuple(int(y) for y in args.period.split("-")) if args.period else None
    options = Options(args.plan, args.district, args.issuer, args.kind, period)  # type: ignore[arg-type]
    try:
        imported = draft_plan(args.file, args.kb, options)
    except SourceError as error:
        print(f"{args.file}: error[IMPORT-SOURCE] {error}", file=sys.stderr)
        return 1
    folder = args.kb / "plans" / args.plan
    if args.reconcile:
        target = args.docs / "reconciliation" / f"{args.plan}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        kb = validate_kb(*load_kb(args.kb))
        target.write_text(reconciliation_text(imported, kb.plans.get(args.plan)), encoding="utf-8")
        print(f"Đã ghi {target}")
        return 0
    if folder.exists() and not args.force:
        print(f"{folder}: error[IMPORT-EXISTS] thư mục kế hoạch '{args.plan}' đã có "
              "(thêm --force để ghi đè bản thảo, hoặc chọn --plan khác)", file=sys.stderr)
        return 1
    write_draft(folder, imported.files, imported.report)
    validate_kb(*load_kb(args.kb))
    print(imported.report.split("## Đề xuất")[0].strip())
    print(f"Đã ghi bản thảo vào {folder}; xem {folder / REPORT_NAME} ({len(imported.proposals)} đề xuất bổ sung "
          f"sổ đăng ký, {len(imported.draft.held)} mục chưa đưa vào).")
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "validate": (cmd_validate, "Kiểm tra cơ sở dữ liệu kế hoạch (kb/)"),
    "schema": (cmd_schema, "Sinh JSON Schema và tài liệu tham chiếu"),
    "build": (cmd_build, "Dựng trang web vào build/site"),
    "serve": (cmd_serve, "Xem trước trang web, tự dựng lại khi sửa kb/"),
    "diff": (cmd_diff, "So sánh nội dung cơ sở dữ liệu giữa hai phiên bản git"),
    "fmt": (cmd_fmt, "Định dạng chuẩn các tệp YAML của cơ sở dữ liệu"),
    "add-district": (cmd_add_district, "Thêm huyện và các xã (mã, đơn vị sau 1/7/2025) từ vietnamadminunits"),
    "import": (cmd_import, "Nhập bản thảo kế hoạch từ tệp Word (.docx) hoặc văn bản xuất từ Word"),
    "install-hooks": (cmd_install_hooks, "Cài git hook: kiểm tra trước khi commit, dựng lại sau khi commit"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Plan-site generator")
    parser.add_argument("--kb", type=Path, default=Path("kb"), help="knowledge-base folder (default: kb)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--docs", type=Path, default=Path("docs"), help=argparse.SUPPRESS)
        command.add_argument("--out", type=Path, default=Path("build/site"), help="output folder (build, serve)")
        command.add_argument("--port", type=int, default=8000, help="port for serve")
        if name == "diff":
            command.add_argument("rev1", help="old revision (commit, branch, tag)")
            command.add_argument("rev2", nargs="?", default=None, help="new revision (default: working tree)")
            command.add_argument("--format", choices=["terminal", "markdown", "json"], default="terminal")
            command.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes")
        if name == "add-district":
            command.add_argument("district", help="district name without prefix, e.g. 'Văn Quan'")
            command.add_argument("province", help="province name without prefix, e.g. 'Lạng Sơn'")
        if name == "import":
            command.add_argument("file", type=Path, help="the plan document: .docx, or .txt/.md exported from Word")
            command.add_argument("--plan", required=True, help="id of the new plan, e.g. phong-tho-2026")
            command.add_argument("--district", required=True, help="district id from the registry, e.g. phong-tho")
            command.add_argument("--issuer", help="issuing body when the document does not print it")
            command.add_argument("--kind", choices=["multi_year", "annual", "annual_with_progress_report"])
            command.add_argument("--period", help="plan period, e.g. 2023-2025 (default: read from the document)")
            command.add_argument("--force", action="store_true", help="replace an existing draft folder")
            command.add_argument("--reconcile", action="store_true",
                                 help="write docs/reconciliation/PLAN.md (source counts against the KB) instead")
        if name == "fmt":
            command.add_argument("--check", action="store_true", help="only report files that would change")
            command.add_argument("files", nargs="*", help="only these files (default: all of kb/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors print located issues and return 1, never a traceback."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = build_parser().parse_args(argv)
    if args.command in ("validate", "build", "serve", "fmt", "add-district", "import") and not args.kb.is_dir():
        print(f"{args.kb}: error[KB-PLAN-MISSING-FILE] không tìm thấy thư mục cơ sở dữ liệu '{args.kb}' "
              "(chạy lệnh từ thư mục gốc của dự án hoặc chỉ rõ --kb)", file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.command][0](args)
    except KbError as error:
        _print_issues(error.issues)
        print(f"{len(error.issues)} lỗi.", file=sys.stderr)
        return 1
