"""Shared benchmark plumbing: a scratch database per run, percentiles, and the one-JSON-line-per-figure output."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BASE = os.environ.get("XXGK_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def setup_django(database: str, name: str, *, reuse: bool = False) -> Path:
    """Point Django at a fresh scratch database (`sqlite` or `postgresql`), migrate it, return a scratch dir.

    With `reuse`, the database of the last run of the same name is kept (a fixed scratch dir and
    database name), so a benchmark can skip generating data it already holds.
    """
    if reuse:  # one kept dir per database: a PostgreSQL run's search index must not meet a SQLite run's
        scratch = Path(tempfile.gettempdir()) / f"xxgk-bench-{name}-{database}"
        scratch.mkdir(exist_ok=True)
    else:
        scratch = Path(tempfile.mkdtemp(prefix=f"xxgk-bench-{name}-"))
    if database == "sqlite":
        url = f"sqlite:///{scratch / 'bench.sqlite3'}"
    else:
        db = f"xxgk_bench_{name}"
        exists = subprocess.run(["psql", f"{PG_BASE}/postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"],
                                check=True, capture_output=True, text=True).stdout.strip() == "1"
        if not (reuse and exists):
            for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
                subprocess.run(["psql", f"{PG_BASE}/postgres", "-qc", sql], check=True)
        url = f"{PG_BASE}/{db}"
    os.environ.update(XXGK_DATABASE_URL=url, XXGK_VAR_DIR=str(scratch), DJANGO_SETTINGS_MODULE="config.settings.dev",
                      XXGK_SEARCH_INDEX_DIR=str(scratch / "search-index"))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return scratch


def settle() -> None:
    """After a bulk load, do what autovacuum does on a live PostgreSQL site (visibility map, planner
    statistics), so the measured plans are the ones a site gets: index-only scans, real row counts."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # outside any transaction: VACUUM cannot run in one
            cursor.execute("VACUUM ANALYZE")


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(int(round(p / 100 * len(ordered) + 0.5)) - 1, len(ordered) - 1)]


def emit(name: str, database: str, n: int, value: float, unit: str, baseline: float) -> dict:
    """Print one figure as a JSON line: its value, the baseline measured in the same run, and their ratio."""
    line = {"name": name, "database": database, "n": n, "value": round(value, 4), "unit": unit,
            "baseline": round(baseline, 4), "ratio": round(value / baseline, 4) if baseline else None}
    print(json.dumps(line, ensure_ascii=False), flush=True)
    return line


def note(text: str) -> None:
    """Progress for people, on stderr so stdout stays JSON lines."""
    print(text, file=sys.stderr, flush=True)


def best_of(repeat: int, fn) -> float:
    """Return the fastest of `repeat` timed calls of `fn`, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)
