"""The ledger: export, import all-or-nothing with line-numbered errors, and the round trip."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.case_helpers import at, company, submit
from xxgk.cases.ledger import COLUMNS, case_to_row, read_table, write_csv, write_xlsx
from xxgk.cases.models import Case
from xxgk.cases.selectors import ledger_cases
from xxgk.cases.services import case_assign, case_consult, case_decide, case_extend, case_record_consultation_answer
from xxgk.cases.services.ledger import LedgerRejected, ledger_import

pytestmark = pytest.mark.django_db
D = date.fromisoformat
HEADER = ",".join(COLUMNS)


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def row(number="L-1", channel="当面", received="2023-03-01", kind="自然人", name="张三", title="某文件", sup_n="",
        sup_r="", c_from="", c_to="", extended="否", fee_n="", paid="", outcome="予以公开", replied="2023-03-10"):
    return ",".join([number, channel, received, kind, name, title, sup_n, sup_r, c_from, c_to, extended, fee_n, paid,
                     outcome, replied])


def rich_cases(world):
    """A mix of cases: handled, consulted, extended, open, organisation."""
    handler, approver = world.users["handler_x"], world.users["approver_x"]
    a, _ = submit(world.x, D("2024-03-01"))
    case_assign(case=a, handler=handler, today=D("2024-03-01"), at=at(D("2024-03-01")))
    c = case_consult(case=a, kind="third_party", party="甲公司", sent_on=D("2024-03-05"), at=at(D("2024-03-05")))
    case_record_consultation_answer(consultation=c, answer="consent", answered_on=D("2024-03-08"), at=at(D("2024-03-08")))
    case_extend(case=a, approver=approver, reason="复杂", today=D("2024-03-20"), at=at(D("2024-03-20")))
    case_decide(case=a, outcome="denied_third_party", reasons="涉及商业秘密", today=D("2024-04-20"), at=at(D("2024-04-20")))
    b, _ = submit(world.x, D("2024-05-06"), applicant=company(org_type="legal_service"))
    submit(world.x, D("2024-06-03"))
    return [a, b]


def test_export_rows_use_the_ledger_labels(world):
    rich_cases(world)
    rows = [case_to_row(c) for c in ledger_cases(world.x)]
    assert rows[0]["办理结果"] == "不予公开-保护第三方合法权益" and rows[0]["延期"] == "是"
    assert rows[0]["征求意见开始日期"] == "2024-03-05" and rows[0]["征求意见结束日期"] == "2024-03-08"
    assert rows[1]["申请人类型"] == "法律服务机构" and rows[1]["办理结果"] == "" and rows[1]["答复日期"] == ""
    assert rows[0]["申请方式"] == "网络"


@pytest.mark.parametrize("writer,suffix", [(write_xlsx, ".xlsx"), (write_csv, ".csv")])
def test_round_trip_into_another_agency(world, writer, suffix):
    rich_cases(world)
    exported = [case_to_row(c) for c in ledger_cases(world.x)]
    imported = ledger_import(agency=world.y, name=f"ledger{suffix}", data=writer(exported), at=at(D("2024-07-01")))
    assert len(imported) == 3
    again = [case_to_row(c) for c in ledger_cases(world.y)]
    assert again == exported
    source = {c.number: c for c in Case.objects.filter(agency=world.x)}
    for case in Case.objects.filter(agency=world.y):
        original = source[case.number]
        assert (case.due_on, case.outcome, case.replied_late) == (original.due_on, original.outcome, original.replied_late)


def test_command_round_trip(world, tmp_path, capsys):
    rich_cases(world)
    out = tmp_path / "x.xlsx"
    call_command("export", "cases", "--agency", world.x.credit_code, "--output", str(out))
    call_command("import", "cases", str(out), "--agency", world.y.credit_code)
    assert "已导入3件案件" in capsys.readouterr().out
    year = tmp_path / "y.csv"
    call_command("export", "cases", "--agency", world.y.credit_code, "--year", "2023", "--output", str(year))
    assert len(list(csv.reader(io.StringIO(year.read_text("utf-8-sig"))))) == 1  # header only


def test_every_bad_row_is_reported_and_nothing_saved(world):
    data = csv_bytes(
        row(number="L-1"),
        row(number="L-2", received="2023-02-30"),
        row(number="L-3", channel="飞鸽传书"),
        row(number="L-4", kind="个体户"),
        row(number="L-5", outcome="同意公开"),
        row(number="L-6", replied="2023-02-01"),
        row(number="L-1"),
        row(number="L-8", outcome="", replied="2023-03-10"),
        row(number="L-9", sup_r="2023-03-05"),
    )
    with pytest.raises(LedgerRejected) as exc:
        ledger_import(agency=world.x, name="bad.csv", data=data, at=at(D("2024-01-02")))
    lines = exc.value.errors.lines()
    for expected in ("第3行", "第4行", "第5行", "第6行", "第7行", "第8行", "第9行", "第10行"):
        assert any(line.startswith(expected) for line in lines), expected
    assert not any(line.startswith("第2行") for line in lines)
    assert "早于收到申请日期" in "".join(lines) and "与第2行重复" in "".join(lines)
    assert not Case.objects.exists()


def test_existing_number_refused_and_late_reply_flagged(world):
    ledger_import(agency=world.x, name="a.csv", data=csv_bytes(row(number="L-1", replied="2023-05-30")),
                  at=at(D("2024-01-02")))
    case = Case.objects.get(number="L-1")
    assert case.replied_late and case.events.get().summary == "由台账导入（逾期答复）"
    with pytest.raises(LedgerRejected, match="已存在"):
        ledger_import(agency=world.x, name="a.csv", data=csv_bytes(row(number="L-1")), at=at(D("2024-01-02")))
    ledger_import(agency=world.y, name="a.csv", data=csv_bytes(row(number="L-1")), at=at(D("2024-01-02")))


def test_columns_in_any_order_and_gbk_csv(world):
    header = list(reversed(COLUMNS))
    values = dict(zip(COLUMNS, row(number="G-1").split(","), strict=True))
    data = (",".join(header) + "\n" + ",".join(values[h] for h in header) + "\n").encode("gb18030")
    ledger_import(agency=world.x, name="gbk.csv", data=data, at=at(D("2024-01-02")))
    assert Case.objects.get(number="G-1").outcome == "granted"


def test_unknown_header_and_bad_file(world):
    with pytest.raises(LedgerRejected, match="无法识别的列"):
        ledger_import(agency=world.x, name="a.csv", data=(HEADER + ",备注\n").encode(), at=at(D("2024-01-02")))
    with pytest.raises(Exception, match="XLSX"):
        ledger_import(agency=world.x, name="a.xlsx", data=b"not a workbook", at=at(D("2024-01-02")))


def test_command_reports_bad_rows_with_exit_2(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(row(received="2023-13-01")))
    with pytest.raises(CommandError) as exc:
        call_command("import", "cases", str(path), "--agency", world.x.credit_code)
    assert exc.value.returncode == 2 and "第2行" in str(exc.value)


def test_read_table_skips_blank_rows():
    headers, rows = read_table("a.csv", csv_bytes(row(), "", row(number="L-2")))
    assert headers == list(COLUMNS) and [line for line, _ in rows] == [2, 4]


def test_workspace_download_and_upload(client, world):
    rich_cases(world)
    client.force_login(world.users["handler_y"])
    assert client.get("/workspace/cases/ledger/export/", {"agency": world.x.pk}).status_code == 403
    client.force_login(world.users["handler_x"])
    response = client.get("/workspace/cases/ledger/export/", {"agency": world.x.pk, "format": "csv"})
    assert response.status_code == 200 and response.content.decode("utf-8-sig").startswith("案件编号")
    client.force_login(world.users["supervisor_root"])
    bad = io.BytesIO(csv_bytes(row(received="2023-02-30")))
    bad.name = "bad.csv"
    page = client.post("/workspace/cases/ledger/import/", {"agency": world.y.pk, "file": bad})
    assert page.status_code == 400 and "第2行" in page.content.decode()
    good = io.BytesIO(response.content)
    good.name = "good.csv"
    assert client.post("/workspace/cases/ledger/import/", {"agency": world.y.pk, "file": good}).status_code == 302
    assert Case.objects.filter(agency=world.y).count() == 3
