"""Render a letter (title + body with $variables) to DOCX and PDF: the letters adapter."""

import html
import io
from string import Template

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

PDF_CSS = """
@page { size: A4; margin: 2.5cm 2.2cm; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 12pt;
       line-height: 1.8; }
h1 { text-align: center; font-size: 18pt; margin-bottom: .3cm; }
p.number { text-align: center; margin-top: 0; }
p { margin: 0 0 .25cm; text-indent: 2em; }
p.salutation { text-indent: 0; }
p.sign { text-align: right; text-indent: 0; margin-top: 1cm; }
"""


def fill(text: str, variables: dict[str, str]) -> str:
    """Substitute $variables; unknown ones stay visible. Raise ValueError on a malformed '$'."""
    template = Template(text)
    if not template.is_valid():
        raise ValueError("malformed placeholder")
    return template.safe_substitute(variables)


def render_docx(*, title: str, number: str, body: str, signature: str, date_text: str) -> bytes:
    """Return the letter as a DOCX document."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    numbered = doc.add_paragraph(number)
    numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in body.split("\n"):
        if line.strip():
            doc.add_paragraph(line)
    for text in (signature, date_text):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_pdf(*, title: str, number: str, body: str, signature: str, date_text: str) -> bytes:
    """Return the letter as a PDF (WeasyPrint, local fonts only)."""
    from weasyprint import HTML

    lines = [line for line in body.split("\n") if line.strip()]
    paragraphs = "".join(
        f'<p class="{"salutation" if i == 0 and line.endswith("：") else ""}">{html.escape(line)}</p>'
        for i, line in enumerate(lines)
    )
    document = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{PDF_CSS}</style></head><body>'
        f"<h1>{html.escape(title)}</h1><p class=\"number\">{html.escape(number)}</p>{paragraphs}"
        f'<p class="sign">{html.escape(signature)}<br>{html.escape(date_text)}</p></body></html>'
    )
    return HTML(string=document).write_pdf()
