"""The pre-publication scan (保密审查辅助): secrecy markings, personal data, forbidden words. Pure.

A secrecy marking is the classification mark of a document (秘密★1年 at its head, or 机密 alone
on a line), not every mention of the words: a notice that says 保守国家秘密 is not blocked.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .id_number import id_number_problem

MARKING = re.compile(r"^\s*[（(【\[]?\s*(绝\s*密|机\s*密|秘\s*密)\s*(?:[★☆*＊]\s*(?:\d+\s*(?:年|个月|月)|长期)?|[）)】\]])?"
                     r"\s*(?:[（(]?\s*\d+\s*(?:年|个月|月)\s*[）)]?)?\s*$")
MARKING_WITH_STAR = re.compile(r"(绝密|机密|秘密)\s*[★☆*＊]\s*(?:\d+\s*(?:年|个月|月)|长期)?")
INTERNAL = re.compile(r"^\s*(内部资料|内部文件|注意保存|内部资料[，,\s]*注意保存)\s*$")
DIGITS = re.compile(r"(?<![\dXx])(\d{17}[\dXx])(?![\dXx])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
CARD = re.compile(r"(?<!\d)((?:\d[ -]?){15,18}\d)(?!\d)")


@dataclass(frozen=True)
class ScanFinding:
    """One thing the reviewer must resolve or accept: its kind, the text found, and where it is."""

    kind: str
    text: str
    where: str

    @property
    def blocking(self) -> bool:
        return self.kind == "secrecy_marking"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "where": self.where}


def luhn_valid(number: str) -> bool:
    """Return True when the digits pass the Luhn check (bank card numbers do)."""
    total, double = 0, False
    for ch in reversed(number):
        d = int(ch)
        if double:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
        double = not double
    return total % 10 == 0


def scan_text(segments: Iterable[tuple[str, str]], *, words: Iterable[str] = (),
              patterns: dict[str, str] | None = None) -> list[ScanFinding]:
    """Scan (where, text) segments; each line of a segment is located as 'where 第N行'."""
    findings: list[ScanFinding] = []
    words = [w for w in (w.strip() for w in words) if w]
    compiled = {name: re.compile(p) for name, p in (patterns or {}).items()}
    for where, text in segments:
        for number, line in enumerate(text.splitlines(), start=1):
            place = f"{where}第{number}行"
            stripped = line.strip()
            if not stripped:
                continue
            if MARKING.match(stripped) or (MARKING_WITH_STAR.search(stripped) and len(stripped) <= 30):
                findings.append(ScanFinding("secrecy_marking", stripped, place))
            elif INTERNAL.match(stripped):
                findings.append(ScanFinding("secrecy_marking", stripped, place))
            ids = set()
            for match in DIGITS.finditer(line):
                if id_number_problem(match.group(1)) is None:
                    ids.add(match.group(1))
                    findings.append(ScanFinding("id_number", match.group(1), place))
            for match in MOBILE.finditer(line):
                findings.append(ScanFinding("mobile", match.group(1), place))
            for match in CARD.finditer(line):
                digits = re.sub(r"\D", "", match.group(1))
                if 16 <= len(digits) <= 19 and digits not in ids and luhn_valid(digits):
                    findings.append(ScanFinding("bank_card", match.group(1), place))
            for word in words:
                if word in line:
                    findings.append(ScanFinding("word", word, place))
            for name, pattern in compiled.items():
                for match in pattern.finditer(line):
                    findings.append(ScanFinding(name, match.group(0), place))
    return findings
