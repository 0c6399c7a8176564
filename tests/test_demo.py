"""The deterministic demo of the seed district."""

import pytest
from django.core.management import call_command

from xxgk.agencies.models import Agency, Applicant, Membership, User
from xxgk.core.credit_code import is_valid_credit_code
from xxgk.demo import agencies as data
from xxgk.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_demo_district_shape():
    load_demo()
    gov = Agency.objects.get(name="西工区人民政府")
    assert gov.parent is None
    subdistricts = Agency.objects.filter(parent=gov, kind="township")
    assert subdistricts.count() == 9 and subdistricts.filter(name__contains="金谷园街道办事处").exists()
    shorts = set(Agency.objects.filter(parent=gov, kind="department").values_list("short_name", flat=True))
    assert {"区财政局", "区文化旅游局", "消防大队"} <= shorts
    assert all(is_valid_credit_code(c) for c in Agency.objects.values_list("credit_code", flat=True))
    assert set(Membership.objects.values_list("role", flat=True)) == {
        "handler", "reviewer", "approver", "supervisor", "sysadmin"}
    assert set(Applicant.objects.values_list("kind", flat=True)) == {"natural", "legal"}


def test_demo_is_deterministic_and_idempotent(capsys):
    call_command("demo", "--no-serve")
    first = list(Agency.objects.order_by("path").values_list("name", "credit_code", "path"))
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "演示数据已存在" in out and "admin" in out and data.DEMO_PASSWORD in out
    assert list(Agency.objects.order_by("path").values_list("name", "credit_code", "path")) == first
    assert User.objects.count() == len(data.STAFF) + len(data.APPLICANTS)


def test_demo_logins_work(client):
    load_demo()
    for username, _, _, _ in data.STAFF:
        response = client.post("/workspace/login/", {"username": username, "password": data.DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/workspace/", username
        assert client.get("/workspace/").status_code == 200
        client.post("/workspace/logout/")
