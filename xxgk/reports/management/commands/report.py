"""`xxgk report build|check`: build an agency's report from records, or check a published report."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xxgk.agencies.selectors import agency_get_by_credit_code
from xxgk.platform.errors import DomainError
from xxgk.reports.checker import check_document
from xxgk.reports.checker.extract import UnreadableReport
from xxgk.reports.render import render_docx, render_html, render_pdf, render_xlsx
from xxgk.reports.selectors import build_report

FORMATS = ("json", "html", "docx", "pdf", "xlsx")


class Command(BaseCommand):
    help = "Build a report from records (xxgk report build …) or check a published one (xxgk report check FILE)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Build an agency's annual report from the platform's records.")
        build.add_argument("--agency", required=True, help="The agency's 统一社会信用代码")
        build.add_argument("--year", type=int, required=True)
        build.add_argument("--format", choices=FORMATS, default="json")
        build.add_argument("--output", default=None, help="File to write (required except for json)")
        build.add_argument("--subtree", action="store_true", help="Combined report of the agency and all under it")
        check = sub.add_parser("check", help="Check a published report (text, HTML or DOCX).")
        check.add_argument("file")
        check.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **opts):
        if opts["action"] == "build":
            return self._build(opts)
        return self._check(opts)

    def _build(self, opts):
        try:
            agency = agency_get_by_credit_code(opts["agency"])
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        report = build_report(agency, opts["year"], subtree=opts["subtree"])
        kind, output = opts["format"], opts["output"]
        if kind == "json":
            text = json.dumps(report.as_dict(), ensure_ascii=False, indent=1)
            if output:
                Path(output).write_text(text, "utf-8")
            else:
                self.stdout.write(text)
            return
        if not output:
            raise CommandError(f"--format {kind} 需要用 --output 指定输出文件。", returncode=2)
        parts = {"title": report.title, "fmt": report.format, "tables": report.tables, "narrative": report.narrative}
        if kind == "html":
            Path(output).write_text(render_html(**parts), "utf-8")
        elif kind == "pdf":
            Path(output).write_bytes(render_pdf(render_html(**parts)))
        elif kind == "docx":
            Path(output).write_bytes(render_docx(**parts))
        else:
            Path(output).write_bytes(render_xlsx(**parts))
        errors = sum(1 for f in report.findings if f.severity == "error")
        self.stdout.write(f"已生成 {output}（{report.title}，错误{errors}项）")

    def _check(self, opts):
        path = Path(opts["file"])
        try:
            result = check_document(path.name, path.read_bytes())
        except (OSError, UnreadableReport) as exc:
            message = f"无法读取文件：{path}" if isinstance(exc, OSError) else str(exc)
            if opts["json"]:
                self.stdout.write(json.dumps({"year": None, "format": None, "tables": {}, "findings": [
                    {"rule": "unreadable", "severity": "error", "message": message}]}, ensure_ascii=False))
            raise CommandError(message, returncode=2) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(f"年度：{result.year or '未识别'}  格式：{result.format}")
            for f in result.findings:
                self.stdout.write(f"[{'错误' if f.severity == 'error' else '提醒'}] {f.rule}: {f.message}")
            if not result.findings:
                self.stdout.write("未发现问题。")
        if result.has_errors:
            sys.exit(1)
