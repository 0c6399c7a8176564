"""Interaction rules: the agency's staff handle messages, the 公开办 supervises and configures."""

from xxgk.agencies.models import Role
from xxgk.agencies.selectors import is_sysadmin, roles_in, supervises
from xxgk.platform.policy import can, rule

OFFICE_ROLES = {Role.HANDLER, Role.REVIEWER, Role.APPROVER}


@rule("message.handle")
def _message_handle(user, agency) -> bool:
    return bool(roles_in(user, agency) & OFFICE_ROLES)


@rule("message.supervise")
def _message_supervise(user, agency) -> bool:
    return can(user, "agency.supervise", agency)


@rule("message.configure")
def _message_configure(user, agency) -> bool:
    return is_sysadmin(user) or Role.APPROVER in roles_in(user, agency) or supervises(user, agency)


@rule("interaction.manage")
def _interaction_manage(user, agency) -> bool:
    return bool(roles_in(user, agency) & {Role.HANDLER, Role.APPROVER}) or supervises(user, agency)
