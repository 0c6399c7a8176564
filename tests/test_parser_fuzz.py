"""Parser fuzzing: the report checker, the ledger and catalogue importers and the attachment text extractors
end every malformed, truncated or hostile file in their own clear error, within bounded time and memory."""

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from xxgk.cases.ledger import COLUMNS, read_table, write_csv, write_xlsx
from xxgk.core.packages import PackageRejected, check_zip
from xxgk.reports.checker.extract import UnreadableReport
from xxgk.reports.checker.parse import check_document
from xxgk.review.extract import UnreadableFile, file_segments

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
RUNS = {"examples": 0}
FUZZ = settings(max_examples=60, deadline=5000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _docx_bytes(paragraphs: list[str]) -> bytes:
    document = Document()
    for p in paragraphs:
        document.add_paragraph(p)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "新收政府信息公开申请数量"
    table.cell(0, 1).text = "13"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


LEDGER_ROW = {c: "" for c in COLUMNS} | {"申请人姓名/名称": "张三", "收到申请日期": "2024-03-01"}
REPORT_TEXT = (SAMPLES / "township-2020-excerpt.txt").read_bytes()
VALID = {
    "report.txt": REPORT_TEXT,
    "report.html": (SAMPLES / "shanghai-gov-office-2019.html").read_bytes(),
    "report.docx": _docx_bytes(REPORT_TEXT.decode().splitlines()[:40]),
    "ledger.xlsx": write_xlsx([LEDGER_ROW]),
    "ledger.csv": write_csv([LEDGER_ROW]),
    "cells.xlsx": _xlsx_bytes([["项目", "内容"], ["身份证号", "11010519491231002X"]]),
}


def _mutations(data: bytes):
    """Truncations, flipped bytes, inserted junk and repeated slices of a valid file."""
    return st.one_of(
        st.integers(0, len(data)).map(lambda n: data[:n]),
        st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)).map(
            lambda t: data[:t[0]] + bytes([t[1]]) + data[t[0] + 1:]),
        st.tuples(st.integers(0, len(data)), st.binary(max_size=64)).map(lambda t: data[:t[0]] + t[1] + data[t[0]:]),
        st.tuples(st.integers(0, len(data)), st.integers(1, 200)).map(lambda t: data[:t[0]] + data[t[0]:t[0] + 50] * t[1]),
        st.binary(max_size=4096),
    )


def _any_file(names):
    return st.sampled_from(names).flatmap(lambda n: st.tuples(st.just(n), _mutations(VALID[n])))


def _timed(fn, *args, limit=5.0):
    started = time.monotonic()
    try:
        return fn(*args)
    finally:
        assert time.monotonic() - started < limit
        RUNS["examples"] += 1


@FUZZ
@given(_any_file(["report.txt", "report.html", "report.docx"]))
def test_report_checker_reads_or_says_why(named):
    name, data = named
    try:
        result = _timed(check_document, name, data)
    except UnreadableReport as exc:
        assert str(exc) and any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))  # a Chinese sentence
    else:
        assert result.format in ("2019", "2021")


@FUZZ
@given(_any_file(["ledger.xlsx", "ledger.csv"]))
def test_ledger_reader_reads_or_says_why(named):
    name, data = named
    try:
        headers, rows = _timed(read_table, name, data)
    except ValueError as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
    else:
        assert isinstance(headers, list) and isinstance(rows, list)


@FUZZ
@given(_any_file(["report.docx", "cells.xlsx", "report.html", "report.txt"]))
def test_attachment_extractor_reads_or_says_why(named):
    name, data = named
    try:
        segments = _timed(file_segments, name, data)
    except UnreadableFile as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
    else:
        assert all(isinstance(where, str) and isinstance(text, str) for where, text in segments)


def _bomb(name_inside: str, unpacked_mb: int, *, prefix: bytes = b"") -> bytes:
    """A ZIP whose one entry is `unpacked_mb` MB of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(name_inside, "w", force_zip64=True) as entry:
            entry.write(prefix)
            block = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                entry.write(block)
    return buffer.getvalue()


@pytest.fixture
def small_unpack_limit(settings):
    settings.XXGK_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
    return settings


@pytest.mark.parametrize("reader, name, error", [
    (check_document, "bomb.docx", UnreadableReport),
    (read_table, "bomb.xlsx", ValueError),
    (file_segments, "bomb.docx", UnreadableFile),
    (file_segments, "bomb.xlsx", UnreadableFile),
])
def test_zip_bombs_are_refused_without_unpacking(small_unpack_limit, reader, name, error):
    bomb = _bomb("word/document.xml" if name.endswith("docx") else "xl/worksheets/sheet1.xml", 64)
    assert len(bomb) < 1024 * 1024  # 64 MB of content in under 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(error, match="压缩炸弹|解压后过大"):
            _timed(reader, name, bomb, limit=2.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # refused from the directory: nothing was unpacked


def test_catalogue_zip_bomb_is_refused(small_unpack_limit, world):
    from django.utils import timezone

    from xxgk.catalog.services.imports import items_import
    from xxgk.platform.errors import InvalidInput

    with pytest.raises(InvalidInput, match="压缩炸弹|解压后过大"):
        items_import(agency=world.x, name="items.zip", data=_bomb("正文/1.html", 64),
                     actor=world.users["approver_x"], at=timezone.now())


def test_too_many_entries_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"f{i}", b"")
    with pytest.raises(PackageRejected, match="文件过多"):
        check_zip(buffer.getvalue())


def test_deeply_nested_html_ends_quickly():
    nested = ("<html><body>" + "<div>" * 200_000 + "2020年政府信息公开工作年度报告" + "</div>" * 200_000
              + "</body></html>").encode()
    try:  # a heading and no tables: read with findings, or refused; either way quickly
        result = _timed(check_document, "deep.html", nested, limit=10.0)
        assert result.findings
    except UnreadableReport:
        pass
    segments = _timed(file_segments, "deep.html", nested, limit=10.0)
    assert "年度报告" in segments[0][1]


def test_a_huge_csv_cell_is_a_clear_error():
    data = ("申请人姓名/名称,收到申请日期\n\"" + "长" * 300_000 + "\",2024-03-01\n").encode()
    with pytest.raises(ValueError, match="CSV文件格式错误"):
        _timed(read_table, "ledger.csv", data)


@pytest.mark.parametrize("data", [bytes(range(128, 256)) * 50, "政府信息公开".encode("utf-16"), b"\xff\xfe\x00" * 999])
def test_wrong_encodings_are_clear_errors(data):
    with pytest.raises(ValueError, match="编码|格式"):
        read_table("ledger.csv", data)
    with pytest.raises(UnreadableReport):
        check_document("report.txt", data)


def test_zz_report_fuzz_examples(capsys):
    with capsys.disabled():
        print(f"\nparser fuzzing: {RUNS['examples']} files read, each ending in a result or a clear error")
