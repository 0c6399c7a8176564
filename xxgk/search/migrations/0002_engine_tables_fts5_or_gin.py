"""The engine's own structures: an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from xxgk.search.backends.database import create_engine_tables

    create_engine_tables(schema_editor)


def drop(apps, schema_editor):
    from xxgk.search.backends.database import drop_engine_tables

    drop_engine_tables(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_documents_and_chunks")]
    operations = [migrations.RunPython(create, drop)]
