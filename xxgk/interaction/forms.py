"""Forms of the interaction pages; public forms carry a honeypot and a signed render time against bots."""

import time

from django import forms
from django.core import signing

from xxgk.cases.forms import date_field

from .services.messages import interaction_rules

STAMP_SALT = "xxgk.interaction.form-rendered"
BOT_MESSAGE = "提交未通过校验，请刷新页面后重新填写。"


class HumanCheckedForm(forms.Form):
    """A public form: bots fill the invisible `website` field or post faster than a person can type."""

    website = forms.CharField(label="网址（请勿填写）", required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    rendered = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rendered"].initial = signing.dumps(int(time.time()), salt=STAMP_SALT)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(BOT_MESSAGE, code="bot")
        try:
            rendered = signing.loads(data.get("rendered") or "", salt=STAMP_SALT, max_age=24 * 3600)
        except signing.BadSignature as exc:
            raise forms.ValidationError(BOT_MESSAGE, code="bot") from exc
        from django.utils import timezone

        if time.time() - rendered < interaction_rules(timezone.localdate())["min_fill_seconds"]:
            raise forms.ValidationError(BOT_MESSAGE, code="bot")
        return data


class LetterForm(HumanCheckedForm):
    writer_name = forms.CharField(label="姓名", max_length=50)
    contact = forms.CharField(label="联系方式（手机或电子邮箱，不公开）", max_length=100)
    subject = forms.CharField(label="主题", max_length=200)
    body = forms.CharField(label="留言内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    wants_public = forms.BooleanField(label="同意在去除个人信息后公开留言和答复", required=False)
    attachment = forms.FileField(label="附件（PDF/JPG/PNG/DOCX/XLSX，5MB以内，可选）", required=False)
    field_order = ["writer_name", "contact", "subject", "body", "wants_public", "attachment", "website"]


class MessageTrackForm(forms.Form):
    number = forms.CharField(label="留言编号", max_length=20)
    query_code = forms.CharField(label="查询码", max_length=20)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label="满意度", coerce=int, widget=forms.RadioSelect,
                                    choices=[(5, "很满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "很不满意")])
    comment = forms.CharField(label="评价意见（可选）", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(HumanCheckedForm):
    writer_name = forms.CharField(label="姓名", max_length=50)
    contact = forms.CharField(label="联系方式（不公开，可选）", max_length=100, required=False)
    body = forms.CharField(label="意见建议", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    field_order = ["writer_name", "contact", "body", "website"]


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}))


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(label="转交机关", queryset=None, empty_label="请选择")
    mode = forms.ChoiceField(label="方式", choices=[("transfer", "转办（其他机关）"), ("assign", "交办（下级机关）")],
                             widget=forms.RadioSelect, initial="transfer")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    subject = forms.CharField(label="公开主题", max_length=200)
    body = forms.CharField(label="公开留言内容", widget=forms.Textarea(attrs={"rows": 5}))
    reply = forms.CharField(label="公开答复内容", widget=forms.Textarea(attrs={"rows": 5}))


class BoxForm(forms.Form):
    name = forms.CharField(label="信箱名称", max_length=50)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reply_workdays = forms.IntegerField(label="答复时限（工作日）", min_value=1, max_value=60, initial=10)
    publish_replies = forms.BooleanField(label="答复可公开", required=False, initial=True)


class ConsultationForm(forms.Form):
    title = forms.CharField(label="征集主题", max_length=200)
    description = forms.CharField(label="征集说明", widget=forms.Textarea(attrs={"rows": 5}))
    opens_on = date_field("开始日期")
    closes_on = date_field("截止日期")
    feedback_days = forms.IntegerField(label="截止后公布采纳情况的期限（天）", min_value=1, max_value=365, initial=30)
    document = forms.FileField(label="征求意见稿（PDF/DOCX，可选）", required=False)


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label="意见采纳情况说明", widget=forms.Textarea(attrs={"rows": 5}))


class InterviewForm(forms.Form):
    held_on = date_field("访谈日期")
    topic = forms.CharField(label="主题", max_length=200)
    guests = forms.CharField(label="嘉宾", max_length=300)
    summary = forms.CharField(label="文字实录或摘要", widget=forms.Textarea(attrs={"rows": 8}))
    media_url = forms.CharField(label="音视频地址（可选）", max_length=200, required=False)


class SurveyForm(forms.Form):
    title = forms.CharField(label="问卷名称", max_length=200)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    opens_on = date_field("开始日期")
    closes_on = date_field("截止日期")
    identity_required = forms.BooleanField(label="须登录填写（每人一份）", required=False)
    questions = forms.CharField(
        label="题目（每行一题：题型|题目|选项1;选项2…，题型为 单选、多选 或 填空）",
        widget=forms.Textarea(attrs={"rows": 6}))

    def clean_questions(self) -> list[dict]:
        kinds = {"单选": "single", "多选": "multiple", "填空": "text"}
        questions = []
        for n, line in enumerate((x for x in self.cleaned_data["questions"].splitlines() if x.strip()), start=1):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or parts[0] not in kinds:
                raise forms.ValidationError(f"第{n}行格式不正确，应为：题型|题目|选项1;选项2。")
            options = [o for o in (parts[2].replace("；", ";").split(";") if len(parts) > 2 else []) if o.strip()]
            questions.append({"kind": kinds[parts[0]], "text": parts[1], "options": options})
        return questions
