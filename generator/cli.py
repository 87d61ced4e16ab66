"""Command-line entry point: the one boundary where user errors become messages and exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import NoReturn
from pathlib import Path
from typing import TextIO

from generator.errors import Issue, KbError

log = logging.getLogger("generator")


def _print_issues(issues: Sequence[Issue], stream: TextIO | None = None) -> None:
    for issue in issues:
        print(issue, file=stream or sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the KB; print errors and findings; exit 1 on errors."""
    from generator.load import gc_paused

    with gc_paused():  # the whole command: its millions of objects hold no cycles, and it ends with them
        return _validate(args)


def _validate(args: argparse.Namespace) -> int:
    """Load and validate the KB, keep its plans' totals for `diff`, print the findings and drafts."""
    from generator.drafts import draft_files
    from generator.doccache import DocumentCache, default_cache_dir
    from generator.gitkb import store_plan_totals
    from generator.load import load_kb
    from generator.sources import load_sources
    from generator.validate import validate_kb

    started = time.perf_counter()
    cache_dir = default_cache_dir(Path.cwd())
    documents, load_issues = load_kb(args.kb, cache=DocumentCache(cache_dir))
    sources, source_issues = load_sources(args.kb)
    kb = validate_kb(documents, load_issues + source_issues, sources=sources)
    store_plan_totals(kb, documents, cache_dir, args.kb)  # a later `diff` reads the plans it did not change from here
    _print_issues(kb.findings, sys.stdout)
    items = sum(len(list(b.items())) for b in kb.plans.values())
    drafts = draft_files(kb)
    for file in drafts:
        print(f"{file.path}: {file.unreviewed}/{file.total} mục chưa kiểm tra (unreviewed: true)")
    print(f"Hợp lệ: {len(documents)} tệp, {len(kb.plans)} kế hoạch, {items} mục, "
          f"{len(kb.findings)} phát hiện ({time.perf_counter() - started:.2f} s)")
    if drafts:
        print(f"Bản nháp: {sum(f.unreviewed for f in drafts)} mục chưa kiểm tra trong {len(drafts)} tệp. "
              "Đối chiếu từng mục với văn bản nguồn rồi xóa dòng 'unreviewed: true'; 'build' không đăng các mục "
              "này (dựng thử có đánh dấu bản nháp: build --allow-draft).")
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
    from generator.doccache import default_cache_dir
    from generator.publish import Settings

    root = Path.cwd()
    started = time.perf_counter()
    out = build_site(Settings(root=root, kb_dir=args.kb, out_dir=args.out, source_date_epoch=source_date_epoch(root),
                              allow_draft=args.allow_draft, cache_dir=default_cache_dir(root)))
    pages = sum(1 for _ in out.rglob("index.html"))
    print(f"Đã dựng {pages} trang vào {out} ({time.perf_counter() - started:.1f} s)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Build, serve build/site on localhost, rebuild when a KB or template file changes."""
    from generator.serve import serve

    return serve(Path.cwd(), args.kb, args.out, args.port, allow_draft=args.allow_draft)


def cmd_diff(args: argparse.Namespace) -> int:
    """Semantic diff of the KB between two revisions (or a revision and the working tree)."""
    from generator.load import gc_paused

    with gc_paused():  # as for validate
        return _diff(args)


def _diff(args: argparse.Namespace) -> int:
    """Load the parts of two revisions that differ and print their diff."""
    from generator.diff import diff_kbs
    from generator.diff_report import to_json, to_markdown, to_terminal
    from generator.doccache import DocumentCache, default_cache_dir
    from generator.doccache import BlobStore
    from generator.gitkb import KbCache, load_scoped_pair

    root = Path.cwd()
    folder = default_cache_dir(root)
    cache = KbCache(documents=DocumentCache(folder), blobs=BlobStore(folder))
    pair = load_scoped_pair(root, args.rev1, args.rev2, kb_rel=Path(args.kb).as_posix(), cache=cache)
    cache.blobs.flush()
    diff = diff_kbs(pair.old, pair.new, (pair.totals_before, pair.totals_after))
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
        added = add_district(args.kb, args.district, args.province)
    except LookupError as error:
        print(f"add-district: error[KB-REF-UNKNOWN] {error}", file=sys.stderr)
        return 1
    for path in added.written:
        print(f"Đã ghi {path}")
    for note in added.notes:
        print(f"Lưu ý: {note}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Draft a plan folder from a .docx or exported text plan; print the counts and proposals."""
    from generator.importer import Options, SourceError, draft_plan
    from generator.importer.reconcile import reconciliation_text
    from generator.importer.write import REPORT_NAME, write_draft
    from generator.load import load_kb
    from generator.sources import copy_into_kb, load_sources
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
    source, clash = copy_into_kb(args.file, args.kb)
    if clash:
        print(f"{source}: error[IMPORT-EXISTS] kb/sources/ đã có một tệp khác cùng tên '{args.file.name}' "
              "(đổi tên tệp cần nhập rồi chạy lại)", file=sys.stderr)
        return 1
    write_draft(folder, imported.files, imported.report)
    validate_kb(*load_kb(args.kb), sources=load_sources(args.kb)[0])
    print(imported.report.split("## Đề xuất")[0].strip())
    print(f"Đã ghi bản thảo vào {folder}; xem {folder / REPORT_NAME} ({len(imported.proposals)} đề xuất bổ sung "
          f"sổ đăng ký, {len(imported.draft.held)} mục chưa đưa vào).")
    return 0


def cmd_new_plan(args: argparse.Namespace) -> int:
    """Scaffold a new plan folder with modelines and commented examples (never overwrites)."""
    from generator.scaffold import new_plan

    for path in new_plan(args.kb, args.plan_id, district=args.district, kind=args.kind, period=args.period):
        print(f"Đã tạo {path}")
    print("Tiếp theo: chép thông tin của văn bản vào plan.yaml, thêm các mục, rồi chạy: python -m generator validate")
    return 0


def cmd_add_agency(args: argparse.Namespace) -> int:
    """Add an agency to a district's registry (refuses a taken id, name or alias)."""
    from generator.registry import add_agency

    options = {"id": args.id, "kind": args.kind, "short_name": args.short_name, "force": args.force}
    path = add_agency(args.kb, args.district, args.name, aliases=args.alias, options=options)
    print(f"Đã thêm cơ quan '{args.name}' vào {path}")
    return 0


def cmd_add_program(args: argparse.Namespace) -> int:
    """Add a program, project, sub-project or provincial Đề án to the program registry."""
    from generator.registry import add_program

    options = {"kind": args.kind, "parent": args.parent, "legal_basis": args.legal_basis, "period": args.period,
               "force": args.force}
    path = add_program(args.kb, args.program_id, args.name, short_name=args.short_name, options=options)
    print(f"Đã thêm chương trình '{args.program_id}' vào {path}")
    return 0


def cmd_add_fund_source(args: argparse.Namespace) -> int:
    """Add a fund source to the closed list."""
    from generator.registry import add_fund_source

    path = add_fund_source(args.kb, args.source_id, args.name, group=args.group, description=args.description)
    print(f"Đã thêm nguồn vốn '{args.source_id}' vào {path}")
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    """Write docs/reconciliation/<plan>.md with the KB's counts; the author fills the source column."""
    from generator.load import load_kb
    from generator.reconcile import write_reconciliation
    from generator.validate import validate_kb

    path = write_reconciliation(validate_kb(*load_kb(args.kb)), args.plan_id, args.docs)
    print(f"Đã tạo {path}: điền cột source (số mục đếm trong văn bản nguồn) và phần Method")
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
    "new-plan": (cmd_new_plan, "Tạo thư mục cho một kế hoạch mới (có ví dụ và chú thích)"),
    "add-agency": (cmd_add_agency, "Thêm một cơ quan vào sổ đăng ký của huyện"),
    "add-program": (cmd_add_program, "Thêm chương trình, dự án, tiểu dự án hoặc đề án vào sổ đăng ký"),
    "add-fund-source": (cmd_add_fund_source, "Thêm một nguồn vốn vào danh sách nguồn vốn"),
    "reconcile": (cmd_reconcile, "Tạo tệp đối chiếu số mục (docs/reconciliation/) cho một kế hoạch"),
}
KB_COMMANDS = ("validate", "build", "serve", "fmt", "add-district", "import", "new-plan", "add-agency", "add-program",
               "add-fund-source", "reconcile")


def _author_arguments(name: str, command: argparse.ArgumentParser) -> None:
    """Arguments of the commands plan authors use to add plans and registry entries."""
    if name == "new-plan":
        command.add_argument("plan_id", metavar="ID", help="mã kế hoạch, ví dụ phong-tho-2026")
        command.add_argument("--district", required=True, help="mã huyện trong kb/registry/districts.yaml")
        command.add_argument("--kind", required=True, help="multi_year, annual hoặc annual_with_progress_report")
        command.add_argument("--period", required=True, help="một năm (2026) hoặc giai đoạn (2026-2030)")
    if name == "add-agency":
        command.add_argument("district", help="mã huyện, ví dụ phong-tho")
        command.add_argument("name", help="tên đầy đủ của cơ quan, ví dụ 'Phòng Tư pháp'")
        command.add_argument("--alias", action="append", default=[], help="cách viết khác gặp trong kế hoạch (lặp lại được)")
        command.add_argument("--short-name", default=None, help="tên viết tắt, ví dụ 'Phòng LĐ-TB&XH'")
    if name in ("add-agency", "add-program"):
        command.add_argument("--kind", default=None, help="loại (mặc định: đoán từ tên cơ quan; đề án cho chương trình)")
        command.add_argument("--force", action="store_true", help="vẫn thêm khi tên gần giống một mục đã có")
    if name == "add-agency":
        command.add_argument("--id", default=None, help="mã (mặc định: tên viết không dấu)")
    if name == "add-program":
        command.add_argument("program_id", metavar="ID", help="mã chương trình, ví dụ de-an-du-lich-phong-tho")
        command.add_argument("--name", required=True, help="tên đầy đủ")
        command.add_argument("--short-name", required=True, help="tên ngắn, ví dụ 'Đề án du lịch'")
        command.add_argument("--parent", default=None, help="mã chương trình/dự án cha (để thêm dự án, tiểu dự án)")
        command.add_argument("--legal-basis", default=None, help="văn bản phê duyệt, ví dụ '90/QĐ-TTg ngày 18/01/2022'")
        command.add_argument("--period", default=None, help="giai đoạn, ví dụ 2021-2025")
    if name == "add-fund-source":
        command.add_argument("source_id", metavar="ID", help="mã nguồn vốn, ví dụ nsdp-tinh")
        command.add_argument("--name", required=True, help="tên hiển thị trên trang")
        command.add_argument("--group", required=True, help="nhóm: nstw, nsdp, ngan-sach, tin-dung, long-ghep, huy-dong, tong")
        command.add_argument("--description", default="", help="khi nào dùng nguồn này")
    if name == "reconcile":
        command.add_argument("plan_id", metavar="ID", help="mã kế hoạch")


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in Vietnamese, with the help command as the fix hint."""

    _MESSAGES = {"the following arguments are required: ": "thiếu tham số bắt buộc: ",
                 "unrecognized arguments: ": "tham số không nhận ra: ", "invalid choice: ": "lựa chọn không hợp lệ: ",
                 "expected one argument": "thiếu giá trị sau tham số", "argument ": "tham số "}

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in self._MESSAGES.items():
            message = message.replace(english, vietnamese)
        message = message.replace("(choose from ", "(chọn một trong: ").replace("invalid int value", "không phải số nguyên")
        self.exit(2, f"{self.prog}: error[CMD-ARGUMENT] {message} (xem: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="Plan-site generator")
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
        if name in ("build", "serve"):
            command.add_argument("--allow-draft", action="store_true",
                                 help="đăng cả các mục chưa kiểm tra (unreviewed), có đánh dấu bản nháp")
        _author_arguments(name, command)
        if name == "fmt":
            command.add_argument("--check", action="store_true", help="only report files that would change")
            command.add_argument("files", nargs="*", help="only these files (default: all of kb/)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors print located issues and return 1, never a traceback."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = build_parser().parse_args(argv)
    if args.command in KB_COMMANDS and not args.kb.is_dir():
        print(f"{args.kb}: error[KB-PLAN-MISSING-FILE] không tìm thấy thư mục cơ sở dữ liệu '{args.kb}' "
              "(chạy lệnh từ thư mục gốc của dự án hoặc chỉ rõ --kb)", file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.command][0](args)
    except KbError as error:
        _print_issues(error.issues)
        print(f"{len(error.issues)} lỗi.", file=sys.stderr)
        return 1
