"""Reads of the monitoring records: last updates, rule evaluations, dashboard figures, 报送/采用 counts."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Min, Q, QuerySet

from xxgk.agencies.models import Agency
from xxgk.interaction.models import Message, MessageBox

from .models import Channel, ChannelUpdate, Submission
from .rules import Evaluation, evaluate, evaluate_column, rule_for


@dataclass(frozen=True)
class ChannelCheck:
    """A channel (or message box) with its last update and every rule's verdict as of a day."""

    target_key: str
    label: str
    agency: Agency
    kind_label: str
    last_update: date | None
    evaluations: tuple[Evaluation, ...]
    channel: Channel | None = None

    @property
    def state(self) -> str:
        states = {e.state for e in self.evaluations}
        return "stale" if "stale" in states else "warning" if "warning" in states else "ok"


def last_updates(channels: list[Channel], *, today: date) -> dict[int, date | None]:
    """Return each channel's last update on or before `today`: entered, imported or fetched updates and,
    for portal columns, the catalogue items published in them; a home page follows its agency's columns."""
    ids = [c.pk for c in channels]
    last: dict[int, date | None] = dict.fromkeys(ids)
    for row in (ChannelUpdate.objects.filter(channel_id__in=ids, on__lte=today).values("channel_id")
                .annotate(last=Max("on"))):
        last[row["channel_id"]] = row["last"]
    for row in (Channel.objects.filter(pk__in=ids, kind="column")
                .annotate(last=Max("items__published_on", filter=Q(items__status="published",
                                                                   items__published_on__lte=today)))
                .values("pk", "last")):
        if row["last"] and (last[row["pk"]] is None or row["last"] > last[row["pk"]]):
            last[row["pk"]] = row["last"]
    for home in (c for c in channels if c.kind == "column" and c.column_class == "home"):
        siblings = [last.get(c.pk) for c in channels if c.agency_id == home.agency_id and c.kind == "column"]
        known = [d for d in siblings if d]
        last[home.pk] = max(known) if known else None
    return last


def channel_checks(*, today: date, agencies: QuerySet[Agency] | None = None) -> list[ChannelCheck]:
    """Evaluate every active channel and message box (of `agencies`, default all) against the rules in force."""
    channels = Channel.objects.filter(status="active", started_on__lte=today).select_related("agency")
    boxes = MessageBox.objects.filter(is_active=True).select_related("agency")
    if agencies is not None:
        channels, boxes = channels.filter(agency__in=agencies), boxes.filter(agency__in=agencies)
    channels = list(channels)
    last = last_updates(channels, today=today)
    checks = []
    for c in channels:
        if c.kind == "column":
            evaluations = evaluate_column(c.column_class, last_update=last[c.pk], started_on=c.started_on, today=today)
            kind_label = f"栏目 · {c.get_column_class_display()}"
        else:
            rule = rule_for("account", today)
            evaluations = [evaluate(rule, last_update=last[c.pk], started_on=c.started_on, today=today)] if rule else []
            kind_label = c.get_platform_display()
        checks.append(ChannelCheck(target_key=f"channel:{c.pk}", label=c.name, agency=c.agency, kind_label=kind_label,
                                   last_update=last[c.pk], evaluations=tuple(evaluations), channel=c))
    rule = rule_for("message_box", today)
    if rule:
        oldest = dict(Message.objects.filter(status="received", received_on__lte=today, box__in=boxes)
                      .values("box_id").annotate(first=Min("received_on")).values_list("box_id", "first"))
        for box in boxes:
            first = oldest.get(box.pk)
            evaluations = (evaluate(rule, last_update=first, started_on=today, today=today),) if first else ()
            checks.append(ChannelCheck(target_key=f"box:{box.pk}", label=str(box), agency=box.agency,
                                       kind_label="信箱", last_update=first, evaluations=evaluations))
    return checks


def channel_state_counts(checks: list[ChannelCheck]) -> dict[str, int]:
    """Return how many checked targets are ok, warning or stale."""
    counts = {"ok": 0, "warning": 0, "stale": 0}
    for check in checks:
        counts[check.state] += 1
    return counts


def channels_visible(agencies: QuerySet[Agency]) -> QuerySet[Channel]:
    """Return every channel (any status) of the given agencies."""
    return Channel.objects.filter(agency__in=agencies).select_related("agency")


def channel_updates_in_year(channel: Channel, year: int) -> int:
    """Return the channel's recorded updates in `year` (new-media accounts' posts)."""
    return channel.updates.filter(on__year=year).count()


def accounts_summary(agency: Agency, year: int, *, subtree: bool = True) -> dict:
    """Return the new-media accounts active at year end, those closed in the year, and their posts in the year."""
    qs = Channel.objects.filter(kind="account")
    qs = qs.filter(agency__path__startswith=agency.path) if subtree else qs.filter(agency=agency)
    year_end = date(year, 12, 31)
    active = qs.filter(started_on__lte=year_end).exclude(status="closed", status_on__lte=year_end)
    closed = qs.filter(status="closed", status_on__year=year)
    posts = ChannelUpdate.objects.filter(channel__in=qs, on__year=year).count()
    return {"active": active.count(), "closed": [c.agency.short_name or c.agency.name for c in closed.select_related(
        "agency")], "posts": posts}


def submission_counts(agency: Agency, year: int, *, subtree: bool = False) -> dict[str, int]:
    """Return 报送 and 采用 counts for submissions made in `year`."""
    qs = Submission.objects.filter(submitted_on__year=year)
    qs = qs.filter(agency__path__startswith=agency.path) if subtree else qs.filter(agency=agency)
    row = qs.aggregate(submitted=Count("id"), used=Count("id", filter=Q(decision="used")),
                       pending=Count("id", filter=Q(decision="pending")))
    return row
