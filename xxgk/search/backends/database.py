"""The database search backend: SQLite FTS5 in the embedded default, a GIN-indexed tsvector on PostgreSQL.

Both index the same bigram token stream (xxgk/core/searchtext.py), so both return the same documents
for the same query; the suite runs the same recall checks on both databases. Each call goes to the
module of the database in use (sqlite_fts or postgres_gin).
"""

from django.db import connection

from . import postgres_gin, sqlite_fts


def _engine(vendor: str | None = None):
    return sqlite_fts if (vendor or connection.vendor) == "sqlite" else postgres_gin


def create_engine_tables(schema_editor) -> None:
    """Create the engine's structures for the database in use (called by the migrations)."""
    _engine(schema_editor.connection.vendor).create_tables(schema_editor.execute)


def drop_engine_tables(schema_editor) -> None:
    _engine(schema_editor.connection.vendor).drop_tables(schema_editor.execute)


def store(document, body_norm: str) -> None:
    """Index a saved document (the caller has removed what the index held for it)."""
    _engine().store(document, body_norm)


def store_many(pairs: list) -> None:
    """Index many saved documents the index does not hold (a rebuild's batch): (document, body_norm) pairs."""
    _engine().store_many(pairs)


def remove(document) -> None:
    """Take a document out of the index."""
    _engine().remove(document)


def reset() -> None:
    """Empty the engine before a full rebuild."""
    _engine().reset()


def flush() -> None:
    """Finish a batch of writes (the index itself changes with each transaction)."""
    _engine().flush()


def matching_ids(terms: list[str]) -> set[int]:
    """Return the ids of every document containing each term."""
    return _engine().matching_ids(terms)


def find(terms: list[str], active: dict, *, sort: str, offset: int, limit: int, this_year: int):
    """Return the total, the facet counts (each under every other filter) and one page of ids."""
    return _engine().find(terms, active, sort=sort, offset=offset, limit=limit, this_year=this_year)
