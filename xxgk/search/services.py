"""Keep the search index in step with the public record: index or remove one source, rebuild all."""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import transaction

from xxgk.core.searchtext import normalize

from .backends import backend
from .documents import DocumentData, all_keys, build
from .models import SearchDocument


def index_source(*, key: str, at: datetime, flush: bool = True) -> bool:
    """Index the source named `key` if it is public, otherwise remove it; return whether it is now indexed."""
    indexed = store_document(key=key, data=build(key), at=at)
    if flush:
        backend().flush()
    return indexed


def store_document(*, key: str, data: DocumentData | None, at: datetime) -> bool:
    """Write (or, for None, remove) one document in the index; the engine and the rows change together."""
    with transaction.atomic():
        document = SearchDocument.objects.select_for_update().filter(key=key).first()
        if document is not None:
            backend().remove(document)
        if data is None:
            if document is not None:
                document.delete()
            return False
        document = document or SearchDocument(key=key)
        document.kind, document.title, document.url = data.kind, data.title[:300], data.url
        document.title_norm = normalize(data.title)[:300]
        document.text, document.agency = data.text, data.agency
        document.subject, document.art20_category, document.validity = data.subject, data.art20_category, data.validity
        document.published_on, document.year, document.indexed_at = data.published_on, data.published_on.year, at
        document.save()
        backend().store(document, normalize(data.text))
    return True


def search_reindex(*, at: datetime, keys: Iterable[str] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the index from the public record (every source, or only `keys`); return documents indexed.

    A full rebuild also drops documents whose source is gone.
    """
    full = keys is None
    if full:
        backend().reset()
    keys = list(all_keys() if full else keys)
    if full:
        keys += sorted(set(SearchDocument.objects.values_list("key", flat=True)) - set(keys))
    indexed = 0
    for n, key in enumerate(keys, start=1):
        indexed += index_source(key=key, at=at, flush=False)
        if progress and (n % 200 == 0 or n == len(keys)):
            progress(n, len(keys))
    backend().flush()
    return indexed
