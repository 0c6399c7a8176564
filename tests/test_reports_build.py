"""Building the report from records, entering figures, publishing versions, and the report pages."""

import json
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.case_helpers import asking, at, submit
from xxgk.agencies.models import Agency
from xxgk.cases.services import appeal_conclude, appeal_register, case_assign, case_decide
from xxgk.platform.daily import daily_run
from xxgk.platform.errors import InvalidInput
from xxgk.reports.models import AppendOnly, PublishedReport
from xxgk.reports.selectors import build_report
from xxgk.reports.services import (
    ReportInconsistent,
    finding_key,
    report_draft_save,
    report_figures_save,
    report_publish,
)
from xxgk.reports.tables import Finding

pytestmark = pytest.mark.django_db
D = date.fromisoformat
SEED = Path(__file__).resolve().parent / "data" / "xigong-2020-annual-report.expected.json"
NOW = datetime(2025, 1, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def demo():
    from xxgk.demo.loader import load_demo

    load_demo(today=D("2026-11-20"))
    return Agency.objects.get(name="西工区人民政府")


def test_seed_tables_come_out_of_the_demo_records(demo, capsys):
    call_command("report", "build", "--agency", demo.credit_code, "--year", "2020", "--format", "json")
    built = json.loads(capsys.readouterr().out)
    assert built["year"] == 2020 and built["format"] == "2019"
    assert built["tables"] == json.loads(SEED.read_text("utf-8"))["tables"]
    assert [f for f in built["findings"] if f["severity"] == "error"] == []


@pytest.mark.parametrize("kind", ["html", "docx", "pdf", "xlsx"])
def test_build_writes_every_format(demo, tmp_path, kind):
    out = tmp_path / f"report.{kind}"
    call_command("report", "build", "--agency", demo.credit_code, "--year", "2020", "--format", kind,
                 "--output", str(out))
    data = out.read_bytes()
    assert {"html": b"<table", "docx": b"PK", "pdf": b"%PDF", "xlsx": b"PK"}[kind] in data[:4000]
    if kind in ("html", "docx"):  # the checker reads our own output back to the same tables
        from xxgk.reports.checker import check_document

        assert check_document(out.name, data).tables == json.loads(SEED.read_text("utf-8"))["tables"]


def test_sections_three_and_four_follow_the_records(world):
    handler = world.users["handler_x"]
    case, _ = submit(world.x, D("2024-03-01"))
    case_assign(case=case, handler=handler, today=D("2024-03-01"), at=at(D("2024-03-01")))
    case_decide(case=case, outcome="np_repeat", reasons="重复", today=D("2024-03-05"), at=at(D("2024-03-05")))
    submit(world.x, D("2024-12-30"), request_details=asking("年底"))
    review = appeal_register(agency=world.x, kind="review", filed_on=D("2024-06-01"), at=at(D("2024-06-01")))
    appeal_conclude(appeal=review, outcome="corrected", concluded_on=D("2025-01-10"), at=at(D("2025-01-10")))
    appeal_register(agency=world.x, kind="lawsuit_direct", filed_on=D("2023-11-01"), at=at(D("2023-11-01")))
    report = build_report(world.x, 2024)
    t3 = report.tables["t3"]
    assert report.format == "2021" and t3["new_received"][-1] == 2 and t3["np_repeat"][-1] == 1
    assert t3["carry_forward"][-1] == 1 and t3["result_total"][-1] == 1
    # Filed in 2024, still pending on 31 December.
    assert report.tables["t4"]["count"][:5] == [0, 0, 0, 1, 1]
    assert report.tables["t4"]["count"][5:10] == [0, 0, 0, 0, 0]
    report_draft_save(agency=world.x, year=2024, appeal_counting="concluded_or_pending", at=NOW)
    switched = build_report(world.x, 2024).tables["t4"]["count"]
    assert switched[:5] == [0, 0, 0, 1, 1] and switched[5:10] == [0, 0, 0, 1, 1]


def test_figures_need_a_source_and_valid_numbers(world):
    with pytest.raises(InvalidInput, match="数据来源"):
        report_figures_save(agency=world.x, year=2024, figures={("t2_art20_5", "licensing"): [5]}, source="", at=NOW)
    with pytest.raises(InvalidInput, match="不是有效数字"):
        report_figures_save(agency=world.x, year=2024, figures={("t2_art20_5", "licensing"): ["五"]}, source="系统",
                            at=NOW)
    with pytest.raises(InvalidInput, match="自动统计"):
        report_figures_save(agency=world.x, year=2024, figures={("t3", "granted"): [1] * 7}, source="系统", at=NOW)
    report_figures_save(agency=world.x, year=2024, figures={("t2_art20_8", "fees"): ["12.5"]}, source="财政系统",
                        at=NOW)
    report = build_report(world.x, 2024)
    assert report.tables["t2_art20_8"]["fees"] == ["12.5"] and report.inputs["figure_sources"]["t2_art20_8.fees"]


def test_publishing_needs_acknowledged_warnings_then_freezes(world):
    report = build_report(world.x, 2024)
    warnings = [f for f in report.findings if f.severity == "warning"]
    assert warnings  # section 二 not entered yet
    with pytest.raises(ReportInconsistent, match="尚未说明理由"):
        report_publish(agency=world.x, year=2024, at=NOW)
    report_draft_save(agency=world.x, year=2024, at=NOW,
                      acknowledgements={finding_key(f): "本机关无此类事项" for f in warnings})
    first = report_publish(agency=world.x, year=2024, at=NOW)
    assert first.version == 1 and len(first.sha256) == 64
    assert first.pdf.read().startswith(b"%PDF") and "收到和处理政府信息公开申请情况" in first.html
    first.title = "改过的标题"
    with pytest.raises(AppendOnly):
        first.save()
    with pytest.raises(InvalidInput, match="更正说明"):
        report_publish(agency=world.x, year=2024, at=NOW)
    second = report_publish(agency=world.x, year=2024, at=NOW, correction_note="补充第五部分")
    assert second.version == 2 and PublishedReport.objects.filter(agency=world.x, year=2024).count() == 2


def test_a_report_with_errors_cannot_be_published(world, monkeypatch):
    import xxgk.reports.services as services

    real = services.build_report

    def with_error(agency, year):
        report = real(agency, year)
        report.findings.append(Finding("t3_balance", "error", "第三部分“自然人”列不平衡。"))
        return report

    monkeypatch.setattr(services, "build_report", with_error)
    with pytest.raises(ReportInconsistent, match="存在错误"):
        report_publish(agency=world.x, year=2024, at=NOW)
    assert not PublishedReport.objects.exists()


def test_workspace_editor_drilldown_and_portal(client, demo):
    from xxgk.demo import agencies as data

    client.post("/workspace/login/", {"username": "fuze", "password": data.DEMO_PASSWORD})
    page = client.get(f"/workspace/reports/?agency={demo.pk}&year=2020")
    assert page.status_code == 200 and "西工区人民政府2020年政府信息公开工作年度报告" in page.content.decode()
    cell = client.get("/workspace/reports/cell/", {"agency": demo.pk, "year": 2020, "row": "granted",
                                                   "column": "natural_person"})
    assert len(re.findall(r'href="/workspace/cases/\d+/"', cell.content.decode())) == 10
    response = client.post("/workspace/reports/publish/", {"agency": demo.pk, "year": 2020})
    assert response.status_code == 302
    published = PublishedReport.objects.get(agency=demo, year=2020)
    listing = client.get("/gk/reports/").content.decode()
    assert published.title in listing
    detail = client.get(f"/gk/reports/{published.pk}/").content.decode()
    assert 'rowspan="20"' in detail and "24092" in detail
    assert client.get(f"/gk/reports/{published.pk}/pdf/").status_code == 200
    client.post("/workspace/logout/")
    client.post("/workspace/login/", {"username": "czj_jingban", "password": data.DEMO_PASSWORD})
    assert client.get(f"/workspace/reports/?agency={demo.pk}&year=2020").status_code == 403


def test_checker_page(client, world):
    client.force_login(world.users["handler_x"])
    sample = Path(__file__).resolve().parent / "data" / "samples" / "shanghai-gov-office-2019.html"
    with sample.open("rb") as f:
        page = client.post("/workspace/reports/check/", {"file": f})
    body = page.content.decode()
    assert page.status_code == 200 and "错误" in body and "2019" in body
    from django.core.files.uploadedfile import SimpleUploadedFile

    junk = client.post("/workspace/reports/check/", {"file": SimpleUploadedFile("a.txt", b"hello")})
    assert junk.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_deadline_reminders_for_unpublished_agencies(world, django_capture_on_commit_callbacks):
    from django.core import mail

    world.users["supervisor_root"].email = "gkb@example.cn"
    world.users["supervisor_root"].save()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = daily_run(today=D("2025-01-17"), now=NOW)  # 14 days before 31 January
    assert outcome.results["report_deadline_reminders"]["reminded"] >= 2
    call_command("worker", "--batch", verbosity=0)
    assert any("年度报告发布提醒" in m.subject and "gkb@example.cn" in m.to for m in mail.outbox)


def test_dashboard_shows_publication_state(client, world):
    client.force_login(world.users["supervisor_root"])
    page = client.get("/workspace/reports/dashboard/?year=2024").content.decode()
    assert "测试区财政局" in page and "未发布" in page


def test_combined_report_sums_the_subtree(client, world):
    submit(world.x, D("2024-03-01"))
    submit(world.x1, D("2024-03-04"))
    submit(world.y, D("2024-03-05"))
    report_figures_save(agency=world.x, year=2024, figures={("t2_art20_5", "licensing"): [3]}, source="甲", at=NOW)
    report_figures_save(agency=world.x1, year=2024, figures={("t2_art20_5", "licensing"): [4]}, source="乙", at=NOW)
    combined = build_report(world.x, 2024, subtree=True)
    assert combined.tables["t3"]["new_received"][-1] == 2
    assert combined.tables["t2_art20_5"]["licensing"] == [7]
    assert build_report(world.root, 2024, subtree=True).tables["t3"]["new_received"][-1] == 3
    client.force_login(world.users["supervisor_root"])
    page = client.get("/workspace/reports/combined/", {"agency": world.root.pk, "year": 2024})
    assert page.status_code == 200 and "汇总" in page.content.decode()
    client.force_login(world.users["handler_x"])
    assert client.get("/workspace/reports/combined/", {"agency": world.x.pk, "year": 2024}).status_code == 403


def test_figures_import_from_the_reports_own_xlsx(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world.users["approver_x"])
    template = client.get("/workspace/reports/xlsx/", {"agency": world.x.pk, "year": 2024})
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook["t2_art20_6"]
    assert [sheet.cell(4, 1).value, sheet.cell(5, 1).value] == ["行政处罚", "行政强制"]
    sheet.cell(4, 2).value = 321
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "figures.xlsx"
    response = client.post("/workspace/reports/", {"agency": world.x.pk, "year": 2024, "what": "figures_xlsx",
                                                   "source": "执法平台", "file": upload})
    assert response.status_code == 302
    assert build_report(world.x, 2024).tables["t2_art20_6"]["penalty"] == [321]
    sheet.cell(5, 1).value = "行政奖励"
    buffer = io.BytesIO()
    workbook.save(buffer)
    from xxgk.reports.services import report_figures_import

    with pytest.raises(InvalidInput, match="无法识别的项目“行政奖励”"):
        report_figures_import(agency=world.x, year=2024, name="f.xlsx", data=buffer.getvalue(), source="x", at=NOW)


def test_normative_rows_come_from_the_catalogue(demo):
    report = build_report(demo, 2020)
    assert report.tables["t2_art20_1"] == {"regulations": [0, 0, 0], "normative_docs": [1, 1, 1]}
    assert report.inputs["figure_sources"]["t2_art20_1.normative_docs"] == "政府信息公开目录（自动统计）"
    assert "门户网站" in report.narrative["s1"]
