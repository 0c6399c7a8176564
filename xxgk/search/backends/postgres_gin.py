"""The database backend on PostgreSQL: a GIN-indexed tsvector per chunk of a document's bigram stream.

tsvector positions stop at 16383, so long texts are indexed in overlapping chunks and a document
matches a term when one of its chunks does.
"""

from collections import Counter

from django.db import connection

from xxgk.core.searchtext import bigram_stream, chunks, term_tokens

from ..models import SearchChunk
from .base import FACETS, Found

VECTOR = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'D')"


def create_tables(execute) -> None:
    execute("ALTER TABLE search_searchchunk ADD COLUMN vector tsvector")
    execute("CREATE INDEX search_chunk_vector_gin ON search_searchchunk USING gin (vector)")


def drop_tables(execute) -> None:
    execute("DROP INDEX IF EXISTS search_chunk_vector_gin")


def store(document, body_norm: str) -> None:
    """Index a saved document: its chunks, the title in chunk 0."""
    store_many([(document, body_norm)])


def store_many(pairs: list) -> None:
    """Index saved documents without chunks yet: (document, body_norm) pairs."""
    rows, parts = [], []
    for document, body_norm in pairs:
        for seq, part in enumerate(chunks(body_norm) or [""]):
            rows.append(SearchChunk(document=document, seq=seq))
            parts.append((document.title_norm if seq == 0 else "", part))
    SearchChunk.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE search_searchchunk SET vector = {VECTOR} WHERE id = %s",
                           [(bigram_stream(t), bigram_stream(b), c.pk) for c, (t, b) in zip(rows, parts, strict=True)])


def remove(document) -> None:
    document.chunks.all().delete()


def reset() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchChunk._meta.db_table}")


def term_match(term: str) -> tuple[str, list]:
    """Return (SQL selecting `doc, r` — matching documents and a larger-is-better relevance —, params)."""
    tokens, prefix = term_tokens(term)
    expression = f"{tokens[0]}:*" if prefix else " <-> ".join(tokens)
    return ("SELECT c.document_id AS doc, MAX(ts_rank(c.vector, q)) AS r FROM search_searchchunk c, "
            "to_tsquery('simple', %s) q WHERE c.vector @@ q GROUP BY c.document_id", [expression])


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
    with_sql, params, joins = _matches(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"{with_sql} SELECT d.id FROM search_searchdocument d {joins}", params)
        return {row[0] for row in cursor.fetchall()}


def _facet_counts(terms: list[str], active: dict) -> tuple[int, dict]:
    """Group the matches by facet combination in the database; count each facet under the other filters."""
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
    title_hit = " AND ".join("strpos(d.title_norm, %s) > 0" for _ in terms)
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
    sql = (f"{with_sql} SELECT d.id FROM search_searchdocument d {joins}{phrase_join}"
           f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order} LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, params + phrase_params + list(active.values()) + order_params + [limit, offset])
        ids = [row[0] for row in cursor.fetchall()]
    return Found(total=total, facets=facets, ids=ids)
