"""Report tables as data (from report_formats.json) and the rules over them. Pure: no Django."""

from dataclasses import dataclass
from decimal import Decimal

from xxgk.core.outcomes import report_formats

Tables = dict[str, dict[str, list]]  # table id → data row id → values in column order


@dataclass(frozen=True)
class Finding:
    """One rule result: rule id, 'error' or 'warning', and a Chinese message naming the cells."""

    rule: str
    severity: str
    message: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "message": self.message}


def format_for_year(year: int) -> str:
    """Return the format id for a report year: 2019 trial format up to 2020, the 2021 format after."""
    return "2019" if year <= 2020 else "2021"


def format_def(fmt: str) -> dict:
    return report_formats()["formats"][fmt]


def table_defs(fmt: str) -> list[dict]:
    """Return the format's tables in report order."""
    return format_def(fmt)["tables"]


def table_def(fmt: str, table_id: str) -> dict:
    return next(t for t in table_defs(fmt) if t["id"] == table_id)


def value_columns(table: dict) -> list[dict]:
    """Return the numeric columns (the row label column left out)."""
    return [c for c in table["columns"] if c.get("kind") != "row_label"]


def data_rows(table: dict) -> list[dict]:
    """Return the rows that carry numbers (merged group labels left out)."""
    return [r for r in table["rows"] if r.get("data_row", True)]


def empty_tables(fmt: str) -> Tables:
    """Return every table of the format filled with zeros (decimals as '0')."""
    result: Tables = {}
    for table in table_defs(fmt):
        zero = ["0" if c.get("type") == "decimal" else 0 for c in value_columns(table)]
        result[table["id"]] = {r["id"]: list(zero) for r in data_rows(table)}
    return result


def row_label(table: dict, row_id: str) -> str:
    row = next(r for r in table["rows"] if r["id"] == row_id)
    return row["path"][-1] if row["path"] else table["title"]


def column_label(table: dict, column_id: str) -> str:
    column = next(c for c in table["columns"] if c["id"] == column_id)
    same_name = [c for c in table["columns"] if c["path"][-1] == column["path"][-1]]
    # Section 四 repeats 结果维持…总计 under each group: name the group too.
    return column["path"][-1] if len(same_name) == 1 else "·".join(column["path"])


def _section(table: dict) -> str:
    return table.get("caption") or f"第{table['section']}部分"


def _num(value) -> Decimal:
    return Decimal(str(value))


def _sum_equal(table: dict, rule: dict, data: dict[str, list]) -> list[Finding]:
    findings: list[Finding] = []
    cols = [c["id"] for c in value_columns(table)]
    if rule["for_each"] == "column":
        for i, col in enumerate(cols):
            left = sum(_num(data[r][i]) for r in rule["left"] if r in data)
            right = sum(_num(data[r][i]) for r in rule["right"] if r in data)
            if left != right:
                lhs = " + ".join(f"{row_label(table, r)}（{data[r][i]}）" for r in rule["left"] if r in data)
                rhs = " + ".join(f"{row_label(table, r)}（{data[r][i]}）" for r in rule["right"] if r in data)
                if len(rule["right"]) > 4:
                    rhs = f"各办理结果之和（{right}）"
                findings.append(Finding(rule["id"], rule["severity"],
                                        f"{_section(table)}“{column_label(table, col)}”列：{lhs} = {left}，"
                                        f"而 {rhs} = {right}，两者应相等。"))
    else:  # for each data row: left columns equal the sum of right columns
        rows = [r["id"] for r in data_rows(table)] if rule.get("rows") == "all_data_rows" else rule.get("rows", [])
        for row in rows:
            if row not in data:
                continue
            values = dict(zip(cols, data[row], strict=False))
            left = sum(_num(values[c]) for c in rule["left"])
            right = sum(_num(values[c]) for c in rule["right"])
            if left != right:
                findings.append(Finding(rule["id"], rule["severity"],
                                        f"{_section(table)}“{row_label(table, row)}”行："
                                        f"{'、'.join(column_label(table, c) for c in rule['left'])}为{left}，"
                                        f"而{'、'.join(column_label(table, c) for c in rule['right'])}之和为{right}。"))
    return findings


def _range(table: dict, rule: dict, data: dict[str, list]) -> list[Finding]:
    findings = []
    for row, values in data.items():
        for col, value in zip(value_columns(table), values, strict=False):
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            if not ok:
                findings.append(Finding(rule["id"], rule["severity"],
                                        f"{_section(table)}“{row_label(table, row)}”行“{col['path'][-1]}”列的值"
                                        f"“{value}”应为非负整数。"))
    return findings


def _cross_year(table: dict, rule: dict, data: dict[str, list], previous: Tables | None) -> list[Finding]:
    if previous is None or table["id"] not in previous:
        return []
    findings = []
    before = previous[table["id"]]
    if rule["type"] == "cross_year_equal":
        left_row, right_row = rule["left"]["row"], rule["right"]["row"]
        if left_row not in data or right_row not in before:
            return []
        for i, col in enumerate(value_columns(table)):
            if data[left_row][i] != before[right_row][i]:
                findings.append(Finding(rule["id"], rule["severity"],
                                        f"{_section(table)}“{col['path'][-1]}”列：本年“{row_label(table, left_row)}”为"
                                        f"{data[left_row][i]}，上年报告“{row_label(table, right_row)}”为"
                                        f"{before[right_row][i]}。"))
    elif rule["type"] == "cross_year_formula":
        for row in rule.get("rows", []):
            if row in data and row in before and len(before[row]) == 3:
                made, repealed, valid = data[row]
                if _num(valid) != _num(before[row][2]) + _num(made) - _num(repealed):
                    findings.append(Finding(rule["id"], rule["severity"],
                                            f"{_section(table)}“{row_label(table, row)}”：现行有效件数{valid}不等于上年"
                                            f"{before[row][2]} + 本年制发{made} − 本年废止{repealed}。"))
    return findings


def check_tables(tables: Tables, fmt: str, previous: Tables | None = None,
                 incomplete: frozenset[str] = frozenset()) -> list[Finding]:
    """Run every rule of the format over the tables; `previous` is last year's tables if known.

    Tables listed in `incomplete` (cut or missing rows) get only the per-cell checks.
    """
    findings: list[Finding] = []
    for table in table_defs(fmt):
        data = tables.get(table["id"])
        if data is None:
            continue
        for rule in table.get("rules", []):
            if table["id"] in incomplete and rule["type"] != "range":
                continue
            if rule["type"] == "sum_equal":
                findings += _sum_equal(table, rule, data)
            elif rule["type"] == "range":
                findings += _range(table, rule, data)
            elif rule["type"].startswith("cross_year"):
                findings += _cross_year(table, rule, data, previous)
    return findings


def with_totals(table_id: str, fmt: str, rows: dict[str, list[int]]) -> dict[str, list[int]]:
    """Return t3 rows with the 总计 column and the （七）总计 row filled in from the parts."""
    table = table_def(fmt, table_id)
    result = {r: [*values, sum(values)] for r, values in rows.items()}
    rule = next(r for r in table["rules"] if r["id"] == "t3_result_total")
    width = len(value_columns(table))
    result["result_total"] = [sum(result.get(r, [0] * width)[i] for r in rule["right"]) for i in range(width)]
    return result
