#!/usr/bin/env python3
"""Search at scale: index build time and size, query latency through the service vs the raw engine vs a
LIKE scan, and recall against substring ground truth.

    benchmarks/search.py --database sqlite|postgresql --n 100000 [--backend database|tantivy] [--queries 300] [--reuse]
                         [--data pages_1000000_1000000 [--keep-index]]

`--data` times the queries over the data (and with `--keep-index`, the tantivy index) a `benchmarks/pages.py
--reuse` run left, so a 1M search measurement need not generate and index 1M documents a second time.

Synthetic documents (300–3000 characters from jieba's vocabulary) come from `xxgk demo generate`.
Every figure is printed as a JSON line with its baseline from the same run (benchmarks/common.py).
"""

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, note, percentile, settle, setup_django  # noqa: E402

COMMON = ("公开", "工作", "管理", "发展", "建设", "服务", "企业", "国家", "社会", "经济")
LIKE_QUERIES = 30  # a LIKE scan takes seconds per query at 100k; a sample gives its percentiles


def make_queries(count: int, seed: int) -> list[tuple[str, dict]]:
    """Return (query, filters) pairs: common words, rare words, phrases from documents, 2–4 terms, with facets."""
    from xxgk.catalog.models import Item
    from xxgk.core.searchtext import normalize
    from xxgk.demo.generate import vocabulary
    from xxgk.search.documents import plain

    rng = random.Random(seed)
    words = vocabulary()
    rare = [w for w in words[len(words) * 2 // 3:] if len(w) >= 2]
    texts = [plain(b) for b in Item.objects.order_by("pk").values_list("body", flat=True)[:200]]
    queries = []
    for i in range(count):
        shape = i % 5
        if shape == 0:
            q = rng.choice(COMMON)
        elif shape == 1:
            q = rng.choice(rare)
        elif shape == 2:
            text = normalize(rng.choice(texts))
            start = rng.randrange(max(len(text) - 10, 1))
            q = text[start:start + rng.randint(4, 8)]
        else:
            q = " ".join(rng.choice((rng.choice(COMMON), rng.choice(words[:3000]), rng.choice(rare)))
                         for _ in range(rng.randint(2, 4)))
        filters = {}
        if i % 4 == 3:
            filters = rng.choice(({"year": 2023}, {"kind": "policy"}, {"validity": "valid"}))
        queries.append((q, filters))
    return queries


def timed(fn, *args, **kwargs) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def like_scan(terms: list[str], filters: dict) -> None:
    """The baseline a site without a search engine has: substring scans over every document."""
    from django.db import connection

    where = " AND ".join("(title_norm LIKE %s OR text LIKE %s)" for _ in terms)
    params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    for facet, value in filters.items():
        where += f" AND {facet} = %s"
        params.append(value)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM search_searchdocument WHERE {where}", params)
        cursor.fetchall()
        cursor.execute(f"SELECT id FROM search_searchdocument WHERE {where} ORDER BY published_on DESC LIMIT 20",
                       params)
        cursor.fetchall()


def index_size_mb(backend_name: str, scratch: Path) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        if backend_name == "tantivy":
            base = 0
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%'")
            base = cursor.fetchone()[0] or 0
        else:
            cursor.execute("SELECT pg_total_relation_size('search_searchchunk')")
            base = cursor.fetchone()[0]
    if backend_name == "tantivy":  # the current format's directory only: a kept dir may hold older ones
        from xxgk.search.backends import tantivy_index

        base = sum(f.stat().st_size for f in Path(tantivy_index._path()).rglob("*") if f.is_file())
    return base / 1e6


def copy_baseline_seconds() -> float:
    """Time to copy the documents' text into a plain table: what storing it costs with no index at all."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("CREATE TABLE bench_plain AS SELECT id, title, text FROM search_searchdocument")
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_plain")
    return elapsed


def raw_text_mb() -> float:
    from xxgk.search.models import SearchDocument

    return sum(len(t.encode()) for t in SearchDocument.objects.values_list("text", flat=True).iterator()) / 1e6


def recall(queries) -> tuple[float, int, int]:
    """Return (recall, matches expected, unexpected matches) of the index against a brute-force substring search."""
    from xxgk.core.searchtext import normalize, query_terms
    from xxgk.search.models import SearchDocument
    from xxgk.search.selectors import matching_keys

    corpus = [(key, normalize(title), normalize(text)) for key, title, text in
              SearchDocument.objects.values_list("key", "title", "text").iterator()]
    expected = found = extra = 0
    for q, _ in queries:
        terms = query_terms(q)
        truth = {key for key, title, text in corpus if all(t in title or t in text for t in terms)}
        got = matching_keys(q)
        expected += len(truth)
        found += len(truth & got)
        extra += len(got - truth)
    return (found / expected if expected else 1.0), expected, extra


def engine_query(q: str, filters: dict):
    """The raw engine query of the first page: the top 20 with their stored fields, the total and the
    facet counts (both read, so a backend still counting or reading them lazily is waited for)."""
    from xxgk.core.searchtext import query_terms
    from xxgk.search.backends import backend
    from xxgk.search.selectors import Filters

    found = backend().find(query_terms(q), Filters(**filters).items(), sort="relevance", offset=0, limit=20,
                           this_year=2026)
    # The stored fields first, then the counts: the page is read while the counting runs, as the service
    # does (the other order reads them only after the counting, and the engine would look slower).
    found.shown, found.facets  # noqa: B018 -- a lazy backend reads its stored fields; waits for the counting
    return found


def bench_backend(name: str, database: str, n: int, scratch: Path, queries, *, rebuild: bool = True) -> None:
    from django.conf import settings
    from django.utils import timezone

    from xxgk.core.searchtext import query_terms
    from xxgk.search.selectors import Filters, search
    from xxgk.search.services import search_reindex

    settings.XXGK_SEARCH_BACKEND = name
    if rebuild:
        note(f"[{database} n={n} {name}] building the index…")
        started = time.perf_counter()
        indexed = search_reindex(at=timezone.now())
        build = time.perf_counter() - started
        emit(f"search.{name}.index_build_s", database, n, build, "s", copy_baseline_seconds())
        emit(f"search.{name}.index_size_mb", database, n, index_size_mb(name, scratch), "MB", raw_text_mb())
        note(f"[{database} n={n} {name}] {indexed} documents indexed in {build:.1f} s; querying…")
    else:
        from xxgk.search.models import SearchDocument

        if not SearchDocument.objects.exists():
            raise SystemExit("--keep-index: the kept data has no index yet (run once without it)")
        note(f"[{database} n={n} {name}] querying the kept index (build time and size not measured)…")
    for q, f in queries:  # warm cache: each query once, so neither side pays for the other's first reads
        search(q, filters=Filters(**f))
    service, engine = [], []
    for i, (q, f) in enumerate(queries):
        def through_engine(q=q, f=f):
            return engine_query(q, f)
        if i % 2:  # alternate which goes first
            engine.append(timed(through_engine))
            service.append(timed(search, q, filters=Filters(**f)))
        else:
            service.append(timed(search, q, filters=Filters(**f)))
            engine.append(timed(through_engine))
    for p in (50, 95, 99):
        emit(f"search.{name}.service_p{p}_ms", database, n, percentile(service, p), "ms", percentile(engine, p))
    sample = queries[:: max(len(queries) // LIKE_QUERIES, 1)][:LIKE_QUERIES]
    if n <= 100_000:  # at 1M a LIKE scan takes minutes per query
        like = [timed(like_scan, query_terms(q), f) for q, f in sample]
        engine_sample = [timed(engine_query, q, f) for q, f in sample]
        for p in (50, 95):
            emit(f"search.{name}.engine_vs_like_p{p}_ms", database, n, percentile(engine_sample, p), "ms",
                 percentile(like, p))
    if n <= 10_000:
        value, expected, extra = recall(queries)
        emit(f"search.{name}.recall", database, n, value, "fraction", 1.0)
        note(f"[{database} n={n} {name}] recall over {len(queries)} queries: {expected} expected matches, "
             f"{extra} unexpected")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--backend", choices=["database", "tantivy"], action="append",
                        help="search backend (repeatable; default both)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the generated documents for the next run with --reuse (and use the last ones)")
    parser.add_argument("--data", help="use the kept data of another benchmark run (e.g. pages_1000000_1000000; "
                                       "implies --reuse)")
    parser.add_argument("--keep-index", action="store_true",
                        help="tantivy: query the index that data already has (build time and size not measured)")
    args = parser.parse_args()
    args.reuse = args.reuse or bool(args.data)
    scratch = setup_django(args.database, args.data or f"search_{args.n}", reuse=args.reuse)
    try:
        from xxgk.catalog.models import Item
        from xxgk.demo.generate import generate

        held = Item.objects.count()
        if args.data and held < args.n:
            raise SystemExit(f"the kept data {args.data} holds {held} items, not {args.n}")
        if args.reuse and held >= args.n:
            note(f"[{args.database} n={args.n}] reusing the documents of the last run")
        elif held:
            raise SystemExit(f"the kept database holds {held} of {args.n} documents (a run stopped while "
                             "generating): run once without --reuse")
        else:
            note(f"[{args.database} n={args.n}] generating documents…")
            generate(agencies=max(args.n // 1000, 10), items=args.n, cases=0, seed=args.seed)
            settle()
        queries = make_queries(args.queries, args.seed)
        for name in args.backend or ["database", "tantivy"]:
            bench_backend(name, args.database, args.n, scratch, queries,
                          rebuild=not (args.keep_index and name == "tantivy"))
    finally:
        if not args.reuse:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
