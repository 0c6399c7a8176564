"""Item forms."""

from django import forms

from xxgk.platform.forms import date_field

from .models import CatalogEntry, Item
from .vocab import ART20_CHOICES, CHANNELS, DISCLOSURE, DOC_KINDS, GENRES, VALIDITY, subject_choices


class ItemForm(forms.Form):
    title = forms.CharField(label="信息名称", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    written_on = date_field("成文日期")
    formed_on = date_field("形成或变更日期（自此20个工作日内公开）")
    subject = forms.ChoiceField(label="主题分类", choices=[])
    genre = forms.ChoiceField(label="体裁", choices=[(g, g) for g in GENRES])
    art20_category = forms.TypedChoiceField(label="第二十条类别", choices=ART20_CHOICES, coerce=int)
    doc_kind = forms.ChoiceField(label="文件类型", choices=DOC_KINDS, required=False)
    disclosure = forms.ChoiceField(label="公开属性", choices=DISCLOSURE)
    disclosure_reason = forms.CharField(label="不公开/依申请公开理由", required=False)
    validity = forms.ChoiceField(label="有效性", choices=VALIDITY)
    repealed_on = date_field("失效/废止日期", required=False)
    keywords = forms.CharField(label="关键词", max_length=200, required=False)
    summary = forms.CharField(label="内容概述", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    channels = forms.MultipleChoiceField(label="发布渠道", choices=CHANNELS, widget=forms.CheckboxSelectMultiple,
                                         required=False, initial=["portal"])
    outlets = forms.ModelMultipleChoiceField(label="发布栏目和政务新媒体账号", required=False, queryset=None,
                                             widget=forms.CheckboxSelectMultiple)
    interprets = forms.ModelChoiceField(label="所解读的文件（政策解读填写）", required=False,
                                        queryset=Item.objects.filter(doc_kind__in=("regulation", "normative")))
    no_interpretation_reason = forms.CharField(label="不解读理由（规章、规范性文件无解读时填写）", required=False)
    entry = forms.ModelChoiceField(label="标准目录事项", required=False, queryset=CatalogEntry.objects.select_related("area"))
    attachment = forms.FileField(label="附件（PDF、DOCX、XLSX、图片）", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subject_choices()
        from xxgk.monitoring.models import Channel

        paths = agency.ancestor_paths() if agency is not None else []
        self.fields["outlets"].queryset = Channel.objects.filter(status="active", agency__path__in=paths)
