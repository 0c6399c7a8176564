"""Restrict Django admin to 系统管理员 through the policy (not merely is_staff)."""

from .policy import can


def restrict_admin_to_sysadmins(site) -> None:
    """Make `site` admit only users the policy allows to `admin.enter`."""
    site.site_header = "xxgk 系统管理"
    site.site_title = "xxgk 系统管理"
    site.index_title = "系统管理"
    site.has_permission = lambda request: request.user.is_active and can(request.user, "admin.enter")
