#!/usr/bin/env python3
"""Scale-out run: two web processes and a worker on one PostgreSQL, Redis for cache and sessions (127.0.0.1).

    tests/reliability/scale_out.py --database-url postgres://…/db_with_the_demo [--redis redis://127.0.0.1:6379/0]

Starts two independent `xxgk serve` processes (A and B, as behind a load balancer) and one
`xxgk worker` against a database that holds the demo, and shows:
  1. a session started on A is valid on B (sessions in Redis, written through to the database);
  2. an anonymous page cached on B is invalidated when a change is made through A;
  3. a task queued by A (the receipt mail of an application) is done by the worker exactly once.
Prints one JSON line of findings; exits 1 when a check fails. Called by .ci/run.
"""

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from load_crash import XXGK, free_port  # same directory: the scripts share their server helpers

ROOT = Path(__file__).resolve().parents[2]


class Browser:
    """A tiny HTTP client that keeps cookies across servers, as one browser behind a load balancer does."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None, json_body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body, headers["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body), "application/json"
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.getheaders()), text


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html).group(1)


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Browser().request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"web process on port {port} did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"xxgk-scale-{uuid.uuid4().hex[:8]}"
    scratch.mkdir()
    env = dict(os.environ, XXGK_DATABASE_URL=args.database_url, XXGK_CACHE_URL=args.redis,
               XXGK_CACHE_PREFIX=f"scale-{uuid.uuid4().hex[:8]}", XXGK_VAR_DIR=str(scratch),
               DJANGO_SETTINGS_MODULE="config.settings.dev", XXGK_STAFF_2FA="0")
    os.environ.update(env)
    ports = {"A": free_port(), "B": free_port()}
    log = open(scratch / "servers.log", "a")
    processes = [subprocess.Popen([XXGK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
                                  env=env, stdout=log, stderr=log, start_new_session=True) for port in ports.values()]
    processes.append(subprocess.Popen([XXGK, "worker", "--interval", "0.2"], env=env, stdout=log, stderr=log,
                                      start_new_session=True))
    findings, failures = {}, []
    try:
        for port in ports.values():
            wait_until_up(port)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        findings.update(check_session(ports, failures))
        findings["queue_drained_s"] = wait_for_idle_queue()
        findings.update(check_cache(ports, failures))
        findings.update(check_task_once(ports, failures))
    finally:
        for proc in processes:  # each in its own session: the signal reaches every process it started
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in processes:
            proc.wait(timeout=30)
    findings["failures"] = failures
    print(json.dumps(findings, ensure_ascii=False), flush=True)
    if failures:
        print((scratch / "servers.log").read_text(errors="replace")[-4000:], file=sys.stderr)
    return 1 if failures else 0


def sign_in(browser: Browser, port: int, username: str) -> int:
    from xxgk.demo.agencies import DEMO_PASSWORD

    _, _, page = browser.request(port, "GET", "/workspace/login/")
    status, _, _ = browser.request(port, "POST", "/workspace/login/", form={
        "username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf_token(page)})
    return status


def check_session(ports, failures) -> dict:
    from django.conf import settings

    browser = Browser()
    signed_in = sign_in(browser, ports["A"], "fuze")
    status_b, _, page_b = browser.request(ports["B"], "GET", "/workspace/")
    ok = signed_in == 302 and status_b == 200 and "孙负责" in page_b
    if not ok:
        failures.append(f"session from A not valid on B (login {signed_in}, B answered {status_b})")
    if "cached_db" not in settings.SESSION_ENGINE:
        failures.append(f"sessions are not in the shared cache: {settings.SESSION_ENGINE}")
    return {"session_shared": ok, "session_engine": settings.SESSION_ENGINE}


def wait_for_idle_queue(limit: float = 180) -> float:
    """Wait until the worker has done every task due (the demo's backlog of index updates), return seconds.

    Each finished index batch changes what the portal shows, so it rightly empties the page cache; the
    cache check below is about a steady portal, not one the worker is still re-indexing.
    """
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    while time.monotonic() - started < limit and (DBTaskResult.objects.ready().exists()
                                                  or DBTaskResult.objects.running().exists()):
        time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def check_cache(ports, failures) -> dict:
    from xxgk.agencies.models import Agency
    from xxgk.catalog.models import Item

    government = Agency.objects.filter(parent__isnull=True).first()
    item = Item.objects.filter(agency=government, status="published").order_by("id").first()
    url = f"/gk/catalog/{item.index_number}/"
    visitor = Browser()
    first = visitor.request(ports["B"], "GET", url)[1].get("X-Page-Cache")
    second = visitor.request(ports["B"], "GET", url)[1].get("X-Page-Cache")
    staff = Browser()
    sign_in(staff, ports["A"], "fuze")
    _, _, detail = staff.request(ports["A"], "GET", f"/workspace/items/{item.pk}/")
    status, _, _ = staff.request(ports["A"], "POST", f"/workspace/items/{item.pk}/withdraw/",
                                 form={"reason": "扩容演练：撤回后页面应立即更新", "csrfmiddlewaretoken": csrf_token(detail)})
    after_status, after_headers, after = visitor.request(ports["B"], "GET", url)
    invalidated = after_headers.get("X-Page-Cache") == "miss" and "扩容演练" in after
    if (first, second) != ("miss", "hit"):
        failures.append(f"page on B not cached: {first}, {second}")
    if status != 302 or not invalidated:
        failures.append(f"withdrawal through A (HTTP {status}) did not invalidate B's cached page "
                        f"(HTTP {after_status}, {after_headers.get('X-Page-Cache')})")
    return {"cache_on_b": [first, second], "withdrawn_via_a": status, "b_after_change": after_headers.get("X-Page-Cache"),
            "cache_invalidated_across_processes": invalidated}


def check_task_once(ports, failures) -> dict:
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from xxgk.agencies.models import Agency

    agency = Agency.objects.filter(parent__isnull=True).first()
    token = uuid.uuid4().hex[:10]
    status, _, body = Browser().request(ports["A"], "POST", "/api/v1/cases", json_body={
        "agency": agency.credit_code, "applicant_kind": "natural", "applicant_name": "张三", "id_type": "resident_id",
        "id_number": "11010519491231002X", "phone": "13800000000", "email": f"scale-{token}@example.cn",
        "title": f"扩容演练申请 {token}"})
    number = json.loads(body).get("number") if status == 201 else None
    deadline = time.monotonic() + 60
    tasks = DBTaskResult.objects.filter(task_path__endswith="send_notification_email",
                                        args_kwargs__kwargs__to=[f"scale-{token}@example.cn"])
    while time.monotonic() < deadline and not tasks.filter(status="SUCCESSFUL").exists():
        time.sleep(0.5)
    time.sleep(2)  # a second run, if any, would show now
    statuses = list(tasks.values_list("status", flat=True))
    mail_dir = Path(settings.EMAIL_FILE_PATH)
    mails = sum(f"scale-{token}@" in f.read_text(errors="replace") for f in mail_dir.glob("*") if f.is_file())
    ok = number is not None and statuses == ["SUCCESSFUL"] and mails == 1
    if not ok:
        failures.append(f"task from A not done exactly once: HTTP {status}, tasks {statuses}, mails {mails}")
    return {"application_via_a": number, "mail_tasks": statuses, "mails_sent": mails}


if __name__ == "__main__":
    sys.exit(main())
