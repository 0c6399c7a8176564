"""Find the report's year, format and tables in its lines, tolerating flattened and broken tables."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..tables import Finding, Tables, check_tables, data_rows, format_for_year, table_defs, value_columns
from .extract import BLANK, UnreadableReport, document_lines
from .narrative import narrative_findings

FULLWIDTH = str.maketrans("０１２３４５６７８９．，－（）：", "0123456789.,-()：")
PAGE_MARKER = re.compile(r"^\s*[-—–]\s*\d+\s*[-—–]\s*$")
NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")

# Keywords that identify each data row (after spaces are removed); the first that matches wins.
ROW_KEYS = {
    "regulations": r"规章", "normative_docs": r"规范性文件", "licensing": r"行政许可",
    "other_services": r"其他对外管理服务事项", "penalty": r"行政处罚", "coercion": r"行政强制",
    "fees": r"行政事业性收费", "central_procurement": r"政府集中采购",
    "new_received": r"本年新收", "carried_over": r"上年结转", "granted": r"予以公开", "partial": r"部分公开",
    "denied_state_secret": r"国家秘密", "denied_law_prohibited": r"禁止公开", "denied_security": r"三安全一稳定|危及",
    "denied_third_party": r"第三方合法权益", "denied_internal": r"内部事务", "denied_process": r"过程性信息",
    "denied_enforcement_file": r"执法案卷", "denied_admin_query": r"行政查询", "unable_not_held": r"不掌握",
    "unable_needs_creation": r"另行制作", "unable_still_unclear": r"仍不明确", "np_petition": r"信访|举报投诉",
    "np_repeat": r"重复申请", "np_publication": r"公开出版物", "np_mass_repeat": r"大量反复",
    "np_confirm_reissue": r"重新出具|确认或重新", "other": r"其他处理", "other_no_supplement": r"不补正",
    "other_fee_unpaid": r"缴纳费用|收费通知", "other_misc": r"其他", "result_total": r"总计",
    "carry_forward": r"结转下年",
}
SECTION_HEADINGS = {
    "二": r"二[、.．]\s*主动公开政府信息", "三": r"三[、.．]\s*收到和处理政府信息公开申请",
    "四": r"四[、.．]\s*政府信息公开行政复议", "五": r"五[、.．]\s*(政府信息公开工作)?存在的主要问题",
}


@dataclass
class Token:
    kind: str  # "text", "number", "blank"
    text: str
    value: object = None


@dataclass
class CheckResult:
    """What `xxgk report check` prints."""

    year: int | None
    format: str | None
    tables: Tables = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict:
        return {"year": self.year, "format": self.format, "tables": self.tables,
                "findings": [f.as_dict() for f in self.findings]}


def _number(text: str):
    plain = text.replace(",", "")
    if "." in plain:
        try:
            return Decimal(plain)
        except InvalidOperation:
            return None
    return int(plain)


def tokenize(lines: list[str], kind: str) -> list[Token]:
    """Split lines into text, number and blank-cell tokens (page markers dropped)."""
    lines = [line.translate(FULLWIDTH).replace("\xa0", " ").replace("\u3000", " ") for line in lines]
    lines = [line for line in lines if not PAGE_MARKER.match(line)]
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    # Some copies put one cell per line with an empty line between: extra empty lines are blank cells.
    double_spaced = kind == "text" and len(nonempty) > 20 and sum(
        1 for i in nonempty if i + 1 < len(lines) and not lines[i + 1].strip()) > 0.8 * len(nonempty)
    tokens: list[Token] = []
    previous_empty = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if double_spaced and previous_empty:
                tokens.append(Token("blank", BLANK))
            previous_empty = True
            continue
        previous_empty = False
        for piece in re.split(r"[\s]+", stripped):
            if not piece:
                continue
            if piece == BLANK:
                tokens.append(Token("blank", BLANK))
            elif NUMBER.match(piece):
                tokens.append(Token("number", piece, _number(piece)))
            else:
                tokens.append(Token("text", piece))
    return tokens


class Stream:
    """Tokens with a joined text for label search; each number or blank is one placeholder char."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        parts, self.starts = [], []
        position = 0
        for token in tokens:
            self.starts.append(position)
            piece = token.text if token.kind == "text" else "\x01"
            parts.append(piece)
            position += len(piece)
        self.joined = "".join(parts)

    def token_at(self, position: int) -> int:
        """Return the index of the token covering a position of the joined text."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def find(self, pattern: str, start: int = 0) -> re.Match | None:
        return re.compile(pattern).search(self.joined, start)

    def first_cell_run(self, start: int, end: int) -> list[Token]:
        """Return the first unbroken run of number/blank tokens after `start` (text before it skipped)."""
        run: list[Token] = []
        for i in range(self.token_at(start), len(self.tokens)):
            if self.starts[i] < start:
                continue
            if self.starts[i] >= end:
                break
            token = self.tokens[i]
            if token.kind == "text":
                if run:
                    break
                continue
            run.append(token)
        return run

    def cells_between(self, start: int, end: int) -> list[Token]:
        """Return the number and blank tokens between two positions of the joined text."""
        first, last = self.token_at(start), self.token_at(max(start, end - 1))
        return [self.tokens[i] for i in range(first, last + 1)
                if self.tokens[i].kind in ("number", "blank") and start <= self.starts[i] < end]


def _fit(cells: list[Token], width: int, has_total: bool, label: str, table_id: str,
         findings: list[Finding], decimal_columns: set[int]) -> list:
    values = [0 if c.kind == "blank" else c.value for c in cells]
    blanks = sum(1 for c in cells if c.kind == "blank")
    if blanks:
        findings.append(Finding("blank_cell", "warning", f"“{label}”行有{blanks}个空白单元格，按0计。"))
    if len(values) == width:
        fitted = values
    elif len(values) > width:
        candidates = [values[:width - 1] + values[-1:], values[-width:], values[:width]] if has_total else [values[:width]]
        fitted = next((c for c in candidates if sum(c[:-1]) == c[-1]), candidates[0])
        findings.append(Finding("extra_cells", "warning",
                                f"“{label}”行有{len(values)}个数，多于{width}列，已按表格结构取值：{fitted}。"))
    else:
        if has_total and len(values) >= 1:
            fitted = values[:-1] + [0] * (width - len(values)) + values[-1:]
        else:
            fitted = values + [0] * (width - len(values))
        if values:
            findings.append(Finding("missing_cells", "warning",
                                    f"“{label}”行只有{len(values)}个数（应为{width}个），缺失的单元格按0计。"))
        else:
            findings.append(Finding("missing_cells", "warning", f"“{label}”行没有数字，按0计。"))
    result = []
    for i, v in enumerate(fitted):
        if i in decimal_columns:
            result.append(str(v))
        elif isinstance(v, Decimal):
            findings.append(Finding("not_integer", "error", f"“{label}”行出现非整数“{v}”。"))
            result.append(int(v))
        else:
            result.append(v)
    return result


def _section_start(stream: Stream, no: str) -> int | None:
    match = stream.find(SECTION_HEADINGS[no])
    return match.start() if match else None


def _parse_table(stream: Stream, table: dict, start: int, end: int, findings: list[Finding],
                 require_number_after: bool) -> dict[str, list]:
    columns = value_columns(table)
    width = len(columns)
    has_total = columns[-1]["id"] == "total"
    decimals = {i for i, c in enumerate(columns) if c.get("type") == "decimal"}
    rows = data_rows(table)
    result: dict[str, list] = {}
    matches: list[tuple[str, re.Match]] = []
    position = start
    for row in rows:
        pattern = ROW_KEYS[row["id"]]
        match = None
        for candidate in re.finditer(pattern, stream.joined[position:end]):
            absolute = position + candidate.end()
            following = stream.joined[absolute:absolute + 12].lstrip("）)")
            if not require_number_after or re.match(r"^[^\x01]{0,12}\x01", following):
                match = (position + candidate.start(), absolute)
                break
        if match is None:
            findings.append(Finding("row_missing", "warning", f"未找到“{row['path'][-1]}”行（表格可能被截断），按0计。"))
            continue
        matches.append((row["id"], match))
        position = match[1]
    for i, (row_id, (_, label_end)) in enumerate(matches):
        next_start = matches[i + 1][1][0] if i + 1 < len(matches) else end
        if i + 1 == len(matches):  # the table's last row: its cells end where text resumes
            cells = stream.first_cell_run(label_end, next_start)
        else:
            cells = stream.cells_between(label_end, next_start)
        label = next(r["path"][-1] for r in rows if r["id"] == row_id)
        result[row_id] = _fit(cells, width, has_total, label, table["id"], findings, decimals)
    for row in rows:
        result.setdefault(row["id"], ["0" if i in decimals else 0 for i in range(width)])
    return result


def detect_year(text: str) -> int | None:
    """Return the report year from its title, or the first plausible year mentioned."""
    head = text[:600]
    for pattern in (r"(20\d\d)\s*年度?\s*(政府信息公开|政务公开)?\s*工作\s*年度报告", r"(20\d\d)\s*年度?[^。\n]{0,20}年度报告",
                    r"(20\d\d)\s*年"):
        match = re.search(pattern, head)
        if match:
            return int(match.group(1))
    return None


def detect_format(year: int | None, joined: str) -> str | None:
    if year is not None:
        return format_for_year(year)
    if re.search(r"不补正|缴纳费用|本年制发件数|现行有效件数", joined):
        return "2021"
    if re.search(r"本年新制作数量|对外公开总数量|政府集中采购", joined):
        return "2019"
    return None


def check_document(name: str, data: bytes, previous: Tables | None = None) -> CheckResult:
    """Read a published report and return its year, format, tables and findings.

    Raises UnreadableReport when the file is not a report at all.
    """
    lines, kind = document_lines(name, data)
    stream = Stream(tokenize(lines, kind))
    text = "\n".join(lines)
    year = detect_year(text.translate(FULLWIDTH))
    fmt = detect_format(year, stream.joined)
    if fmt is None or not re.search(r"政府信息公开|依申请公开", stream.joined):
        raise UnreadableReport("未能识别为政府信息公开工作年度报告（找不到年份、格式或报告结构）。")
    findings: list[Finding] = []
    starts = {no: _section_start(stream, no) for no in SECTION_HEADINGS}
    end_of = len(stream.joined)
    tables: Tables = {}
    incomplete: set[str] = set()
    for table in table_defs(fmt):
        section = table["section"]
        begin = starts.get(section)
        following = [s for no, s in starts.items() if s is not None and begin is not None and s > begin]
        end = min(following, default=end_of)
        if begin is None:
            begin = starts.get("三") if section == "三" else None
            if begin is None:
                if section == "三":
                    begin = 0
                else:
                    findings.append(Finding("section_missing", "warning", f"未找到第{section}部分的表格。"))
                    continue
        local: list[Finding] = []
        if table["id"] == "t4":
            tables["t4"] = {"count": _fit([t for t in stream.cells_between(begin, end)][:15], 15, False,
                                          "行政复议、行政诉讼", "t4", local, set())}
        else:
            tables[table["id"]] = _parse_table(stream, table, begin, end, local,
                                               require_number_after=table["id"].startswith("t2"))
        findings += local
        if any(f.rule == "row_missing" for f in local):
            incomplete.add(table["id"])
            findings.append(Finding("table_incomplete", "warning",
                                    f"“{table['title']}”表格不完整，未核对其勾稽关系。"))
    findings += check_tables(tables, fmt, previous, incomplete=frozenset(incomplete))
    findings += narrative_findings(text, tables)
    return CheckResult(year=year, format=fmt, tables=tables, findings=findings)
