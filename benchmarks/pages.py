#!/usr/bin/env python3
"""Pages under load: requests per second and p50/p95/p99 latency of the item detail, catalogue list (first
and a deep keyset page), search results and case inbox pages under concurrent connections from a second
process, against a trivial view (/healthz) on the same server with the same workers; the web workers'
resident memory after each round (it must not grow across rounds); then the anonymous pages again from a
server using the shared page cache (`*_cached`). Target ratio ≥ 0.5.

    benchmarks/pages.py --database sqlite|postgresql --n 100000 [--cases N] [--connections 32] [--seconds 10]
                        [--rounds 2] [--cache-url redis://127.0.0.1:6379/0 | --cache-url ''] [--reuse [--prepare-only]]
"""

import argparse
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, emit, note, percentile, settle, setup_django  # noqa: E402

XXGK = str(ROOT / ".venv" / "bin" / "xxgk")


def load(port: int, path: str, connections: int, seconds: float, cookie: str = "") -> tuple[float, list[float], int]:
    """Run `connections` keep-alive clients against one path; return (requests/s, latencies in ms, errors)."""
    latencies, errors, stop = [], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def one():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=one) for _ in range(connections)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.monotonic() - began), latencies, errors[0]


def workers_rss_mb(master: int) -> float:
    """Resident memory of the server's worker processes (children of the gunicorn master)."""
    total = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                    total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, ValueError):
                pass
    return total / 1e6


_TENTHS: dict[str, int] = {}


def every_tenth(label: str, done: int, total: int) -> None:
    """Note progress each time `done` reaches a further tenth of `total` (at 1M, generating takes an hour)."""
    tenth = done * 10 // max(total, 1)
    if tenth > _TENTHS.get(label, 0):
        _TENTHS[label] = tenth
        note(f"{time.strftime('%H:%M:%S')} {label} {done}/{total}")


def report(name, args, rps, lat, base_rps, base_lat, errors) -> None:
    emit(f"pages.{name}.rps", args.database, args.n, rps, "req/s", base_rps)
    for p in (50, 95, 99):
        emit(f"pages.{name}.p{p}_ms", args.database, args.n, percentile(lat, p), "ms", percentile(base_lat, p))
    if errors:
        note(f"{name}: {errors} errors")


def start_server(env: dict, log_path: Path) -> tuple[subprocess.Popen, int]:
    """Start `xxgk serve` (2 workers × 8 threads) on a free port and wait for /healthz."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(log_path, "w")
    server = subprocess.Popen([XXGK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "8"],
                              env=env, stdout=log, stderr=log, start_new_session=True)
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.5)
    return server, port


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def sign_in(port: int) -> str:
    """Sign the benchmark's 经办人 in; return the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/workspace/login/")
    response = conn.getresponse()
    body = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    cookies = {c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0] for c in response.headers.get_all("Set-Cookie")}
    form = f"username=bench_handler&password=correct-horse-battery-9&csrfmiddlewaretoken={csrf}"
    conn.request("POST", "/workspace/login/", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                       "Cookie": f"csrftoken={cookies['csrftoken']}"})
    response = conn.getresponse()
    response.read()
    return [c for c in response.headers.get_all("Set-Cookie") if c.startswith("sessionid=")][0].split(";")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/0",
                        help="Also measure anonymous pages served from this shared cache ('' to skip).")
    parser.add_argument("--cases", type=int, help="cases to generate (default: as many as --n items)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the generated data and search index for the next run with --reuse (and use "
                             "the last ones): at 1M, generating and indexing take hours")
    parser.add_argument("--prepare-only", action="store_true",
                        help="with --reuse: generate and index the data, then stop without measuring (so two "
                             "databases can be prepared at once and measured one after the other)")
    args = parser.parse_args()
    if args.prepare_only and not args.reuse:
        parser.error("--prepare-only keeps its data only with --reuse")
    cases = args.n if args.cases is None else args.cases
    scratch = setup_django(args.database, f"pages_{args.n}_{cases}", reuse=args.reuse)
    from django.conf import settings
    from django.utils import timezone

    from xxgk.agencies.models import Agency, Membership, User
    from xxgk.cases.models import Case
    from xxgk.catalog.models import Item
    from xxgk.demo.generate import generate
    from xxgk.search.services import search_reindex

    settings.XXGK_SEARCH_BACKEND = "tantivy"
    handler = User.objects.filter(username="bench_handler").first()
    if args.reuse and handler is not None:  # a finished run left its data, index and user
        note(f"[{args.database} n={args.n}] reusing the data of the last run")
    else:
        if args.reuse and Item.objects.count() == args.n and Case.objects.count() == cases:
            note(f"[{args.database} n={args.n}] the data was generated; indexing it")  # an earlier run stopped here
            root_id = Agency.objects.filter(parent__isnull=True).order_by("pk").values_list("pk", flat=True)[0]
        elif Item.objects.exists():
            raise SystemExit("the kept database holds part of a run (it stopped while generating): "
                             "run once without --reuse")
        else:
            note(f"[{args.database} n={args.n}] generating…")
            root_id = generate(agencies=max(args.n // 1000, 10), items=args.n, cases=cases, seed=3,
                               progress=lambda phase, done, total: every_tenth(f"{args.database} {phase}", done,
                                                                               total))["root_id"]
        search_reindex(at=timezone.now(),
                       progress=lambda done, total: every_tenth(f"{args.database} index", done, total))
        settle()
        root = Agency.objects.get(pk=root_id)
        handler = User.objects.create_user(username="bench_handler", password="correct-horse-battery-9")
        Membership.objects.create(user=handler, agency=root, role="handler", created_at=timezone.now())
    if args.prepare_only:
        note(f"[{args.database} n={args.n}] data ready in {scratch}")
        return 0
    item = Item.objects.order_by("pk").first()
    public = Item.objects.filter(published_revision__isnull=False).exclude(status="withdrawn")
    middle = public.order_by("-published_on", "-id")[public.count() // 2]  # once, to aim the deep page
    pages = {"item_detail": f"/gk/catalog/{quote(item.index_number)}/", "catalogue_list": "/gk/catalog/",
             "catalogue_deep_page": f"/gk/catalog/?older={middle.published_on}.{middle.pk}",
             "search": "/gk/search/?q=" + quote("公开 管理"), "case_inbox": "/workspace/cases/"}
    env = dict(os.environ, XXGK_SEARCH_BACKEND="tantivy", XXGK_STAFF_2FA="0", XXGK_CACHE_URL="")
    server, port = start_server(env, scratch / "server.log")
    try:
        session = sign_in(port)
        memory = []
        for round_no in range(args.rounds):
            base_rps, base_lat, _ = load(port, "/healthz", args.connections, args.seconds)
            for name, path in pages.items():
                rps, lat, errors = load(port, path, args.connections, args.seconds,
                                        session if name == "case_inbox" else "")
                if round_no == args.rounds - 1:
                    report(name, args, rps, lat, base_rps, base_lat, errors)
            memory.append(workers_rss_mb(server.pid))
        emit("pages.workers_rss_mb", args.database, args.n, memory[-1], "MB", memory[0])
        note(json.dumps({"rss_by_round_mb": [round(m, 1) for m in memory]}))
    finally:
        stop_server(server)
    if args.cache_url:  # the same anonymous pages from the shared page cache (a province's setting)
        env.update(XXGK_CACHE_URL=args.cache_url, XXGK_CACHE_PREFIX=f"bench-{os.getpid()}-{time.time_ns()}")
        server, port = start_server(env, scratch / "server-cached.log")
        try:
            base_rps, base_lat, _ = load(port, "/healthz", args.connections, args.seconds)
            for name, path in pages.items():
                if name != "case_inbox":  # staff pages are never cached
                    rps, lat, errors = load(port, path, args.connections, args.seconds)
                    report(f"{name}_cached", args, rps, lat, base_rps, base_lat, errors)
        finally:
            stop_server(server)
    if not args.reuse:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
