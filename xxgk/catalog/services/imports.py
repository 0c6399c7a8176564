"""Bulk import of items already published elsewhere: CSV/XLSX metadata, HTML bodies and files (ZIP)."""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath

import nh3
from django.conf import settings
from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.cases.ledger import read_table
from xxgk.core.deadlines import proactive_deadline
from xxgk.core.packages import PackageRejected, check_zip
from xxgk.core.scan import scan_text
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import InvalidInput
from xxgk.platform.policy import can
from xxgk.platform.selectors import work_calendar
from xxgk.platform.uploads import check_upload

from ..models import Item, ItemRevision, ReviewStep
from ..vocab import CHANNELS, GENRES, subject_choices
from .items import _attach, _snapshot, index_number

COLUMNS = ("信息名称", "文号", "成文日期", "发布日期", "主题分类", "体裁", "第二十条类别", "文件类型", "有效性", "失效日期",
           "关键词", "内容概述", "正文", "正文文件", "附件", "发布渠道")
REQUIRED = ("信息名称", "成文日期", "发布日期", "主题分类", "体裁", "第二十条类别")
DOC_KIND = {"": "", "规章": "regulation", "行政规范性文件": "normative", "规范性文件": "normative"}
VALIDITY = {"": "valid", "有效": "valid", "失效": "expired", "废止": "repealed"}
CHANNEL = {label: code for code, label in CHANNELS}


class ItemsRejected(InvalidInput):
    """Bad rows: each listed with its line number; nothing was imported."""

    def __init__(self, problems: list[str]):
        super().__init__("目录数据有错误，未导入任何信息：\n" + "\n".join(problems))
        self.problems = problems


@dataclass
class _Row:
    line: int
    fields: dict
    files: list[tuple[str, bytes]]
    outlets: list = field(default_factory=list)


def _date(text: str, column: str, line: int, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(f"第{line}行：“{column}”的值“{text}”不是有效日期，应为 YYYY-MM-DD。")
        return None


def _parse(rows, archive: zipfile.ZipFile | None, outlets: dict) -> tuple[list[_Row], list[str]]:
    problems: list[str] = []
    parsed: list[_Row] = []
    subjects = dict(subject_choices())
    for line, row in rows:
        before = len(problems)
        for column in REQUIRED:
            if not row.get(column, "").strip():
                problems.append(f"第{line}行：“{column}”不能为空。")
        if len(problems) > before:
            continue
        written = _date(row["成文日期"], "成文日期", line, problems)
        published = _date(row["发布日期"], "发布日期", line, problems)
        repealed = _date(row["失效日期"], "失效日期", line, problems) if row.get("失效日期", "").strip() else None
        if written and published and published < written:
            problems.append(f"第{line}行：发布日期早于成文日期。")
        subject = row["主题分类"].strip()
        if subject not in subjects:
            problems.append(f"第{line}行：主题分类“{subject}”不在国务院主题分类中（格式如“综合政务/政务公开”）。")
        genre = row["体裁"].strip()
        if genre not in GENRES:
            problems.append(f"第{line}行：体裁“{genre}”无法识别。")
        category = row["第二十条类别"].strip()
        if not (category.isdigit() and 1 <= int(category) <= 15):
            problems.append(f"第{line}行：第二十条类别应为1至15的数字。")
        kind, validity = row.get("文件类型", "").strip(), row.get("有效性", "").strip()
        if kind not in DOC_KIND or validity not in VALIDITY:
            problems.append(f"第{line}行：文件类型或有效性无法识别。")
        channels = [c.strip() for c in row.get("发布渠道", "").replace("；", ";").split(";") if c.strip()] or ["门户网站"]
        if any(c not in CHANNEL and c not in outlets for c in channels):
            problems.append(f"第{line}行：发布渠道应为{'、'.join(CHANNEL)}或本机关登记的栏目、账号名称。")
        body = row.get("正文", "")
        files: list[tuple[str, bytes]] = []
        for column, is_body in (("正文文件", True), ("附件", False)):
            for path in [p.strip() for p in row.get(column, "").split(";") if p.strip()]:
                if archive is None or path not in archive.namelist():
                    problems.append(f"第{line}行：找不到文件“{path}”（须与目录表一起打包在ZIP中）。")
                    continue
                data = archive.read(path)
                if is_body:
                    body = data.decode("utf-8", errors="replace")
                else:
                    try:
                        check_upload(PurePosixPath(path).name, data)
                    except InvalidInput as exc:
                        problems.append(f"第{line}行：{exc.message}")
                        continue
                    files.append((PurePosixPath(path).name, data))
        body = nh3.clean(body)
        markings = [f for f in scan_text([("正文", nh3.clean(body, tags=set()))]) if f.blocking]
        if markings:
            problems.append(f"第{line}行：正文{markings[0].where}有密级标志“{markings[0].text}”，禁止公开。")
        if len(problems) > before:
            continue
        row_outlets = [outlets[c] for c in channels if c not in CHANNEL]
        kinds = list(dict.fromkeys([CHANNEL[c] for c in channels if c in CHANNEL] + [o.catalog_kind for o in row_outlets]))
        parsed.append(_Row(line=line, files=files, outlets=row_outlets, fields={
            "title": row["信息名称"].strip()[:300], "doc_number": row.get("文号", "").strip(), "written_on": written,
            "formed_on": written, "published_on": published, "subject": subject, "genre": genre,
            "art20_category": int(category), "doc_kind": DOC_KIND[kind], "validity": VALIDITY[validity],
            "repealed_on": repealed, "keywords": row.get("关键词", "").strip(), "summary": row.get("内容概述", "").strip(),
            "body": body, "channels": kinds,
            "no_interpretation_reason": "原系统发布，导入时未关联解读" if DOC_KIND[kind] else ""}))
    return parsed, problems


def items_import(*, agency: Agency, name: str, data: bytes, actor, at: datetime, request=None) -> list[Item]:
    """Import items published before (CSV/XLSX, or a ZIP with the table, HTML bodies and files): all or none."""
    if not can(actor, "item.signoff", agency) and not can(actor, "agency.supervise", agency):
        raise InvalidInput("只有本机关负责人或上级公开办可以批量导入已公开的信息。")
    archive = None
    if name.lower().endswith(".zip"):
        try:
            check_zip(data, max_unpacked=settings.XXGK_MAX_UNPACKED_BYTES)
            archive = zipfile.ZipFile(io.BytesIO(data))
        except PackageRejected as exc:
            raise InvalidInput(str(exc)) from exc
        tables = [n for n in archive.namelist() if n.lower().endswith((".csv", ".xlsx"))]
        if len(tables) != 1:
            raise InvalidInput("ZIP中应恰好有一个目录表（.csv 或 .xlsx）。")
        name, data = tables[0], archive.read(tables[0])
    try:
        headers, rows = read_table(name, data)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        raise ItemsRejected([f"第1行：无法识别的列：{'、'.join(unknown)}。"])
    from xxgk.monitoring.models import Channel

    outlets = {c.name: c for c in Channel.objects.filter(status="active", agency__path__in=agency.ancestor_paths())}
    parsed, problems = _parse(rows, archive, outlets)
    if problems or not parsed:
        raise ItemsRejected(problems or ["目录表中没有任何信息。"])
    calendar = work_calendar()
    with transaction.atomic():
        Agency.objects.select_for_update(no_key=True).filter(pk=agency.pk).first()
        serial = Item.objects.filter(agency=agency).order_by("-serial").values_list("serial", flat=True).first() or 0
        items = []
        for offset, row in enumerate(parsed, start=1):
            items.append(Item(agency=agency, serial=serial + offset, status="published", published_revision=1,
                              index_number=index_number(agency, row.fields["written_on"].year, serial + offset),
                              due_on=proactive_deadline(calendar, formed_on=row.fields["written_on"]).due,
                              created_by=actor, created_at=at, **row.fields))
        Item.objects.bulk_create(items)
        items = list(Item.objects.filter(agency=agency, serial__gt=serial).order_by("serial"))
        Through = Item.outlets.through
        Through.objects.bulk_create([Through(item_id=item.pk, channel_id=o.pk)
                                     for item, row in zip(items, parsed, strict=True) for o in row.outlets])
        revisions, steps = [], []
        for item, row in zip(items, parsed, strict=True):
            _attach(item, row.files, at)
            revisions.append(ItemRevision(item=item, number=1, content=_snapshot(item), created_at=at,
                                          created_by=actor))
            steps.append(ReviewStep(item=item, revision=1, stage="publish", decision="noted",
                                    comment=f"由原系统导入（第{row.line}行）", actor=actor, at=at))
        ItemRevision.objects.bulk_create(revisions)
        ReviewStep.objects.bulk_create(steps)
        audit_record(action="item.imported", at=at, actor=actor, request=request, agency=agency,
                     data={"file": name, "items": len(items)})
        # bulk_create sends no save signals: the imported items reach the search index explicitly.
        from xxgk.search.signals import queue_index

        queue_index([f"item:{item.pk}" for item in items])
    return items
