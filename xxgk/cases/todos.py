"""待办 entries for cases: every open case the user handles or approves, by due date."""

from datetime import date

from django.urls import reverse

from xxgk.platform.policy import can
from xxgk.platform.selectors import work_calendar
from xxgk.workspace.todos import Todo, todo_provider

from .selectors import inbox, urgency


@todo_provider
def open_cases(user, today: date) -> list[Todo]:
    calendar = work_calendar()
    items = []
    for case in inbox(user)[:200]:
        if not (can(user, "case.handle", case) or can(user, "case.approve", case)):
            continue
        u = urgency(case, today=today, calendar=calendar)
        flag = "【已逾期】" if u.overdue else ("【即将到期】" if u.due_soon else "")
        step = {"received": "待分办", "processing": "办理中", "awaiting_supplement": "待补正",
                "awaiting_fee": "待缴费"}[case.status]
        items.append(Todo(title=f"{flag}{case.number}《{case.title}》（{step}）",
                          url=reverse("workspace:case_detail", args=[case.pk]), kind="依申请公开",
                          due_on=case.due_on or case.supplement_due_on))
    return items
