"""Turn a published report (plain text, HTML or DOCX) into lines of text; table cells become lines."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from xxgk.core.packages import PackageRejected, check_zip
from xxgk.core.text import decode_chinese_text

BLANK = "∅"  # an empty table cell whose position is known (HTML, DOCX)


class UnreadableReport(ValueError):
    """The file cannot be read as a report (exit status 2)."""


class _HtmlLines(HTMLParser):
    BREAKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.cell: list[str] | None = None
        self.skipping = 0

    def _flush(self):
        text = "".join(self.current).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in ("td", "th"):
            self._flush()
            self.cell = []
        elif tag in self.BREAKS and self.cell is None:
            self._flush()
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("td", "th") and self.cell is not None:
            text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
            self.lines.append(text or BLANK)
            self.cell = None
        elif tag in self.BREAKS and self.cell is None:
            self._flush()

    def handle_data(self, data):
        if self.skipping:
            return
        (self.cell if self.cell is not None else self.current).append(data)


def html_lines(text: str) -> list[str]:
    parser = _HtmlLines()
    parser.feed(text)
    parser.close()
    parser._flush()
    return parser.lines


def docx_lines(data: bytes) -> list[str]:
    from docx import Document
    from docx.oxml.ns import qn

    try:
        check_zip(data, max_unpacked=settings.XXGK_MAX_UNPACKED_BYTES)
    except PackageRejected as exc:
        raise UnreadableReport(str(exc)) from exc
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # not a DOCX package
        raise UnreadableReport(f"无法读取DOCX文件：{exc.__class__.__name__}。") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                lines.append(text)
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                for cell in row.iter(qn("w:tc")):
                    merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    if merge is not None and merge.get(qn("w:val")) != "restart":
                        continue  # the lower part of a vertically merged cell, not a cell of its own
                    text = "".join(t.text or "" for t in cell.iter(qn("w:t"))).strip()
                    lines.append(text or BLANK)
    return lines


def decode_text(data: bytes) -> str:
    text = decode_chinese_text(data)
    if text is None:
        raise UnreadableReport("文本编码无法识别，请使用UTF-8或GBK编码。")
    return text


def document_lines(name: str, data: bytes) -> tuple[list[str], str]:
    """Return (lines, kind) where kind is 'text', 'html' or 'docx'."""
    suffix = Path(name).suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK":
        return docx_lines(data), "docx"
    text = decode_text(data)
    if suffix in (".html", ".htm") or re.search(r"<(html|table|body|p|div)[\s>]", text[:5000], re.I):
        return html_lines(text), "html"
    if "\x00" in text:
        raise UnreadableReport("文件不是文本、HTML或DOCX格式。")
    return text.splitlines(), "text"
