"""待办 (to-do) providers: each app registers a function returning a user's open items."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.platform.policy import can


@dataclass(frozen=True)
class Todo:
    """One thing a staff member should do, with where to do it and an optional due date."""

    title: str
    url: str
    kind: str
    due_on: date | None = None


Provider = Callable[[object, date], list[Todo]]
_PROVIDERS: list[Provider] = []


def todo_provider(fn: Provider) -> Provider:
    """Register a 待办 provider `fn(user, today) -> list[Todo]`."""
    _PROVIDERS.append(fn)
    return fn


def todos_for(user, today: date) -> list[Todo]:
    """Return every provider's items for the user, earliest due first (undated last)."""
    items = [t for p in _PROVIDERS for t in p(user, today)]
    return sorted(items, key=lambda t: (t.due_on is None, t.due_on or date.max, t.title))


@todo_provider
def incomplete_guides(user, today: date) -> list[Todo]:
    """Agencies whose 指南 contact block has gaps (条例第12条 requires it current)."""
    todos = []
    for agency in agencies_with_records_visible_to(user).filter(is_active=True):
        missing = agency.missing_guide_fields()
        if missing and can(user, "agency.edit_guide", agency):
            todos.append(Todo(
                title=f"完善“{agency.name}”政府信息公开指南的联系信息：{'、'.join(missing)}",
                url=reverse("workspace:agency_edit", args=[agency.pk]),
                kind="指南",
            ))
    return todos
