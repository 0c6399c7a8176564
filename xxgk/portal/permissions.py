"""Portal rules: the 政务服务 block is kept by the 系统管理员 or the 公开办 of a top-level agency."""

from xxgk.agencies.models import Role
from xxgk.agencies.selectors import is_sysadmin
from xxgk.platform.policy import rule


@rule("portal.manage_services")
def _portal_manage_services(user, obj) -> bool:
    return is_sysadmin(user) or (user is not None and user.is_authenticated and user.memberships.filter(
        role=Role.SUPERVISOR, agency__parent__isnull=True).exists())
