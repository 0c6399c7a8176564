"""统一社会信用代码 (GB 32100-2015): structure and check-character validation."""

from dataclasses import dataclass

# The code's alphabet: digits and capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


@dataclass(frozen=True)
class CreditCodeProblem:
    """Why a code is not valid, as a complete Chinese sentence."""

    message: str


def credit_check_char(first17: str) -> str:
    """Return the 18th (check) character for the first 17 characters of a credit code."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(code: str) -> str:
    """Return the code stripped of spaces and upper-cased (users type both cases)."""
    return "".join(code.split()).upper()


def credit_code_problem(code: str) -> CreditCodeProblem | None:
    """Return None for a valid code, else the problem; the code should be normalized first."""
    if len(code) != LENGTH:
        return CreditCodeProblem(f"统一社会信用代码应为18位，您输入的是{len(code)}位。")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        return CreditCodeProblem(
            f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、S、V、Z 及小写字母以外的符号）。"
        )
    if not code[2:8].isdigit():
        return CreditCodeProblem("统一社会信用代码第3至8位应为行政区划代码（6位数字）。")
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return CreditCodeProblem(
            f"统一社会信用代码校验位错误：按前17位计算，第18位应为“{expected}”，而不是“{code[17]}”，请核对后重新输入。"
        )
    return None


def is_valid_credit_code(code: str) -> bool:
    """Return True when the (normalized) code passes the structure and check-character test."""
    return credit_code_problem(code) is None


def make_credit_code(first17: str) -> str:
    """Return a full code by appending the check character to 17 valid characters."""
    return first17 + credit_check_char(first17)
