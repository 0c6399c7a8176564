"""Staff two-factor sign-in: 审核人, 负责人, 公开办 and 系统管理员 need a TOTP code; 经办人 and applicants do not."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from xxgk.platform.models import AuditEvent


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.XXGK_STAFF_2FA = True


def _sign_in(client, username):
    response = client.post("/workspace/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client.get("/workspace/")


def _code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.mark.parametrize("username", ["reviewer_x", "approver_x", "supervisor_x", "sysadmin"])
def test_guarded_roles_enrol_then_get_in(client, world, username):
    response = _sign_in(client, username)
    assert response.status_code == 302 and response["Location"].startswith("/workspace/second-factor/")
    page = client.get(response["Location"])
    assert "扫描下面的二维码" in page.content.decode() and "<svg" in page.content.decode()
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page.content.decode()).group(1)
    device = TOTPDevice.objects.get(user=world.users[username])
    assert not device.confirmed and len(secret) >= 16
    # API and admin are held too, not only pages.
    assert client.get("/api/v1/cases").status_code == 401
    wrong = client.post("/workspace/second-factor/", {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 401 and "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # as if the user waited out the delay django-otp sets after a failure
    ok = client.post("/workspace/second-factor/", {"code": _code(device), "next": "/workspace/"})
    assert ok.status_code == 302 and ok["Location"] == "/workspace/"
    assert client.get("/workspace/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    actions = set(AuditEvent.objects.filter(actor=world.users[username]).values_list("action", flat=True))
    assert {"otp.failed", "otp.enrolled"} <= actions


def test_enrolled_users_give_a_code_at_every_sign_in(client, world):
    user = world.users["approver_x"]
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    response = _sign_in(client, "approver_x")
    assert response["Location"].startswith("/workspace/second-factor/")
    page = client.get(response["Location"]).content.decode()
    assert "二维码" not in page  # the secret is shown only while enrolling
    assert client.post("/workspace/second-factor/", {"code": _code(device)}).status_code == 302
    assert client.get("/workspace/").status_code == 200
    assert AuditEvent.objects.filter(actor=user, action="otp.verified").exists()


def test_a_used_code_cannot_be_replayed(client, world):
    user = world.users["reviewer_x"]
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    _sign_in(client, "reviewer_x")
    code = _code(device)
    assert client.post("/workspace/second-factor/", {"code": code}).status_code == 302
    client.post("/workspace/logout/")
    _sign_in(client, "reviewer_x")
    assert client.post("/workspace/second-factor/", {"code": code}).status_code in (401, 429)


def test_repeated_wrong_codes_are_throttled(client, world):
    user = world.users["supervisor_x"]
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    _sign_in(client, "supervisor_x")
    bad = "000000" if _code(device) != "000000" else "111111"
    for _ in range(3):
        client.post("/workspace/second-factor/", {"code": bad})
    response = client.post("/workspace/second-factor/", {"code": _code(device)})
    assert response.status_code == 429 and "请稍候再试" in response.content.decode()
    assert client.get("/workspace/").status_code == 302  # still held


@pytest.mark.parametrize("username", ["handler_x", "applicant_a"])
def test_handlers_and_applicants_need_no_code(client, world, username):
    client.post("/workspace/login/", {"username": username, "password": PASSWORD})
    response = client.get("/workspace/" if username == "handler_x" else "/accounts/me/")
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=world.users[username]).exists()


def test_an_open_redirect_is_refused(client, world):
    device = TOTPDevice.objects.create(user=world.users["reviewer_x"], name="身份验证器", confirmed=True)
    _sign_in(client, "reviewer_x")
    response = client.post("/workspace/second-factor/", {"code": _code(device), "next": "//evil.example/"})
    assert response["Location"] == "/workspace/"
