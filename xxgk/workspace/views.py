"""Workspace views: parse input, check permission through the policy, call one service."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency, Membership
from xxgk.agencies.selectors import agency_tree, memberships_of_agency
from xxgk.agencies.services import (
    agency_create,
    agency_set_active,
    agency_update,
    membership_grant,
    membership_revoke,
)
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import DomainError
from xxgk.platform.models import AuditEvent
from xxgk.platform.policy import can, require

from .forms import AgencyContactForm, AgencyCreateForm, LoginForm, MembershipForm
from .todos import todos_for


class LoginView(auth_views.LoginView):
    """Sign-in for staff and applicants; a failed attempt answers 401 and is audited by signal."""

    template_name = "workspace/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=401)

    def get_default_redirect_url(self):
        if can(self.request.user, "workspace.enter"):
            return "/workspace/"
        return "/accounts/me/"


def login_locked_out(request, original_response=None, credentials=None):
    """Answer a locked-out login (django-axes) with a Chinese 429 page and an audit row."""
    username = (credentials or {}).get("username", "")
    audit_record(action="login.locked", at=timezone.now(), actor_label=str(username), request=request,
                 data={"username": str(username)})
    return render(request, "platform/error.html", {
        "title": "登录已被暂时锁定",
        "message": "该账号在本机上连续登录失败次数过多，已被暂时锁定，请15分钟后再试，或联系系统管理员解锁。",
    }, status=429)


def staff_required(view):
    """Let only staff (any membership) in; others get a 403 that is audited."""

    @login_required
    def wrapped(request, *args, **kwargs):
        require(request.user, "workspace.enter", request=request,
                message="工作台仅供机关工作人员使用。公众用户请在“我的”页面办理。")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@staff_required
def home(request):
    """待办 list for the signed-in staff member."""
    todos = todos_for(request.user, timezone.localdate())
    memberships = Membership.objects.filter(user=request.user).select_related("agency").order_by("agency__path")
    return render(request, "workspace/home.html", {"todos": todos, "memberships": memberships})


@staff_required
def agency_list(request):
    agencies = agency_tree()
    rows = [(a, can(request.user, "agency.view_records", a)) for a in agencies]
    return render(request, "workspace/agency_list.html",
                  {"rows": rows, "can_manage": can(request.user, "agency.manage")})


@staff_required
def agency_detail(request, pk: int):
    agency = get_object_or_404(Agency.objects.select_related("parent"), pk=pk)
    require(request.user, "agency.view_records", agency, request=request,
            message=f"您不是“{agency.name}”的工作人员，也不是其上级公开办，不能查看该机关的内部信息。")
    return render(request, "workspace/agency_detail.html", {
        "agency": agency,
        "memberships": memberships_of_agency(agency),
        "can_manage": can(request.user, "agency.manage"),
        "can_edit_guide": can(request.user, "agency.edit_guide", agency),
        "membership_form": MembershipForm() if can(request.user, "membership.manage") else None,
    })


def _render_form(request, template, form, status, **extra):
    return render(request, template, {"form": form, **extra}, status=status)


@staff_required
def agency_create_view(request):
    require(request.user, "agency.manage", request=request, message="只有系统管理员可以新增机关。")
    form = AgencyCreateForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _render_form(request, "workspace/agency_form.html", form, 400, title="新增机关")
        d = form.cleaned_data
        contact = {k: d[k] for k in AgencyContactForm.base_fields}
        try:
            agency = agency_create(
                name=d["name"], short_name=d["short_name"], kind=d["kind"], parent=d["parent"],
                credit_code=d["credit_code"], contact=contact, at=timezone.now(), actor=request.user, request=request,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _render_form(request, "workspace/agency_form.html", form, exc.status, title="新增机关")
        messages.success(request, f"已新增机关“{agency.name}”。")
        return redirect("workspace:agency_detail", pk=agency.pk)
    return _render_form(request, "workspace/agency_form.html", form, 200, title="新增机关")


@staff_required
def agency_edit(request, pk: int):
    """Edit the 指南 contact block (负责人, 公开办 over it, or 系统管理员)."""
    agency = get_object_or_404(Agency, pk=pk)
    require(request.user, "agency.edit_guide", agency, request=request,
            message=f"您不能修改“{agency.name}”的指南联系信息。")
    initial = {f: getattr(agency, f) for f in AgencyContactForm.base_fields}
    form = AgencyContactForm(request.POST or None, initial=initial)
    title = f"编辑“{agency.name}”的指南联系信息"
    if request.method == "POST":
        if not form.is_valid():
            return _render_form(request, "workspace/agency_form.html", form, 400, title=title, agency=agency)
        try:
            agency_update(agency=agency, at=timezone.now(), actor=request.user, request=request, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _render_form(request, "workspace/agency_form.html", form, exc.status, title=title, agency=agency)
        messages.success(request, "指南联系信息已保存。")
        return redirect("workspace:agency_detail", pk=agency.pk)
    return _render_form(request, "workspace/agency_form.html", form, 200, title=title, agency=agency)


@staff_required
@require_POST
def agency_toggle_active(request, pk: int):
    agency = get_object_or_404(Agency, pk=pk)
    require(request.user, "agency.manage", agency, request=request, message="只有系统管理员可以启用或停用机关。")
    agency_set_active(agency=agency, active=not agency.is_active, at=timezone.now(), actor=request.user,
                      request=request)
    messages.success(request, f"机关“{agency.name}”已{'启用' if agency.is_active else '停用'}，其全部记录均予保留。")
    return redirect("workspace:agency_detail", pk=agency.pk)


@staff_required
@require_POST
def membership_add(request, pk: int):
    agency = get_object_or_404(Agency, pk=pk)
    require(request.user, "membership.manage", agency, request=request, message="只有系统管理员可以授予岗位。")
    form = MembershipForm(request.POST)
    if not form.is_valid():
        errors = "；".join(e for errs in form.errors.values() for e in errs)
        return render(request, "platform/error.html", {"title": "无法授予岗位", "message": errors}, status=400)
    membership_grant(user=form.cleaned_data["user"], agency=agency, role=form.cleaned_data["role"],
                     at=timezone.now(), actor=request.user, request=request)
    messages.success(request, "岗位已授予。")
    return redirect("workspace:agency_detail", pk=agency.pk)


@staff_required
@require_POST
def membership_remove(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("agency", "user"), pk=pk)
    require(request.user, "membership.manage", membership.agency, request=request,
            message="只有系统管理员可以撤销岗位。")
    agency_pk = membership.agency_id
    membership_revoke(membership=membership, at=timezone.now(), actor=request.user, request=request)
    messages.success(request, "岗位已撤销。")
    return redirect("workspace:agency_detail", pk=agency_pk)


@staff_required
def audit_log(request):
    require(request.user, "audit.view", request=request, message="只有系统管理员可以查看审计日志。")
    events = AuditEvent.objects.select_related("agency").order_by("-at", "-id")
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "workspace/audit_log.html", {"page": page, "action": action})
