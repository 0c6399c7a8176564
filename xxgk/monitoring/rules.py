"""Staleness rules of the national inspection indicators, evaluated over plain dates. Pure."""

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta

from xxgk.core.ruledata import rules_in_force


@dataclass(frozen=True)
class StaleRule:
    """One threshold: which targets it applies to and after how long without an update they are stale."""

    id: str
    label: str
    applies_to: str
    days: int = 0
    months: int = 0
    warn_before_days: int = 0
    veto: bool = False

    def crossed_on(self, last: date) -> date:
        """Return the first day on which a target last updated on `last` is stale."""
        return add_months(last, self.months) + timedelta(days=self.days + 1)


@dataclass(frozen=True)
class Evaluation:
    """The verdict of one rule on one target: ok, warning (threshold near) or stale, and since when."""

    rule: StaleRule
    state: str
    last_update: date | None
    stale_on: date


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later, clamped to the month's end."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def stale_rules(day: date) -> tuple[StaleRule, ...]:
    """Return the rules in force on `day`."""
    return tuple(StaleRule(**r) for r in rules_in_force("monitoring_rules", day)["rules"])


def rule_for(applies_to: str, day: date) -> StaleRule | None:
    """Return the rule in force on `day` for a target class, if any."""
    return next((r for r in stale_rules(day) if r.applies_to == applies_to), None)


def evaluate(rule: StaleRule, *, last_update: date | None, started_on: date, today: date) -> Evaluation:
    """Judge a target last updated on `last_update` (never: counted from `started_on`) as of `today`."""
    stale_on = rule.crossed_on(last_update or started_on)
    if today >= stale_on:
        state = "stale"
    elif today >= stale_on - timedelta(days=rule.warn_before_days) and rule.warn_before_days:
        state = "warning"
    else:
        state = "ok"
    return Evaluation(rule=rule, state=state, last_update=last_update, stale_on=stale_on)


def evaluate_column(column_class: str, *, last_update: date | None, started_on: date, today: date) -> list[Evaluation]:
    """Return the evaluations of a portal column: its class rule and, without any update, the empty-column rule."""
    results = []
    rule = rule_for(column_class, today)
    if rule is not None:
        results.append(evaluate(rule, last_update=last_update, started_on=started_on, today=today))
    if last_update is None:
        empty = rule_for("empty_column", today)
        if empty is not None:
            results.append(Evaluation(rule=empty, state="stale", last_update=None, stale_on=started_on))
    return results
