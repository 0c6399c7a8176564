"""The database backend on SQLite: one FTS5 row per document (rowid = document id) over its bigram stream.

A query's terms become one FTS5 expression (each term a phrase, all ANDed), so FTS5 intersects the
terms itself and scores only documents holding every term. Facet columns are read through a covering
index (the rows themselves carry the text, which would be read from overflow pages otherwise).
"""

from django.db import connection

from xxgk.core.searchtext import bigram_stream, term_tokens

from .base import FACETS, Found, count_facets

FTS_TABLE = "search_fts"
COVER_INDEX = "search_doc_facets_cover"
CREATE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, tokenize='unicode61 remove_diacritics 0')",
    # bm25 with the title weighted four times the body, readable as the `rank` column
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
)
CREATE_COVER = (f"CREATE INDEX IF NOT EXISTS {COVER_INDEX} ON search_searchdocument "
                f"(id, {', '.join(FACETS)}, published_on, title_norm)")
DOCS = f"{FTS_TABLE} f JOIN search_searchdocument d INDEXED BY {COVER_INDEX} ON d.id = f.rowid"


def create_tables(execute) -> None:
    """Create the FTS5 table and the covering index (`execute` runs one statement)."""
    for statement in (*CREATE, CREATE_COVER):
        execute(statement)


def drop_tables(execute) -> None:
    execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    execute(f"DROP INDEX IF EXISTS {COVER_INDEX}")


def store(document, body_norm: str) -> None:
    """Index a saved document (the caller has removed what the index held for it)."""
    store_rows([(document.pk, document.title_norm, body_norm)])


def store_many(pairs: list) -> None:
    """Index saved documents the index does not hold: (document, body_norm) pairs."""
    store_rows([(d.pk, d.title_norm, body) for d, body in pairs])


def store_rows(rows: list[tuple[int, str, str]], using=None) -> None:
    """Index (document id, normalised title, normalised body) rows (on `using`, by default the default connection)."""
    with (using or connection).cursor() as cursor:
        cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
                           [(pk, bigram_stream(title), bigram_stream(body)) for pk, title, body in rows])


def remove(document) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [document.pk])


def reset() -> None:
    """Empty the index before a full rebuild (dropping the table is far quicker than deleting its rows)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {FTS_TABLE}")
        for statement in CREATE:
            cursor.execute(statement)


def phrase(term: str) -> str:
    """Return the FTS5 expression matching a term as typed: its bigram phrase, or its one character as a prefix."""
    tokens, prefix = term_tokens(term)
    return f"{tokens[0]}*" if prefix else '"' + " ".join(tokens) + '"'


def expression(terms: list[str]) -> str:
    return " AND ".join(phrase(t) for t in terms)


def matching_ids(terms: list[str]) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression(terms)])
        return {row[0] for row in cursor.fetchall()}


def _title_hit(terms: list[str]) -> str:
    return " AND ".join("instr(d.title_norm, %s) > 0" for _ in terms)


def find(terms: list[str], active: dict, *, sort: str, offset: int, limit: int, this_year: int) -> Found:
    """Return the total, the facet counts (each under every other filter) and one page of ids."""
    match = expression(terms)
    title_hit = _title_hit(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join('d.' + f for f in FACETS)}, {title_hit} FROM {DOCS} "
                       f"WHERE {FTS_TABLE} MATCH %s", [*terms, match])
        passing, facets = count_facets(cursor.fetchall(), active)
        title_total = sum(row[-1] for row in passing)
        where = "".join(f" AND d.{facet} = %s" for facet in active)
        params = [match, *active.values()]
        if sort == "date":
            order, order_params = "d.published_on DESC, d.id DESC", []
        else:
            order, order_params = _relevance_order(terms, this_year)
            if offset + limit <= title_total:
                # The page lies within the title matches: rank only those (bm25 is computed per ranked row).
                where += f" AND {title_hit}"
                params += terms
        cursor.execute(f"SELECT d.id FROM {DOCS} WHERE {FTS_TABLE} MATCH %s{where} ORDER BY {order} "
                       "LIMIT %s OFFSET %s", [*params, *order_params, limit, offset])
        ids = [row[0] for row in cursor.fetchall()]
    return Found(total=len(passing), facets=facets, ids=ids)


def _relevance_order(terms: list[str], this_year: int) -> tuple[str, list]:
    """Title matches first, then the exact phrase (terms written together), then bm25 with a mild
    preference for valid and recent documents."""
    params: list = [*terms]
    phrase_first = ""
    if len(terms) > 1:
        phrase_first = (f"CASE WHEN d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
                        "THEN 0 ELSE 1 END, ")
        params.append(phrase("".join(terms)))
    score = ("-f.rank * (CASE WHEN d.validity IN ('', 'valid') THEN 1.2 ELSE 1.0 END)"
             " * (1.0 + 0.3 / (1 + ABS(%s - d.year)))")
    params.append(this_year)
    order = (f"CASE WHEN {_title_hit(terms)} THEN 0 ELSE 1 END, {phrase_first}{score} DESC, "
             "d.published_on DESC, d.id DESC")
    return order, params


def flush() -> None:
    """Nothing to finish: FTS5 changes with the transaction."""
