"""Background tasks of the catalogue: scheduled publication."""

from django.utils import timezone
from django_tasks import task


@task()
def publish_scheduled_item(*, item_id: int) -> bool:
    """Publish the item if it is still approved and its time has come."""
    from .models import Item
    from .services.items import item_publish_scheduled

    item = Item.objects.filter(pk=item_id).first()
    return bool(item) and item_publish_scheduled(item=item, now=timezone.now())
