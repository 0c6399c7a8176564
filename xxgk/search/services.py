"""Keep the search index in step with the public record: index or remove one source, rebuild all."""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import connection, transaction

from xxgk.core.searchtext import normalize

from .backends import backend
from .documents import DocumentData, all_keys, build, build_many
from .models import SearchDocument

REINDEX_BATCH = 500
FIELDS = ("kind", "title", "title_norm", "url", "text", "agency", "subject", "art20_category", "validity",
          "published_on", "year", "indexed_at")


def index_source(*, key: str, at: datetime, flush: bool = True) -> bool:
    """Index the source named `key` if it is public, otherwise remove it; return whether it is now indexed."""
    indexed = store_document(key=key, data=build(key), at=at)
    if flush:
        backend().flush()
    return indexed


def store_document(*, key: str, data: DocumentData | None, at: datetime) -> bool:
    """Write (or, for None, remove) one document in the index; the engine and the rows change together."""
    with transaction.atomic():
        document = SearchDocument.objects.select_for_update(no_key=True).filter(key=key).first()
        if document is not None:
            backend().remove(document)
        if data is None:
            if document is not None:
                document.delete()
            return False
        document = _fill(document or SearchDocument(key=key), data, at)
        document.save()
        backend().store(document, normalize(data.text))
    return True


def _fill(document: SearchDocument, data: DocumentData, at: datetime) -> SearchDocument:
    document.kind, document.title, document.url = data.kind, data.title[:300], data.url
    document.title_norm = normalize(data.title)[:300]
    document.text, document.agency = data.text, data.agency
    document.subject, document.art20_category, document.validity = data.subject, data.art20_category, data.validity
    document.published_on, document.year, document.indexed_at = data.published_on, data.published_on.year, at
    return document


def _store_batch(built: dict[str, DocumentData | None], at: datetime) -> int:
    """Write one batch of a full rebuild (the engine holds none of these documents); return how many are public."""
    existing = SearchDocument.objects.select_for_update(no_key=True).in_bulk(list(built), field_name="key")
    SearchDocument.objects.filter(pk__in=[d.pk for k, d in existing.items() if built[k] is None]).delete()
    documents = {key: _fill(existing.get(key) or SearchDocument(key=key), data, at)
                 for key, data in built.items() if data is not None}
    for document in documents.values():
        if document.pk is not None:  # bulk_update's CASE expressions cost more than one UPDATE each
            document.save(update_fields=FIELDS)
    SearchDocument.objects.bulk_create([d for d in documents.values() if d.pk is None])
    backend().store_many([(d, normalize(built[key].text)) for key, d in documents.items()])
    return len(documents)


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
    for start in range(0, len(keys), REINDEX_BATCH):
        batch = keys[start:start + REINDEX_BATCH]
        built = build_many(batch)
        with transaction.atomic():  # one commit per batch, not per document
            if full:  # the engine was emptied: write the batch's rows and index entries in bulk
                indexed += _store_batch(built, at)
            else:
                for key in batch:
                    indexed += store_document(key=key, data=built[key], at=at)
        if progress:
            progress(start + len(batch), len(keys))
    backend().flush()
    if full and connection.vendor == "postgresql":
        # A rebuild rewrites every row: without fresh statistics the planner, until autovacuum gets
        # round to it, can choose plans that detoast every tsvector (minutes per query at 100k).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument, search_searchchunk")
    return indexed
