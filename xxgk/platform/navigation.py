"""Workspace navigation by role: each entry names the policy action that shows it."""

from dataclasses import dataclass

from django.urls import reverse

from .policy import can


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    action: str


# Later issues append their entries (cases, catalogue, reports, …) here.
WORKSPACE_NAV: list[NavEntry] = [
    NavEntry("待办", "workspace:home", "workspace.enter"),
    NavEntry("主动公开", "workspace:item_list", "workspace.enter"),
    NavEntry("依申请公开", "workspace:case_inbox", "workspace.enter"),
    NavEntry("政务互动", "workspace:message_list", "workspace.enter"),
    NavEntry("渠道监测", "workspace:channel_list", "workspace.enter"),
    NavEntry("年报核查", "workspace:report_check", "report.check"),
    NavEntry("年报发布情况", "workspace:report_dashboard", "workspace.enter"),
    NavEntry("机关", "workspace:agency_list", "workspace.enter"),
    NavEntry("期限计算", "workspace:deadline", "workspace.enter"),
    NavEntry("节假日安排", "workspace:calendar_list", "workspace.enter"),
    NavEntry("政务服务模块", "workspace:portal_services", "portal.manage_services"),
    NavEntry("审计日志", "workspace:audit_log", "audit.view"),
    NavEntry("系统管理", "admin:index", "admin.enter"),
]


def workspace_navigation(user) -> list[dict]:
    """Return the entries this user may open, as {label, url}."""
    if not user.is_authenticated:
        return []
    return [{"label": e.label, "url": reverse(e.url_name)} for e in WORKSPACE_NAV if can(user, e.action)]
