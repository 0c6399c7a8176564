"""Workspace forms: login, agency, membership."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from xxgk.agencies.models import Agency, AgencyKind, Role, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。连续输错多次后账号将被暂时锁定。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"


class AgencyContactForm(forms.Form):
    office_name = forms.CharField(label="受理机构名称", max_length=100, required=False)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮编", max_length=6, required=False)
    office_hours = forms.CharField(label="办公时间", max_length=100, required=False)
    phone = forms.CharField(label="电话", max_length=50, required=False)
    fax = forms.CharField(label="传真", max_length=50, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    website = forms.URLField(label="网址", required=False, assume_scheme="https",
                             error_messages={"invalid": "网址格式不正确，请填写如 https://www.example.gov.cn 的地址。"})


class AgencyCreateForm(AgencyContactForm):
    name = forms.CharField(label="全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="类型", choices=AgencyKind.choices)
    parent = forms.ModelChoiceField(label="上级机关", queryset=Agency.objects.filter(is_active=True), required=False,
                                    empty_label="（无，顶级机关）")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=30)

    field_order = ["name", "short_name", "kind", "parent", "credit_code"]


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(label="用户",
                                  queryset=User.objects.filter(applicant__isnull=True).order_by("username"),
                                  error_messages={"invalid_choice": "所选用户不存在。", "required": "请选择用户。"})
    role = forms.ChoiceField(label="角色", choices=Role.choices)
