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


def test_demo_interaction_record_gives_the_seed_figures(client):
    """The seed: 120 letters (100% 办结), 12 interviews, 9 WeChat accounts (4 closed), 3300 posts, 225/157."""
    from datetime import date

    from xxgk.interaction.models import Consultation, Message
    from xxgk.interaction.selectors import interviews_in_year, message_stats
    from xxgk.monitoring.selectors import accounts_summary, channel_checks, submission_counts
    from xxgk.reports.selectors import build_report

    today = date(2026, 11, 20)
    load_demo(today=today)
    gov = Agency.objects.get(name="西工区人民政府")
    stats = message_stats(gov, 2020)
    letters = Message.objects.filter(box__agency=gov, received_on__year=2020)
    assert stats.received == letters.count() == 120
    assert stats.answered_in_time == sum(m.answered_in_time for m in letters) == 120
    assert stats.completion_rate == 100.0
    assert set(letters.values_list("box__name", flat=True)) == {"市长信箱", "连线政府", "区长信箱"}
    assert letters.exclude(agency=gov).exists()  # some were handed down or transferred
    assert interviews_in_year(gov, 2020).count() == 12
    consultation = Consultation.objects.get()
    assert consultation.feedback_published_on and consultation.comments.filter(adopted=False).exclude(
        not_adopted_reason="").count() == consultation.comments.filter(adopted=False).count() > 0
    accounts = accounts_summary(gov, 2020)
    assert accounts["active"] == 9 and len(accounts["closed"]) == 4 and accounts["posts"] == 3300
    assert {"区财政局", "区文化旅游局", "消防大队", "金谷园街道"} == set(accounts["closed"])
    assert submission_counts(gov, 2020) == {"submitted": 225, "used": 157, "pending": 0}
    states = {c.label: c.state for c in channel_checks(today=today)}
    assert states["凯旋东路街道"] == "stale" and states["王城路街道"] == "warning" and states["西工发布"] == "ok"
    s1 = build_report(gov, 2020).narrative["s1"]
    assert "留言120件" in s1 and "办结率100%" in s1 and "访谈12次" in s1 and "报送信息225条，采用157条" in s1
    home = client.get("/").content.decode()
    assert "进入政务服务网" in home and "企业开办" in home  # the seed's missing 政务服务网 module


def test_demo_items_name_the_wechat_account_they_went_out_on():
    from xxgk.catalog.models import Item

    load_demo()
    on_wechat = Item.objects.filter(title="西工区脱贫攻坚惠民政策问答").get()
    assert [c.name for c in on_wechat.outlets.all()] == ["西工发布"] and "wechat" in on_wechat.channels
