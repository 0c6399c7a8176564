"""The checker on real published reports (text, HTML), on DOCX, and through `xxgk report check`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xxgk.reports.checker import check_document
from xxgk.reports.checker.extract import UnreadableReport

SAMPLES = Path(__file__).resolve().parent / "data" / "samples"
ROOT = Path(__file__).resolve().parent.parent
NAMES = ["county-dept-2024-excerpt.txt", "huaian-city-2024.txt", "shanghai-gov-office-2019.html",
         "street-2021-excerpt.txt", "township-2020-excerpt.txt", "xigong-2020-annual-report.txt"]


def expected(name):
    return json.loads((SAMPLES / (name.rsplit(".", 1)[0] + ".expected.json")).read_text("utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_samples_extract_what_a_person_reads(name):
    want = expected(name)
    result = check_document(name, (SAMPLES / name).read_bytes())
    assert (result.year, result.format) == (want["year"], want["format"])
    for table_id, rows in want["tables"].items():
        for row_id, values in rows.items():
            assert result.tables[table_id][row_id] == values, (table_id, row_id)


@pytest.mark.parametrize("name", NAMES)
def test_consistency_verdict_matches(name):
    want = expected(name)
    result = check_document(name, (SAMPLES / name).read_bytes())
    if want.get("consistent") is True:
        assert not result.has_errors, [f.message for f in result.findings if f.severity == "error"]
    elif want.get("consistent") is False:
        assert result.has_errors
    else:  # a cut excerpt: reported as incomplete, not as arithmetic errors
        assert any(f.rule in ("table_incomplete", "row_missing") for f in result.findings)


def test_seed_parses_every_table():
    result = check_document("seed.txt", (SAMPLES / "xigong-2020-annual-report.txt").read_bytes())
    assert result.tables == expected("xigong-2020-annual-report.txt")["tables"]
    assert not result.has_errors


def test_blank_cells_are_zero_and_noted():
    result = check_document("sh.html", (SAMPLES / "shanghai-gov-office-2019.html").read_bytes())
    assert any(f.rule == "blank_cell" for f in result.findings)


def test_prose_that_disagrees_with_the_table_is_a_warning():
    text = (SAMPLES / "xigong-2020-annual-report.txt").read_text("utf-8").replace(
        "共受理依申请公开政府信息13件", "共受理依申请公开政府信息15件")
    result = check_document("seed.txt", text.encode())
    warning = next(f for f in result.findings if f.rule == "narrative_applications")
    assert warning.severity == "warning" and "15件" in warning.message and "13件" in warning.message


def test_run_together_cells_are_caught():
    text = (SAMPLES / "huaian-city-2024.txt").read_text("utf-8").replace(
        "（一）予以公开 1288 21 0 0 50 3 1362", "（一）予以公开 128821 0 0 50 3 1362")
    result = check_document("h.txt", text.encode())
    assert result.has_errors


def test_docx_and_html_of_a_report(tmp_path):
    from xxgk.reports.render import render_docx, render_html
    from xxgk.reports.tables import empty_tables

    tables = expected("xigong-2020-annual-report.txt")["tables"]
    full = empty_tables("2019")
    for t, rows in tables.items():
        full[t].update(rows)
    parts = {"title": "某区人民政府2020年政府信息公开工作年度报告", "fmt": "2019", "tables": full,
             "narrative": {"s1": "2020年共受理依申请公开政府信息13件。"}}
    for name, data in (("r.docx", render_docx(**parts)), ("r.html", render_html(**parts).encode())):
        result = check_document(name, data)
        assert result.tables == full and result.year == 2020, name


def test_unreadable_input():
    with pytest.raises(UnreadableReport):
        check_document("x.txt", "这是一份普通的通知，与年报无关。".encode())
    with pytest.raises(UnreadableReport):
        check_document("x.docx", b"PK\x03\x04 not really a docx")


def run_check(*args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run([sys.executable, "-m", "xxgk.cli", "report", "check", *args], cwd=ROOT,
                          capture_output=True, text=True, env=env)


def test_cli_exit_status_and_json_shape(tmp_path):
    ok = run_check(str(SAMPLES / "huaian-city-2024.txt"), "--json")
    assert ok.returncode == 0
    body = json.loads(ok.stdout)
    assert set(body) == {"year", "format", "tables", "findings"}
    assert body["tables"]["t3"]["granted"] == [1288, 21, 0, 0, 50, 3, 1362]
    assert len(body["tables"]["t4"]["count"]) == 15 and body["tables"]["t2_art20_8"]["fees"] == ["96171.6"]
    bad = run_check(str(SAMPLES / "shanghai-gov-office-2019.html"))
    assert bad.returncode == 1 and "错误" in bad.stdout
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    unreadable = run_check(str(junk), "--json")
    assert unreadable.returncode == 2 and json.loads(unreadable.stdout)["findings"][0]["rule"] == "unreadable"
