"""意见征集, 问卷调查 and 在线访谈 services."""

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction

from xxgk.agencies.models import Agency
from xxgk.platform.audit import audit_record
from xxgk.platform.crypto import encrypt_text
from xxgk.platform.errors import Conflict, IllegalTransition, InvalidInput
from xxgk.platform.policy import can
from xxgk.platform.uploads import check_upload, save_unguessable

from ..models import (
    Consultation,
    ConsultationComment,
    ConsultationDocument,
    Interview,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)


def _require_manage(actor, agency: Agency) -> None:
    if not can(actor, "interaction.manage", agency):
        raise InvalidInput(f"只有“{agency.name}”的工作人员可以办理。")


def _check_period(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise InvalidInput("截止日期不能早于开始日期。", field="closes_on")


def consultation_create(*, agency: Agency, actor, at: datetime, title: str, description: str, opens_on: date,
                        closes_on: date, feedback_days: int = 30, documents: list[tuple[str, bytes]] = (),
                        request=None) -> Consultation:
    """Open a consultation on a draft with its documents (each checked by content)."""
    _require_manage(actor, agency)
    if not title.strip() or not description.strip():
        raise InvalidInput("请填写征集主题和征集说明。", field="title")
    _check_period(opens_on, closes_on)
    checked = [check_upload(name, data) for name, data in documents]
    with transaction.atomic():
        consultation = Consultation.objects.create(agency=agency, title=title.strip(), description=description.strip(),
                                                   opens_on=opens_on, closes_on=closes_on, feedback_days=feedback_days,
                                                   created_at=at)
        for upload in checked:
            doc = ConsultationDocument(consultation=consultation, name=upload.name, content_type=upload.content_type,
                                       size=len(upload.data))
            save_unguessable(doc.file, upload.data, upload.extension)
            doc.save()
        audit_record(action="consultation.create", at=at, actor=actor, request=request, target=consultation,
                     agency=agency)
    return consultation


def consultation_comment(*, consultation: Consultation, writer_name: str, body: str, contact: str = "",
                         today: date, at: datetime, request=None) -> ConsultationComment:
    """Take a public comment while the consultation is open; it waits for moderation."""
    if consultation.status != "open" or not consultation.opens_on <= today <= consultation.closes_on:
        raise IllegalTransition(f"该征集的意见提交时间为{consultation.opens_on}至{consultation.closes_on}，现在不能提交。")
    if not writer_name.strip() or not body.strip():
        raise InvalidInput("请填写姓名和意见内容。", field="body")
    if len(body) > 5000:
        raise InvalidInput("意见内容不能超过5000个字。", field="body")
    with transaction.atomic():
        comment = ConsultationComment.objects.create(consultation=consultation, writer_name=writer_name.strip()[:50],
                                                     contact_encrypted=encrypt_text(contact.strip()),
                                                     body=body.strip(), submitted_at=at)
        audit_record(action="consultation.comment", at=at, request=request, target=comment,
                     agency=consultation.agency, actor_label="公众")
    return comment


def comment_moderate(*, comment: ConsultationComment, actor, approve: bool, at: datetime,
                     request=None) -> ConsultationComment:
    """Show (approve) or hide (reject) a comment; rejected comments are kept, never deleted."""
    _require_manage(actor, comment.consultation.agency)
    with transaction.atomic():
        comment.moderation = "approved" if approve else "rejected"
        comment.save(update_fields=["moderation"])
        audit_record(action="consultation.moderate", at=at, actor=actor, request=request, target=comment,
                     agency=comment.consultation.agency, data={"approve": approve})
    return comment


def comment_decide(*, comment: ConsultationComment, actor, adopted: bool, reason: str = "", at: datetime,
                   request=None) -> ConsultationComment:
    """Record whether a comment was adopted; not adopted needs the reason the feedback publishes."""
    _require_manage(actor, comment.consultation.agency)
    if comment.moderation == "pending":
        raise IllegalTransition("请先审核该意见。")
    if not adopted and not reason.strip():
        raise InvalidInput("未采纳的意见须说明理由。", field="reason")
    with transaction.atomic():
        comment.adopted, comment.not_adopted_reason = adopted, "" if adopted else reason.strip()
        comment.save(update_fields=["adopted", "not_adopted_reason"])
        audit_record(action="consultation.decide", at=at, actor=actor, request=request, target=comment,
                     agency=comment.consultation.agency, data={"adopted": adopted})
    return comment


def feedback_due_on(consultation: Consultation) -> date:
    """Return the last day for publishing the 意见采纳情况 feedback."""
    return consultation.closes_on + timedelta(days=consultation.feedback_days)


def consultation_publish_feedback(*, consultation: Consultation, actor, feedback: str, today: date, at: datetime,
                                  request=None) -> Consultation:
    """Publish the 意见采纳情况 (counts come from the comments) and close the consultation."""
    _require_manage(actor, consultation.agency)
    if today <= consultation.closes_on:
        raise IllegalTransition(f"征集截止（{consultation.closes_on}）后才能公布意见采纳情况。")
    if not feedback.strip():
        raise InvalidInput("请填写意见采纳情况说明。", field="feedback")
    undecided = consultation.comments.exclude(moderation="pending").filter(adopted__isnull=True).count()
    pending = consultation.comments.filter(moderation="pending").count()
    if pending or undecided:
        raise IllegalTransition(f"还有{pending}条意见未审核、{undecided}条意见未确定是否采纳，请处理后再公布。")
    with transaction.atomic():
        consultation.feedback, consultation.feedback_published_on = feedback.strip(), today
        consultation.status = "closed"
        consultation.save(update_fields=["feedback", "feedback_published_on", "status"])
        audit_record(action="consultation.feedback", at=at, actor=actor, request=request, target=consultation,
                     agency=consultation.agency)
    return consultation


def consultation_close(*, consultation: Consultation, actor, today: date, at: datetime, request=None) -> Consultation:
    """Close without feedback — allowed only until the feedback period ends; after it the feedback is required."""
    _require_manage(actor, consultation.agency)
    if consultation.status == "closed":
        raise IllegalTransition("该征集已结束。")
    if today > feedback_due_on(consultation) or consultation.comments.filter(moderation="approved").exists():
        raise IllegalTransition("收到意见的征集或已过反馈期限的征集，须公布意见采纳情况后才能结束。")
    with transaction.atomic():
        consultation.status = "closed"
        consultation.save(update_fields=["status"])
        audit_record(action="consultation.close", at=at, actor=actor, request=request, target=consultation,
                     agency=consultation.agency)
    return consultation


def survey_create(*, agency: Agency, actor, at: datetime, title: str, opens_on: date, closes_on: date,
                  questions: list[dict], description: str = "", identity_required: bool = False,
                  request=None) -> Survey:
    """Create a survey; each question is {kind: single|multiple|text, text, options}."""
    _require_manage(actor, agency)
    _check_period(opens_on, closes_on)
    if not title.strip() or not questions:
        raise InvalidInput("请填写问卷名称并至少设置一道题目。", field="title")
    for n, q in enumerate(questions, start=1):
        if q.get("kind") not in ("single", "multiple", "text") or not str(q.get("text", "")).strip():
            raise InvalidInput(f"第{n}题的题型或题目不正确。", field="questions")
        if q["kind"] != "text" and len([o for o in q.get("options", []) if str(o).strip()]) < 2:
            raise InvalidInput(f"第{n}题是选择题，至少需要两个选项。", field="questions")
    with transaction.atomic():
        survey = Survey.objects.create(agency=agency, title=title.strip(), description=description.strip(),
                                       opens_on=opens_on, closes_on=closes_on, identity_required=identity_required,
                                       created_at=at)
        for n, q in enumerate(questions, start=1):
            SurveyQuestion.objects.create(survey=survey, position=n, kind=q["kind"], text=q["text"].strip(),
                                          options=[str(o).strip() for o in q.get("options", []) if str(o).strip()])
        audit_record(action="survey.create", at=at, actor=actor, request=request, target=survey, agency=agency)
    return survey


def survey_respond(*, survey: Survey, answers: dict, respondent=None, today: date, at: datetime,
                   request=None) -> SurveyResponse:
    """Record one questionnaire; answers map question position (str) to an option, options or text."""
    if not survey.opens_on <= today <= survey.closes_on:
        raise IllegalTransition(f"该问卷的填写时间为{survey.opens_on}至{survey.closes_on}。")
    user = respondent if respondent is not None and respondent.is_authenticated else None
    if survey.identity_required and user is None:
        raise InvalidInput("该问卷须登录后填写，每人限填一份。")
    clean = {}
    for q in survey.questions.all():
        value = answers.get(str(q.position))
        if q.kind == "single":
            if value not in q.options:
                raise InvalidInput(f"请回答第{q.position}题。", field=str(q.position))
        elif q.kind == "multiple":
            value = [v for v in (value or []) if v in q.options]
            if not value:
                raise InvalidInput(f"第{q.position}题至少选择一项。", field=str(q.position))
        else:
            value = str(value or "").strip()[:2000]
        clean[str(q.position)] = value
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, respondent=user if survey.identity_required else None,
                                                     answers=clean, submitted_at=at)
    except IntegrityError as exc:
        raise Conflict("您已经填写过该问卷，每人限填一份。") from exc
    return response


def interview_save(*, agency: Agency, actor, at: datetime, held_on: date, topic: str, guests: str, summary: str,
                   media_url: str = "", interview: Interview | None = None, request=None) -> Interview:
    """Record (or correct) a leadership interview."""
    _require_manage(actor, agency)
    if not topic.strip() or not guests.strip() or not summary.strip():
        raise InvalidInput("请填写访谈主题、嘉宾和文字实录或摘要。", field="topic")
    if media_url and not media_url.startswith(("http://", "https://", "/")):
        raise InvalidInput("音视频地址应以 http:// 或 https:// 开头。", field="media_url")
    with transaction.atomic():
        interview = interview or Interview(agency=agency, created_at=at)
        interview.held_on, interview.topic, interview.guests = held_on, topic.strip(), guests.strip()
        interview.summary, interview.media_url = summary.strip(), media_url.strip()
        interview.save()
        audit_record(action="interview.save", at=at, actor=actor, request=request, target=interview, agency=agency)
    return interview
