"""An id query sent now and answered later, so the caller's work meanwhile hides the database round trip.

On PostgreSQL (psycopg 3) the query goes out through libpq's asynchronous calls at once and its answer
is read when asked for: a search's public check travels while the page's snippets are cut, instead of
adding its round trip (a quarter to half a millisecond here) to every search. Elsewhere the query
simply runs when sent (on SQLite through sqlite3 directly). Between sending and reading, nothing else may use the connection.
"""

import time
from collections.abc import Callable
from itertools import repeat

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


def send_ids_query(sql: str, params: list) -> Callable[[], list[int]]:
    """Send `sql` (%s placeholders; on PostgreSQL a list parameter is an array, for `= ANY(%s)`) and return
    the function giving its first column as ints; call it before the connection runs anything else."""
    # The connection looked up once: each use of django.db.connection is a context-local lookup, and
    # this runs on every search.
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.connection is None:
        connection.ensure_connection()
    started = time.perf_counter()
    if connection.vendor == "sqlite":  # straight to sqlite3: Django's cursor wrapping cost more than the query
        with connection.wrap_database_errors:  # sqlite3's errors as Django's, like any query's
            ids = [row[0] for row in connection.connection.execute(sql.replace("%s", "?"), params).fetchall()]
        _logged(connection, sql, started)
        return lambda: ids
    pgconn = connection.connection.pgconn  # the two databases xxgk runs on: the other is PostgreSQL, via psycopg 3
    values = [_text(p) for p in params]
    name = _prepared(connection, pgconn, sql, len(params))
    if name is None:
        pgconn.send_query_params(_numbered(sql, len(params)), values)
    else:
        pgconn.send_query_prepared(name, values)
    pgconn.flush()
    answer: list[list[int]] = []

    def receive() -> list[int]:
        if not answer:
            answer.append(_receive(connection, pgconn, sql, started))
        return answer[0]
    return receive


def _numbered(sql: str, count: int) -> bytes:
    """Return `sql` with PostgreSQL's numbered placeholders ($1, $2, …) for its %s."""
    for n in range(1, count + 1):
        sql = sql.replace("%s", f"${n}", 1)
    return sql.encode()


def _prepared(connection, pgconn, sql: str, count: int) -> bytes | None:
    """Return the name under which this session holds `sql` prepared, preparing it the first time; None
    when XXGK_DB_PREPARED is off (a pooler may hand each transaction another session). Prepared once,
    each search's check skips the server's parsing and planning, which took longer than running it."""
    from django.conf import settings

    if not settings.XXGK_DB_PREPARED:
        return None
    raw = connection.connection
    held = getattr(connection, "_xxgk_prepared", None)
    if held is None or held[0] is not raw:  # a new session holds nothing yet
        held = connection._xxgk_prepared = (raw, {})
    name = held[1].get(sql)
    if name is None:
        from psycopg import pq

        name = f"xxgk_sent_{len(held[1])}".encode()
        result = pgconn.prepare(name, _numbered(sql, count))
        if result.status != pq.ExecStatus.COMMAND_OK:  # as a failed query: the transaction is aborted
            raise DatabaseError((result.error_message or b"prepare failed").decode(errors="replace"))
        held[1][sql] = name
    return name


def _receive(connection, pgconn, sql: str, started: float) -> list[int]:
    from psycopg import pq

    result = pgconn.get_result()
    while pgconn.get_result() is not None:  # read to the end of the answer: the connection is free again
        pass
    _logged(connection, sql, started)
    if result is None or result.status != pq.ExecStatus.TUPLES_OK:
        raise DatabaseError((result.error_message if result is not None else b"no answer").decode(errors="replace"))
    rows = result.ntuples
    return list(map(int, map(result.get_value, range(rows), repeat(0, rows))))  # in C: a page holds 20


def _logged(connection, sql: str, started: float) -> None:
    """Record the query like any other, for debug views and query-count tests."""
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.perf_counter() - started:.3f}"})


def _text(value) -> bytes:
    """A parameter in PostgreSQL's text form (arrays of ints as {1,2,3})."""
    if isinstance(value, list):
        return ("{" + ",".join(map(str, map(int, value))) + "}").encode()
    return str(value).encode()
