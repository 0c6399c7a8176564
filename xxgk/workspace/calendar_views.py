"""Workspace pages for the holiday calendar and the working-day deadline calculator."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from xxgk.core.deadlines import DeadlineInputError, parse_pause
from xxgk.core.workdays import parse_day_lines
from xxgk.platform.errors import DomainError
from xxgk.platform.forms import date_field
from xxgk.platform.models import CalendarYear
from xxgk.platform.policy import can, require
from xxgk.platform.selectors import calendar_year_days, calendar_years, reply_deadline_for
from xxgk.platform.services import calendar_year_save

from .views import staff_required


class CalendarYearForm(forms.Form):
    holidays = forms.CharField(label="节假日（每行“日期 名称”或“起始日~结束日 名称”）", widget=forms.Textarea(attrs={"rows": 12}),
                               required=False)
    workdays = forms.CharField(label="调休上班日（周六或周日，每行“日期 名称”）", widget=forms.Textarea(attrs={"rows": 6}),
                               required=False)
    confirmed = forms.BooleanField(label="已按国务院办公厅通知核对确认", required=False)
    source = forms.CharField(label="来源", max_length=200, required=False)


class DeadlineForm(forms.Form):
    received = date_field("收到申请日期")
    supplement_received = date_field("收到补正日期（如有）", required=False)
    pauses = forms.CharField(label="暂停期间（每行“起始日:结束日”，如征求第三方意见、缴费期间）", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    extended = forms.BooleanField(label="经负责人批准延长答复期限", required=False)
    workdays = forms.IntegerField(label="工作日数", min_value=1, max_value=200, initial=20, required=False,
                                  error_messages={"min_value": "工作日数必须为正整数。"})


def _lines(days) -> str:
    return "\n".join(f"{d.day.isoformat()} {d.name}" for d in days)


@staff_required
def calendar_list(request):
    return render(request, "workspace/calendar_list.html", {
        "years": calendar_years(), "can_manage": can(request.user, "calendar.manage"),
        "this_year": timezone.localdate().year,
    })


@staff_required
def calendar_edit(request, year: int):
    require(request.user, "calendar.manage", request=request, message="只有系统管理员可以录入或修改节假日安排。")
    if not 2000 <= year <= 2100:
        raise Http404
    row = CalendarYear.objects.filter(year=year).first()
    holidays, workdays = calendar_year_days(row) if row else ([], [])
    initial = {"holidays": _lines(holidays), "workdays": _lines(workdays),
               "confirmed": row.confirmed if row else False, "source": row.source if row else "国务院办公厅通知"}
    form = CalendarYearForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            calendar_year_save(
                year=year, holidays=parse_day_lines(d["holidays"], year=year),
                workdays=parse_day_lines(d["workdays"], year=year), confirmed=d["confirmed"],
                source=d["source"] or "系统管理员录入", at=timezone.now(), actor=request.user, request=request,
            )
        except (DomainError, ValueError) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
            status = 400
        else:
            messages.success(request, f"{year}年节假日安排已保存，相关未办结事项的期限已重新计算。")
            return redirect("workspace:calendar_list")
    elif request.method == "POST":
        status = 400
    return render(request, "workspace/calendar_edit.html", {"form": form, "year": year, "row": row}, status=status)


@staff_required
def deadline_calculator(request):
    form = DeadlineForm(request.GET or None)
    result, status = None, 200
    if request.GET and form.is_valid():
        d = form.cleaned_data
        try:
            pauses = tuple(parse_pause(line) for line in d["pauses"].splitlines() if line.strip())
            result = reply_deadline_for(received=d["received"], supplement_received=d["supplement_received"],
                                        pauses=pauses, extended=d["extended"], workdays=d["workdays"])
        except (DeadlineInputError, ValueError) as exc:
            form.add_error(None, str(exc))
            status = 400
    elif request.GET:
        status = 400
    return render(request, "workspace/deadline.html", {"form": form, "result": result}, status=status)
