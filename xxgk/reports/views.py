"""Report pages: the workspace editor, cell drill-down, checker, dashboard; the portal's 年报 column."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.platform.errors import DomainError, InvalidInput
from xxgk.platform.pagecache import public_page
from xxgk.platform.policy import can, require
from xxgk.portal.sections import SECTIONS
from xxgk.workspace.views import staff_required

from .checker import check_document
from .checker.extract import UnreadableReport
from .forms import CheckUploadForm, PublishForm
from .layout import layout
from .models import PublishedReport, ReportDraft, ReportFigure
from .selectors import SECTION_TITLES, build_report, cases_behind_cell, publication_status
from .services import (
    finding_key,
    report_draft_save,
    report_figures_import,
    report_figures_save,
    report_publish,
)
from .tables import table_defs, value_columns


def _agency_year(request) -> tuple[Agency, int]:
    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year - 1)
    except ValueError as exc:
        raise Http404 from exc
    return agency, year


@staff_required
def editor(request):
    agency, year = _agency_year(request)
    require(request.user, "report.edit", agency, request=request, message="只有本机关负责人或上级公开办可以编制年报。")
    if request.method == "POST":
        try:
            _save(request, agency, year)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存。")
        return redirect(f"{request.path}?agency={agency.pk}&year={year}")
    report = build_report(agency, year)
    draft = ReportDraft.objects.filter(agency=agency, year=year).first()
    last_year = ReportDraft.objects.filter(agency=agency, year=year - 1).first()
    last_published = PublishedReport.objects.filter(agency=agency, year=year - 1).order_by("-version").first()
    acknowledged = draft.acknowledgements if draft else {}
    entered = {(f.table_id, f.row_id): f for f in ReportFigure.objects.filter(agency=agency, year=year)}
    figure_rows = []
    for table in table_defs(report.format):
        if table["id"].startswith("t2"):
            for row in layout(report.format, table["id"], report.tables[table["id"]])["body"]:
                label = row["labels"][-1]["text"]
                figure_rows.append({
                    "caption": table["caption"], "label": label,
                    "inputs": [{"name": f"fig:{table['id']}:{row['id']}:{i}", "value": v,
                                "label": f"{label} {c['path'][-1]}"}
                               for i, (c, v) in enumerate(zip(value_columns(table), row["values"], strict=True))],
                    "source": getattr(entered.get((table["id"], row["id"])), "source", "")})
    return render(request, "reports/editor.html", {
        "agency": agency, "year": year, "report": report,
        "tables": [layout(report.format, t["id"], report.tables[t["id"]]) for t in table_defs(report.format)],
        "findings": [(f, finding_key(f), acknowledged.get(finding_key(f), "")) for f in report.findings],
        "has_errors": any(f.severity == "error" for f in report.findings),
        "narrative": [(k, SECTION_TITLES[k], report.narrative.get(k, "")) for k in ("s1", "s5", "s6")],
        "last_s5": (last_published.narrative.get("s5") if last_published else
                    (last_year.narrative.get("s5") if last_year else "")),
        "figure_rows": figure_rows, "draft": draft, "counting_choices": ReportDraft.APPEAL_COUNTING,
        "counting": draft.appeal_counting if draft else "filed_in_year",
        "versions": PublishedReport.objects.filter(agency=agency, year=year).order_by("-version"),
        "publish_form": PublishForm(), "can_publish": can(request.user, "report.publish", agency),
    })


def _save(request, agency: Agency, year: int) -> None:
    now, what = timezone.now(), request.POST.get("what")
    if what == "figures":
        figures = {}
        for key in request.POST:
            if key.startswith("fig:"):
                _, table_id, row_id, index = key.split(":")
                figures.setdefault((table_id, row_id), {})[int(index)] = request.POST[key]
        ordered = {k: [v[i] for i in sorted(v)] for k, v in figures.items()}
        report_figures_save(agency=agency, year=year, figures=ordered, source=request.POST.get("source", ""), at=now,
                            actor=request.user, request=request)
    elif what == "narrative":
        report_draft_save(agency=agency, year=year, at=now, actor=request.user, request=request,
                          narrative={k: request.POST.get(k, "") for k in ("s1", "s5", "s6")},
                          appeal_counting=request.POST.get("appeal_counting") or None)
    elif what == "figures_xlsx":
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput("请选择XLSX文件。")
        report_figures_import(agency=agency, year=year, name=upload.name, data=upload.read(),
                              source=request.POST.get("source", ""), at=now, actor=request.user, request=request)
    elif what == "acknowledge":
        acks = {key[4:]: value for key, value in request.POST.items() if key.startswith("ack:")}
        report_draft_save(agency=agency, year=year, at=now, actor=request.user, request=request, acknowledgements=acks)
    else:
        raise Http404


@staff_required
@require_POST
def publish(request):
    agency, year = _agency_year(request)
    require(request.user, "report.publish", agency, request=request, message="只有本机关负责人或上级公开办可以发布年报。")
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        published = report_publish(agency=agency, year=year, at=timezone.now(), actor=request.user, request=request,
                                   correction_note=form.cleaned_data.get("correction_note", ""))
    except DomainError as exc:
        return render(request, "platform/error.html", {"title": "不能发布", "message": exc.message}, status=exc.status)
    messages.success(request, f"已发布第{published.version}版。")
    return redirect(f"/workspace/reports/?agency={agency.pk}&year={year}")


@staff_required
def download_xlsx(request):
    """The current report as XLSX: also the template for importing section 二 figures."""
    from .render import render_xlsx

    agency, year = _agency_year(request)
    require(request.user, "report.edit", agency, request=request, message="您不能下载该机关的年报数据。")
    report = build_report(agency, year)
    data = render_xlsx(title=report.title, fmt=report.format, tables=report.tables, narrative=report.narrative)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="report-{agency.credit_code}-{year}.xlsx"'
    return response


@staff_required
def cell(request):
    agency, year = _agency_year(request)
    require(request.user, "agency.view_records", agency, request=request, message="您不能查看该机关的案件。")
    row, column = request.GET.get("row", ""), request.GET.get("column", "")
    cases = cases_behind_cell(agency, year, row, column)
    return render(request, "reports/cell.html", {"agency": agency, "year": year, "row": row, "column": column,
                                                 "cases": cases.select_related("agency")})


@staff_required
def checker(request):
    require(request.user, "report.check", request=request)
    form = CheckUploadForm(request.POST or None, request.FILES or None)
    result, error, status, tables = None, "", 200, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = check_document(upload.name, upload.read())
            tables = [layout(result.format, t["id"], result.tables[t["id"]]) for t in table_defs(result.format)
                      if t["id"] in result.tables]
        except UnreadableReport as exc:
            error, status = str(exc), 400
    elif request.method == "POST":
        status = 400
    return render(request, "reports/checker.html", {"form": form, "result": result, "error": error,
                                                    "tables": tables}, status=status)


@staff_required
def combined(request):
    """The combined report of an agency's subtree, built from every agency's records (公开办)."""
    agency, year = _agency_year(request)
    require(request.user, "report.dashboard", agency, request=request, message="只有公开办可以查看汇总报告。")
    report = build_report(agency, year, subtree=True)
    return render(request, "reports/combined.html", {
        "agency": agency, "year": year, "report": report,
        "tables": [layout(report.format, t["id"], report.tables[t["id"]]) for t in table_defs(report.format)]})


@staff_required
def dashboard(request):
    year = int(request.GET.get("year") or timezone.localdate().year - 1)
    agencies = [a for a in agencies_with_records_visible_to(request.user).filter(is_active=True).order_by("path")
                if can(request.user, "report.dashboard", a) or can(request.user, "report.edit", a)]
    if not agencies:
        require(request.user, "report.dashboard", None, request=request, message="只有公开办可以查看年报发布情况。")
    return render(request, "reports/dashboard.html", {"year": year, "rows": publication_status(agencies, year)})


@public_page
def portal_list(request):
    reports = PublishedReport.objects.select_related("agency").order_by("-year", "agency__path", "-version")
    latest, older = {}, []
    for report in reports:
        key = (report.agency_id, report.year)
        if key in latest:
            older.append(report)
        else:
            latest[key] = report
    return render(request, "reports/portal_list.html", {"reports": list(latest.values()), "older": older,
                                                        "sections": SECTIONS, "active": "reports"})


@public_page
def portal_detail(request, pk: int):
    report = get_object_or_404(PublishedReport.objects.select_related("agency"), pk=pk)
    versions = PublishedReport.objects.filter(agency=report.agency, year=report.year).order_by("-version")
    from .render import report_context

    context = report_context(title=report.title, fmt=report.format, tables=report.tables, narrative=report.narrative)
    return render(request, "reports/portal_detail.html", {"report": report, "versions": versions,
                                                          "sections": SECTIONS, "active": "reports",
                                                          "document": context})


@csp_update({"style-src": [UNSAFE_INLINE]})  # the snapshot document carries its own print styles
@public_page
def portal_html(request, pk: int):
    report = get_object_or_404(PublishedReport, pk=pk)
    return HttpResponse(report.html, content_type="text/html; charset=utf-8")


def portal_file(request, pk: int, kind: str):
    report = get_object_or_404(PublishedReport, pk=pk)
    if kind not in ("docx", "pdf", "xlsx"):
        raise Http404
    field = getattr(report, kind)
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"{report.title}（第{report.version}版）.{kind}")
