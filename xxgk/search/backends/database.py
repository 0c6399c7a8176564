"""The database search backend: SQLite FTS5 in the embedded default, a GIN-indexed tsvector on PostgreSQL.

Both index the same bigram token stream (xxgk/core/searchtext.py) per chunk, so both return the
same documents for the same query; the suite runs the same recall checks on both databases.
"""

from collections import Counter

from django.db import connection

from xxgk.core.searchtext import bigram_stream, chunks, term_tokens

from ..models import SearchChunk
from .base import FACETS, Found

FTS_TABLE = "search_fts"


def vendor() -> str:
    return connection.vendor


FTS_CREATE = (f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')",
              f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', 'bm25(4.0, 1.0)')")


def create_engine_tables(schema_editor) -> None:
    """Create the engine's structures for the database in use (called by the migration)."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in FTS_CREATE:
            schema_editor.execute(statement)
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


def store(document, body_norm: str) -> None:
    """Index a saved document: its chunks, the title in chunk 0."""
    for seq, part in enumerate(chunks(body_norm) or [""]):
        chunk = SearchChunk.objects.create(document=document, seq=seq)
        store_chunk(chunk.pk, document.title_norm if seq == 0 else "", part)


def store_many(pairs: list) -> None:
    """Index many saved documents without chunks yet (a rebuild's batch): (document, body_norm) pairs."""
    rows, parts = [], []
    for document, body_norm in pairs:
        for seq, part in enumerate(chunks(body_norm) or [""]):
            rows.append(SearchChunk(document=document, seq=seq))
            parts.append((document.title_norm if seq == 0 else "", part))
    SearchChunk.objects.bulk_create(rows)
    values = [(c.pk, bigram_stream(t), bigram_stream(b)) for c, (t, b) in zip(rows, parts, strict=True)]
    with connection.cursor() as cursor:
        if vendor() == "sqlite":
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
                               [(i, t, b) for i, t, b in values])
        else:
            cursor.executemany("UPDATE search_searchchunk SET vector = setweight(to_tsvector('simple', %s), 'A') || "
                               "setweight(to_tsvector('simple', %s), 'D') WHERE id = %s",
                               [(t, b, i) for i, t, b in values])


def remove(document) -> None:
    """Take a document's chunks out of the index."""
    delete_chunks(list(document.chunks.values_list("pk", flat=True)))
    document.chunks.all().delete()


def reset() -> None:
    """Empty the engine before a full rebuild (much faster than removing documents one by one)."""
    with connection.cursor() as cursor:
        if vendor() == "sqlite":  # dropping the table is far quicker than deleting every row of it
            cursor.execute(f"DROP TABLE {FTS_TABLE}")
            for statement in FTS_CREATE:
                cursor.execute(statement)
        cursor.execute(f"DELETE FROM {SearchChunk._meta.db_table}")


def flush() -> None:
    """Nothing to flush: the index changes with the transaction."""


def _matches(terms: list[str]) -> tuple[str, list, str]:
    """Return (WITH clause, params, JOIN clause) selecting documents that contain every term."""
    ctes, params, joins = [], [], []
    for n, term in enumerate(terms):
        sql, p = term_match(term)
        ctes.append(f"t{n} AS ({sql})")
        params += p
        joins.append(f"JOIN t{n} ON t{n}.doc = d.id")
    return "WITH " + ", ".join(ctes), params, " ".join(joins)


def matching_ids(terms: list[str]) -> set[int]:
    """Return the ids of every document containing each term."""
    with_sql, params, joins = _matches(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"{with_sql} SELECT d.id FROM search_searchdocument d {joins}", params)
        return {row[0] for row in cursor.fetchall()}


def _facet_counts(terms: list[str], active: dict) -> tuple[int, dict]:
    with_sql, params, joins = _matches(terms)
    cols = ", ".join(f"d.{f}" for f in FACETS)
    with connection.cursor() as cursor:
        cursor.execute(f"{with_sql} SELECT {cols}, COUNT(*) FROM search_searchdocument d {joins} GROUP BY {cols}", params)
        combos = cursor.fetchall()
    facets: dict[str, Counter] = {f: Counter() for f in FACETS}
    total = 0
    for row in combos:
        values, count = dict(zip(FACETS, row[:-1], strict=True)), row[-1]
        failing = [f for f, v in active.items() if values[f] != v]
        if not failing:
            total += count
        for facet in FACETS:
            if not failing or failing == [facet]:
                facets[facet][values[facet]] += count
    return total, facets


def find(terms: list[str], active: dict, *, sort: str, offset: int, limit: int, this_year: int) -> Found:
    """Return the total, the facet counts (each under every other filter) and one page of ids."""
    total, facets = _facet_counts(terms, active)
    with_sql, params, joins = _matches(terms)
    where = [f"d.{facet} = %s" for facet in active]
    title_hit = " AND ".join(title_contains("%s") for _ in terms)
    relevance = " + ".join(f"t{n}.r" for n in range(len(terms)))
    # Title matches first; then relevance with a mild preference for valid and recent documents.
    score = (f"({relevance}) * (CASE WHEN d.validity IN ('', 'valid') THEN 1.2 ELSE 1.0 END)"
             f" * (1.0 + 0.3 / (1 + ABS(%s - d.year)))")
    phrase_join, phrase_params, phrase_first = "", [], ""
    if len(terms) > 1 and sort != "date":  # the exact phrase (the terms written together) before the terms apart
        phrase_sql, phrase_params = term_match("".join(terms))
        with_sql += f", tp AS ({phrase_sql})"
        phrase_join, phrase_first = " LEFT JOIN tp ON tp.doc = d.id", "CASE WHEN tp.doc IS NULL THEN 1 ELSE 0 END, "
    order = ("d.published_on DESC, d.id DESC" if sort == "date"
             else f"CASE WHEN {title_hit} THEN 0 ELSE 1 END, {phrase_first}{score} DESC, d.published_on DESC, d.id DESC")
    order_params = [] if sort == "date" else [*terms, this_year]
    params = params + phrase_params
    joins += phrase_join
    sql = (f"{with_sql} SELECT d.id FROM search_searchdocument d {joins}"
           f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order} LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, params + list(active.values()) + order_params + [limit, offset])
        ids = [row[0] for row in cursor.fetchall()]
    return Found(total=total, facets=facets, ids=ids)
