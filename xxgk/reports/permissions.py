"""Report rules: the agency's 负责人 or a 公开办 over it prepares and publishes; any staff may check."""

from xxgk.platform.policy import can, rule


@rule("report.edit")
def _report_edit(user, agency) -> bool:
    return can(user, "agency.supervise", agency) or can(user, "agency.approve", agency)


@rule("report.publish")
def _report_publish(user, agency) -> bool:
    return can(user, "agency.supervise", agency) or can(user, "agency.approve", agency)


@rule("report.check")
def _report_check(user, obj) -> bool:
    return can(user, "workspace.enter")


@rule("report.dashboard")
def _report_dashboard(user, agency) -> bool:
    return can(user, "agency.supervise", agency)
