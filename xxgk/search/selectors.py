"""The search every interface uses: classified, faceted, ranked, highlighted, checked against the record."""

import html
import re
import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import neg

from django.conf import settings
from django.utils import timezone

from xxgk.core.searchtext import query_terms, written_pattern

from .backends import backend
from .backends.base import FACETS, unpack_shown
from .models import KINDS, SearchDocument
from .public_check import public_source_sql, send_public_check

PAGE_SIZE = 20
SNIPPET_CHARS = 120
LEAD_CHARS = SNIPPET_CHARS // 3  # the excerpt starts this many characters before the term


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the results to; every facet except the one being counted applies to its counts."""

    kind: str = ""
    agency_id: int | None = None
    subject: str = ""
    art20_category: int | None = None
    year: int | None = None
    validity: str = ""

    def items(self) -> dict:
        return {f: getattr(self, f) for f in FACETS if getattr(self, f) not in ("", None)}


@dataclass(slots=True)  # twenty per page: slots make each cheaper to build
class Hit:
    id: int
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: str
    agency: str
    published_on: date

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "title": self.title, "url": self.url, "snippet": self.snippet}


@dataclass
class Results:
    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    page: int = 1
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return max((self.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)

    def as_dict(self) -> dict:
        return {"total": self.total, "facets": self.facets, "hits": [h.as_dict() for h in self.hits]}


_YEAR: list = [0, 0.0, 0.0, ""]  # the local year, the POSIX seconds it spans [start, end), the time zone


def this_year() -> int:
    """Return the current year in the local time zone (the year's bounds kept: each search asks)."""
    now, (year, start, end, zone) = time.time(), _YEAR
    if not (start <= now < end and zone == settings.TIME_ZONE):
        local = timezone.localtime()
        year, zone = local.year, settings.TIME_ZONE
        start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
        end = local.replace(year=year + 1, month=1, day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
        _YEAR[:] = [year, start, end, zone]
    return year


def agency_names(needed=()) -> dict[int, str]:
    """Return every agency's name by id, kept like the agency pickers (agency_memo) and re-read at once
    when one of `needed` is unknown (one query)."""
    from xxgk.agencies.models import Agency
    from xxgk.agencies.selectors import agency_memo

    return agency_memo("names", lambda: dict(Agency.objects.values_list("pk", "name")),
                       fresh=lambda names: all(n in names for n in needed if n))


@lru_cache(maxsize=1)
def _vocab_labels() -> dict[str, dict]:
    """Return the fixed facets' value labels as plain strings (built once: the vocabularies are constants)."""
    from xxgk.catalog.vocab import VALIDITY

    return {"kind": {k: str(v) for k, v in KINDS}, "validity": {k: str(v) for k, v in VALIDITY}}


def _labelled(facets: dict, names: dict[int, str]) -> dict:
    """Return each facet's values, most frequent first (equal counts by value), labelled for people."""
    labels = {**_vocab_labels(), "agency_id": names}
    out = {}
    for facet, counter in facets.items():
        known = labels.get(facet)
        if "" in counter or None in counter:  # no value: not offered as a choice
            counter = {v: c for v, c in counter.items() if v not in ("", None)}
        # One sort of (-count, value) pairs built in C: a common word's facets hold a hundred and more values.
        ordered = sorted(zip(map(neg, counter.values()), counter, strict=True))
        if known is None:  # the values are their own labels (subjects, years)
            entries = [{"value": v, "label": str(v), "count": -n} for n, v in ordered]
        else:
            entries = [{"value": v, "label": known.get(v) or str(v), "count": -n} for n, v in ordered]
        out["agency" if facet == "agency_id" else facet] = entries
    return out


def _documents(ids: list[int]) -> dict[int, tuple]:
    """Return (key, kind, title, url, text, agency_id, published_on, public) of the hits by id, in one plain
    query; public says whether the hit's source is public now (None for a key no source has).

    Plain SQL because this runs on every search and the ORM's query building cost more than the query;
    the public check rides along to save a round trip.
    """
    from django.db import connection

    if not ids:
        return {}
    marks = ",".join(["%s"] * len(ids))
    public, params = public_source_sql("d.key")
    with connection.cursor() as cursor:
        cursor.execute("SELECT d.id, d.key, d.kind, d.title, d.url, d.text, d.agency_id, d.published_on, "
                       f"{public} FROM search_searchdocument d WHERE d.id IN ({marks})", [*params, *ids])
        rows = cursor.fetchall()
    return {row[0]: (*row[1:7], date.fromisoformat(row[7]) if isinstance(row[7], str) else row[7],
                     None if row[8] is None else bool(row[8])) for row in rows}


def matching_keys(query: str) -> set[str]:
    """Return the keys of every indexed document containing each term of `query` (for checks and benchmarks)."""
    terms = query_terms(query)
    if not terms:
        return set()
    ids = backend().matching_ids(terms)
    return set(SearchDocument.objects.filter(pk__in=ids).values_list("key", flat=True))


def term_pattern(terms: list[str]) -> re.Pattern:
    """Return a regex finding any term in a text as written (every form that normalises to it)."""
    return _term_pattern(tuple(terms))


@lru_cache(maxsize=256)  # a portal's queries repeat: building the pattern's text costs more than using it
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern:
    # One group around it all, so split() hands back the matches; the forms hold upper case: no IGNORECASE.
    return re.compile(f"({written_pattern(list(terms))})")


def _marked(excerpt: str, pattern: re.Pattern) -> str:
    """HTML-escape an excerpt and wrap every match of `pattern` in <mark>."""
    # Most excerpts need no escaping (five scans in C cost less than one regex search): split in C,
    # the matches at odd places.
    if not ("&" in excerpt or "<" in excerpt or ">" in excerpt or '"' in excerpt or "'" in excerpt):
        parts = pattern.split(excerpt)
        parts[1::2] = [f"<mark>{m}</mark>" for m in parts[1::2]]
        return "".join(parts)
    out, last = [], 0
    for m in pattern.finditer(excerpt):
        out += [html.escape(excerpt[last:m.start()]), "<mark>", html.escape(m.group(0)), "</mark>"]
        last = m.end()
    return "".join([*out, html.escape(excerpt[last:])])


def snippet(text: str | bytes, terms: list[str], pattern: re.Pattern | None = None,
            encoded: list[bytes] | None = None) -> str:
    """Return an HTML-escaped excerpt around the first term found verbatim, else the first found in any
    written form (the text's start when only the title matched), with each term in <mark>; `text` may
    be UTF-8 bytes (the same excerpt, decoding only its window; `encoded`: the terms in UTF-8, if at hand)."""
    pattern = pattern or term_pattern(terms)
    if isinstance(text, bytes):
        window = _byte_window(text, encoded or [t.encode() for t in terms])
        if window is None:  # no term verbatim: the written forms are searched in the decoded text
            return snippet(text.decode(), terms, pattern)
        before, excerpt, after = window
    else:
        # Most terms appear verbatim, and str.find scans in C; the regex (every written form) is the fallback.
        verbatim = [at for at in (text.find(t) for t in terms) if at >= 0]
        if verbatim:
            found = min(verbatim)
        else:
            written = pattern.search(text)
            found = written.start() if written else None
        begin = max(found - LEAD_CHARS, 0) if found is not None else 0
        before, excerpt, after = begin > 0, text[begin:begin + SNIPPET_CHARS], begin + SNIPPET_CHARS < len(text)
    marked = _marked(excerpt.replace("\n", " "), pattern)
    return ("…" + marked if before else marked) + ("…" if after else "")


def _byte_window(raw: bytes, encoded: list[bytes]) -> tuple[bool, str, bool] | None:
    """Return (text before it?, the excerpt, text after it?) around the first of the UTF-8 terms `encoded`
    found verbatim in UTF-8 `raw`, as snippet() cuts it from the decoded text; None when none is there.

    UTF-8 is self-synchronising, so a term's bytes are found only at a character boundary. Each side is
    decoded from a slice of 3 bytes a character (Chinese) and, only when that falls short, of 4 (the
    widest, which always holds the characters wanted); a character cut at a slice's far edge is dropped.
    """
    found = -1
    for term in encoded:
        # After the first find, only an earlier start matters: the scan stops where one would end.
        at = raw.find(term) if found < 0 else raw.find(term, 0, found - 1 + len(term))
        if at >= 0:
            found = at
    if found < 0:
        return None
    # Inline rather than a helper per side: this runs for every hit of every search.
    start = max(found - 3 * (LEAD_CHARS + 1), 0)
    head = raw[start:found].decode(errors="ignore")
    if len(head) <= LEAD_CHARS and start > 0:
        start = max(found - 4 * (LEAD_CHARS + 1), 0)
        head = raw[start:found].decode(errors="ignore")
    lead = head[-LEAD_CHARS:] if head else ""
    need = SNIPPET_CHARS - len(lead)
    end = found + 3 * (need + 1)
    tail = raw[found:end].decode(errors="ignore")
    if len(tail) <= need and end < len(raw):
        end = found + 4 * (need + 1)
        tail = raw[found:end].decode(errors="ignore")
    return start > 0 or len(head) > LEAD_CHARS, lead + tail[:need], len(tail) > need or end < len(raw)


def search(query: str, *, filters: Filters = Filters(), page: int = 1, sort: str = "relevance",
           today: date | None = None) -> Results:
    """Return one page of results with facet counts; every hit is re-checked against the public record."""
    terms = query_terms(query)
    results = Results(query=query, page=max(page, 1), sort=sort)
    if not terms:
        return results
    found = backend().find(terms, filters.items(), sort=sort, offset=(results.page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                           this_year=today.year if today else this_year())
    if found.stores_shown:
        # The public check is sent before the stored fields are read: it travels while they are fetched
        # and cut into snippets (see sent_query); every other query waits until it is answered. Items are
        # checked by their own id, other sources through their index entry's key.
        item_ids = found.item_ids
        checking = send_public_check([pk for pk in item_ids if pk],
                                     [pk for pk, item in zip(found.ids, item_ids, strict=True) if not item])
    else:
        documents, checking = _documents(found.ids), None
    try:
        if checking is not None:
            shown = found.shown
            rows = ((pk, unpack_shown(shown[pk])) for pk in found.ids if pk in shown)
        else:
            rows = ((pk, documents[pk][:7]) for pk in found.ids if pk in documents)
        # (An index entry whose row is gone is skipped.) Positional fields and the terms encoded once:
        # this loop runs for every hit of every search.
        labels, pattern, encoded = _vocab_labels()["kind"], term_pattern(terms), [t.encode() for t in terms]
        candidates = []
        for pk, (key, kind, title, url, text, agency_id, published_on) in rows:
            candidates.append((key, agency_id, Hit(pk, kind, labels[kind], title, url,
                                                   snippet(text, terms, pattern, encoded), "", published_on)))
        # A backend still counting the facets (in a thread that releases the GIL) has finished meanwhile.
        facets = found.facets
    finally:
        checked = checking() if checking is not None else None
    if checked is not None:
        public_items, public_documents = checked
        public = {f"item:{pk}" for pk in public_items} | {key for key, _, hit in candidates
                                                           if hit.id in public_documents}
    else:  # _documents' query decided it
        public = {key for key, _, hit in candidates if documents[hit.id][7]}
    names = agency_names([*(agency_id for _, agency_id, _ in candidates), *facets.get("agency_id", ())])
    stale = []
    for key, agency_id, hit in candidates:
        if key not in public:  # withdrawn since it was indexed: never shown, re-indexed by the worker
            stale.append(key)
            continue
        hit.agency = names.get(agency_id, "")
        results.hits.append(hit)
    results.total = found.total
    results.facets = _labelled(facets, names)
    if stale:
        from .signals import queue_index

        queue_index(stale)
    return results
