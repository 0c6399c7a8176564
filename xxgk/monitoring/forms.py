"""Forms of the monitoring pages."""

from django import forms

from xxgk.cases.forms import date_field

from .models import Channel


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Channel.KINDS)
    name = forms.CharField(label="名称", max_length=100)
    column_class = forms.ChoiceField(label="栏目类别（栏目）", choices=[("", "——")] + Channel.COLUMN_CLASSES, required=False)
    platform = forms.ChoiceField(label="平台（新媒体）", choices=[("", "——")] + Channel.PLATFORMS, required=False)
    account_id = forms.CharField(label="账号（新媒体）", max_length=100, required=False)
    url = forms.CharField(label="地址", max_length=300, required=False)
    feed_url = forms.CharField(label="RSS/Atom 订阅地址（可选）", max_length=300, required=False)
    started_on = date_field("开通日期")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=Channel.STATUSES)
    on = date_field("日期")
    reason = forms.CharField(label="原因", required=False, max_length=300)


class UpdateForm(forms.Form):
    on = date_field("更新日期")
    title = forms.CharField(label="标题", max_length=300)
    url = forms.CharField(label="链接（可选）", max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="更新记录（CSV 或 XLSX：日期、标题、链接、账号）")


class SubmissionForm(forms.Form):
    title = forms.CharField(label="信息标题", max_length=300)
    target = forms.CharField(label="报送平台", max_length=100, initial="市政府网站信息报送系统")
    submitted_on = date_field("报送日期")
    item_index_number = forms.CharField(label="对应信息索引号（可选）", max_length=60, required=False)


class DecisionForm(forms.Form):
    used = forms.TypedChoiceField(label="采用情况", choices=[("1", "已采用"), ("0", "未采用")], coerce=lambda v: v == "1",
                                  widget=forms.RadioSelect)
    decided_on = date_field("日期")
    note = forms.CharField(label="备注", max_length=300, required=False)
