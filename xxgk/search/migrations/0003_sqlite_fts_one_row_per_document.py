"""SQLite: index one FTS5 row per document (rowid = document id) instead of one per chunk, with a
covering index for the facet columns; the documents already indexed are indexed again here.
PostgreSQL keeps its chunked tsvectors: nothing to do there."""

from django.db import migrations

BATCH = 500


def per_document(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from xxgk.core.searchtext import normalize
    from xxgk.search.backends import sqlite_fts

    sqlite_fts.drop_tables(schema_editor.execute)
    sqlite_fts.create_tables(schema_editor.execute)
    document_model = apps.get_model("search", "SearchDocument")
    apps.get_model("search", "SearchChunk").objects.all().delete()
    rows = document_model.objects.order_by("pk").values_list("pk", "title_norm", "text")
    batch = []
    for pk, title_norm, text in rows.iterator(chunk_size=BATCH):
        batch.append((pk, title_norm, normalize(text)))
        if len(batch) == BATCH:
            sqlite_fts.store_rows(batch, using=schema_editor.connection)
            batch = []
    sqlite_fts.store_rows(batch, using=schema_editor.connection)


def per_chunk(apps, schema_editor):
    """Going back leaves an empty chunk index: run `xxgk search reindex` after migrating backwards."""
    if schema_editor.connection.vendor != "sqlite":
        return
    from xxgk.search.backends import sqlite_fts

    sqlite_fts.drop_tables(schema_editor.execute)
    schema_editor.execute(sqlite_fts.CREATE[0])
    schema_editor.execute(sqlite_fts.CREATE[1])


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_tables_fts5_or_gin")]
    operations = [migrations.RunPython(per_document, per_chunk)]
