"""Monitoring rules: the agency's staff keep their channels and submissions; the 公开办 oversees all."""

from xxgk.agencies.models import Role
from xxgk.agencies.selectors import is_sysadmin, roles_in, supervises
from xxgk.platform.policy import rule


@rule("channel.manage")
def _channel_manage(user, agency) -> bool:
    return is_sysadmin(user) or bool(roles_in(user, agency) & {Role.HANDLER, Role.APPROVER}) or supervises(user, agency)


@rule("submission.record")
def _submission_record(user, agency) -> bool:
    return bool(roles_in(user, agency) & {Role.HANDLER, Role.APPROVER}) or supervises(user, agency)


@rule("monitoring.dashboard")
def _monitoring_dashboard(user, agency) -> bool:
    # The 公开办 (supervisor of any agency) and the 系统管理员 see the whole picture.
    return is_sysadmin(user) or (agency is not None and supervises(user, agency)) or (
        agency is None and user is not None and user.is_authenticated
        and user.memberships.filter(role=Role.SUPERVISOR).exists())
