"""Compare numbers stated in the report's prose with its tables (warnings only)."""

import re

from ..tables import Finding, Tables

APPLICATIONS = re.compile(r"(?:收到|受理|新收|接收)[^。；;\d]{0,20}?(?:公开)?申请[^。；;\d]{0,6}?(\d+)\s*(?:件|条|个)")
REVIEWS = re.compile(r"行政复议\s*(\d+)\s*(?:起|件|次)|(\d+)\s*(?:起|件|次)[^。；;\d、，,]{0,30}?行政复议")
LAWSUITS = re.compile(r"行政诉讼\s*(\d+)\s*(?:起|件|次)|(\d+)\s*(?:起|件|次)[^。；;\d、，,]{0,30}?行政诉讼")


def narrative_findings(text: str, tables: Tables) -> list[Finding]:
    """Return a warning for each prose count of applications, 复议 or 诉讼 that matches no table figure."""
    findings: list[Finding] = []
    prose = re.split(r"三[、.．]\s*收到和处理政府信息公开申请", text, maxsplit=1)[0]
    t3, t4 = tables.get("t3", {}), tables.get("t4", {}).get("count")
    if t3:
        new = t3.get("new_received", [0] * 7)[-1]
        carried = t3.get("carried_over", [0] * 7)[-1]
        answered = t3.get("result_total", [0] * 7)[-1]
        for match in APPLICATIONS.finditer(prose):
            stated = int(match.group(1))
            if stated not in (new, new + carried, answered):
                findings.append(Finding("narrative_applications", "warning",
                                        f"正文“{match.group(0)}”与表格不一致：本年新收{new}件，上年结转{carried}件，"
                                        f"办结{answered}件。"))
    if t4:
        for pattern, total, label in ((REVIEWS, t4[4], "行政复议"), (LAWSUITS, t4[9] + t4[14], "行政诉讼")):
            for match in pattern.finditer(prose):
                stated = int(match.group(1) or match.group(2))
                if stated != total:
                    findings.append(Finding(f"narrative_{'reviews' if label == '行政复议' else 'lawsuits'}", "warning",
                                            f"正文“{match.group(0)}”与第四部分表格（{label}总计{total}件）不一致。"))
    return findings
