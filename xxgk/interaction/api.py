"""REST operations for interaction: boxes and messages, statistics, consultations, surveys, interviews."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import agency_get_by_credit_code
from xxgk.api.auth import csrf_when_signed_in
from xxgk.api.schemas import ErrorOut, Id, Limit, Offset, Year
from xxgk.platform.errors import NotFound
from xxgk.platform.policy import require

from . import services
from .models import Consultation, Interview, Message, MessageBox, Survey
from .selectors import interviews_in_year, message_stats, message_stats_by_box, messages_visible_to
from .services.messages import query_hash
from .survey_results import survey_results

router = Router(tags=["政务互动"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


class BoxOut(Schema):
    id: int
    agency: str
    name: str
    reply_workdays: int
    publish_replies: bool

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.credit_code


class LetterIn(Schema):
    writer_name: str
    contact: str
    subject: str
    body: str
    wants_public: bool = False


class SubmittedOut(Schema):
    id: int
    number: str
    query_code: str
    due_on: date


class MessageOut(Schema):
    id: int
    number: str
    box: str
    agency: str
    status: str
    subject: str
    received_on: date
    due_on: date
    replied_on: date | None
    reply: str
    supervised: bool
    rating: int | None

    @staticmethod
    def resolve_box(obj):
        return obj.box.name

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.credit_code

    @staticmethod
    def resolve_supervised(obj):
        return obj.supervised_at is not None


class TrackIn(Schema):
    number: str
    query_code: str


class RatingIn(TrackIn):
    rating: int
    comment: str = ""


class ReplyIn(Schema):
    reply: str


class TransferIn(Schema):
    agency: str
    note: str = ""
    assign: bool = False


class NoteIn(Schema):
    note: str


class PublishIn(Schema):
    subject: str = ""
    body: str = ""
    reply: str = ""


class StatsOut(Schema):
    agency: str
    year: int
    total: dict
    boxes: list[dict]


class CommentIn(Schema):
    writer_name: str
    body: str
    contact: str = ""


class ConsultationOut(Schema):
    id: int
    agency: str
    title: str
    opens_on: date
    closes_on: date
    status: str
    feedback: str
    feedback_published_on: date | None
    comments_received: int
    adopted: int
    not_adopted: int

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.credit_code

    @staticmethod
    def resolve_comments_received(obj):
        return obj.comments.count()

    @staticmethod
    def resolve_adopted(obj):
        return obj.comments.filter(moderation="approved", adopted=True).count()

    @staticmethod
    def resolve_not_adopted(obj):
        return obj.comments.filter(moderation="approved", adopted=False).count()


class InterviewOut(Schema):
    id: int
    agency: str
    held_on: date
    topic: str
    guests: str
    summary: str
    media_url: str

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.credit_code


class ResponseIn(Schema):
    answers: dict


@router.get("/boxes", response={200: list[BoxOut], 400: ErrorOut}, summary="信箱列表")
def list_boxes(request, agency: str = ""):
    qs = MessageBox.objects.filter(is_active=True, agency__is_active=True).select_related("agency")
    return list(qs.filter(agency__credit_code=agency) if agency else qs)


@router.post("/boxes/{box_id}/messages", response={201: SubmittedOut, **ERRORS}, auth=csrf_when_signed_in, summary="写信")
def write(request, box_id: Id, data: LetterIn):
    """Write to a box as the public form does (the flood limits apply); returns the number and query code once."""
    box = get_object_or_404(MessageBox, pk=box_id, is_active=True)
    message, code = services.message_submit(box=box, letter=services.Letter(**data.dict()), at=timezone.now(),
                                            request=request)
    return Status(201, {"id": message.pk, "number": message.number, "query_code": code, "due_on": message.due_on})


def _tracked(data: TrackIn) -> Message:
    message = Message.objects.filter(number=data.number.strip().upper(), query_code_hash=query_hash(data.query_code)).first()
    if message is None:
        raise NotFound("留言编号或查询码不正确。")
    return message


@router.post("/messages/track", response={200: MessageOut, **ERRORS}, auth=csrf_when_signed_in, summary="查询留言办理情况")
def track(request, data: TrackIn):
    return _tracked(data)


@router.post("/messages/track/rating", response={200: MessageOut, **ERRORS}, auth=csrf_when_signed_in, summary="评价答复")
def rate(request, data: RatingIn):
    return services.message_rate(message=_tracked(data), rating=data.rating, comment=data.comment, at=timezone.now(),
                                 request=request)


@router.get("/messages", response={200: list[MessageOut], **ERRORS}, auth=django_auth, summary="留言列表（工作人员）")
def list_messages(request, status: str = "", limit: Limit = 100, offset: Offset = 0):
    require(request.user, "workspace.enter", None, request=request, message="只有工作人员可以查看。")
    qs = messages_visible_to(request.user)
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("-received_at", "-id")[offset:offset + min(limit, 500)])


def _visible(request, pk: Id) -> Message:
    return get_object_or_404(messages_visible_to(request.user), pk=pk)


@router.get("/messages/{pk}", response={200: MessageOut, **ERRORS}, auth=django_auth, summary="留言详情")
def get_message(request, pk: Id):
    return _visible(request, pk)


@router.post("/messages/{pk}/reply", response={200: MessageOut, **ERRORS}, auth=django_auth, summary="答复留言")
def reply(request, pk: Id, data: ReplyIn):
    return services.message_reply(message=_visible(request, pk), actor=request.user, reply=data.reply,
                                  today=timezone.localdate(), at=timezone.now(), request=request)


@router.post("/messages/{pk}/transfer", response={200: MessageOut, **ERRORS}, auth=django_auth, summary="转办或交办")
def transfer(request, pk: Id, data: TransferIn):
    return services.message_transfer(message=_visible(request, pk), to_agency=agency_get_by_credit_code(data.agency),
                                     actor=request.user, at=timezone.now(), note=data.note, assign=data.assign,
                                     request=request)


@router.post("/messages/{pk}/supervision", response={200: MessageOut, **ERRORS}, auth=django_auth, summary="督办")
def supervise(request, pk: Id, data: NoteIn):
    return services.message_supervise(message=_visible(request, pk), actor=request.user, at=timezone.now(),
                                      note=data.note, request=request)


@router.post("/messages/{pk}/invalid", response={200: MessageOut, **ERRORS}, auth=django_auth, summary="认定无效留言")
def mark_invalid(request, pk: Id, data: NoteIn):
    return services.message_mark_invalid(message=_visible(request, pk), actor=request.user, reason=data.note,
                                         at=timezone.now(), request=request)


@router.post("/messages/{pk}/publication", response={200: MessageOut, **ERRORS}, auth=django_auth, summary="公开留言")
def publish(request, pk: Id, data: PublishIn):
    return services.message_publish(message=_visible(request, pk), actor=request.user, at=timezone.now(),
                                    subject=data.subject, body=data.body, reply=data.reply, request=request)


@router.get("/interaction/stats", response={200: StatsOut, **ERRORS}, auth=django_auth, summary="信箱统计")
def stats(request, agency: str, year: Year, subtree: bool = False):
    """Received, answered, in time, average working days, 办结率 and 满意率 per box and in total."""
    target: Agency = agency_get_by_credit_code(agency)
    require(request.user, "agency.view_records", target, request=request)
    return {"agency": target.credit_code, "year": year, "total": message_stats(target, year, subtree=subtree).as_dict(),
            "boxes": [s.as_dict() for s in message_stats_by_box(target, year, subtree=subtree)]}


@router.get("/consultations", response={200: list[ConsultationOut], 400: ErrorOut}, summary="意见征集列表")
def list_consultations(request):
    return list(Consultation.objects.select_related("agency"))


@router.post("/consultations/{pk}/comments", response={201: dict, **ERRORS}, auth=csrf_when_signed_in, summary="提交意见")
def comment(request, pk: Id, data: CommentIn):
    consultation = get_object_or_404(Consultation, pk=pk)
    c = services.consultation_comment(consultation=consultation, writer_name=data.writer_name, body=data.body,
                                      contact=data.contact, today=timezone.localdate(), at=timezone.now(),
                                      request=request)
    return Status(201, {"id": c.pk, "moderation": c.moderation})


@router.get("/interviews", response={200: list[InterviewOut], **ERRORS}, summary="在线访谈")
def list_interviews(request, agency: str = "", year: Year | None = None):
    if agency and year:
        return list(interviews_in_year(agency_get_by_credit_code(agency), year))
    qs = Interview.objects.select_related("agency")
    return list(qs.filter(held_on__year=year) if year else qs)


@router.get("/surveys/{pk}/results", response={200: list[dict], **ERRORS}, summary="问卷结果")
def results(request, pk: Id):
    return survey_results(get_object_or_404(Survey, pk=pk), with_text=False)


@router.post("/surveys/{pk}/responses", response={201: dict, **ERRORS}, auth=csrf_when_signed_in, summary="填写问卷")
def respond(request, pk: Id, data: ResponseIn):
    r = services.survey_respond(survey=get_object_or_404(Survey, pk=pk), answers=data.answers, respondent=request.user,
                                today=timezone.localdate(), at=timezone.now(), request=request)
    return Status(201, {"id": r.pk})


class BoxIn(Schema):
    agency: str
    name: str
    reply_workdays: int | None = None
    publish_replies: bool = True
    description: str = ""


class ConsultationIn(Schema):
    agency: str
    title: str
    description: str
    opens_on: date
    closes_on: date
    feedback_days: int = 30


class CommentDecisionIn(Schema):
    approve: bool = True
    adopted: bool | None = None
    reason: str = ""


class FeedbackIn(Schema):
    feedback: str


class InterviewIn(Schema):
    agency: str
    held_on: date
    topic: str
    guests: str
    summary: str
    media_url: str = ""


class SurveyIn(Schema):
    agency: str
    title: str
    opens_on: date
    closes_on: date
    questions: list[dict]
    description: str = ""
    identity_required: bool = False


def _staff_consultation(request, pk: Id) -> Consultation:
    from xxgk.agencies.selectors import agencies_with_records_visible_to

    return get_object_or_404(Consultation.objects.filter(agency__in=agencies_with_records_visible_to(request.user)),
                             pk=pk)


@router.post("/boxes", response={201: BoxOut, **ERRORS}, auth=django_auth, summary="设置信箱")
def create_box(request, data: BoxIn):
    fields = data.dict()
    agency = agency_get_by_credit_code(fields.pop("agency"))
    return Status(201, services.message_box_save(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                                 **fields))


@router.post("/consultations", response={201: ConsultationOut, **ERRORS}, auth=django_auth, summary="发起意见征集")
def create_consultation(request, data: ConsultationIn):
    fields = data.dict()
    agency = agency_get_by_credit_code(fields.pop("agency"))
    return Status(201, services.consultation_create(agency=agency, actor=request.user, at=timezone.now(),
                                                    request=request, **fields))


@router.post("/consultations/{pk}/comments/{comment_id}/decision", response={200: dict, **ERRORS}, auth=django_auth,
             summary="审核意见、确定是否采纳")
def decide_comment(request, pk: Id, comment_id: Id, data: CommentDecisionIn):
    consultation = _staff_consultation(request, pk)
    comment = get_object_or_404(consultation.comments, pk=comment_id)
    now = timezone.now()
    if comment.moderation == "pending" or not data.approve:
        comment = services.comment_moderate(comment=comment, actor=request.user, approve=data.approve, at=now,
                                            request=request)
    if data.approve and data.adopted is not None:
        comment = services.comment_decide(comment=comment, actor=request.user, adopted=data.adopted, reason=data.reason,
                                          at=now, request=request)
    return {"id": comment.pk, "moderation": comment.moderation, "adopted": comment.adopted}


@router.post("/consultations/{pk}/feedback", response={200: ConsultationOut, **ERRORS}, auth=django_auth,
             summary="公布意见采纳情况")
def publish_feedback(request, pk: Id, data: FeedbackIn):
    return services.consultation_publish_feedback(consultation=_staff_consultation(request, pk), actor=request.user,
                                                  feedback=data.feedback, today=timezone.localdate(),
                                                  at=timezone.now(), request=request)


@router.post("/interviews", response={201: InterviewOut, **ERRORS}, auth=django_auth, summary="记录在线访谈")
def create_interview(request, data: InterviewIn):
    fields = data.dict()
    agency = agency_get_by_credit_code(fields.pop("agency"))
    return Status(201, services.interview_save(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                               **fields))


@router.post("/surveys", response={201: dict, **ERRORS}, auth=django_auth, summary="发布问卷")
def create_survey(request, data: SurveyIn):
    fields = data.dict()
    agency = agency_get_by_credit_code(fields.pop("agency"))
    survey = services.survey_create(agency=agency, actor=request.user, at=timezone.now(), request=request, **fields)
    return Status(201, {"id": survey.pk})
