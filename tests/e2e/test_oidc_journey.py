"""统一身份认证: sign in through a real OIDC provider (django-oauth-toolkit) started on 127.0.0.1, in Chromium."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings
from django.utils import timezone

from tests.factories import AgencyFactory, StaffFactory
from xxgk.agencies.models import Applicant
from xxgk.identity.models import ExternalIdentity
from xxgk.identity.services import UNKNOWN_STAFF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
CLAIMS = {
    "citizen": {"name": "陈九", "phone_number": "13900001111", "phone_number_verified": True},
    "staffer": {"name": "周经办", "xxgk_staff": True},
    "stranger": {"name": "未关联人员", "xxgk_staff": True},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(tmp_path, live_server):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    env = {**os.environ, "PROVIDER_DB": str(tmp_path / "provider.sqlite3"), "PROVIDER_KEY": str(tmp_path / "key.pem"),
           "PROVIDER_CLAIMS": json.dumps(CLAIMS), "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings"}
    setup = subprocess.run([sys.executable, "-m", "tests.oidc_provider.setup_provider", "xxgk-client", "xxgk-secret",
                            f"{live_server.url}/oidc/callback/", f"{live_server.url}/"],
                           env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    subjects = json.loads(setup.stdout.strip().splitlines()[-1])
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "tests.oidc_provider.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    base = f"http://127.0.0.1:{port}/o"
    try:
        with override_settings(
            XXGK_OIDC_ISSUER=base, XXGK_OIDC_ENABLED=True, OIDC_OP_AUTHORIZATION_ENDPOINT=f"{base}/authorize/",
            OIDC_OP_TOKEN_ENDPOINT=f"{base}/token/", OIDC_OP_USER_ENDPOINT=f"{base}/userinfo/",
            OIDC_OP_JWKS_ENDPOINT=f"{base}/.well-known/jwks.json", XXGK_OIDC_END_SESSION_ENDPOINT=f"{base}/logout/",
            OIDC_RP_CLIENT_ID="xxgk-client", OIDC_RP_CLIENT_SECRET="xxgk-secret",
            XXGK_OIDC_CLAIMS={"link": "phone_number", "link_verified": "phone_number_verified", "staff": "xxgk_staff"},
        ):
            yield subjects
    finally:
        server.terminate()
        server.wait(timeout=10)


def _sign_in(page, username: str) -> None:
    page.goto("/workspace/login/")
    with page.expect_navigation():
        page.get_by_role("link", name="统一身份认证登录").click()
    page.get_by_label("账号").fill(username)
    page.get_by_label("口令").fill("provider-pass-1")
    page.get_by_role("button", name="登录认证平台").click()


def test_citizen_signs_in_through_the_provider_and_signs_out_of_both(page, provider):
    _sign_in(page, "citizen")
    page.wait_for_url("**/accounts/me/")
    applicant = Applicant.objects.get(name="陈九")
    assert applicant.phone == "13900001111" and not applicant.user.has_usable_password()
    link = ExternalIdentity.objects.get(user=applicant.user)
    assert link.subject == provider["citizen"] and link.linked_by == "created"
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(lambda url: "/o/" not in url and url.rstrip("/").count("/") == 2, timeout=20000)
    page.goto("/accounts/me/")
    assert "/workspace/login/" in page.url  # signed out here
    # The provider's session ended too: starting again asks for the provider's login form.
    page.goto("/oidc/authenticate/")
    page.wait_for_selector("text=统一身份认证平台（测试）")
    assert page.get_by_label("账号").count() == 1


def test_linked_staff_lands_with_their_roles_and_unknown_staff_is_refused(page, provider):
    agency = AgencyFactory(name="测试区人民政府", kind="government")
    staff = StaffFactory(username="zhou_jingban", agency=agency, role="handler")
    from django.conf import settings

    ExternalIdentity.objects.create(user=staff, issuer=settings.XXGK_OIDC_ISSUER, subject=provider["staffer"],
                                    linked_at=timezone.now(), linked_by="admin:test")
    _sign_in(page, "staffer")
    page.wait_for_url("**/workspace/")
    assert page.get_by_role("heading", name="待办").count() == 1
    assert "测试区人民政府（经办人）" in page.content()  # the role comes from xxgk, not the provider
    page.context.clear_cookies()
    _sign_in(page, "stranger")
    page.wait_for_url("**/workspace/login/**")
    assert UNKNOWN_STAFF in page.content()
    assert not Applicant.objects.filter(name="未关联人员").exists()
