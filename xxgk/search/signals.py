"""Changes to public sources queue their re-indexing after the transaction commits."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

SOURCES = {"catalog.Item": "item", "interaction.Message": "message", "interaction.Consultation": "consultation",
           "interaction.Interview": "interview", "reports.PublishedReport": "report", "agencies.Agency": "guide"}


def queue_index(keys: list[str]) -> None:
    """Queue the re-indexing of sources once the current transaction has committed."""
    from .tasks import index_sources

    if keys:
        transaction.on_commit(lambda: index_sources.enqueue(keys=keys))


@receiver(post_save, dispatch_uid="xxgk_search_reindex_on_save")
def _on_save(sender, instance, raw=False, **kwargs) -> None:
    prefix = SOURCES.get(sender._meta.label)
    if prefix and not raw:
        queue_index([f"{prefix}:{instance.pk}"])
