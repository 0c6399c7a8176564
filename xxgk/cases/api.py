"""REST operations for cases: list, read with deadline explanation, submit, and the main handling steps."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from xxgk.agencies.selectors import agency_get_by_credit_code
from xxgk.api.auth import csrf_when_signed_in
from xxgk.api.schemas import ErrorOut, Id, Limit, Offset
from xxgk.platform.policy import require

from .models import Case
from .selectors import case_timeline, cases_of_applicant, cases_visible_to
from .services import case_decide, case_extend, case_request_supplement, case_submit_online, case_withdraw
from .services.common import case_deadline
from .services.intake import ApplicantDetails, RequestDetails

router = Router(tags=["依申请公开"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class CaseOut(Schema):
    id: int
    agency: str
    number: str
    status: str
    title: str
    applicant_kind: str
    received_on: date
    due_on: date | None
    due_provisional: bool
    outcome: str
    replied_on: date | None

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.credit_code


class EventOut(Schema):
    on: date
    kind: str
    summary: str


class CaseDetailOut(CaseOut):
    events: list[EventOut]
    deadline_explanation: str | None

    @staticmethod
    def resolve_events(obj):
        return list(case_timeline(obj))

    @staticmethod
    def resolve_deadline_explanation(obj):
        deadline = case_deadline(obj) if obj.is_open else None
        return deadline.explanation if deadline else None


class ApplicationIn(Schema):
    agency: str
    applicant_kind: str
    applicant_name: str
    id_type: str = ""
    id_number: str = ""
    org_type: str = ""
    credit_code: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    title: str
    doc_number: str = ""
    description: str = ""
    form_wanted: str = "electronic"
    delivery_wanted: str = "email"


class SubmittedOut(Schema):
    id: int
    number: str
    query_code: str
    due_on: date | None


class DecisionIn(Schema):
    outcome: str
    reasons: str = ""
    basis: str = ""
    withheld: str = ""
    access_info: str = ""


class SupplementIn(Schema):
    items: str


class ExtensionIn(Schema):
    reason: str
    workdays: int = 20


def _visible(request, pk: Id) -> Case:
    case = get_object_or_404(Case.objects.select_related("agency"), pk=pk)
    require(request.user, "case.view", case, request=request, message="您不能查看该案件。")
    return case


@router.get("/cases", response={200: list[CaseOut], **ERRORS}, auth=django_auth, summary="案件列表")
def list_cases(request, status: str = "", limit: Limit = 100, offset: Offset = 0):
    """Staff see their agencies' cases; applicants see their own."""
    qs = cases_of_applicant(request.user) if hasattr(request.user, "applicant") else cases_visible_to(request.user)
    if status:
        qs = qs.filter(status=status)
    return list(qs.select_related("agency").order_by("-received_on", "-id")[offset:offset + min(limit, 500)])


@router.get("/cases/{pk}", response={200: CaseDetailOut, **ERRORS}, auth=django_auth, summary="案件详情")
def get_case(request, pk: Id):
    return _visible(request, pk)


@router.post("/cases", response={201: SubmittedOut, **ERRORS}, auth=csrf_when_signed_in, summary="在线提交申请")
def submit(request, data: ApplicationIn):
    """Submit an application as the public form does; returns the case number and query code once."""
    agency = agency_get_by_credit_code(data.agency)
    applicant = ApplicantDetails(kind=data.applicant_kind, name=data.applicant_name, id_type=data.id_type,
                                 id_number=data.id_number, org_type=data.org_type, credit_code=data.credit_code,
                                 contact_name=data.contact_name, phone=data.phone, email=data.email,
                                 address=data.address, postcode=data.postcode)
    details = RequestDetails(title=data.title, doc_number=data.doc_number, description=data.description,
                             form_wanted=data.form_wanted, delivery_wanted=data.delivery_wanted)
    account = getattr(request.user, "applicant", None) if request.user.is_authenticated else None
    case, code = case_submit_online(agency=agency, applicant=applicant, request_details=details,
                                    today=timezone.localdate(), at=timezone.now(), account=account, request=request)
    return Status(201, {"id": case.pk, "number": case.number, "query_code": code, "due_on": case.due_on})


@router.post("/cases/{pk}/supplement-request", response={200: CaseOut, **ERRORS}, auth=django_auth,
             summary="补正告知")
def request_supplement(request, pk: Id, data: SupplementIn):
    case = _visible(request, pk)
    require(request.user, "case.handle", case, request=request, message="只有本机关经办人可以办理。")
    return case_request_supplement(case=case, items=data.items, today=timezone.localdate(), at=timezone.now(),
                                   actor=request.user, request=request)


@router.post("/cases/{pk}/extension", response={200: CaseOut, **ERRORS}, auth=django_auth, summary="延期答复")
def extend(request, pk: Id, data: ExtensionIn):
    case = _visible(request, pk)
    require(request.user, "case.approve", case, request=request, message="延期答复须由本机关负责人批准。")
    return case_extend(case=case, approver=request.user, reason=data.reason, workdays=data.workdays,
                       today=timezone.localdate(), at=timezone.now(), request=request)


@router.post("/cases/{pk}/decision", response={200: CaseOut, **ERRORS}, auth=django_auth, summary="作出答复")
def decide(request, pk: Id, data: DecisionIn):
    case = _visible(request, pk)
    require(request.user, "case.handle", case, request=request, message="只有本机关经办人可以办理。")
    return case_decide(case=case, outcome=data.outcome, reasons=data.reasons, basis=data.basis,
                       withheld=data.withheld, access_info=data.access_info, today=timezone.localdate(),
                       at=timezone.now(), actor=request.user, request=request)


@router.post("/cases/{pk}/withdrawal", response={200: CaseOut, **ERRORS}, auth=django_auth, summary="撤回申请")
def withdraw(request, pk: Id):
    case = _visible(request, pk)
    account = getattr(request.user, "applicant", None)
    if account is None or case.applicant_id != account.pk:  # staff may see a case, never withdraw it for the applicant
        raise PermissionDenied("只有申请人本人可以撤回申请。")
    return case_withdraw(case=case, today=timezone.localdate(), at=timezone.now(), actor=request.user,
                         request=request)
