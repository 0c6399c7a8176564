"""信箱 boxes and messages, 意见征集 consultations, 问卷 surveys and 在线访谈 interviews."""

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency


class MessageBox(models.Model):
    """A message box of an agency (区长信箱, 咨询投诉, 建言献策) with its reply time limit."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="message_boxes")
    name = models.CharField("信箱名称", max_length=50)
    description = models.TextField("说明", blank=True)
    reply_workdays = models.PositiveSmallIntegerField("答复时限（工作日）", default=10)
    publish_replies = models.BooleanField("答复可公开", default=True)
    is_active = models.BooleanField("启用", default=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "信箱"
        verbose_name_plural = "信箱"
        ordering = ["agency__path", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="messagebox_unique_name_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency.short_name or self.agency.name}·{self.name}"


class Message(models.Model):
    """One letter to a box; the handling agency may change by 转办/交办, the clock runs from receipt."""

    STATUSES = [("received", "待办理"), ("answered", "已答复"), ("invalid", "无效留言")]
    box = models.ForeignKey(MessageBox, verbose_name="信箱", on_delete=models.PROTECT, related_name="messages")
    agency = models.ForeignKey(Agency, verbose_name="承办机关", on_delete=models.PROTECT, related_name="messages")
    number = models.CharField("留言编号", max_length=20, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=64)
    status = models.CharField("状态", max_length=12, choices=STATUSES, default="received", db_index=True)
    writer_name = models.CharField("姓名", max_length=50)
    contact_encrypted = models.TextField("联系方式（加密）")
    contact_hash = models.CharField("联系方式摘要", max_length=64, db_index=True)
    address_hash = models.CharField("来源地址摘要", max_length=64, blank=True, db_index=True)
    subject = models.CharField("主题", max_length=200)
    body = models.TextField("内容")
    wants_public = models.BooleanField("同意公开", default=False)
    received_at = models.DateTimeField("收到时间", db_index=True)
    received_on = models.DateField("收到日期", db_index=True)
    due_on = models.DateField("答复期限")
    supervised_at = models.DateTimeField("督办时间", null=True, blank=True)
    supervision_note = models.TextField("督办意见", blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    reply_workdays = models.PositiveSmallIntegerField("办理用时（工作日）", null=True, blank=True)
    invalid_reason = models.TextField("无效理由", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    public_subject = models.CharField("公开主题", max_length=200, blank=True)
    public_body = models.TextField("公开内容（已去除个人信息）", blank=True)
    public_reply = models.TextField("公开答复", blank=True)
    rating = models.PositiveSmallIntegerField("满意度评价", null=True, blank=True)
    rating_comment = models.TextField("评价意见", blank=True)

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"], name="message_open_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def answered_in_time(self) -> bool:
        return self.replied_on is not None and self.replied_on <= self.due_on


class MessageAttachment(models.Model):
    """A file the writer attached, checked by content and size."""

    message = models.ForeignKey(Message, verbose_name="留言", on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=120)
    size = models.PositiveIntegerField("大小")
    file = models.FileField("文件", upload_to="messages/%Y/")

    class Meta:
        verbose_name = "留言附件"
        verbose_name_plural = "留言附件"

    def __str__(self) -> str:
        return self.name


class MessageEvent(models.Model):
    """A step in a message's history: received, 转办, 交办, 督办, answered, published, rated."""

    KINDS = [("received", "收到留言"), ("transferred", "转办"), ("assigned", "交办"), ("supervised", "督办"),
             ("answered", "答复"), ("invalid", "认定无效"), ("published", "公开"), ("rated", "评价")]
    message = models.ForeignKey(Message, verbose_name="留言", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("类别", max_length=16, choices=KINDS)
    note = models.TextField("说明", blank=True)
    from_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "留言办理记录"
        verbose_name_plural = "留言办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.get_kind_display()}"


class ReplyTemplate(models.Model):
    """A reply text staff start from; `{姓名}` and `{主题}` are filled in."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="reply_templates")
    title = models.CharField("模板名称", max_length=60)
    body = models.TextField("模板内容")

    class Meta:
        verbose_name = "答复模板"
        verbose_name_plural = "答复模板"
        ordering = ["agency", "title"]

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """意见征集 on a draft: open and close dates, moderated comments and the feedback publication."""

    STATUSES = [("open", "征集中"), ("closed", "已结束")]
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="consultations")
    title = models.CharField("征集主题", max_length=200)
    description = models.TextField("征集说明")
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    feedback_days = models.PositiveSmallIntegerField("反馈期限（截止后天数）", default=30)
    status = models.CharField("状态", max_length=12, choices=STATUSES, default="open")
    feedback = models.TextField("意见采纳情况说明", blank=True)
    feedback_published_on = models.DateField("反馈公布日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ConsultationDocument(models.Model):
    """A draft or explanation published with a consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=120)
    size = models.PositiveIntegerField("大小")
    file = models.FileField("文件", upload_to="consultations/%Y/")

    class Meta:
        verbose_name = "征集文件"
        verbose_name_plural = "征集文件"

    def __str__(self) -> str:
        return self.name


class ConsultationComment(models.Model):
    """A public comment; shown after moderation, then marked adopted or not (with the reason)."""

    MODERATION = [("pending", "待审核"), ("approved", "已通过"), ("rejected", "未通过")]
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="comments")
    writer_name = models.CharField("姓名", max_length=50)
    contact_encrypted = models.TextField("联系方式（加密）", blank=True)
    body = models.TextField("意见")
    submitted_at = models.DateTimeField("提交时间")
    moderation = models.CharField("审核", max_length=12, choices=MODERATION, default="pending")
    adopted = models.BooleanField("是否采纳", null=True, blank=True)
    not_adopted_reason = models.TextField("未采纳理由", blank=True)

    class Meta:
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.writer_name}"


class Survey(models.Model):
    """问卷调查 with single/multiple choice and free-text questions."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField("问卷名称", max_length=200)
    description = models.TextField("说明", blank=True)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    identity_required = models.BooleanField("须登录（每人一份）", default=False)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "问卷调查"
        verbose_name_plural = "问卷调查"
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    """One question; choice questions list their options."""

    KINDS = [("single", "单选"), ("multiple", "多选"), ("text", "填空")]
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("题型", max_length=10, choices=KINDS)
    text = models.CharField("题目", max_length=300)
    options = models.JSONField("选项", default=list, blank=True)

    class Meta:
        verbose_name = "问卷题目"
        verbose_name_plural = "问卷题目"
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "position"], name="surveyquestion_unique_position")]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One filled-in questionnaire; with identity required, one per account."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    answers = models.JSONField("答案")
    submitted_at = models.DateTimeField("提交时间")

    class Meta:
        verbose_name = "问卷答卷"
        verbose_name_plural = "问卷答卷"
        constraints = [models.UniqueConstraint(fields=["survey", "respondent"], name="surveyresponse_one_per_person")]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"


class Interview(models.Model):
    """在线访谈: a leadership interview with its guests, topic, summary or transcript and media."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="interviews")
    held_on = models.DateField("访谈日期", db_index=True)
    topic = models.CharField("主题", max_length=200)
    guests = models.CharField("嘉宾", max_length=300)
    summary = models.TextField("文字实录或摘要")
    media_url = models.URLField("音视频地址", blank=True)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "在线访谈"
        verbose_name_plural = "在线访谈"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.topic
