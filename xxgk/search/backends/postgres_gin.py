"""The database backend on PostgreSQL: a GIN-indexed tsvector per chunk of a document's bigram stream.

tsvector positions stop at 16383, so long texts are indexed in overlapping chunks and a document
matches a term when one of its chunks does. Relevance is ts_rank, which reads a document's whole
tsvector: each tier of the order (title matches, then the exact phrase) ranks its RANK_POOL most
recent documents by score and lists the rest by date, so a common word costs a bounded ranking.
"""

from collections import Counter

from django.db import connection, transaction

from xxgk.core.searchtext import bigram_stream, chunks, term_tokens

from ..models import SearchChunk
from .base import FACETS, Found

GIN_INDEX = "CREATE INDEX IF NOT EXISTS search_chunk_vector_gin ON search_searchchunk USING gin (vector)"
RANK_POOL = 2000  # documents ranked by score per tier; the rest of a tier follows by date
NESTED_LOOP_LIMIT = 1000  # matches past which the page's plan joins them by hash
VECTOR = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'D')"


def create_tables(execute) -> None:
    execute("ALTER TABLE search_searchchunk ADD COLUMN vector tsvector")
    execute(GIN_INDEX)


def drop_tables(execute) -> None:
    execute("DROP INDEX IF EXISTS search_chunk_vector_gin")


def store(document, body_norm: str) -> None:
    """Index a saved document: its chunks, the title in chunk 0."""
    store_many([(document, body_norm)])


def store_many(pairs: list) -> None:
    """Index saved documents without chunks yet: (document, body_norm) pairs, in one statement.

    The vectors are built by the server from arrays (one round trip per batch, each row written once)."""
    ids, seqs, titles, bodies = [], [], [], []
    for document, body_norm in pairs:
        for seq, part in enumerate(chunks(body_norm) or [""]):
            ids.append(document.pk)
            seqs.append(seq)
            titles.append(bigram_stream(document.title_norm) if seq == 0 else "")
            bodies.append(bigram_stream(part))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO search_searchchunk (document_id, seq, vector) "
                       f"SELECT r.d, r.s, {VECTOR % ('r.t', 'r.b')} "
                       "FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::text[]) AS r(d, s, t, b)",
                       [ids, seqs, titles, bodies])


def remove(document) -> None:
    document.chunks.all().delete()


def reset() -> None:
    """Empty the index before a full rebuild, dropping the GIN index until flush() builds it again:
    built once over every row it takes a fraction of the time of growing it row by row."""
    with transaction.atomic(), connection.cursor() as cursor:
        # TRUNCATE hands the space back at once (a DELETE left the old rows for VACUUM: the table twice
        # its size after a rebuild); inside a caller's transaction pending key checks must run first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {SearchChunk._meta.db_table}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("DROP INDEX IF EXISTS search_chunk_vector_gin")


def flush() -> None:
    """Build the GIN index if a rebuild dropped it (a look at the catalogue otherwise, taking no lock)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_chunk_vector_gin'")
        if cursor.fetchone() is None:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the default 64MB spills to disk
            # Inside a caller's transaction the chunks' deferred key checks must run before the table is indexed.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(GIN_INDEX)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to how Django declares its keys


def tsquery(term: str) -> str:
    """Return the tsquery text matching a term as typed: its bigram phrase, or its one character as a prefix."""
    tokens, prefix = term_tokens(term)
    return f"{tokens[0]}:*" if prefix else " <-> ".join(tokens)


def _matches(terms: list[str]) -> tuple[str, list, str]:
    """Return (WITH clause, params, JOIN clause) selecting the documents that contain every term.

    One materialised set, each term's matches intersected: computed once per query, and the rest of
    the query joins one set whatever the planner guesses about each term."""
    parts = ["SELECT c.document_id FROM search_searchchunk c WHERE c.vector @@ to_tsquery('simple', %s)"] * len(terms)
    return (f"WITH m AS MATERIALIZED ({' INTERSECT '.join(parts)})", [tsquery(t) for t in terms],
            "JOIN m ON m.document_id = d.id")


def matching_ids(terms: list[str]) -> set[int]:
    with_sql, params, joins = _matches(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"{with_sql} SELECT d.id FROM search_searchdocument d {joins}", params)
        return {row[0] for row in cursor.fetchall()}


def _title_hit(terms: list[str]) -> str:
    return " AND ".join("strpos(d.title_norm, %s) > 0" for _ in terms)


def _facet_counts(cursor, terms: list[str], active: dict) -> tuple[int, int, dict]:
    """Return (matches, matches in the title, facet counts) under the active filters, each facet counted
    under the others, in one query: one grouping set per facet, one filtered count per filter left out."""
    with_sql, params, joins = _matches(terms)
    cols = [f"d.{f}" for f in FACETS]

    def holding(skip: str | None) -> tuple[str, list]:
        kept = [f for f in active if f != skip]
        return " AND ".join(f"d.{f} = %s" for f in kept) or "TRUE", [active[f] for f in kept]

    every, every_params = holding(None)
    counts = [f"COUNT(*) FILTER (WHERE {every})", f"COUNT(*) FILTER (WHERE {every} AND {_title_hit(terms)})"]
    count_params = [*every_params, *every_params, *terms]
    for facet in active:
        sql, p = holding(facet)
        counts.append(f"COUNT(*) FILTER (WHERE {sql})")
        count_params += p
    sets = ", ".join(f"({c})" for c in cols)
    cursor.execute(f"{with_sql} SELECT {', '.join(cols)}, GROUPING({', '.join(cols)}), {', '.join(counts)} "
                   f"FROM search_searchdocument d {joins} GROUP BY GROUPING SETS ({sets}, ())",
                   [*params, *count_params])
    facets: dict[str, Counter] = {f: Counter() for f in FACETS}
    total = in_title = 0
    top_bit = len(FACETS) - 1
    for row in cursor.fetchall():
        grouping, numbers = row[len(FACETS)], row[len(FACETS) + 1:]
        if grouping == (1 << len(FACETS)) - 1:  # the empty set: every match
            total, in_title = numbers[0], numbers[1]
            continue
        i = next(i for i in range(len(FACETS)) if not grouping >> (top_bit - i) & 1)
        facet = FACETS[i]
        count = numbers[2 + list(active).index(facet)] if facet in active else numbers[0]
        if count:
            facets[facet][row[i]] = count
    return total, in_title, facets


def find(terms: list[str], active: dict, *, sort: str, offset: int, limit: int, this_year: int) -> Found:
    """Return the total, the facet counts (each under every other filter) and one page of ids."""
    with transaction.atomic(), connection.cursor() as cursor:
        # A common word matches most rows, so the planner prefers reading every tsvector (each detoasted,
        # at a cost it does not see) to the GIN bitmap, which answers a bigram term without reading any.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Compiling a plan takes longer than running these (their cost estimates are high, their runs short).
        cursor.execute("SET LOCAL jit = off")
        # A common word's matches are sorted and hashed in memory rather than in batches on disk.
        cursor.execute("SET LOCAL work_mem = '32MB'")
        total, in_title, facets = _facet_counts(cursor, terms, active)
        if total > NESTED_LOOP_LIMIT:
            # With LIMIT the planner hopes to stop early in a nested loop that rescans the whole match
            # set per document (minutes on common words); a hash join reads it once.
            cursor.execute("SET LOCAL enable_nestloop = off")
        ids = _page(cursor, terms, active, sort=sort, offset=offset, limit=limit, in_title=in_title,
                    this_year=this_year)
        # Inside a caller's transaction SET LOCAL would outlive this search (on an error, the
        # rollback of this block's savepoint undoes it).
        cursor.execute("RESET enable_seqscan; RESET jit; RESET work_mem; RESET enable_nestloop")
    return Found(total=total, facets=facets, ids=ids)


def _page(cursor, terms: list[str], active: dict, *, sort: str, offset: int, limit: int, in_title: int,
          this_year: int) -> list[int]:
    with_sql, params, joins = _matches(terms)
    where = [f"d.{facet} = %s" for facet in active]
    where_params = list(active.values())
    if sort == "date":
        sql = (f"{with_sql} SELECT d.id FROM search_searchdocument d {joins}"
               f"{' WHERE ' + ' AND '.join(where) if where else ''} "
               "ORDER BY d.published_on DESC, d.id DESC LIMIT %s OFFSET %s")
        cursor.execute(sql, [*params, *where_params, limit, offset])
        return [row[0] for row in cursor.fetchall()]
    phrase_hit, phrase_params = "FALSE", []
    if len(terms) > 1:
        with_sql += (", tp AS MATERIALIZED (SELECT c.document_id AS doc FROM search_searchchunk c "
                     "WHERE c.vector @@ to_tsquery('simple', %s))")
        params.append(tsquery("".join(terms)))
        # IN over the CTE is one hashed lookup per row, whatever the phrase's match count.
        phrase_hit = "d.id IN (SELECT doc FROM tp)"
    if offset + limit <= in_title:  # the page lies within the title matches: rank only those
        where.append(_title_hit(terms))
        where_params += terms
    score, score_params = _score(terms, this_year)
    # Each tier (title match, then exact phrase) is ranked by score over its RANK_POOL most recent
    # documents, the rest of the tier following by date: ts_rank reads a document's whole tsvector,
    # and a common word's tier holds tens of thousands.
    sql = (f"{with_sql}, s AS (SELECT d.id, d.published_on, d.validity, d.year, "
           f"{_title_hit(terms)} AS th, {phrase_hit} AS ph FROM search_searchdocument d {joins}"
           f"{' WHERE ' + ' AND '.join(where) if where else ''}), "
           "r AS (SELECT s.*, row_number() OVER (PARTITION BY th, ph ORDER BY published_on DESC, id DESC) AS rn "
           "FROM s) "
           f"SELECT d.id FROM r AS d ORDER BY d.th DESC, d.ph DESC, d.rn <= %s DESC, "
           f"CASE WHEN d.rn <= %s THEN {score} END DESC, d.published_on DESC, d.id DESC LIMIT %s OFFSET %s")
    cursor.execute(sql, [*params, *terms, *phrase_params, *where_params, RANK_POOL, RANK_POOL, *score_params,
                         limit, offset])
    return [row[0] for row in cursor.fetchall()]


def _score(terms: list[str], this_year: int) -> tuple[str, list]:
    """Return the relevance of a document `d` and its params: ts_rank summed over the terms, with a mild
    preference for valid and recent documents."""
    rank = ("(SELECT MAX(ts_rank(c.vector, to_tsquery('simple', %s))) FROM search_searchchunk c "
            "WHERE c.document_id = d.id)")
    relevance = " + ".join([rank] * len(terms))
    score = (f"({relevance}) * (CASE WHEN d.validity IN ('', 'valid') THEN 1.2 ELSE 1.0 END)"
             " * (1.0 + 0.3 / (1 + ABS(%s - d.year)))")
    return score, [*(tsquery(t) for t in terms), this_year]
