"""Figures entered per year, the editable draft, and immutable published report versions."""

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency


class AppendOnly(Exception):
    """A published report version cannot be changed or deleted; publish a new version instead."""


class ReportFigure(models.Model):
    """A section 二 row entered by staff or imported, with where the numbers came from."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="report_figures")
    year = models.PositiveSmallIntegerField("年度")
    table_id = models.CharField("表", max_length=32)
    row_id = models.CharField("行", max_length=48)
    values = models.JSONField("数值")
    source = models.CharField("数据来源", max_length=200)
    updated_at = models.DateTimeField("更新时间")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "年报填报数据"
        verbose_name_plural = "年报填报数据"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "table_id", "row_id"],
                                               name="report_figure_unique_cell_row")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.table_id}.{self.row_id}"


class ReportDraft(models.Model):
    """The working copy of one agency's report for one year: narrative sections and acknowledgements."""

    APPEAL_COUNTING = [("filed_in_year", "本年立案的复议诉讼（按12月31日的结果）"),
                       ("concluded_or_pending", "本年审结的加上年末尚未审结的")]
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="report_drafts")
    year = models.PositiveSmallIntegerField("年度")
    narrative = models.JSONField("正文各部分", default=dict, blank=True)
    acknowledgements = models.JSONField("已确认的提醒", default=dict, blank=True)
    appeal_counting = models.CharField("复议诉讼统计口径", max_length=24, choices=APPEAL_COUNTING,
                                       default="filed_in_year")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "年报草稿"
        verbose_name_plural = "年报草稿"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_draft_unique_year")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年报草稿"


class PublishedReport(models.Model):
    """One published version: inputs, tables, rendered files and their hash. Never changed."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="published_reports")
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本")
    format = models.CharField("格式", max_length=4)
    title = models.CharField("标题", max_length=200)
    tables = models.JSONField("表格")
    narrative = models.JSONField("正文")
    findings = models.JSONField("核查结果")
    acknowledgements = models.JSONField("已确认的提醒")
    inputs = models.JSONField("输入")
    html = models.TextField("HTML")
    docx = models.FileField("DOCX", upload_to="reports/")
    pdf = models.FileField("PDF", upload_to="reports/")
    xlsx = models.FileField("XLSX", upload_to="reports/")
    sha256 = models.CharField("摘要", max_length=64)
    correction_note = models.TextField("更正说明", blank=True)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "已发布年报"
        verbose_name_plural = "已发布年报"
        ordering = ["-year", "agency__path", "-version"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "version"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("已发布的年报不能修改，请发布更正版本。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("已发布的年报不能删除。")
