"""Render a report (title, narrative, tables) to HTML, DOCX, PDF and XLSX: the report exporters."""

import io

from django.template.loader import render_to_string

from .layout import layout
from .selectors import SECTION_TITLES
from .tables import format_def, table_defs

TABLE_SECTIONS = {"二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况",
                  "四": "四、政府信息公开行政复议、行政诉讼情况"}


def report_context(*, title: str, fmt: str, tables: dict, narrative: dict) -> dict:
    """Return the sections in order, each with its text or its laid-out tables."""
    sections = []
    for section in format_def(fmt)["sections"]:
        if section["kind"] == "text":
            key = section["id"]
            sections.append({"title": SECTION_TITLES[key], "paragraphs": [p for p in narrative.get(key, "").split("\n")
                                                                          if p.strip()]})
        else:
            sections.append({"title": TABLE_SECTIONS[section["no"]],
                             "tables": [layout(fmt, t, tables[t]) for t in section["tables"] if t in tables]})
    return {"title": title, "sections": sections}


def render_html(**kwargs) -> str:
    """Return a complete, accessible HTML document (tables with the standard merged cells)."""
    return render_to_string("reports/report_document.html", report_context(**kwargs))


def render_pdf(html: str) -> bytes:
    """Return the PDF of the HTML; WeasyPrint embeds the (local) Chinese font it uses."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_docx(*, title: str, fmt: str, tables: dict, narrative: dict) -> bytes:
    """Return the report as DOCX with real merged table cells."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    context = report_context(title=title, fmt=fmt, tables=tables, narrative=narrative)
    doc = Document()
    heading = doc.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in context["sections"]:
        doc.add_heading(section["title"], level=2)
        for paragraph in section.get("paragraphs", []):
            doc.add_paragraph(paragraph)
        for t in section.get("tables", []):
            if t["caption"]:
                doc.add_paragraph(t["caption"])
            grid = [*t["header"], *[[*row["labels"], *({"text": str(v), "colspan": 1, "rowspan": 1}
                                                        for v in row["values"])] for row in t["body"]]]
            table = doc.add_table(rows=len(grid), cols=t["width"])
            table.style = "Table Grid"
            occupied = [[False] * t["width"] for _ in grid]
            for r, cells in enumerate(grid):
                c = 0
                for cell in cells:
                    while c < t["width"] and occupied[r][c]:
                        c += 1
                    if c >= t["width"]:
                        break
                    last_r, last_c = r + cell["rowspan"] - 1, c + cell["colspan"] - 1
                    target = table.cell(r, c)
                    if (last_r, last_c) != (r, c):
                        target = target.merge(table.cell(last_r, last_c))
                    target.text = cell["text"]
                    for rr in range(r, last_r + 1):
                        for cc in range(c, last_c + 1):
                            occupied[rr][cc] = True
                    c = last_c + 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_xlsx(*, title: str, fmt: str, tables: dict, narrative: dict) -> bytes:
    """Return one sheet per table: label, then the values in column order (numbers as numbers)."""
    from decimal import Decimal

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in table_defs(fmt):
        if table["id"] not in tables:
            continue
        t = layout(fmt, table["id"], tables[table["id"]])
        sheet = workbook.create_sheet(table["id"])
        sheet.append([title])
        sheet.append([f"{t['caption']} {t['title']}".strip()])
        sheet.append(["项目", *t["columns"]])
        for row in t["body"]:
            label = row["labels"][-1]["text"] if row["labels"] else row["id"]
            sheet.append([label, *[float(Decimal(v)) if isinstance(v, str) else v for v in row["values"]]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
