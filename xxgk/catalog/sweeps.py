"""Daily safety net: publish scheduled items whose time has passed (if a worker was down)."""

from datetime import date, datetime

from xxgk.platform.daily import sweep

from .models import Item


@sweep("publish_scheduled_items")
def publish_scheduled_items(*, today: date, now: datetime) -> dict:
    from .services.items import item_publish_scheduled

    due = Item.objects.filter(status="approved", publish_at__lte=now)
    return {"published": sum(item_publish_scheduled(item=item, now=now) for item in due)}
