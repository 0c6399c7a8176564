"""Changes to public sources queue their re-indexing in the same transaction."""

from django.db.models.signals import post_save
from django.dispatch import receiver

SOURCES = {"catalog.Item": "item", "interaction.Message": "message", "interaction.Consultation": "consultation",
           "interaction.Interview": "interview", "reports.PublishedReport": "report", "agencies.Agency": "guide"}


def queue_index(keys: list[str]) -> None:
    """Queue the re-indexing of sources with the current transaction (the task exists iff it commits)."""
    from ..platform.tasks import enqueue_with_transaction
    from .tasks import index_sources

    if keys:
        enqueue_with_transaction(index_sources, keys=keys)


@receiver(post_save, dispatch_uid="xxgk_search_reindex_on_save")
def _on_save(sender, instance, raw=False, **kwargs) -> None:
    prefix = SOURCES.get(sender._meta.label)
    if prefix and not raw:
        queue_index([f"{prefix}:{instance.pk}"])

