"""The search every interface uses: classified, faceted, ranked, highlighted, checked against the record."""

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from xxgk.core.searchtext import query_terms

from .backends import backend
from .backends.base import FACETS
from .documents import public_keys
from .models import KINDS, SearchDocument

PAGE_SIZE = 20
SNIPPET_CHARS = 120
SNIPPET_WINDOW = 1000


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


def _labelled(facets: dict) -> dict:
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


def matching_keys(query: str) -> set[str]:
    """Return the keys of every indexed document containing each term of `query` (for checks and benchmarks)."""
    terms = query_terms(query)
    if not terms:
        return set()
    ids = backend().matching_ids(terms)
    return set(SearchDocument.objects.filter(pk__in=ids).values_list("key", flat=True))


def _locate(text: str, terms: list[str], fold) -> tuple[int, str, int] | None:
    """Return (window start, window as folded, first term position in it) of the first window holding a term."""
    for start in range(0, len(text), SNIPPET_WINDOW):
        window = fold(text[start:start + SNIPPET_WINDOW + SNIPPET_CHARS])
        found = [i for i in (window.find(t) for t in terms) if i >= 0]
        if found:
            return start, window, min(found)
    return None


def snippet(text: str, terms: list[str]) -> str:
    """Return an HTML-escaped excerpt around the first term found, with each term in <mark>."""
    # The text as stored, lower-cased, finds most terms; NFKC folding (slow on long texts) only when it does not.
    located = (_locate(text, terms, str.lower)
               or _locate(text, terms, lambda t: unicodedata.normalize("NFKC", t).lower())
               or (0, text[:SNIPPET_WINDOW + SNIPPET_CHARS].lower(), 0))
    start, window, position = located
    begin = max(position - SNIPPET_CHARS // 3, 0)
    excerpt = html.escape(window[begin:begin + SNIPPET_CHARS].replace("\n", " "))
    for term in sorted(terms, key=len, reverse=True):
        excerpt = re.sub(re.escape(html.escape(term)), lambda m: f"<mark>{m.group(0)}</mark>", excerpt)
    more = begin + SNIPPET_CHARS < len(window) or start + SNIPPET_WINDOW + SNIPPET_CHARS < len(text)
    return ("…" if start + begin else "") + excerpt + ("…" if more else "")


def search(query: str, *, filters: Filters = Filters(), page: int = 1, sort: str = "relevance",
           today: date | None = None) -> Results:
    """Return one page of results with facet counts; every hit is re-checked against the public record."""
    terms = query_terms(query)
    results = Results(query=query, page=max(page, 1), sort=sort)
    if not terms:
        return results
    found = backend().find(terms, filters.items(), sort=sort, offset=(results.page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                           this_year=(today or date.today()).year)
    results.total, results.facets = found.total, _labelled(found.facets)
    ids = found.ids
    documents = SearchDocument.objects.select_related("agency").in_bulk(ids)
    ids = [pk for pk in ids if pk in documents]  # an index entry whose row is gone is skipped
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
