"""The search every interface uses: classified, faceted, ranked, highlighted, checked against the record."""

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from xxgk.core.searchtext import query_terms

from . import engine
from .documents import public_keys
from .models import KINDS, SearchDocument

FACETS = ("kind", "agency_id", "subject", "art20_category", "year", "validity")
PAGE_SIZE = 20
SNIPPET_CHARS = 120


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


@dataclass
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


def _matches(terms: list[str]) -> tuple[str, list, str]:
    """Return (WITH clause, params, JOIN clause) selecting documents that contain every term."""
    ctes, params, joins = [], [], []
    for n, term in enumerate(terms):
        sql, p = engine.term_match(term)
        ctes.append(f"t{n} AS ({sql})")
        params += p
        joins.append(f"JOIN t{n} ON t{n}.doc = d.id")
    return "WITH " + ", ".join(ctes), params, " ".join(joins)


def _facet_counts(terms: list[str], filters: Filters) -> tuple[int, dict]:
    """Count matches per facet value, each facet under every other active filter; return (total, facets)."""
    with_sql, params, joins = _matches(terms)
    cols = ", ".join(f"d.{f}" for f in FACETS)
    with connection.cursor() as cursor:
        cursor.execute(f"{with_sql} SELECT {cols}, COUNT(*) FROM search_searchdocument d {joins} GROUP BY {cols}", params)
        combos = cursor.fetchall()
    active = filters.items()
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


def _labelled(facets: dict[str, Counter]) -> dict:
    from xxgk.agencies.models import Agency
    from xxgk.catalog.vocab import VALIDITY

    agencies = dict(Agency.objects.filter(pk__in=[k for k in facets["agency_id"] if k]).values_list("pk", "name"))
    labels = {"kind": dict(KINDS), "agency_id": agencies, "validity": dict(VALIDITY)}
    out = {}
    for facet, counter in facets.items():
        name = "agency" if facet == "agency_id" else facet
        out[name] = [{"value": v, "label": str(labels.get(facet, {}).get(v, v)), "count": c}
                     for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))) if v not in ("", None)]
    return out


def _page_ids(terms: list[str], filters: Filters, *, sort: str, offset: int, limit: int, this_year: int) -> list[int]:
    with_sql, params, joins = _matches(terms)
    where, where_params = [], []
    for facet, value in filters.items().items():
        where.append(f"d.{facet} = %s")
        where_params.append(value)
    title_hit = " AND ".join(engine.title_contains("%s") for _ in terms)
    relevance = " + ".join(f"t{n}.r" for n in range(len(terms)))
    # Title matches first; then relevance with a mild preference for valid and recent documents.
    score = (f"({relevance}) * (CASE WHEN d.validity IN ('', 'valid') THEN 1.2 ELSE 1.0 END)"
             f" * (1.0 + 0.3 / (1 + ABS(%s - d.year)))")
    order = ("d.published_on DESC, d.id DESC" if sort == "date"
             else f"CASE WHEN {title_hit} THEN 0 ELSE 1 END, {score} DESC, d.published_on DESC, d.id DESC")
    order_params = [] if sort == "date" else [*terms, this_year]
    sql = (f"{with_sql} SELECT d.id FROM search_searchdocument d {joins}"
           f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order} LIMIT %s OFFSET %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, params + where_params + order_params + [limit, offset])
        return [row[0] for row in cursor.fetchall()]


def matching_keys(query: str) -> set[str]:
    """Return the keys of every indexed document containing each term of `query` (for checks and benchmarks)."""
    terms = query_terms(query)
    if not terms:
        return set()
    with_sql, params, joins = _matches(terms)
    with connection.cursor() as cursor:
        cursor.execute(f"{with_sql} SELECT d.key FROM search_searchdocument d {joins}", params)
        return {row[0] for row in cursor.fetchall()}


def snippet(text: str, terms: list[str]) -> str:
    """Return an HTML-escaped excerpt around the first term found, with each term in <mark>."""
    folded = unicodedata.normalize("NFKC", text).lower()
    position = next((folded.find(t) for t in terms if folded.find(t) >= 0), 0)
    start = max(position - SNIPPET_CHARS // 3, 0)
    excerpt = html.escape(folded[start:start + SNIPPET_CHARS].replace("\n", " "))
    for term in sorted(terms, key=len, reverse=True):
        excerpt = re.sub(re.escape(html.escape(term)), lambda m: f"<mark>{m.group(0)}</mark>", excerpt)
    return ("…" if start else "") + excerpt + ("…" if start + SNIPPET_CHARS < len(folded) else "")


def search(query: str, *, filters: Filters = Filters(), page: int = 1, sort: str = "relevance",
           today: date | None = None) -> Results:
    """Return one page of results with facet counts; every hit is re-checked against the public record."""
    terms = query_terms(query)
    results = Results(query=query, page=max(page, 1), sort=sort)
    if not terms:
        return results
    total, facets = _facet_counts(terms, filters)
    results.total, results.facets = total, _labelled(facets)
    ids = _page_ids(terms, filters, sort=sort, offset=(results.page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                    this_year=(today or date.today()).year)
    documents = SearchDocument.objects.select_related("agency").in_bulk(ids)
    public = public_keys([d.key for d in documents.values()])
    labels = dict(KINDS)
    stale = []
    for pk in ids:
        d = documents[pk]
        if d.key not in public:  # withdrawn since it was indexed: never shown, re-indexed by the worker
            stale.append(d.key)
            continue
        results.hits.append(Hit(id=d.pk, kind=d.kind, kind_label=labels[d.kind], title=d.title, url=d.url,
                                snippet=snippet(d.text, terms), agency=d.agency.name if d.agency else "",
                                published_on=d.published_on))
    if stale:
        from .signals import queue_index

        queue_index(stale)
    return results
