"""The database search engine: SQLite FTS5 in the embedded default, a GIN-indexed tsvector on PostgreSQL.

Both index the same bigram token stream (xxgk/core/searchtext.py) per chunk, so both return the
same documents for the same query; a test runs the same queries on both databases.
"""

from django.db import connection

from xxgk.core.searchtext import bigram_stream, term_tokens

FTS_TABLE = "search_fts"


def vendor() -> str:
    return connection.vendor


def create_engine_tables(schema_editor) -> None:
    """Create the engine's structures for the database in use (called by the migration)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, tokenize='unicode61 "
                              "remove_diacritics 0')")
        schema_editor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', 'bm25(4.0, 1.0)')")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchchunk ADD COLUMN vector tsvector")
        schema_editor.execute("CREATE INDEX search_chunk_vector_gin ON search_searchchunk USING gin (vector)")


def drop_engine_tables(schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_chunk_vector_gin")


def store_chunk(chunk_id: int, title_norm: str, body_norm: str) -> None:
    """Index one chunk (its title part is empty except in chunk 0)."""
    title, body = bigram_stream(title_norm), bigram_stream(body_norm)
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.execute(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)", [chunk_id, title, body])
        else:
            cursor.execute("UPDATE search_searchchunk SET vector = setweight(to_tsvector('simple', %s), 'A') || "
                           "setweight(to_tsvector('simple', %s), 'D') WHERE id = %s", [title, body, chunk_id])


def delete_chunks(chunk_ids: list[int]) -> None:
    """Remove chunks from the engine (the rows themselves are deleted by the caller)."""
    if chunk_ids and vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join(['%s'] * len(chunk_ids))})", chunk_ids)


def term_match(term: str) -> tuple[str, list]:
    """Return (SQL selecting `doc, r` — matching documents and a larger-is-better relevance —, params)."""
    tokens, prefix = term_tokens(term)
    if vendor() == "sqlite":
        expression = f"{tokens[0]}*" if prefix else '"' + " ".join(tokens) + '"'
        # bm25() cannot be called inside a CTE; the `rank` column (set to bm25 with a title weight) can.
        return (f"SELECT c.document_id AS doc, -MIN(s.score) AS r FROM (SELECT rowid AS chunk, rank AS score "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) s JOIN search_searchchunk c ON c.id = s.chunk "
                "GROUP BY c.document_id", [expression])
    expression = f"{tokens[0]}:*" if prefix else " <-> ".join(tokens)
    return ("SELECT c.document_id AS doc, MAX(ts_rank(c.vector, q)) AS r FROM search_searchchunk c, "
            "to_tsquery('simple', %s) q WHERE c.vector @@ q GROUP BY c.document_id", [expression])


def title_contains(term_sql_param: str) -> str:
    """Return SQL testing that the normalised title contains a term (one %s parameter)."""
    return "instr(d.title_norm, %s) > 0" if vendor() == "sqlite" else "strpos(d.title_norm, %s) > 0"
