"""Workspace pages: channel registry and updates, the 公开办 monitoring dashboard, 报送/采用."""

from django.contrib import messages as flash
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.interaction.selectors import message_stats_by_handling_agency
from xxgk.platform.errors import DomainError, InvalidInput
from xxgk.platform.policy import can, require
from xxgk.workspace.views import staff_required

from . import services
from .forms import ChannelForm, DecisionForm, ImportForm, StatusForm, SubmissionForm, UpdateForm
from .models import Channel, MonitoringAlert, Submission
from .selectors import channel_checks, channel_state_counts, channels_visible, last_updates, submission_counts
from .tasks import fetch_channel_feed

STATE_LABELS = {"ok": "正常", "warning": "预警", "stale": "超期未更新"}


def _managed(request) -> list[Agency]:
    return [a for a in agencies_with_records_visible_to(request.user).order_by("path")
            if can(request.user, "channel.manage", a)]


def _posted_agency(request, action: str) -> Agency:
    agency = get_object_or_404(Agency, pk=request.POST.get("agency") or 0)
    require(request.user, action, agency, request=request)
    return agency


@staff_required
def channel_list(request):
    visible = agencies_with_records_visible_to(request.user)
    today = timezone.localdate()
    form = ChannelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        agency = _posted_agency(request, "channel.manage")
        status = 400
        if form.is_valid():
            try:
                channel = services.channel_register(agency=agency, actor=request.user, at=timezone.now(),
                                                    request=request, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                return redirect("workspace:channel_detail", pk=channel.pk)
    checks = {c.target_key: c for c in channel_checks(today=today, agencies=visible)}
    channels = list(channels_visible(visible))
    rows = [(c, checks.get(f"channel:{c.pk}")) for c in channels]
    return render(request, "monitoring/channels.html", {
        "rows": rows, "form": form, "agencies": _managed(request), "labels": STATE_LABELS,
        "can_dashboard": can(request.user, "monitoring.dashboard")}, status=status)


@staff_required
def channel_detail(request, pk: int):
    channel = get_object_or_404(channels_visible(agencies_with_records_visible_to(request.user)), pk=pk)
    today = timezone.localdate()
    return render(request, "monitoring/channel_detail.html", {
        "channel": channel, "last_update": last_updates([channel], today=today)[channel.pk],
        "updates": channel.updates.all()[:100], "items": channel.items.filter(status="published")[:20]
        if channel.kind == "column" else [], "history": channel.status_changes.all(),
        "update_form": UpdateForm(initial={"on": today}), "status_form": StatusForm(initial={"on": today}),
        "import_form": ImportForm(), "can_manage": can(request.user, "channel.manage", channel.agency),
        "alerts": MonitoringAlert.objects.filter(target_key=f"channel:{channel.pk}")[:20]})


@staff_required
@require_POST
def channel_action(request, pk: int, action: str):
    channel = get_object_or_404(channels_visible(agencies_with_records_visible_to(request.user)), pk=pk)
    now, user = timezone.now(), request.user
    try:
        if action == "update":
            form = UpdateForm(request.POST)
            if not form.is_valid():
                raise InvalidInput("请填写正确的更新日期和标题。")
            services.channel_record_update(channel=channel, actor=user, at=now, request=request, **form.cleaned_data)
        elif action == "status":
            form = StatusForm(request.POST)
            if not form.is_valid():
                raise InvalidInput("请选择状态并填写日期。")
            services.channel_set_status(channel=channel, actor=user, at=now, request=request, **form.cleaned_data)
        elif action == "import":
            upload = request.FILES.get("file")
            if upload is None:
                raise InvalidInput("请选择要导入的文件。")
            added = services.channel_updates_import(agency=channel.agency, channel=channel, actor=user, at=now,
                                                    name=upload.name, data=upload.read(), request=request)
            flash.info(request, f"导入{added}条更新记录。")
        elif action == "fetch":
            require(user, "channel.manage", channel.agency, request=request)
            if not channel.feed_url:
                raise InvalidInput("该渠道没有订阅地址。")
            fetch_channel_feed.enqueue(channel_id=channel.pk)
            flash.info(request, "已安排后台抓取订阅内容，稍后刷新查看。")
        else:
            return redirect("workspace:channel_detail", pk=pk)
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "已保存。")
    return redirect("workspace:channel_detail", pk=pk)


@staff_required
def dashboard(request):
    require(request.user, "monitoring.dashboard", request=request, message="监测总览仅供公开办使用。")
    visible = agencies_with_records_visible_to(request.user)
    today = timezone.localdate()
    checks = channel_checks(today=today, agencies=visible)
    counts = channel_state_counts(checks)
    total = max(sum(counts.values()), 1)
    state_bars = [{"label": STATE_LABELS[k], "count": v, "percent": round(v * 100 / total, 1)} for k, v in counts.items()]
    closed = Channel.objects.filter(agency__in=visible, status="closed").select_related("agency")
    year = int(request.GET["year"]) if str(request.GET.get("year", "")).isdigit() else today.year
    timeliness = message_stats_by_handling_agency(visible.order_by("path"), year)
    box_bars = [{"label": s.label, "count": s.answered_in_time,
                 "percent": round(s.answered_in_time * 100 / s.received, 1) if s.received else 0.0} for s in timeliness]
    return render(request, "monitoring/dashboard.html", {
        "counts": counts, "state_bars": state_bars, "state_height": 20 * len(state_bars),
        "problems": [c for c in checks if c.state != "ok"], "closed": closed, "timeliness": timeliness,
        "box_bars": box_bars, "box_height": 20 * max(len(box_bars), 1), "year": year, "labels": STATE_LABELS,
        "alerts": MonitoringAlert.objects.filter(agency__in=visible).select_related("agency")[:50], "today": today})


@staff_required
def submission_list(request):
    visible = agencies_with_records_visible_to(request.user)
    today = timezone.localdate()
    form = SubmissionForm(request.POST or None, initial={"submitted_on": today})
    status = 200
    if request.method == "POST":
        agency = _posted_agency(request, "submission.record")
        status = 400
        if form.is_valid():
            try:
                services.submission_record(agency=agency, actor=request.user, at=timezone.now(), request=request,
                                           **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                flash.success(request, "报送已登记。")
                return redirect("workspace:submission_list")
    year = today.year if not str(request.GET.get("year", "")).isdigit() else int(request.GET["year"])
    agencies = [a for a in visible.order_by("path") if can(request.user, "submission.record", a)]
    return render(request, "monitoring/submissions.html", {
        "submissions": Submission.objects.filter(agency__in=visible, submitted_on__year=year).select_related("agency"),
        "form": form, "agencies": agencies, "year": year, "decision_form": DecisionForm(initial={"decided_on": today}),
        "counts": [(a, submission_counts(a, year)) for a in agencies]}, status=status)


@staff_required
@require_POST
def submission_decide_view(request, pk: int):
    submission = get_object_or_404(Submission.objects.filter(agency__in=agencies_with_records_visible_to(request.user)),
                                   pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        flash.error(request, "请选择采用情况并填写日期。")
    else:
        try:
            services.submission_decide(submission=submission, actor=request.user, at=timezone.now(), request=request,
                                       **form.cleaned_data)
        except DomainError as exc:
            flash.error(request, exc.message)
        else:
            flash.success(request, "采用情况已登记。")
    return redirect(f"/workspace/submissions/?year={submission.submitted_on.year}")
