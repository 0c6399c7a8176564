"""Public forms: applicant registration."""

from django import forms

from xxgk.agencies.models import ApplicantKind, OrgType


class ApplicantRegistrationForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码（至少10位，不能全为数字）", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再次输入密码", widget=forms.PasswordInput, strip=False)
    kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label="姓名或组织名称", max_length=100)
    org_type = forms.ChoiceField(label="组织类型（法人或其他组织填写）", choices=[("", "——")] + OrgType.choices,
                                 required=False)
    credit_code = forms.CharField(label="统一社会信用代码（法人或其他组织填写）", max_length=30, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False,
                             error_messages={"invalid": "电子邮箱格式不正确。"})

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        return data
