"""`xxgk import cases`: import a ledger (XLSX or CSV) into an agency, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xxgk.agencies.selectors import agency_get_by_credit_code
from xxgk.cases.services.ledger import ledger_import
from xxgk.platform.errors import DomainError


class Command(BaseCommand):
    help = "Import a ledger: xxgk import cases FILE.xlsx|FILE.csv --agency CREDIT_CODE (all rows or none)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        cases = sub.add_parser("cases", help="依申请公开台账")
        cases.add_argument("file", help="FILE.xlsx or FILE.csv")
        cases.add_argument("--agency", required=True, help="The agency's 统一社会信用代码")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=2)
        try:
            agency = agency_get_by_credit_code(opts["agency"])
            cases = ledger_import(agency=agency, name=path.name, data=path.read_bytes(), at=timezone.now())
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        late = sum(c.replied_late for c in cases)
        self.stdout.write(f"已导入{len(cases)}件案件到“{agency.name}”" + (f"，其中{late}件逾期答复已标注。" if late else "。"))
