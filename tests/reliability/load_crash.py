#!/usr/bin/env python3
"""Load, crash and database-restart run against real servers on 127.0.0.1 (called by .ci/run).

    tests/reliability/load_crash.py --database sqlite|postgresql [--clients 200] [--seconds 60]

Loads the demo into a scratch database, starts `xxgk serve` and `xxgk worker`, and runs `--clients`
concurrent clients that submit applications and letters through the API while others browse and
search. Along the way it kills the web server and the worker with SIGKILL and starts them again,
and (PostgreSQL) restarts the database. Then it checks: no errors outside the outage windows,
every acknowledged submission stored exactly once, numbers unique and gap-free, no task lost,
the database intact. Prints its figures; exits 1 when a check fails.
"""

import argparse
import glob
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
XXGK = str(ROOT / ".venv" / "bin" / "xxgk")
PG_BASE = os.environ.get("XXGK_CI_PG", "postgres://postgres@127.0.0.1:5432")
BROWSE = ("/", "/gk/catalog/", "/gk/search/?q=" + quote("公开"), "/gk/search/?q=" + quote("预算 决算"),
          "/gk/interaction/", "/gk/reports/")
ID_NUMBERS = ("11010519491231002X", "410303199001011231", "410302198506120010")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    """The web server and the worker, each in its own process group so SIGKILL reaches every process."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.web = self.worker = None

    def start(self) -> None:
        out = open(self.log, "a")
        self.web = subprocess.Popen([XXGK, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
                                     "--threads", "16"], env=self.env, stdout=out, stderr=out, start_new_session=True)
        self.worker = subprocess.Popen([XXGK, "worker", "--interval", "0.2"], env=self.env, stdout=out, stderr=out,
                                       start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("web server did not start")

    def kill(self) -> None:
        for proc in (self.web, self.worker):
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def stop(self) -> None:
        for proc in (self.web, self.worker):
            if proc and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent = Counter()
        self.errors: list[tuple[float, str]] = []
        self.acknowledged: list[tuple[str, str, str]] = []  # (kind, token, number)

    def record(self, kind: str, ok: bool, detail: str = "", ack=None) -> None:
        with self.lock:
            self.sent[kind] += 1
            if not ok:
                self.errors.append((time.monotonic(), f"{kind}: {detail}"))
            if ack:
                self.acknowledged.append(ack)


def client(n: int, port: int, stop: threading.Event, stats: Stats, agencies: list[str], boxes: list[int]) -> None:
    rng = random.Random(n)
    source = f"127.0.0.{2 + n % 250}"  # each client its own address, as real visitors have (flood limits)
    letters = 0
    while not stop.is_set():
        roll = rng.random()
        kind = "application" if roll < 0.35 else "letter" if roll < 0.45 and letters < 4 else "browse"
        token = f"L{n}-{rng.randrange(10**9)}"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
            if kind == "application":
                body = {"agency": rng.choice(agencies), "applicant_kind": "natural", "applicant_name": "张三",
                        "id_type": "resident_id", "id_number": rng.choice(ID_NUMBERS), "phone": "13800000000",
                        "email": "zhangsan@example.cn", "title": f"2020年预算执行情况 {token}"}
                conn.request("POST", "/api/v1/cases", json.dumps(body), {"Content-Type": "application/json"})
            elif kind == "letter":
                letters += 1
                body = {"writer_name": "王小明", "contact": f"139{n:04d}{letters:04d}", "subject": f"路灯不亮 {token}",
                        "body": "我家门口的路灯坏了，请尽快修理。"}
                conn.request("POST", f"/api/v1/boxes/{rng.choice(boxes)}/messages", json.dumps(body),
                             {"Content-Type": "application/json"})
            else:
                conn.request("GET", rng.choice(BROWSE))
            response = conn.getresponse()
            data = response.read()
            ok = response.status in (200, 201)
            ack = None
            if ok and kind != "browse":
                ack = (kind, token, json.loads(data)["number"])
            stats.record(kind, ok, f"HTTP {response.status}", ack)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            stats.record(kind, False, exc.__class__.__name__)
            time.sleep(0.2)  # the server is down: do not spin
        finally:
            conn.close()
        time.sleep(rng.random() * 0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="xxgk-load-"))
    if args.database == "sqlite":
        url = f"sqlite:///{scratch / 'load.sqlite3'}"
    else:
        for sql in ("DROP DATABASE IF EXISTS xxgk_load", "CREATE DATABASE xxgk_load"):
            subprocess.run(["psql", f"{PG_BASE}/postgres", "-qc", sql], check=True)
        url = f"{PG_BASE}/xxgk_load"
    env = dict(os.environ, XXGK_DATABASE_URL=url, XXGK_VAR_DIR=str(scratch), DJANGO_SETTINGS_MODULE="config.settings.dev",
               XXGK_TASK_STALE_SECONDS="5", XXGK_STAFF_2FA="0")
    os.environ.update(env)
    subprocess.run([XXGK, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from xxgk.agencies.models import Agency
    from xxgk.interaction.models import MessageBox

    agencies = list(Agency.objects.filter(is_active=True).values_list("credit_code", flat=True)[:5])
    boxes = list(MessageBox.objects.filter(is_active=True).values_list("pk", flat=True))
    connection.close()

    port = free_port()
    servers = Servers(env, port, scratch / "servers.log")
    servers.start()
    stats, stop = Stats(), threading.Event()
    threads = [threading.Thread(target=client, args=(n, port, stop, stats, agencies, boxes), daemon=True)
               for n in range(args.clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    windows = []  # (from, to) monotonic times when failures are expected
    s = args.seconds
    time.sleep(s * 0.25)
    print(f"[{args.database}] kill -9 web server and worker", flush=True)
    crash_at = time.monotonic()
    servers.kill()
    time.sleep(2)
    servers.start()
    windows.append((crash_at, time.monotonic() + 1))
    time.sleep(s * 0.25)
    if args.database == "postgresql":
        cluster = sorted(os.listdir("/etc/postgresql"))[-1]
        print(f"[{args.database}] restart PostgreSQL", flush=True)
        down_at = time.monotonic()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart", "-m", "fast"],
                       check=True)
        for _ in range(60):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0:
                break
            time.sleep(0.5)
        windows.append((down_at, time.monotonic() + 2))
    time.sleep(max(started + s - time.monotonic(), 0))
    stop.set()
    for t in threads:
        t.join(timeout=60)

    # The worker finishes what was queued, including tasks interrupted by the crash.
    django.db.connections.close_all()
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and DBTaskResult.objects.exclude(status__in=("SUCCESSFUL", "FAILED")).exists():
        time.sleep(1)
    servers.stop()
    failures = check(stats, windows, agencies, DBTaskResult, args.database)
    if failures:  # show what the server said about the errors
        log = (scratch / "servers.log").read_text(errors="replace").splitlines()
        traces = [i for i, line in enumerate(log) if line.startswith("Traceback")]
        for i in traces[:3]:
            print("\n".join(log[i:i + 40]), file=sys.stderr)
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failures else 0


def check(stats: Stats, windows, agencies, DBTaskResult, database: str) -> list[str]:
    from django.db import connection

    from xxgk.cases.models import Case
    from xxgk.interaction.models import Message

    failures = []
    outside = [e for e in stats.errors if not any(a <= e[0] <= b for a, b in windows)]
    inside = len(stats.errors) - len(outside)
    acked = Counter(kind for kind, _, _ in stats.acknowledged)
    stored_cases = Counter(t.rsplit(" ", 1)[-1] for t in Case.objects.filter(title__contains=" L").values_list(
        "title", flat=True))
    stored_letters = Counter(t.rsplit(" ", 1)[-1] for t in Message.objects.filter(subject__contains=" L").values_list(
        "subject", flat=True))
    for kind, token, number in stats.acknowledged:
        stored = stored_cases if kind == "application" else stored_letters
        if stored[token] != 1:
            failures.append(f"acknowledged {kind} {number} stored {stored[token]} times")
    this_year = str(time.localtime().tm_year)
    numbers = {}
    for agency_id, number in Case.objects.filter(number__startswith=this_year).values_list("agency_id", "number"):
        year, serial = number.split("-", 1)
        numbers.setdefault((agency_id, year), []).append(int(serial))
    for key, serials in numbers.items():
        if sorted(serials) != list(range(1, len(serials) + 1)):
            failures.append(f"case numbers of agency {key[0]} in {key[1]} are not 1..{len(serials)}")
    letters = {}
    for number in Message.objects.filter(number__startswith=f"LY{this_year}").values_list("number", flat=True):
        letters.setdefault(number[2:6], []).append(int(number[6:]))
    for year, serials in letters.items():
        if sorted(serials) != list(range(1, len(serials) + 1)):
            failures.append(f"message numbers of {year} are not 1..{len(serials)}")
    tasks = Counter(DBTaskResult.objects.values_list("status", flat=True))
    if set(tasks) - {"SUCCESSFUL"}:
        failures.append(f"tasks not all done: {dict(tasks)}")
    with connection.cursor() as cursor:
        if database == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            integrity = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT count(*) FROM pg_catalog.pg_class")  # the catalogue answers
            amcheck = shutil.which("pg_amcheck") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_amcheck"))), None)
            if amcheck is None:
                integrity = "ok"  # the catalogue answered; no checker on this machine
            else:  # B-tree and heap checks of every relation of the database
                checked = subprocess.run([amcheck, "--install-missing", "-h", "127.0.0.1", "-U", "postgres", "xxgk_load"],
                                         capture_output=True, text=True)
                integrity = "ok" if checked.returncode == 0 else (checked.stdout + checked.stderr)[-500:]
    if integrity != "ok":
        failures.append(f"database integrity check: {integrity}")
    if outside:
        failures.append(f"{len(outside)} errors outside the outage windows, e.g. {outside[:3]}")
    figures = {"database": database, "requests": sum(stats.sent.values()), "by_kind": dict(stats.sent),
               "errors_outside_outages": len(outside), "errors_during_outages": inside,
               "acknowledged": dict(acked), "stored_applications": sum(stored_cases.values()),
               "stored_letters": sum(stored_letters.values()), "tasks": dict(tasks), "integrity": integrity,
               "failures": failures}
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return failures


if __name__ == "__main__":
    sys.exit(main())
