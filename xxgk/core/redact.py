"""Remove personal data from a public exchange before it is published. Pure."""

import re

from .scan import CARD, DIGITS, MOBILE

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}[- ]?\d{7,8})(?!\d)")


def redact_personal(text: str, *, names: tuple[str, ...] = ()) -> str:
    """Return `text` with identity numbers, phone numbers, e-mail addresses, card numbers and the given names masked."""
    out = DIGITS.sub(lambda m: m.group(1)[:6] + "*" * 12, text)
    out = MOBILE.sub(lambda m: m.group(1)[:3] + "****" + m.group(1)[-4:], out)
    out = LANDLINE.sub("****", out)
    out = CARD.sub(lambda m: "*" * len(m.group(1)) if len(re.sub(r"\D", "", m.group(1))) >= 16 else m.group(1), out)
    out = EMAIL.sub("****@****", out)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        out = out.replace(name, name[0] + "*" * (len(name) - 1))
    return out


def completion_rate(answered: int, valid: int) -> float:
    """Return 办结率 in percent with one decimal (100.0 when nothing valid was received)."""
    return 100.0 if valid == 0 else round(answered * 100 / valid, 1)
