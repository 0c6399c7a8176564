"""Text of a file to scan, in located segments: DOCX paragraphs and tables, XLSX cells, PDF pages, HTML, text."""

import io
from pathlib import Path

from django.conf import settings

from xxgk.core.packages import PackageRejected, check_zip
from xxgk.core.text import decode_chinese_text


class UnreadableFile(ValueError):
    """The file cannot be read for scanning (exit status 2)."""


def _docx(data: bytes) -> list[tuple[str, str]]:
    from docx import Document

    document = Document(io.BytesIO(data))
    segments = [("正文", "\n".join(p.text for p in document.paragraphs))]
    for t, table in enumerate(document.tables, start=1):
        rows = ["\t".join(cell.text for cell in row.cells) for row in table.rows]
        segments.append((f"表格{t}", "\n".join(rows)))
    for s, section in enumerate(document.sections, start=1):
        header = "\n".join(p.text for p in section.header.paragraphs)
        if header.strip():
            segments.append((f"第{s}节页眉", header))
    return segments


def _xlsx(data: bytes) -> list[tuple[str, str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    segments = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value not in (None, ""):
                    segments.append((f"工作表“{sheet.title}”{cell.coordinate}单元格", str(cell.value)))
    return segments


def _pdf(data: bytes) -> list[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [(f"PDF第{i}页", page.extract_text() or "") for i, page in enumerate(reader.pages, start=1)]


def _html(text: str) -> list[tuple[str, str]]:
    from xxgk.reports.checker.extract import html_lines

    return [("正文", "\n".join(html_lines(text)))]


def file_segments(name: str, data: bytes) -> list[tuple[str, str]]:
    """Return (where, text) segments of a DOCX, XLSX, PDF, HTML or text file."""
    suffix = Path(name).suffix.lower()
    try:
        if data[:4] == b"%PDF" or suffix == ".pdf":
            return _pdf(data)
        if data[:2] == b"PK":
            try:
                check_zip(data, max_unpacked=settings.XXGK_MAX_UNPACKED_BYTES)
            except PackageRejected as exc:
                raise UnreadableFile(f"无法读取文件“{name}”：{exc}") from exc
            return _xlsx(data) if suffix in (".xlsx", ".xlsm") else _docx(data)
        text = decode_chinese_text(data)
        if text is None:
            raise UnreadableFile(f"无法识别文件“{name}”的编码。")
        if "\x00" in text:
            raise UnreadableFile(f"文件“{name}”不是可检查的文本、DOCX、XLSX、PDF或HTML。")
        return _html(text) if suffix in (".html", ".htm") or "<html" in text[:2000].lower() else [("正文", text)]
    except UnreadableFile:
        raise
    except Exception as exc:  # a damaged office or PDF file
        raise UnreadableFile(f"无法读取文件“{name}”：{exc.__class__.__name__}。") from exc
