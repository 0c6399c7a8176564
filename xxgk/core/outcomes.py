"""办理结果 (case outcomes): the leaf rows of the annual report's section 三, as data. Pure."""

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

RESULT_ROWS_2021_FIRST, RESULT_ROWS_2021_LAST = "granted", "other_misc"


@dataclass(frozen=True)
class Outcome:
    """One leaf outcome: its row id, group and item labels, and the label the ledger uses."""

    code: str
    group: str
    item: str
    basis: str

    @property
    def ledger_label(self) -> str:
        """Return '予以公开' for a group without items, else '不予公开-属于四类过程性信息'."""
        return f"{self.group}-{self.item}" if self.item else self.group

    @property
    def group_code(self) -> str:
        return self.code.split("_")[0] if self.item else self.code


@cache
def report_formats() -> dict:
    """Return the annual-report formats (tables, rows, columns, rules) as loaded from data."""
    return json.loads(resources.files("xxgk.core").joinpath("data/report_formats.json").read_text("utf-8"))


def _strip_number(label: str) -> str:
    label = re.sub(r"^（[一二三四五六七八九十]+）", "", label)
    label = re.sub(r"^\d+\.", "", label)
    return re.sub(r"（区分处理的.*）$", "", label)


@cache
def outcomes() -> tuple[Outcome, ...]:
    """Return the 2021 format's leaf outcome rows in report order."""
    table = next(t for t in report_formats()["formats"]["2021"]["tables"] if t["id"] == "t3")
    rows = table["rows"]
    first = next(i for i, r in enumerate(rows) if r["id"] == RESULT_ROWS_2021_FIRST)
    last = next(i for i, r in enumerate(rows) if r["id"] == RESULT_ROWS_2021_LAST)
    result = []
    for row in rows[first:last + 1]:
        if not row.get("data_row"):
            continue
        path = row["path"][1:]
        group = _strip_number(path[0])
        item = _strip_number(path[1]) if len(path) > 1 else ""
        result.append(Outcome(code=row["id"], group=group, item=item, basis=row.get("basis_interpretive", "")))
    return tuple(result)


@cache
def outcome_by_code() -> dict[str, Outcome]:
    return {o.code: o for o in outcomes()}


@cache
def outcome_by_ledger_label() -> dict[str, Outcome]:
    return {o.ledger_label: o for o in outcomes()}


def outcome_choices() -> list[tuple[str, str]]:
    """Return (code, ledger label) pairs for forms."""
    return [(o.code, o.ledger_label) for o in outcomes()]


def row_for_format(code: str, format_year: str) -> str:
    """Return the section 三 row an outcome counts in for a format: 2019 has one 其他处理 row."""
    if format_year == "2019" and code.startswith("other_"):
        return "other"
    return code
