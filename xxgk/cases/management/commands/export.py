"""`xxgk export cases`: write an agency's cases to the ledger (XLSX or CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xxgk.agencies.selectors import agency_get_by_credit_code
from xxgk.cases.ledger import case_to_row, write_csv, write_xlsx
from xxgk.cases.selectors import ledger_cases
from xxgk.platform.errors import DomainError


class Command(BaseCommand):
    help = "Export cases to a ledger: xxgk export cases --agency CREDIT_CODE [--year YYYY] --output FILE.xlsx|FILE.csv"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        cases = sub.add_parser("cases", help="依申请公开台账")
        cases.add_argument("--agency", required=True, help="The agency's 统一社会信用代码")
        cases.add_argument("--year", type=int, default=None, help="Only cases received in this year")
        cases.add_argument("--output", required=True, help="FILE.xlsx or FILE.csv")

    def handle(self, *args, **opts):
        output = Path(opts["output"])
        if output.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("输出文件应以 .xlsx 或 .csv 结尾。", returncode=2)
        try:
            agency = agency_get_by_credit_code(opts["agency"])
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        rows = [case_to_row(c) for c in ledger_cases(agency, year=opts["year"])]
        output.write_bytes(write_xlsx(rows) if output.suffix.lower() == ".xlsx" else write_csv(rows))
        self.stdout.write(f"已导出{len(rows)}件案件到 {output}")
