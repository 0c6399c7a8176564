"""复议/诉讼 records about an agency's disclosure work (annual report section 四)."""

from datetime import date, datetime

from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import Conflict, InvalidInput

from ..models import Appeal, Case


def appeal_register(*, agency: Agency, kind: str, filed_on: date, at: datetime, case: Case | None = None,
                    body: str = "", note: str = "", actor=None, request=None) -> Appeal:
    """Record a 行政复议 or 行政诉讼 filed against the agency, optionally linked to a case of its own."""
    if kind not in dict(Appeal.KINDS):
        raise InvalidInput("类别应为行政复议、行政诉讼（未经复议直接起诉）或行政诉讼（复议后起诉）。", field="kind")
    if case is not None and case.agency_id != agency.pk:
        raise InvalidInput("关联的案件不属于该机关。", field="case")
    with transaction.atomic():
        appeal = Appeal.objects.create(agency=agency, case=case, kind=kind, filed_on=filed_on, body=body.strip(),
                                       note=note.strip(), created_at=at)
        audit_record(action="appeal.registered", at=at, actor=actor, request=request, target=appeal, agency=agency,
                     data={"kind": kind, "filed_on": filed_on.isoformat(), "case": case.number if case else None})
    return appeal


def appeal_conclude(*, appeal: Appeal, outcome: str, concluded_on: date, at: datetime, actor=None,
                    request=None) -> Appeal:
    """Record the result (结果维持/纠正/其他) and the date it was concluded."""
    if outcome not in ("maintained", "corrected", "other"):
        raise InvalidInput("审结结果应为结果维持、结果纠正或其他结果。", field="outcome")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update(no_key=True).get(pk=appeal.pk)
        if appeal.outcome != "pending":
            raise Conflict("该复议/诉讼已登记审结结果。")
        if concluded_on < appeal.filed_on:
            raise InvalidInput("审结日期不能早于立案日期。", field="concluded_on")
        appeal.outcome, appeal.concluded_on = outcome, concluded_on
        appeal.save(update_fields=["outcome", "concluded_on"])
        audit_record(action="appeal.concluded", at=at, actor=actor, request=request, target=appeal,
                     agency=appeal.agency, data={"outcome": outcome, "concluded_on": concluded_on.isoformat()})
    return appeal
