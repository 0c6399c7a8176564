"""API operations of the platform: the working-day deadline calculator."""

from datetime import date

from ninja import Query, Router, Schema

from xxgk.api.schemas import ErrorOut
from xxgk.core.deadlines import DeadlineInputError, parse_pause
from xxgk.platform.errors import InvalidInput

from .selectors import reply_deadline_for

router = Router(tags=["期限"])


class DeadlineQuery(Schema):
    received: date
    supplement_received: date | None = None
    pause: list[str] = []
    extended: bool = False
    workdays: int | None = None


class SkippedDay(Schema):
    date: date
    reason: str


class PauseOut(Schema):
    start: date
    end: date
    reason: str


class DeadlineOut(Schema):
    kind: str
    due: date
    provisional: bool
    provisional_reasons: list[str]
    explanation: str
    start: date
    start_reason: str
    workdays: int
    extension_workdays: int
    original_due: date
    basis: str
    pauses: list[PauseOut]
    counted_days: list[date]
    skipped_days: list[SkippedDay]
    makeup_workdays: list[date]


@router.get("/deadline", response={200: DeadlineOut, 400: ErrorOut}, summary="计算答复期限（工作日）")
def deadline(request, q: Query[DeadlineQuery]):
    """Return the reply due date with its explanation; same rules as `xxgk deadline --json`."""
    try:
        if q.workdays is not None and q.workdays < 1:
            raise DeadlineInputError("workdays 必须为正整数。")
        pauses = tuple(parse_pause(p) for p in q.pause)
        result = reply_deadline_for(received=q.received, supplement_received=q.supplement_received,
                                    pauses=pauses, extended=q.extended, workdays=q.workdays)
    except (DeadlineInputError, ValueError) as exc:
        raise InvalidInput(str(exc)) from exc
    return result.to_dict()
