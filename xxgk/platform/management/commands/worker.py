"""`xxgk worker`: run the persistent background task worker (django-tasks database backend).

A worker killed in the middle of a task leaves it marked running; the worker puts such tasks back in the
queue when they have been running longer than XXGK_TASK_STALE_SECONDS (at start and then every minute),
so no task is lost to a crash. Tasks are written to be safe to run twice (index updates, mails).
"""

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone


def requeue_stale_tasks(now=None) -> int:
    """Put tasks left running by a dead worker back in the queue; return how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - timedelta(seconds=settings.XXGK_TASK_STALE_SECONDS)
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
        status=TaskResultStatus.READY, started_at=None)


RETRY_SECONDS = 2


def requeue_stale_tasks_quietly() -> None:
    try:
        requeue_stale_tasks()
    except (OperationalError, InterfaceError):
        pass


def _requeue_forever(stop: threading.Event) -> None:
    while not stop.wait(60):
        try:
            requeue_stale_tasks()
        except Exception:  # a database outage: try again next minute
            pass
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Run the background task worker (processes queued tasks until stopped; requeues tasks of dead workers)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")

    def handle(self, *args, **opts):
        requeued = requeue_stale_tasks()
        if requeued:
            self.stderr.write(f"已重新排队{requeued}个中断的任务。")
        stop = threading.Event()
        if not opts["batch"]:
            threading.Thread(target=_requeue_forever, args=(stop,), daemon=True).start()
        try:
            while True:
                try:
                    call_command("db_worker", queue_name="*", batch=opts["batch"], interval=opts["interval"],
                                 max_tasks=opts["max_tasks"], reload=False, startup_delay=False,
                                 verbosity=opts["verbosity"])
                    return
                except (OperationalError, InterfaceError) as exc:
                    if opts["batch"]:  # a one-off drain (cron, tests) reports the outage instead of waiting
                        raise
                    # The database went away (restart, failover): wait and carry on, as the web processes do.
                    self.stderr.write(f"数据库暂不可用（{exc.__class__.__name__}），{RETRY_SECONDS}秒后重试。")
                    connections.close_all()
                    time.sleep(RETRY_SECONDS)
                    requeue_stale_tasks_quietly()
        finally:
            stop.set()
