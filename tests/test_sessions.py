"""Session hardening: a new session key at login, and staff signed out after the idle limit (applicants not)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from xxgk.platform.models import AuditEvent


def _age_session(client, seconds: int) -> None:
    session = client.session
    session["xxgk_last_seen"] -= seconds
    session.save()


def test_login_rotates_the_session_key(client, world):
    client.get(reverse("workspace:login"))
    client.cookies["sessionid"] = "attacker-chosen-key"
    client.post(reverse("workspace:login"), {"username": "handler_x", "password": PASSWORD})
    assert client.cookies["sessionid"].value not in ("", "attacker-chosen-key")


def test_idle_staff_are_signed_out_and_it_is_audited(client, world, settings):
    settings.XXGK_STAFF_IDLE_SECONDS = 1800
    client.force_login(world.users["handler_x"])
    assert client.get("/workspace/").status_code == 200
    _age_session(client, 1700)
    assert client.get("/workspace/").status_code == 200  # within the limit: still signed in
    _age_session(client, 1801)
    response = client.get("/workspace/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("workspace:login"))
    assert AuditEvent.objects.filter(action="auth.idle_timeout", actor=world.users["handler_x"]).exists()
    assert client.get("/workspace/").status_code == 302  # the session is gone, not just this response


def test_idle_staff_api_calls_get_401_in_chinese(client, world, settings):
    client.force_login(world.users["handler_x"])
    client.get("/workspace/")
    _age_session(client, settings.XXGK_STAFF_IDLE_SECONDS + 5)
    response = client.get("/api/v1/cases")
    assert response.status_code == 401 and "重新登录" in response.json()["detail"]


@pytest.mark.django_db
def test_applicants_keep_their_session_when_idle(client, world, settings):
    client.force_login(world.users["applicant_a"])
    client.get("/gk/")
    session = client.session
    session["xxgk_last_seen"] = 0  # long ago; only staff are held to the idle limit
    session.save()
    assert "_auth_user_id" in client.session
    client.get("/gk/")
    assert "_auth_user_id" in client.session
