"""The daily sweep registry and `daily_run`, the once-a-day service behind `xxgk daily`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction

from .models import DailyRun

Sweep = Callable[..., dict]
_SWEEPS: dict[str, Sweep] = {}


def sweep(name: str) -> Callable[[Sweep], Sweep]:
    """Register a sweep run once a day as `fn(today=..., now=...) -> dict of figures`."""

    def register(fn: Sweep) -> Sweep:
        if name in _SWEEPS:
            raise ValueError(f"daily sweep {name!r} registered twice")
        _SWEEPS[name] = fn
        return fn

    return register


def registered_sweeps() -> list[str]:
    """Return the names of the registered sweeps in run order."""
    return list(_SWEEPS)


@dataclass
class DailyOutcome:
    """What one `daily_run` did: skipped (already ran today) or each sweep's figures or error."""

    day: date
    skipped: bool
    results: dict = field(default_factory=dict)

    @property
    def failed(self) -> list[str]:
        return [name for name, r in self.results.items() if "error" in r]


def daily_run(*, today: date, now: datetime, force: bool = False) -> DailyOutcome:
    """Run every sweep once for `today`; a second call the same day is skipped unless forced."""
    try:
        with transaction.atomic():
            run, created = DailyRun.objects.get_or_create(day=today, defaults={"started_at": now})
    except IntegrityError:  # another cron invocation won the race for today
        return DailyOutcome(day=today, skipped=True)
    if not created and not force:
        return DailyOutcome(day=today, skipped=True, results=run.results)
    results: dict = {}
    for name, fn in _SWEEPS.items():
        try:
            with transaction.atomic():
                results[name] = fn(today=today, now=now)
        except Exception as exc:  # one failing sweep must not stop the others; it is reported
            results[name] = {"error": f"{exc.__class__.__name__}: {exc}"}
    run.results = results
    run.started_at = run.started_at or now
    run.finished_at = now
    run.save(update_fields=["results", "started_at", "finished_at"])
    return DailyOutcome(day=today, skipped=False, results=results)


TASK_RESULT_RETENTION = timedelta(days=30)


@sweep("prune_task_results")
def prune_task_results(*, today: date, now: datetime) -> dict:
    """Delete finished background-task results older than the retention period."""
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - TASK_RESULT_RETENTION).delete()
    return {"deleted": deleted}
