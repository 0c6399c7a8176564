"""Role rules for agencies, registered with the policy (default deny)."""

from xxgk.platform.policy import rule

from .models import Role
from .selectors import is_staff_member, is_sysadmin, roles_in, supervises, user_grants

STAFF_ROLES = {Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR}


@rule("workspace.enter")
def _workspace_enter(user, obj) -> bool:
    return is_staff_member(user)


@rule("admin.enter")
def _admin_enter(user, obj) -> bool:
    return is_sysadmin(user)


@rule("agency.manage")
def _agency_manage(user, obj) -> bool:
    return is_sysadmin(user)


@rule("membership.manage")
def _membership_manage(user, obj) -> bool:
    return is_sysadmin(user)


@rule("audit.view")
def _audit_view(user, obj) -> bool:
    return is_sysadmin(user)


@rule("agency.view_public")
def _agency_view_public(user, obj) -> bool:
    # The 指南 and contact block are public by law (条例第12条), for active agencies.
    return obj is None or obj.is_active or is_staff_member(user)


@rule("agency.view_records")
def _agency_view_records(user, obj) -> bool:
    if is_sysadmin(user):
        return True
    return bool(roles_in(user, obj) & STAFF_ROLES) or supervises(user, obj)


@rule("agency.handle")
def _agency_handle(user, obj) -> bool:
    return Role.HANDLER in roles_in(user, obj)


@rule("agency.review")
def _agency_review(user, obj) -> bool:
    return Role.REVIEWER in roles_in(user, obj)


@rule("agency.approve")
def _agency_approve(user, obj) -> bool:
    return Role.APPROVER in roles_in(user, obj)


@rule("agency.supervise")
def _agency_supervise(user, obj) -> bool:
    return is_sysadmin(user) or supervises(user, obj)


@rule("agency.edit_guide")
def _agency_edit_guide(user, obj) -> bool:
    # The 指南 contact block is kept current by the agency's own 负责人 or its 公开办.
    return is_sysadmin(user) or Role.APPROVER in roles_in(user, obj) or supervises(user, obj)


@rule("applicant.self")
def _applicant_self(user, obj) -> bool:
    return user is not None and user.is_authenticated and hasattr(user, "applicant") and not user_grants(user)


@rule("calendar.manage")
def _calendar_manage(user, obj) -> bool:
    # The State Council's arrangement is entered or corrected by the 系统管理员 only.
    return is_sysadmin(user)
