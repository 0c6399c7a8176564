"""A WorkCalendar built straight from the chinese-calendar package, for pure tests."""

from chinese_calendar import constants

from xxgk.core.workdays import WorkCalendar, YearCalendar


def package_calendar() -> WorkCalendar:
    """Return the official calendar for every year the package covers (names left in English)."""
    years: dict[int, tuple[dict, dict]] = {}
    for day, name in constants.holidays.items():
        years.setdefault(day.year, ({}, {}))[0][day] = name
    for day, name in constants.workdays.items():
        years.setdefault(day.year, ({}, {}))[1][day] = name
    return WorkCalendar(YearCalendar(year=y, holidays=h, workdays=w) for y, (h, w) in years.items())


LAST_PACKAGE_YEAR = max(d.year for d in constants.holidays)
