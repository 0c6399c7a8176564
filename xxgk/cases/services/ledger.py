"""Ledger import: validate every row, then create all cases in one transaction (or none)."""

import functools
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from xxgk.agencies.models import Agency
from xxgk.core.deadlines import consultation_pause, fee_pause, reply_deadline, rules_for
from xxgk.platform.audit import audit_record
from xxgk.platform.crypto import keyed_hash
from xxgk.platform.errors import InvalidInput
from xxgk.platform.selectors import work_calendar

from ..ledger import LedgerErrors, LedgerRow, parse_rows, read_table
from ..models import Case, CaseEvent, Consultation, FeeNotice
from ..states import Status


class LedgerRejected(InvalidInput):
    """The ledger had bad rows; `errors` lists each with its line number. Nothing was saved."""

    def __init__(self, errors: LedgerErrors):
        super().__init__("台账有错误，未导入任何案件：\n" + "\n".join(errors.lines()))
        self.errors = errors


def _status(row: LedgerRow) -> str:
    if row.outcome:
        return Status.CONCLUDED.value
    if row.supplement_requested_on and not row.supplement_received_on:
        return Status.AWAITING_SUPPLEMENT.value
    if row.fee_notice_on and not row.paid_on:
        return Status.AWAITING_FEE.value
    return Status.RECEIVED.value  # to be assigned in the new system


@functools.lru_cache(maxsize=65536)
def _deadline(calendar, received, supplement_received, pauses, extension_workdays):
    # A ledger repeats the same dates thousands of times: compute each distinct deadline once.
    return reply_deadline(calendar, received=received, supplement_received=supplement_received, pauses=pauses,
                          extension_workdays=extension_workdays, rules=rules_for(received))


def _build(agency: Agency, row: LedgerRow, at: datetime, calendar) -> tuple[Case, list, FeeNotice | None]:
    rules = rules_for(row.received_on)
    consultations, pauses = [], []
    if row.consultation_start:
        pause = consultation_pause(calendar, sent_on=row.consultation_start, answered_on=row.consultation_end)
        consultations.append(Consultation(kind="third_party", party="（台账导入）", sent_on=row.consultation_start,
                                          window_ends_on=consultation_pause(calendar, sent_on=row.consultation_start).end,
                                          answered_on=row.consultation_end, answer_note="由台账导入"))
        pauses.append(pause)
    notice = None
    if row.fee_notice_on:
        payment = fee_pause(calendar, notice_on=row.fee_notice_on)
        notice = FeeNotice(method="per_application", basis_count=0, amount_yuan=0, issued_on=row.fee_notice_on,
                           pay_by=payment.end, paid_on=row.paid_on)
        pauses.append(fee_pause(calendar, notice_on=row.fee_notice_on, paid_on=row.paid_on))
    awaiting_supplement = row.supplement_requested_on and not row.supplement_received_on
    due = None if awaiting_supplement else _deadline(
        calendar, row.received_on, row.supplement_received_on, tuple(pauses),
        rules.extension_max_workdays if row.extended else 0)
    case = Case(
        agency=agency, number=row.number, status=_status(row), applicant_kind=row.applicant_kind,
        org_type=row.org_type, applicant_name=row.applicant_name,
        applicant_key=keyed_hash(f"name:{row.applicant_kind}:{row.applicant_name}"), title=row.title[:300],
        channel=row.channel, received_on=row.received_on, due_on=due.due if due else None,
        due_provisional=due.provisional if due else False, supplement_requested_on=row.supplement_requested_on,
        supplement_received_on=row.supplement_received_on,
        extension_workdays=rules.extension_max_workdays if row.extended else 0, outcome=row.outcome,
        replied_on=row.replied_on, replied_late=bool(due and row.replied_on and row.replied_on > due.due),
        imported=True, created_at=at,
    )
    return case, consultations, notice


def ledger_import(*, agency: Agency, name: str, data: bytes, at: datetime, actor=None, request=None) -> list[Case]:
    """Import a ledger file into `agency`: all rows or none; a late reply is recorded and flagged."""
    try:
        headers, rows = read_table(name, data)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    parsed, errors = parse_rows(headers, rows)
    existing = set(Case.objects.filter(agency=agency, number__in=[r.number for r in parsed]).values_list(
        "number", flat=True))
    for row in parsed:
        if row.number in existing:
            errors.add(row.line, f"案件编号“{row.number}”在“{agency.name}”已存在，不能重复导入。")
    if not parsed and not errors:
        errors.add(0, "台账中没有任何案件。")
    if errors:
        raise LedgerRejected(errors)
    calendar = work_calendar()
    built = [_build(agency, row, at, calendar) for row in parsed]
    with transaction.atomic():
        cases = Case.objects.bulk_create([case for case, _, _ in built])
        if not all(c.pk for c in cases):  # backends that do not return keys from bulk inserts
            by_number = dict(Case.objects.filter(agency=agency, number__in=[c.number for c in cases]).values_list(
                "number", "id"))
            for case in cases:
                case.pk = case.id = by_number[case.number]
        consultations, notices, events = [], [], []
        today = timezone.localdate(at)
        for case, (_, case_consultations, notice) in zip(cases, built, strict=True):
            for c in case_consultations:
                c.case = case
                consultations.append(c)
            if notice is not None:
                notice.case = case
                notices.append(notice)
            summary = "由台账导入" + ("（逾期答复）" if case.replied_late else "")
            events.append(CaseEvent(case=case, at=at, on=today, actor=actor if actor and actor.is_authenticated else None,
                                    kind="imported", summary=summary, data={"late": case.replied_late}))
        Consultation.objects.bulk_create(consultations)
        FeeNotice.objects.bulk_create(notices)
        CaseEvent.objects.bulk_create(events)
        audit_record(action="case.ledger_imported", at=at, actor=actor, request=request, agency=agency,
                     data={"file": name, "cases": len(cases), "late": sum(c.replied_late for c in cases)})
    return cases
