"""`xxgk import cases`: import a ledger (XLSX or CSV) into an agency, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xxgk.agencies.selectors import agency_get_by_credit_code
from xxgk.cases.services.ledger import ledger_import
from xxgk.platform.errors import DomainError


class Command(BaseCommand):
    help = "Import cases (xxgk import cases FILE --agency CODE) or published items (xxgk import items FILE --agency CODE)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        cases = sub.add_parser("cases", help="依申请公开台账")
        cases.add_argument("file", help="FILE.xlsx or FILE.csv")
        cases.add_argument("--agency", required=True, help="The agency's 统一社会信用代码")
        items = sub.add_parser("items", help="已公开的政府信息（CSV/XLSX，或含正文HTML和附件的ZIP）")
        items.add_argument("file", help="FILE.csv, FILE.xlsx or FILE.zip")
        items.add_argument("--agency", required=True, help="The agency's 统一社会信用代码")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=2)
        try:
            agency = agency_get_by_credit_code(opts["agency"])
            if opts["what"] == "items":
                return self._items(agency, path)
            cases = ledger_import(agency=agency, name=path.name, data=path.read_bytes(), at=timezone.now())
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        late = sum(c.replied_late for c in cases)
        self.stdout.write(f"已导入{len(cases)}件案件到“{agency.name}”" + (f"，其中{late}件逾期答复已标注。" if late else "。"))

    def _items(self, agency, path):
        from xxgk.agencies.models import Membership, Role
        from xxgk.catalog.services.imports import items_import

        # The command runs as the agency's first 负责人 (or a 公开办 above it), who answers for the import.
        membership = Membership.objects.filter(agency=agency, role=Role.APPROVER).select_related("user").first() or \
            Membership.objects.filter(role=Role.SUPERVISOR, agency__path__in=agency.ancestor_paths()).select_related(
                "user").first()
        if membership is None:
            raise CommandError(f"“{agency.name}”没有负责人或公开办账号，无法确定导入责任人。", returncode=2)
        items = items_import(agency=agency, name=path.name, data=path.read_bytes(), actor=membership.user,
                             at=timezone.now())
        self.stdout.write(f"已导入{len(items)}条信息到“{agency.name}”。")

