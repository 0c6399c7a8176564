"""Reads of cases: visibility, inbox with derived due-soon/overdue, timeline, year accounting."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.core.workdays import WorkCalendar

from .models import Appeal, Case
from .states import OPEN

DUE_SOON_WORKDAYS = 3

# Section 三 columns by applicant type (annual report).
COLUMN_FOR = {
    ("natural", ""): "natural_person",
    ("legal", "business"): "legal_commercial",
    ("legal", "research"): "legal_research",
    ("legal", "nonprofit"): "legal_public_welfare",
    ("legal", "legal_service"): "legal_law_service",
    ("legal", "other"): "legal_other",
}
APPLICANT_COLUMNS = tuple(COLUMN_FOR.values())


def cases_visible_to(user) -> QuerySet[Case]:
    """Return the cases a staff user may see (their agencies, or the subtree they supervise)."""
    return Case.objects.filter(agency__in=agencies_with_records_visible_to(user))


def cases_of_applicant(user) -> QuerySet[Case]:
    """Return an applicant account's own cases, newest first."""
    applicant = getattr(user, "applicant", None)
    if applicant is None:
        return Case.objects.none()
    return Case.objects.filter(applicant=applicant).select_related("agency").order_by("-received_on", "-id")


def inbox(user, *, status: str = "") -> QuerySet[Case]:
    """Return the user's visible open cases ordered by the next date that matters."""
    qs = cases_visible_to(user).filter(status__in=[s.value for s in OPEN]).select_related("agency", "handler")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(next_due=Coalesce(F("due_on"), F("supplement_due_on"))).order_by(
        F("next_due").asc(nulls_last=True), "id")


@dataclass(frozen=True)
class Urgency:
    """Derived from the due date and today: never stored."""

    overdue: bool
    due_soon: bool
    workdays_left: int | None


def urgency(case: Case, *, today: date, calendar: WorkCalendar) -> Urgency:
    """Return whether an open case is overdue or due within 3 working days."""
    due = case.due_on
    if not case.is_open or due is None:
        return Urgency(False, False, None)
    if today > due:
        return Urgency(True, False, -calendar.working_days_between(due, today))
    left = calendar.working_days_between(today, due)
    return Urgency(False, left <= DUE_SOON_WORKDAYS, left)


def cases_needing_reminders(*, today: date, calendar: WorkCalendar) -> list[tuple[Case, Urgency]]:
    """Return open cases that are overdue or due within 3 working days, with their urgency."""
    horizon = calendar.add_working_days(today, DUE_SOON_WORKDAYS)
    qs = Case.objects.filter(status__in=[s.value for s in OPEN], due_on__lte=horizon).select_related(
        "agency", "handler")
    return [(c, urgency(c, today=today, calendar=calendar)) for c in qs.order_by("due_on", "id")]


def case_timeline(case: Case):
    """Return the case's history with actors, oldest first."""
    return case.events.select_related("actor").order_by("at", "id")


def _column(kind: str, org_type: str) -> str:
    return COLUMN_FOR[(kind, org_type if kind == "legal" else "")]


@dataclass(frozen=True)
class YearCounts:
    """A year's case accounting per applicant column (the annual report's section 三 inputs)."""

    received: dict[str, int]
    carried_over: dict[str, int]
    concluded: dict[str, dict[str, int]]  # outcome → column → count
    carried_forward: dict[str, int]
    concluded_on_time: int = 0  # answered within the time limit, of those concluded in the year
    cases: int = 0  # cases counted in any row (received, carried over, concluded or carried forward)


def year_filters(year: int) -> dict[str, Q]:
    """Return the one definition of the year accounting: which cases each section 三 row counts."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return {
        "received": Q(received_on__gte=start, received_on__lte=end),
        "carried_over": Q(received_on__lt=start) & (Q(replied_on__isnull=True) | Q(replied_on__gte=start)),
        "concluded": Q(replied_on__gte=start, replied_on__lte=end),
        "carried_forward": Q(received_on__lte=end) & (Q(replied_on__isnull=True) | Q(replied_on__gt=end)),
    }


def case_year_counts(agency, year: int, *, subtree: bool = False) -> YearCounts:
    """Count received, carried over, concluded by outcome (by reply date) and still open at year end.

    With `subtree`, count the cases of the agency and every agency under it (the combined report).
    One grouped query with a filtered count per row: the year's cases are read once, at any size.
    """
    rows = year_filters(year)
    cases = Case.objects.filter(agency__path__startswith=agency.path) if subtree else Case.objects.filter(agency=agency)
    grouped = cases.filter(rows["received"] | rows["carried_over"] | rows["concluded"] | rows["carried_forward"]).values(
        "applicant_kind", "org_type", "outcome").annotate(
        received=Count("id", filter=rows["received"]), carried=Count("id", filter=rows["carried_over"]),
        concluded=Count("id", filter=rows["concluded"]), forward=Count("id", filter=rows["carried_forward"]),
        on_time=Count("id", filter=rows["concluded"] & Q(replied_late=False)), cases=Count("id")).order_by()
    received, carried, forward = Counter(), Counter(), Counter()
    concluded: dict[str, dict[str, int]] = {}
    on_time = total = 0
    for row in grouped:
        column = _column(row["applicant_kind"], row["org_type"])
        received[column] += row["received"]
        carried[column] += row["carried"]
        forward[column] += row["forward"]
        if row["concluded"]:
            by_column = concluded.setdefault(row["outcome"], {c: 0 for c in APPLICANT_COLUMNS})
            by_column[column] += row["concluded"]
        on_time += row["on_time"]
        total += row["cases"]
    return YearCounts(
        received={c: received[c] for c in APPLICANT_COLUMNS},
        carried_over={c: carried[c] for c in APPLICANT_COLUMNS},
        concluded=concluded,
        carried_forward={c: forward[c] for c in APPLICANT_COLUMNS},
        concluded_on_time=on_time, cases=total,
    )


def appeals_of(agency) -> QuerySet[Appeal]:
    return Appeal.objects.filter(agency=agency).select_related("case").order_by("-filed_on", "id")


def ledger_cases(agency, *, year: int | None = None) -> QuerySet[Case]:
    """Return the agency's cases for the ledger, optionally those received in `year`, in receipt order."""
    qs = Case.objects.filter(agency=agency).select_related("fee_notice").prefetch_related("consultations")
    if year is not None:
        qs = qs.filter(received_on__year=year)
    return qs.order_by("received_on", "number")
