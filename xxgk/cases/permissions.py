"""Case rules, registered with the policy: staff see their agency's cases, applicants their own."""

from xxgk.agencies.selectors import is_sysadmin, supervises
from xxgk.platform.policy import can, rule


@rule("case.view")
def _case_view(user, case) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if case.applicant_id is not None and getattr(getattr(user, "applicant", None), "pk", None) == case.applicant_id:
        return True
    return can(user, "agency.view_records", case.agency)


@rule("case.handle")
def _case_handle(user, case) -> bool:
    return can(user, "agency.handle", case.agency)


@rule("case.approve")
def _case_approve(user, case) -> bool:
    return can(user, "agency.approve", case.agency)


@rule("case.register")
def _case_register(user, agency) -> bool:
    return can(user, "agency.handle", agency)


@rule("case.export")
def _case_export(user, agency) -> bool:
    # The ledger holds applicants' personal data: the agency's own staff and its 公开办 only.
    return can(user, "agency.view_records", agency)


@rule("case.import")
def _case_import(user, agency) -> bool:
    return is_sysadmin(user) or supervises(user, agency) or can(user, "agency.approve", agency)


@rule("appeal.manage")
def _appeal_manage(user, agency) -> bool:
    return can(user, "agency.handle", agency) or can(user, "agency.supervise", agency)


@rule("letters.edit")
def _letters_edit(user, agency) -> bool:
    return can(user, "agency.edit_guide", agency)
