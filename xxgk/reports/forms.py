"""Forms of the report pages."""

from django import forms


class CheckUploadForm(forms.Form):
    file = forms.FileField(label="年报文件（TXT、HTML或DOCX）")


class PublishForm(forms.Form):
    correction_note = forms.CharField(label="更正说明（发布更正版本时必填）", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
