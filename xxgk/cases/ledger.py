"""The ledger (台账) adapter: cases to and from XLSX/CSV rows with the Chinese column headers."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings

from xxgk.core.outcomes import outcome_by_code, outcome_by_ledger_label
from xxgk.core.packages import check_zip
from xxgk.core.text import decode_chinese_text

COLUMNS = ("案件编号", "申请方式", "收到申请日期", "申请人类型", "申请人", "申请内容", "补正告知日期", "补正收到日期",
           "征求意见开始日期", "征求意见结束日期", "延期", "收费通知日期", "缴费日期", "办理结果", "答复日期")
REQUIRED = ("案件编号", "申请方式", "收到申请日期", "申请人类型", "申请人", "申请内容")

CHANNEL_FROM_LABEL = {"当面": "in_person", "邮寄": "post", "网络": "online", "传真": "fax", "电子邮件": "email",
                      "其他": "other"}
CHANNEL_TO_LABEL = {**{v: k for k, v in CHANNEL_FROM_LABEL.items()}, "ordinary_mail": "邮寄"}
APPLICANT_FROM_LABEL = {"自然人": ("natural", ""), "商业企业": ("legal", "business"), "科研机构": ("legal", "research"),
                        "社会公益组织": ("legal", "nonprofit"), "法律服务机构": ("legal", "legal_service"),
                        "其他": ("legal", "other")}
APPLICANT_TO_LABEL = {v: k for k, v in APPLICANT_FROM_LABEL.items()}
DATE_COLUMNS = ("收到申请日期", "补正告知日期", "补正收到日期", "征求意见开始日期", "征求意见结束日期", "收费通知日期",
                "缴费日期", "答复日期")


@dataclass
class LedgerRow:
    """One validated ledger row, in the model's terms."""

    line: int
    number: str
    channel: str
    received_on: date
    applicant_kind: str
    org_type: str
    applicant_name: str
    title: str
    supplement_requested_on: date | None = None
    supplement_received_on: date | None = None
    consultation_start: date | None = None
    consultation_end: date | None = None
    extended: bool = False
    fee_notice_on: date | None = None
    paid_on: date | None = None
    outcome: str = ""
    replied_on: date | None = None


@dataclass
class LedgerErrors:
    """Every bad row with its line number and reason."""

    problems: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        return [f"第{line}行：{message}" if line else message for line, message in self.problems]


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):  # openpyxl gives datetimes for date cells
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(name: str, data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return (headers, [(line number, {header: text})]) from XLSX or CSV bytes."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        # calamine (Rust) reads a 100k-row ledger many times faster than openpyxl's XML reader.
        from python_calamine import CalamineWorkbook

        check_zip(data, max_unpacked=settings.XXGK_MAX_UNPACKED_BYTES)  # PackageRejected is a ValueError
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            rows = [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # a corrupt or non-XLSX file; a reader panic is a BaseException too
            raise ValueError(f"无法读取XLSX文件：{exc.__class__.__name__}。") from exc
    elif suffix == ".csv":
        text = decode_chinese_text(data)
        if text is None:
            raise ValueError("CSV文件编码无法识别，请保存为UTF-8或GBK编码。")
        try:
            rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text))]
        except csv.Error as exc:  # e.g. a field longer than the csv module allows, or a stray NUL
            raise ValueError(f"CSV文件格式错误：{exc}。") from exc
    else:
        raise ValueError("台账文件应为 .xlsx 或 .csv 格式。")
    if not rows:
        raise ValueError("台账文件是空的。")
    headers = rows[0]
    body = [(i, dict(zip(headers, r + [""] * (len(headers) - len(r)), strict=False)))
            for i, r in enumerate(rows[1:], start=2) if any(c for c in r)]
    return headers, body


def _date(row: dict, column: str, line: int, errors: LedgerErrors) -> date | None:
    text = row.get(column, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(line, f"“{column}”的值“{text}”不是有效日期，应为 YYYY-MM-DD。")
        return None


def parse_rows(headers: list[str], rows: list[tuple[int, dict[str, str]]]) -> tuple[list[LedgerRow], LedgerErrors]:
    """Validate every row; return the parsed rows and all problems found (nothing is partial)."""
    errors = LedgerErrors()
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        errors.add(1, f"缺少必需的列：{'、'.join(missing)}。")
        return [], errors
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        errors.add(1, f"无法识别的列：{'、'.join(unknown)}。可用的列为：{'、'.join(COLUMNS)}。")
        return [], errors
    parsed, seen = [], {}
    for line, row in rows:
        before = len(errors.problems)
        for column in REQUIRED:
            if not row.get(column, "").strip():
                errors.add(line, f"“{column}”不能为空。")
        number = row.get("案件编号", "").strip()
        if number in seen:
            errors.add(line, f"案件编号“{number}”与第{seen[number]}行重复。")
        seen.setdefault(number, line)
        channel = CHANNEL_FROM_LABEL.get(row.get("申请方式", "").strip())
        if row.get("申请方式", "").strip() and channel is None:
            errors.add(line, f"申请方式“{row['申请方式']}”无法识别，应为：{'/'.join(CHANNEL_FROM_LABEL)}。")
        applicant = APPLICANT_FROM_LABEL.get(row.get("申请人类型", "").strip())
        if row.get("申请人类型", "").strip() and applicant is None:
            errors.add(line, f"申请人类型“{row['申请人类型']}”无法识别，应为：{'/'.join(APPLICANT_FROM_LABEL)}。")
        dates = {c: _date(row, c, line, errors) for c in DATE_COLUMNS}
        extended_text = row.get("延期", "").strip()
        if extended_text not in ("", "是", "否"):
            errors.add(line, f"延期应填“是”或“否”，而不是“{extended_text}”。")
        outcome_text = row.get("办理结果", "").strip()
        outcome = outcome_by_ledger_label().get(outcome_text)
        if outcome_text and outcome is None:
            errors.add(line, f"办理结果“{outcome_text}”无法识别，应为2021年版年度报告的办理结果，"
                             "如“予以公开”“不予公开-属于四类过程性信息”。")
        received, replied = dates["收到申请日期"], dates["答复日期"]
        if outcome_text and not row.get("答复日期", "").strip():
            errors.add(line, "有办理结果时必须填写答复日期。")
        if row.get("答复日期", "").strip() and not outcome_text:
            errors.add(line, "有答复日期时必须填写办理结果。")
        if received:
            for column in DATE_COLUMNS[1:]:
                if dates[column] and dates[column] < received:
                    errors.add(line, f"“{column}”{dates[column]}早于收到申请日期{received}。")
        pairs = (("补正告知日期", "补正收到日期"), ("征求意见开始日期", "征求意见结束日期"), ("收费通知日期", "缴费日期"))
        for first, second in pairs:
            if dates[second] and not dates[first]:
                errors.add(line, f"填写了“{second}”却没有“{first}”。")
            elif dates[first] and dates[second] and dates[second] < dates[first]:
                errors.add(line, f"“{second}”早于“{first}”。")
        if len(errors.problems) > before or received is None or channel is None or applicant is None:
            continue
        parsed.append(LedgerRow(
            line=line, number=number, channel=channel, received_on=received, applicant_kind=applicant[0],
            org_type=applicant[1], applicant_name=row["申请人"].strip(), title=row["申请内容"].strip(),
            supplement_requested_on=dates["补正告知日期"], supplement_received_on=dates["补正收到日期"],
            consultation_start=dates["征求意见开始日期"], consultation_end=dates["征求意见结束日期"],
            extended=extended_text == "是", fee_notice_on=dates["收费通知日期"], paid_on=dates["缴费日期"],
            outcome=outcome.code if outcome else "", replied_on=replied,
        ))
    return parsed, errors


def case_to_row(case) -> dict[str, str]:
    """Return the ledger row of a case (the consultation and fee columns from its first records)."""
    consultation = next(iter(case.consultations.all()), None)
    notice = getattr(case, "fee_notice", None)
    iso = lambda d: d.isoformat() if d else ""  # noqa: E731
    return {
        "案件编号": case.number, "申请方式": CHANNEL_TO_LABEL[case.channel], "收到申请日期": iso(case.received_on),
        "申请人类型": APPLICANT_TO_LABEL[(case.applicant_kind, case.org_type if case.applicant_kind == "legal" else "")],
        "申请人": case.applicant_name, "申请内容": case.title,
        "补正告知日期": iso(case.supplement_requested_on), "补正收到日期": iso(case.supplement_received_on),
        "征求意见开始日期": iso(consultation.sent_on) if consultation else "",
        "征求意见结束日期": iso(consultation.answered_on or (consultation.window_ends_on if consultation.answer else None))
        if consultation else "",
        "延期": "是" if case.extension_workdays else "否",
        "收费通知日期": iso(notice.issued_on) if notice else "", "缴费日期": iso(notice.paid_on) if notice else "",
        "办理结果": outcome_by_code()[case.outcome].ledger_label if case.outcome else "",
        "答复日期": iso(case.replied_on),
    }


def write_xlsx(rows: list[dict[str, str]]) -> bytes:
    """Return an XLSX workbook with the header row and one row per case (dates as text YYYY-MM-DD)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("依申请公开台账")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(rows: list[dict[str, str]]) -> bytes:
    """Return UTF-8 CSV with a BOM (so spreadsheet programs read the Chinese headers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
