"""待办 entries: open messages of the user's agencies, by due date."""

from datetime import date

from django.urls import reverse

from xxgk.platform.policy import can
from xxgk.platform.selectors import work_calendar
from xxgk.workspace.todos import Todo, todo_provider

from .selectors import message_urgency, messages_visible_to


@todo_provider
def open_messages(user, today: date) -> list[Todo]:
    calendar = work_calendar()
    items = []
    for message in messages_visible_to(user).filter(status="received").order_by("due_on")[:200]:
        if not can(user, "message.handle", message.agency):
            continue
        u = message_urgency(message, today=today, calendar=calendar)
        flag = "【已逾期】" if u and u.overdue else ("【即将到期】" if u and u.due_soon else "")
        items.append(Todo(title=f"{flag}{message.box.name} {message.number}《{message.subject}》",
                          url=reverse("workspace:message_detail", args=[message.pk]), kind="政务互动",
                          due_on=message.due_on))
    return items
