"""Working-day (工作日) arithmetic on China's official calendar, with 调休 and pauses. Pure."""

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
# Counting never runs further than this many calendar days: a guard against bad input, not a rule.
MAX_SPAN_DAYS = 3 * 366


@dataclass(frozen=True)
class YearCalendar:
    """One year's official arrangement: days off (节假日) and make-up working days (调休上班)."""

    year: int
    holidays: Mapping[date, str] = field(default_factory=dict)
    workdays: Mapping[date, str] = field(default_factory=dict)
    confirmed: bool = True


@dataclass(frozen=True)
class Pause:
    """An inclusive span of calendar days whose working days are not counted (e.g. 征求第三方意见)."""

    start: date
    end: date
    reason: str = "暂停计算"

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"暂停期间的结束日 {self.end} 早于开始日 {self.start}。")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class DayNote:
    """Why a day was or was not counted."""

    day: date
    counted: bool
    reason: str


class WorkCalendar:
    """Answers working-day questions from per-year data; a year without data counts weekends only."""

    def __init__(self, years: Iterable[YearCalendar] = ()):
        self._years = {y.year: y for y in years}

    def year(self, year: int) -> YearCalendar | None:
        """Return the year's data, or None if the calendar has none."""
        return self._years.get(year)

    def is_confirmed(self, year: int) -> bool:
        """Return True when the year has data and it is marked confirmed."""
        y = self._years.get(year)
        return y is not None and y.confirmed

    def day_status(self, day: date) -> tuple[bool, str]:
        """Return (is a working day, the reason in Chinese) for one day."""
        y = self._years.get(day.year)
        if y is not None:
            if day in y.workdays:
                return True, f"调休上班（{y.workdays[day]}）"
            if day in y.holidays:
                return False, y.holidays[day]
        if day.weekday() >= 5:
            return False, "周末"
        return True, "工作日"

    def is_working_day(self, day: date) -> bool:
        """Return True when `day` is a working day."""
        return self.day_status(day)[0]

    def walk(self, after: date, count: int, pauses: tuple[Pause, ...] = ()) -> tuple[date, list[DayNote]]:
        """Return the `count`-th counted working day after `after` and a note for every day walked.

        The day `after` itself is not counted. Working days inside a pause are skipped.
        `count` must be at least 1.
        """
        if count < 1:
            raise ValueError("工作日数必须至少为1。")
        notes: list[DayNote] = []
        day, counted = after, 0
        while counted < count:
            day += ONE_DAY
            if (day - after).days > MAX_SPAN_DAYS:
                raise ValueError("期限跨度超过三年，请检查输入的日期和暂停期间。")
            working, reason = self.day_status(day)
            pause = next((p for p in pauses if p.covers(day)), None)
            if working and pause is not None:
                notes.append(DayNote(day, False, f"{pause.reason}（不计入）"))
            elif working:
                counted += 1
                notes.append(DayNote(day, True, reason))
            else:
                notes.append(DayNote(day, False, reason))
        return day, notes

    def add_working_days(self, after: date, count: int, pauses: tuple[Pause, ...] = ()) -> date:
        """Return the `count`-th working day after `after` (which is not counted), skipping pauses."""
        return self.walk(after, count, pauses)[0]

    def working_days_between(self, start: date, end: date, pauses: tuple[Pause, ...] = ()) -> int:
        """Return how many working days lie in (start, end], pauses excluded; 0 when end <= start."""
        if not pauses:
            return self._working_days_counted(start, end)
        total, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day) and not any(p.covers(day) for p in pauses):
                total += 1
        return total

    def _working_days_counted(self, start: date, end: date) -> int:
        """working_days_between without pauses, by arithmetic: weekdays, then each year's exceptions.

        Same answer as walking day by day (tested against it), in time that does not grow with the span:
        an inbox row overdue for years no longer walks thousands of days.
        """
        days = (end - start).days
        if days <= 0:
            return 0
        weeks, rest = divmod(days, 7)
        total = 5 * weeks + sum((start + timedelta(days=7 * weeks + i)).weekday() < 5 for i in range(1, rest + 1))
        for number in range(start.year, end.year + 1):
            extra_workdays, weekday_holidays = self._exceptions(number)
            total += _count_in(extra_workdays, start, end) - _count_in(weekday_holidays, start, end)
        return total

    def _exceptions(self, number: int) -> tuple[list[date], list[date]]:
        """Return the year's sorted 调休 workdays on weekends and holidays on weekdays (cached)."""
        cache = self.__dict__.setdefault("_exception_cache", {})
        if number not in cache:
            y = self._years.get(number)
            cache[number] = ([], []) if y is None else (
                sorted(d for d in y.workdays if d.weekday() >= 5),
                sorted(d for d in y.holidays if d.weekday() < 5 and d not in y.workdays))
        return cache[number]

    def unconfirmed_years(self, start: date, end: date) -> list[int]:
        """Return the years touched by [start, end] that have no confirmed data."""
        return [y for y in range(start.year, end.year + 1) if not self.is_confirmed(y)]


def _count_in(days: list[date], start: date, end: date) -> int:
    """Return how many of the sorted `days` lie in (start, end]."""
    return bisect_right(days, end) - bisect_right(days, start)


def parse_day_lines(text: str, *, year: int) -> dict[date, str]:
    """Parse lines 'YYYY-MM-DD 名称' or 'YYYY-MM-DD~YYYY-MM-DD 名称' into {day: name} within `year`.

    Raises ValueError with a Chinese message naming the line for anything else.
    """
    days: dict[date, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or not parts[1].strip():
            raise ValueError(f"第{number}行“{line}”格式不正确，应为“日期 名称”，如“{year}-10-01 国庆节”。")
        span, name = parts[0].replace("～", "~"), parts[1].strip()
        try:
            if "~" in span:
                first, last = (date.fromisoformat(x) for x in span.split("~", 1))
            else:
                first = last = date.fromisoformat(span)
        except ValueError as exc:
            raise ValueError(f"第{number}行的日期“{parts[0]}”无效，应为 YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD。") from exc
        if last < first:
            raise ValueError(f"第{number}行的结束日期早于开始日期。")
        if first.year != year or last.year != year:
            raise ValueError(f"第{number}行的日期不在{year}年内。")
        day = first
        while day <= last:
            days[day] = name
            day += ONE_DAY
    return days
