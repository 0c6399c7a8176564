"""Public interaction pages: write to a box and follow the message, consultations, surveys, interviews."""

from django.contrib import messages as flash
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from xxgk.platform.errors import DomainError
from xxgk.portal.sections import SECTIONS

from .forms import CommentForm, LetterForm, MessageTrackForm, RatingForm
from .models import Consultation, Interview, Message, MessageBox, Survey
from .selectors import published_messages
from .services import Letter, consultation_comment, message_rate, message_submit, survey_respond
from .services.messages import query_hash
from .services.participation import feedback_due_on
from .survey_results import survey_results

SESSION_KEY = "xxgk_tracked_messages"


def _page(request, template: str, context: dict, status: int = 200):
    return render(request, f"interaction/public/{template}", {"sections": SECTIONS, "active": "interaction", **context},
                  status=status)


def hub(request):
    today = timezone.localdate()
    return _page(request, "hub.html", {
        "boxes": MessageBox.objects.filter(is_active=True, agency__is_active=True).select_related("agency"),
        "published": published_messages()[:20],
        "consultations": Consultation.objects.select_related("agency")[:20],
        "surveys": Survey.objects.filter(opens_on__lte=today).select_related("agency")[:20],
        "interviews": Interview.objects.select_related("agency")[:20], "today": today})


def write(request, box_id: int):
    box = get_object_or_404(MessageBox.objects.select_related("agency"), pk=box_id, is_active=True)
    form = LetterForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            upload = d.get("attachment")
            letter = Letter(writer_name=d["writer_name"], contact=d["contact"], subject=d["subject"], body=d["body"],
                            wants_public=d["wants_public"], attachments=((upload.name, upload.read()),) if upload else ())
            try:
                message, code = message_submit(box=box, letter=letter, at=timezone.now(), request=request)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                _remember(request, message)
                return _page(request, "submitted.html", {"message": message, "query_code": code})
    return _page(request, "write.html", {"box": box, "form": form}, status=status)


def _remember(request, message: Message) -> None:
    tracked = request.session.get(SESSION_KEY, [])
    if message.pk not in tracked:
        request.session[SESSION_KEY] = [*tracked, message.pk][-20:]


def track(request):
    form = MessageTrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            message = Message.objects.filter(number=form.cleaned_data["number"].strip().upper(),
                                             query_code_hash=query_hash(form.cleaned_data["query_code"])).first()
            if message is not None:
                _remember(request, message)
                return redirect("interaction:message", pk=message.pk)
            form.add_error(None, "留言编号或查询码不正确，请核对后重新输入。")
            status = 404
    return _page(request, "track.html", {"form": form}, status=status)


def message_page(request, pk: int):
    message = get_object_or_404(Message.objects.select_related("box", "agency"), pk=pk)
    if pk not in request.session.get(SESSION_KEY, []):
        return redirect("interaction:track")
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                message_rate(message=message, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"],
                             at=timezone.now(), request=request)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                flash.success(request, "感谢您的评价。")
                return redirect("interaction:message", pk=pk)
    return _page(request, "message.html", {"message": message, "form": form,
                                           "events": message.events.exclude(kind="rated")}, status=status)


def published(request, pk: int):
    message = get_object_or_404(published_messages(), pk=pk)
    return _page(request, "published.html", {"message": message})


def consultation_page(request, pk: int):
    consultation = get_object_or_404(Consultation.objects.select_related("agency"), pk=pk)
    today = timezone.localdate()
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                consultation_comment(consultation=consultation, writer_name=d["writer_name"], body=d["body"],
                                     contact=d["contact"], today=today, at=timezone.now(), request=request)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                flash.success(request, "您的意见已提交，审核后将公开显示。")
                return redirect("interaction:consultation", pk=pk)
    comments = consultation.comments.filter(moderation="approved")
    return _page(request, "consultation.html", {
        "c": consultation, "form": form, "comments": comments, "is_open": consultation.status == "open"
        and consultation.opens_on <= today <= consultation.closes_on, "feedback_due": feedback_due_on(consultation),
        "counts": {"received": consultation.comments.count(), "adopted": comments.filter(adopted=True).count(),
                   "not_adopted": comments.filter(adopted=False).count()}}, status=status)


def consultation_document(request, pk: int, doc_id: int):
    consultation = get_object_or_404(Consultation, pk=pk)
    doc = get_object_or_404(consultation.documents, pk=doc_id)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.name, content_type=doc.content_type)


def survey_page(request, pk: int):
    survey = get_object_or_404(Survey.objects.select_related("agency"), pk=pk)
    today = timezone.localdate()
    if survey.opens_on > today:
        raise Http404
    questions = list(survey.questions.all())
    errors, status = [], 200
    if request.method == "POST":
        answers = {str(q.position): (request.POST.getlist(f"q{q.position}") if q.kind == "multiple"
                                     else request.POST.get(f"q{q.position}", "")) for q in questions}
        try:
            survey_respond(survey=survey, answers=answers, respondent=request.user, today=today, at=timezone.now(),
                           request=request)
        except DomainError as exc:
            errors, status = [exc.message], exc.status
        else:
            flash.success(request, "问卷已提交，感谢您的参与。")
            return redirect("interaction:survey_results", pk=pk)
    return _page(request, "survey.html", {"survey": survey, "questions": questions, "errors": errors,
                                          "is_open": survey.opens_on <= today <= survey.closes_on}, status=status)


def survey_results_page(request, pk: int):
    survey = get_object_or_404(Survey.objects.select_related("agency"), pk=pk)
    return _page(request, "survey_results.html", {"survey": survey, "results": survey_results(survey, with_text=False)})


def interviews(request):
    return _page(request, "interviews.html", {"interviews": Interview.objects.select_related("agency")})


def interview_page(request, pk: int):
    return _page(request, "interview.html", {"interview": get_object_or_404(Interview, pk=pk)})
