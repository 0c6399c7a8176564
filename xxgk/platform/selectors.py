"""Reads of platform data: the working-day calendar built from the stored arrangements."""

from datetime import date

from django.db.models import Count, Q

from xxgk.core.deadlines import Deadline, reply_deadline, rules_for
from xxgk.core.workdays import Pause, WorkCalendar, YearCalendar

from .models import CalendarDay, CalendarYear

# The calendar changes a few times a year; rebuild it only when the stored data changed.
_cache: dict = {"stamp": None, "calendar": None}


def _stamp() -> tuple:
    return tuple(CalendarYear.objects.order_by("year").values_list("year", "revision"))


def work_calendar() -> WorkCalendar:
    """Return the WorkCalendar of every stored year (weekends only for years without data)."""
    stamp = _stamp()
    if _cache["stamp"] != stamp or _cache["calendar"] is None:
        years = {y.pk: (y.year, y.confirmed, {}, {}) for y in CalendarYear.objects.all()}
        for year_id, day, kind, name in CalendarDay.objects.values_list("year_id", "day", "kind", "name"):
            (years[year_id][2] if kind == CalendarDay.Kind.HOLIDAY else years[year_id][3])[day] = name
        _cache["calendar"] = WorkCalendar(
            YearCalendar(year=y, holidays=h, workdays=w, confirmed=c) for y, c, h, w in years.values()
        )
        _cache["stamp"] = stamp
    return _cache["calendar"]


def calendar_years():
    """Return the stored years with their holiday and make-up day counts, newest first."""
    return CalendarYear.objects.annotate(
        holiday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
        workday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.WORKDAY)),
    ).select_related("updated_by").order_by("-year")


def calendar_year_days(year: CalendarYear) -> tuple[list[CalendarDay], list[CalendarDay]]:
    """Return (holidays, make-up working days) of a year in date order."""
    days = list(year.days.order_by("day"))
    return ([d for d in days if d.kind == CalendarDay.Kind.HOLIDAY],
            [d for d in days if d.kind == CalendarDay.Kind.WORKDAY])


def reply_deadline_for(
    *,
    received: date,
    supplement_received: date | None = None,
    pauses: tuple[Pause, ...] = (),
    extended: bool = False,
    workdays: int | None = None,
) -> Deadline:
    """Return the explained reply deadline on the stored calendar (the CLI, API and page share it)."""
    rules = rules_for(received)
    return reply_deadline(
        work_calendar(), received=received, supplement_received=supplement_received, pauses=pauses,
        extension_workdays=rules.extension_max_workdays if extended else 0, workdays=workdays, rules=rules,
    )
