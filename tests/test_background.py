"""The persistent task queue and the cron-safe daily sweeps."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from xxgk.platform.daily import daily_run, registered_sweeps
from xxgk.platform.models import DailyRun
from xxgk.platform.tasks import send_notification_email

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2024, 3, 4, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_enqueued_task_is_stored_then_run_by_the_worker():
    result = send_notification_email.enqueue(to=["a@example.cn"], subject="通知", body="您的申请已受理。")
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "READY" and len(mail.outbox) == 0
    call_command("worker", "--batch", verbosity=0)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and row.return_value == 1
    assert mail.outbox[0].subject == "通知"


def test_daily_runs_once_a_day_unless_forced():
    first = daily_run(today=date(2024, 3, 4), now=NOW)
    assert not first.skipped and set(first.results) == set(registered_sweeps())
    again = daily_run(today=date(2024, 3, 4), now=NOW)
    assert again.skipped
    forced = daily_run(today=date(2024, 3, 4), now=NOW, force=True)
    assert not forced.skipped
    assert DailyRun.objects.count() == 1


def test_prune_sweep_deletes_only_old_finished_results():
    old = send_notification_email.enqueue(to=["a@example.cn"], subject="旧", body="x")
    new = send_notification_email.enqueue(to=["a@example.cn"], subject="新", body="x")
    call_command("worker", "--batch", verbosity=0)
    DBTaskResult.objects.filter(id=old.id).update(finished_at=NOW - timedelta(days=40))
    DBTaskResult.objects.filter(id=new.id).update(finished_at=NOW - timedelta(days=1))
    outcome = daily_run(today=date(2024, 3, 4), now=NOW)
    assert outcome.results["prune_task_results"] == {"deleted": 1}
    assert [str(i) for i in DBTaskResult.objects.values_list("id", flat=True)] == [str(new.id)]


@pytest.mark.django_db
def test_a_task_left_running_by_a_killed_worker_is_queued_again_and_done(settings):
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus

    from xxgk.platform.management.commands.worker import requeue_stale_tasks

    settings.XXGK_TASK_STALE_SECONDS = 60
    result = send_notification_email.enqueue(to=["a@example.cn"], subject="测试", body="正文")
    # What a worker killed mid-task leaves behind: the row claimed as running, never finished.
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING,
                                                     started_at=timezone.now() - timedelta(seconds=30))
    assert requeue_stale_tasks() == 0  # not stale yet: a live worker may still be on it
    DBTaskResult.objects.filter(pk=result.id).update(started_at=timezone.now() - timedelta(seconds=120))
    assert requeue_stale_tasks() == 1
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY and row.started_at is None
    assert DBTaskResult.objects.ready().filter(pk=result.id).exists()  # the next worker poll takes it
    # That a killed worker's tasks are then done end to end is checked on both databases by
    # tests/reliability/load_crash.py (SIGKILL during load; every task must end SUCCESSFUL).
