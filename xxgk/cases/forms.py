"""Forms of the application pages and the handling steps."""

from django import forms
from django.utils import timezone

from xxgk.agencies.models import ApplicantKind, OrgType
from xxgk.core.outcomes import outcome_choices
from xxgk.platform.forms import date_field

from .models import Appeal, Case, Consultation, FeeNotice


class ApplicantFields(forms.Form):
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices, widget=forms.RadioSelect,
                                       initial="natural")
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    id_type = forms.ChoiceField(label="证件类型（自然人）", choices=[("", "——")] + Case.ID_TYPES, required=False)
    id_number = forms.CharField(label="证件号码（自然人）", max_length=40, required=False)
    org_type = forms.ChoiceField(label="组织类型（法人或其他组织）", choices=[("", "——")] + OrgType.choices, required=False)
    credit_code = forms.CharField(label="统一社会信用代码（法人或其他组织）", max_length=30, required=False)
    legal_representative = forms.CharField(label="法定代表人（法人或其他组织）", max_length=50, required=False)
    contact_name = forms.CharField(label="联系人（法人或其他组织）", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    address = forms.CharField(label="通讯地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮编", max_length=6, required=False)


class RequestFields(forms.Form):
    title = forms.CharField(label="所需政府信息的名称", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    description = forms.CharField(label="所需信息的其他特征描述", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    form_wanted = forms.ChoiceField(label="获取信息的形式", choices=Case.FORM_CHOICES, initial="electronic")
    delivery_wanted = forms.ChoiceField(label="获取信息的方式", choices=Case.DELIVERY_CHOICES, initial="email")
    attachment1 = forms.FileField(label="附件（身份证明等，PDF/JPG/PNG，10MB以内）", required=False)
    attachment2 = forms.FileField(label="附件二", required=False)


class ApplicationForm(ApplicantFields, RequestFields):
    """The public online application form."""


class RegistrationForm(ApplicantFields, RequestFields):
    """Staff registration of an application that arrived by another channel."""

    channel = forms.ChoiceField(label="申请方式", choices=[c for c in Case.CHANNEL_CHOICES if c[0] != "online"])
    submitted_on = date_field("提交/收到日期")
    signed_on = date_field("签收日期（邮寄）", required=False)
    confirmed_on = date_field("双方确认日期（平信、传真、电子邮件）", required=False)
    field_order = ["channel", "submitted_on", "signed_on", "confirmed_on"]


class TrackForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40)
    query_code = forms.CharField(label="查询码", max_length=20)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="经办人", queryset=None, error_messages={"required": "请选择经办人。"})

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class SupplementRequestForm(forms.Form):
    items = forms.CharField(label="需补正的内容", widget=forms.Textarea(attrs={"rows": 3}))


class SupplementReceiveForm(forms.Form):
    received_on = date_field("收到补正日期")
    note = forms.CharField(label="说明", required=False)
    file = forms.FileField(label="补正材料（可选）", required=False)


class ConsultForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Consultation.KINDS)
    party = forms.CharField(label="被征求意见方", max_length=200)
    sent_on = date_field("发出日期")
    reason = forms.CharField(label="征求意见的原因", required=False)


class ConsultAnswerForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(label="意见", choices=Consultation.ANSWERS)
    answered_on = date_field("答复日期", required=False)
    note = forms.CharField(label="意见内容", required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式", choices=FeeNotice.METHODS)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)


class PaymentForm(forms.Form):
    paid_on = date_field("缴费日期")


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=[c for c in outcome_choices()
                                                       if c[0] not in ("other_no_supplement", "other_fee_unpaid")])
    basis = forms.CharField(label="法律依据（留空则按办理结果自动填写）", required=False)
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    withheld = forms.CharField(label="不予公开的部分及理由（部分公开时必填）", widget=forms.Textarea(attrs={"rows": 2}),
                               required=False)
    access_info = forms.CharField(label="获取信息的方式说明", required=False)
    information = forms.FileField(label="随答复附送的信息文件（可选）", required=False)


class LetterTemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文（可用 $applicant、$number、$title、$received、$due 等变量）",
                           widget=forms.Textarea(attrs={"rows": 10}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回说明", required=False)


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=Case.DELIVERY_CHOICES)
    # Most letters are recorded the day they go out: offer the office's today (Asia/Shanghai).
    delivered_on = date_field("送达日期", initial=timezone.localdate)
    tracking_number = forms.CharField(label="邮件单号", max_length=60, required=False)


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Appeal.KINDS)
    filed_on = date_field("立案日期")
    case_number = forms.CharField(label="相关案件编号（如有）", max_length=40, required=False)
    body = forms.CharField(label="复议机关/法院", max_length=100, required=False)
    note = forms.CharField(label="说明", required=False)


class AppealConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label="结果", choices=[c for c in Appeal.OUTCOMES if c[0] != "pending"])
    concluded_on = date_field("审结日期")


class LedgerImportForm(forms.Form):
    file = forms.FileField(label="台账文件（XLSX或CSV）")
