"""Workspace pages for cases: inbox, registration, case file with its steps, ledger, appeals."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency, Role, User
from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.platform.errors import DomainError, InvalidInput
from xxgk.platform.policy import can, require
from xxgk.platform.selectors import work_calendar
from xxgk.workspace.views import staff_required

from . import forms as f
from .ledger import case_to_row, write_csv, write_xlsx
from .models import Appeal, Case
from .selectors import appeals_of, case_timeline, inbox, ledger_cases, urgency
from .services import (
    appeal_conclude,
    appeal_register,
    case_assign,
    case_close_fee_unpaid,
    case_close_no_supplement,
    case_consult,
    case_decide,
    case_extend,
    case_issue_fee_notice,
    case_receive_supplement,
    case_record_consultation_answer,
    case_record_delivery,
    case_record_payment,
    case_register,
    case_request_supplement,
    case_withdraw,
)
from .services.common import case_deadline
from .services.ledger import LedgerRejected, ledger_import
from .states import STATUS_LABELS, TRANSITIONS, Status
from .views_public import details_from_form


def _handlers(agency: Agency):
    return User.objects.filter(memberships__agency=agency, memberships__role=Role.HANDLER).order_by("username")


INBOX_PAGE_SIZE = 50


@staff_required
def case_inbox(request):
    status = request.GET.get("status", "")
    today, calendar = timezone.localdate(), work_calendar()
    page = Paginator(inbox(request.user, status=status), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, urgency(c, today=today, calendar=calendar)) for c in page.object_list]
    agencies = [a for a in agencies_with_records_visible_to(request.user).filter(is_active=True)
                if can(request.user, "case.register", a)]
    return render(request, "cases/staff/inbox.html", {
        "rows": rows, "page": page, "status": status,
        "statuses": [(s.value, STATUS_LABELS[s]) for s in Status if s != "concluded"],
        "registrable": agencies, "exportable": agencies_with_records_visible_to(request.user).order_by("path"),
    })


@staff_required
def case_new(request):
    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, "case.register", agency, request=request, message="只有本机关的经办人可以登记申请。")
    form = f.RegistrationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            applicant, details = details_from_form(d, request.FILES)
            try:
                case, code = case_register(agency=agency, applicant=applicant, request_details=details,
                                           channel=d["channel"], submitted_on=d["submitted_on"],
                                           signed_on=d["signed_on"], confirmed_on=d["confirmed_on"],
                                           at=timezone.now(), actor=request.user, request=request)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, f"已登记申请 {case.number}，查询码 {code}（请告知申请人）。")
                return redirect("workspace:case_detail", pk=case.pk)
    return render(request, "cases/staff/new.html", {"form": form, "agency": agency}, status=status)


def _case_for(request, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("agency", "handler", "extension_approved_by"), pk=pk)
    require(request.user, "case.view", case, request=request,
            message=f"您不能查看“{case.agency.name}”的依申请公开案件。")
    return case


@staff_required
def case_detail(request, pk: int):
    case = _case_for(request, pk)
    deadline = case_deadline(case) if case.is_open else None
    steps = {step for step, allowed in TRANSITIONS.items() if case.status in allowed}
    handle = can(request.user, "case.handle", case)
    return render(request, "cases/staff/detail.html", {
        "case": case, "deadline": deadline, "events": case_timeline(case), "documents": case.documents.all(),
        "consultations": case.consultations.all(), "fee_notice": getattr(case, "fee_notice", None),
        "urgency": urgency(case, today=timezone.localdate(), calendar=work_calendar()),
        "can_handle": handle, "can_approve": can(request.user, "case.approve", case), "steps": steps,
        "forms": {
            "assign": f.AssignForm(handlers=_handlers(case.agency), auto_id="id_assign_%s",
                                   initial={"handler": case.handler_id or request.user.pk}),
            **{step: form_class(auto_id=f"id_{step}_%s") for step, form_class in (
                ("request_supplement", f.SupplementRequestForm), ("receive_supplement", f.SupplementReceiveForm),
                ("consult", f.ConsultForm), ("extend", f.ExtendForm), ("issue_fee_notice", f.FeeNoticeForm),
                ("record_payment", f.PaymentForm), ("decide", f.DecideForm), ("withdraw", f.WithdrawForm),
                ("record_delivery", f.DeliveryForm))},
        },
        "answer_form": f.ConsultAnswerForm(),
        "duplicate": case.duplicate_of,
    })


def _run_step(request, case: Case, step: str):
    """Validate the step's form and call its service; return None on success or an error message."""
    today, now, user = timezone.localdate(), timezone.now(), request.user
    common = {"at": now, "request": request}
    forms_by_step = {
        "assign": lambda: f.AssignForm(request.POST, handlers=_handlers(case.agency)),
        "request_supplement": lambda: f.SupplementRequestForm(request.POST),
        "receive_supplement": lambda: f.SupplementReceiveForm(request.POST, request.FILES),
        "close_no_supplement": lambda: f.WithdrawForm(request.POST),
        "consult": lambda: f.ConsultForm(request.POST), "record_consultation_answer": lambda: f.ConsultAnswerForm(request.POST),
        "extend": lambda: f.ExtendForm(request.POST), "issue_fee_notice": lambda: f.FeeNoticeForm(request.POST),
        "record_payment": lambda: f.PaymentForm(request.POST), "close_fee_unpaid": lambda: f.WithdrawForm(request.POST),
        "decide": lambda: f.DecideForm(request.POST, request.FILES), "withdraw": lambda: f.WithdrawForm(request.POST),
        "record_delivery": lambda: f.DeliveryForm(request.POST),
    }
    if step not in forms_by_step:
        raise Http404
    action = "case.approve" if step == "extend" else "case.handle"
    require(user, action, case, request=request, message="您不能办理该案件的这一步骤。"
            if action == "case.handle" else "延期答复须由本机关负责人批准。")
    form = forms_by_step[step]()
    if not form.is_valid():
        return "；".join(f"{form.fields[k].label if k in form.fields else ''}{'：' if k in form.fields else ''}{e}"
                        for k, errs in form.errors.items() for e in errs)
    d = form.cleaned_data
    if step == "assign":
        case_assign(case=case, handler=d["handler"], today=today, actor=user, **common)
    elif step == "request_supplement":
        case_request_supplement(case=case, items=d["items"], today=today, actor=user, **common)
    elif step == "receive_supplement":
        upload = d.get("file")
        case_receive_supplement(case=case, received_on=d["received_on"], note=d["note"], actor=user,
                                attachments=[(upload.name, upload.read())] if upload else [], **common)
    elif step == "close_no_supplement":
        case_close_no_supplement(case=case, today=today, actor=user, **common)
    elif step == "consult":
        case_consult(case=case, kind=d["kind"], party=d["party"], sent_on=d["sent_on"], reason=d["reason"],
                     actor=user, **common)
    elif step == "record_consultation_answer":
        consultation = get_object_or_404(case.consultations, pk=d["consultation"])
        case_record_consultation_answer(consultation=consultation, answer=d["answer"], answered_on=d["answered_on"],
                                        note=d["note"], actor=user, **common)
    elif step == "extend":
        case_extend(case=case, approver=user, reason=d["reason"], workdays=d["workdays"], today=today, **common)
    elif step == "issue_fee_notice":
        case_issue_fee_notice(case=case, method=d["method"], pages=d["pages"], today=today, actor=user, **common)
    elif step == "record_payment":
        case_record_payment(case=case, paid_on=d["paid_on"], actor=user, **common)
    elif step == "close_fee_unpaid":
        case_close_fee_unpaid(case=case, today=today, actor=user, **common)
    elif step == "decide":
        info = d.get("information")
        case_decide(case=case, outcome=d["outcome"], basis=d["basis"], reasons=d["reasons"], withheld=d["withheld"],
                    access_info=d["access_info"], information=[(info.name, info.read())] if info else [],
                    today=today, actor=user, **common)
    elif step == "withdraw":
        case_withdraw(case=case, today=today, reason=d["reason"], actor=user, **common)
    elif step == "record_delivery":
        case_record_delivery(case=case, method=d["method"], delivered_on=d["delivered_on"],
                             tracking_number=d["tracking_number"], actor=user, **common)
    return None


@staff_required
@require_POST
def case_step(request, pk: int, step: str):
    case = _case_for(request, pk)
    try:
        error = _run_step(request, case, step)
    except DomainError as exc:
        return render(request, "platform/error.html", {"title": "无法办理", "message": exc.message,
                                                      "back": request.path.rsplit("/", 3)[0] + "/"}, status=exc.status)
    if error:
        return render(request, "platform/error.html", {"title": "填写有误", "message": error}, status=400)
    messages.success(request, "已办理。")
    return redirect("workspace:case_detail", pk=case.pk)


@staff_required
def case_document(request, pk: int, doc_id: int):
    case = _case_for(request, pk)
    doc = get_object_or_404(case.documents, pk=doc_id)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name, content_type=doc.content_type)


@staff_required
def ledger_export(request):
    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or 0)
    require(request.user, "case.export", agency, request=request, message="您不能导出该机关的台账。")
    year = request.GET.get("year", "").strip()
    if year and not year.isdigit():
        raise InvalidInput("年份应为4位数字。")
    rows = [case_to_row(c) for c in ledger_cases(agency, year=int(year) if year else None)]
    as_csv = request.GET.get("format") == "csv"
    data = write_csv(rows) if as_csv else write_xlsx(rows)
    suffix = "csv" if as_csv else "xlsx"
    response = HttpResponse(data, content_type="text/csv; charset=utf-8" if as_csv else
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ledger-{agency.credit_code}-{year or "all"}.{suffix}"'
    return response


@staff_required
def ledger_import_view(request):
    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, "case.import", agency, request=request, message="只有负责人、公开办或系统管理员可以导入台账。")
    form = f.LedgerImportForm(request.POST or None, request.FILES or None)
    problems, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                cases = ledger_import(agency=agency, name=upload.name, data=upload.read(), at=timezone.now(),
                                      actor=request.user, request=request)
            except LedgerRejected as exc:
                problems = exc.errors.lines()
            except DomainError as exc:
                problems = [exc.message]
            else:
                messages.success(request, f"已导入{len(cases)}件案件。")
                return redirect("workspace:case_inbox")
    return render(request, "cases/staff/import.html", {"form": form, "agency": agency, "problems": problems},
                  status=status)


@staff_required
def appeal_list(request):
    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, "agency.view_records", agency, request=request, message="您不能查看该机关的复议诉讼记录。")
    can_manage = can(request.user, "appeal.manage", agency)
    form, status = f.AppealForm(request.POST or None), 200
    if request.method == "POST":
        require(request.user, "appeal.manage", agency, request=request, message="您不能登记该机关的复议诉讼。")
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            case = None
            if d["case_number"]:
                case = Case.objects.filter(agency=agency, number=d["case_number"].strip()).first()
                if case is None:
                    form.add_error("case_number", "本机关没有这个案件编号。")
            if not form.errors:
                try:
                    appeal_register(agency=agency, kind=d["kind"], filed_on=d["filed_on"], case=case, body=d["body"],
                                    note=d["note"], at=timezone.now(), actor=request.user, request=request)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, "已登记。")
                    return redirect(f"{request.path}?agency={agency.pk}")
    return render(request, "cases/staff/appeals.html", {
        "agency": agency, "appeals": appeals_of(agency), "form": form, "can_manage": can_manage,
        "conclude_form": f.AppealConcludeForm()}, status=status)


@staff_required
@require_POST
def appeal_conclude_view(request, pk: int):
    appeal = get_object_or_404(Appeal.objects.select_related("agency"), pk=pk)
    require(request.user, "appeal.manage", appeal.agency, request=request, message="您不能办理该机关的复议诉讼。")
    form = f.AppealConcludeForm(request.POST)
    if not form.is_valid():
        return render(request, "platform/error.html", {"title": "填写有误", "message": "请选择结果并填写审结日期。"}, status=400)
    appeal_conclude(appeal=appeal, outcome=form.cleaned_data["outcome"], concluded_on=form.cleaned_data["concluded_on"],
                    at=timezone.now(), actor=request.user, request=request)
    messages.success(request, "已登记审结结果。")
    return redirect(f"/workspace/appeals/?agency={appeal.agency_id}")


LETTER_KIND_LABELS = {
    "acknowledgment": "受理回执", "supplement_notice": "补正申请告知书", "consultation_letter": "征求意见函",
    "extension_notice": "延期答复告知书", "fee_notice": "收费通知书", "reply": "答复告知书",
    "closure_no_supplement": "逾期不补正终止告知书", "closure_fee_unpaid": "逾期未缴费终止告知书",
    "withdrawal": "撤回申请确认书",
}


@staff_required
def letter_templates(request):
    """List and edit the agency's letter wording (负责人, its 公开办, 系统管理员)."""
    from .letter_texts import LETTERS
    from .models import LetterTemplate
    from .services.letter_templates import letter_template_reset, letter_template_save

    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, "letters.edit", agency, request=request, message="您不能修改该机关的文书模板。")
    status, errors = 200, {}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if request.POST.get("reset"):
            letter_template_reset(agency=agency, kind=kind, at=timezone.now(), actor=request.user, request=request)
            messages.success(request, "已恢复为默认文书。")
            return redirect(f"{request.path}?agency={agency.pk}")
        form = f.LetterTemplateForm(request.POST)
        try:
            if not form.is_valid():
                raise InvalidInput("标题和正文都不能为空。")
            letter_template_save(agency=agency, kind=kind, title=form.cleaned_data["title"],
                                 body=form.cleaned_data["body"], at=timezone.now(), actor=request.user, request=request)
        except DomainError as exc:
            errors[kind], status = exc.message, exc.status
        else:
            messages.success(request, "文书模板已保存，此后生成的文书将使用新的措辞。")
            return redirect(f"{request.path}?agency={agency.pk}")
    custom = {t.kind: t for t in LetterTemplate.objects.filter(agency=agency)}
    rows = []
    for kind, (title, body) in LETTERS.items():
        own = custom.get(kind)
        initial = {"title": own.title if own else title, "body": own.body if own else body}
        rows.append({"kind": kind, "label": LETTER_KIND_LABELS[kind], "custom": own is not None,
                     "form": f.LetterTemplateForm(initial=initial, auto_id=f"id_{kind}_%s"), "error": errors.get(kind)})
    return render(request, "cases/staff/letters.html", {"agency": agency, "rows": rows}, status=status)
