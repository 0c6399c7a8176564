"""An id query sent now and answered later, so the caller's work meanwhile hides the database round trip.

On PostgreSQL (psycopg 3) the query goes out through libpq's asynchronous calls at once and its answer
is read when asked for: a search's public check travels while the page's snippets are cut, instead of
adding its round trip (a quarter to half a millisecond here) to every search. Elsewhere the query
simply runs when sent (on SQLite through sqlite3 directly). Between sending and reading, nothing else may use the connection.
"""

import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


def send_ids_query(sql: str, params: list) -> Callable[[], list[int]]:
    """Send `sql` (%s placeholders; on PostgreSQL a list parameter is an array, for `= ANY(%s)`) and return
    the function giving its first column as ints; call it before the connection runs anything else."""
    # The connection looked up once: each use of django.db.connection is a context-local lookup, and
    # this runs on every search.
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    started = time.perf_counter()
    if connection.vendor == "sqlite":  # straight to sqlite3: Django's cursor wrapping cost more than the query
        with connection.wrap_database_errors:  # sqlite3's errors as Django's, like any query's
            ids = [row[0] for row in connection.connection.execute(sql.replace("%s", "?"), params).fetchall()]
        _logged(connection, sql, started)
        return lambda: ids
    pgconn = connection.connection.pgconn  # the two databases xxgk runs on: the other is PostgreSQL, via psycopg 3
    numbered = sql
    for n in range(1, len(params) + 1):
        numbered = numbered.replace("%s", f"${n}", 1)
    pgconn.send_query_params(numbered.encode(), [_text(p) for p in params])
    pgconn.flush()
    answer: list[list[int]] = []

    def receive() -> list[int]:
        if not answer:
            answer.append(_receive(connection, pgconn, sql, started))
        return answer[0]
    return receive


def _receive(connection, pgconn, sql: str, started: float) -> list[int]:
    from psycopg import pq

    result = pgconn.get_result()
    while pgconn.get_result() is not None:  # read to the end of the answer: the connection is free again
        pass
    _logged(connection, sql, started)
    if result is None or result.status != pq.ExecStatus.TUPLES_OK:
        raise DatabaseError((result.error_message if result is not None else b"no answer").decode(errors="replace"))
    return [int(result.get_value(i, 0)) for i in range(result.ntuples)]


def _logged(connection, sql: str, started: float) -> None:
    """Record the query like any other, for debug views and query-count tests."""
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.perf_counter() - started:.3f}"})


def _text(value) -> bytes:
    """A parameter in PostgreSQL's text form (arrays of ints as {1,2,3})."""
    if isinstance(value, list):
        return ("{" + ",".join(str(int(v)) for v in value) + "}").encode()
    return str(value).encode()
