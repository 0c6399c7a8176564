"""`xxgk daily`: run the daily sweeps once per day (safe to call from cron repeatedly)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xxgk.platform.daily import daily_run


class Command(BaseCommand):
    help = "Run the daily sweeps (reminders, monitoring, clean-up) once per day; cron-safe."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run again even if today's run already happened.")
        parser.add_argument("--json", action="store_true", help="Print the outcome as one JSON object.")

    def handle(self, *args, **opts):
        now = timezone.now()
        outcome = daily_run(today=timezone.localdate(now), now=now, force=opts["force"])
        if opts["json"]:
            self.stdout.write(json.dumps(
                {"day": outcome.day.isoformat(), "skipped": outcome.skipped, "results": outcome.results},
                ensure_ascii=False,
            ))
        elif outcome.skipped:
            self.stdout.write(f"{outcome.day} 的例行任务已运行过，本次跳过（用 --force 可强制重跑）。")
        else:
            for name, result in outcome.results.items():
                self.stdout.write(f"{name}: {json.dumps(result, ensure_ascii=False)}")
        if outcome.failed:
            raise CommandError(f"以下例行任务失败：{'、'.join(outcome.failed)}", returncode=1)
