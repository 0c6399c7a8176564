"""The pre-publication scan: markings are blocked, mentions are not; personal data by its checks."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xxgk.core.scan import luhn_valid, scan_text
from xxgk.review.extract import UnreadableFile, file_segments

ROOT = Path(__file__).resolve().parent.parent


def kinds(text, **kw):
    return [(f.kind, f.text) for f in scan_text([("正文", text)], **kw)]


@pytest.mark.parametrize("marking", ["秘密★1年", "机密★", "绝密★长期", "秘密", "  机 密  ", "【秘密】", "内部资料，注意保存",
                                     "公文标题 秘密★6个月"])
def test_markings_are_found(marking):
    assert ("secrecy_marking", marking.strip()) in kinds(marking)


@pytest.mark.parametrize("text", ["关于做好保守国家秘密工作的通知", "严格执行《中华人民共和国保守国家秘密法》，涉密信息不上网。",
                                  "本机关不掌握该商业秘密，建议向相关单位申请。", "秘密行动的报道不属于本机关职责。"])
def test_mentions_are_not_markings(text):
    assert not [k for k, _ in kinds(text) if k == "secrecy_marking"]


def test_identity_numbers_need_a_valid_check_digit():
    assert kinds("身份证：11010519491231002X。") == [("id_number", "11010519491231002X")]
    assert kinds("号码110105194912310021不是身份证") == []
    assert kinds("订单号1101051949123100290123") == []  # part of a longer number


def test_mobiles_and_cards():
    assert ("mobile", "13912345678") in kinds("联系电话13912345678")
    assert kinds("座机0379-63221234") == []
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert ("bank_card", "4111 1111 1111 1111") in kinds("账号 4111 1111 1111 1111")
    assert not [k for k, _ in kinds("账号 4111 1111 1111 1112") if k == "bank_card"]


def test_configured_words_and_patterns_with_locations():
    found = scan_text([("附件a.docx", "第一行\n含有内部代号X7的文字")], words=["内部代号"],
                      patterns={"plate": r"豫C[A-Z0-9]{5}"})
    assert [(f.kind, f.where) for f in found] == [("word", "附件a.docx第2行")]
    plate = scan_text([("正文", "车辆豫CA1234停放")], patterns={"plate": r"豫C[A-Z0-9]{5}"})
    assert [(f.kind, f.text) for f in plate] == [("plate", "豫CA1234")]


def make_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("机密★5年")
    doc.add_paragraph("关于某项目的请示")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "联系人电话"
    table.cell(0, 1).text = "13800138000"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "名单"
    workbook.active["B3"] = "11010519491231002X"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string='<html><body style="font-family: WenQuanYi Micro Hei"><p>身份证号11010519491231002X</p>'
                       "</body></html>").write_pdf()


def test_files_of_every_kind_are_located():
    docx = scan_text(file_segments("a.docx", make_docx()))
    assert ("secrecy_marking", "正文第1行") in [(f.kind, f.where) for f in docx]
    assert ("mobile", "表格1第1行") in [(f.kind, f.where) for f in docx]
    xlsx = scan_text(file_segments("a.xlsx", make_xlsx()))
    assert [(f.kind, f.where) for f in xlsx] == [("id_number", "工作表“名单”B3单元格第1行")]
    pdf = scan_text(file_segments("a.pdf", make_pdf()))
    assert [(f.kind, f.where) for f in pdf] == [("id_number", "PDF第1页第1行")]
    html = scan_text(file_segments("a.html", "<html><body><p>秘密★1年</p><p>正文</p></body></html>".encode()))
    assert html[0].kind == "secrecy_marking"
    with pytest.raises(UnreadableFile):
        file_segments("a.docx", b"PK\x03\x04broken")


def run_scan(path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run([sys.executable, "-m", "xxgk.cli", "scan", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, env=env)


def test_cli_exit_status_and_json(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("关于做好保守国家秘密工作的通知", "utf-8")
    result = run_scan(clean)
    assert result.returncode == 0 and json.loads(result.stdout) == {"findings": [], "blocking": False}
    marked = tmp_path / "marked.docx"
    marked.write_bytes(make_docx())
    result = run_scan(marked)
    body = json.loads(result.stdout)
    assert result.returncode == 1 and body["blocking"] is True
    assert {"kind": "secrecy_marking", "text": "机密★5年", "where": "正文第1行"} in body["findings"]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nonsense")
    assert run_scan(broken).returncode == 2
