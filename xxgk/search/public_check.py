"""Which indexed sources are public right now: the check every search runs on its page before showing it.

Each source's rule is SQL (the test its builder in documents.py applies), so a page holding items,
published letters, consultations, interviews, reports and guides is checked in one query, whatever
its mix; the index may be stale, the record is not.
"""

from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections

from .sent_query import send_ids_query

# An item is public now when it is published, actively disclosed and not withdrawn.
PUBLIC_ITEM_WHERE = "published_revision IS NOT NULL AND disclosure = %s AND status <> %s"
PUBLIC_ITEM_PARAMS = ("active", "withdrawn")


def _items_table(vendor: str) -> str:
    """Return the items table as the public check reads it: on SQLite through the covering index, which
    it would otherwise skip for a rowid lookup that walks each body's overflow pages."""
    return "catalog_item INDEXED BY item_public_check_idx" if vendor == "sqlite" else "catalog_item"


@lru_cache(maxsize=4)
def _rules(vendor: str) -> tuple[tuple[str, str, tuple], ...]:
    """Return (key prefix, SQL true when the source whose id is {id} is public now, its params) per source."""
    from xxgk.agencies.models import Agency
    from xxgk.interaction.models import Consultation, Interview, Message
    from xxgk.reports.models import PublishedReport

    reports = PublishedReport._meta.db_table
    return (
        ("item", f"EXISTS (SELECT 1 FROM {_items_table(vendor)} WHERE id = {{id}} AND {PUBLIC_ITEM_WHERE})",
         PUBLIC_ITEM_PARAMS),
        ("message", f"EXISTS (SELECT 1 FROM {Message._meta.db_table} WHERE id = {{id}} AND published_at IS NOT NULL)",
         ()),
        ("consultation", f"EXISTS (SELECT 1 FROM {Consultation._meta.db_table} WHERE id = {{id}})", ()),
        ("interview", f"EXISTS (SELECT 1 FROM {Interview._meta.db_table} WHERE id = {{id}})", ()),
        # A corrected version replaces a report in search: only the latest of its agency and year is public.
        ("report", f"EXISTS (SELECT 1 FROM {reports} r WHERE r.id = {{id}} AND r.version = (SELECT MAX(v.version) "
                   f"FROM {reports} v WHERE v.agency_id = r.agency_id AND v.year = r.year))", ()),
        ("guide", f"EXISTS (SELECT 1 FROM {Agency._meta.db_table} WHERE id = {{id}} AND is_active)", ()),
    )


def public_source_sql(key_sql: str) -> tuple[str, tuple]:
    """Return (SQL, params): an expression true when the source whose key ("item:12") is `key_sql` is public
    now, NULL for a key no source has. Plain SQL: it runs on every search."""
    return _public_source_sql(connections[DEFAULT_DB_ALIAS].vendor, key_sql)


@lru_cache(maxsize=16)
def _public_source_sql(vendor: str, key_sql: str) -> tuple[str, tuple]:
    # The prefixes are parameters, not literals: a literal % reads differently in Django's cursors and
    # in the sent queries' placeholders.
    whens, params = [], []
    for prefix, rule, rule_params in _rules(vendor):
        source_id = f"CAST(substr({key_sql}, {len(prefix) + 2}) AS INTEGER)"
        whens.append(f"WHEN {key_sql} LIKE %s THEN {rule.format(id=source_id)}")
        params += [f"{prefix}:%", *rule_params]
    return f"CASE {' '.join(whens)} END", tuple(params)  # a tuple: the cached params cannot be changed


@lru_cache(maxsize=64)
def _check_sql(vendor: str, items: int, documents: int) -> tuple[str, tuple, tuple]:
    """Return (statement, params after the items' ids, params after the documents' ids) checking `items`
    item ids and then `documents` indexed documents of other sources; an item answers with its id, a
    document with its id negated. On PostgreSQL each list of ids is one array parameter: the same
    statement for any page."""
    def ids_in(column: str, count: int) -> str:
        return f"{column} = ANY(%s)" if vendor == "postgresql" else f"{column} IN ({','.join(['%s'] * count)})"

    parts, item_params, document_params = [], (), ()
    if items:
        parts.append(f"SELECT id FROM {_items_table(vendor)} WHERE {ids_in('id', items)} AND {PUBLIC_ITEM_WHERE}")
        item_params = PUBLIC_ITEM_PARAMS
    if documents:
        public, rule_params = _public_source_sql(vendor, "d.key")
        parts.append(f"SELECT -d.id FROM search_searchdocument d WHERE {ids_in('d.id', documents)} AND {public}")
        document_params = rule_params
    return " UNION ALL ".join(parts), item_params, document_params


def send_public_check(item_pks: list[int], document_ids: list[int] = ()):
    """Send the check of which catalogue items `item_pks` (by item id; the covering index answers without
    reading their rows) and which indexed documents `document_ids` of other sources are public now, in
    one query; return the function giving (the public item ids, the public document ids). Until it is
    called the connection runs nothing else (see sent_query)."""
    if not item_pks and not document_ids:
        return lambda: (set(), set())
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    sql, item_params, document_params = _check_sql(vendor, len(item_pks), len(document_ids))

    def ids(values) -> list:
        return [list(values)] if vendor == "postgresql" else list(values)
    params = [*ids(item_pks), *item_params] if item_pks else []
    if document_ids:
        params += [*ids(document_ids), *document_params]
    receive = send_ids_query(sql, params)
    if not document_ids:  # a page of items only (the usual one): every id answered is an item's
        return lambda: (set(receive()), set())

    def answer() -> tuple[set[int], set[int]]:
        answered = receive()
        return {i for i in answered if i > 0}, {-i for i in answered if i < 0}
    return answer
