"""`xxgk worker`: run the persistent background task worker (django-tasks database backend)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (processes queued tasks until stopped)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")

    def handle(self, *args, **opts):
        call_command(
            "db_worker",
            queue_name="*",
            batch=opts["batch"],
            interval=opts["interval"],
            max_tasks=opts["max_tasks"],
            reload=False,
            startup_delay=False,
            verbosity=opts["verbosity"],
        )
