"""Public pages: apply online, follow a case with its number and query code, supplement, withdraw."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.selectors import agency_get_by_credit_code
from xxgk.platform.errors import DomainError, NotFound
from xxgk.platform.policy import can
from xxgk.platform.selectors import work_calendar

from .forms import ApplicationForm, SupplementReceiveForm, TrackForm
from .models import Case
from .selectors import case_timeline, urgency
from .services import case_receive_supplement, case_submit_online, case_withdraw
from .services.intake import ApplicantDetails, RequestDetails, query_code_hash

SESSION_KEY = "xxgk_tracked_cases"
APPLICANT_FIELDS = ("name", "org_type", "id_type", "id_number", "credit_code", "legal_representative", "contact_name",
                    "phone", "email", "address", "postcode")


def details_from_form(data: dict, files) -> tuple[ApplicantDetails, RequestDetails]:
    """Return the service inputs from a cleaned application or registration form."""
    applicant = ApplicantDetails(kind=data["applicant_kind"], name=data["applicant_name"],
                                 **{f: data.get(f, "") or "" for f in APPLICANT_FIELDS if f != "name"})
    attachments = [(f.name, f.read()) for f in (data.get("attachment1"), data.get("attachment2")) if f]
    request = RequestDetails(title=data["title"], doc_number=data["doc_number"], description=data["description"],
                             form_wanted=data["form_wanted"], delivery_wanted=data["delivery_wanted"],
                             attachments=attachments)
    return applicant, request


def _allowed(request, case: Case) -> bool:
    """Who may look at the public case page: the applicant (query code or own account) and staff who may view it."""
    return _is_applicant(request, case) or can(request.user, "case.view", case)


def _is_applicant(request, case: Case) -> bool:
    """Who may act as the applicant (补正, 撤回): the holder of the query code or the owning account — never staff."""
    if case.pk in request.session.get(SESSION_KEY, []):
        return True
    account = getattr(request.user, "applicant", None) if request.user.is_authenticated else None
    return account is not None and case.applicant_id == account.pk


def _remember(request, case: Case) -> None:
    tracked = request.session.get(SESSION_KEY, [])
    if case.pk not in tracked:
        request.session[SESSION_KEY] = [*tracked, case.pk][-20:]


def apply(request, credit_code: str):
    try:
        agency = agency_get_by_credit_code(credit_code)
    except NotFound as exc:
        raise Http404 from exc
    if not agency.is_active:
        raise Http404
    account = getattr(request.user, "applicant", None) if request.user.is_authenticated else None
    initial = {}
    if account is not None:
        initial = {"applicant_kind": account.kind, "applicant_name": account.name, "org_type": account.org_type,
                   "credit_code": account.credit_code, "phone": account.phone, "email": account.email}
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            applicant, details = details_from_form(form.cleaned_data, request.FILES)
            try:
                case, code = case_submit_online(agency=agency, applicant=applicant, request_details=details,
                                                today=timezone.localdate(), at=timezone.now(), account=account,
                                                request=request)
            except DomainError as exc:
                field = {"applicant_name": "applicant_name"}.get(exc.field, exc.field)
                form.add_error(field if field in form.fields else None, exc.message)
                status = exc.status
            else:
                _remember(request, case)
                return render(request, "cases/public/submitted.html", {"case": case, "query_code": code})
        else:
            status = 400
    return render(request, "cases/public/apply.html", {"form": form, "agency": agency}, status=status)


def track(request):
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            case = Case.objects.filter(number=form.cleaned_data["number"].strip(),
                                       query_code_hash=query_code_hash(form.cleaned_data["query_code"])).first()
            if case is not None:
                _remember(request, case)
                return redirect("cases_public:case", pk=case.pk)
            form.add_error(None, "申请编号或查询码不正确，请核对后重新输入。")
            status = 404
    return render(request, "cases/public/track.html", {"form": form}, status=status)


def case_page(request, pk: int):
    case = get_object_or_404(Case.objects.select_related("agency"), pk=pk)
    if not _allowed(request, case):
        return redirect("cases_public:track")
    deadline_urgency = urgency(case, today=timezone.localdate(), calendar=work_calendar())
    return render(request, "cases/public/case.html", {
        "case": case, "urgency": deadline_urgency,
        "letters": case.documents.filter(visible_to_applicant=True, kind__in=("letter", "information")),
        "events": case_timeline(case), "supplement_form": SupplementReceiveForm(),
    })


@require_POST
def supplement(request, pk: int):
    case = get_object_or_404(Case, pk=pk)
    if not _is_applicant(request, case):
        return redirect("cases_public:track")
    form = SupplementReceiveForm({"received_on": timezone.localdate().isoformat(), "note": request.POST.get("note", "")},
                                 request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            case_receive_supplement(case=case, received_on=timezone.localdate(), at=timezone.now(),
                                    note=form.cleaned_data["note"], request=request,
                                    attachments=[(upload.name, upload.read())] if upload else [],
                                    actor=request.user if request.user.is_authenticated else None)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "补正已提交，答复期限自今日起重新计算。")
    else:
        messages.error(request, "补正内容不完整，请检查后重新提交。")
    return redirect("cases_public:case", pk=case.pk)


@require_POST
def withdraw(request, pk: int):
    case = get_object_or_404(Case, pk=pk)
    if not _is_applicant(request, case):
        return redirect("cases_public:track")
    try:
        case_withdraw(case=case, today=timezone.localdate(), at=timezone.now(), reason=request.POST.get("reason", ""),
                      request=request, actor=request.user if request.user.is_authenticated else None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "申请已撤回。")
    return redirect("cases_public:case", pk=case.pk)


def document(request, pk: int, doc_id: int):
    case = get_object_or_404(Case, pk=pk)
    doc = get_object_or_404(case.documents, pk=doc_id, visible_to_applicant=True)
    if not _allowed(request, case):
        raise Http404
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name, content_type=doc.content_type)
