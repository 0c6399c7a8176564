"""IPv6: `xxgk serve` listens on [::1], pages and a public submission work over it, addresses are kept whole."""

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xxgk.platform.management.commands.serve import default_binds

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket(socket.AF_INET6) as s:
        s.bind(("::1", 0))
        return s.getsockname()[1]


def test_default_binds_cover_ipv4_and_ipv6_loopback():
    assert default_binds(8123) == ["127.0.0.1:8123", "[::1]:8123"]


@pytest.fixture
def ipv6_server(tmp_path):
    env = {**os.environ, "XXGK_DATABASE_URL": f"sqlite:///{tmp_path / 'v6.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "config.settings.dev", "XXGK_MEDIA_ROOT": str(tmp_path / "media")}
    xxgk = [sys.executable, "-c", "from xxgk.cli import main; main()"]
    subprocess.run([*xxgk, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=300)
    setup = ("from django.utils import timezone; from xxgk.agencies.services import agency_create, staff_user_create,"
             " membership_grant; from xxgk.interaction.services import message_box_save; now = timezone.now();"
             " gov = agency_create(name='测试区人民政府', kind='government', credit_code='11410303416300007P', at=now,"
             " actor_label='test'); u = staff_user_create(username='gkb', full_name='公开办', password='x-very-long-pass',"
             " at=now); membership_grant(user=u, agency=gov, role='supervisor', at=now);"
             " print(message_box_save(agency=gov, actor=u, at=now, name='区长信箱').pk)")
    box = subprocess.run([*xxgk, "shell", "-c", setup], env=env, cwd=ROOT, check=True, timeout=120,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen([*xxgk, "serve", "--bind", f"[::1]:{port}", "--workers", "1"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("::1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    yield port, int(box), tmp_path / "v6.sqlite3"
    server.terminate()
    server.wait(timeout=15)


def test_portal_is_served_over_ipv6(ipv6_server):
    port, box, db = ipv6_server
    conn = http.client.HTTPConnection("::1", port, timeout=30)
    conn.request("GET", "/")
    home = conn.getresponse()
    assert home.status == 200 and "政府信息公开" in home.read().decode()
    conn.request("GET", "/gk/interaction/")
    assert "区长信箱" in conn.getresponse().read().decode()
    body = json.dumps({"writer_name": "吴十", "contact": "wushi@example.cn", "subject": "建议", "body": "IPv6测试"})
    conn.request("POST", f"/api/v1/boxes/{box}/messages", body=body, headers={"Content-Type": "application/json"})
    created = conn.getresponse()
    assert created.status == 201 and json.loads(created.read())["number"].startswith("LY")
    with sqlite3.connect(db) as rows:
        assert rows.execute("SELECT ip_address FROM platform_auditevent WHERE action='message.submit'").fetchone() == (
            "::1",)
        assert rows.execute("SELECT address_hash FROM interaction_message").fetchone()[0] != ""
