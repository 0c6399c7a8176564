"""REST operations for monitoring: channels and their checks, update records, 报送/采用."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from xxgk.agencies.selectors import agencies_with_records_visible_to, agency_get_by_credit_code
from xxgk.api.schemas import ErrorOut, Id, Year
from xxgk.platform.policy import require

from . import services
from .models import Submission
from .selectors import channel_checks, channels_visible, submission_counts

router = Router(tags=["渠道监测"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class ChannelOut(Schema):
    id: int
    agency: str
    kind: str
    name: str
    column_class: str
    platform: str
    status: str
    status_on: date | None
    started_on: date

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.credit_code


class ChannelIn(Schema):
    agency: str
    kind: str
    name: str
    started_on: date
    column_class: str = ""
    platform: str = ""
    account_id: str = ""
    url: str = ""
    feed_url: str = ""


class StatusIn(Schema):
    status: str
    on: date
    reason: str = ""


class UpdateIn(Schema):
    on: date
    title: str
    url: str = ""


class CheckOut(Schema):
    target: str
    label: str
    agency: str
    kind: str
    state: str
    last_update: date | None
    findings: list[dict]


class SubmissionIn(Schema):
    agency: str
    title: str
    target: str
    submitted_on: date
    item_index_number: str = ""


class DecisionIn(Schema):
    used: bool
    decided_on: date
    note: str = ""


class SubmissionOut(Schema):
    id: int
    agency: str
    title: str
    target: str
    submitted_on: date
    decision: str
    decided_on: date | None

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.credit_code


def _channel(request, pk: Id):
    return get_object_or_404(channels_visible(agencies_with_records_visible_to(request.user)), pk=pk)


@router.get("/channels", response={200: list[ChannelOut], **ERRORS}, auth=django_auth, summary="渠道列表")
def list_channels(request):
    require(request.user, "workspace.enter", None, request=request, message="只有工作人员可以查看。")
    return list(channels_visible(agencies_with_records_visible_to(request.user)))


@router.post("/channels", response={201: ChannelOut, **ERRORS}, auth=django_auth, summary="登记渠道")
def register(request, data: ChannelIn):
    fields = data.dict()
    agency = agency_get_by_credit_code(fields.pop("agency"))
    return Status(201, services.channel_register(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                                 **fields))


@router.post("/channels/{pk}/status", response={200: ChannelOut, **ERRORS}, auth=django_auth, summary="变更渠道状态")
def set_status(request, pk: Id, data: StatusIn):
    return services.channel_set_status(channel=_channel(request, pk), actor=request.user, at=timezone.now(),
                                       request=request, **data.dict())


@router.post("/channels/{pk}/updates", response={201: dict, **ERRORS}, auth=django_auth, summary="登记更新")
def record_update(request, pk: Id, data: UpdateIn):
    update = services.channel_record_update(channel=_channel(request, pk), actor=request.user, at=timezone.now(),
                                            request=request, **data.dict())
    return Status(201, {"id": update.pk, "on": update.on.isoformat()})


@router.get("/monitoring/checks", response={200: list[CheckOut], **ERRORS}, auth=django_auth, summary="监测结果")
def checks(request, on: date | None = None):
    """Every visible channel and message box judged by the rules in force: which rule, since when."""
    require(request.user, "workspace.enter", None, request=request, message="只有工作人员可以查看。")
    today = on or timezone.localdate()
    out = []
    for c in channel_checks(today=today, agencies=agencies_with_records_visible_to(request.user)):
        out.append({"target": c.target_key, "label": c.label, "agency": c.agency.credit_code, "kind": c.kind_label,
                    "state": c.state, "last_update": c.last_update,
                    "findings": [{"rule": e.rule.id, "label": e.rule.label, "state": e.state,
                                  "stale_on": e.stale_on.isoformat(), "veto": e.rule.veto}
                                 for e in c.evaluations if e.state != "ok"]})
    return out


@router.get("/submissions", response={200: list[SubmissionOut], **ERRORS}, auth=django_auth, summary="报送记录")
def list_submissions(request, year: Year):
    require(request.user, "workspace.enter", None, request=request, message="只有工作人员可以查看。")
    return list(Submission.objects.filter(agency__in=agencies_with_records_visible_to(request.user),
                                          submitted_on__year=year).select_related("agency"))


@router.get("/submissions/counts", response={200: dict, **ERRORS}, auth=django_auth, summary="报送采用统计")
def counts(request, agency: str, year: Year):
    target = agency_get_by_credit_code(agency)
    require(request.user, "agency.view_records", target, request=request)
    return submission_counts(target, year)


@router.post("/submissions", response={201: SubmissionOut, **ERRORS}, auth=django_auth, summary="登记报送")
def record(request, data: SubmissionIn):
    fields = data.dict()
    agency = agency_get_by_credit_code(fields.pop("agency"))
    return Status(201, services.submission_record(agency=agency, actor=request.user, at=timezone.now(),
                                                  request=request, **fields))


@router.post("/submissions/{pk}/decision", response={200: SubmissionOut, **ERRORS}, auth=django_auth,
             summary="登记采用情况")
def decide(request, pk: Id, data: DecisionIn):
    submission = get_object_or_404(Submission.objects.filter(agency__in=agencies_with_records_visible_to(request.user)),
                                   pk=pk)
    return services.submission_decide(submission=submission, actor=request.user, at=timezone.now(), request=request,
                                      **data.dict())
