"""The fast ranked backend: a tantivy index beside the database, written by the task worker only.

The same bigram token stream as the database backend (whitespace-separated), so the same
documents match; tantivy ranks the top results without scoring every match, and counts facets
with aggregations over its fast fields. Each document also stores what its hit shows (title, url,
text for the snippet), so a search reads its page from the index alone and the database only
checks that each hit's source is still public.
"""

import os
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter
from pathlib import Path

import tantivy
from django.conf import settings

from xxgk.core.searchtext import bigram_stream, term_tokens

from .base import FACETS, Found, shown_fields

_LOCK = threading.RLock()
_INDEXES: dict[str, tantivy.Index] = {}
_WRITERS: dict[str, tantivy.IndexWriter] = {}
_LOADED: dict[str, tuple] = {}  # per index: the meta.json version its searcher reflects
TEXT_FACETS = ("kind", "subject", "validity")
# Bumped when the schema changes: each format has its own directory, filled by `xxgk search reindex`.
INDEX_FORMAT = 3
TITLE_BOOST = 20.0  # a title match ranks above body-only matches
# The exact phrase (several terms written together, as typed) ranks above the same terms apart.
PHRASE_BOOSTS = (("title", 4 * TITLE_BOOST), ("body", 4 * TITLE_BOOST))
# Facets are counted while the page is ranked: tantivy releases the GIL in both passes, so on two cores a
# search takes about the longer of the two instead of their sum (one pool per process, shared by threads).
_COUNTING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="xxgk-facets")


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_unsigned_field("doc_id", stored=True, indexed=True, fast=True)
    b.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    b.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    for name in TEXT_FACETS:
        b.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    # item_id: the catalogue item behind a document (0 for other sources), read from the fast field so a
    # search sends the items' public check before it reads the stored fields.
    for name in ("agency_id", "art20_category", "year", "published", "item_id"):
        b.add_unsigned_field(name, indexed=True, fast=True)
    b.add_float_field("boost", fast=True)
    b.add_bytes_field("shown", stored=True)
    return b.build()


SCHEMA = _schema()


def _path() -> str:
    path = os.path.join(settings.XXGK_SEARCH_INDEX_DIR, f"v{INDEX_FORMAT}")
    if path not in _INDEXES:
        Path(path).mkdir(parents=True, exist_ok=True)
    return path


def _index() -> tantivy.Index:
    path = _path()
    with _LOCK:
        if path not in _INDEXES:
            _INDEXES[path] = tantivy.Index(SCHEMA, path=path, reuse=True)
        return _INDEXES[path]


def _writer() -> tantivy.IndexWriter:
    path = _path()
    with _LOCK:
        if path not in _WRITERS:
            _WRITERS[path] = _index().writer(heap_size=128_000_000, num_threads=1)
        return _WRITERS[path]


def _write(action) -> None:
    """Run `action(writer)`; a writer killed by an earlier error is replaced once, so one failure does not
    leave the worker unable to index until it restarts."""
    try:
        action(_writer())
    except ValueError:
        with _LOCK:
            _WRITERS.pop(_path(), None)
        action(_writer())


def _boost(document) -> float:
    # weight_by_field multiplies scores by log2(2 + boost): valid and recent documents get a mild lift
    # (recency as the year's distance from 2000, so the preference needs no re-indexing as years pass).
    valid = 0.3 if document.validity in ("", "valid") else 0.0
    return valid + min(max(document.published_on.year - 2000, 0), 50) / 100


def store(document, body_norm: str) -> None:
    """Add (replace) a document; visible to searches after flush()."""
    remove(document)
    doc = _document(document, body_norm)
    _write(lambda writer: writer.add_document(doc))


def store_many(pairs: list) -> None:
    """Add many documents not yet in the index (a rebuild's batch): (document, body_norm) pairs."""
    docs = [_document(document, body_norm) for document, body_norm in pairs]

    def add(writer):
        for doc in docs:
            writer.add_document(doc)
    _write(add)


def _document(document, body_norm: str) -> tantivy.Document:
    # from_dict types each value by the schema (a bare Document would send the ids as signed integers).
    return tantivy.Document.from_dict(dict(
        doc_id=document.pk, title=bigram_stream(document.title_norm), body=bigram_stream(body_norm),
        kind=document.kind, subject=document.subject or "", validity=document.validity or "",
        agency_id=document.agency_id or 0, art20_category=document.art20_category or 0, year=document.year,
        published=document.published_on.toordinal(), item_id=_item_id(document.key), boost=float(_boost(document)),
        shown=shown_fields(document)), SCHEMA)


def _item_id(key: str) -> int:
    prefix, _, pk = key.partition(":")
    return int(pk) if prefix == "item" else 0


def remove(document) -> None:
    _write(lambda writer: writer.delete_documents_by_query(tantivy.Query.term_query(SCHEMA, "doc_id", document.pk)))


def reset() -> None:
    """Empty the index before a full rebuild."""
    _write(lambda writer: writer.delete_all_documents())


def flush() -> None:
    """Commit what was written and make it visible."""
    _write(lambda writer: writer.commit())  # the next search sees the new meta.json and reloads


def _term_query(term: str) -> tantivy.Query:
    tokens, prefix = term_tokens(term)
    clauses = []
    for field, boost in (("title", TITLE_BOOST), ("body", 1.0)):
        if prefix:
            q = tantivy.Query.regex_query(SCHEMA, field, re.escape(tokens[0]) + ".*")
        elif len(tokens) == 1:
            q = tantivy.Query.term_query(SCHEMA, field, tokens[0], index_option="position")
        else:
            q = tantivy.Query.phrase_query(SCHEMA, field, tokens)
        clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, boost) if boost != 1.0 else q))
    return tantivy.Query.boolean_query(clauses)


def _filter_query(facet: str, value) -> tantivy.Query:
    if facet in TEXT_FACETS:
        return tantivy.Query.term_query(SCHEMA, facet, str(value))
    return tantivy.Query.term_query(SCHEMA, facet, int(value or 0))


def _phrase_query(terms: list[str]) -> tantivy.Query | None:
    """Return a scoring-only clause for the terms written together as typed (the exact phrase), if several."""
    if len(terms) < 2:
        return None
    tokens, _ = term_tokens("".join(terms))
    clauses = [(tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.phrase_query(SCHEMA, field, tokens),
                                                                boost)) for field, boost in PHRASE_BOOSTS]
    return tantivy.Query.boolean_query(clauses)


def _query(terms: list[str], active: dict, *, ranked: bool = False) -> tantivy.Query:
    clauses = [(tantivy.Occur.Must, _term_query(t)) for t in terms]
    clauses += [(tantivy.Occur.Must, _filter_query(f, v)) for f, v in active.items()]
    phrase = _phrase_query(terms) if ranked else None
    if phrase is not None:  # adds to the score only: the matches stay those holding every term
        clauses.append((tantivy.Occur.Should, phrase))
    return tantivy.Query.boolean_query(clauses)


def _searcher() -> tantivy.Searcher:
    """Return a searcher over the last commit, reloading only when the worker has committed since
    (a stat of meta.json costs microseconds, a reload about a tenth of a millisecond). Each commit
    replaces meta.json by a rename, so its inode, time and size together tell a new commit apart;
    tantivy's own watcher reloads on commit as well."""
    index = _index()
    path = _path()
    try:
        meta = os.stat(os.path.join(path, "meta.json"))
        changed = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
    except FileNotFoundError:
        changed = ()
    if _LOADED.get(path) != changed:
        index.reload()
        _LOADED[path] = changed
    return index.searcher()


def matching_ids(terms: list[str]) -> set[int]:
    searcher = _searcher()
    result = searcher.search(_query(terms, {}), limit=max(searcher.num_docs, 1), count=False)
    return {searcher.doc(address)["doc_id"][0] for _, address in result.hits}


def _aggregate(searcher, query, facets: tuple[str, ...]) -> dict[str, Counter]:
    spec = {f: {"terms": {"field": f, "size": 1000}} for f in facets}
    raw = searcher.aggregate(query, spec)
    out = {}
    for f in facets:
        # Mapped in C: this runs in the counting thread, and every Python step of it waits for the GIL the
        # page's own work holds (a common word's facets hold a hundred and more values).
        buckets = raw.get(f, {}).get("buckets", [])
        keys = map(itemgetter("key"), buckets)
        counts = map(itemgetter("doc_count"), buckets)
        counter = Counter(dict(zip(keys if f in TEXT_FACETS else map(int, keys), counts, strict=True)))
        if f in ("agency_id", "art20_category") and 0 in counter:  # 0 stands for none in a u64 field
            counter[None] = counter.pop(0)
        out[f] = counter
    return out


def find(terms: list[str], active: dict, *, sort: str, offset: int, limit: int, this_year: int) -> Found:
    """Return the total, facet counts (each under every other filter; reading them waits for the counting)
    and one page of ids, best first."""
    searcher = _searcher()
    query = _query(terms, active)
    shared = tuple(f for f in FACETS if f not in active)
    # A facet ignores its own filter, so the other values stay visible: one aggregation per active filter.
    countings = [(query, shared)] if shared else []
    countings += [(_query(terms, {f: v for f, v in active.items() if f != facet}), (facet,)) for facet in active]
    counted = [_COUNTING.submit(_aggregate, searcher, q, facets) for q, facets in countings]
    if sort == "date":
        result = searcher.search(query, limit=limit, offset=offset, count=True, order_by_field="published")
    else:
        result = searcher.search(_query(terms, active, ranked=True), limit=limit, offset=offset, count=True,
                                 weight_by_field="boost")
    addresses = [address for _, address in result.hits]
    ids = searcher.fast_field_values("doc_id", addresses)

    def shown() -> dict[int, bytes]:  # read when first asked for: the caller's public check travels meanwhile
        return {pk: searcher.doc(address)["shown"][0] for pk, address in zip(ids, addresses, strict=True)}
    # The counts arrive as they finish.
    return Found(total=result.count, facets=counted, ids=ids, shown=shown,
                 item_ids=searcher.fast_field_values("item_id", addresses))
