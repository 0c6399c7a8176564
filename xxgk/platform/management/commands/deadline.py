"""`xxgk deadline`: print the reply due date for an application, with its explanation."""

import json

from django.core.management.base import BaseCommand, CommandError

from xxgk.core.deadlines import DeadlineInputError, parse_iso_date, parse_pause
from xxgk.platform.selectors import reply_deadline_for


class Command(BaseCommand):
    help = "Compute a reply due date in working days (调休 and pauses included); --json for scripts."

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="Receipt date YYYY-MM-DD (not counted itself).")
        parser.add_argument("--supplement-received", default=None, help="Date the 补正 arrived: counting restarts.")
        parser.add_argument("--pause", action="append", default=[], metavar="FROM:TO",
                            help="Inclusive span whose working days are not counted (repeatable).")
        parser.add_argument("--extended", action="store_true", help="Add the one extension (20 working days).")
        parser.add_argument("--workdays", type=int, default=None, help="Working days to count (default 20).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **opts):
        try:
            received = parse_iso_date(opts["received"], label="收到申请日期")
            supplement = (parse_iso_date(opts["supplement_received"], label="补正收到日期")
                          if opts["supplement_received"] else None)
            pauses = tuple(parse_pause(p) for p in opts["pause"])
            if opts["workdays"] is not None and opts["workdays"] < 1:
                raise DeadlineInputError("--workdays 必须为正整数。")
            deadline = reply_deadline_for(received=received, supplement_received=supplement, pauses=pauses,
                                          extended=opts["extended"], workdays=opts["workdays"])
        except (DeadlineInputError, ValueError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(deadline.to_dict(), ensure_ascii=False))
            return
        flag = "（暂定）" if deadline.provisional else ""
        self.stdout.write(f"{deadline.due.isoformat()}{flag}")
        self.stdout.write(deadline.explanation)
