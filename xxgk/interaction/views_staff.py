"""Workspace pages: message inbox and handling, boxes, statistics, consultations, surveys, interviews."""

from django.contrib import messages as flash
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.platform.crypto import decrypt_text
from xxgk.platform.errors import DomainError, InvalidInput
from xxgk.platform.policy import can, require
from xxgk.platform.selectors import work_calendar
from xxgk.workspace.views import staff_required

from . import services
from .forms import (
    BoxForm,
    ConsultationForm,
    FeedbackForm,
    InterviewForm,
    NoteForm,
    PublishForm,
    ReplyForm,
    SurveyForm,
    TransferForm,
)
from .models import Consultation, Interview, MessageBox, ReplyTemplate, Survey
from .selectors import message_stats, message_stats_by_box, message_urgency, messages_visible_to
from .services.messages import public_version
from .survey_results import survey_results


def _agency_from(request, action: str) -> Agency:
    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, action, agency, request=request)
    return agency


def _visible_agencies(request, action: str) -> list[Agency]:
    return [a for a in agencies_with_records_visible_to(request.user).order_by("path") if can(request.user, action, a)]


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError as exc:
        raise Http404 from exc


@staff_required
def message_list(request):
    status = request.GET.get("status", "received")
    qs = messages_visible_to(request.user)
    if status in ("received", "answered", "invalid"):
        qs = qs.filter(status=status)
    today, calendar = timezone.localdate(), work_calendar()
    rows = [(m, message_urgency(m, today=today, calendar=calendar)) for m in qs.order_by("due_on", "id")[:300]]
    return render(request, "interaction/staff/message_list.html", {
        "rows": rows, "status": status, "configurable": _visible_agencies(request, "message.configure")})


@staff_required
def message_detail(request, pk: int):
    message = get_object_or_404(messages_visible_to(request.user), pk=pk)
    agencies = Agency.objects.filter(is_active=True).exclude(pk=message.agency_id).order_by("path")
    template = ReplyTemplate.objects.filter(agency=message.agency, pk=request.GET.get("template") or 0).first()
    initial = {"reply": template.body.replace("{姓名}", message.writer_name).replace("{主题}", message.subject)} \
        if template else {}
    return render(request, "interaction/staff/message_detail.html", {
        "message": message, "contact": decrypt_text(message.contact_encrypted), "events": message.events.all(),
        "urgency": message_urgency(message, today=timezone.localdate(), calendar=work_calendar()),
        "reply_form": ReplyForm(initial=initial), "transfer_form": TransferForm(agencies=agencies),
        "note_form": NoteForm(), "publish_form": PublishForm(initial=public_version(message)),
        "templates": ReplyTemplate.objects.filter(agency=message.agency),
        "can_handle": can(request.user, "message.handle", message.agency),
        "can_supervise": can(request.user, "message.supervise", message.agency)
        or can(request.user, "message.supervise", message.box.agency)})


@staff_required
@require_POST
def message_action(request, pk: int, action: str):
    message = get_object_or_404(messages_visible_to(request.user), pk=pk)
    now, today, user, post = timezone.now(), timezone.localdate(), request.user, request.POST
    try:
        if action == "reply":
            services.message_reply(message=message, actor=user, reply=post.get("reply", ""), today=today, at=now,
                                   request=request)
        elif action in ("transfer", "assign"):
            target = Agency.objects.filter(pk=post.get("to_agency") or 0).first()
            if target is None:
                raise InvalidInput("请选择转交机关。")
            services.message_transfer(message=message, to_agency=target, actor=user, at=now, note=post.get("note", ""),
                                      assign=action == "assign" or post.get("mode") == "assign", request=request)
        elif action == "supervise":
            services.message_supervise(message=message, actor=user, at=now, note=post.get("note", ""), request=request)
        elif action == "invalid":
            services.message_mark_invalid(message=message, actor=user, reason=post.get("note", ""), at=now,
                                          request=request)
        elif action == "publish":
            services.message_publish(message=message, actor=user, at=now, subject=post.get("subject", ""),
                                     body=post.get("body", ""), reply=post.get("reply", ""), request=request)
        else:
            raise Http404
    except DomainError as exc:
        flash.error(request, exc.message)
        return redirect("workspace:message_detail", pk=pk)
    flash.success(request, "已办理。")
    if not messages_visible_to(user).filter(pk=pk).exists():
        return redirect("workspace:message_list")
    return redirect("workspace:message_detail", pk=pk)


@staff_required
def message_stats_page(request):
    year = _year(request)
    agencies = _visible_agencies(request, "agency.view_records")
    rows = [(a, message_stats(a, year), message_stats_by_box(a, year)) for a in agencies if a.message_boxes.exists()]
    return render(request, "interaction/staff/message_stats.html", {"rows": rows, "year": year})


@staff_required
def box_list(request):
    agency = _agency_from(request, "message.configure")
    if request.method == "POST" and "template_title" in request.POST:
        try:
            services.messages.reply_template_save(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                                  title=request.POST.get("template_title", ""),
                                                  body=request.POST.get("template_body", ""))
        except DomainError as exc:
            flash.error(request, exc.message)
        else:
            flash.success(request, "答复模板已保存。")
        return redirect(f"{request.path}?agency={agency.pk}")
    form = BoxForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.message_box_save(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                          **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                flash.success(request, "信箱已保存。")
                return redirect(f"{request.path}?agency={agency.pk}")
    return render(request, "interaction/staff/boxes.html", {
        "agency": agency, "form": form, "boxes": agency.message_boxes.all(),
        "templates": ReplyTemplate.objects.filter(agency=agency)}, status=status)


@staff_required
def box_edit(request, pk: int):
    box = get_object_or_404(MessageBox, pk=pk)
    require(request.user, "message.configure", box.agency, request=request)
    form = BoxForm(request.POST or None, initial={"name": box.name, "description": box.description,
                                                  "reply_workdays": box.reply_workdays,
                                                  "publish_replies": box.publish_replies})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.message_box_save(agency=box.agency, box=box, actor=request.user, at=timezone.now(),
                                          is_active=request.POST.get("is_active") == "on", request=request,
                                          **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                flash.success(request, "信箱已保存。")
                return redirect(f"/workspace/messages/boxes/?agency={box.agency_id}")
    return render(request, "interaction/staff/box_edit.html", {"box": box, "form": form}, status=status)


@staff_required
def consultation_list(request):
    agencies = _visible_agencies(request, "interaction.manage")
    form = ConsultationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        agency = _agency_from(request, "interaction.manage")
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            upload = d.pop("document")
            try:
                c = services.consultation_create(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                                 documents=[(upload.name, upload.read())] if upload else [], **d)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                return redirect("workspace:consultation_detail", pk=c.pk)
    visible = Consultation.objects.filter(agency__in=agencies_with_records_visible_to(request.user))
    return render(request, "interaction/staff/consultations.html", {
        "consultations": visible.select_related("agency"), "form": form, "agencies": agencies}, status=status)


@staff_required
def consultation_detail(request, pk: int):
    c = get_object_or_404(Consultation.objects.filter(agency__in=agencies_with_records_visible_to(request.user)), pk=pk)
    return render(request, "interaction/staff/consultation_detail.html", {
        "c": c, "comments": c.comments.all(), "feedback_form": FeedbackForm(initial={"feedback": c.feedback}),
        "feedback_due": services.participation.feedback_due_on(c)})


@staff_required
@require_POST
def consultation_action(request, pk: int, action: str):
    c = get_object_or_404(Consultation.objects.filter(agency__in=agencies_with_records_visible_to(request.user)), pk=pk)
    now, today, post = timezone.now(), timezone.localdate(), request.POST
    try:
        if action in ("approve", "reject", "adopt", "not-adopt"):
            comment = get_object_or_404(c.comments, pk=post.get("comment") or 0)
            if action in ("approve", "reject"):
                services.comment_moderate(comment=comment, actor=request.user, approve=action == "approve", at=now,
                                          request=request)
            else:
                services.comment_decide(comment=comment, actor=request.user, adopted=action == "adopt",
                                        reason=post.get("reason", ""), at=now, request=request)
        elif action == "feedback":
            services.consultation_publish_feedback(consultation=c, actor=request.user, feedback=post.get("feedback", ""),
                                                   today=today, at=now, request=request)
        elif action == "close":
            services.consultation_close(consultation=c, actor=request.user, today=today, at=now, request=request)
        else:
            raise Http404
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "已办理。")
    return redirect("workspace:consultation_detail", pk=pk)


@staff_required
def survey_list(request):
    agencies = _visible_agencies(request, "interaction.manage")
    form = SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        agency = _agency_from(request, "interaction.manage")
        status = 400
        if form.is_valid():
            try:
                s = services.survey_create(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                           **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                return redirect("workspace:survey_detail", pk=s.pk)
    visible = Survey.objects.filter(agency__in=agencies_with_records_visible_to(request.user)).select_related("agency")
    return render(request, "interaction/staff/surveys.html", {"surveys": visible, "form": form, "agencies": agencies},
                  status=status)


@staff_required
def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey.objects.filter(agency__in=agencies_with_records_visible_to(request.user)), pk=pk)
    return render(request, "interaction/staff/survey_detail.html",
                  {"survey": survey, "results": survey_results(survey, with_text=True)})


@staff_required
def interview_list(request):
    agencies = _visible_agencies(request, "interaction.manage")
    form = InterviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        agency = _agency_from(request, "interaction.manage")
        status = 400
        if form.is_valid():
            try:
                services.interview_save(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                        **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                flash.success(request, "访谈已记录。")
                return redirect("workspace:interview_list")
    visible = Interview.objects.filter(agency__in=agencies_with_records_visible_to(request.user)).select_related("agency")
    return render(request, "interaction/staff/interviews.html", {"interviews": visible, "form": form,
                                                                 "agencies": agencies}, status=status)
