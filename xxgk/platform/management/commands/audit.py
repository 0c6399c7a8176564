"""`xxgk audit verify [--json]`: check the audit log's hash chain; exit status 1 when it is broken."""

import json

from django.core.management.base import BaseCommand, CommandError

from xxgk.platform.audit import audit_verify
from xxgk.platform.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (xxgk audit verify [--json]); exit 1 if a row was altered or deleted."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--json", action="store_true", help='Print {"ok", "events", "problems": [...]} as JSON.')

    def handle(self, *args, **opts):
        problems = audit_verify()
        events = AuditEvent.objects.count()
        if opts["json"]:
            self.stdout.write(json.dumps({"ok": not problems, "events": events, "problems": problems},
                                         ensure_ascii=False))
        elif not problems:
            self.stdout.write(f"审计日志完整：共{events}条记录，哈希链校验通过。")
        else:
            for p in problems:
                self.stdout.write(f"第{p['id']}条：{p['problem']}")
        if problems:
            raise CommandError(f"审计日志校验未通过：发现{len(problems)}处问题。", returncode=1)
