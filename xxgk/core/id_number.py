"""居民身份证号码 (GB 11643-1999): 18-digit number with its check digit."""

from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """Return the check character (0-9 or X) for the first 17 digits."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def id_number_problem(number: str) -> str | None:
    """Return None for a valid 18-digit ID number, else a Chinese sentence saying what is wrong."""
    number = number.strip().upper()
    if len(number) != 18:
        return f"居民身份证号码应为18位，您输入的是{len(number)}位。"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "居民身份证号码前17位应为数字，最后一位为数字或X。"
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期无效，请核对。"
    if id_check_char(number[:17]) != number[17]:
        return "居民身份证号码校验位错误，请核对后重新输入。"
    return None


def mask_id_number(number: str) -> str:
    """Return the number with all but the first 3 and last 2 characters hidden."""
    if len(number) <= 5:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 5) + number[-2:]
