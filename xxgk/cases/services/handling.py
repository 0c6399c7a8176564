"""Handling steps: each checks its transition, records history, issues the letter the law needs."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from xxgk.core.deadlines import consultation_pause, fee_payment_deadline, rules_for, supplement_notice_deadline
from xxgk.core.fees import FeeInputError, fee_for_application_count, fee_for_pages, fee_rules_for
from xxgk.core.outcomes import outcome_by_code
from xxgk.platform.errors import Conflict, InvalidInput
from xxgk.platform.policy import can
from xxgk.platform.selectors import work_calendar

from ..letter_texts import DECISIONS, DEFAULT_BASIS
from ..models import Case, Consultation, FeeNotice
from ..states import Status
from .common import fmt, issue_letter, notify_applicant, record_event, refresh_due, step_allowed

DEFAULT_SUPPLEMENT_WORKDAYS = 15  # xxgk's default period for the applicant to supplement (not fixed by law)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",), no_key=True).select_related("agency", "agency__parent").get(pk=case.pk)


def _set_status(case: Case, status: Status, *extra_fields: str) -> None:
    case.status = status.value
    case.save(update_fields=["status", *extra_fields])


def case_assign(*, case: Case, handler, today: date, at: datetime, actor=None, request=None) -> Case:
    """Assign the case to a 经办人 of its agency and acknowledge receipt (受理回执)."""
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "assign")
        if not can(handler, "agency.handle", case.agency):
            raise InvalidInput(f"“{handler}”不是“{case.agency.name}”的经办人，不能分办给他。", field="handler")
        first = case.status == Status.RECEIVED
        case.handler = handler
        _set_status(case, Status.PROCESSING, "handler")
        record_event(case, kind="assigned", at=at, on=today, actor=actor, request=request,
                     summary=f"分办给经办人{handler}", data={"handler": handler.username})
        if first:
            issue_letter(case, kind="acknowledgment", on=today, at=at, variables={})
    return case


def case_request_supplement(*, case: Case, items: str, today: date, at: datetime, actor=None, request=None,
                            period_workdays: int = DEFAULT_SUPPLEMENT_WORKDAYS) -> Case:
    """Send the one 补正 notice (第30条) within 7 working days of receipt; the reply clock stops."""
    if not items.strip():
        raise InvalidInput("请写明需要补正的事项。", field="items")
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "request_supplement")
        if case.supplement_requested_on is not None:
            raise Conflict("补正只能一次性告知，本案已发出过补正告知书。")
        calendar = work_calendar()
        last_day = supplement_notice_deadline(calendar, received=case.received_on).due
        if today > last_day:
            raise Conflict(f"补正告知应在收到申请之日起7个工作日内（{last_day}前）发出，现已超过期限。")
        case.supplement_requested_on = today
        case.supplement_items = items.strip()
        case.supplement_due_on = calendar.add_working_days(today, period_workdays)
        case.due_on = None
        _set_status(case, Status.AWAITING_SUPPLEMENT, "supplement_requested_on", "supplement_items",
                    "supplement_due_on", "due_on")
        record_event(case, kind="supplement_requested", at=at, on=today, actor=actor, request=request,
                     summary=f"发出补正告知书，补正期限{case.supplement_due_on}",
                     data={"items": case.supplement_items, "supplement_due_on": case.supplement_due_on.isoformat()})
        issue_letter(case, kind="supplement_notice", on=today, at=at, variables={"items": case.supplement_items})
        notify_applicant(case, subject=f"请补正政府信息公开申请（{case.number}）",
                         body=f"需补正的内容：{case.supplement_items}\n补正期限：{case.supplement_due_on}")
    return case


def case_receive_supplement(*, case: Case, received_on: date, at: datetime, note: str = "", actor=None,
                            attachments: list[tuple[str, bytes]] = (), request=None) -> Case:
    """Record the supplement; the 20 working days restart from its receipt."""
    from xxgk.platform.uploads import check_upload

    from .common import store_document

    uploads = [check_upload(name, data) for name, data in attachments]
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "receive_supplement")
        if received_on < case.supplement_requested_on:
            raise InvalidInput("补正收到日期不能早于补正告知日期。", field="received_on")
        case.supplement_received_on = received_on
        _set_status(case, Status.PROCESSING if case.handler_id else Status.RECEIVED, "supplement_received_on")
        for upload in uploads:
            store_document(case, kind="supplement", name=upload.name, content_type=upload.content_type,
                           data=upload.data, at=at)
        refresh_due(case)
        record_event(case, kind="supplement_received", at=at, on=received_on, actor=actor, request=request,
                     summary=f"收到补正，答复期限重新计算为{case.due_on}", data={"note": note, "files": len(uploads)})
    return case


def case_close_no_supplement(*, case: Case, today: date, at: datetime, actor=None, request=None) -> Case:
    """Close as 其他处理 — 逾期不补正, only after the supplement period has run out."""
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "close_no_supplement")
        if today <= case.supplement_due_on:
            raise Conflict(f"补正期限（{case.supplement_due_on}）尚未届满，不能按逾期不补正办结。")
        _conclude(case, outcome="other_no_supplement", today=today, at=at, actor=actor, request=request,
                  basis=DEFAULT_BASIS["unable_still_unclear"], reasons="申请人无正当理由逾期不补正。",
                  letter="closure_no_supplement", variables={})
    return case


def case_consult(*, case: Case, kind: str, party: str, sent_on: date, at: datetime, reason: str = "",
                 actor=None, request=None) -> Consultation:
    """Consult a third party (第32条) or another agency (第34条); its working days are not counted."""
    if kind not in dict(Consultation.KINDS):
        raise InvalidInput("征求意见类别无效。", field="kind")
    if not party.strip():
        raise InvalidInput("请填写被征求意见方。", field="party")
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "consult")
        if sent_on < case.received_on:
            raise InvalidInput("征求意见日期不能早于收到申请日期。", field="sent_on")
        if case.consultations.filter(answered_on__isnull=True, window_ends_on__gte=sent_on, party=party).exists():
            raise Conflict(f"已向“{party}”征求意见且尚未答复。")
        calendar = work_calendar()
        window_end = consultation_pause(calendar, sent_on=sent_on).end
        consultation = Consultation.objects.create(case=case, kind=kind, party=party.strip(), sent_on=sent_on,
                                                   window_ends_on=window_end)
        refresh_due(case)
        article = "三十二" if kind == "third_party" else "三十四"
        record_event(case, kind="consulted", at=at, on=sent_on, actor=actor, request=request,
                     summary=f"{consultation.get_kind_display()}：{party}，答复期限{window_end}，答复期限顺延为{case.due_on}",
                     data={"kind": kind, "party": party, "window_ends_on": window_end.isoformat()})
        issue_letter(case, kind="consultation_letter", on=sent_on, at=at, variables={
            "party": party, "article": article, "window_end": fmt(window_end),
            "consult_reason": reason or ("可能损害第三方合法权益" if kind == "third_party" else "由多个行政机关共同制作")})
    return consultation


def case_record_consultation_answer(*, consultation: Consultation, answer: str, answered_on: date | None,
                                    at: datetime, note: str = "", actor=None, request=None) -> Consultation:
    """Record consent, objection, or no answer (the whole window then stays paused)."""
    if answer not in dict(Consultation.ANSWERS):
        raise InvalidInput("意见类别无效。", field="answer")
    with transaction.atomic():
        case = _locked(consultation.case)
        step_allowed(case, "record_consultation_answer")
        consultation = Consultation.objects.select_for_update(no_key=True).get(pk=consultation.pk)
        if consultation.answer:
            raise Conflict("该征求意见已登记过答复。")
        if answer == "none":
            answered_on = None
        elif answered_on is None or answered_on < consultation.sent_on:
            raise InvalidInput("请填写不早于发出日期的答复日期。", field="answered_on")
        elif answered_on > consultation.window_ends_on:
            # A late answer: the pause still ends with the window (第32条: the agency decides).
            answered_on = consultation.window_ends_on
        consultation.answer, consultation.answered_on, consultation.answer_note = answer, answered_on, note
        consultation.save(update_fields=["answer", "answered_on", "answer_note"])
        refresh_due(case)
        record_event(case, kind="consultation_answered", at=at, on=answered_on or consultation.window_ends_on,
                     actor=actor, request=request,
                     summary=f"{consultation.party}：{consultation.get_answer_display()}，答复期限为{case.due_on}",
                     data={"party": consultation.party, "answer": answer})
    return consultation


def case_extend(*, case: Case, approver, reason: str, today: date, at: datetime, workdays: int | None = None,
                request=None) -> Case:
    """Extend once, by at most the rule's maximum, approved by the 负责人, before the due date passes."""
    if not reason.strip():
        raise InvalidInput("请填写延期理由。", field="reason")
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "extend")
        if not can(approver, "agency.approve", case.agency):
            raise InvalidInput("延期答复须经本机关负责人批准，当前用户不是负责人。", field="approver")
        if case.extension_workdays:
            raise Conflict("答复期限只能延长一次，本案已经延期。")
        if case.due_on and today > case.due_on:
            raise Conflict(f"答复期限已于{case.due_on}届满，不能再延期。")
        maximum = rules_for(case.received_on).extension_max_workdays
        workdays = maximum if workdays is None else workdays
        if not 1 <= workdays <= maximum:
            raise InvalidInput(f"延长期限应为1至{maximum}个工作日。", field="workdays")
        case.extension_workdays, case.extended_on = workdays, today
        case.extension_approved_by, case.extension_reason = approver, reason.strip()
        case.save(update_fields=["extension_workdays", "extended_on", "extension_approved_by", "extension_reason"])
        old, new = refresh_due(case)
        record_event(case, kind="extended", at=at, on=today, actor=approver, request=request,
                     summary=f"经负责人{approver}批准延期{workdays}个工作日，答复期限由{old}延至{new}",
                     data={"workdays": workdays, "from": str(old), "to": str(new), "reason": case.extension_reason})
        issue_letter(case, kind="extension_notice", on=today, at=at, variables={
            "extension_reason": case.extension_reason, "extension_workdays": str(workdays)})
        notify_applicant(case, subject=f"政府信息公开申请延期答复（{case.number}）", body=f"延长后的答复期限：{new}")
    return case


def monthly_application_position(case: Case) -> int:
    """Return which application this is for its applicant in its agency in the natural month."""
    first = case.received_on.replace(day=1)
    return Case.objects.filter(agency=case.agency, applicant_key=case.applicant_key, received_on__gte=first,
                               received_on__lte=case.received_on, id__lte=case.id).count()


def case_issue_fee_notice(*, case: Case, method: str, today: date, at: datetime, pages: int | None = None,
                          actor=None, request=None) -> FeeNotice:
    """Compute the 信息处理费 by the standard and send the notice; the clock pauses until payment."""
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "issue_fee_notice")
        try:
            rules = fee_rules_for(today)
            if method == "per_application":
                count = monthly_application_position(case)
                amount = fee_for_application_count(count, rules)
                detail = f"本月第{count}件申请"
            elif method == "per_page":
                if pages is None:
                    raise FeeInputError("按量计收须填写页数。")
                count, amount = pages, fee_for_pages(pages, rules)
                detail = f"共{pages}页"
            else:
                raise FeeInputError("计收方式应为按件计收或按量计收。")
        except FeeInputError as exc:
            raise InvalidInput(str(exc), field="method") from exc
        if amount == 0:
            raise Conflict(f"按{dict(FeeNotice.METHODS)[method]}，{detail}在免费范围内，不应收费。")
        pay_by = fee_payment_deadline(work_calendar(), notice_on=today).due
        notice = FeeNotice.objects.create(case=case, method=method, basis_count=count, amount_yuan=amount,
                                          issued_on=today, pay_by=pay_by)
        _set_status(case, Status.AWAITING_FEE)
        refresh_due(case)
        record_event(case, kind="fee_notice", at=at, on=today, actor=actor, request=request,
                     summary=f"发出收费通知：{detail}，{amount}元，缴费期限{pay_by}",
                     data={"method": method, "count": count, "amount_yuan": amount})
        issue_letter(case, kind="fee_notice", on=today, at=at, variables={
            "fee_method": notice.get_method_display(), "fee_detail": detail, "amount": str(amount),
            "pay_by": fmt(pay_by)})
    return notice


def case_record_payment(*, case: Case, paid_on: date, at: datetime, actor=None, request=None) -> Case:
    """Record payment (no gateway); the clock resumes the day after."""
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "record_payment")
        notice = case.fee_notice
        if paid_on < notice.issued_on:
            raise InvalidInput("缴费日期不能早于收费通知日期。", field="paid_on")
        if paid_on > notice.pay_by:
            raise Conflict(f"缴费期限为{notice.pay_by}，逾期缴费应按逾期未缴费办结。")
        notice.paid_on = paid_on
        notice.save(update_fields=["paid_on"])
        _set_status(case, Status.PROCESSING)
        refresh_due(case)
        record_event(case, kind="fee_paid", at=at, on=paid_on, actor=actor, request=request,
                     summary=f"登记缴费{notice.amount_yuan}元，答复期限为{case.due_on}",
                     data={"amount_yuan": notice.amount_yuan})
    return case


def case_close_fee_unpaid(*, case: Case, today: date, at: datetime, actor=None, request=None) -> Case:
    """Close as 其他处理 — 逾期未缴费, only after the payment period has run out."""
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "close_fee_unpaid")
        notice = case.fee_notice
        if today <= notice.pay_by:
            raise Conflict(f"缴费期限（{notice.pay_by}）尚未届满，不能按逾期未缴费办结。")
        _conclude(case, outcome="other_fee_unpaid", today=today, at=at, actor=actor, request=request,
                  basis="《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", reasons="申请人逾期未缴纳信息处理费。",
                  letter="closure_fee_unpaid", variables={"fee_issued": fmt(notice.issued_on),
                                                          "pay_by": fmt(notice.pay_by)})
    return case


CLOSING_ONLY = {"other_no_supplement", "other_fee_unpaid"}


def case_decide(*, case: Case, outcome: str, today: date, at: datetime, reasons: str = "", basis: str = "",
                withheld: str = "", access_info: str = "", information: list[tuple[str, bytes]] = (), actor=None,
                request=None) -> Case:
    """Decide with exactly one leaf outcome, its basis and reasons, and issue the 答复告知书.

    `information` are the files disclosed with the reply (checked by content), shown to the applicant.
    """
    from xxgk.platform.uploads import check_upload

    from .common import store_document

    files = [check_upload(name, data) for name, data in information]
    known = outcome_by_code()
    if outcome not in known:
        raise InvalidInput("办理结果无效，请从年度报告的办理结果中选择一项。", field="outcome")
    if outcome in CLOSING_ONLY:
        raise InvalidInput("逾期不补正、逾期未缴费应通过相应的办结操作处理。", field="outcome")
    if outcome != "granted" and not reasons.strip():
        raise InvalidInput("除予以公开外，答复须写明理由。", field="reasons")
    if outcome == "partial" and not withheld.strip():
        raise InvalidInput("部分公开须写明不予公开的部分及理由。", field="withheld")
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "decide")
        if outcome == "unable_still_unclear" and case.supplement_received_on is None:
            raise Conflict("只有经补正后申请内容仍不明确的，才能按“补正后申请内容仍不明确”答复。")
        if case.consultations.filter(answer="", answered_on__isnull=True).exists():
            raise Conflict("尚有征求意见未登记答复，请先登记答复或逾期未答复。")
        case.withheld, case.access_info = withheld.strip(), access_info.strip()
        for f in files:
            store_document(case, kind="information", name=f.name, content_type=f.content_type, data=f.data, at=at)
        if files and not case.access_info:
            case.access_info = "所公开的信息随本告知书附送：" + "、".join(f.name for f in files) + "。"
        group = outcome.split("_")[0] if outcome not in ("granted", "partial") else outcome
        variables = {
            "decision": DECISIONS[group] + ("" if known[outcome].item == "" else f"（{known[outcome].item}）"),
            "reasons_paragraph": f"理由：{reasons.strip()}\n" if reasons.strip() else "",
            "withheld_paragraph": f"不予公开的部分及理由：{case.withheld}\n" if case.withheld else "",
            "access_paragraph": f"获取方式：{case.access_info}\n" if case.access_info else "",
        }
        _conclude(case, outcome=outcome, today=today, at=at, actor=actor, request=request,
                  basis=basis.strip() or DEFAULT_BASIS.get(outcome, ""), reasons=reasons.strip(), letter="reply",
                  variables=variables, extra_fields=("withheld", "access_info"))
    return case


def case_withdraw(*, case: Case, today: date, at: datetime, reason: str = "", actor=None, request=None) -> Case:
    """The applicant withdraws: concluded as 其他处理 — 其他."""
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "withdraw")
        _conclude(case, outcome="other_misc", today=today, at=at, actor=actor, request=request,
                  basis=DEFAULT_BASIS["other_misc"], reasons=f"申请人撤回申请。{reason.strip()}".strip(),
                  letter="withdrawal", variables={"withdrawn_on": fmt(today)})
    return case


def case_record_delivery(*, case: Case, method: str, delivered_on: date, at: datetime, tracking_number: str = "",
                         actor=None, request=None) -> Case:
    """Record how and when the reply reached the applicant (送达)."""
    if method not in dict(Case.DELIVERY_CHOICES):
        raise InvalidInput("送达方式无效。", field="method")
    if method == "post" and not tracking_number.strip():
        raise InvalidInput("邮寄送达请填写邮件单号。", field="tracking_number")
    with transaction.atomic():
        case = _locked(case)
        step_allowed(case, "record_delivery")
        if delivered_on < case.replied_on:
            raise InvalidInput("送达日期不能早于答复日期。", field="delivered_on")
        case.delivery_method, case.delivered_on = method, delivered_on
        case.tracking_number = tracking_number.strip()
        case.save(update_fields=["delivery_method", "delivered_on", "tracking_number"])
        record_event(case, kind="delivered", at=at, on=delivered_on, actor=actor, request=request,
                     summary=f"答复已送达（{case.get_delivery_method_display()}）"
                             + (f"，单号{case.tracking_number}" if case.tracking_number else ""),
                     data={"method": method, "tracking_number": case.tracking_number})
    return case


def _conclude(case: Case, *, outcome: str, today: date, at: datetime, actor, request, basis: str, reasons: str,
              letter: str, variables: dict, extra_fields: tuple[str, ...] = ()) -> None:
    case.outcome, case.outcome_basis, case.outcome_reasons = outcome, basis, reasons
    case.replied_on = today
    case.replied_late = case.due_on is not None and today > case.due_on
    _set_status(case, Status.CONCLUDED, "outcome", "outcome_basis", "outcome_reasons", "replied_on",
                "replied_late", *extra_fields)
    label = outcome_by_code()[outcome].ledger_label
    record_event(case, kind="concluded", at=at, on=today, actor=actor, request=request,
                 summary=f"办结：{label}" + ("（逾期答复）" if case.replied_late else ""),
                 data={"outcome": outcome, "late": case.replied_late})
    issue_letter(case, kind=letter, on=today, at=at, variables={**variables, "basis": basis})
    notify_applicant(case, subject=f"政府信息公开申请已办结（{case.number}）",
                     body=f"办理结果：{label}。请登录平台或凭查询码查看答复告知书。")


def case_recompute_due(*, case: Case, at: datetime, reason: str, actor=None) -> bool:
    """Recompute an open case's due date (e.g. after a calendar change); record it if it moved."""
    with transaction.atomic():
        case = _locked(case)
        if not case.is_open:
            return False
        old_due, old_provisional = case.due_on, case.due_provisional
        _, new = refresh_due(case)
        if new == old_due and case.due_provisional == old_provisional:
            return False
        record_event(case, kind="deadline_recomputed", at=at, on=timezone.localdate(at), actor=actor,
                     summary=f"{reason}：答复期限由{old_due}{'（暂定）' if old_provisional else ''}重新计算为"
                             f"{new}{'（暂定）' if case.due_provisional else ''}",
                     data={"from": str(old_due), "to": str(new), "provisional": case.due_provisional})
    return True
