"""Writes of platform data: the holiday calendar (seeded from chinese-calendar, edited by 系统管理员)."""

from datetime import date, datetime
from importlib.metadata import version

from django.db import transaction

from xxgk.platform.errors import InvalidInput

from .audit import audit_record
from .models import CalendarDay, CalendarYear, new_revision
from .signals_calendar import calendar_changed

# chinese-calendar names holidays in English; the UI and explanations speak Chinese.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _package_years() -> dict[int, tuple[dict[date, str], dict[date, str]]]:
    from chinese_calendar import constants

    years: dict[int, tuple[dict, dict]] = {}
    for day, name in constants.holidays.items():
        years.setdefault(day.year, ({}, {}))[0][day] = HOLIDAY_NAMES_ZH.get(name, name)
    for day, name in constants.workdays.items():
        years.setdefault(day.year, ({}, {}))[1][day] = HOLIDAY_NAMES_ZH.get(name, name)
    return years


def calendar_seed_from_package(*, at: datetime) -> list[int]:
    """Store every year chinese-calendar covers that is not stored yet; never touch stored years."""
    stored = set(CalendarYear.objects.values_list("year", flat=True))
    source = f"chinese-calendar {version('chinese-calendar')}（依据国务院办公厅节假日安排通知）"
    added = []
    with transaction.atomic():
        for year, (holidays, workdays) in sorted(_package_years().items()):
            if year in stored:
                continue
            row = CalendarYear.objects.create(year=year, confirmed=True, source=source, updated_at=at)
            CalendarDay.objects.bulk_create(
                [CalendarDay(year=row, day=d, kind=CalendarDay.Kind.HOLIDAY, name=n) for d, n in holidays.items()]
                + [CalendarDay(year=row, day=d, kind=CalendarDay.Kind.WORKDAY, name=n) for d, n in workdays.items()]
            )
            added.append(year)
    return added


def _check_year_days(year: int, holidays: dict[date, str], workdays: dict[date, str]) -> None:
    for d in list(holidays) + list(workdays):
        if d.year != year:
            raise InvalidInput(f"{d} 不在{year}年内。")
    both = sorted(set(holidays) & set(workdays))
    if both:
        raise InvalidInput(f"{both[0]} 不能既是节假日又是调休上班日。")
    weekdays = sorted(d for d in workdays if d.weekday() < 5)
    if weekdays:
        raise InvalidInput(f"调休上班日应为周六或周日，{weekdays[0]} 是周{'一二三四五'[weekdays[0].weekday()]}。")


def calendar_year_save(
    *,
    year: int,
    holidays: dict[date, str],
    workdays: dict[date, str],
    confirmed: bool,
    at: datetime,
    source: str = "系统管理员录入",
    actor=None,
    request=None,
) -> CalendarYear:
    """Replace one year's arrangement; audit it and let open deadlines in that year recompute."""
    if not 2000 <= year <= 2100:
        raise InvalidInput("年份应在2000至2100之间。")
    _check_year_days(year, holidays, workdays)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update(no_key=True).filter(year=year).first()
        before = {}
        if row is None:
            row = CalendarYear.objects.create(year=year, confirmed=confirmed, source=source, updated_at=at,
                                              updated_by=actor if actor and actor.is_authenticated else None)
        else:
            before = {
                "confirmed": row.confirmed,
                "holidays": sorted(d.isoformat() for d in row.days.filter(kind="holiday").values_list("day", flat=True)),
                "workdays": sorted(d.isoformat() for d in row.days.filter(kind="workday").values_list("day", flat=True)),
            }
            row.confirmed, row.source, row.updated_at = confirmed, source, at
            row.revision = new_revision()
            row.updated_by = actor if actor and actor.is_authenticated else None
            row.save(update_fields=["confirmed", "source", "revision", "updated_at", "updated_by"])
            row.days.all().delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(year=row, day=d, kind=CalendarDay.Kind.HOLIDAY, name=n) for d, n in sorted(holidays.items())]
            + [CalendarDay(year=row, day=d, kind=CalendarDay.Kind.WORKDAY, name=n) for d, n in sorted(workdays.items())]
        )
        after = {"confirmed": confirmed, "holidays": sorted(d.isoformat() for d in holidays),
                 "workdays": sorted(d.isoformat() for d in workdays)}
        audit_record(action="calendar.year_saved", at=at, actor=actor, request=request, target=row,
                     data={"year": year, "before": before, "after": after})
        calendar_changed.send(sender=CalendarYear, year=year, at=at, actor=actor)
    return row
