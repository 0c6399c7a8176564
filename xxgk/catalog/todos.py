"""待办 entries for the catalogue: items waiting for this user's review or sign-off, and late items."""

from datetime import date

from django.urls import reverse

from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.platform.policy import can
from xxgk.workspace.todos import Todo, todo_provider

from .models import Item


@todo_provider
def items_waiting(user, today: date) -> list[Todo]:
    items = []
    qs = Item.objects.filter(agency__in=agencies_with_records_visible_to(user),
                             status__in=("in_review", "approved")).select_related("agency")[:200]
    for item in qs:
        reviewed = item.review_steps.filter(revision=item.revision, stage="initial", decision="approved").exists()
        if item.status == "in_review" and not reviewed and can(user, "item.review", item.agency):
            step = "待初审"
        elif item.status == "in_review" and reviewed and can(user, "item.signoff", item.agency):
            step = "待签发"
        elif item.status == "approved" and can(user, "item.signoff", item.agency):
            step = "待发布"
        else:
            continue
        items.append(Todo(title=f"{item.title}（{step}）", url=reverse("workspace:item_detail", args=[item.pk]),
                          kind="主动公开", due_on=item.due_on))
    return items
