"""When a year's holidays change, recompute the open cases whose clock runs through that year."""

from datetime import date

from django.dispatch import receiver

from xxgk.platform.signals_calendar import calendar_changed

from .models import Case
from .states import OPEN


@receiver(calendar_changed, dispatch_uid="xxgk_cases_recompute_on_calendar_change")
def recompute_open_cases(sender, year: int, at, actor=None, **kwargs):
    from .services import case_recompute_due

    start, end = date(year, 1, 1), date(year, 12, 31)
    # A clock that started before the year's end and is not yet due by its start can run through it.
    affected = Case.objects.filter(status__in=[s.value for s in OPEN], received_on__lte=end).exclude(
        due_on__lt=start)
    for case in affected.only("id"):
        case_recompute_due(case=case, at=at, actor=actor, reason=f"{year}年节假日安排变更")
