"""Information items (政府信息), their revisions, attachments, review steps and scan findings."""

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency

from .vocab import ART20_CHOICES, DISCLOSURE, DOC_KINDS, VALIDITY


class Item(models.Model):
    """One piece of government information in the 目录; its public content is its latest published revision."""

    STATUSES = [("draft", "草稿"), ("in_review", "审核中"), ("approved", "已审定待发布"), ("published", "已发布"),
                ("withdrawn", "已撤回")]
    agency = models.ForeignKey(Agency, verbose_name="发布机构", on_delete=models.PROTECT, related_name="items")
    index_number = models.CharField("索引号", max_length=60, unique=True)
    serial = models.PositiveIntegerField("流水号")
    status = models.CharField("状态", max_length=16, choices=STATUSES, default="draft", db_index=True)
    title = models.CharField("信息名称", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    written_on = models.DateField("成文日期")
    formed_on = models.DateField("形成或变更日期")
    due_on = models.DateField("公开期限")
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    subject = models.CharField("主题分类", max_length=80)
    genre = models.CharField("体裁", max_length=20)
    art20_category = models.PositiveSmallIntegerField("第二十条类别", choices=ART20_CHOICES)
    doc_kind = models.CharField("文件类型", max_length=16, choices=DOC_KINDS, blank=True)
    disclosure = models.CharField("公开属性", max_length=16, choices=DISCLOSURE, default="active")
    disclosure_reason = models.TextField("不公开/依申请公开理由", blank=True)
    validity = models.CharField("有效性", max_length=16, choices=VALIDITY, default="valid")
    valid_from = models.DateField("生效日期", null=True, blank=True)
    repealed_on = models.DateField("失效/废止日期", null=True, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文（已净化的HTML）", blank=True)
    channels = models.JSONField("发布渠道", default=list, blank=True)
    # The registered portal columns and 政务新媒体 accounts it went out on; `channels` keeps their kinds for the report.
    outlets = models.ManyToManyField("monitoring.Channel", verbose_name="发布栏目和账号", blank=True, related_name="items")
    interprets = models.ForeignKey("self", verbose_name="所解读的文件", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="interpretations")
    no_interpretation_reason = models.TextField("不解读理由", blank=True)
    entry = models.ForeignKey("CatalogEntry", verbose_name="标准目录事项", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="items")
    revision = models.PositiveIntegerField("修订版本", default=1)
    # The public sees this submitted snapshot; the fields above are the working copy being edited.
    published_revision = models.PositiveIntegerField("公开的版本", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "serial"], name="item_unique_serial_per_agency")]
        indexes = [models.Index(fields=["agency", "status", "published_on"], name="item_public_idx"),
                   # keyset pages of the public 目录, all agencies or one (newest first)
                   models.Index(fields=["published_on", "id"], name="item_published_order_idx"),
                   models.Index(fields=["agency", "published_on", "id"], name="item_agency_published_idx"),
                   # search's public check of its hits reads only this index: on SQLite the row's later
                   # columns lie past the body's overflow pages
                   models.Index(fields=["id", "published_revision", "disclosure", "status"],
                                name="item_public_check_idx")]

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"


class ItemRevision(models.Model):
    """A snapshot of an item's content each time it is submitted: the history shown with the item."""

    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField("版本")
    content = models.JSONField("内容")
    created_at = models.DateTimeField("时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "修订"
        verbose_name_plural = "修订"
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="item_revision_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} r{self.number}"


class ItemAttachment(models.Model):
    """A file published with the item; its text is kept for the scan and for search."""

    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=120)
    size = models.PositiveIntegerField("大小")
    file = models.FileField("文件", upload_to="items/%Y/")
    text = models.TextField("文本", blank=True)
    created_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class ReviewStep(models.Model):
    """One decision in the review before publication: who, when, which stage, what, and why."""

    STAGES = [("submit", "提交"), ("initial", "初审"), ("consult", "会商"), ("signoff", "负责人签发"),
              ("publish", "发布"), ("withdraw", "撤回")]
    DECISIONS = [("submitted", "提交审核"), ("approved", "同意"), ("returned", "退回修改"), ("noted", "意见")]
    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.PROTECT, related_name="review_steps")
    revision = models.PositiveIntegerField("版本")
    stage = models.CharField("环节", max_length=16, choices=STAGES)
    decision = models.CharField("决定", max_length=16, choices=DECISIONS)
    comment = models.TextField("意见", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.get_decision_display()}"


class ScanHit(models.Model):
    """A finding of the automatic scan on a revision; it must be fixed or accepted with a reason."""

    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.PROTECT, related_name="scan_hits")
    revision = models.PositiveIntegerField("版本")
    kind = models.CharField("类别", max_length=32)
    text = models.CharField("内容", max_length=300)
    where = models.CharField("位置", max_length=200)
    accepted_reason = models.TextField("接受理由", blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "扫描发现"
        verbose_name_plural = "扫描发现"

    def __str__(self) -> str:
        return f"{self.kind} {self.where}"


class CatalogArea(models.Model):
    """A 基层政务公开标准目录 area (e.g. 义务教育); the 26 pilot areas are seeded and editable."""

    name = models.CharField("领域", max_length=50, unique=True)
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "标准目录领域"
        verbose_name_plural = "标准目录领域"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class CatalogEntry(models.Model):
    """One 事项 of the standard catalogue with its standard fields."""

    area = models.ForeignKey(CatalogArea, verbose_name="领域", on_delete=models.PROTECT, related_name="entries")
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=100)
    elements = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=100, default="信息形成或者变更之日起20个工作日内")
    time_limit_workdays = models.PositiveSmallIntegerField("公开时限（工作日）", default=20)
    subject = models.CharField("公开主体", max_length=100, blank=True)
    channels = models.CharField("公开渠道和载体", max_length=200, default="政府网站")
    audience = models.CharField("公开对象", max_length=20, default="全社会")
    method = models.CharField("公开方式", max_length=20, default="主动")
    level = models.CharField("公开层级", max_length=20, default="县级")

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "标准目录事项"
        ordering = ["area__position", "id"]

    def __str__(self) -> str:
        return f"{self.area} / {self.level1} / {self.level2}"


class CatalogAdoption(models.Model):
    """An agency has adopted a standard catalogue entry: it must publish under it."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="adoptions")
    entry = models.ForeignKey(CatalogEntry, verbose_name="事项", on_delete=models.PROTECT, related_name="adoptions")
    adopted_at = models.DateTimeField("采用时间")

    class Meta:
        verbose_name = "目录采用"
        verbose_name_plural = "目录采用"
        constraints = [models.UniqueConstraint(fields=["agency", "entry"], name="adoption_unique_agency_entry")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.entry}"


class ReviewWorkflow(models.Model):
    """An agency's review steps as data; without a row, 会商 is optional and 负责人签发 is required."""

    agency = models.OneToOneField(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="review_workflow")
    consult_required = models.BooleanField("必须会商", default=False)
    consult_parties = models.CharField("会商单位", max_length=200, blank=True)
    signoff_required = models.BooleanField("须负责人签发", default=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "审核流程"
        verbose_name_plural = "审核流程"

    def __str__(self) -> str:
        return f"{self.agency}审核流程"
