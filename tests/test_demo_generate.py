"""`xxgk demo generate`: a synthetic dataset that the real services read like any other."""

import pytest
from django.core.management import call_command

from xxgk.agencies.models import Agency
from xxgk.cases.models import Case, CaseEvent
from xxgk.catalog.models import Item
from xxgk.catalog.selectors import public_content
from xxgk.core.credit_code import is_valid_credit_code
from xxgk.demo.generate import Synth
from xxgk.reports.selectors import build_report
from xxgk.search.documents import plain

pytestmark = pytest.mark.django_db


def test_generate_makes_what_it_says(capsys):
    call_command("demo", "generate", "--agencies", "4", "--items", "60", "--cases", "80", "--seed", "3")
    assert "已生成：机关4个、主动公开信息60条、依申请公开案件80件" in capsys.readouterr().out
    agencies = Agency.objects.filter(name__contains="生成数据") | Agency.objects.filter(
        parent__name__contains="生成数据")
    assert agencies.count() == 4 and all(is_valid_credit_code(a.credit_code) for a in agencies)
    assert Item.objects.count() == 60 and Case.objects.count() == 80
    for item in Item.objects.all()[:20]:
        content = public_content(item)  # every item has the published revision the portal shows
        assert content["title"] == item.title and 300 <= len(plain(content["body"])) <= 3000 + 400
    assert CaseEvent.objects.filter(kind="received").count() == 80
    assert Case.objects.exclude(outcome="").values("outcome").distinct().count() > 5


def test_reports_count_generated_cases():
    call_command("demo", "generate", "--agencies", "2", "--items", "0", "--cases", "200", "--seed", "4")
    agency = Case.objects.values("agency").order_by("agency").first()["agency"]
    agency = Agency.objects.get(pk=agency)
    report = build_report(agency, 2020)
    concluded = Case.objects.filter(agency=agency, replied_on__year=2020).exclude(outcome="").count()
    assert report.tables["t3"]["result_total"][-1] == concluded


def test_the_same_seed_gives_the_same_text():
    a, b = Synth(11), Synth(11)
    assert [a.title(2021) for _ in range(5)] == [b.title(2021) for _ in range(5)]
    assert a.body() == b.body()
    assert Synth(12).title(2021) != Synth(11).title(2021) or Synth(12).body() != Synth(11).body()


def test_negative_counts_are_refused_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="数量不能为负数"):
        call_command("demo", "generate", "--items", "-1")
