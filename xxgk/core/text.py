"""Decode text files as Chinese offices save them. Pure."""

ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 (with or without BOM), then GBK/GB18030 from Excel and Windows


def decode_chinese_text(data: bytes) -> str | None:
    """Return the text of UTF-8 or GB18030 bytes, or None when neither decodes it."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
