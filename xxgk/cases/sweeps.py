"""The daily reminder sweep: mail handlers and their 负责人 about cases due soon or overdue."""

from collections import defaultdict
from datetime import date, datetime

from xxgk.agencies.models import Role
from xxgk.agencies.selectors import member_emails
from xxgk.platform.daily import sweep
from xxgk.platform.selectors import work_calendar
from xxgk.platform.tasks import queue_digest_mails

from .selectors import cases_needing_reminders


@sweep("case_reminders")
def case_reminders(*, today: date, now: datetime) -> dict:
    """Queue one mail per person listing their cases due within 3 working days or overdue."""
    calendar = work_calendar()
    lines: dict[str, list[str]] = defaultdict(list)
    approvers: dict[int, list[str]] = {}
    counts = {"due_soon": 0, "overdue": 0}
    for case, u in cases_needing_reminders(today=today, calendar=calendar):
        counts["overdue" if u.overdue else "due_soon"] += 1
        state = f"已逾期{-u.workdays_left}个工作日" if u.overdue else f"剩余{u.workdays_left}个工作日"
        line = f"{case.agency.name} {case.number}《{case.title}》答复期限{case.due_on}，{state}"
        if case.handler and case.handler.email:
            lines[case.handler.email].append(line)
        if case.agency_id not in approvers:
            approvers[case.agency_id] = member_emails([case.agency_id], (Role.APPROVER,))
        for email in approvers[case.agency_id]:
            lines[email].append(line)
    mails = queue_digest_mails(lines, subject=f"依申请公开办理提醒（{today}）", heading="以下依申请公开案件需要尽快办理：")
    return {**counts, "mails": mails}
