"""Writes for reports: entered figures, the draft, publishing an immutable version."""

import hashlib
import json
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import Conflict, InvalidInput

from .models import PublishedReport, ReportDraft, ReportFigure
from .render import render_docx, render_html, render_pdf, render_xlsx
from .selectors import build_report
from .tables import Finding, data_rows, format_for_year, table_def, value_columns


class ReportInconsistent(Conflict):
    """The report has errors, or warnings nobody acknowledged; it cannot be published (HTTP 409)."""


def finding_key(finding: Finding) -> str:
    """Return the stable key a warning is acknowledged under."""
    return f"{finding.rule}:{hashlib.sha1(finding.message.encode()).hexdigest()[:10]}"


def _checked_values(table: dict, row_id: str, raw: list) -> list:
    columns = value_columns(table)
    if len(raw) != len(columns):
        raise InvalidInput(f"“{row_id}”应有{len(columns)}个数，实际为{len(raw)}个。")
    values = []
    for column, value in zip(columns, raw, strict=True):
        text = str(value).strip()
        try:
            if column.get("type") == "decimal":
                number = Decimal(text)
                if number < 0:
                    raise InvalidInput(f"“{column['path'][-1]}”不能为负数。")
                values.append(str(number))
            else:
                number = int(text)
                if number < 0 and column["id"] != "change":
                    raise InvalidInput(f"“{column['path'][-1]}”不能为负数。")
                values.append(number)
        except (ValueError, InvalidOperation) as exc:
            raise InvalidInput(f"“{column['path'][-1]}”的值“{text}”不是有效数字。") from exc
    return values


def report_figures_save(*, agency: Agency, year: int, figures: dict[tuple[str, str], list], source: str,
                        at: datetime, actor=None, request=None) -> list[ReportFigure]:
    """Save section 二 rows (from other government systems) for a year, with their source."""
    if not source.strip():
        raise InvalidInput("请注明数据来源（如“区市场监管局行政许可系统”）。", field="source")
    fmt = format_for_year(year)
    checked = {}
    for (table_id, row_id), raw in figures.items():
        if not table_id.startswith("t2"):
            raise InvalidInput("只有第二部分的数据需要填报，第三、四部分由案件记录自动统计。")
        try:
            table = table_def(fmt, table_id)
        except StopIteration as exc:
            raise InvalidInput(f"{year}年的报告格式中没有表“{table_id}”。") from exc
        if row_id not in {r["id"] for r in data_rows(table)}:
            raise InvalidInput(f"表“{table_id}”中没有行“{row_id}”。")
        checked[(table_id, row_id)] = _checked_values(table, row_id, raw)
    saved = []
    with transaction.atomic():
        for (table_id, row_id), values in checked.items():
            figure, _ = ReportFigure.objects.update_or_create(
                agency=agency, year=year, table_id=table_id, row_id=row_id,
                defaults={"values": values, "source": source.strip(), "updated_at": at,
                          "updated_by": actor if actor and actor.is_authenticated else None})
            saved.append(figure)
        audit_record(action="report.figures_saved", at=at, actor=actor, request=request, agency=agency,
                     data={"year": year, "rows": [f"{t}.{r}" for t, r in checked], "source": source.strip()})
    return saved


def report_draft_save(*, agency: Agency, year: int, at: datetime, narrative: dict[str, str] | None = None,
                      acknowledgements: dict[str, str] | None = None, appeal_counting: str | None = None,
                      actor=None, request=None) -> ReportDraft:
    """Save narrative sections, warning acknowledgements (with reasons) or the 复议诉讼 counting rule."""
    if narrative and set(narrative) - {"s1", "s5", "s6"}:
        raise InvalidInput("只能编辑第一、五、六部分的正文。")
    if appeal_counting and appeal_counting not in dict(ReportDraft.APPEAL_COUNTING):
        raise InvalidInput("复议诉讼统计口径无效。")
    with transaction.atomic():
        draft, _ = ReportDraft.objects.select_for_update(no_key=True).get_or_create(
            agency=agency, year=year, defaults={"updated_at": at})
        if narrative is not None:
            draft.narrative = {**draft.narrative, **{k: v.strip() for k, v in narrative.items()}}
        if acknowledgements is not None:
            draft.acknowledgements = {k: v.strip() for k, v in acknowledgements.items() if v.strip()}
        if appeal_counting:
            draft.appeal_counting = appeal_counting
        draft.updated_at = at
        draft.save()
        audit_record(action="report.draft_saved", at=at, actor=actor, request=request, agency=agency,
                     data={"year": year})
    return draft


def report_publish(*, agency: Agency, year: int, at: datetime, actor=None, request=None,
                   correction_note: str = "") -> PublishedReport:
    """Publish a new immutable version: refused while any error or unacknowledged warning remains."""
    report = build_report(agency, year)
    errors = [f for f in report.findings if f.severity == "error"]
    if errors:
        raise ReportInconsistent("年报存在错误，不能发布：" + "；".join(f.message for f in errors[:5]))
    draft = ReportDraft.objects.filter(agency=agency, year=year).first()
    acknowledged = draft.acknowledgements if draft else {}
    open_warnings = [f for f in report.findings if f.severity == "warning" and finding_key(f) not in acknowledged]
    if open_warnings:
        raise ReportInconsistent("以下提醒尚未说明理由，不能发布：" + "；".join(f.message for f in open_warnings[:5]))
    with transaction.atomic():
        previous = PublishedReport.objects.select_for_update(no_key=True).filter(agency=agency, year=year).order_by(
            "-version").first()
        if previous is not None and not correction_note.strip():
            raise InvalidInput("该年度年报已发布，发布更正版本须写明更正说明。", field="correction_note")
        html = render_html(title=report.title, fmt=report.format, tables=report.tables, narrative=report.narrative)
        docx = render_docx(title=report.title, fmt=report.format, tables=report.tables, narrative=report.narrative)
        xlsx = render_xlsx(title=report.title, fmt=report.format, tables=report.tables, narrative=report.narrative)
        pdf = render_pdf(html)
        version = (previous.version + 1) if previous else 1
        digest = hashlib.sha256()
        digest.update(json.dumps({"tables": report.tables, "narrative": report.narrative, "inputs": report.inputs},
                                 ensure_ascii=False, sort_keys=True).encode())
        for blob in (html.encode(), docx, pdf, xlsx):
            digest.update(blob)
        published = PublishedReport(
            agency=agency, year=year, version=version, format=report.format, title=report.title,
            tables=report.tables, narrative=report.narrative, findings=[f.as_dict() for f in report.findings],
            acknowledgements=acknowledged, inputs=report.inputs, html=html, sha256=digest.hexdigest(),
            correction_note=correction_note.strip(), published_at=at,
            published_by=actor if actor and actor.is_authenticated else None)
        stem = f"{agency.credit_code}-{year}-v{version}"
        published.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        published.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        published.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        published.save()
        audit_record(action="report.published", at=at, actor=actor, request=request, target=published, agency=agency,
                     data={"year": year, "version": version, "sha256": published.sha256})
    return published


def report_figures_import(*, agency: Agency, year: int, name: str, data: bytes, source: str, at: datetime,
                          actor=None, request=None) -> list[ReportFigure]:
    """Import section 二 rows from an XLSX laid out like the report's own XLSX (one sheet per table)."""
    import io

    from openpyxl import load_workbook

    if not name.lower().endswith(".xlsx"):
        raise InvalidInput("填报数据应为 .xlsx 文件（可先下载本报告的XLSX作为模板）。")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # not a workbook at all
        raise InvalidInput(f"无法读取XLSX文件：{exc.__class__.__name__}。") from exc
    fmt = format_for_year(year)
    figures, problems = {}, []
    for sheet in workbook.worksheets:
        if not sheet.title.startswith("t2"):
            continue
        try:
            table = table_def(fmt, sheet.title)
        except StopIteration:
            problems.append(f"工作表“{sheet.title}”不属于{year}年的报告格式。")
            continue
        labels = {r["path"][-1]: r["id"] for r in data_rows(table)}
        width = len(value_columns(table))
        for number, row in enumerate(sheet.iter_rows(min_row=4, values_only=True), start=4):
            if not row or row[0] in (None, ""):
                continue
            row_id = labels.get(str(row[0]).strip())
            if row_id is None:
                problems.append(f"工作表“{sheet.title}”第{number}行：无法识别的项目“{row[0]}”。")
                continue
            values = list(row[1:1 + width])
            figures[(sheet.title, row_id)] = ["" if v is None else (int(v) if isinstance(v, float) and v.is_integer()
                                                                     else v) for v in values]
    if problems:
        raise InvalidInput("填报数据有错误，未导入：" + "；".join(problems))
    if not figures:
        raise InvalidInput("文件中没有第二部分的数据（工作表应名为 t2_art20_1 等）。")
    return report_figures_save(agency=agency, year=year, figures=figures, source=source, at=at, actor=actor,
                               request=request)
