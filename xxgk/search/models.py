"""What the portal's search can show: one row per public document, and its indexed text chunks."""

from django.db import models

from xxgk.agencies.models import Agency

KINDS = [("policy", "政策文件"), ("interpretation", "政策解读"), ("catalog", "公开目录信息"), ("report", "年度报告"),
         ("guide", "依申请公开指南"), ("interaction", "政务互动")]


class SearchDocument(models.Model):
    """A public document as search shows it; `key` names its source (e.g. item:12)."""

    key = models.CharField("来源", max_length=40, unique=True)
    kind = models.CharField("类别", max_length=16, choices=KINDS, db_index=True)
    title = models.CharField("标题", max_length=300)
    title_norm = models.CharField("标题（规范化）", max_length=300)
    url = models.CharField("地址", max_length=300)
    text = models.TextField("正文（纯文本）")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField("主题分类", max_length=80, blank=True)
    art20_category = models.PositiveSmallIntegerField("第二十条类别", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", db_index=True)
    validity = models.CharField("有效性", max_length=16, blank=True)
    published_on = models.DateField("发布日期")
    indexed_at = models.DateTimeField("索引时间")

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"

    def __str__(self) -> str:
        return self.key


class SearchChunk(models.Model):
    """One chunk of a document's normalised text as the engine indexes it (title only in chunk 0)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField("序号")

    class Meta:
        verbose_name = "检索分块"
        verbose_name_plural = "检索分块"
        constraints = [models.UniqueConstraint(fields=["document", "seq"], name="searchchunk_unique_seq")]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.seq}"
