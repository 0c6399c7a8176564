"""Reads of the interaction records: message lists, derived urgency, statistics per box, agency and year."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, F, Q, QuerySet

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.core.redact import completion_rate
from xxgk.core.workdays import WorkCalendar

from .models import Interview, Message, MessageBox
from .services.messages import interaction_rules


def messages_visible_to(user) -> QuerySet[Message]:
    """Messages handled by, or written to a box of, an agency whose records the user may see."""
    agencies = agencies_with_records_visible_to(user)
    return (Message.objects.filter(Q(agency__in=agencies) | Q(box__agency__in=agencies))
            .select_related("box", "box__agency", "agency").distinct())


@dataclass(frozen=True)
class MessageUrgency:
    """Derived state of an open message: workdays left (negative when overdue)."""

    workdays_left: int
    overdue: bool
    due_soon: bool


def message_urgency(message: Message, *, today: date, calendar: WorkCalendar) -> MessageUrgency | None:
    """Return how close an open message is to its due date (None once answered or set aside)."""
    if message.status != "received":
        return None
    soon = interaction_rules(today)["due_soon_workdays"]
    if today > message.due_on:
        left = -calendar.working_days_between(message.due_on, today)
        return MessageUrgency(workdays_left=left, overdue=True, due_soon=False)
    left = calendar.working_days_between(today, message.due_on)
    return MessageUrgency(workdays_left=left, overdue=False, due_soon=left <= soon)


def messages_needing_reminders(*, today: date, calendar: WorkCalendar):
    """Yield (message, urgency) for open messages due soon or overdue."""
    for message in Message.objects.filter(status="received").select_related("agency", "box", "box__agency"):
        u = message_urgency(message, today=today, calendar=calendar)
        if u and (u.overdue or u.due_soon):
            yield message, u


@dataclass(frozen=True)
class MessageStats:
    """One line of 信箱 statistics: the figures the annual report's section 一 quotes."""

    label: str
    received: int
    invalid: int
    answered: int
    answered_in_time: int
    pending: int
    average_workdays: float | None
    rated: int
    satisfied: int

    @property
    def completion_rate(self) -> float:
        return completion_rate(self.answered, self.received - self.invalid)

    @property
    def satisfaction_rate(self) -> float | None:
        return round(self.satisfied * 100 / self.rated, 1) if self.rated else None

    def as_dict(self) -> dict:
        return {"label": self.label, "received": self.received, "invalid": self.invalid, "answered": self.answered,
                "answered_in_time": self.answered_in_time, "pending": self.pending,
                "average_workdays": self.average_workdays, "completion_rate": self.completion_rate,
                "satisfaction_rate": self.satisfaction_rate, "rated": self.rated}


def _stats(label: str, qs: QuerySet[Message], year: int) -> MessageStats:
    satisfied_at = interaction_rules(date(year, 12, 31))["satisfied_rating"]
    row = qs.filter(received_on__year=year).aggregate(
        received=Count("id"), invalid=Count("id", filter=Q(status="invalid")),
        answered=Count("id", filter=Q(status="answered")),
        in_time=Count("id", filter=Q(status="answered", replied_on__lte=F("due_on"))),
        pending=Count("id", filter=Q(status="received")), avg=Avg("reply_workdays", filter=Q(status="answered")),
        rated=Count("id", filter=Q(rating__isnull=False)), satisfied=Count("id", filter=Q(rating__gte=satisfied_at)))
    return MessageStats(label=label, received=row["received"], invalid=row["invalid"], answered=row["answered"],
                        answered_in_time=row["in_time"], pending=row["pending"],
                        average_workdays=round(row["avg"], 1) if row["avg"] is not None else None,
                        rated=row["rated"], satisfied=row["satisfied"])


def message_stats_by_box(agency: Agency, year: int, *, subtree: bool = False) -> list[MessageStats]:
    """Return statistics for each box of the agency (or its subtree) for messages received in `year`."""
    boxes = MessageBox.objects.filter(agency__path__startswith=agency.path) if subtree else agency.message_boxes.all()
    return [_stats(str(box), Message.objects.filter(box=box), year) for box in boxes.select_related("agency")]


def message_stats(agency: Agency, year: int, *, subtree: bool = False) -> MessageStats:
    """Return the totals over every box of the agency (or its subtree) for `year`."""
    boxes = MessageBox.objects.filter(agency__path__startswith=agency.path) if subtree else agency.message_boxes.all()
    return _stats(agency.name, Message.objects.filter(box__in=boxes), year)


def message_stats_by_handling_agency(agencies: QuerySet[Agency], year: int) -> list[MessageStats]:
    """Return timeliness per handling agency (after 转办/交办), for the 公开办 dashboard."""
    return [s for s in (_stats(a.name, Message.objects.filter(agency=a), year) for a in agencies) if s.received]


def interviews_in_year(agency: Agency, year: int, *, subtree: bool = False) -> QuerySet[Interview]:
    """Return the agency's (or subtree's) interviews held in `year`."""
    qs = Interview.objects.filter(held_on__year=year)
    return qs.filter(agency__path__startswith=agency.path) if subtree else qs.filter(agency=agency)


def published_messages(*, box: MessageBox | None = None) -> QuerySet[Message]:
    """Return exchanges published on the portal, newest first."""
    qs = Message.objects.filter(published_at__isnull=False).select_related("box", "agency")
    return qs.filter(box=box) if box else qs
