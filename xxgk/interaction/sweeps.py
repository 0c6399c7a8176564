"""Daily sweeps: 信箱 messages due soon or overdue, consultations whose feedback is late."""

from collections import defaultdict
from datetime import date, datetime

from xxgk.agencies.models import Role
from xxgk.agencies.selectors import member_emails
from xxgk.platform.daily import sweep
from xxgk.platform.selectors import work_calendar
from xxgk.platform.tasks import queue_digest_mails

from .models import Consultation
from .selectors import messages_needing_reminders
from .services.participation import feedback_due_on


@sweep("message_reminders")
def message_reminders(*, today: date, now: datetime) -> dict:
    """Mail the handling agency's staff about messages due soon; overdue ones also go to its 负责人."""
    lines: dict[str, list[str]] = defaultdict(list)
    counts = {"due_soon": 0, "overdue": 0}
    for message, u in messages_needing_reminders(today=today, calendar=work_calendar()):
        counts["overdue" if u.overdue else "due_soon"] += 1
        state = f"已逾期{-u.workdays_left}个工作日" if u.overdue else f"剩余{u.workdays_left}个工作日"
        line = f"{message.box} {message.number}《{message.subject}》答复期限{message.due_on}，{state}"
        roles = (Role.HANDLER, Role.APPROVER) if u.overdue else (Role.HANDLER,)
        for email in member_emails([message.agency_id], roles):
            lines[email].append(line)
    mails = queue_digest_mails(lines, subject=f"信箱留言办理提醒（{today}）", heading="以下留言需要尽快答复：")
    return {**counts, "mails": mails}


@sweep("consultation_feedback")
def consultation_feedback(*, today: date, now: datetime) -> dict:
    """Warn about consultations past their end date whose 意见采纳情况 is not yet published."""
    lines: dict[str, list[str]] = defaultdict(list)
    late = 0
    for c in Consultation.objects.filter(status="open", closes_on__lt=today).select_related("agency"):
        due = feedback_due_on(c)
        late += today > due
        line = f"{c.agency.name}《{c.title}》已于{c.closes_on}截止，意见采纳情况应于{due}前公布" + (
            "（已逾期）" if today > due else "")
        for email in member_emails([c.agency_id], (Role.HANDLER, Role.APPROVER)):
            lines[email].append(line)
    mails = queue_digest_mails(lines, subject=f"意见征集反馈提醒（{today}）", heading="以下意见征集需要公布意见采纳情况：")
    return {"late": late, "mails": mails}
