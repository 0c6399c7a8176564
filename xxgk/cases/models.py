"""Cases (依申请公开申请), their history, documents, consultations, fee notices, letter templates, appeals."""

from django.conf import settings
from django.db import models

from xxgk.agencies.models import Agency, Applicant, ApplicantKind, OrgType
from xxgk.core.deadlines import Channel
from xxgk.core.outcomes import outcome_choices

from .states import STATUS_LABELS, Status


class Case(models.Model):
    """One application for disclosure to one agency."""

    CHANNEL_CHOICES = [
        (Channel.IN_PERSON.value, "当面"), (Channel.POST.value, "邮寄"), (Channel.ORDINARY_MAIL.value, "平信"),
        (Channel.ONLINE.value, "网络"), (Channel.FAX.value, "传真"), (Channel.EMAIL.value, "电子邮件"),
        ("other", "其他"),
    ]
    FORM_CHOICES = [("paper", "纸质"), ("electronic", "电子"), ("other", "其他")]
    DELIVERY_CHOICES = [("post", "邮寄"), ("email", "电子邮件"), ("pickup", "自行领取"), ("online", "在线查看")]
    ID_TYPES = [("resident_id", "居民身份证"), ("passport", "护照"), ("hk_mo_pass", "港澳居民来往内地通行证"),
                ("tw_pass", "台湾居民来往大陆通行证"), ("other", "其他")]

    agency = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="cases")
    number = models.CharField("案件编号", max_length=40)
    query_code_hash = models.CharField("查询码摘要", max_length=64, blank=True)
    status = models.CharField("状态", max_length=24, choices=[(s.value, STATUS_LABELS[s]) for s in Status],
                              default=Status.RECEIVED.value, db_index=True)

    # Applicant as the application states it (a snapshot: accounts may change later).
    applicant = models.ForeignKey(Applicant, verbose_name="申请人账号", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="cases")
    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    org_type = models.CharField("组织类型", max_length=16, choices=OrgType.choices, blank=True)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=16, choices=ID_TYPES, blank=True)
    id_number_encrypted = models.TextField("证件号码（加密）", blank=True)
    id_number_masked = models.CharField("证件号码（脱敏）", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=6, blank=True)
    # Keyed hash of the identity (ID number, credit code or account): monthly counts and duplicates.
    applicant_key = models.CharField("申请人标识", max_length=64, db_index=True)

    # What is asked for.
    title = models.CharField("所需信息名称", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    description = models.TextField("所需信息的其他特征描述", blank=True)
    form_wanted = models.CharField("获取信息的形式", max_length=16, choices=FORM_CHOICES, default="electronic")
    delivery_wanted = models.CharField("获取信息的方式", max_length=16, choices=DELIVERY_CHOICES, default="email")

    channel = models.CharField("申请方式", max_length=16, choices=CHANNEL_CHOICES)
    received_on = models.DateField("收到申请日期", db_index=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="handled_cases")
    duplicate_of = models.ForeignKey("self", verbose_name="疑似重复申请", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    # Clock: stored because it is recomputed on every step and on calendar changes, then queried.
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    supplement_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    supplement_due_on = models.DateField("补正期限", null=True, blank=True)
    supplement_items = models.TextField("需补正的内容", blank=True)
    supplement_received_on = models.DateField("补正收到日期", null=True, blank=True)
    extended_on = models.DateField("延期决定日期", null=True, blank=True)
    extension_workdays = models.PositiveSmallIntegerField("延长工作日数", default=0)
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="延期批准人", null=True,
                                              blank=True, on_delete=models.PROTECT, related_name="+")
    extension_reason = models.TextField("延期理由", blank=True)

    # Decision (答复).
    outcome = models.CharField("办理结果", max_length=32, choices=outcome_choices(), blank=True, db_index=True)
    outcome_basis = models.TextField("法律依据", blank=True)
    outcome_reasons = models.TextField("理由", blank=True)
    withheld = models.TextField("不予公开的部分及理由", blank=True)
    access_info = models.TextField("获取信息的方式说明", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    replied_late = models.BooleanField("逾期答复", default=False)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_method = models.CharField("送达方式", max_length=16, choices=DELIVERY_CHOICES, blank=True)
    tracking_number = models.CharField("邮件单号", max_length=60, blank=True)

    imported = models.BooleanField("由台账导入", default=False)
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "依申请公开案件"
        verbose_name_plural = "依申请公开案件"
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="case_unique_number_per_agency")]
        indexes = [models.Index(fields=["agency", "status", "due_on"], name="case_inbox_idx"),
                   models.Index(fields=["agency", "replied_on"], name="case_replied_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CONCLUDED


class CaseEvent(models.Model):
    """One entry of a case's history: who did what when, with documents."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间")
    on = models.DateField("业务日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事项", max_length=40)
    summary = models.CharField("摘要", max_length=300)
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.summary}"



class CaseDocument(models.Model):
    """A file belonging to a case: a letter xxgk generated, or an upload (identity proof, 补正材料)."""

    KINDS = [("letter", "文书"), ("attachment", "申请附件"), ("supplement", "补正材料"), ("information", "公开的信息")]
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("类别", max_length=16, choices=KINDS)
    letter_kind = models.CharField("文书种类", max_length=32, blank=True)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=120)
    size = models.PositiveIntegerField("大小")
    file = models.FileField("文件", upload_to="cases/%Y/")
    # Letters are shown to the applicant; internal uploads by staff may be hidden from them.
    visible_to_applicant = models.BooleanField("申请人可见", default=True)
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "案件文件"
        verbose_name_plural = "案件文件"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name



class Consultation(models.Model):
    """征求意见: a third party (第32条) or another agency (第34条) asked; its working days are not counted."""

    KINDS = [("third_party", "征求第三方意见"), ("agency", "征求其他机关意见")]
    ANSWERS = [("consent", "同意公开"), ("objection", "不同意公开"), ("none", "逾期未答复")]
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="consultations")
    kind = models.CharField("类别", max_length=16, choices=KINDS)
    party = models.CharField("被征求意见方", max_length=200)
    sent_on = models.DateField("发出日期")
    window_ends_on = models.DateField("答复期限")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.CharField("意见", max_length=16, choices=ANSWERS, blank=True)
    answer_note = models.TextField("意见内容", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party}"



class FeeNotice(models.Model):
    """信息处理费 notice: the amount computed by the standard; the clock pauses until payment."""

    METHODS = [("per_application", "按件计收"), ("per_page", "按量计收")]
    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="fee_notice")
    method = models.CharField("计收方式", max_length=16, choices=METHODS)
    basis_count = models.PositiveIntegerField("计费数量（当月第几件或页数）")
    amount_yuan = models.PositiveIntegerField("金额（元）")
    issued_on = models.DateField("通知日期")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount_yuan}元"



class LetterTemplate(models.Model):
    """An agency's wording for one letter kind; without one the built-in wording is used."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="letter_templates")
    kind = models.CharField("文书种类", max_length=32)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文（可用 $变量）")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="letter_template_unique_kind")]

    def __str__(self) -> str:
        return f"{self.agency} {self.kind}"



class Appeal(models.Model):
    """A 行政复议 or 行政诉讼 about the agency's disclosure work (annual report section 四)."""

    KINDS = [("review", "行政复议"), ("lawsuit_direct", "行政诉讼（未经复议直接起诉）"),
             ("lawsuit_after_review", "行政诉讼（复议后起诉）")]
    OUTCOMES = [("maintained", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结")]
    agency = models.ForeignKey(Agency, verbose_name="被申请机关", on_delete=models.PROTECT, related_name="appeals")
    case = models.ForeignKey(Case, verbose_name="相关案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="appeals")
    kind = models.CharField("类别", max_length=24, choices=KINDS)
    filed_on = models.DateField("立案日期")
    outcome = models.CharField("结果", max_length=16, choices=OUTCOMES, default="pending")
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    body = models.CharField("复议机关/法院", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "行政复议/行政诉讼"
        verbose_name_plural = "行政复议/行政诉讼"
        ordering = ["-filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"
