"""统一身份认证 accounts: linking rules, staff never created, password login per user kind, audit."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from xxgk.agencies.models import Applicant
from xxgk.identity.models import ExternalIdentity
from xxgk.identity.services import ExternalLoginRefused, external_identity_link, external_sign_in
from xxgk.platform.errors import Conflict, InvalidInput
from xxgk.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
AT = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
OIDC = {"XXGK_OIDC_ISSUER": "https://idp.example.cn/o",
        "XXGK_OIDC_CLAIMS": {"link": "phone_number", "link_verified": "phone_number_verified", "staff": "employee"}}


@override_settings(**OIDC)
def test_verified_claim_links_an_existing_applicant_unverified_creates_a_new_one(world):
    existing = world.users["applicant_a"].applicant
    existing.phone = "13911112222"
    existing.save()
    unverified = external_sign_in(claims={"sub": "u1", "name": "冒名者", "phone_number": "13911112222"}, at=AT)
    assert unverified != existing.user and unverified.applicant.name == "冒名者"
    # Two accounts now carry that phone: a verified claim no longer picks one, it makes a new account.
    ambiguous = external_sign_in(claims={"sub": "u0", "phone_number": "13911112222", "phone_number_verified": True},
                                 at=AT)
    assert ambiguous not in (existing.user, unverified)
    unverified.applicant.phone = ambiguous.applicant.phone = ""
    unverified.applicant.save()
    ambiguous.applicant.save()
    linked = external_sign_in(claims={"sub": "u2", "phone_number": "13911112222", "phone_number_verified": True}, at=AT)
    assert linked == existing.user
    assert ExternalIdentity.objects.get(subject="u2").linked_by == "claim:phone_number"
    assert external_sign_in(claims={"sub": "u2"}, at=AT) == existing.user  # the link is kept
    org = external_sign_in(claims={"sub": "u3", "organization": "某某科技有限公司",
                                   "credit_code": "91350100M000100Y43"}, at=AT)
    assert (org.applicant.kind, org.applicant.credit_code) == ("legal", "91350100M000100Y43")
    assert AuditEvent.objects.filter(action="login.external").count() == 5


@override_settings(**OIDC)
def test_staff_are_never_created_or_matched_by_claim_only_linked_by_the_sysadmin(world):
    handler = world.users["handler_x"]
    handler.phone = "13700000000"
    handler.save()
    before = Applicant.objects.count()
    with pytest.raises(ExternalLoginRefused, match="尚未与本平台的工作人员账号关联"):
        external_sign_in(claims={"sub": "s1", "employee": True, "phone_number": "13700000000",
                                 "phone_number_verified": True}, at=AT)
    assert Applicant.objects.count() == before
    with pytest.raises(InvalidInput, match="系统管理员"):
        external_identity_link(user=handler, subject="s1", actor=world.users["supervisor_root"], at=AT)
    external_identity_link(user=handler, subject="s1", actor=world.users["sysadmin"], at=AT)
    with pytest.raises(Conflict):
        external_identity_link(user=world.users["handler_y"], subject="s1", actor=world.users["sysadmin"], at=AT)
    assert external_sign_in(claims={"sub": "s1", "employee": True}, at=AT) == handler
    handler.is_active = False
    handler.save()
    with pytest.raises(ExternalLoginRefused, match="停用"):
        external_sign_in(claims={"sub": "s1"}, at=AT)


def test_password_login_can_be_switched_off_per_user_kind(client, world):
    from tests.factories import PASSWORD, ApplicantFactory

    ApplicantFactory(username="citizen_pw")
    form = {"username": "citizen_pw", "password": PASSWORD}
    with override_settings(XXGK_PASSWORD_LOGIN={"staff": True, "applicant": False}):
        assert client.post("/workspace/login/", form).status_code == 401
        staff = client.post("/workspace/login/", {"username": "handler_x", "password": PASSWORD})
        assert staff.status_code == 302
    client.logout()
    with override_settings(XXGK_PASSWORD_LOGIN={"staff": True, "applicant": True}):
        assert client.post("/workspace/login/", form).status_code == 302


def test_sign_in_link_only_when_a_provider_is_configured(client):
    assert "统一身份认证登录" not in client.get("/workspace/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    with override_settings(XXGK_OIDC_ENABLED=True, **OIDC, OIDC_OP_AUTHORIZATION_ENDPOINT="https://idp.example.cn/o/authorize/",
                           OIDC_RP_CLIENT_ID="xxgk"):
        assert "统一身份认证登录" in client.get("/workspace/login/").content.decode()
        start = client.get("/oidc/authenticate/")
        assert start.status_code == 302 and start.url.startswith("https://idp.example.cn/o/authorize/?")
        assert "code_challenge=" in start.url  # PKCE


@override_settings(**OIDC)
def test_sysadmin_links_a_staff_identity_in_the_admin(client, world):
    client.force_login(world.users["sysadmin"])
    response = client.post("/admin/identity/externalidentity/add/",
                           {"user": world.users["handler_x"].pk, "subject": "staff-42"})
    assert response.status_code == 302
    link = ExternalIdentity.objects.get(subject="staff-42")
    assert link.user == world.users["handler_x"] and link.linked_by == "admin:sysadmin"
    assert link.issuer == "https://idp.example.cn/o"
    assert AuditEvent.objects.filter(action="identity.link").count() == 1
